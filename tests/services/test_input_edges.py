"""Inputs an attacker or a careless client sends: each gets a 4xx in the
JSON error shape, never a server error or an HTML page, and nothing is
stored."""
import json
import uuid

import pytest

from tests.support import auth, client_body, group_body, visit_body

SOME_ID = str(uuid.uuid4())
POST_PATHS = [
    "/outreach/visits", f"/outreach/visits/{SOME_ID}/void",
    "/assessment/clients", "/assessment/measurements", "/assessment/forms",
    "/groups", f"/groups/{SOME_ID}/participants", f"/groups/{SOME_ID}/sessions", f"/groups/{SOME_ID}/surveys",
    f"/groups/{SOME_ID}/feedback", f"/groups/{SOME_ID}/end",
]
HETU = "131052-308T"


@pytest.fixture
def apis(outreach_api, assessment_api, groups_api):
    """Posts to whichever service owns the path."""
    by_prefix = {"/outreach": outreach_api, "/assessment": assessment_api, "/groups": groups_api}

    def call(method, path, **kwargs):
        session = next(s for prefix, s in by_prefix.items() if path.startswith(prefix))
        kwargs.setdefault("headers", auth("kainuu-token"))
        return session.request(method, path, **kwargs)

    return call


def assert_error(response, status, code=None):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    if code:
        assert error["code"] == code
    return error


def raw_post(apis, path, data, content_type="application/json", headers=None):
    return apis("POST", path, data=data, headers={**auth("kainuu-token"), "Content-Type": content_type,
                                                  **(headers or {})})


def test_huge_offsets_and_limits_are_422_not_overflows(apis):
    for query in ("offset=9223372036854775808", "limit=9223372036854775808", "offset=-1",
                  "offset=99999999999999999999999999"):
        error = assert_error(apis("GET", f"/outreach/visits?{query}"), 422, "validation_failed")
        assert set(error["fields"]) == {query.split("=")[0]}
    error = assert_error(apis("GET", "/assessment/followups/due?after_days=9223372036854775808"), 422)
    assert set(error["fields"]) == {"after_days"}


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_deeply_nested_bodies_are_refused_on_every_post(apis, outreach_db, depth):
    for path in POST_PATHS:
        assert_error(raw_post(apis, path, "[" * depth + "]" * depth), 400, "too_deep")
        body = '{"venue": ' + "[" * depth + "]" * depth + "}"
        assert_error(raw_post(apis, path, body), 400, "too_deep")
    assert outreach_db.visits.count_documents({}) == 0


def test_a_lone_surrogate_is_a_422_naming_its_field(apis, outreach_db):
    body = json.dumps(visit_body(venue="Tupa")).replace('"Tupa"', '"Tu\\ud800pa"')
    error = assert_error(raw_post(apis, "/outreach/visits", body), 422, "validation_failed")
    assert error["fields"] == {"venue": ["Is not valid Unicode text (a lone surrogate)."]}
    # As an unknown field's name it is neither echoed nor a crash.
    body = json.dumps(visit_body()).replace('"venue":', '"\\udfff": 1, "venue":')
    error = assert_error(raw_post(apis, "/outreach/visits", body), 422, "validation_failed")
    assert list(error["fields"]) == ["<redacted>"]
    for path in POST_PATHS:
        assert_error(raw_post(apis, path, '{"reason": "\\udc00"}'), 422, "validation_failed")
    assert outreach_db.visits.count_documents({}) == 0


def test_a_body_that_is_not_utf8_is_refused(apis, outreach_db):
    latin1 = json.dumps(visit_body(venue="Kylätalo"), ensure_ascii=False).encode("latin-1")
    assert_error(raw_post(apis, "/outreach/visits", latin1), 400, "invalid_encoding")
    assert_error(raw_post(apis, "/outreach/visits", json.dumps(visit_body()).replace("12", "NaN", 1)), 400,
                 "invalid_json")
    assert outreach_db.visits.count_documents({}) == 0



def test_a_key_given_twice_is_refused_at_any_depth(apis, outreach_db):
    body = json.dumps(visit_body())
    for twice in (body.replace('"venue":', '"venue": "Toinen", "venue":'),
                  body.replace('"topics":', '"x": {"a": 1, "a": 2}, "topics":')):
        assert_error(raw_post(apis, "/outreach/visits", twice), 400, "duplicate_key")
    assert outreach_db.visits.count_documents({}) == 0
    assert raw_post(apis, "/outreach/visits", body).status_code == 201

def test_unknown_paths_and_methods_answer_json(apis):
    for path in ("/outreach/nothing", "/assessment/clients/a/b", "/groups/x/y/z", "/outreach/visits/"):
        assert_error(apis("GET", path), 404, "not_found")
    response = apis("DELETE", "/outreach/visits")
    assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert_error(apis("PUT", "/groups"), 405, "method_not_allowed")
    assert_error(apis("PATCH", "/assessment/measurements"), 405, "method_not_allowed")


UNSAFE_TEXT = [
    ("control character", "Tupa\x00", "Must not contain control characters."),
    ("escape sequence", "\x1b[31mTupa", "Must not contain control characters."),
    ("bidi override", "Tupa \u202eapuT", "Must not contain bidirectional control characters."),
    ("bidi isolate", "\u2066Tupa\u2069", "Must not contain bidirectional control characters."),
    ("only spaces", "   ", "Must not be blank."),
    ("only invisible", "\u00a0\u200b", "Must not be blank."),
]


