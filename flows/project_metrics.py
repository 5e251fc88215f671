"""The ``project-metrics`` flow: a dated snapshot of every metric of a
project for a period, project-wide and per region, in ``metrics``; the
reports are rendered from these snapshots, so what was published when
stays on record. The figures come from the centre's read models, which
the ingest keeps current; the hub answers live queries from them too."""
from datetime import date

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.db import centre_database
from services.reporting.metrics.compute import compute_metrics, resolve_period
from services.reporting.metrics.snapshots import METRICS, ensure_snapshot_indexes, latest_snapshot
from services.reporting.projects import load_project


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


@task(retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def compute_snapshot(project, date_from, date_to):
    return compute_metrics(centre_database(), project, date_from, date_to)


@task(retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def store_snapshot(snapshot):
    database = centre_database()
    ensure_snapshot_indexes(database)
    return str(database[METRICS].insert_one(snapshot).inserted_id)


@flow(name="project-metrics", log_prints=False)
def project_metrics(project: str = "iso-sos", date_from: str | None = None, date_to: str | None = None,
                    force: bool = False) -> dict:
    """Computes and stores the project's metrics for the period (default:
    the project's own). Keeps the last snapshot when the read models have
    not changed since it was taken (any event at all changes them, a void
    of an old visit included), unless ``force``."""
    logger = get_run_logger()
    config = load_project(project)
    start, end = resolve_period(config, _date(date_from), _date(date_to))
    snapshot = compute_snapshot(config, start, end)
    previous = latest_snapshot(centre_database(), config["id"], start, end)
    if previous and not force and previous.get("read_models") == snapshot["read_models"]:
        logger.info("read models unchanged for %s %s..%s since %s; keeping that snapshot", project, start, end,
                    previous["computed_at"])
        return {"snapshot_id": str(previous["_id"]), "read_models": snapshot["read_models"], "computed": False}
    snapshot_id = store_snapshot(snapshot)
    logger.info("stored metrics of %s %s..%s (read models version %s)", project, start, end,
                snapshot["read_models"]["version"])
    return {"snapshot_id": snapshot_id, "read_models": snapshot["read_models"], "computed": True}
