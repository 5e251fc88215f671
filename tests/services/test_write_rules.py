"""Who may write, and what one Idempotency-Key gives when its requests
race: on running services, a real RabbitMQ and a real SecantusDB."""
import eventlet
import pytest
import requests

from services.shared import definitions
from tests.support import auth, client_body, group_body, measurement_body, participant_body, visit_body

KAINUU = auth("kainuu-token")
COORDINATOR = auth("coordinator-token")
ITEMS = [item["code"] for item in definitions.survey_items()]


def contents(db):
    return {name: db[name].count_documents({}) for name in db.list_collection_names()}


def test_the_coordinator_records_nothing_in_assessment_and_groups(assessment_api, groups_api, assessment_db,
                                                                   groups_db):
    # Kainuu's client and group exist, so only the role can be the reason.
    assert assessment_api.post("/assessment/clients", json=client_body(), headers=KAINUU).status_code == 201
    assert assessment_api.post("/assessment/measurements", json=measurement_body(), headers=KAINUU).status_code == 201
    group = groups_api.post("/groups", json=group_body(), headers=KAINUU).json()
    base = f"/groups/{group['group_id']}"
    before = contents(assessment_db), contents(groups_db)
    for api, path, body in [
        (assessment_api, "/assessment/clients", client_body(client="kainuu-c002")),
        (assessment_api, "/assessment/measurements", measurement_body(round=2, measured_on="2019-01-10")),
        (assessment_api, "/assessment/forms", {"client": "kainuu-c001", "instrument": "kykyviisari", "form": 1,
                                               "submitted_on": "2018-09-10", "answers": {"helped_see_situation": 4},
                                               "worker": "kainuu-sw-02"}),
        (groups_api, "/groups", group_body(name="Koordinaattorin ryhmä")),
        (groups_api, f"{base}/participants", participant_body()),
        (groups_api, f"{base}/sessions", {"held_on": "2019-04-02", "duration_minutes": 90, "attendees": []}),
        (groups_api, f"{base}/feedback", {"submitted_on": "2019-04-23", "ratings": {"overall": 5}}),
        (groups_api, f"{base}/end", {"ended_on": "2019-04-23"}),
    ]:
        response = api.post(path, json=body, headers={**COORDINATOR, "Idempotency-Key": f"coordinator-{path}"})
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"] == {"code": "forbidden", "message": "Only a partner's token can record data.",
                                            "fields": {}}
    assert (contents(assessment_db), contents(groups_db)) == before, "a refused write changed a database"
    assert groups_api.get(base, headers=COORDINATOR).json()["ended"] is False


def race(api, path, bodies, headers):
    """POSTs every body at once; the answers in the same order."""
    barrier = eventlet.event.Event()

    def post(body):
        barrier.wait()
        return requests.post(api.base_url + path, json=body, headers=headers, timeout=30)

    pool = eventlet.GreenPool(len(bodies))
    answers = [pool.spawn(post, body) for body in bodies]
    eventlet.sleep(0)
    barrier.send()
    return [answer.wait() for answer in answers]


@pytest.mark.parametrize("path, body, collection", [
    ("/outreach/visits", visit_body(), "visits"),
    ("/assessment/clients", client_body(), "clients"),
])
def test_racing_requests_with_one_key_store_one_record_and_answer_alike(request, path, body, collection):
    service = path.split("/")[1]
    api = request.getfixturevalue(f"{service}_api")
    db = request.getfixturevalue(f"{service}_db" if service != "outreach" else "outreach_db")
    answers = race(api, path, [body] * 6, {**KAINUU, "Idempotency-Key": "kainuu-race-1"})
    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1, "the answers differ"
    assert [a.headers.get("Idempotent-Replayed") for a in answers].count("true") == 5
    assert db[collection].count_documents({}) == 1
    assert db.outbox.count_documents({}) == 1, "more than one event"
    assert db.idempotency.count_documents({}) == 1


