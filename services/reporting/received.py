"""What the centre has received, per partner, straight from the event store:
the tables ops and the demo check deliveries with (the project metrics with
periods, targets and suppression are computed by flows/). Clients and
workers are pseudonyms of a partner, so they are counted as (partner,
pseudonym) pairs."""
from services.reporting.event_store import EVENTS


def outreach_totals(database):
    voided = database[EVENTS].distinct("payload.visit_id", {"event_type": "outreach.visit_voided"})
    rows = database[EVENTS].aggregate([
        {"$match": {"event_type": "outreach.visit_recorded", "payload.visit_id": {"$nin": voided}}},
        {"$group": {"_id": "$partner_id", "visits": {"$sum": 1},
                    "contacts": {"$sum": "$payload.people_contacted"},
                    "people_present": {"$sum": "$payload.people_present"}}},
        {"$sort": {"_id": 1}},
    ])
    partners = [{"partner_id": row["_id"], "visits": row["visits"], "contacts": row["contacts"],
                 "people_present": row["people_present"]} for row in rows]
    total = {key: sum(p[key] for p in partners) for key in ("visits", "contacts", "people_present")}
    return {"partners": partners, "total": total, "voided": len(voided)}


def measurement_counts(database, match=None):
    """{(partner, instrument): Taulukko 2's columns}: distinct clients
    measured in round 1, forms 1, distinct clients with a later round,
    forms 2, of the events matching ``match``."""
    match = match or {}
    measured = database[EVENTS].aggregate([
        {"$match": {**match, "event_type": "assessment.measurement_recorded"}},
        {"$group": {"_id": {"partner": "$partner_id", "instrument": "$payload.instrument", "client": "$payload.client"},
                    "first": {"$min": "$payload.round"}, "last": {"$max": "$payload.round"}}},
        {"$group": {"_id": {"partner": "$_id.partner", "instrument": "$_id.instrument"},
                    "round_1": {"$sum": {"$cond": [{"$eq": ["$first", 1]}, 1, 0]}},
                    "round_2": {"$sum": {"$cond": [{"$gte": ["$last", 2]}, 1, 0]}}}},
    ])
    forms = database[EVENTS].aggregate([
        {"$match": {**match, "event_type": "assessment.form_submitted"}},
        {"$group": {"_id": {"partner": "$partner_id", "instrument": "$payload.instrument"},
                    "form_1": {"$sum": {"$cond": [{"$eq": ["$payload.form", 1]}, 1, 0]}},
                    "form_2": {"$sum": {"$cond": [{"$eq": ["$payload.form", 2]}, 1, 0]}}}},
    ])
    counts = {}
    for row in list(measured) + list(forms):
        key = (row["_id"]["partner"], row["_id"]["instrument"])
        entry = counts.setdefault(key, {"round_1": 0, "form_1": 0, "round_2": 0, "form_2": 0})
        entry.update({k: v for k, v in row.items() if k != "_id"})
    return counts


def assessment_totals(database):
    """Per partner and instrument: Taulukko 2 as received."""
    counts = measurement_counts(database)
    return {"rows": [{"partner_id": p, "instrument": i, **counts[(p, i)]} for p, i in sorted(counts)]}


def groups_totals(database):
    """Per partner: groups started, distinct participants, sessions held and
    group hours."""
    rows = database[EVENTS].aggregate([
        {"$match": {"event_type": {"$in": ["groups.group_started", "groups.participant_enrolled",
                                           "groups.session_held"]}}},
        {"$group": {
            "_id": "$partner_id",
            "groups": {"$sum": {"$cond": [{"$eq": ["$event_type", "groups.group_started"]}, 1, 0]}},
            "participants": {"$addToSet": {"$cond": [{"$eq": ["$event_type", "groups.participant_enrolled"]},
                                                     "$payload.client", "$$REMOVE"]}},
            "sessions": {"$sum": {"$cond": [{"$eq": ["$event_type", "groups.session_held"]}, 1, 0]}},
            "minutes": {"$sum": {"$cond": [{"$eq": ["$event_type", "groups.session_held"]},
                                           "$payload.duration_minutes", 0]}},
        }},
        {"$sort": {"_id": 1}},
    ])
    partners = [{"partner_id": row["_id"], "groups": row["groups"], "participants": len(row["participants"]),
                 "sessions": row["sessions"], "group_hours": round(row["minutes"] / 60, 1)} for row in rows]
    total = {key: sum(p[key] for p in partners) for key in ("groups", "participants", "sessions")}
    total["group_hours"] = round(sum(p["group_hours"] for p in partners), 1)
    return {"partners": partners, "total": total}


# Where each event type names clients and workers.
CLIENT_FIELDS = {"assessment.client_registered": "client", "assessment.measurement_recorded": "client",
                 "assessment.form_submitted": "client", "groups.participant_enrolled": "client"}
WORKER_FIELDS = {"outreach.visit_recorded": "worker", "assessment.client_registered": "worker",
                 "assessment.measurement_recorded": "worker", "assessment.form_submitted": "worker",
                 "groups.group_started": "facilitators", "groups.session_held": "facilitators"}


def distinct_people(database, fields, match=None):
    """{partner: distinct pseudonyms} named by ``fields`` ({event type:
    payload field}) in the events matching ``match``. One plain pipeline
    per event type (an expression per event costs more than a query); the
    distinct (partner, pseudonym) pairs are united here."""
    people = set()
    for event_type, field in fields.items():
        people.update((row["_id"]["p"], row["_id"]["w"]) for row in database[EVENTS].aggregate([
            {"$match": {**(match or {}), "event_type": event_type}},
            {"$unwind": f"$payload.{field}"},  # facilitators are lists; a plain value unwinds to itself
            {"$group": {"_id": {"p": "$partner_id", "w": f"$payload.{field}"}}},
        ]))
    counts = {}
    for partner, _ in people:
        counts[partner] = counts.get(partner, 0) + 1
    return dict(sorted(counts.items()))


def reach(database):
    """Distinct clients (assessment ∪ groups) and distinct workers per
    partner and in total."""
    clients, workers = distinct_people(database, CLIENT_FIELDS), distinct_people(database, WORKER_FIELDS)
    partners = sorted(set(clients) | set(workers))
    return {"partners": [{"partner_id": p, "clients": clients.get(p, 0), "workers": workers.get(p, 0)} for p in partners],
            "total": {"clients": sum(clients.values()), "workers": sum(workers.values())}}
