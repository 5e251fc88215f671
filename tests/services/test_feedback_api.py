"""Client feedback through one-time links (PRO SOS asiakaspalaute) on a
running assessment service, a real RabbitMQ and a real SecantusDB: a worker
issues a link, the client answers it once without logging in, and every
link that does not work gets a clear refusal that changes nothing."""
import re
import threading
from datetime import datetime, timedelta

from services.shared.envelope import utcnow
from services.shared.payloads.common import today_in_finland
from tests.support import auth, wait_for

KAINUU = auth("kainuu-token")
COLLECTIONS = ("feedback_links", "feedback_answers", "outbox")


def counts(db):
    return {name: db[name].count_documents({}) for name in COLLECTIONS}


def link_body(**overrides):
    return {"municipality": "205", "service_type": "office_appointment",
            "encounter_on": today_in_finland().isoformat(), "language": "fi", "worker": "kainuu-sw-01",
            **overrides}


def issue(api, **overrides):
    response = api.post("/assessment/feedback-links", json=link_body(**overrides), headers=KAINUU)
    assert response.status_code == 201, response.text
    return response.json()


def path_of(link):
    return "/feedback/" + link["url"].rsplit("/feedback/", 1)[1]


def test_a_link_is_answered_once_without_login(assessment_api, assessment_db):
    link = issue(assessment_api)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/feedback/[A-Za-z0-9_-]{43}", link["url"])
    assert link["qr_svg"].startswith("<svg") and link["expires_on"] == (
        utcnow() + timedelta(days=14)).date().isoformat()
    # Only the token's hash is kept: the database cannot hand out the link.
    token = link["url"].rsplit("/", 1)[1]
    stored = assessment_db.feedback_links.find_one({})
    assert token not in str(stored) and token not in str(list(assessment_db.idempotency.find()))

    form = assessment_api.get(path_of(link))
    assert form.status_code == 200 and "Tulin kuulluksi." in form.text
    assert form.headers["Referrer-Policy"] == "no-referrer" and "script-src" not in form.headers[
        "Content-Security-Policy"]

    answered = assessment_api.post(path_of(link), data={"heard": "5", "helped": "4", "overall": "5",
                                                       "comment": "Hyvä tapaaminen"})
    assert answered.status_code == 201 and "Kiitos palautteestasi" in answered.text
    answer = assessment_db.feedback_answers.find_one({})
    assert answer["answers"] == {"heard": 5, "helped": 4, "overall": 5}
    assert answer["municipality"] == "205" and "link_id" not in answer and "worker" not in answer

    again = assessment_api.post(path_of(link), data={"heard": "1"})
    assert again.status_code == 410 and "Palaute on jo annettu" in again.text
    assert assessment_db.feedback_answers.count_documents({}) == 1
    assert assessment_api.get(path_of(link)).status_code == 410


def test_the_events_name_no_client_and_answers_no_link(assessment_api, assessment_db):
    link = issue(assessment_api, language="sv")
    assert "Jag blev hörd." in assessment_api.get(path_of(link)).text
    assessment_api.post(path_of(link), json={"answers": {"overall": 3}})
    events = {e["event"]["event_type"]: e["event"] for e in assessment_db.outbox.find()}
    issued, given = events["assessment.feedback_link_issued"], events["assessment.feedback_given"]
    assert issued["payload"]["link_id"] == link["link_id"] and issued["payload"]["worker"] == "kainuu-sw-01"
    assert set(given["payload"]) == {"feedback_id", "municipality", "service_type", "encounter_on", "answered_on",
                                     "definition_version", "answers", "comment"}
    # Both fall on the encounter's day: answers and links are counted in the same periods.
    assert given["occurred_at"][:10] == issued["occurred_at"][:10] == link["encounter_on"]


def test_racing_answers_count_once(assessment_api, assessment_db):
    link = issue(assessment_api)
    statuses = []

    def answer():
        statuses.append(assessment_api.post(path_of(link), json={"answers": {"overall": 4}}).status_code)

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 410, 410, 410]
    assert assessment_db.feedback_answers.count_documents({}) == 1


def test_made_up_and_expired_links_get_clear_pages(assessment_api, assessment_db):
    made_up = assessment_api.get("/feedback/" + "A" * 43)
    assert made_up.status_code == 404 and "Linkkiä ei löydy" in made_up.text
    odd = assessment_api.get("/feedback/%3Cscript%3E?lang=en")
    assert odd.status_code == 404 and "Link not found" in odd.text and "<script>" not in odd.text

    link = issue(assessment_api)
    assessment_db.feedback_links.update_one({}, {"$set": {"expires_at": utcnow() - timedelta(seconds=1)}})
    before = counts(assessment_db)
    expired = assessment_api.post(path_of(link), data={"overall": "5"}, headers={"Accept-Language": "en"})
    assert expired.status_code == 410 and "The link has expired" in expired.text
    as_json = assessment_api.post(path_of(link), json={"answers": {"overall": 5}})
    assert as_json.status_code == 410 and as_json.json()["error"]["code"] == "link_expired"
    assert as_json.headers["Cache-Control"] == "no-store"
    assert counts(assessment_db) == before


