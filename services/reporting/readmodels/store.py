"""Where the read models live and how events reach them.

``apply_batch`` stores a batch of new events in the event log and applies
them to the read models in one transaction, so an event is either stored
and counted or neither: a crash or a database failure mid-batch leaves
nothing half done, and the broker redelivers the batch. Events already in
the log are skipped, so redelivery, replay and a relay's duplicates count
once. Every batch also moves the read models' ``version`` on, which is
how readers (the hub's cache, the flows' snapshots) notice any change,
whatever day the change was about.

``rebuild`` recomputes every read model from the event log into a new
*generation* of collections and switches to it when done; batches wait
(their messages stay in the broker) while it runs. The read models record
the definitions they were built with (``definitions_fingerprint``); a
batch refuses to mix into read models built with other definitions."""
import contextlib
import gc
import logging
import random
import sys
import threading
import time
import uuid
from queue import Queue
from datetime import timedelta

import bson
from bson import decode_all
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions
from pymongo import DeleteOne, InsertOne, ReplaceOne
from pymongo.errors import OperationFailure

from services.shared.envelope import utcnow

from services.reporting.readmodels.buckets import COUNTERS, add, all_time_id, pack, unpack
from services.reporting.readmodels.pages import PAGED_KINDS, Layout, key_hash, page_id
from services.reporting.readmodels.projector import (PERSON_FIELDS, Projector, definitions_fingerprint, event_day,
                                                     observations_key, void_key)

log = logging.getLogger(__name__)

EVENTS = "events"
META = "rm_meta"
STATE_KINDS = ("voids", "clients", "participants", "subjects", "people", "groups", "observations")
READ_MODELS = ("buckets", "states")  # collections of a generation: rm<generation>_<name>
REBUILD_LEASE = timedelta(minutes=10)
WRITE_CHUNK = 2000
READ_SWITCH_INTERVAL = 0.0005  # seconds; see read_log
LOG_FIELDS = None  # every field: a projection costs SecantusDB more than sending the few extra fields


class RebuildInProgress(Exception):
    """The read models are being rebuilt: try the batch again later."""


class StaleDefinitions(Exception):
    """The stored read models were built with other definitions: rebuild."""


def collection_name(generation, kind):
    return f"rm{generation}_{kind}"


def state_id(kind, key):
    return f"{kind}:{key}"


# A state is stored packed (one BSON blob in ``s``), as buckets are: it is
# only ever read and written whole, by _id, and the database's cost is per
# field. The fields the social report queries by stay plain, for its index.
STATE = "s"
QUERIED_FIELDS = {"groups": ("partner_id", "municipality", "year")}


def state_document(kind, key, state):
    document = {"_id": state_id(kind, key), "kind": kind, STATE: bson.encode(state)}
    for field in QUERIED_FIELDS.get(kind, ()):
        document[field] = state.get(field)
    return document


def state_of(document):
    """The state a stored document holds."""
    return bson.decode(document[STATE])


PAGE = "p"  # {key: packed state} of a page of states, packed again


def page_document(page, entries):
    return {"_id": page, PAGE: bson.encode(entries)}


def page_entries(document):
    return bson.decode(document[PAGE])


def layouts_of(meta):
    stored = meta.get("pages") or {}
    return {kind: Layout.of(stored.get(kind)) for kind in PAGED_KINDS}


def stored_layouts(layouts):
    return {kind: layout.as_dict() for kind, layout in layouts.items()}


def read_meta(database, session=None):
    """{generation, version, epoch, fingerprint, …}: (epoch, version) names
    the read models' state, however often they are rebuilt or reset."""
    return database[META].find_one({"_id": "state"}, session=session)


def models_version(meta):
    """(epoch, generation, version) of a meta document (or of a snapshot's
    ``read_models``): equal twice only if no batch or rebuild came between."""
    return None if meta is None else (meta.get("epoch"), meta["generation"], meta["version"])


def current_generation(database):
    meta = read_meta(database)
    return None if meta is None else meta["generation"]


