"""All metrics of a project and period, as one snapshot."""
from services.reporting.event_store import EVENTS
from services.shared.envelope import utcnow

from flows.metrics.assessment import assessment_metrics
from flows.metrics.groups import groups_metrics
from flows.metrics.outreach import outreach_metrics
from flows.metrics.reach import reach_metrics
from flows.metrics.scope import in_scope
from services.shared.payloads import PAYLOAD_SCHEMAS

DOMAINS = {"outreach": outreach_metrics, "assessment": assessment_metrics, "groups": groups_metrics}


def resolve_period(project, date_from=None, date_to=None):
    return date_from or project["period"]["date_from"], date_to or project["period"]["date_to"]


def events_read(database, partners, date_from, date_to):
    """How many events the period holds, and the newest receipt among them:
    the watermark that tells the next run whether anything is new."""
    types = sorted({event_type for event_type, _ in PAYLOAD_SCHEMAS})
    row = next(database[EVENTS].aggregate([
        {"$match": in_scope(types, partners, date_from, date_to)},
        {"$group": {"_id": None, "n": {"$sum": 1}, "watermark": {"$max": "$received_at"}}},
    ]), None)
    return (row["n"], row["watermark"]) if row else (0, None)


def assemble(project, date_from, date_to, parts, count, watermark):
    """The snapshot document from each domain's {"regions", "project"}."""
    partners = [p["id"] for p in project["partners"]]
    return {
        "project_id": project["id"],
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "computed_at": utcnow(),
        "events_read": count,
        "watermark": watermark,
        "project": {name: part["project"] for name, part in parts.items()},
        "regions": {p: {name: part["regions"][p] for name, part in parts.items()} for p in partners},
    }


def compute_metrics(database, project, date_from=None, date_to=None):
    date_from, date_to = resolve_period(project, date_from, date_to)
    partners = [p["id"] for p in project["partners"]]
    parts = {name: metric(database, partners, date_from, date_to) for name, metric in DOMAINS.items()}
    parts["reach"] = reach_metrics(database, partners, date_from, date_to, project["targets"])
    count, watermark = events_read(database, partners, date_from, date_to)
    return assemble(project, date_from, date_to, parts, count, watermark)
