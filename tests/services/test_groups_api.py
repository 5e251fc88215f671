"""The group work API on a running service, a real RabbitMQ and a real
SecantusDB: a group's life from start to end, the rules on the way, and
the composition derived from enrolments."""
import pytest

from services.shared import definitions
from tests.support import auth, group_body, participant_body, wait_for

KAINUU = auth("kainuu-token")
ESSOTE = auth("essote-token")
COLLECTIONS = ("groups", "participants", "sessions", "surveys", "feedback", "outbox", "idempotency")
ITEMS = [item["code"] for item in definitions.survey_items()]


def counts(db):
    return {name: db[name].count_documents({}) for name in COLLECTIONS}


def expect_error(api, db, path, body, status, fields=None, code="validation_failed", headers=KAINUU):
    before = counts(db)
    response = api.post(path, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    if fields is not None:
        assert response.json()["error"]["fields"] == fields
    assert counts(db) == before, "a rejected request changed the database"


@pytest.fixture
def group(groups_api):
    response = groups_api.post("/groups", json=group_body(), headers=KAINUU)
    assert response.status_code == 201, response.text
    assert response.headers["Location"] == f"/groups/{response.json()['group_id']}"
    return response.json()


def enroll(api, group, client, **overrides):
    response = api.post(f"/groups/{group['group_id']}/participants", json=participant_body(client, **overrides),
                        headers=KAINUU)
    assert response.status_code == 201, response.text


def survey(phase, client, answers=None, day="2019-04-02"):
    return {"phase": phase, "client": client, "submitted_on": day, "answers": answers or {code: 3 for code in ITEMS}}


def test_a_group_from_start_to_end_reaches_the_centre(groups_api, ingest, centre_db, group):
    base = f"/groups/{group['group_id']}"
    for client in ("kainuu-g001", "kainuu-g002", "kainuu-g003"):
        enroll(groups_api, group, client)
        assert groups_api.post(f"{base}/surveys", json=survey("start", client), headers=KAINUU).status_code == 201
    session = groups_api.post(f"{base}/sessions", headers=KAINUU, json={
        "held_on": "2019-04-02", "duration_minutes": 135, "attendees": ["kainuu-g001", "kainuu-g002"]})
    assert session.status_code == 201, session.text
    assert groups_api.post(f"{base}/feedback", headers=KAINUU, json={
        "client": "kainuu-g001", "submitted_on": "2019-04-23", "ratings": {"overall": 5, "benefit": 4},
        "comments": "Hyvä ryhmä"}).status_code == 201
    ended = groups_api.post(f"{base}/end", json={"ended_on": "2019-04-23"}, headers=KAINUU)
    assert ended.status_code == 200 and ended.json()["ended"] is True and ended.json()["ended_on"] == "2019-04-23"

    assert wait_for(lambda: centre_db.events.count_documents({}) == 10)
    by_type = {}
    for event in centre_db.events.find():
        by_type[event["event_type"]] = by_type.get(event["event_type"], 0) + 1
    assert by_type == {"groups.group_started": 1, "groups.participant_enrolled": 3, "groups.survey_submitted": 3,
                       "groups.session_held": 1, "groups.feedback_submitted": 1, "groups.group_ended": 1}
    ended_event = centre_db.events.find_one({"event_type": "groups.group_ended"})
    assert ended_event["payload"]["sessions_held"] == 1 and ended_event["payload"]["participants"] == 3


def test_nothing_can_be_added_after_the_end(groups_api, groups_db, group):
    base = f"/groups/{group['group_id']}"
    enroll(groups_api, group, "kainuu-g001")
    groups_api.post(f"{base}/end", json={"ended_on": "2019-04-30"}, headers=KAINUU)
    for suffix, body in [
        ("participants", participant_body("kainuu-g009")),
        ("sessions", {"held_on": "2019-04-30", "duration_minutes": 90, "attendees": ["kainuu-g001"]}),
        ("surveys", survey("end", "kainuu-g001")),
        ("feedback", {"submitted_on": "2019-04-30", "ratings": {"overall": 4}}),
        ("end", {"ended_on": "2019-05-01"}),
    ]:
        expect_error(groups_api, groups_db, f"{base}/{suffix}", body, 409, code="group_ended")


def test_session_attendees_must_be_enrolled(groups_api, groups_db, group):
    enroll(groups_api, group, "kainuu-g001")
    expect_error(groups_api, groups_db, f"/groups/{group['group_id']}/sessions",
                 {"held_on": "2019-04-09", "duration_minutes": 90, "attendees": ["kainuu-g001", "kainuu-g404"]},
                 422, {"attendees": {"1": ["Not enrolled in this group."]}})
    expect_error(groups_api, groups_db, f"/groups/{group['group_id']}/sessions",
                 {"held_on": "2019-03-01", "duration_minutes": 90, "attendees": ["kainuu-g001"]},
                 422, {"held_on": ["Must not be before the group started (2019-04-02)."]})


@pytest.mark.parametrize("answers, fields", [
    ({"feel_lonely": 6}, {"answers": {"feel_lonely": ["Must be between 1 and 5."]}}),
    ({"feel_lonely": "5"}, {"answers": {"feel_lonely": ["Not a valid integer."]}}),
    ({"happiness": 3}, {"answers": {"happiness": ["Unknown item."]}}),
    ({}, {"answers": ["Give at least one answer."]}),
])
def test_survey_answers_are_checked_item_by_item(groups_api, groups_db, group, answers, fields):
    enroll(groups_api, group, "kainuu-g001")
    expect_error(groups_api, groups_db, f"/groups/{group['group_id']}/surveys",
                 {**survey("start", "kainuu-g001"), "answers": answers}, 422, fields)


def test_a_client_answers_each_phase_once_and_must_be_enrolled(groups_api, groups_db, group):
    base = f"/groups/{group['group_id']}"
    enroll(groups_api, group, "kainuu-g001")
    assert groups_api.post(f"{base}/surveys", json=survey("start", "kainuu-g001"), headers=KAINUU).status_code == 201
    expect_error(groups_api, groups_db, f"{base}/surveys", survey("start", "kainuu-g001"), 422,
                 {"phase": ["This client's start survey is already submitted."]})
    expect_error(groups_api, groups_db, f"{base}/surveys", survey("start", "kainuu-g404"), 422,
                 {"client": ["Not enrolled in this group."]})
    # Anonymous surveys (no client) are allowed, as on paper.
    assert groups_api.post(f"{base}/surveys", json=survey("start", None), headers=KAINUU).status_code == 201
    expect_error(groups_api, groups_db, f"{base}/participants", participant_body("kainuu-g001"), 422,
                 {"client": ["Already enrolled in this group."]})
    # 1 and 0 (a count, or a form's checkbox sent as a number) are not a yes or a no.
    for number in (1, 0):
        expect_error(groups_api, groups_db, f"{base}/participants", participant_body("kainuu-g002", lives_alone=number),
                     422, {"lives_alone": ["Not a valid boolean."]})


def test_bad_groups_are_rejected(groups_api, groups_db):
    expect_error(groups_api, groups_db, "/groups", group_body(activity="knitting", facilitators=[]), 422, {
        "activity": ["Unknown code 'knitting' of codelist group_activities."],
        "facilitators": ["Length must be between 1 and 20."]})
    expect_error(groups_api, groups_db, "/groups", group_body(name="Ryhmä 131052-308T"), 422, {
        "name": ["Looks like a personal identity code (henkilötunnus). SOS Hub stores pseudonyms only: remove it."]})


def test_another_partner_cannot_touch_the_group(groups_api, groups_db, group):
    base = f"/groups/{group['group_id']}"
    expect_error(groups_api, groups_db, f"{base}/participants", participant_body("essote-g001"), 404,
                 code="not_found", headers=ESSOTE)
    expect_error(groups_api, groups_db, f"{base}/end", {"ended_on": "2019-05-01"}, 404, code="not_found",
                 headers=ESSOTE)
    assert groups_api.get(base, headers=ESSOTE).status_code == 404
    assert groups_api.get("/groups", headers=ESSOTE).json() == {"items": []}
    assert len(groups_api.get("/groups", headers=auth("coordinator-token")).json()["items"]) == 1


def test_composition_is_derived_from_enrolments_as_taulukko_3(groups_api, group):
    # Kainuu's gestalt therapy group 1: three women living alone, two
    # long-term unemployed and one unemployed for 7 months; one came for
    # health, two for changes in life.
    enroll(groups_api, group, "kainuu-g001", out_of_work_months=30, primary_reason="health")
    enroll(groups_api, group, "kainuu-g002", out_of_work_months=26, primary_reason="life_changes")
    enroll(groups_api, group, "kainuu-g003", out_of_work_months=7, primary_reason="life_changes")
    for day in ("2019-04-02", "2019-04-09", "2019-04-16", "2019-04-23"):
        groups_api.post(f"/groups/{group['group_id']}/sessions", headers=KAINUU, json={
            "held_on": day, "duration_minutes": 135, "attendees": ["kainuu-g001", "kainuu-g002", "kainuu-g003"]})
    described = groups_api.get(f"/groups/{group['group_id']}", headers=KAINUU).json()
    assert described["sessions_held"] == 4
    assert described["group_hours"] == 9.0
    assert described["composition"] == {
        "participants": 3, "gender": {"female": 3}, "marital_status": {"single": 3}, "lives_alone": 3,
        "labour_market_status": {"unemployed": 3}, "long_term_unemployed": 2,
        "primary_reason": {"health": 1, "life_changes": 2}, "referred_by": {"adult_social_work": 3},
    }


def test_groups_openapi_lists_every_endpoint(groups_api):
    spec = groups_api.get("/groups/openapi.json").json()
    assert {"/groups", "/groups/{group_id}", "/groups/{group_id}/participants", "/groups/{group_id}/sessions",
            "/groups/{group_id}/surveys", "/groups/{group_id}/feedback", "/groups/{group_id}/end"} == set(spec["paths"])


def test_a_groups_records_keep_their_days_in_order(groups_api, groups_db, group):
    base = f"/groups/{group['group_id']}"
    enroll(groups_api, group, "kainuu-g001", enrolled_on="2019-04-10")
    expect_error(groups_api, groups_db, f"{base}/sessions",
                 {"held_on": "2019-04-05", "duration_minutes": 60, "attendees": ["kainuu-g001"]}, 422,
                 {"attendees": {"0": ["Enrolled only on 2019-04-10, after this session."]}})
    expect_error(groups_api, groups_db, f"{base}/surveys", survey("start", "kainuu-g001", day="2019-04-09"), 422,
                 {"submitted_on": ["Must not be before the client's enrolment (2019-04-10)."]})
    assert groups_api.post(f"{base}/surveys", json=survey("start", "kainuu-g001", day="2019-04-12"),
                           headers=KAINUU).status_code == 201
    expect_error(groups_api, groups_db, f"{base}/surveys", survey("end", "kainuu-g001", day="2019-04-11"), 422,
                 {"submitted_on": ["Must not be before the client's start survey (2019-04-12)."]})
    assert groups_api.post(f"{base}/surveys", json=survey("end", "kainuu-g001", day="2019-04-12"),
                           headers=KAINUU).status_code == 201  # the same day is fine
    enroll(groups_api, group, "kainuu-g002")  # the end survey typed in first
    assert groups_api.post(f"{base}/surveys", json=survey("end", "kainuu-g002", day="2019-04-20"),
                           headers=KAINUU).status_code == 201
    expect_error(groups_api, groups_db, f"{base}/surveys", survey("start", "kainuu-g002", day="2019-04-21"), 422,
                 {"submitted_on": ["Must not be after the client's end survey (2019-04-20)."]})
