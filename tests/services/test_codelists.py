import json

from services.shared import codelists


def test_every_codelist_has_finnish_and_english_labels_for_every_code():
    for path in codelists.CODELIST_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["codes"], path.name
        for row in data["codes"]:
            assert row["fi"].strip() and row["en"].strip(), (path.name, row["code"])
        assert len({row["code"] for row in data["codes"]}) == len(data["codes"]), path.name


def test_the_twelve_outreach_topics_and_the_finance_related_ones():
    topics = codelists.get("outreach_topics")
    assert len(topics.codes) == 12
    assert topics.codes_where("finance_related") == ["finances", "income_support", "other_benefits"]
    assert topics.label("service_guidance", "fi") == "Palveluohjaus ja neuvonta"
    assert topics.label("service_guidance", "en") == "Service guidance and advice"


def test_visit_natures_are_the_four_of_the_design():
    assert set(codelists.get("visit_natures").codes) == {
        "with_client_to_service", "home_visit", "partner_premises", "public_event"}


def test_every_event_type_has_a_payload_schema_and_an_ingest_handler():
    from services.reporting.ingest import IngestService
    from services.shared.amqp import handler_queues
    from services.shared.payloads import PAYLOAD_SCHEMAS

    handled = {queue.name.split("--")[0].removeprefix("evt-").replace("-", ".", 1) for queue in handler_queues(IngestService)}
    assert handled == {event_type for event_type, _ in PAYLOAD_SCHEMAS}
    assert len(handled) == 13
