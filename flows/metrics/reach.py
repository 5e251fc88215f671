"""The project's reach: distinct clients (assessment ∪ groups) and distinct
workers in the period, against the project's targets. A pseudonym belongs
to its partner, so people are counted as (partner, pseudonym)."""
from services.reporting.received import CLIENT_FIELDS, WORKER_FIELDS, distinct_people

from flows.metrics.scope import in_scope, ratio, voided_visits


def reach_metrics(database, partners, date_from, date_to, targets):
    counts = {}
    # A voided visit reached nobody; other event types have no visit_id.
    not_voided = {"payload.visit_id": {"$nin": voided_visits(database, partners)}}
    for kind, fields in (("clients", CLIENT_FIELDS), ("workers", WORKER_FIELDS)):
        found = distinct_people(database, fields, {**in_scope(list(fields), partners, date_from, date_to),
                                                   **not_voided})
        counts[kind] = {p: found.get(p, 0) for p in partners}
    totals = {kind: sum(values.values()) for kind, values in counts.items()}
    return {
        "regions": {p: {"clients": counts["clients"][p], "workers": counts["workers"][p]} for p in partners},
        "project": {**totals, "targets": targets,
                    "attainment": {kind: ratio(totals[kind], targets.get(kind)) for kind in totals}},
    }
