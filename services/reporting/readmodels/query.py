"""Reading the read models: a period's counters per partner.

A period is read from its whole months and its edge days (``buckets``),
so the cost depends on the period's length and the number of partners,
never on how many events the log holds. The interval keys are resolved
against the period here, which leaves plain additive counters: a
partner's counters and the project's (their sum) mean the same."""
from datetime import date

from services.reporting.readmodels.buckets import ALL_TIME_RANGE, day_id, months_and_days, period_key, unpack
from services.reporting.readmodels.store import collection_name, find_in, read_meta


def resolve(buckets, start, end):
    """The period's counters from buckets' counters ({path: amount} each)
    that all lie within it."""
    out = {}
    for counters in buckets:
        for path, value in counters.items():
            key = period_key(path, start, end)
            if key is not None and value:
                out[key] = out.get(key, 0) + value
    return out


# A period's buckets are asked for in small chunks: SecantusDB's $in costs
# about (found × asked), and a reader outside eventlet (the hub, the flows)
# does not wait for other greenthreads between round trips. 25 read the
# ~150 buckets of an 18-month period in a third of the time 250 took.
READ_CHUNK = 25

EMPTY = {"generation": 0, "version": 0}  # before the first event: nothing, counted as zeros


def read_models_meta(database):
    return read_meta(database) or EMPTY


def stored_buckets(database, meta):
    """A reader of (bucket _id, {path: amount}) from the database's current
    generation, for the buckets of ``ids`` that exist."""
    collection = database[collection_name(meta["generation"], "buckets")]
    return lambda ids: ((document["_id"], unpack(document)) for document in find_in(collection, ids, None,
                                                                                    chunk=READ_CHUNK))


def period_counters(database, partners, date_from: date, date_to: date, meta=None, buckets=None):
    """{partner: {path: amount}} for the period, from at most the period's
    months plus 62 edge days per partner (read by ``buckets(ids)``, the
    stored read models by default)."""
    buckets = buckets or stored_buckets(database, meta or read_models_meta(database))
    months, days = months_and_days(date_from, date_to)
    ids = [f"{p}|m|{m}" for p in partners for m in months] + [day_id(p, d) for p in partners for d in days]
    by_partner = {p: [] for p in partners}
    if ids:
        for bucket, counters in buckets(ids):
            by_partner[bucket.split("|", 1)[0]].append(counters)
    start, end = date_from.isoformat(), date_to.isoformat()
    return {p: resolve(documents, start, end) for p, documents in by_partner.items()}


def all_time_counters(database, meta=None):
    """{partner: ({path: amount}, last received_at)} over everything each
    partner ever sent."""
    meta = meta or read_models_meta(database)
    rows = database[collection_name(meta["generation"], "buckets")].find({"_id": ALL_TIME_RANGE})
    return {row["_id"][2:]: (unpack(row), row.get("last_received_at")) for row in rows}  # stored resolved


def sub(counters, prefix):
    """The counters below ``prefix.`` with the prefix taken off."""
    prefix += "."
    return {path[len(prefix):]: value for path, value in counters.items() if path.startswith(prefix)}


def summed(many):
    total = {}
    for counters in many:
        for path, value in counters.items():
            total[path] = total.get(path, 0) + value
    return total
