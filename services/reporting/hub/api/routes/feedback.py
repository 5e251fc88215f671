"""Client feedback per calendar quarter of the project (PRO SOS
asiakaspalaute): the trend of links, answers, the response rate and item
means. Each quarter is the quarter's metrics as the caller may read them
(a partner: its own region published, and the project totals protected as
for /metrics), so the trend shows nothing /metrics would not."""
from fastapi import APIRouter
from fastapi.responses import Response

from services.reporting.disclosure import grid_periods
from services.reporting.hub.api.deps import Metrics
from services.reporting.hub.api.routes.projects import Caller, ProjectId, partner_answer, project_for

router = APIRouter(prefix="/projects", tags=["projects"])


def _quarter(view):
    return {"period": view["period"],
            "project": view["project"]["feedback"] if view.get("project") else None,
            "regions": {partner: part["feedback"] for partner, part in view["regions"].items()}}


@router.get("/{project_id}/feedback")
def feedback_by_quarter(project_id: ProjectId, principal: Caller, cache: Metrics):
    """{"quarters": [{"period", "project": feedback or null, "regions":
    {partner: feedback}}]}: each calendar quarter of the project period."""
    project = project_for(project_id, principal)
    whole, quarters = grid_periods(project)
    entries = [cache.snapshot(project, *quarter) for quarter in quarters]
    newest = cache.snapshot(project, *whole)

    def render():
        if principal.is_coordinator:
            views = [entry["snapshot"] for entry in entries]
        else:
            views = [partner_answer(cache, project, entry, principal.partner, *quarter)
                     for entry, quarter in zip(entries, quarters)]
        return {"project_id": project["id"], "read_models": newest["snapshot"]["read_models"],
                "suppressed": not principal.is_coordinator, "quarters": [_quarter(view) for view in views]}

    viewer = None if principal.is_coordinator else principal.partner
    return Response(cache.body(newest, ("feedback", viewer), render), media_type="application/json")
