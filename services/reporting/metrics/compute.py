"""Every metric of a project for a period, project-wide and per region, as
one snapshot, from the read models."""
from services.shared.envelope import utcnow

from services.reporting.metrics.assessment import assessment_metrics
from services.reporting.metrics.feedback import feedback_metrics
from services.reporting.metrics.groups import groups_metrics
from services.reporting.metrics.outreach import outreach_metrics
from services.reporting.metrics.reach import reach_metrics, with_targets
from services.reporting.readmodels.query import read_models_meta, period_counters, summed

DOMAINS = {"outreach": outreach_metrics, "assessment": assessment_metrics, "groups": groups_metrics,
           "feedback": feedback_metrics, "reach": reach_metrics}


def resolve_period(project, date_from=None, date_to=None):
    return date_from or project["period"]["date_from"], date_to or project["period"]["date_to"]


def metrics_of(counters):
    return {name: metric(counters) for name, metric in DOMAINS.items()}


def compute_metrics(database, project, date_from=None, date_to=None, buckets=None):
    """The snapshot: per region and for the project (the regions summed),
    stamped with the read models' version it was computed from. ``buckets``
    reads other bucket documents than the stored ones (the consistency
    check's rebuild in memory)."""
    date_from, date_to = resolve_period(project, date_from, date_to)
    partners = [p["id"] for p in project["partners"]]
    meta = read_models_meta(database)
    counters = period_counters(database, partners, date_from, date_to, meta, buckets)
    project_part = metrics_of(summed(counters.values()))
    project_part["reach"] = with_targets(project_part["reach"], project["targets"])
    return {
        "project_id": project["id"],
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "computed_at": utcnow(),
        "read_models": {"generation": meta["generation"], "version": meta["version"], "epoch": meta.get("epoch")},
        "project": project_part,
        "regions": {p: metrics_of(counters[p]) for p in partners},
    }
