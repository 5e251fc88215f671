"""The app's forms come from the API's schemas and definition files, and
every message the API gives for bad input has a Finnish translation."""
import re

import pytest

from services.shared import codelists, definitions
from services.shared.validation import InvalidData, load
from services.shared.workerapp.forms import FORMS, description
from tests.support import client_body, group_body, measurement_body, participant_body, visit_body


def test_every_form_has_the_fields_of_its_api_schema_by_their_api_names():
    forms = description()["forms"]
    for name, (schema, path) in FORMS.items():
        api_fields = {field.data_key or key for key, field in schema().load_fields.items()} - {"worker"}
        assert [f["name"] for f in forms[name]["fields"]] == [f for f in schema().load_fields if f != "worker"]
        assert {f["name"] for f in forms[name]["fields"]} == api_fields
        assert forms[name]["path"] == path


def test_codes_and_items_come_from_the_definition_files():
    described = description()
    topics = next(f for f in described["forms"]["visit"]["fields"] if f["name"] == "topics")
    assert [o["code"] for o in topics["options"]] == codelists.get("outreach_topics").codes
    assert topics["options"][0] == {"code": "finances", "fi": "Talous", "en": "Finances"}
    for instrument in definitions.get("instruments")["instruments"]:
        items = described["items"]["instrument"][instrument["code"]]
        assert [i["code"] for i in items] == [d["code"] for d in instrument["domains"]]
        assert {(i["min"], i["max"]) for i in items} == {(instrument["scale"]["min"], instrument["scale"]["max"])}
    assert [i["code"] for i in described["items"]["survey"]] == [i["code"] for i in definitions.survey_items()]


BAD = [
    ("visit", visit_body(people_contacted=99, topics=[], venue="131052-308T", visit_date="2999-01-01",
                         worker_rating=7, municipality="999", observations=1, nature=None)),
    ("visit", {**visit_body(topics=["housing", "housing"], visit_date="4.3.2019"), "extra": 1}),
    ("client", client_body(birth_year=2020, labour_market_status="employed", primary_reason_other="x",
                           children_in_household="2")),
    ("measurement", measurement_body(scores={"body": 11, "mind": "a", "nose": 1}, round=0)),
    ("group", group_body(facilitators=[], name="x" * 200, planned_sessions=0)),
    ("participant", participant_body(lives_alone="yes", enrolled_on="2009-12-31")),
]


@pytest.mark.parametrize("form, body", BAD)
def test_every_validation_message_has_a_finnish_translation(form, body):
    table = [re.compile(pattern) for pattern, _ in description()["messages"]]
    with pytest.raises(InvalidData) as raised:
        load(FORMS[form][0](), body)

    def messages(node):
        if isinstance(node, list):
            return [m for item in node for m in messages(item)]
        if isinstance(node, dict):
            return [m for item in node.values() for m in messages(item)]
        return [node]

    found = messages(raised.value.fields)
    assert len(found) >= 2
    assert [m for m in found if not any(p.search(m) for p in table)] == []
