"""Disclosure control: small cells, the cell hidden beside them, and means
over too few people."""
import pytest

from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from services.reporting.disclosure import SECONDARY, protect_group, published
from services.reporting.event_store import EventStore
from tests.flows import events as ev


def test_four_people_are_shown_as_less_than_five_and_five_as_five():
    assert protect_group({"a": 4, "b": 5, "c": 6}, 5) == {"a": "<5", "b": SECONDARY, "c": 6}
    assert protect_group({"a": 5, "b": 6}, 5) == {"a": 5, "b": 6}
    assert protect_group({"a": 0, "b": 12}, 5) == {"a": 0, "b": 12}  # nobody is not a person


def test_two_small_cells_protect_each_other():
    assert protect_group({"a": 1, "b": 3, "c": 40}, 5) == {"a": "<5", "b": "<5", "c": 40}


def test_the_threshold_is_configurable():
    assert protect_group({"a": 6, "b": 9, "c": 30}, 10) == {"a": "<10", "b": "<10", "c": 30}


@pytest.fixture
def snapshot(centre):
    store = EventStore(centre)
    for partner, contacts in [("kainuu", 4), ("essote", 5), ("sosteri", 30)]:
        store.ingest(ev.visit(partner, "2019-03-01", contacted=contacts, present=contacts))
    group = ev.group("kainuu")
    store.ingest(group)
    for n, gender in enumerate(["female"] * 6 + ["male"] * 2):
        store.ingest(ev.enrol(group, f"p{n}", gender=gender, alone=n < 7))
    store.ingest(ev.survey(group, "p0", "start", "2019-04-02", feel_lonely=4))
    store.ingest(ev.survey(group, "p0", "end", "2019-04-09", feel_lonely=2))
    return compute_metrics(centre, load_project("iso-sos"))


def test_published_metrics_hide_small_region_cells_and_a_second_one(snapshot):
    public = published(snapshot, 5)
    contacts = {region: public["regions"][region]["outreach"]["contacts"] for region in public["regions"]}
    # Kainuu's 4 is small; Essote's 5 is hidden too, or the total 39 would give Kainuu's away.
    assert contacts == {"essote": SECONDARY, "kainuu": "<5", "pieksamaki": 0, "sosteri": 30}
    assert public["project"]["outreach"]["contacts"] == 39
    assert public["suppression"] == {"threshold": 5, "primary": "<5", "secondary": ".."}
    assert snapshot["regions"]["kainuu"]["outreach"]["contacts"] == 4, "the coordinator's copy is untouched"


def test_published_composition_and_means_over_few_people(snapshot):
    groups = published(snapshot, 5)["regions"]["kainuu"]["groups"]
    assert groups["composition"]["gender"] == {"female": SECONDARY, "male": "<5"}
    assert groups["composition"]["lives_alone"] == SECONDARY  # 7 of 8: the one not alone would show
    assert groups["survey_change"]["feel_lonely"] == {"mean_change": None, "n": "<5", "small_sample": True,
                                                       "suppressed": True}
    assert groups["participants"] == 8
