"""The centre's ingest: nameko event handlers that store every event in the
``events`` log and apply it to the read models, in batches.

Each handler gets a batch of its queue's messages (``entrypoints``),
validates them and hands them to the ``CentreEvents`` dependency and
waits: one writer greenthread takes every batch that has arrived
meanwhile (up to ``BATCH_SIZE`` events) and stores them and their
read-model changes in one transaction, so under load a round trip to the
database carries hundreds of events, and when idle an event is written at
once. Validating in the handlers, not the writer, lets the next batches be
validated while the database works on the current one. The consumer's
prefetch (nameko's ``max_workers``) is what lets that many messages be in
hand at a time (``INGEST_MAX_WORKERS`` in services/shared/settings.py).

Handlers are declared with ``requeue_on_error=True``: events whose batch
cannot be written (database down, a rebuild running) are requeued, not
lost. An invalid event, or one whose ``partner_id`` is not the partner the
broker says published it, is not an error: it is stored in
``rejected_events`` and acknowledged, so a poison message cannot block
the queue."""
import logging

import eventlet
from eventlet.event import Event
from eventlet.queue import Empty, LightQueue
from nameko.extensions import DependencyProvider

from services.reporting.entrypoints import partner_event_batches
from services.reporting.event_store import EventStore, ensure_indexes
from services.reporting.message_json import use_orjson
from services.reporting.readmodels.store import ensure_read_models
from services.shared.mongo import connect

log = logging.getLogger(__name__)

# Pause before giving a message back after a failed write, so a database
# outage does not turn into a hot redelivery loop.
REQUEUE_PAUSE_SECONDS = 1.0
BATCH_SIZE = 1000
# Validating a handler's batch gives way to other greenthreads this often:
# the writer's database round trips (a dozen a batch) each wait for the
# greenthreads ready before it, so long runs of validation would hold back
# every batch's write.
YIELD_EVERY = 10

use_orjson()


class CentreEvents(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.client = connect(config["MONGO_URL"], config.get("MONGO_TIMEOUT_MS", 5000))
        self.store = EventStore(self.client[config["MONGO_DATABASE"]],
                                require_broker_user=str(config.get("SOSHUB_REQUIRE_BROKER_USER", "")).lower()
                                in ("1", "true", "yes"))
        self.queue = LightQueue()
        self.running = False

    def start(self):
        database = self.store.database
        try:
            ensure_indexes(database)
            outcome = ensure_read_models(database)
            log.info("read models: %s", outcome)
        except Exception:
            log.exception("cannot prepare the centre's database yet; ingest will retry writes")
        self.running = True
        self.container.spawn_managed_thread(self._writer)

    def stop(self):
        self.running = False
        self.queue.put(None)

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        return self

    def ingest_many(self, messages):
        """Stores a list of (body, broker user), or rejects each invalid
        one; waits until they are stored and returns an outcome each.
        Raises if their batch could not be written."""
        documents = []
        for position, (body, broker_user) in enumerate(messages, start=1):
            documents.append(self.store.prepare(body, broker_user))
            if position % YIELD_EVERY == 0:
                eventlet.sleep(0)
        valid = [document for document in documents if document is not None]
        outcomes = iter([])
        if valid:
            done = Event()
            self.queue.put((valid, done))
            outcomes = iter(done.wait())
        return ["rejected" if document is None else next(outcomes) for document in documents]

    def _take_batch(self):
        first = self.queue.get()
        if first is None:
            return []
        batch, size = [first], len(first[0])
        while size < BATCH_SIZE:
            try:
                item = self.queue.get_nowait()
            except Empty:
                break
            if item is None:
                self.queue.put(None)
                break
            batch.append(item)
            size += len(item[0])
        return batch

    def _writer(self):
        while self.running:
            batch = self._take_batch()
            if not batch:
                continue
            try:
                outcomes = self.store.store_many([document for documents, _ in batch for document in documents])
            except Exception as exc:  # every waiting handler raises, so each message is requeued
                log.warning("cannot store a batch of %d events (%s); they will be redelivered",
                            sum(len(documents) for documents, _ in batch), exc)
                for _, done in batch:
                    done.send_exception(exc)
                continue
            position = 0
            for documents, done in batch:
                done.send(outcomes[position:position + len(documents)])
                position += len(documents)

class IngestService:
    name = "reporting_ingest"

    events = CentreEvents()

    def _ingest(self, messages):
        try:
            outcomes = self.events.ingest_many(messages)
        except Exception:
            eventlet.sleep(REQUEUE_PAUSE_SECONDS)
            raise
        log.debug("events %s", outcomes)
        return outcomes

    @partner_event_batches("outreach", "visit_recorded", requeue_on_error=True)
    def on_visit_recorded(self, messages):
        return self._ingest(messages)

    @partner_event_batches("outreach", "visit_voided", requeue_on_error=True)
    def on_visit_voided(self, messages):
        return self._ingest(messages)

    @partner_event_batches("assessment", "client_registered", requeue_on_error=True)
    def on_client_registered(self, messages):
        return self._ingest(messages)

    @partner_event_batches("assessment", "measurement_recorded", requeue_on_error=True)
    def on_measurement_recorded(self, messages):
        return self._ingest(messages)

    @partner_event_batches("assessment", "form_submitted", requeue_on_error=True)
    def on_form_submitted(self, messages):
        return self._ingest(messages)

    @partner_event_batches("groups", "group_started", requeue_on_error=True)
    def on_group_started(self, messages):
        return self._ingest(messages)

    @partner_event_batches("groups", "participant_enrolled", requeue_on_error=True)
    def on_participant_enrolled(self, messages):
        return self._ingest(messages)

    @partner_event_batches("groups", "session_held", requeue_on_error=True)
    def on_session_held(self, messages):
        return self._ingest(messages)

    @partner_event_batches("groups", "survey_submitted", requeue_on_error=True)
    def on_survey_submitted(self, messages):
        return self._ingest(messages)

    @partner_event_batches("groups", "feedback_submitted", requeue_on_error=True)
    def on_feedback_submitted(self, messages):
        return self._ingest(messages)

    @partner_event_batches("groups", "group_ended", requeue_on_error=True)
    def on_group_ended(self, messages):
        return self._ingest(messages)

    @partner_event_batches("assessment", "feedback_link_issued", requeue_on_error=True)
    def on_feedback_link_issued(self, messages):
        return self._ingest(messages)

    @partner_event_batches("assessment", "feedback_given", requeue_on_error=True)
    def on_feedback_given(self, messages):
        return self._ingest(messages)
