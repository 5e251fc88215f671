"""Group work metrics: groups, distinct participants, sessions and hours,
the participants' composition (Taulukko 3), Elämänhallinta ja osallisuus
item means at start and end and their paired change (the reverse-scored
item turned round), and feedback means."""
from services.reporting.event_store import EVENTS
from services.shared import definitions

from flows.metrics.paired import change_entry, paired_stages
from flows.metrics.scope import in_scope, mean

COMPOSITION = ("gender", "labour_market_status", "primary_reason", "referred_by")


def _scored_answers():
    """answers with reverse items as 6 - answer, as an $objectToArray array."""
    scale = definitions.get("life_management_survey")["scale"]
    reverse = [item["code"] for item in definitions.survey_items() if item.get("reverse")]
    flip = scale["min"] + scale["max"]
    return {"$map": {"input": {"$objectToArray": "$payload.answers"}, "in": {
        "k": "$$this.k",
        "v": {"$cond": [{"$in": ["$$this.k", reverse]}, {"$subtract": [flip, "$$this.v"]}, "$$this.v"]}}}}


def groups_metrics(database, partners, date_from, date_to):
    events = database[EVENTS]
    counts = {p: {"groups": 0, "participants": 0, "sessions": 0, "minutes": 0, "lives_alone": 0,
                  **{name: {} for name in COMPOSITION}, "survey": {"start": {}, "end": {}}, "change": {},
                  "feedback": {}} for p in partners}
    for row in events.aggregate([
            {"$match": in_scope(["groups.group_started", "groups.session_held"], partners, date_from, date_to)},
            {"$group": {"_id": {"p": "$partner_id", "t": "$event_type"}, "n": {"$sum": 1},
                        "minutes": {"$sum": {"$ifNull": ["$payload.duration_minutes", 0]}}}}]):
        entry = counts[row["_id"]["p"]]
        if row["_id"]["t"] == "groups.group_started":
            entry["groups"] = row["n"]
        else:
            entry["sessions"], entry["minutes"] = row["n"], row["minutes"]
    # A client enrolled in two groups of a partner is one participant.
    facets = next(events.aggregate([
        {"$match": in_scope("groups.participant_enrolled", partners, date_from, date_to)},
        {"$group": {"_id": {"p": "$partner_id", "c": "$payload.client"}, "person": {"$last": "$payload"}}},
        {"$facet": {
            "total": [{"$group": {"_id": "$_id.p", "n": {"$sum": 1},
                                  "alone": {"$sum": {"$cond": ["$person.lives_alone", 1, 0]}}}}],
            **{name: [{"$group": {"_id": {"p": "$_id.p", "k": f"$person.{name}"}, "n": {"$sum": 1}}}]
               for name in COMPOSITION},
        }},
    ]))
    for row in facets["total"]:
        counts[row["_id"]].update(participants=row["n"], lives_alone=row["alone"])
    for name in COMPOSITION:
        for row in facets[name]:
            counts[row["_id"]["p"]][name][row["_id"]["k"]] = row["n"]
    surveys = in_scope("groups.survey_submitted", partners, date_from, date_to)
    for row in events.aggregate([
            {"$match": surveys},
            {"$project": {"partner_id": 1, "phase": "$payload.phase", "answers": _scored_answers()}},
            {"$unwind": "$answers"},
            {"$group": {"_id": {"p": "$partner_id", "phase": "$phase", "item": "$answers.k"},
                        "sum": {"$sum": "$answers.v"}, "n": {"$sum": 1}}}]):
        counts[row["_id"]["p"]]["survey"][row["_id"]["phase"]][row["_id"]["item"]] = (row["sum"], row["n"])
    changes = list(events.aggregate([
        {"$match": {**surveys, "payload.client": {"$ne": None}}},
        {"$project": {"partner_id": 1, "group": "$payload.group_id", "client": "$payload.client",
                      "phase": "$payload.phase", "scored": {"$arrayToObject": _scored_answers()}}},
        {"$group": {"_id": {"p": "$partner_id", "g": "$group", "c": "$client"},
                    "before": {"$max": {"$cond": [{"$eq": ["$phase", "start"]}, "$scored", None]}},
                    "after": {"$max": {"$cond": [{"$eq": ["$phase", "end"]}, "$scored", None]}}}},
        {"$match": {"before": {"$ne": None}, "after": {"$ne": None}}},
        *paired_stages(["p"]),
    ]))
    for row in changes:
        counts[row["_id"]["p"]]["change"][row["_id"]["item"]] = change_entry(row)
    for row in events.aggregate([
            {"$match": in_scope("groups.feedback_submitted", partners, date_from, date_to)},
            {"$project": {"partner_id": 1, "ratings": {"$objectToArray": "$payload.ratings"}}},
            {"$unwind": "$ratings"},
            {"$group": {"_id": {"p": "$partner_id", "item": "$ratings.k"}, "sum": {"$sum": "$ratings.v"},
                        "n": {"$sum": 1}}}]):
        counts[row["_id"]["p"]]["feedback"][row["_id"]["item"]] = (row["sum"], row["n"])
    project = _merge(counts.values(), changes)
    return {"regions": {p: _finish(v) for p, v in counts.items()}, "project": _finish(project)}


def _add(target, source):
    for key, value in source.items():
        if isinstance(value, tuple):
            old = target.get(key, (0, 0))
            target[key] = (old[0] + value[0], old[1] + value[1])
        else:
            target[key] = target.get(key, 0) + value


def _merge(regions, change_rows):
    total = {"groups": 0, "participants": 0, "sessions": 0, "minutes": 0, "lives_alone": 0,
             **{name: {} for name in COMPOSITION}, "survey": {"start": {}, "end": {}}, "change": {}, "feedback": {}}
    for entry in regions:
        for key in ("groups", "participants", "sessions", "minutes", "lives_alone"):
            total[key] += entry[key]
        for name in COMPOSITION:
            _add(total[name], entry[name])
        for phase in ("start", "end"):
            _add(total["survey"][phase], entry["survey"][phase])
        _add(total["feedback"], entry["feedback"])
    pooled = {}
    for row in change_rows:
        _add(pooled, {row["_id"]["item"]: (row["mean"] * row["n"], row["n"])})
    total["change"] = {item: change_entry({"mean": s / n, "n": n}) for item, (s, n) in pooled.items()}
    return total


def _means(sums):
    return {item: {"mean": mean(s, n), "n": n} for item, (s, n) in sorted(sums.items())}


def _finish(raw):
    items = [item["code"] for item in definitions.survey_items()]
    return {
        "groups": raw["groups"], "participants": raw["participants"], "sessions": raw["sessions"],
        "group_hours": round(raw["minutes"] / 60, 1),
        "composition": {"lives_alone": raw["lives_alone"], **{name: dict(sorted(raw[name].items()))
                                                            for name in COMPOSITION}},
        "survey": {phase: {item: v for item, v in _means(raw["survey"][phase]).items()} for phase in ("start", "end")},
        "survey_change": {item: raw["change"][item] for item in items if item in raw["change"]},
        "feedback": _means(raw["feedback"]),
    }
