"""Monthly series for the dashboard's charts: visits and contacts per
partner and calendar month of a period. Each month is one period's metrics
through the hub's cache (computed once per read-model version and shared
with /metrics), so a chart costs what a month's metrics cost. The
coordinator reads every region unsuppressed; a partner reads its own
region only, published month by month (the project's monthly totals would
let it subtract its own figures out of them)."""
from calendar import monthrange
from datetime import date

from fastapi import APIRouter, HTTPException

from services.reporting.disclosure import legend, published_part, threshold
from services.reporting.hub.api.deps import Metrics
from services.reporting.hub.api.routes.projects import Caller, FromDate, ProjectId, ToDate, period_of, project_for

router = APIRouter(prefix="/projects", tags=["projects"])
MAX_MONTHS = 120
SERIES = ("visits", "contacts")


def months_between(start, end):
    """[(first day, last day)] of the calendar months that [start, end]
    touches, clipped to it."""
    months = []
    first = start
    while first <= end:
        last = date(first.year, first.month, monthrange(first.year, first.month)[1])
        months.append((first, min(last, end)))
        first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return months


def _version_key(version):
    return version[1], version[2]


@router.get("/{project_id}/monthly")
def monthly_series(project_id: ProjectId, principal: Caller, cache: Metrics, date_from: FromDate = None,
                   date_to: ToDate = None):
    """Outreach visits and contacts per region and calendar month of the
    period (the first and last month clipped to it). A partner token gets
    its own region with small counts shown as "<5"."""
    project = project_for(project_id, principal)
    start, end = period_of(project, date_from, date_to)
    months = months_between(start, end)
    if len(months) > MAX_MONTHS:
        raise HTTPException(422, f"A monthly series spans at most {MAX_MONTHS} months; choose a shorter period.")
    limit = None if principal.is_coordinator else threshold()
    regions = [p["id"] for p in project["partners"]] if principal.is_coordinator else [principal.partner]
    series = {region: {name: [] for name in SERIES} for region in regions}
    versions = []
    for first, last in months:
        entry = cache.snapshot(project, first, last)
        versions.append(entry["version"])
        for region in regions:
            part = entry["snapshot"]["regions"][region]
            if limit:
                part = published_part(part, limit)
            for name in SERIES:
                series[region][name].append(part["outreach"][name])
    epoch, generation, version = min(versions, key=_version_key)
    answer = {"project_id": project["id"], "period": {"from": start.isoformat(), "to": end.isoformat()},
              "months": [{"month": first.isoformat()[:7], "from": first.isoformat(), "to": last.isoformat()}
                         for first, last in months],
              "regions": series, "suppressed": not principal.is_coordinator,
              "read_models": {"epoch": epoch, "generation": generation, "version": version}}
    if limit:
        answer["suppression"] = legend(limit)
    return answer
