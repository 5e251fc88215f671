"""Which events a metric reads: the project's partners, within the period.

Every date-only event occurs at 00:00 UTC of its business date (visit date,
measurement date, session date, …), so the period is a range on
``occurred_at``; voids apply whenever they were made."""
from datetime import datetime, time, timedelta, timezone

from services.reporting.event_store import EVENTS


def period_bounds(date_from, date_to):
    start = datetime.combine(date_from, time(0), tzinfo=timezone.utc)
    end = datetime.combine(date_to + timedelta(days=1), time(0), tzinfo=timezone.utc)
    return start, end


def in_scope(event_types, partners, date_from, date_to):
    start, end = period_bounds(date_from, date_to)
    types = [event_types] if isinstance(event_types, str) else list(event_types)
    return {"event_type": {"$in": types}, "partner_id": {"$in": list(partners)},
            "occurred_at": {"$gte": start, "$lt": end}}


def voided_visits(database, partners):
    return database[EVENTS].distinct("payload.visit_id", {"event_type": "outreach.visit_voided",
                                                          "partner_id": {"$in": list(partners)}})


def ratio(part, whole):
    return round(part / whole, 4) if whole else None


def mean(total, count):
    return round(total / count, 2) if count else None