# SecantusDB's $in costs about (documents found) × (ids asked): a batch's
# ids are asked in chunks, which keeps that linear, but not in many small
# ones: under eventlet each round trip waits for the other greenthreads.
IN_CHUNK = 250


def find_in(collection, ids, projection, session=None, where=None, chunk=IN_CHUNK):
    """The documents whose _id is one of ``ids`` (and match ``where``)."""
    ids = list(ids)
    for start in range(0, len(ids), chunk):
        yield from collection.find({"_id": {"$in": ids[start:start + chunk]}, **(where or {})}, projection,
                                   session=session)


class BatchStates:
    """The states one batch touches, read from the database up front and
    written back together. Paged kinds (see ``pages``) are read and
    written a page at a time."""

    def __init__(self, database, generation, session, layouts):
        self.database, self.generation, self.session = database, generation, session
        self.collection = database[collection_name(generation, "states")]
        self.layouts = layouts  # kind → pages.Layout, moved on by the batch's splits
        self.loaded = {kind: {} for kind in STATE_KINDS}
        self.changed = {kind: {} for kind in STATE_KINDS}  # id → document, or None to delete
        # Keys read from the database and found missing: written back as
        # inserts, which cost the database far less than upserts (the
        # transaction's snapshot keeps them missing until the commit).
        self.missing = {kind: set() for kind in STATE_KINDS}
        self.pages = {}  # page id → {key: packed state}
        self.stored_pages = set()  # the page ids that exist in the database
        self.visits = {}
        self.sorted_days = {}

    def prefetch(self, ids):
        """Reads the states {kind: ids}: the unpaged in one query, the
        pages of the paged in another."""
        wanted, paged = [], {}
        for kind, keys in ids.items():
            for key in set(keys) - self.loaded[kind].keys():
                if kind in PAGED_KINDS:
                    paged[(kind, key)] = page_id(kind, self.layouts[kind].page_of(key))
                else:
                    wanted.append(state_id(kind, key))
        self._load_pages(set(paged.values()))
        for (kind, key), page in paged.items():
            packed = self.pages[page].get(key)
            self.loaded[kind][key] = None if packed is None else bson.decode(packed)
        if not wanted:
            return
        for document in find_in(self.collection, wanted, None, self.session):
            kind, key = document["_id"].split(":", 1)
            self.loaded[kind][key] = state_of(document)
        for wanted_id in wanted:
            kind, key = wanted_id.split(":", 1)
            if key not in self.loaded[kind]:
                self.loaded[kind][key] = None
                self.missing[kind].add(key)

    def _load_pages(self, ids):
        ids = [page for page in ids if page not in self.pages]
        for document in find_in(self.collection, ids, None, self.session):
            self.pages[document["_id"]] = page_entries(document)
            self.stored_pages.add(document["_id"])
        for page in ids:
            self.pages.setdefault(page, {})

    def prefetch_visits(self, ids):
        wanted = [i for i in set(ids) if i not in self.visits]
        if not wanted:
            return
        for event in find_in(self.database[EVENTS], wanted, {"partner_id": 1, "occurred_at": 1, "payload": 1},
                             self.session, {"event_type": "outreach.visit_recorded"}):
            self.visits[event["_id"]] = event

    def seen(self, event):
        if event["event_type"] == "outreach.visit_recorded":
            self.visits[event["_id"]] = event

    def get(self, kind, key):
        if key not in self.loaded[kind]:
            self.prefetch({kind: [key]})
        return self.loaded[kind][key]

    def put(self, kind, key, document):
        self.loaded[kind][key] = document
        self.changed[kind][key] = document

    def delete(self, kind, key):
        self.loaded[kind][key] = None
        self.changed[kind][key] = None

    def visit_event(self, event_id):
        if event_id not in self.visits:
            self.prefetch_visits([event_id])
        return self.visits.get(event_id)

    def active_days(self, key, state):
        if key not in self.sorted_days:
            self.sorted_days[key] = sorted(day for day, n in state["days"].items() if n > 0)
        return self.sorted_days[key]

    def write(self):
        """Writes the changed states back (paged kinds' layouts move on)."""
        operations = []
        touched = set()
        for kind, documents in self.changed.items():
            if kind in PAGED_KINDS:
                touched |= self._change_pages(kind, documents)
                continue
            missing = self.missing[kind]
            for key, document in documents.items():
                if document is None:
                    if key not in missing:
                        operations.append(DeleteOne({"_id": state_id(kind, key)}))
                elif key in missing:
                    operations.append(InsertOne(state_document(kind, key, document)))
                else:
                    operations.append(ReplaceOne({"_id": state_id(kind, key)}, state_document(kind, key, document),
                                                 upsert=True))
        for page in sorted(touched):
            entries = self.pages[page]
            if page not in self.stored_pages:
                if entries:
                    operations.append(InsertOne(page_document(page, entries)))
            elif entries:
                operations.append(ReplaceOne({"_id": page}, page_document(page, entries)))
            else:
                operations.append(DeleteOne({"_id": page}))
        if operations:
            self.collection.bulk_write(operations, ordered=False, session=self.session)

    def _change_pages(self, kind, documents):
        layout, touched = self.layouts[kind], set()
        for key, document in documents.items():
            page = page_id(kind, layout.page_of(key))
            self._load_pages([page])
            entries = self.pages[page]
            if document is None:
                layout.states -= entries.pop(key, None) is not None
            else:
                layout.states += key not in entries
                entries[key] = bson.encode(document)
            touched.add(page)
        while layout.over_full():
            source, target, mask = layout.next_split()
            source_id, target_id = page_id(kind, source), page_id(kind, target)
            self._load_pages([source_id, target_id])
            entries = self.pages[source_id]
            for key in [key for key in entries if key_hash(key) & mask != source]:
                self.pages[target_id][key] = entries.pop(key)
            touched |= {source_id, target_id}
            layout.advance()
        return touched


