"""Projects, their metrics and reports. The coordinator reads everything
unsuppressed, for any period; a partner reads its own region published for
any period, and the project totals protected against its own figures for
the project period and its calendar quarters (services/reporting/
disclosure.py says why), and the reports of its region and municipalities
(routes/reports.py).
Metrics come from the read models through the hub's cache: no request
reads the event log."""
import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import Response
from pydantic import BeforeValidator

from services.reporting.disclosure import grid_periods, partner_view
from services.reporting.metrics.compute import resolve_period
from services.reporting.projects import UnknownProject, load_project, project_ids
from services.reporting.hub.api.deps import Metrics, current_principal
from services.reporting.hub.core.errors import FieldError
from services.shared.auth import Principal

router = APIRouter(prefix="/projects", tags=["projects"])
Caller = Annotated[Principal, Depends(current_principal)]
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _written_as_a_day(value):
    # pydantic also reads 1546300800 (seconds since 1970) and
    # 2019-01-01T00:00:00 as dates: a period is given as days, nothing else.
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("must be a day written YYYY-MM-DD")
    return value


FromDate = Annotated[date | None, BeforeValidator(_written_as_a_day),
                     Query(alias="from", ge=EARLIEST, le=LATEST,
                           description="First day, YYYY-MM-DD (default: the project's start)")]
ToDate = Annotated[date | None, BeforeValidator(_written_as_a_day),
                   Query(alias="to", ge=EARLIEST, le=LATEST,
                         description="Last day, YYYY-MM-DD (default: the project's end)")]
ProjectId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]{1,39}$", description="The project's id, e.g. iso-sos")]


def project_for(project_id, principal):
    try:
        project = load_project(project_id)
    except UnknownProject:
        # Not quoted: whatever the path holds (an identity code too) is not echoed.
        raise HTTPException(404, "No such project; GET /api/projects lists yours.")
    if not principal.is_coordinator and principal.partner not in {p["id"] for p in project["partners"]}:
        raise HTTPException(403, "Your organisation is not a partner of this project.")
    return project


def period_of(project, date_from, date_to):
    start, end = resolve_period(project, date_from, date_to)
    if start > end:
        message = "'to' must not be before 'from'."
        raise FieldError(422, message, {"to": [message]})
    return start, end


def _period(start, end):
    return {"from": start.isoformat(), "to": end.isoformat()}


@router.get("")
def list_projects(principal: Caller):
    projects = [load_project(pid) for pid in project_ids()]
    visible = [p for p in projects if principal.is_coordinator
               or principal.partner in {partner["id"] for partner in p["partners"]}]
    return [{"id": p["id"], "name": p["name"],
             "period": {"from": p["period"]["date_from"], "to": p["period"]["date_to"]}, "targets": p["targets"],
             "partners": p["partners"]} for p in visible]


@router.get("/{project_id}/periods")
def published_periods(project_id: ProjectId, principal: Caller):
    """The periods whose project totals partners may read: the project
    period and its calendar quarters."""
    whole, quarters = grid_periods(project_for(project_id, principal))
    return {"project": _period(*whole), "quarters": [_period(*q) for q in quarters]}


@router.get("/{project_id}/version")
def read_model_version(project_id: ProjectId, principal: Caller, cache: Metrics):
    """The read models' version: it moves whenever an event reaches the
    centre, so a dashboard polls this and reloads the metrics on change."""
    project_for(project_id, principal)
    epoch, generation, version = cache.current_version() or (None, 0, 0)
    return {"epoch": epoch, "generation": generation, "version": version}


def partner_answer(cache, project, entry, partner, start, end):
    whole, quarters = grid_periods(project)
    grid = None
    if (start, end) == whole or (start, end) in quarters:
        grid = {"whole": cache.snapshot(project, *whole)["snapshot"],
                "quarters": [cache.snapshot(project, *q)["snapshot"] for q in quarters]}
    view = partner_view(entry["snapshot"], partner, grid=grid)
    note = None if grid else ("Project totals are published for the project period and its calendar quarters "
                              "(see /periods); this period shows your own region only.")
    return {**view, "source": "read_models", "suppressed": True, "project_totals_note": note}


@router.get("/{project_id}/metrics")
def project_metrics(project_id: ProjectId, principal: Caller, cache: Metrics, date_from: FromDate = None,
                    date_to: ToDate = None):
    """Every metric of the period, per region and for the project, from the
    read models (current to within a second of the last event)."""
    project = project_for(project_id, principal)
    start, end = period_of(project, date_from, date_to)
    entry = cache.snapshot(project, start, end)
    if principal.is_coordinator:
        body = cache.body(entry, None, lambda: {**entry["snapshot"], "source": "read_models", "suppressed": False})
    else:
        body = cache.body(entry, principal.partner,
                          lambda: partner_answer(cache, project, entry, principal.partner, start, end))
    return Response(body, media_type="application/json")
