"""The centre's ingest: nameko event handlers that append every event to
the ``events`` collection.

Handlers are declared with ``requeue_on_error=True``: an event that cannot
be written (database down) is requeued, not lost. An invalid event is not
an error: it is stored in ``rejected_events`` and acknowledged, so a
poison message cannot block the queue."""
import logging
import time

from nameko.events import event_handler
from nameko.extensions import DependencyProvider

from services.shared.mongo import connect
from services.reporting.event_store import EventStore, ensure_indexes

log = logging.getLogger(__name__)

# Pause before giving a message back after a database failure, so a
# database outage does not turn into a hot redelivery loop.
REQUEUE_PAUSE_SECONDS = 1.0


class CentreEvents(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.client = connect(config["MONGO_URL"], config.get("MONGO_TIMEOUT_MS", 5000))
        self.store = EventStore(self.client[config["MONGO_DATABASE"]])

    def start(self):
        try:
            ensure_indexes(self.store.database)
        except Exception:
            log.exception("cannot create the centre's indexes yet; ingest will retry writes")

    def stop(self):
        self.client.close()

    def get_dependency(self, worker_ctx):
        return self.store


class IngestService:
    name = "reporting_ingest"

    events = CentreEvents()

    def _ingest(self, body):
        try:
            outcome = self.events.ingest(body)
        except Exception:
            log.exception("cannot store event; it will be redelivered")
            time.sleep(REQUEUE_PAUSE_SECONDS)
            raise
        log.debug("event %s", outcome)
        return outcome

    @event_handler("outreach", "visit_recorded", requeue_on_error=True)
    def on_visit_recorded(self, body):
        return self._ingest(body)

    @event_handler("outreach", "visit_voided", requeue_on_error=True)
    def on_visit_voided(self, body):
        return self._ingest(body)

    @event_handler("assessment", "client_registered", requeue_on_error=True)
    def on_client_registered(self, body):
        return self._ingest(body)

    @event_handler("assessment", "measurement_recorded", requeue_on_error=True)
    def on_measurement_recorded(self, body):
        return self._ingest(body)

    @event_handler("assessment", "form_submitted", requeue_on_error=True)
    def on_form_submitted(self, body):
        return self._ingest(body)

    @event_handler("groups", "group_started", requeue_on_error=True)
    def on_group_started(self, body):
        return self._ingest(body)

    @event_handler("groups", "participant_enrolled", requeue_on_error=True)
    def on_participant_enrolled(self, body):
        return self._ingest(body)

    @event_handler("groups", "session_held", requeue_on_error=True)
    def on_session_held(self, body):
        return self._ingest(body)

    @event_handler("groups", "survey_submitted", requeue_on_error=True)
    def on_survey_submitted(self, body):
        return self._ingest(body)

    @event_handler("groups", "feedback_submitted", requeue_on_error=True)
    def on_feedback_submitted(self, body):
        return self._ingest(body)

    @event_handler("groups", "group_ended", requeue_on_error=True)
    def on_group_ended(self, body):
        return self._ingest(body)