def _state_ids(events):
    """The ids of the states a batch will read, to fetch them in one query
    per kind."""
    ids = {kind: set() for kind in STATE_KINDS}
    voided = []
    for event in events:
        partner, payload, event_type = event["partner_id"], event["payload"], event["event_type"]
        if event_type == "outreach.visit_recorded":
            ids["voids"].add(void_key(partner, event["_id"]))
            if payload.get("observations", "").strip():
                ids["observations"].add(
                    observations_key(partner, payload["municipality"], event_day(event), event["_id"]))
        elif event_type == "outreach.visit_voided":
            ids["voids"].add(void_key(partner, payload["voided_event_id"]))
            voided.append(payload["voided_event_id"])
        elif event_type == "assessment.measurement_recorded":
            ids["clients"].add(f"{partner}|{payload['instrument']}|{payload['client']}")
        elif event_type == "groups.participant_enrolled":
            ids["participants"].add(f"{partner}|{payload['client']}")
            ids["groups"].add(f"{partner}|{payload['group_id']}")
        elif event_type in ("groups.group_started", "groups.session_held"):
            ids["groups"].add(f"{partner}|{payload['group_id']}")
        elif event_type == "groups.survey_submitted" and payload.get("client"):
            ids["subjects"].add(f"{partner}|{payload['group_id']}|{payload['client']}")
        for kind, field in PERSON_FIELDS.get(event_type, {}).items():
            names = payload.get(field) or []
            for name in [names] if isinstance(names, str) else names:
                ids["people"].add(f"{kind}|{partner}|{name}")
    return ids, voided


