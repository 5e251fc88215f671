"""The transactional outbox: a service writes its record and the event in
one MongoDB transaction (``Outbox.add``), and the relay publishes pending
events in batches with publisher confirms, marking them published only once
the broker has confirmed them. A record accepted while the broker is down
is delivered when it is back; a crash between publish and mark
re-publishes, which the centre's ingest absorbs because it is idempotent
on ``event_id``.

Only one relay publishes a service's outbox at a time, whatever the number
of service replicas: the relay must hold the outbox's lease (a document it
renews on every round); the lease of a relay that died expires after
``LEASE_SECONDS`` and another replica's relay takes over."""
import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from nameko.extensions import DependencyProvider
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from services.shared.envelope import utcnow
from services.shared.mongo import connect
from services.shared.publisher import BatchPublisher

log = logging.getLogger(__name__)

OUTBOX = "outbox"
LEASES = "outbox_lease"
LEASE_SECONDS = 10


def ensure_outbox_indexes(database):
    database[OUTBOX].create_index([("published_at", ASCENDING), ("seq", ASCENDING)])


_seq_lock = threading.Lock()
_last_seq = 0


def next_seq():
    """Microseconds since the epoch, strictly increasing in this process:
    keeps the order events were written in across restarts and instances."""
    global _last_seq
    with _seq_lock:
        _last_seq = max(int(utcnow().timestamp() * 1_000_000), _last_seq + 1)
        return _last_seq


class Outbox:
    """What a service worker sees: ``add`` within its transaction, ``wake``
    after the commit so the relay need not wait for its next poll."""

    def __init__(self, wake=lambda: None):
        self.wake = wake

    def add(self, database, event, session):
        database[OUTBOX].insert_one(
            {
                "_id": event["event_id"],
                "seq": next_seq(),
                "event": event,
                "created_at": utcnow(),
                "published_at": None,
                "attempts": 0,
            },
            session=session,
        )


class RelayLease:
    """The right to publish one outbox, held by one relay at a time."""

    def __init__(self, database, seconds=LEASE_SECONDS):
        self.collection = database[LEASES]
        self.owner = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.seconds = seconds

    def hold(self):
        """Takes or renews the lease; False while another relay holds it."""
        now = utcnow()
        try:
            self.collection.update_one(
                {"_id": "relay", "$or": [{"owner": self.owner}, {"until": {"$lt": now}}]},
                {"$set": {"owner": self.owner, "until": now + timedelta(seconds=self.seconds)}}, upsert=True)
        except DuplicateKeyError:
            return False
        return True

    def release(self):
        self.collection.delete_one({"_id": "relay", "owner": self.owner})


class OutboxRelay(DependencyProvider):
    poll_interval = 2.0
    max_backoff = 15.0
    batch_size = 200

    def setup(self):
        config = self.container.config
        self.amqp_uri = config["AMQP_URI"]
        self.client = connect(config["MONGO_URL"])
        self.database = self.client[config["MONGO_DATABASE"]]
        self.publisher = BatchPublisher(self.amqp_uri)
        self.lease = RelayLease(self.database)
        self._wakeup = threading.Event()
        self._running = False

    def start(self):
        ensure_outbox_indexes(self.database)
        self._running = True
        self._thread = self.container.spawn_managed_thread(self._run)

    def stop(self):
        self._running = False
        self._wakeup.set()
        try:
            self.lease.release()
        except Exception:  # the database is away: the lease expires by itself
            log.debug("could not release the outbox lease", exc_info=True)

    def kill(self):
        self._running = False
        self._wakeup.set()

    def get_dependency(self, worker_ctx):
        return Outbox(wake=self._wakeup.set)

    def _run(self):
        backoff = 0.0
        while self._running:
            try:
                self.publish_pending()
                backoff = 0.0
                wait = self.poll_interval
            except Exception as exc:  # broker or database down: keep trying
                backoff = min(self.max_backoff, backoff * 2 or 0.5)
                wait = backoff
                log.warning("outbox relay cannot publish yet (%s); retrying in %.1fs", exc, wait)
            self._wakeup.wait(wait)
            self._wakeup.clear()

    def publish_pending(self):
        """Publishes pending events oldest first, a batch per round trip;
        returns how many. Publishes nothing while another relay holds the
        lease."""
        published = 0
        while self._running and self.lease.hold():
            batch = list(
                self.database[OUTBOX]
                .find({"published_at": None}, {"event": 1})
                .sort([("seq", ASCENDING)])
                .limit(self.batch_size)
            )
            if not batch:
                return published
            ids = [entry["_id"] for entry in batch]
            self.database[OUTBOX].update_many({"_id": {"$in": ids}}, {"$inc": {"attempts": 1}})
            confirmed = self.publisher.publish([entry["event"] for entry in batch])
            if confirmed:
                self.database[OUTBOX].update_many({"_id": {"$in": confirmed}},
                                                  {"$set": {"published_at": utcnow()}})
            published += len(confirmed)
            if len(confirmed) < len(batch):
                raise RuntimeError(f"{len(batch) - len(confirmed)} events were not routed or confirmed")
        return published
