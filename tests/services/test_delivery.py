"""Events from a partner's service to the centre's event store: exactly
once, through duplicates, a stopped broker and a failing database."""
import subprocess
import uuid
from datetime import datetime, timezone

import pytest
from kombu import Connection

from services.reporting.ingest import IngestService
from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from services.reporting.readmodels.store import read_meta
from services.shared.amqp import event_exchange
from services.shared.envelope import make_event, source_and_name
from services.shared.settings import service_config
from tests.support import SecantusServer, auth, visit_body, wait_for


def publish_raw(amqp_uri, event_type, body):
    """Publishes as a partner's relay would, bypassing its outbox."""
    exchange = event_exchange(event_type)
    with Connection(amqp_uri) as connection:
        connection.Producer(serializer="json").publish(
            body, exchange=exchange, routing_key=source_and_name(event_type)[1], declare=[exchange],
            delivery_mode=2)


def recorded_event(partner="kainuu"):
    payload = {**visit_body(), "visit_id": str(uuid.uuid4())}
    return make_event("outreach.visit_recorded", partner, datetime(2019, 3, 4, tzinfo=timezone.utc), payload)


def test_a_posted_visit_reaches_the_centre_exactly_once(outreach_api, ingest, centre_db, outreach_db):
    visit = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token")).json()
    stored = wait_for(lambda: centre_db.events.find_one({"_id": visit["event_id"]}))
    assert stored["event_type"] == "outreach.visit_recorded"
    assert stored["partner_id"] == "kainuu"
    assert stored["payload"]["visit_id"] == visit["visit_id"]
    assert stored["payload"]["people_contacted"] == 5
    assert wait_for(lambda: outreach_db.outbox.find_one({"published_at": {"$ne": None}}))

    # The relay crashed after publishing but before marking: it publishes again.
    outreach_db.outbox.update_many({}, {"$set": {"published_at": None}})
    assert wait_for(lambda: outreach_db.outbox.find_one({"published_at": {"$ne": None}, "attempts": 2}))
    assert centre_db.events.count_documents({}) == 1


def test_the_same_event_delivered_twice_is_stored_once(ingest, settings, centre_db):
    event = recorded_event()
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", event)
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", event)
    assert wait_for(lambda: centre_db.events.count_documents({}) == 1)
    other = recorded_event()
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", other)
    # Once the later event is in, the duplicate before it has been handled.
    assert wait_for(lambda: centre_db.events.find_one({"_id": other["event_id"]}))
    assert centre_db.events.count_documents({}) == 2


def test_a_void_reaches_the_centre(outreach_api, ingest, centre_db):
    visit = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token")).json()
    outreach_api.post(f"/outreach/visits/{visit['visit_id']}/void", json={"reason": "kahdesti"},
                      headers=auth("kainuu-token"))
    void = wait_for(lambda: centre_db.events.find_one({"event_type": "outreach.visit_voided"}))
    assert void["payload"]["voided_event_id"] == visit["event_id"]


@pytest.mark.parametrize("mutate, reason_key", [
    (lambda e: e.update(event_id="not-a-uuid"), "event_id"),
    (lambda e: e["payload"].update(worker_rating=7), "payload"),
    (lambda e: e.update(schema_version=99), "event_type"),
    (lambda e: e["payload"].update(observations="131052-308T"), "payload"),
])
def test_an_invalid_event_is_set_aside_with_its_reason_and_acked(ingest, settings, centre_db, ingest_queues,
                                                                 mutate, reason_key):
    event = recorded_event()
    mutate(event)
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", event)
    rejected = wait_for(lambda: centre_db.rejected_events.find_one())
    assert reason_key in rejected["reason"]
    assert "131052-308T" not in str(rejected)
    assert centre_db.events.count_documents({}) == 0
    good = recorded_event()
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", good)
    assert wait_for(lambda: centre_db.events.find_one({"_id": good["event_id"]})), "a poison event blocked the queue"


def test_events_published_before_the_ingest_first_starts_are_kept(container_factory, settings, ingest_queues,
                                                                  centre_db):
    event = recorded_event()
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", event)
    container_factory(IngestService, service_config(settings, "centre")).start()
    assert wait_for(lambda: centre_db.events.find_one({"_id": event["event_id"]}))


def ready(amqp_uri, queue):
    """Messages waiting in ``queue`` (a consumer's unacknowledged ones go
    back there when it stops)."""
    with Connection(amqp_uri) as connection:
        declared = connection.default_channel.queue_declare(queue.name, passive=True)
    return declared.message_count


