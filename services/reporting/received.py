"""What the centre has received, per partner, over all time: the tables ops
and the demo check deliveries with. Read from the read models' all-time
counters (never from the event log); the project metrics with periods,
targets and suppression are in ``metrics``."""
from services.reporting.metrics.assessment import assessment_metrics
from services.reporting.metrics.groups import groups_metrics
from services.reporting.metrics.outreach import outreach_metrics
from services.reporting.metrics.reach import reach_metrics
from services.reporting.readmodels.buckets import decode_key
from services.reporting.readmodels.query import all_time_counters, sub
from services.reporting.readmodels.store import read_meta


def _by_partner(database):
    meta = read_meta(database)
    return {} if meta is None else dict(sorted(all_time_counters(database, meta).items()))


def _total(rows, keys):
    return {key: sum(row[key] for row in rows) for key in keys}


def outreach_totals(database):
    partners, voided = [], 0
    for partner, (counters, _) in _by_partner(database).items():
        outreach = outreach_metrics(counters)
        partners.append({"partner_id": partner, "visits": outreach["visits"], "contacts": outreach["contacts"],
                         "people_present": outreach["people_present"]})
        voided += counters.get("v.voided", 0)  # visits their own partner voided, each once
    return {"partners": partners, "total": _total(partners, ("visits", "contacts", "people_present")),
            "voided": voided}


def assessment_totals(database):
    """Per partner and instrument: Taulukko 2 as received."""
    rows = []
    for partner, (counters, _) in _by_partner(database).items():
        for instrument, counts in assessment_metrics(counters)["instruments"].items():
            table = {key: counts[key] for key in ("round_1", "form_1", "round_2", "form_2")}
            if any(table.values()):
                rows.append({"partner_id": partner, "instrument": instrument, **table})
    return {"rows": sorted(rows, key=lambda row: (row["partner_id"], row["instrument"]))}


def groups_totals(database):
    """Per partner: groups started, distinct participants, sessions held and
    group hours."""
    partners = []
    for partner, (counters, _) in _by_partner(database).items():
        groups = groups_metrics(counters)
        if groups["groups"] or groups["participants"] or groups["sessions"]:
            partners.append({"partner_id": partner, **{key: groups[key] for key in
                                                       ("groups", "participants", "sessions", "group_hours")}})
    total = _total(partners, ("groups", "participants", "sessions"))
    total["group_hours"] = round(sum(p["group_hours"] for p in partners), 1)
    return {"partners": partners, "total": total}


def reach(database):
    """Distinct clients (assessment ∪ groups) and workers per partner."""
    partners = [{"partner_id": partner, **reach_metrics(counters)}
                for partner, (counters, _) in _by_partner(database).items()]
    return {"partners": partners, "total": _total(partners, ("clients", "workers"))}


def event_counts(database):
    """Events stored per partner and type, and when the last one arrived."""
    partners = []
    for partner, (counters, last) in _by_partner(database).items():
        by_type = [{"event_type": decode_key(key), "count": n} for key, n in sorted(sub(counters, "e").items())]
        partners.append({"partner_id": partner, "total": sum(row["count"] for row in by_type),
                         "last_received_at": last, "by_type": by_type})
    return partners
