"""Dated snapshots of a project's metrics (the ``metrics`` collection), kept
by the project-metrics flow for reports and for the record of what was
published when."""
from pymongo import DESCENDING

METRICS = "metrics"


def ensure_snapshot_indexes(database):
    database[METRICS].create_index([("project_id", 1), ("period.from", 1), ("period.to", 1),
                                    ("computed_at", DESCENDING)])


def latest_snapshot(database, project_id, date_from, date_to):
    return database[METRICS].find_one(
        {"project_id": project_id, "period.from": date_from.isoformat(), "period.to": date_to.isoformat()},
        sort=[("computed_at", DESCENDING)])
