"""The project's reach: distinct clients (assessment ∪ groups) and distinct
workers active in the period, against the project's targets. A pseudonym
belongs to its partner, so people are counted per partner and the
project's figure is the sum."""
from services.reporting.metrics.arithmetic import ratio


def reach_metrics(counters):
    return {"clients": counters.get("r.clients", 0), "workers": counters.get("r.workers", 0)}


def with_targets(reach, targets):
    return {**reach, "targets": targets,
            "attainment": {kind: ratio(reach[kind], targets.get(kind)) for kind in ("clients", "workers")}}
