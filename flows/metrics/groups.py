"""Group work metrics: groups, distinct participants, sessions and hours,
the participants' composition (Taulukko 3), Elämänhallinta ja osallisuus
item means at start and end and their paired change (the reverse-scored
item turned round), and feedback means."""
from services.reporting.event_store import EVENTS
from services.shared import definitions

from flows.metrics.paired import change_entry, pooled
from flows.metrics.scope import in_scope, mean

COMPOSITION = ("gender", "labour_market_status", "primary_reason", "referred_by")


def _reverse_items():
    return {item["code"] for item in definitions.survey_items() if item.get("reverse")}


def _flip():
    scale = definitions.get("life_management_survey")["scale"]
    return scale["min"] + scale["max"]


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
    # One pass over the answers gives both the phase means and the paired
    # change (subjects with one start and one end survey). Raw answers are
    # summed in the database; a reverse-scored item's mean is then
    # flip - mean and its change the negated change (both linear). Per
    # survey s = 1 at the start, 0 at the end and sign = -1 / +1 are set
    # once, so that each answer costs only field paths and a multiplication:
    # the server's expression evaluation is what dominates.
    reverse, flip = _reverse_items(), _flip()
    is_start = {"$eq": ["$payload.phase", "start"]}
    paired = {"$and": [{"$ne": ["$_id.c", None]}, {"$eq": ["$starts", 1]}, {"$eq": ["$answers", 2]}]}
    rows = list(events.aggregate([
        {"$match": in_scope("groups.survey_submitted", partners, date_from, date_to)},
        {"$project": {"partner_id": 1, "payload.group_id": 1, "payload.client": 1,
                      "s": {"$cond": [is_start, 1, 0]}, "sign": {"$cond": [is_start, -1, 1]},
                      "answers": {"$objectToArray": "$payload.answers"}}},
        {"$unwind": "$answers"},
        {"$group": {"_id": {"p": "$partner_id", "g": "$payload.group_id", "c": "$payload.client",
                            "item": "$answers.k"},
                    "total": {"$sum": "$answers.v"}, "before": {"$sum": {"$multiply": ["$answers.v", "$s"]}},
                    "diff": {"$sum": {"$multiply": ["$answers.v", "$sign"]}},
                    "starts": {"$sum": "$s"}, "answers": {"$sum": 1}}},
        {"$group": {"_id": {"p": "$_id.p", "item": "$_id.item"},
                    "start_sum": {"$sum": "$before"}, "start_n": {"$sum": "$starts"},
                    "total": {"$sum": "$total"}, "all_n": {"$sum": "$answers"},
                    "sum": {"$sum": {"$cond": [paired, "$diff", 0]}},
                    "n": {"$sum": {"$cond": [paired, 1, 0]}}}},
    ]))
    for row in rows:
        row["end_sum"], row["end_n"] = row["total"] - row["start_sum"], row["all_n"] - row["start_n"]
    changes = [row for row in rows if row["n"]]
    for row in rows:
        entry, item = counts[row["_id"]["p"]], row["_id"]["item"]
        for phase in ("start", "end"):
            total, n = row[f"{phase}_sum"], row[f"{phase}_n"]
            if n:
                entry["survey"][phase][item] = (flip * n - total if item in reverse else total, n)
        if row["n"]:
            entry["change"][item] = change_entry(row, -1 if item in reverse else 1)
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
    reverse = _reverse_items()
    total["change"] = {item: change_entry(entry, -1 if item in reverse else 1)
                       for item, entry in pooled(change_rows, lambda r: r["_id"]["item"]).items()}
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
