"""Assessment metrics per instrument (ISO SOS Taulukko 2): clients measured
in round 1, forms 1, clients with a later round, forms 2, retention and
attrition, the paired change per domain, and the clients' profile."""
from services.reporting.event_store import EVENTS
from services.reporting.received import measurement_counts
from services.shared import codelists, definitions

from flows.metrics.paired import change_entry, pooled
from flows.metrics.scope import in_scope, mean, ratio


def _empty_instrument():
    return {"round_1": 0, "form_1": 0, "round_2": 0, "form_2": 0, "change": {}}


def assessment_metrics(database, partners, date_from, date_to):
    instruments = definitions.instrument_codes()
    measured = in_scope("assessment.measurement_recorded", partners, date_from, date_to)
    # Per client and domain: the baseline's score and the last round's.
    changes = database[EVENTS].aggregate([
        {"$match": measured},
        {"$sort": {"payload.round": 1}},
        {"$project": {"partner_id": 1, "payload.instrument": 1, "payload.client": 1, "payload.round": 1,
                      "scores": {"$objectToArray": "$payload.scores"}}},
        {"$unwind": "$scores"},
        {"$group": {"_id": {"p": "$partner_id", "i": "$payload.instrument", "c": "$payload.client",
                            "item": "$scores.k"},
                    "first_round": {"$first": "$payload.round"}, "before": {"$first": "$scores.v"},
                    "last_round": {"$last": "$payload.round"}, "after": {"$last": "$scores.v"}}},
        {"$match": {"first_round": 1, "last_round": {"$gte": 2}}},
        {"$group": {"_id": {"p": "$_id.p", "i": "$_id.i", "item": "$_id.item"},
                    "sum": {"$sum": {"$subtract": ["$after", "$before"]}}, "n": {"$sum": 1}}},
    ])
    regions = {p: {i: _empty_instrument() for i in instruments} for p in partners}
    scope = in_scope(["assessment.measurement_recorded", "assessment.form_submitted"], partners, date_from, date_to)
    for (partner, instrument), counts in measurement_counts(database, scope).items():
        regions[partner][instrument].update(counts)
    raw_changes = list(changes)
    for row in raw_changes:
        regions[row["_id"]["p"]][row["_id"]["i"]]["change"][row["_id"]["item"]] = change_entry(row)
    project = {i: _empty_instrument() for i in instruments}
    for values in regions.values():
        for instrument, counts in values.items():
            for key in ("round_1", "form_1", "round_2", "form_2"):
                project[instrument][key] += counts[key]
    for (instrument, item), entry in pooled(raw_changes, lambda r: (r["_id"]["i"], r["_id"]["item"])).items():
        project[instrument]["change"][item] = change_entry(entry)
    profiles = client_profiles(database, partners, date_from, date_to)
    return {"regions": {p: {"instruments": _finish(v), "clients": profiles["regions"][p]} for p, v in regions.items()},
            "project": {"instruments": _finish(project), "clients": profiles["project"]}}


def _finish(instruments):
    for counts in instruments.values():
        counts["retention"] = ratio(counts["round_2"], counts["round_1"])
        counts["attrition"] = None if counts["retention"] is None else round(1 - counts["retention"], 4)
    return instruments


def client_profiles(database, partners, date_from, date_to):
    """Mean age at registration, share unemployed, mean months out of work
    and gender shares of the clients registered in the period."""
    unemployed = codelists.get("labour_market_statuses").codes_where("unemployed")
    rows = list(database[EVENTS].aggregate([
        {"$match": in_scope("assessment.client_registered", partners, date_from, date_to)},
        {"$group": {
            "_id": {"p": "$partner_id", "g": "$payload.gender"}, "n": {"$sum": 1},
            "age_sum": {"$sum": {"$subtract": [{"$toInt": {"$substrBytes": ["$payload.registered_on", 0, 4]}},
                                               "$payload.birth_year"]}},
            "unemployed": {"$sum": {"$cond": [{"$in": ["$payload.labour_market_status", unemployed]}, 1, 0]}},
            "months_sum": {"$sum": {"$ifNull": ["$payload.out_of_work_months", 0]}},
            "months_n": {"$sum": {"$cond": [{"$eq": [{"$ifNull": ["$payload.out_of_work_months", None]}, None]}, 0, 1]}},
        }},
    ]))
    raw = {p: {"n": 0, "age_sum": 0, "unemployed": 0, "months_sum": 0, "months_n": 0, "genders": {}} for p in partners}
    for row in rows:
        entry = raw[row["_id"]["p"]]
        for key in ("n", "age_sum", "unemployed", "months_sum", "months_n"):
            entry[key] += row[key]
        entry["genders"][row["_id"]["g"]] = row["n"]
    total = {"n": 0, "age_sum": 0, "unemployed": 0, "months_sum": 0, "months_n": 0, "genders": {}}
    for entry in raw.values():
        for key in ("n", "age_sum", "unemployed", "months_sum", "months_n"):
            total[key] += entry[key]
        for gender, n in entry["genders"].items():
            total["genders"][gender] = total["genders"].get(gender, 0) + n
    return {"regions": {p: _profile(v) for p, v in raw.items()}, "project": _profile(total)}


def _profile(raw):
    return {"registered": raw["n"], "mean_age": mean(raw["age_sum"], raw["n"]),
            "unemployed_share": ratio(raw["unemployed"], raw["n"]),
            "mean_months_out_of_work": mean(raw["months_sum"], raw["months_n"]),
            "gender_shares": {g: ratio(n, raw["n"]) for g, n in sorted(raw["genders"].items())}}
