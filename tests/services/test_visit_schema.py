"""The visit schema: every rule a partner's request is checked against."""
from datetime import timedelta

import pytest

from services.outreach.schemas import VisitCreateSchema, VisitQuerySchema
from services.shared.payloads.common import today_in_finland
from services.shared.validation import HETU_MESSAGE, InvalidData, load
from tests.support import visit_body


def errors_of(body, schema=None):
    with pytest.raises(InvalidData) as caught:
        load(schema or VisitCreateSchema(), body)
    return caught.value.fields


def test_a_complete_visit_loads():
    visit = load(VisitCreateSchema(), visit_body())
    assert visit["people_contacted"] == 5
    assert visit["topics"] == ["finances", "housing"]


def test_observations_are_optional():
    body = visit_body()
    del body["observations"]
    assert load(VisitCreateSchema(), body)["observations"] == ""


@pytest.mark.parametrize("overrides, field, message", [
    ({"topics": []}, "topics", "Shorter than minimum length 1."),
    ({"topics": ["housing", "housing"]}, "topics", "Each topic may be given once."),
    ({"nature": "phone_call"}, "nature", "Unknown code 'phone_call' of codelist visit_natures."),
    ({"venue_type": "bar"}, "venue_type", "Unknown code 'bar' of codelist venue_types."),
    ({"municipality": "Kajaani"}, "municipality", "Unknown code 'Kajaani' of codelist municipalities."),
    ({"worker_rating": 0}, "worker_rating", "Must be greater than or equal to 1 and less than or equal to 5."),
    ({"suitability_rating": 6}, "suitability_rating", "Must be greater than or equal to 1 and less than or equal to 5."),
    ({"worker_rating": "4"}, "worker_rating", "Not a valid integer."),
    ({"people_present": 3, "people_contacted": 4}, "people_contacted",
     "Cannot exceed people_present: those contacted were present."),
    ({"people_present": -1}, "people_present", "Must be greater than or equal to 0 and less than or equal to 100000."),
    ({"visit_date": "2019-02-30"}, "visit_date", "Not a valid date."),
    ({"visit_date": "2009-12-31"}, "visit_date", "Must not be before 2010-01-01."),
    ({"worker": "Maija Meikäläinen"}, "worker",
     "A pseudonym is 1-64 letters, digits or _ . : - (no names, no identity codes)."),
    ({"venue": ""}, "venue", "Length must be between 1 and 120."),
    ({"colour": "blue"}, "colour", "Unknown field."),
    ({"partner_id": "essote"}, "partner_id", "Unknown field."),
])
def test_each_rule_names_its_field(overrides, field, message):
    assert errors_of(visit_body(**overrides)) == {field: [message]}


def test_an_unknown_topic_is_named_by_its_position():
    assert errors_of(visit_body(topics=["finances", "astrology"])) == {
        "topics": {1: ["Unknown code 'astrology' of codelist outreach_topics."]}}


def test_a_future_date_is_rejected():
    tomorrow = (today_in_finland() + timedelta(days=1)).isoformat()
    assert errors_of(visit_body(visit_date=tomorrow)) == {"visit_date": ["Must not be in the future."]}


def test_today_is_accepted():
    assert load(VisitCreateSchema(), visit_body(visit_date=today_in_finland().isoformat()))


def test_every_missing_field_is_listed_at_once():
    errors = errors_of({})
    assert set(errors) == {"visit_date", "municipality", "venue", "venue_type", "nature", "people_present",
                           "people_contacted", "topics", "worker_rating", "suitability_rating", "worker"}
    assert all(messages == ["Missing data for required field."] for messages in errors.values())


def test_contacted_beyond_present_is_reported_beside_other_errors():
    errors = errors_of(visit_body(people_present=1, people_contacted=2, nature="x"))
    assert set(errors) == {"people_contacted", "nature"}


@pytest.mark.parametrize("field", ["observations", "venue"])
def test_an_identity_code_in_free_text_is_rejected_and_not_echoed(field):
    errors = errors_of(visit_body(**{field: "asiakas 131052-308T kävi"}))
    assert errors == {field: [HETU_MESSAGE]}
    assert "131052-308T" not in str(errors)


def test_an_identity_code_as_unknown_field_name_is_not_echoed():
    errors = errors_of(visit_body(**{"131052-308T": 1}))
    assert "131052-308T" not in str(errors)
    assert "<redacted>" in errors


def test_list_query_rejects_a_reversed_period_and_unknown_parameters():
    assert errors_of({"from": "2019-05-01", "to": "2019-01-01"}, VisitQuerySchema()) == {
        "to": ["Must not be before 'from'."]}
    assert errors_of({"sort": "asc"}, VisitQuerySchema()) == {"sort": ["Unknown field."]}


@pytest.mark.parametrize("worker", ["kainuu-sw-01\n", "kainuu-sw-01\r\n", "\nkainuu-sw-01"])
def test_a_pseudonym_with_a_newline_is_refused_not_counted_as_another_worker(worker):
    assert "worker" in errors_of(visit_body(worker=worker))
