"""The PRO SOS demo data set (no stack needed): the same on every run,
inside the project's period and partners' municipalities, and free of
anything like a henkilötunnus; the demo's tokens cover its partners; and
the demo tells someone else's records from its own going missing."""
import copy
import json
from datetime import date

from deploy.demo.prosos_dataset import prosos_dataset
from deploy.demo.send import compared, partner_tokens
from deploy.embedded import DEMO_PARTNERS, write_demo_tokens
from services.reporting.projects import load_project
from services.shared.hetu import find_hetu_paths

DATES = ("visit_date", "measured_on", "registered_on", "started_on", "enrolled_on", "held_on", "submitted_on",
         "ended_on", "encounter_on")


def test_the_pro_sos_data_set_is_deterministic_and_modest():
    calls, expected = prosos_dataset()
    assert (calls, expected) == prosos_dataset()
    assert 1200 <= len(calls) <= 1600, "the demo (and its CI test) should stay fast"
    assert sum(row["visits"] for row in expected["outreach"].values()) == 360
    assert sorted(expected["reach"]) == sorted(p["id"] for p in load_project("pro-sos")["partners"])


def test_pro_sos_calls_stay_in_the_project_period_and_the_partners_municipalities():
    project = load_project("pro-sos")
    start, end = project["period"]["date_from"], project["period"]["date_to"]
    municipalities = {p["id"]: set(p["municipalities"]) for p in project["partners"]}
    for call in prosos_dataset()[0]:
        for field in DATES:
            if field in call.body:
                assert start <= date.fromisoformat(call.body[field]) <= end, (call.key, field)
        if "municipality" in call.body:
            # A social report counts the partners that serve the municipality only.
            assert call.body["municipality"] in municipalities[call.partner], call.key
        assert find_hetu_paths(call.body) == [], call.key


def test_demo_tokens_made_before_pro_sos_get_its_partners_added(tmp_path):
    path = tmp_path / "tokens.json"
    iso_sos = {f"demo-{p}-x": {"partner": p, "role": "worker"} for p in ("essote", "kainuu", "pieksamaki", "sosteri")}
    iso_sos["demo-coordinator-x"] = {"partner": None, "role": "coordinator"}
    path.write_text(json.dumps(iso_sos))
    write_demo_tokens(path)
    tokens = json.loads(path.read_text())
    assert {token: tokens[token] for token in iso_sos} == iso_sos, "a token in use changed"
    workers, coordinator = partner_tokens(path)
    assert sorted(workers) == sorted(DEMO_PARTNERS) and coordinator == "demo-coordinator-x"
    assert "sonetbotnia" in workers
    write_demo_tokens(path)
    assert json.loads(path.read_text()) == tokens, "a second start made new tokens"


def test_pro_sos_client_feedback_answers_follow_their_links_without_a_token():
    calls = prosos_dataset()[0]
    links = [c for c in calls if c.path == "/assessment/feedback-links"]
    answers = [c for c in calls if c.public]
    assert len(links) == 347 and len(answers) == 231
    issued = set()
    for call in calls:
        if call in links:
            issued.add(call.remember[0])
        elif call.public:
            assert call.path.strip("{}") in issued, "an answer goes to a link issued before it"
            assert set(call.body) <= {"answers", "comment"}, "an answer names no client, worker or link"
    assert {c.partner for c in links} == {p["id"] for p in load_project("pro-sos")["partners"]}


def _served(expected):
    """The hub's received tables holding exactly ``expected`` (the inverse of
    ``send.as_expected``)."""
    return {"outreach": {"partners": [{"partner_id": p, **row} for p, row in expected["outreach"].items()]},
            "assessment": {"rows": [{"partner_id": p, "instrument": i, **row}
                                    for (p, i), row in expected["assessment"].items()]},
            "groups": {"partners": [{"partner_id": p, **row} for p, row in expected["groups"].items()]},
            "reach": {"partners": [{"partner_id": p, **row} for p, row in expected["reach"].items()]}}


def test_the_demo_tells_records_of_others_from_records_of_its_own_that_went_missing():
    _, expected = prosos_dataset()
    assert compared(_served(expected), expected) == "complete"
    partner = sorted(expected["outreach"])[0]
    # Someone else POSTed a visit while the demo ran: the demo carries on.
    more = copy.deepcopy(expected)
    more["outreach"][partner]["visits"] += 1
    assert compared(_served(more), expected) == "more"
    more["groups"]["a-partner-of-no-demo"] = {"groups": 1, "participants": 0, "sessions": 0}
    assert compared(_served(more), expected) == "more"
    # One of the demo's own visits is not there, whatever else is.
    short = copy.deepcopy(more)
    short["outreach"][partner]["visits"] -= 2
    assert compared(_served(short), expected) == "short"
    del short["reach"][partner]
    short["outreach"][partner]["visits"] += 2
    assert compared(_served(short), expected) == "short"