def _bucket_writes(collection, projector, session):
    """The batch's bucket changes, added to the stored counters (read in the
    same transaction, so a concurrent batch conflicts and is retried)."""
    deltas = projector.bucket_deltas()
    stored = {document["_id"]: document for document in find_in(collection, deltas, None, session)}
    writes = []
    for bucket, amounts in deltas.items():
        document = stored.get(bucket)
        counters = unpack(document)
        for path, amount in amounts.items():
            add(counters, path, amount)
        written = {"_id": bucket, COUNTERS: pack(counters)}
        last = _newest((document or {}).get("last_received_at"), projector.last_received.get(bucket[2:])
                       if bucket.startswith("*|") else None)
        if last is not None:
            written["last_received_at"] = last
        writes.append(InsertOne(written) if document is None else ReplaceOne({"_id": bucket}, written))
    return writes


def _newest(*moments):
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def apply_batch(database, events):
    """Stores the events not yet in the log and applies them, atomically.
    Returns the ids of those that were new. Raises RebuildInProgress or
    StaleDefinitions (nothing is written then)."""
    return in_transaction(database, lambda session: _apply(database, events, session))


def in_transaction(database, work, attempts=20):
    """Runs ``work(session)`` in a transaction, again when it loses a write
    conflict to a concurrent batch or rebuild (pymongo's with_transaction
    would also retry a database that is down, for two minutes, while the
    messages wait; here any other failure raises at once). Retries wait a
    little longer each time (from a few ms to half a second), with jitter,
    so that batches conflicting with each other part ways, and one that
    meets a transaction a killed client left open outlasts a few seconds of
    it before its messages go back to the broker."""
    for attempt in range(attempts):
        with database.client.start_session() as session:
            try:
                with session.start_transaction():
                    return work(session)
            except OperationFailure as exc:
                if not exc.has_error_label("TransientTransactionError") or attempt == attempts - 1:
                    raise
        time.sleep(random.uniform(0, min(0.5, 0.002 * 2 ** attempt)))


def _first_meta(database, session):
    """An empty log starts with empty read models; a log without read
    models needs a rebuild first."""
    if database[EVENTS].find_one({}, {"_id": 1}, session=session) is not None:
        raise StaleDefinitions("the event log has no read models yet: rebuild them")
    meta = {"_id": "state", "generation": 1, "version": 1, "fingerprint": definitions_fingerprint(),
            "epoch": uuid.uuid4().hex, "rebuilding_until": None, "pages": stored_layouts(layouts_of({}))}
    database[META].insert_one(meta, session=session)
    return meta


def _apply(database, events, session):
    # Moving the version on first, and in the same transaction, reads the
    # state and makes concurrent batches and a starting rebuild conflict.
    meta = database[META].find_one_and_update({"_id": "state"}, {"$inc": {"version": 1},
                                                                 "$set": {"updated_at": utcnow()}},
                                              session=session) or _first_meta(database, session)
    if meta.get("rebuilding_until") and meta["rebuilding_until"] > utcnow():
        raise RebuildInProgress("the read models are being rebuilt")
    if meta["fingerprint"] != definitions_fingerprint():
        raise StaleDefinitions("the read models were built with other definitions")
    unique = {event["_id"]: event for event in events}
    known = {row["_id"] for row in find_in(database[EVENTS], unique, {"_id": 1}, session)}
    new = [event for key, event in unique.items() if key not in known]
    if new:
        states = BatchStates(database, meta["generation"], session, layouts_of(meta))
        ids, voided = _state_ids(new)
        states.prefetch_visits(voided)
        for visit in states.visits.values():
            ids["people"].add(f"w|{visit['partner_id']}|{visit['payload']['worker']}")
            ids["observations"].add(observations_key(visit["partner_id"], visit["payload"]["municipality"],
                                                     event_day(visit), visit["_id"]))
        states.prefetch(ids)
        projector = Projector(states)
        for event in new:
            states.seen(event)
            projector.apply(event)
        database[EVENTS].insert_many(new, ordered=False, session=session)
        states.write()
        layouts = stored_layouts(states.layouts)
        if layouts != meta.get("pages"):
            database[META].update_one({"_id": "state"}, {"$set": {"pages": layouts}}, session=session)
        buckets = database[collection_name(meta["generation"], "buckets")]
        writes = _bucket_writes(buckets, projector, session)
        if writes:
            buckets.bulk_write(writes, ordered=False, session=session)
    return {event["_id"] for event in new}


