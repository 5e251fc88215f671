"""The outreach HTTP API on a running service, a real RabbitMQ and a real
SecantusDB: bad requests get their clear error and change nothing, tokens
decide who may do what, retries are idempotent."""
import pytest
from kombu import Connection

from tests.support import auth, visit_body, wait_for

BAD_VISITS = [
    ("unknown field", visit_body(colour="blue"), {"colour": ["Unknown field."]}),
    ("unknown topic", visit_body(topics=["astrology"]),
     {"topics": {"0": ["Unknown code 'astrology' of codelist outreach_topics."]}}),
    ("unknown nature", visit_body(nature="phone"), {"nature": ["Unknown code 'phone' of codelist visit_natures."]}),
    ("rating out of range", visit_body(suitability_rating=0),
     {"suitability_rating": ["Must be greater than or equal to 1 and less than or equal to 5."]}),
    ("contacted beyond present", visit_body(people_present=2, people_contacted=3),
     {"people_contacted": ["Cannot exceed people_present: those contacted were present."]}),
    ("future date", visit_body(visit_date="2999-01-01"), {"visit_date": ["Must not be in the future."]}),
    ("identity code", visit_body(observations="Asiakas 131052-308T"),
     {"observations": ["Looks like a personal identity code (henkilötunnus). SOS Hub stores pseudonyms only: remove it."]}),
]


def queue_depths(settings, queues):
    with Connection(settings.amqp_uri) as connection:
        channel = connection.default_channel
        return {queue.name: queue(channel).queue_declare(passive=True).message_count for queue in queues}


@pytest.mark.parametrize("case, body, fields", BAD_VISITS, ids=[case for case, _, _ in BAD_VISITS])
def test_a_bad_visit_gets_its_error_and_changes_nothing(outreach_api, outreach_db, settings, ingest_queues,
                                                        case, body, fields):
    response = outreach_api.post("/outreach/visits", json=body, headers=auth("kainuu-token"))
    assert response.status_code == 422
    assert response.json() == {"error": {"code": "validation_failed",
                                         "message": "The request has invalid fields; nothing was stored.",
                                         "fields": fields}}
    assert "131052-308T" not in response.text
    assert outreach_db.visits.count_documents({}) == 0
    assert outreach_db.outbox.count_documents({}) == 0
    assert outreach_db.idempotency.count_documents({}) == 0
    # The centre's queues are declared and unconsumed here: nothing reached the broker.
    assert set(queue_depths(settings, ingest_queues).values()) == {0}


def test_a_good_visit_reaches_the_broker(outreach_api, settings, ingest_queues):
    """The counterpart of the test above: the same check sees a real event."""
    response = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token"))
    assert response.status_code == 201
    assert response.headers["Location"] == f"/outreach/visits/{response.json()['visit_id']}"
    depths = wait_for(lambda: (lambda d: sum(d.values()) and d)(queue_depths(settings, ingest_queues)))
    visits = "evt-outreach-visit_recorded--reporting_ingest.on_visit_recorded"
    assert depths[visits] == 1
    assert sum(depths.values()) == 1


