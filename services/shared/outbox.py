"""The transactional outbox: a service writes its record and the event in
one MongoDB transaction (``Outbox.add``), and the relay publishes pending
events with publisher confirms, marking each published only once the broker
has confirmed it. A record accepted while the broker is down is delivered
when it is back; a crash between publish and mark re-publishes, which the
centre's ingest absorbs because it is idempotent on ``event_id``."""
import logging
import threading

from nameko.amqp.publish import Publisher
from nameko.extensions import DependencyProvider
from pymongo import ASCENDING

from services.shared.amqp import event_exchange
from services.shared.envelope import source_and_name, utcnow
from services.shared.mongo import connect

log = logging.getLogger(__name__)

OUTBOX = "outbox"


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


class OutboxRelay(DependencyProvider):
    poll_interval = 2.0
    max_backoff = 15.0
    batch_size = 200

    def setup(self):
        config = self.container.config
        self.amqp_uri = config["AMQP_URI"]
        self.client = connect(config["MONGO_URL"])
        self.database = self.client[config["MONGO_DATABASE"]]
        # Mandatory delivery turns "no queue is bound" into an error, so an
        # event is never marked published after vanishing into an exchange.
        # kombu's in-memory transport cannot report unroutable messages.
        in_memory = self.amqp_uri.startswith("memory://")
        self.publisher = Publisher(
            self.amqp_uri, use_confirms=not in_memory, mandatory=not in_memory,
            serializer="json", retry=False,
        )
        self._wakeup = threading.Event()
        self._running = False

    def start(self):
        ensure_outbox_indexes(self.database)
        self._running = True
        self._thread = self.container.spawn_managed_thread(self._run)

    def stop(self):
        self._running = False
        self._wakeup.set()

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
        """Publishes pending events oldest first; returns how many."""
        published = 0
        while self._running:
            batch = list(
                self.database[OUTBOX]
                .find({"published_at": None})
                .sort([("seq", ASCENDING)])
                .limit(self.batch_size)
            )
            if not batch:
                return published
            for entry in batch:
                self._publish(entry)
                published += 1
        return published

    def _publish(self, entry):
        event = entry["event"]
        _, routing_key = source_and_name(event["event_type"])
        self.database[OUTBOX].update_one({"_id": entry["_id"]}, {"$inc": {"attempts": 1}})
        self.publisher.publish(
            event,
            exchange=event_exchange(event["event_type"]),
            routing_key=routing_key,
            message_id=event["event_id"],
            declare=[event_exchange(event["event_type"])],
        )
        self.database[OUTBOX].update_one({"_id": entry["_id"]}, {"$set": {"published_at": utcnow()}})
