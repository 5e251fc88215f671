"""Outreach metrics: visits, contacts, people present, nature and topics of
the visits, venues, and how the visits felt (ISO SOS Taulukko 4, Kuvio 3-5)."""
from services.reporting.event_store import EVENTS
from services.shared import codelists

from flows.metrics.scope import in_scope, mean, ratio, voided_visits

TOP_VENUES = 10


def outreach_metrics(database, partners, date_from, date_to):
    """{"regions": {partner: metrics}, "project": metrics}."""
    finance = codelists.get("outreach_topics").codes_where("finance_related")
    match = in_scope("outreach.visit_recorded", partners, date_from, date_to)
    match["payload.visit_id"] = {"$nin": voided_visits(database, partners)}
    facets = next(database[EVENTS].aggregate([
        {"$match": match},
        {"$facet": {
            "totals": [{"$group": {
                "_id": "$partner_id", "visits": {"$sum": 1},
                "contacts": {"$sum": "$payload.people_contacted"},
                "people_present": {"$sum": "$payload.people_present"},
                "worker_rating_sum": {"$sum": "$payload.worker_rating"},
                "suitable": {"$sum": {"$cond": [{"$gte": ["$payload.suitability_rating", 4]}, 1, 0]}},
                "finance": {"$sum": {"$cond": [
                    {"$gt": [{"$size": {"$setIntersection": ["$payload.topics", finance]}}, 0]}, 1, 0]}},
            }}],
            "nature": [{"$group": {"_id": {"p": "$partner_id", "k": "$payload.nature"}, "n": {"$sum": 1}}}],
            "topics": [{"$unwind": "$payload.topics"},
                       {"$group": {"_id": {"p": "$partner_id", "k": "$payload.topics"}, "n": {"$sum": 1}}}],
            "venues": [{"$group": {"_id": {"p": "$partner_id", "k": "$payload.venue"}, "n": {"$sum": 1}}}],
        }},
    ]))
    raw = {partner: {"visits": 0, "contacts": 0, "people_present": 0, "worker_rating_sum": 0, "suitable": 0,
                     "finance": 0, "nature": {}, "topics": {}, "venues": {}} for partner in partners}
    for row in facets["totals"]:
        raw[row["_id"]].update({k: v for k, v in row.items() if k != "_id"})
    for facet in ("nature", "topics", "venues"):
        for row in facets[facet]:
            raw[row["_id"]["p"]][facet][row["_id"]["k"]] = row["n"]
    regions = {partner: _finish(values) for partner, values in raw.items()}
    return {"regions": regions, "project": _finish(_sum(raw.values()))}


def _sum(rows):
    total = {"visits": 0, "contacts": 0, "people_present": 0, "worker_rating_sum": 0, "suitable": 0, "finance": 0,
             "nature": {}, "topics": {}, "venues": {}}
    for row in rows:
        for key in ("visits", "contacts", "people_present", "worker_rating_sum", "suitable", "finance"):
            total[key] += row[key]
        for key in ("nature", "topics", "venues"):
            for code, n in row[key].items():
                total[key][code] = total[key].get(code, 0) + n
    return total


def _finish(raw):
    visits = raw["visits"]
    natures = codelists.get("visit_natures").codes
    topics = codelists.get("outreach_topics").codes
    venues = sorted(raw["venues"].items(), key=lambda item: (-item[1], item[0]))[:TOP_VENUES]
    return {
        "visits": visits,
        "contacts": raw["contacts"],
        "people_present": raw["people_present"],
        "nature": {code: raw["nature"].get(code, 0) for code in natures},
        "topics": {code: {"visits": raw["topics"].get(code, 0), "share": ratio(raw["topics"].get(code, 0), visits)}
                   for code in topics},
        "finance_share": ratio(raw["finance"], visits),
        "top_venues": [{"venue": venue, "visits": n} for venue, n in venues],
        "mean_worker_rating": mean(raw["worker_rating_sum"], visits),
        "suitability_4_or_more_share": ratio(raw["suitable"], visits),
    }
