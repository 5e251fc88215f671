"""The ``project-metrics`` flow: every metric of a project for a period,
project-wide and per region, stored as a snapshot in ``metrics``."""
from datetime import date

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.db import centre_database
from flows.metrics.compute import DOMAINS, assemble, events_read, resolve_period
from flows.metrics.reach import reach_metrics
from flows.metrics.snapshots import METRICS, ensure_snapshot_indexes, latest_snapshot
from flows.projects import load_project

def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


@task(retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def compute_domain(name, project, date_from, date_to):
    database = centre_database()
    partners = [p["id"] for p in project["partners"]]
    if name == "reach":
        return reach_metrics(database, partners, date_from, date_to, project["targets"])
    return DOMAINS[name](database, partners, date_from, date_to)


@task(retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def count_events(project, date_from, date_to):
    return events_read(centre_database(), [p["id"] for p in project["partners"]], date_from, date_to)


@task(retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def store_snapshot(snapshot):
    database = centre_database()
    ensure_snapshot_indexes(database)
    return str(database[METRICS].insert_one(snapshot).inserted_id)


@flow(name="project-metrics", log_prints=False)
def project_metrics(project: str = "iso-sos", date_from: str | None = None, date_to: str | None = None,
                    force: bool = False) -> dict:
    """Computes and stores the project's metrics for the period (default:
    the project's own). Skips the work when no event arrived since the last
    snapshot of the same period, unless ``force``."""
    logger = get_run_logger()
    config = load_project(project)
    start, end = resolve_period(config, _date(date_from), _date(date_to))
    count, watermark = count_events(config, start, end)
    previous = latest_snapshot(centre_database(), config["id"], start, end)
    if previous and not force and previous["events_read"] == count and previous["watermark"] == watermark:
        logger.info("no new events for %s %s..%s since %s; keeping that snapshot", project, start, end,
                    previous["computed_at"])
        return {"snapshot_id": str(previous["_id"]), "events_read": count, "computed": False}
    parts = {name: compute_domain.submit(name, config, start, end) for name in [*DOMAINS, "reach"]}
    snapshot = assemble(config, start, end, {name: future.result() for name, future in parts.items()},
                        count, watermark)
    snapshot_id = store_snapshot(snapshot)
    logger.info("stored metrics of %s %s..%s from %d events", project, start, end, count)
    return {"snapshot_id": snapshot_id, "events_read": count, "computed": True}