def test_racing_requests_with_one_key_and_different_bodies_store_one_of_them(outreach_api, outreach_db):
    bodies = [visit_body(people_contacted=n % 2 + 1) for n in range(6)]
    answers = race(outreach_api, "/outreach/visits", bodies, {**KAINUU, "Idempotency-Key": "kainuu-race-2"})
    stored = outreach_db.visits.find_one()
    assert outreach_db.visits.count_documents({}) == 1 and outreach_db.outbox.count_documents({}) == 1
    for body, answer in zip(bodies, answers):
        if body["people_contacted"] == stored["people_contacted"]:
            assert answer.status_code == 201 and answer.json()["visit_id"] == str(stored["_id"]), answer.text
        else:
            assert answer.status_code == 409 and answer.json()["error"]["code"] == "idempotency_key_reused"
    # After the conflict the key still answers its own request, and only that.
    winner = next(answer.json() for answer in answers if answer.status_code == 201)
    for contacted in (1, 2):
        again = outreach_api.post("/outreach/visits", json=visit_body(people_contacted=contacted),
                                  headers={**KAINUU, "Idempotency-Key": "kainuu-race-2"})
        if contacted == stored["people_contacted"]:
            assert again.status_code == 201 and again.json() == winner
        else:
            assert again.status_code == 409
    assert outreach_db.visits.count_documents({}) == 1 and outreach_db.outbox.count_documents({}) == 1


def test_racing_voids_and_ends_with_one_key_answer_alike(outreach_api, outreach_db, groups_api, groups_db):
    visit = outreach_api.post("/outreach/visits", json=visit_body(), headers=KAINUU).json()
    group = groups_api.post("/groups", json=group_body(), headers=KAINUU).json()
    for api, db, path, body, event_type in [
        (outreach_api, outreach_db, f"/outreach/visits/{visit['visit_id']}/void", {"reason": "kahdesti"},
         "outreach.visit_voided"),
        (groups_api, groups_db, f"/groups/{group['group_id']}/end", {"ended_on": "2019-04-23"}, "groups.group_ended"),
    ]:
        answers = race(api, path, [body] * 6, {**KAINUU, "Idempotency-Key": f"kainuu-race-{event_type}"})
        assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
        assert len({a.text for a in answers}) == 1, "the answers differ"
        assert db.outbox.count_documents({"event.event_type": event_type}) == 1


def test_racing_requests_keep_a_groups_rules(groups_api, groups_db):
    # Each request alone is refused when it breaks a rule; at once, too.
    group = groups_api.post("/groups", json=group_body(), headers=KAINUU).json()
    base = f"/groups/{group['group_id']}"
    assert groups_api.post(f"{base}/participants", json=participant_body(), headers=KAINUU).status_code == 201
    answers = {"start survey": race(groups_api, f"{base}/surveys", [{
                   "phase": "start", "client": "kainuu-g001", "submitted_on": "2019-04-03",
                   "answers": {code: 3 for code in ITEMS}}] * 8, KAINUU),
               "feedback": race(groups_api, f"{base}/feedback", [{
                   "client": "kainuu-g001", "submitted_on": "2019-04-03", "ratings": {"overall": 4}}] * 8, KAINUU)}
    for what, answered in answers.items():
        assert sorted(a.status_code for a in answered) == [201] + [422] * 7, (what, [a.text for a in answered])
    assert groups_db.surveys.count_documents({"client": "kainuu-g001"}) == 1
    assert groups_db.feedback.count_documents({"client": "kainuu-g001"}) == 1

    # An end on 2019-04-10 racing sessions held on the 20th: either the end
    # comes first (the sessions get 409) or a session does (the end is refused).
    session = {"held_on": "2019-04-20", "duration_minutes": 60, "attendees": ["kainuu-g001"]}
    bodies = [{"ended_on": "2019-04-10"}, session, session, session]
    barrier = eventlet.event.Event()

    def post(path, body):
        barrier.wait()
        return requests.post(groups_api.base_url + path, json=body, headers=KAINUU, timeout=30)

    pool = eventlet.GreenPool(len(bodies))
    pending = [pool.spawn(post, f"{base}/end" if "ended_on" in body else f"{base}/sessions", body) for body in bodies]
    eventlet.sleep(0)
    barrier.send()
    end, *sessions = [answer.wait() for answer in pending]
    stored = groups_db.groups.find_one({})
    held = groups_db.sessions.count_documents({})
    if end.status_code == 200:
        assert stored["ended"] and held == 0, [s.text for s in sessions]
        assert {s.status_code for s in sessions} == {409}
    else:
        assert end.status_code in (409, 422) and not stored["ended"], end.text
        assert held == sum(s.status_code == 201 for s in sessions) >= 1