def test_a_backlog_is_taken_in_batches_each_event_once_and_every_message_acked(container_factory, settings,
                                                                                ingest_queues, centre_db):
    # Waiting messages reach the ingest as batches; invalid ones among them
    # are set aside without holding back the rest of their batch.
    visits = [recorded_event() for _ in range(450)]
    invalid = [recorded_event() for _ in range(3)]
    for event in invalid:
        event["payload"]["worker_rating"] = 9
    backlog = visits[:200] + invalid + visits[200:] + visits[:50]  # and redeliveries
    for event in backlog:
        publish_raw(settings.amqp_uri, "outreach.visit_recorded", event)
    container = container_factory(IngestService, service_config(settings, "centre"))
    container.start()
    assert wait_for(lambda: centre_db.events.count_documents({}) == 450, timeout=60)
    assert wait_for(lambda: centre_db.rejected_events.count_documents({}) == 3)
    queue = next(q for q in ingest_queues if q.routing_key == "visit_recorded")
    assert wait_for(lambda: ready(settings.amqp_uri, queue) == 0, timeout=30)
    container.stop()
    assert ready(settings.amqp_uri, queue) == 0, "messages left unacknowledged"
    region = compute_metrics(centre_db, load_project("iso-sos"))["regions"]["kainuu"]
    assert region["outreach"]["visits"] == 450
    assert region["outreach"]["contacts"] == 450 * visit_body()["people_contacted"]
    assert read_meta(centre_db)["version"] < 100, "the backlog went in one event at a time"


@pytest.fixture
def stopped_broker():
    """Stops the RabbitMQ application for the test body; always restarts it."""
    state = {"stopped": False}

    def stop():
        subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=60)
        state["stopped"] = True

    def start():
        subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True, timeout=120)
        subprocess.run(["rabbitmqctl", "await_startup"], check=True, capture_output=True, timeout=120)
        state["stopped"] = False

    yield stop, start
    if state["stopped"]:
        start()


def test_a_visit_accepted_while_the_broker_is_stopped_is_delivered_after_it_restarts(
        outreach_api, ingest, centre_db, outreach_db, stopped_broker):
    stop, start = stopped_broker
    stop()
    response = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token"))
    assert response.status_code == 201
    visit = response.json()
    # The relay keeps trying; the event waits in the outbox.
    assert wait_for(lambda: outreach_db.outbox.find_one({"attempts": {"$gte": 1}}), timeout=10)
    assert outreach_db.outbox.find_one()["published_at"] is None
    start()
    stored = wait_for(lambda: centre_db.events.find_one({"_id": visit["event_id"]}), timeout=60)
    assert stored is not None
    assert centre_db.events.count_documents({}) == 1


@pytest.fixture
def centre_server(tmp_path):
    server = SecantusServer(tmp_path / "centre-db").start()
    yield server
    server.stop()


def test_an_ingest_that_cannot_write_does_not_lose_the_event(container_factory, settings, ingest_queues,
                                                             centre_server, caplog):
    config = {**service_config(settings, "centre"), "MONGO_URL": centre_server.url, "MONGO_TIMEOUT_MS": 1000}
    container_factory(IngestService, config).start()
    centre_server.stop()
    event = recorded_event()
    publish_raw(settings.amqp_uri, "outreach.visit_recorded", event)
    # Give the handler time to fail on the stopped database and requeue.
    assert wait_for(lambda: "they will be redelivered" in caplog.text, timeout=10)
    centre_server.start()
    client = centre_server.client()
    events = client[settings.database("centre")].events
    assert wait_for(lambda: events.find_one({"_id": event["event_id"]}), timeout=30)
    assert events.count_documents({}) == 1
    client.close()


def test_two_replicas_of_a_service_publish_each_event_once(start_api, ingest, centre_db, outreach_db):
    """Two outreach containers on one database: only the relay holding the
    outbox's lease publishes, so no event is sent twice."""
    from services.outreach.service import OutreachService

    first = start_api(OutreachService, "outreach")
    start_api(OutreachService, "outreach")
    visits = [first.post("/outreach/visits", json=visit_body(venue=f"Paikka {n}"), headers=auth("kainuu-token"))
              for n in range(30)]
    assert all(answer.status_code == 201 for answer in visits)
    assert wait_for(lambda: centre_db.events.count_documents({}) == 30, timeout=30)
    assert wait_for(lambda: outreach_db.outbox.count_documents({"published_at": None}) == 0)
    assert outreach_db.outbox.count_documents({"attempts": {"$ne": 1}}) == 0, "every event was published once"
    holders = outreach_db.outbox_lease.find_one({"_id": "relay"})
    assert holders is not None and holders["owner"]


def test_a_dead_relays_lease_passes_on(outreach_db):
    from services.shared.outbox import RelayLease

    dead, alive = RelayLease(outreach_db, seconds=1), RelayLease(outreach_db, seconds=1)
    assert dead.hold() is True
    assert alive.hold() is False, "held by the other relay"
    assert dead.hold() is True, "renewed by its holder"
    assert wait_for(alive.hold, timeout=5, interval=0.2), "expired, so taken over"
    assert dead.hold() is False