class MemoryStates:
    """Every state in memory, for a rebuild over the whole log. The few
    visits that were voided are read from the log when their voids are
    applied (``visit_lookup``), rather than keeping every visit in memory."""

    def __init__(self, visit_lookup):
        self.documents = {kind: {} for kind in STATE_KINDS}
        self.visits = {}
        self.visit_lookup = visit_lookup
        self.sorted_days = {}

    def get(self, kind, key):
        return self.documents[kind].get(key)

    def put(self, kind, key, document):
        self.documents[kind][key] = document

    def delete(self, kind, key):
        self.documents[kind].pop(key, None)

    def prefetch_visits(self, ids):
        self.visits.update(self.visit_lookup(ids))

    def visit_event(self, event_id):
        return self.visits.get(event_id)

    active_days = BatchStates.active_days


def project_all(events, visit_lookup):
    """The read models of ``events`` (any order), built in memory: the
    projector (``bucket_deltas()``) and the states. Voids are applied after
    every visit, so a void meets its visit whatever order the log returns
    them in; ``visit_lookup(ids)`` gives {id: visit event} of their visits."""
    states = MemoryStates(visit_lookup)
    projector = Projector(states)
    pending_voids = []
    for event in events:
        if event["event_type"] == "outreach.visit_voided":
            pending_voids.append(event)
        else:
            projector.apply(event)
    states.prefetch_visits([void["payload"]["voided_event_id"] for void in pending_voids])
    for event in pending_voids:
        projector.apply(event)
    return projector, states


def stored_visits(database):
    def lookup(ids):
        found = {}
        for event in find_in(database[EVENTS], ids, {"partner_id": 1, "occurred_at": 1, "payload": 1},
                             where={"event_type": "outreach.visit_recorded"}):
            found[event["_id"]] = event
        return found
    return lookup


