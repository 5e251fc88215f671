"""The outreach service's logic with nameko's worker_factory: the service
instance runs without a container, on a real database; only the relay is
absent, so written events stay pending in the outbox."""
import json
from functools import partial

import pytest
from nameko.testing.services import worker_factory
from werkzeug.test import EnvironBuilder

from services.outreach.dependencies import ensure_indexes
from services.outreach.service import OutreachService
from services.shared.auth import TokenRegistry
from services.shared.http import authenticate_request
from services.shared.outbox import Outbox
from tests.support import auth, visit_body


@pytest.fixture
def service(outreach_db, settings):
    ensure_indexes(outreach_db)
    wakes = []
    instance = worker_factory(
        OutreachService,
        db=outreach_db,
        outbox=Outbox(wake=lambda: wakes.append(1)),
        authenticate=partial(authenticate_request, TokenRegistry(settings.tokens_file)),
    )
    instance.wakes = wakes
    return instance


def request(method, path, body=None, headers=None, query=None):
    return EnvironBuilder(method=method, path=path, json=body, headers=headers or {},
                          query_string=query).get_request()


def answer(response):
    return response.status_code, json.loads(response.get_data(as_text=True))


def test_a_recorded_visit_is_stored_with_its_pending_event(service, outreach_db):
    status, body = answer(service.record_visit(
        request("POST", "/outreach/visits", visit_body(), auth("kainuu-token"))))
    assert status == 201
    assert body["partner_id"] == "kainuu" and body["voided"] is False
    stored = outreach_db.visits.find_one()
    assert str(stored["_id"]) == body["visit_id"]
    entry = outreach_db.outbox.find_one()
    assert entry["published_at"] is None
    event = entry["event"]
    assert event["event_type"] == "outreach.visit_recorded"
    assert event["partner_id"] == "kainuu"
    assert event["event_id"] == body["event_id"]
    assert event["occurred_at"].startswith("2019-03-04T00:00:00")
    assert event["payload"]["visit_id"] == body["visit_id"]
    assert event["payload"]["people_contacted"] == 5
    assert service.wakes == [1]


def test_the_partner_comes_from_the_token_not_the_body(service, outreach_db):
    status, body = answer(service.record_visit(
        request("POST", "/outreach/visits", visit_body(partner_id="essote"), auth("kainuu-token"))))
    assert status == 422 and body["error"]["fields"] == {"partner_id": ["Unknown field."]}
    status, body = answer(service.record_visit(
        request("POST", "/outreach/visits", visit_body(), auth("essote-token"))))
    assert body["partner_id"] == "essote"


def test_a_coordinator_cannot_record_visits(service, outreach_db):
    status, body = answer(service.record_visit(
        request("POST", "/outreach/visits", visit_body(), auth("coordinator-token"))))
    assert (status, body["error"]["code"]) == (403, "forbidden")
    assert outreach_db.visits.count_documents({}) == 0


def test_invalid_visit_stores_and_queues_nothing(service, outreach_db):
    status, body = answer(service.record_visit(
        request("POST", "/outreach/visits", visit_body(worker_rating=9), auth("kainuu-token"))))
    assert status == 422
    assert body == {"error": {"code": "validation_failed",
                              "message": "The request has invalid fields; nothing was stored.",
                              "fields": {"worker_rating": [
                                  "Must be greater than or equal to 1 and less than or equal to 5."]}}}
    assert outreach_db.visits.count_documents({}) == 0
    assert outreach_db.outbox.count_documents({}) == 0
    assert service.wakes == []


def test_void_writes_a_void_event_referring_to_the_original(service, outreach_db):
    _, visit = answer(service.record_visit(
        request("POST", "/outreach/visits", visit_body(), auth("kainuu-token"))))
    status, voided = answer(service.void_visit(
        request("POST", "/", {"reason": "Kirjattu kahdesti"}, auth("kainuu-token")), visit["visit_id"]))
    assert status == 200 and voided["voided"] is True and voided["void_reason"] == "Kirjattu kahdesti"
    void_event = outreach_db.outbox.find_one({"event.event_type": "outreach.visit_voided"})["event"]
    assert void_event["payload"] == {"visit_id": visit["visit_id"], "voided_event_id": visit["event_id"],
                                     "reason": "Kirjattu kahdesti"}
    status, again = answer(service.void_visit(
        request("POST", "/", {"reason": "again"}, auth("kainuu-token")), visit["visit_id"]))
    assert (status, again["error"]["code"]) == (409, "already_voided")
    assert outreach_db.outbox.count_documents({}) == 2


def test_listing_filters_by_period_and_excludes_voided_on_request(service, outreach_db):
    for day in ("2018-05-02", "2019-01-15", "2019-06-30"):
        service.record_visit(request("POST", "/outreach/visits", visit_body(visit_date=day), auth("kainuu-token")))
    status, page = answer(service.list_visits(
        request("GET", "/outreach/visits", headers=auth("kainuu-token"), query={"from": "2019-01-01"})))
    assert status == 200
    assert [v["visit_date"] for v in page["items"]] == ["2019-06-30", "2019-01-15"]
    assert page["total"] == 2
    first = page["items"][0]["visit_id"]
    service.void_visit(request("POST", "/", {"reason": "virhe"}, auth("kainuu-token")), first)
    _, page = answer(service.list_visits(request("GET", "/outreach/visits", headers=auth("kainuu-token"),
                                                 query={"include_voided": "false"})))
    assert [v["visit_date"] for v in page["items"]] == ["2019-01-15", "2018-05-02"]
