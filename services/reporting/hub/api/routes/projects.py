"""Projects, their metrics and reports. The coordinator reads everything
unsuppressed; a partner reads its own region and the project totals in
their published (suppressed) form, and the reports of its region and
municipalities."""
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from services.reporting.metrics.compute import compute_metrics, resolve_period
from services.reporting.metrics.snapshots import latest_snapshot
from services.reporting.projects import UnknownProject, load_project, project_ids
from services.reporting.report_store import REPORTS, report_id
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


def _visible_scopes(project, principal):
    if principal.is_coordinator:
        return None
    mine = next(p for p in project["partners"] if p["id"] == principal.partner)
    return {principal.partner, *mine["municipalities"]}


@router.get("/{project_id}/reports")
def list_reports(project_id: str, db: CentreDb, principal: Caller,
                 kind: Literal["region", "social"] | None = None):
    project = project_for(project_id, principal)
    query = {"project_id": project_id, **({"kind": kind} if kind else {})}
    scopes = _visible_scopes(project, principal)
    if scopes is not None:
        query["scope"] = {"$in": sorted(scopes)}
    rows = db[REPORTS].find(query, {"html": 0, "json": 0}).sort([("kind", 1), ("scope", 1), ("language", 1)])
    listed = []
    for row in rows:
        base = f"/api/projects/{project_id}/reports/{row['kind']}/{row['scope']}/{row['language']}" \
               f"?from={row['period']['from']}&to={row['period']['to']}"
        listed.append({"kind": row["kind"], "scope": row["scope"], "language": row["language"],
                       "period": row["period"], "generated_at": row["generated_at"],
                       "html": f"{base}&format=html", "json": f"{base}&format=json",
                       "csv": {table: f"{base}&format=csv&table={table}" for table in sorted(row.get("csv", {}))}})
    return jsonable_encoder(listed)


@router.get("/{project_id}/reports/{kind}/{scope}/{language}")
def get_report(project_id: str, kind: Literal["region", "social"], scope: str, language: Literal["fi", "en"],
               db: CentreDb, principal: Caller, date_from: FromDate = None, date_to: ToDate = None,
               format: Literal["html", "json", "csv"] = "html", table: str | None = None):
    project = project_for(project_id, principal)
    scopes = _visible_scopes(project, principal)
    if scopes is not None and scope not in scopes:
        raise HTTPException(403, "A partner reads only the reports of its own region and municipalities.")
    if kind == "social" and (date_from is None or date_to is None):
        raise HTTPException(422, "A social report is per year: give from and to (e.g. 2019-01-01 and 2019-12-31).")
    start, end = period_of(project, date_from, date_to)
    stored = db[REPORTS].find_one({"_id": report_id(kind, project_id, {"from": start.isoformat(),
                                                                      "to": end.isoformat()}, scope, language)})
    if stored is None:
        raise HTTPException(404, "No such report yet: the report flows have not rendered it.")
    if format == "html":
        return HTMLResponse(stored["html"])
    if format == "json":
        return JSONResponse(jsonable_encoder(stored["json"]))
    if table not in stored.get("csv", {}):
        raise HTTPException(404, f"No table {table!r}; the report has {', '.join(sorted(stored.get('csv', {})))}.")
    filename = f"{project_id}-{kind}-{scope}-{language}-{table}.csv"
    return PlainTextResponse(stored["csv"][table], media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})