def read_log(database, batch_size=10000):
    """Every event of the log, read by a thread while the caller works
    through the previous batch: the database produces and the caller
    projects at the same time (on separate cores)."""
    batches = Queue(maxsize=4)
    # Naive datetimes (UTC, as stored) decode a quarter faster than aware
    # ones, and the projector only takes their day and compares them.
    options = CodecOptions(tz_aware=False, uuid_representation=UuidRepresentation.STANDARD)

    def read():
        try:
            for batch in database[EVENTS].find_raw_batches({}, LOG_FIELDS, batch_size=batch_size):
                batches.put(batch)
        except BaseException as exc:  # handed to the caller
            batches.put(exc)
            return
        batches.put(None)

    threading.Thread(target=read, daemon=True, name="read-log").start()
    # The reader takes the GIL back after every piece of a batch it
    # receives; at the default 5 ms switch interval the projecting thread
    # keeps it so long that the reader (and the database) mostly wait.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(READ_SWITCH_INTERVAL)
    try:
        while (batch := batches.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield from decode_all(batch, options)
    finally:
        sys.setswitchinterval(interval)


def _insert_chunks(collection, documents):
    chunk = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == WRITE_CHUNK:
            collection.insert_many(chunk, ordered=False)
            chunk = []
    if chunk:
        collection.insert_many(chunk, ordered=False)


def _set_lease(database, until):
    def claim(session):
        meta = read_meta(database, session)
        if until and meta and meta.get("rebuilding_until") and \
                meta["rebuilding_until"] > utcnow():
            raise RebuildInProgress("another rebuild is running")
        database[META].update_one({"_id": "state"}, {"$set": {"rebuilding_until": until},
                                                     "$setOnInsert": {"generation": 0, "version": 0,
                                                                      "fingerprint": None}},
                                  upsert=True, session=session)
    in_transaction(database, claim)


def _renew_lease(database):
    database[META].update_one({"_id": "state"}, {"$set": {"rebuilding_until": utcnow() + REBUILD_LEASE}})


@contextlib.contextmanager
def _without_cycle_collection():
    """A rebuild makes millions of objects (decoded events, states) and keeps
    most of them, so the cycle collector ran again and again over all it
    kept: decoding the log took 26 s instead of 15 at 1,000,000 events.
    Nothing it makes refers to itself, so reference counting frees it all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rebuild(database, batch_size=10000):
    """Recomputes every read model from the event log into a new generation
    and switches to it. Returns {"events", "generation", "seconds"}."""
    started = utcnow()
    _set_lease(database, started + REBUILD_LEASE)
    try:
        with _without_cycle_collection():
            return _rebuild(database, batch_size, started)
    except BaseException:
        _set_lease(database, None)
        raise


def _rebuild(database, batch_size, started):
    old = current_generation(database) or 0
    generation = old + 1
    for kind in READ_MODELS:
        database.drop_collection(collection_name(generation, kind))
    count = 0

    def counted():
        # The lease is renewed as the log is read, however long it is
        # (the ingest waits while it holds).
        nonlocal count
        renewed = time.monotonic()
        for event in read_log(database, batch_size):
            count += 1
            if time.monotonic() - renewed > REBUILD_LEASE.total_seconds() / 4:
                _renew_lease(database)
                renewed = time.monotonic()
            yield event

    projector, states = project_all(counted(), stored_visits(database))
    projected = utcnow()
    _renew_lease(database)
    received = {all_time_id(partner): {"last_received_at": last}
                for partner, last in projector.last_received.items()}
    _insert_chunks(database[collection_name(generation, "buckets")],
                   ({"_id": bucket, COUNTERS: pack(amounts), **received.get(bucket, {})}
                    for bucket, amounts in projector.bucket_deltas().items()))
    layouts = {kind: Layout.sized(len(states.documents[kind])) for kind in PAGED_KINDS}
    _insert_chunks(database[collection_name(generation, "states")],
                   (state_document(kind, key, document) for kind, documents in states.documents.items()
                    if kind not in PAGED_KINDS for key, document in documents.items()))
    _insert_chunks(database[collection_name(generation, "states")],
                   (page_document(page, entries) for page, entries in _pages(states.documents, layouts)))
    ensure_state_indexes(database, generation)
    database[META].update_one({"_id": "state"}, {
        "$set": {"generation": generation, "fingerprint": definitions_fingerprint(), "rebuilt_from_events": count,
                 "pages": stored_layouts(layouts),
                 "epoch": uuid.uuid4().hex,
                 "rebuilt_at": utcnow(), "rebuilding_until": None},
        "$inc": {"version": 1}})
    for kind in READ_MODELS:
        database.drop_collection(collection_name(old, kind))
    seconds = (utcnow() - started).total_seconds()
    log.info("rebuilt the read models from %d events in %.1f s (generation %d; %.1f s reading and projecting)",
             count, seconds, generation, (projected - started).total_seconds())
    return {"events": count, "generation": generation, "seconds": round(seconds, 1)}


def _pages(documents, layouts):
    """(page id, {key: packed state}) of every paged state."""
    for kind, layout in layouts.items():
        pages = {}
        for key, document in documents[kind].items():
            pages.setdefault(layout.page_of(key), {})[key] = bson.encode(document)
        for page, entries in pages.items():
            yield page_id(kind, page), entries


def ensure_state_indexes(database, generation):
    # The social report reads one municipality's groups of a year. Sparse,
    # and without ``kind``, which every state has: only groups carry the
    # fields, so only they are indexed (observations are read by id, see
    # projector.observations_key).
    database[collection_name(generation, "states")].create_index([("municipality", 1), ("year", 1)], sparse=True)


def ensure_read_models(database):
    """Builds the read models when there are none or they were built with
    other definitions; otherwise leaves them. Returns what it did."""
    meta = read_meta(database)
    if meta is not None and meta.get("fingerprint") == definitions_fingerprint():
        return "current"
    return rebuild(database)
