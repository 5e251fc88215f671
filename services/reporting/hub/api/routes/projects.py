"""Projects, their metrics and reports. The coordinator reads everything
unsuppressed; a partner reads its own region and the project totals in
their published (suppressed) form, and the reports of its region and
municipalities (routes/reports.py)."""
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from services.reporting.metrics.compute import compute_metrics, resolve_period
from services.reporting.metrics.snapshots import latest_snapshot
from services.reporting.projects import UnknownProject, load_project, project_ids
from services.reporting.disclosure import published
from services.reporting.hub.api.deps import CentreDb, current_principal
from services.shared.auth import Principal

router = APIRouter(prefix="/projects", tags=["projects"])
Caller = Annotated[Principal, Depends(current_principal)]
FromDate = Annotated[date | None, Query(alias="from", description="First day (default: the project's start)")]
ToDate = Annotated[date | None, Query(alias="to", description="Last day (default: the project's end)")]


def project_for(project_id, principal):
    try:
        project = load_project(project_id)
    except UnknownProject:
        raise HTTPException(404, f"No project {project_id}.")
    if not principal.is_coordinator and principal.partner not in {p["id"] for p in project["partners"]}:
        raise HTTPException(403, "Your organisation is not a partner of this project.")
    return project


def period_of(project, date_from, date_to):
    start, end = resolve_period(project, date_from, date_to)
    if start > end:
        raise HTTPException(422, "'to' must not be before 'from'.")
    return start, end


@router.get("")
def list_projects(principal: Caller):
    projects = [load_project(pid) for pid in project_ids()]
    visible = [p for p in projects if principal.is_coordinator
               or principal.partner in {partner["id"] for partner in p["partners"]}]
    return [{"id": p["id"], "name": p["name"],
             "period": {"from": p["period"]["date_from"], "to": p["period"]["date_to"]}, "targets": p["targets"],
             "partners": p["partners"]} for p in visible]


@router.get("/{project_id}/metrics")
def project_metrics(project_id: str, db: CentreDb, principal: Caller, date_from: FromDate = None,
                    date_to: ToDate = None):
    """The latest snapshot of the period, or metrics computed now when the
    flows have not stored one yet."""
    project = project_for(project_id, principal)
    start, end = period_of(project, date_from, date_to)
    snapshot = latest_snapshot(db, project_id, start, end)
    source = "snapshot"
    if snapshot is None:
        snapshot, source = compute_metrics(db, project, start, end), "computed"
    snapshot = {key: value for key, value in snapshot.items() if key != "_id"}
    if principal.is_coordinator:
        return JSONResponse(jsonable_encoder({**snapshot, "source": source, "suppressed": False}))
    public = published(snapshot)
    public["regions"] = {principal.partner: public["regions"][principal.partner]}
    return JSONResponse(jsonable_encoder({**public, "source": source, "suppressed": True}))
