"""The assessment API on a running service, a real RabbitMQ and a real
SecantusDB: clients, measurement rounds, research forms and the follow-up
due list."""
import pytest

from services.shared.payloads.common import today_in_finland
from tests.support import auth, client_body, measurement_body, wait_for

KAINUU = auth("kainuu-token")
ESSOTE = auth("essote-token")
ADULT_LIMIT = today_in_finland().year - 15
COLLECTIONS = ("clients", "measurements", "forms", "outbox", "idempotency")


def counts(db):
    return {name: db[name].count_documents({}) for name in COLLECTIONS}


def expect_422(api, db, path, body, fields, headers=KAINUU):
    before = counts(db)
    response = api.post(path, json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == {"code": "validation_failed",
                                        "message": "The request has invalid fields; nothing was stored.",
                                        "fields": fields}
    assert counts(db) == before, "a rejected request changed the database"


@pytest.fixture
def registered(assessment_api):
    response = assessment_api.post("/assessment/clients", json=client_body(), headers=KAINUU)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_client_is_registered_once(assessment_api, assessment_db, registered):
    assert registered["client"] == "kainuu-c001" and registered["partner_id"] == "kainuu"
    again = assessment_api.post("/assessment/clients", json=client_body(birth_year=1990), headers=KAINUU)
    assert again.status_code == 409 and again.json()["error"]["code"] == "client_exists"
    # Pseudonyms are per partner: Essote may have its own kainuu-c001.
    assert assessment_api.post("/assessment/clients", json=client_body(), headers=ESSOTE).status_code == 201
    assert assessment_db.clients.count_documents({}) == 2


@pytest.mark.parametrize("overrides, fields", [
    ({"labour_market_status": "employed"},
     {"out_of_work_months": ["Only for the unemployed or those outside the labour force."]}),
    ({"primary_reason_other": "vahvistuminen"}, {"primary_reason_other": ["Only when primary_reason is 'other'."]}),
    ({"birth_year": 2020}, {"birth_year": [f"Must be between 1900 and {ADULT_LIMIT} (adult social work clients)."]}),
    ({"household": "commune"}, {"household": ["Unknown code 'commune' of codelist households."]}),
    ({"needs_assessment_done": "yes"}, {"needs_assessment_done": ["Not a valid boolean."]}),
    ({"needs_assessment_done": 1}, {"needs_assessment_done": ["Not a valid boolean."]}),  # 1 == True in Python
    ({"needs_assessment_done": 0}, {"needs_assessment_done": ["Not a valid boolean."]}),
    ({"client": "010101A123N"},
     {"client": ["Looks like a personal identity code (henkilötunnus). SOS Hub stores pseudonyms only: remove it."]}),
    ({"name": "Maija"}, {"name": ["Unknown field."]}),
])
def test_a_bad_client_gets_its_error(assessment_api, assessment_db, overrides, fields):
    expect_422(assessment_api, assessment_db, "/assessment/clients", client_body(**overrides), fields)


def test_measurement_rounds_follow_each_other(assessment_api, assessment_db, registered):
    path = "/assessment/measurements"
    expect_422(assessment_api, assessment_db, path, measurement_body(round=2, measured_on="2019-01-10"),
               {"round": ["Round 2 needs round 1 of kykyviisari first."]})
    first = assessment_api.post(path, json=measurement_body(), headers=KAINUU)
    assert first.status_code == 201, first.text
    expect_422(assessment_api, assessment_db, path, measurement_body(score=7),
               {"round": ["Round 1 of kykyviisari is already recorded for this client."]})
    expect_422(assessment_api, assessment_db, path, measurement_body(round=2, measured_on="2018-09-09"),
               {"measured_on": ["Must not be before the baseline (2018-09-10)."]})
    second = assessment_api.post(path, json=measurement_body(round=2, measured_on="2019-01-10", score=6), headers=KAINUU)
    assert second.status_code == 201
    detail = assessment_api.get("/assessment/clients/kainuu-c001", headers=KAINUU).json()
    assert detail["measurements"] == [{"instrument": "kykyviisari", "rounds": [1, 2], "forms": []}]


def test_scores_must_fit_the_instrument(assessment_api, assessment_db, registered):
    body = measurement_body()
    body["scores"]["body"] = 11
    body["scores"]["tone"] = 3
    del body["scores"]["mind"]
    expect_422(assessment_api, assessment_db, "/assessment/measurements", body, {"scores": {
        "body": ["Must be between 0 and 10."], "tone": ["Not a domain of kykyviisari."],
        "mind": ["Missing score for this domain."]}})
    expect_422(assessment_api, assessment_db, "/assessment/measurements", measurement_body(instrument="bdi"),
               {"instrument": ["Must be one of: kykyviisari, avhv, esy."]})


def test_a_measurement_needs_a_registered_client_of_the_same_partner(assessment_api, assessment_db, registered):
    message = {"client": ["Unknown client of this partner: register it with POST /assessment/clients first."]}
    expect_422(assessment_api, assessment_db, "/assessment/measurements", measurement_body(client="kainuu-c999"), message)
    expect_422(assessment_api, assessment_db, "/assessment/measurements", measurement_body(), message, headers=ESSOTE)
    assert assessment_api.get("/assessment/clients/kainuu-c001", headers=ESSOTE).status_code == 404
    assert assessment_api.get("/assessment/clients/kainuu-c001?partner=kainuu",
                              headers=auth("coordinator-token")).status_code == 200


def test_forms_go_with_their_measurements(assessment_api, assessment_db, registered):
    form1 = {"client": "kainuu-c001", "instrument": "kykyviisari", "form": 1, "submitted_on": "2018-09-10",
             "answers": {"helped_see_situation": 4, "clarified_support_needs": 5, "best_contact_methods": ["phone", "office"]},
             "worker": "kainuu-sw-02"}
    expect_422(assessment_api, assessment_db, "/assessment/forms", form1,
               {"form": ["Form 1 goes with a baseline (round 1) measurement of kykyviisari; record it first."]})
    assessment_api.post("/assessment/measurements", json=measurement_body(), headers=KAINUU)
    assert assessment_api.post("/assessment/forms", json=form1, headers=KAINUU).status_code == 201
    expect_422(assessment_api, assessment_db, "/assessment/forms", form1,
               {"form": ["Form 1 of kykyviisari is already submitted for this client."]})
    form2 = {**form1, "form": 2, "submitted_on": "2019-01-10", "answers": {"showed_change": 3, "goal_reached": "partly"}}
    expect_422(assessment_api, assessment_db, "/assessment/forms", form2,
               {"form": ["Form 2 goes with a follow-up (round 2 or later) measurement of kykyviisari; record it first."]})
    expect_422(assessment_api, assessment_db, "/assessment/forms",
               {**form1, "form": 2, "answers": {"showed_change": 6, "goal_reached": "maybe", "helped_see_situation": 3,
                                                "helpful_services": ""}},
               {"answers": {"showed_change": ["Must be between 1 and 5."],
                            "goal_reached": ["Must be one of: yes, partly, no."],
                            "helped_see_situation": ["Not a question of form 2."],
                            "helpful_services": ["Must be text of 1-1000 characters."]}})
    expect_422(assessment_api, assessment_db, "/assessment/forms", {**form1, "answers": {}},
               {"answers": {"_schema": ["Give at least one answer."]}})
    # A form is about its measurement: not dated before it.
    assessment_api.post("/assessment/measurements", json=measurement_body(round=2, measured_on="2019-01-10"),
                        headers=KAINUU)
    expect_422(assessment_api, assessment_db, "/assessment/forms", {**form2, "submitted_on": "2019-01-09"},
               {"submitted_on": ["Must not be before the first follow-up measurement (2019-01-10)."]})
    assert assessment_api.post("/assessment/forms", json=form2, headers=KAINUU).status_code == 201


def test_a_baseline_form_is_not_dated_before_its_measurement(assessment_api, assessment_db, registered):
    assessment_api.post("/assessment/measurements", json=measurement_body(), headers=KAINUU)
    expect_422(assessment_api, assessment_db, "/assessment/forms", {
        "client": "kainuu-c001", "instrument": "kykyviisari", "form": 1, "submitted_on": "2018-09-09",
        "answers": {"helped_see_situation": 4}, "worker": "kainuu-sw-02"},
        {"submitted_on": ["Must not be before the baseline measurement (2018-09-10)."]})


def test_every_assessment_write_reaches_the_centre_once(assessment_api, ingest, centre_db, registered):
    assessment_api.post("/assessment/measurements", json=measurement_body(), headers=KAINUU)
    assessment_api.post("/assessment/forms", headers=KAINUU, json={
        "client": "kainuu-c001", "instrument": "kykyviisari", "form": 1, "submitted_on": "2018-09-10",
        "answers": {"helped_see_situation": 4}, "worker": "kainuu-sw-02"})
    assessment_api.post("/assessment/measurements", json=measurement_body(round=2, measured_on="2019-01-10"), headers=KAINUU)
    assert wait_for(lambda: centre_db.events.count_documents({}) == 4)
    types = sorted(e["event_type"] for e in centre_db.events.find())
    assert types == ["assessment.client_registered", "assessment.form_submitted",
                     "assessment.measurement_recorded", "assessment.measurement_recorded"]
    assert centre_db.rejected_events.count_documents({}) == 0


def register(api, client, headers=KAINUU, worker="kainuu-sw-02"):
    response = api.post("/assessment/clients", json=client_body(client=client, worker=worker), headers=headers)
    assert response.status_code == 201, response.text


def measure(api, client, round, day, instrument="kykyviisari", headers=KAINUU, worker="kainuu-sw-02"):
    scores = {"kykyviisari": {d: 5 for d in ("body", "mind", "skills", "interaction", "everyday_life",
                                             "participation", "work_ability", "life_satisfaction")},
              "esy": {d: 5 for d in ("housing", "finances", "health", "substance_use", "social_relationships",
                                     "work_education", "everyday_life", "leisure")}}[instrument]
    response = api.post("/assessment/measurements", headers=headers, json={
        "client": client, "instrument": instrument, "round": round, "measured_on": day, "scores": scores,
        "worker": worker})
    assert response.status_code == 201, response.text


def test_the_due_list_names_clients_without_a_follow_up(assessment_api):
    # Kainuu, autumn 2018: baselines by two workers, some followed up.
    for client, worker, baseline, follow_up in [
        ("k-01", "kainuu-sw-02", "2018-09-03", None),          # due: 120 days on 2019-01-01
        ("k-02", "kainuu-sw-02", "2018-09-20", "2018-12-14"),  # followed up: not due
        ("k-03", "kainuu-sw-02", "2018-10-03", None),          # exactly 90 days: due
        ("k-04", "kainuu-sw-02", "2018-10-04", None),          # 89 days: not yet
        ("k-05", "kainuu-sw-07", "2018-08-15", None),          # another worker: due
        ("k-06", "kainuu-sw-07", "2018-12-20", None),          # recent: not due
    ]:
        register(assessment_api, client, worker=worker)
        measure(assessment_api, client, 1, baseline, worker=worker)
        if follow_up:
            measure(assessment_api, client, 2, follow_up, worker=worker)
    measure(assessment_api, "k-02", 1, "2018-09-01", instrument="esy")  # ESY baseline, no follow-up: due
    register(assessment_api, "e-01", headers=ESSOTE, worker="essote-sw-01")
    measure(assessment_api, "e-01", 1, "2018-06-01", headers=ESSOTE, worker="essote-sw-01")

    due = assessment_api.get("/assessment/followups/due?after_days=90&as_of=2019-01-01", headers=KAINUU).json()
    assert due["as_of"] == "2019-01-01" and due["after_days"] == 90 and due["total"] == 4
    assert [(g["worker"], g["instrument"], [(c["client"], c["days_since_baseline"]) for c in g["clients"]])
            for g in due["due"]] == [
        ("kainuu-sw-02", "esy", [("k-02", 122)]),
        ("kainuu-sw-02", "kykyviisari", [("k-01", 120), ("k-03", 90)]),
        ("kainuu-sw-07", "kykyviisari", [("k-05", 139)]),
    ]
    assert {g["partner_id"] for g in due["due"]} == {"kainuu"}

    everyone = assessment_api.get("/assessment/followups/due?after_days=90&as_of=2019-01-01",
                                  headers=auth("coordinator-token")).json()
    assert everyone["total"] == 5
    assert assessment_api.get("/assessment/followups/due?partner=kainuu", headers=ESSOTE).status_code == 403
    bad = assessment_api.get("/assessment/followups/due?after_days=-1", headers=KAINUU)
    assert bad.status_code == 422 and "after_days" in bad.json()["error"]["fields"]


def test_assessment_openapi_describes_the_instruments(assessment_api):
    spec = assessment_api.get("/assessment/openapi.json").json()
    assert {"/assessment/clients", "/assessment/measurements", "/assessment/forms",
            "/assessment/followups/due"} <= set(spec["paths"])
    measurement = spec["components"]["schemas"]["MeasurementCreate"]
    assert measurement["properties"]["instrument"]["enum"] == ["kykyviisari", "avhv", "esy"]
    client = spec["paths"]["/assessment/clients/{client}"]["get"]
    partner = [p for p in client["parameters"] if p["name"] == "partner"]
    assert partner and partner[0]["in"] == "query" and "coordinator" in partner[0]["description"].lower()
    assert "422" in client["responses"] and "403" in client["responses"]


def test_the_coordinator_names_the_partner_of_a_pseudonym(assessment_api):
    # Pseudonyms are unique per partner only: both have a kainuu-c001.
    register(assessment_api, "kainuu-c001")
    response = assessment_api.post("/assessment/clients", headers=ESSOTE,
                                   json=client_body(birth_year=1990, worker="essote-sw-01"))
    assert response.status_code == 201, response.text
    measure(assessment_api, "kainuu-c001", 1, "2018-09-01", instrument="esy", headers=ESSOTE, worker="essote-sw-01")
    coordinator = auth("coordinator-token")

    ambiguous = assessment_api.get("/assessment/clients/kainuu-c001", headers=coordinator)
    assert ambiguous.status_code == 422
    needed = "The coordinator names the partner: pseudonyms are unique per partner only."
    assert ambiguous.json()["error"] == {"code": "validation_failed", "message": f"{needed} Add ?partner=<partner id>.",
                                         "fields": {"partner": [needed]}}
    essote = assessment_api.get("/assessment/clients/kainuu-c001?partner=essote", headers=coordinator).json()
    assert (essote["partner_id"], essote["birth_year"]) == ("essote", 1990)
    assert essote["measurements"] == [{"instrument": "esy", "rounds": [1], "forms": []}]
    kainuu = assessment_api.get("/assessment/clients/kainuu-c001?partner=kainuu", headers=coordinator).json()
    assert (kainuu["partner_id"], kainuu["birth_year"], kainuu["measurements"]) == ("kainuu", 1984, [])
    assert assessment_api.get("/assessment/clients/kainuu-c001?partner=sosteri", headers=coordinator).status_code == 404

    # A partner reads its own client, named or not, and never another's.
    own = assessment_api.get("/assessment/clients/kainuu-c001", headers=ESSOTE).json()
    assert (own["partner_id"], own["birth_year"]) == ("essote", 1990)
    assert assessment_api.get("/assessment/clients/kainuu-c001?partner=essote", headers=ESSOTE).status_code == 200
    assert assessment_api.get("/assessment/clients/kainuu-c001?partner=kainuu", headers=ESSOTE).status_code == 403
    unknown = assessment_api.get("/assessment/clients/kainuu-c001?colour=blue", headers=KAINUU)
    assert unknown.status_code == 422 and unknown.json()["error"]["fields"] == {"colour": ["Unknown field."]}

    # The coordinator's due list names each one's partner.
    measure(assessment_api, "kainuu-c001", 1, "2018-09-03")
    due = assessment_api.get("/assessment/followups/due?after_days=90&as_of=2019-01-01", headers=coordinator).json()
    assert [(g["partner_id"], [c["client"] for c in g["clients"]]) for g in due["due"]] == [
        ("essote", ["kainuu-c001"]), ("kainuu", ["kainuu-c001"])]
