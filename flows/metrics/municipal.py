"""Figures of one municipality for a year, for its social report
(sosiaalinen raportti): outreach volumes and topics against the year
before, the observations workers recorded, and group work."""
from datetime import date

from services.reporting.event_store import EVENTS
from services.shared import codelists

from flows.metrics.scope import in_scope, ratio, voided_visits


def _outreach(database, partners, municipality, year, voided):
    match = in_scope("outreach.visit_recorded", partners, date(year, 1, 1), date(year, 12, 31))
    match.update({"payload.municipality": municipality, "payload.visit_id": {"$nin": voided}})
    facets = next(database[EVENTS].aggregate([
        {"$match": match},
        {"$facet": {
            "totals": [{"$group": {"_id": None, "visits": {"$sum": 1},
                                   "contacts": {"$sum": "$payload.people_contacted"}}}],
            "topics": [{"$unwind": "$payload.topics"}, {"$group": {"_id": "$payload.topics", "n": {"$sum": 1}}}],
            "observations": [{"$match": {"payload.observations": {"$nin": ["", None]}}},
                             {"$sort": {"payload.visit_date": 1}},
                             {"$project": {"_id": 0, "date": "$payload.visit_date", "venue": "$payload.venue",
                                           "text": "$payload.observations"}}],
        }},
    ]))
    totals = facets["totals"][0] if facets["totals"] else {"visits": 0, "contacts": 0}
    topics = {row["_id"]: row["n"] for row in facets["topics"]}
    return {"visits": totals["visits"], "contacts": totals["contacts"],
            "topics": {code: topics.get(code, 0) for code in codelists.get("outreach_topics").codes},
            "observations": facets["observations"]}


def _groups(database, partners, municipality, year):
    started = list(database[EVENTS].find(
        {**in_scope("groups.group_started", partners, date(year, 1, 1), date(year, 12, 31)),
         "payload.municipality": municipality},
        {"payload.group_id": 1, "payload.name": 1, "payload.activity": 1}))
    ids = [event["payload"]["group_id"] for event in started]
    counts = {row["_id"]: row for row in database[EVENTS].aggregate([
        {"$match": {"event_type": {"$in": ["groups.participant_enrolled", "groups.session_held"]},
                    "payload.group_id": {"$in": ids}}},
        {"$group": {"_id": "$payload.group_id",
                    "participants": {"$sum": {"$cond": [{"$eq": ["$event_type", "groups.participant_enrolled"]}, 1, 0]}},
                    "sessions": {"$sum": {"$cond": [{"$eq": ["$event_type", "groups.session_held"]}, 1, 0]}}}},
    ])}
    return [{"name": event["payload"]["name"], "activity": event["payload"]["activity"],
             "participants": counts.get(event["payload"]["group_id"], {}).get("participants", 0),
             "sessions": counts.get(event["payload"]["group_id"], {}).get("sessions", 0)} for event in started]


def municipal_figures(database, partners, municipality, year):
    voided = voided_visits(database, partners)
    this, before = (_outreach(database, partners, municipality, y, voided) for y in (year, year - 1))
    topics = [{"topic": code, "visits": this["topics"][code], "share": ratio(this["topics"][code], this["visits"]),
               "previous_visits": before["topics"][code],
               "previous_share": ratio(before["topics"][code], before["visits"]),
               "change": this["topics"][code] - before["topics"][code]} for code in this["topics"]]
    return {
        "municipality": municipality, "year": year,
        "outreach": {"visits": this["visits"], "contacts": this["contacts"],
                     "previous_visits": before["visits"], "previous_contacts": before["contacts"]},
        "topics": topics,
        "observations": this["observations"],
        "groups": _groups(database, partners, municipality, year),
    }
