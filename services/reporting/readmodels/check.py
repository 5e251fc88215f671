"""The consistency check: the stored read models against a rebuild from
the event log in memory, compared metric by metric for every project over
its whole period and each of its quarters."""
from services.reporting.disclosure import grid_periods
from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project, project_ids
from services.reporting.readmodels.store import models_version, project_all, read_log, read_meta, stored_visits


def rebuilt_counters(database):
    """{bucket _id: {path: amount}} rebuilt from the whole log in memory."""
    projector, _ = project_all(read_log(database), stored_visits(database))
    return projector.bucket_deltas()


def rebuilt_buckets(database):
    """A reader of buckets' counters rebuilt from the whole log in memory."""
    counters = rebuilt_counters(database)
    return lambda ids: [(i, counters[i]) for i in ids if i in counters]


def differences(stored, rebuilt, path=()):
    """Paths where two metric trees differ, with both values."""
    if isinstance(stored, dict) and isinstance(rebuilt, dict):
        found = []
        for key in sorted(set(stored) | set(rebuilt), key=str):
            found += differences(stored.get(key), rebuilt.get(key), (*path, key))
        return found
    return [] if stored == rebuilt else [(".".join(map(str, path)), stored, rebuilt)]


class StillChanging(Exception):
    """Events kept arriving while the check ran: the log and the stored
    read models were read at different moments, so nothing was compared."""


def check(database, projects=None, attempts=3):
    """{(project, from, to): [differences]} over every period checked, from
    a pass during which no batch reached the read models (every batch moves
    their version on); StillChanging after ``attempts`` passes without one."""
    for _ in range(attempts):
        before = models_version(read_meta(database))
        report = _compare(database, projects)
        if models_version(read_meta(database)) == before:
            return report
    raise StillChanging(f"the read models changed during each of {attempts} checks: events are arriving")


def _compare(database, projects):
    buckets = rebuilt_buckets(database)
    report = {}
    for project_id in projects or project_ids():
        project = load_project(project_id)
        whole, quarters = grid_periods(project)
        for start, end in [whole, *quarters]:
            stored = compute_metrics(database, project, start, end)
            rebuilt = compute_metrics(database, project, start, end, buckets=buckets)
            report[(project_id, start.isoformat(), end.isoformat())] = differences(
                {k: stored[k] for k in ("project", "regions")}, {k: rebuilt[k] for k in ("project", "regions")})
    return report