@pytest.mark.parametrize("case, text, message", UNSAFE_TEXT, ids=[c for c, _, _ in UNSAFE_TEXT])
def test_unsafe_text_is_refused_with_the_field_named(apis, outreach_db, case, text, message):
    error = assert_error(apis("POST", "/outreach/visits", json=visit_body(venue=text)), 422)
    assert message in error["fields"]["venue"]
    if message != "Must not be blank.":
        error = assert_error(apis("POST", "/outreach/visits", json=visit_body(observations=f"x {text} y")), 422)
        assert error["fields"]["observations"] == [message]
    assert outreach_db.visits.count_documents({}) == 0


def test_line_breaks_and_tabs_stay_welcome_in_observations(apis):
    response = apis("POST", "/outreach/visits", json=visit_body(observations="Rivi 1\nRivi 2\r\n\tsisennetty"))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("date", ["20190304", "2019-W10-1", "2019-063", "2019-3-4", "2019-03-04T00:00",
                                  "２０１９-０３-０４"])
def test_dates_are_only_yyyy_mm_dd(apis, date):
    error = assert_error(apis("POST", "/outreach/visits", json=visit_body(visit_date=date)), 422)
    assert error["fields"] == {"visit_date": ["Not a valid date."]}
    error = assert_error(apis("POST", "/assessment/clients", json=client_body(registered_on=date)), 422)
    assert error["fields"] == {"registered_on": ["Not a valid date."]}
    error = assert_error(apis("POST", "/groups", json=group_body(started_on=date)), 422)
    assert error["fields"] == {"started_on": ["Not a valid date."]}
    error = assert_error(apis("GET", f"/outreach/visits?from={date}"), 422)
    assert error["fields"] == {"from": ["Not a valid date."]}
    error = assert_error(apis("GET", f"/assessment/followups/due?as_of={date}"), 422)
    assert error["fields"] == {"as_of": ["Not a valid date."]}


HIDDEN_CODES = [
    ("glued to words", f"asiakas{HETU}kävi"),
    ("letter before", f"x{HETU}"),
    ("digit after", f"{HETU}9"),
    ("zero-width space", "131052\u200b-308T"),
    ("non-breaking space", "131052\u00a0-\u00a0308T"),
    ("unicode hyphen", "131052\u2010308T"),
    ("minus sign", "131052\u2212308T"),
    ("non-breaking hyphen", "131052\u2011308T"),
    ("full-width", "１３１０５２－３０８Ｔ"),
    ("soft hyphen", "1310\u00ad52-308T"),
]


@pytest.mark.parametrize("case, venue", HIDDEN_CODES, ids=[c for c, _ in HIDDEN_CODES])
def test_hidden_identity_codes_are_found_and_never_echoed(apis, outreach_db, case, venue):
    response = apis("POST", "/outreach/visits", json=visit_body(venue=venue))
    error = assert_error(response, 422)
    assert "henkilötunnus" in error["fields"]["venue"][0]
    assert venue not in response.text and HETU not in response.text
    assert outreach_db.visits.count_documents({}) == 0


def test_an_identity_code_in_a_code_field_is_not_echoed(apis):
    response = apis("POST", "/outreach/visits", json=visit_body(nature=HETU))
    error = assert_error(response, 422)
    assert HETU not in response.text
    assert all("henkilötunnus" in message for message in error["fields"]["nature"])


@pytest.mark.parametrize("key, message", [
    (f"retry-{HETU}", "henkilötunnus"),
    ("retry-\u202e1", "bidirectional"),
    ("\u00a0\u200b", "blank"),
    ("\x07", "control characters"),
    ("x" * 201, "1-200 characters"),
    ("a\tb", "tabs or line breaks"),
    ("dupA,dupB", "sent once"),  # what two Idempotency-Key headers arrive as
])
def test_an_idempotency_key_is_checked_like_any_text(apis, outreach_db, key, message):
    response = apis("POST", "/outreach/visits", json=visit_body(),
                    headers={**auth("kainuu-token"), "Idempotency-Key": key.encode("utf-8").decode("latin-1")})
    error = assert_error(response, 422, "validation_failed")
    assert message in error["fields"]["Idempotency-Key"][0]
    assert HETU not in response.text
    assert outreach_db.visits.count_documents({}) == 0
    assert outreach_db.idempotency.count_documents({}) == 0


def test_a_uuid_idempotency_key_is_never_mistaken_for_a_code(apis):
    # "010101-0090" inside it is a valid code (1 January 1901).
    key = "ab010101-0090-4000-8000-000000000000"
    response = apis("POST", "/outreach/visits", json=visit_body(), headers={**auth("kainuu-token"),
                                                                           "Idempotency-Key": key})
    assert response.status_code == 201, response.text


def test_an_identity_code_in_the_query_is_refused(apis):
    response = apis("GET", f"/outreach/visits?worker={HETU}")
    error = assert_error(response, 422)
    assert "henkilötunnus" in error["fields"]["worker"][0]
    assert HETU not in response.text


def test_a_due_list_counted_from_year_one_is_refused_not_a_crash(assessment_api):
    answer = assessment_api.get("/assessment/followups/due?as_of=0001-01-01", headers=auth("kainuu-token"))
    assert answer.status_code == 422 and "as_of" in answer.json()["error"]["fields"]


def test_a_huge_body_is_refused_before_it_is_read(outreach_api):
    body = '{"venue": "' + "x" * (300 * 1024) + '"}'
    answer = outreach_api.post("/outreach/visits", data=body,
                               headers={**auth("kainuu-token"), "Content-Type": "application/json"})
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too_large"