def test_a_bad_answer_keeps_the_link_and_says_why(assessment_api, assessment_db):
    link = issue(assessment_api)
    before = counts(assessment_db)
    hetu = assessment_api.post(path_of(link), data={"overall": "4", "comment": "olen 010101-123N"})
    assert hetu.status_code == 422 and "henkilötunnus" in hetu.text and "010101-123N" not in hetu.text
    # What the client filled in is kept on the page so they only fix the comment.
    assert 'value="4" checked' in hetu.text
    empty = assessment_api.post(path_of(link), data={"comment": ""})  # the page's empty form
    assert empty.status_code == 422 and "Vastaa vähintään yhteen" in empty.text
    out_of_scale = assessment_api.post(path_of(link), json={"answers": {"overall": 9, "name": 1}})
    assert out_of_scale.status_code == 422
    assert out_of_scale.json()["error"]["fields"] == {"answers": {
        "overall": ["Must be between 1 and 5."], "name": ["Not an item of the client feedback."]}}
    assert counts(assessment_db) == before
    assert assessment_api.post(path_of(link), data={"overall": "4"}).status_code == 201


def test_the_partner_cannot_pair_an_answer_with_its_link_by_time(assessment_api, assessment_db):
    # Three encounters alike but for the worker; the answer must not say
    # whose it was, so the answered link may not take on the answer's time.
    links = [issue(assessment_api, worker=f"kainuu-sw-0{n}") for n in (1, 2, 3)]
    before = {doc["_id"]: doc for doc in assessment_db.feedback_links.find()}
    assert assessment_api.post(path_of(links[1]), data={"overall": "2"}).status_code == 201
    answer = assessment_db.feedback_answers.find_one({})
    for doc in assessment_db.feedback_links.find():
        times = {key: value for key, value in doc.items() if isinstance(value, datetime)}
        assert times == {key: value for key, value in before[doc["_id"]].items() if isinstance(value, datetime)}
        assert answer["recorded_at"] not in times.values()
    assert assessment_api.get(path_of(links[1])).status_code == 410


def test_answers_in_other_digits_are_refused_on_the_page(assessment_api, assessment_db):
    link = issue(assessment_api)
    for odd in ("\u00b2", "\uff14", "\u0663"):  # superscript two, full-width four, Arabic-Indic three
        refused = assessment_api.post(path_of(link), data={"overall": odd})
        assert refused.status_code == 422 and "Vastausta ei voitu lukea" in refused.text
    assert assessment_db.feedback_answers.count_documents({}) == 0
    assert assessment_api.post(path_of(link), data={"overall": "4"}).status_code == 201


def test_guessing_links_is_rate_limited(assessment_api, assessment_db):
    for _ in range(20):
        assert assessment_api.get("/feedback/" + "B" * 43).status_code == 404
    link = issue(assessment_api)
    refused = assessment_api.get(path_of(link))
    assert refused.status_code == 429 and "Liian monta yritystä" in refused.text
    assert refused.headers["Retry-After"] == "900"  # when the failures behind it expire
    as_json = assessment_api.post(path_of(link), json={"answers": {"overall": 4}})
    assert as_json.status_code == 429 and as_json.json()["error"]["code"] == "too_many_attempts"
    assert as_json.headers["Retry-After"] == "900"
    assert assessment_db.feedback_links.find_one({})["used"] is False


def test_issuing_needs_a_worker_and_valid_fields(assessment_api, assessment_db):
    assert assessment_api.post("/assessment/feedback-links", json=link_body()).status_code == 401
    bad = assessment_api.post("/assessment/feedback-links", headers=KAINUU,
                              json=link_body(service_type="sauna", language="de", client="kainuu-c001"))
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"service_type", "language", "client"}
    assert counts(assessment_db) == {name: 0 for name in COLLECTIONS}


def test_a_replayed_issue_does_not_reveal_the_link_again(assessment_api, assessment_db):
    headers = {**KAINUU, "Idempotency-Key": "fb-1"}
    first = assessment_api.post("/assessment/feedback-links", json=link_body(), headers=headers)
    assert first.headers["Cache-Control"] == "no-store"  # it carries the one-time link
    replay = assessment_api.post("/assessment/feedback-links", json=link_body(), headers=headers)
    assert first.json()["url"] and replay.json()["url"] is None and replay.json()["link_id"] == first.json()["link_id"]
    assert assessment_db.feedback_links.count_documents({}) == 1


def test_feedback_reaches_the_centre(assessment_api, ingest, centre_db):
    link = issue(assessment_api)
    assessment_api.post(path_of(link), json={"answers": {"overall": 5}, "comment": "Kiitos"})
    stored = wait_for(lambda: centre_db.events.count_documents(
        {"event_type": {"$in": ["assessment.feedback_link_issued", "assessment.feedback_given"]}}) == 2)
    assert stored


def test_a_form_answer_is_read_as_strictly_as_json(assessment_api, assessment_db):
    link = issue(assessment_api)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for body in (b"overall=4&comment=%FF%FEok", b"overall=4&comment=%ED%A0%80x", b"overall=1&overall=5"):
        refused = assessment_api.post(path_of(link), data=body, headers=form)
        assert refused.status_code == 400 and "Vastausta ei voitu lukea" in refused.text, body
    for other in ({"Content-Type": "text/plain"}, {}):
        refused = assessment_api.post(path_of(link), data=b"overall=4", headers=other)
        assert refused.status_code == 415, (other, refused.status_code)
    assert assessment_db.feedback_answers.count_documents({}) == 0
    assert assessment_api.post(path_of(link), data=b"overall=4&comment=kiitos", headers=form).status_code == 201
    assert assessment_db.feedback_answers.find_one({})["comment"] == "kiitos"
