"""The ``region-report`` flow: each region's report beside the project
totals, published (suppressed), in Finnish and English."""
from datetime import date

from bson import ObjectId
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from services.reporting.disclosure import grid_periods, partner_view

from flows.db import centre_database
from services.reporting.metrics.compute import compute_metrics, resolve_period
from services.reporting.metrics.snapshots import METRICS, latest_snapshot
from flows.project_metrics import project_metrics
from services.reporting.projects import load_project
from flows.reports.i18n import LANGUAGES
from flows.reports.pdf import with_pdf
from flows.reports.region import render_region_report
from services.reporting.report_store import keep_report


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


@task(retries=1, cache_policy=NO_CACHE)
def render_and_store(snapshot, project, region, lang, output_dir, feedback_quarters=None):
    rendered = with_pdf(render_region_report(snapshot, project, region, lang, feedback_quarters))
    return keep_report(centre_database(), "region", project["id"], snapshot["period"], region, lang, rendered,
                       output_dir, snapshot.get("_id"))


def _grid(config, start, end):
    """The project period's and its quarters' snapshots when the report's
    period is on the published grid, else None (no project totals)."""
    whole, quarters = grid_periods(config)
    if (start, end) != whole and (start, end) not in quarters:
        return None
    database = centre_database()
    return {"whole": compute_metrics(database, config, *whole),
            "quarters": [compute_metrics(database, config, *quarter) for quarter in quarters]}


def _feedback_quarters(grid, region):
    """The region's client feedback per quarter beside the project's, each
    quarter as that region's partner may read it."""
    trend = []
    for quarter in grid["quarters"]:
        view = partner_view(quarter, region, grid=grid)
        trend.append((view["period"], view["regions"][region]["feedback"],
                      view["project"]["feedback"] if view["project"] else None))
    return trend


@flow(name="region-report")
def region_report(project: str = "iso-sos", region: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, languages: list[str] | None = None,
                  output_dir: str | None = None) -> list[str]:
    """Renders the reports of one region (default: every region) from the
    latest metrics snapshot of the period, computing it first if needed."""
    logger = get_run_logger()
    config = load_project(project)
    start, end = resolve_period(config, _date(date_from), _date(date_to))
    database = centre_database()
    outcome = project_metrics(project=project, date_from=start.isoformat(), date_to=end.isoformat())
    snapshot = database[METRICS].find_one({"_id": ObjectId(outcome["snapshot_id"])}) or \
        latest_snapshot(database, config["id"], start, end)
    grid = _grid(config, start, end)
    if grid is None:
        raise ValueError(f"region reports are published for the project period and its calendar quarters, "
                         f"not {start}..{end} (see README, Disclosure control)")
    regions = [region] if region else [p["id"] for p in config["partners"]]
    unknown = set(regions) - {p["id"] for p in config["partners"]}
    if unknown:
        raise ValueError(f"not a region of {project}: {', '.join(sorted(unknown))}")
    ids = []
    for r in regions:
        # Each region's report goes to that region's partner: the project
        # totals in it are what that partner may read (see disclosure.py).
        public = partner_view(snapshot, r, grid=grid)
        public["_id"] = str(snapshot["_id"])
        trend = _feedback_quarters(grid, r) if config.get("client_feedback") else None
        ids += [render_and_store(public, config, r, lang, output_dir, trend) for lang in (languages or LANGUAGES)]
    logger.info("rendered %d region reports of %s %s..%s", len(ids), project, start, end)
    return ids