@pytest.mark.parametrize("body, content_type, status, code", [
    ("{not json", "application/json", 400, "invalid_json"),
    ('["a list"]', "application/json", 422, "validation_failed"),
    ("visit_date=2019-01-01", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
])
def test_unreadable_bodies_get_a_clear_error(outreach_api, outreach_db, body, content_type, status, code):
    response = outreach_api.post("/outreach/visits", data=body,
                                 headers={**auth("kainuu-token"), "Content-Type": content_type})
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert outreach_db.visits.count_documents({}) == 0


@pytest.mark.parametrize("headers", [{}, auth("no-such-token"), {"Authorization": "Basic a2FpbnV1OnB3"}],
                         ids=["missing", "unknown", "not bearer"])
def test_a_wrong_or_missing_token_gets_401_everywhere(outreach_api, outreach_db, headers):
    for method, path in [("post", "/outreach/visits"), ("get", "/outreach/visits"),
                         ("post", "/outreach/visits/6f1c1b0e-2b1a-4c8e-9d59-1f0d7a0b8f11/void")]:
        response = getattr(outreach_api, method)(path, json=visit_body(), headers=headers)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "unauthenticated"
        assert response.headers["WWW-Authenticate"] == "Bearer"
    assert outreach_db.visits.count_documents({}) == 0


def test_a_partner_cannot_read_or_void_another_partners_visits(outreach_api, outreach_db):
    kainuu_visit = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token")).json()
    essote_visit = outreach_api.post("/outreach/visits", json=visit_body(municipality="491", worker="essote-sw-01"),
                                     headers=auth("essote-token")).json()

    listed = outreach_api.get("/outreach/visits", headers=auth("essote-token")).json()
    assert [v["visit_id"] for v in listed["items"]] == [essote_visit["visit_id"]]
    assert outreach_api.get("/outreach/visits?partner=kainuu", headers=auth("essote-token")).status_code == 403
    assert outreach_api.get(f"/outreach/visits/{kainuu_visit['visit_id']}",
                            headers=auth("essote-token")).status_code == 404

    response = outreach_api.post(f"/outreach/visits/{kainuu_visit['visit_id']}/void", json={"reason": "not mine"},
                                 headers=auth("essote-token"))
    assert response.status_code == 404
    assert outreach_db.visits.find_one({"event_id": kainuu_visit["event_id"]})["voided"] is False
    assert outreach_db.outbox.count_documents({"event.event_type": "outreach.visit_voided"}) == 0

    everything = outreach_api.get("/outreach/visits", headers=auth("coordinator-token")).json()
    assert everything["total"] == 2
    only_kainuu = outreach_api.get("/outreach/visits?partner=kainuu", headers=auth("coordinator-token")).json()
    assert [v["visit_id"] for v in only_kainuu["items"]] == [kainuu_visit["visit_id"]]


def test_a_retried_post_returns_the_first_answer_and_publishes_nothing_new(outreach_api, outreach_db):
    headers = {**auth("kainuu-token"), "Idempotency-Key": "kainuu-2019-03-04-tutun-tupa"}
    first = outreach_api.post("/outreach/visits", json=visit_body(), headers=headers)
    again = outreach_api.post("/outreach/visits", json=visit_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert outreach_db.visits.count_documents({}) == 1
    assert outreach_db.outbox.count_documents({}) == 1

    other = outreach_api.post("/outreach/visits", json=visit_body(people_contacted=1), headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    # Keys are per partner: another partner's same key is a new request.
    essote = outreach_api.post("/outreach/visits", json=visit_body(),
                               headers={**auth("essote-token"), "Idempotency-Key": headers["Idempotency-Key"]})
    assert essote.status_code == 201 and essote.json()["visit_id"] != first.json()["visit_id"]
    assert outreach_db.outbox.count_documents({}) == 2


def test_a_retried_void_is_idempotent_too(outreach_api, outreach_db):
    visit = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token")).json()
    headers = {**auth("kainuu-token"), "Idempotency-Key": "void-1"}
    path = f"/outreach/visits/{visit['visit_id']}/void"
    first = outreach_api.post(path, json={"reason": "kahdesti"}, headers=headers)
    again = outreach_api.post(path, json={"reason": "kahdesti"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert outreach_db.outbox.count_documents({"event.event_type": "outreach.visit_voided"}) == 1


def test_void_needs_a_reason(outreach_api, outreach_db):
    visit = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token")).json()
    response = outreach_api.post(f"/outreach/visits/{visit['visit_id']}/void", json={}, headers=auth("kainuu-token"))
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"reason": ["Missing data for required field."]}
    assert outreach_db.visits.find_one()["voided"] is False


@pytest.mark.parametrize("value", ["1", "yes", "on", "True"])
def test_include_voided_is_true_or_false_only(outreach_api, value):
    response = outreach_api.get(f"/outreach/visits?include_voided={value}", headers=auth("kainuu-token"))
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["include_voided"]
    assert outreach_api.get("/outreach/visits?include_voided=false", headers=auth("kainuu-token")).status_code == 200


def test_openapi_is_generated_from_the_schemas(outreach_api):
    spec = outreach_api.get("/outreach/openapi.json").json()
    assert spec["openapi"] == "3.0.3"
    assert {"/outreach/visits", "/outreach/visits/{visit_id}", "/outreach/visits/{visit_id}/void"} <= set(spec["paths"])
    create = spec["components"]["schemas"]["VisitCreate"]
    assert create["additionalProperties"] is False
    assert set(create["required"]) >= {"visit_date", "topics", "people_contacted", "worker"}
    assert create["properties"]["worker_rating"]["minimum"] == 1
    assert create["properties"]["worker_rating"]["maximum"] == 5
    assert "home_visit" in create["properties"]["nature"]["enum"]
    assert len(create["properties"]["topics"]["items"]["enum"]) == 12


def test_a_visit_reads_back_as_its_post_answered(outreach_api):
    # Moments included: the database keeps milliseconds, and so does the answer.
    posted = outreach_api.post("/outreach/visits", json=visit_body(), headers=auth("kainuu-token")).json()
    path = f"/outreach/visits/{posted['visit_id']}"
    assert outreach_api.get(path, headers=auth("kainuu-token")).json()["recorded_at"] == posted["recorded_at"]
    voided = outreach_api.post(f"{path}/void", json={"reason": "kahdesti"}, headers=auth("kainuu-token")).json()
    assert outreach_api.get(path, headers=auth("kainuu-token")).json()["voided_at"] == voided["voided_at"]
