"""Every metric on a small event set computed by hand: voided visits,
duplicated events, clients without a follow-up, the reverse-scored survey
item and the period's boundaries."""
from datetime import date

import pytest

from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from services.reporting.event_store import EventStore
from tests.flows import events as ev


@pytest.fixture
def metrics(centre):
    store = EventStore(centre)
    v3 = ev.visit("kainuu", "2019-06-01", contacted=6, present=20, topics=["income_support", "service_guidance"],
                  nature="public_event", venue="Kajaanin markkinakatu", worker_rating=4, suitability=4)
    v4 = ev.visit("kainuu", "2019-07-01", contacted=9, present=9, worker="sw-09")
    g1 = ev.group("kainuu")
    batch = [
        ev.visit("kainuu", "2018-01-01", contacted=4, present=10, topics=["finances", "housing"],
                 venue="Kajaanin markkinakatu", worker_rating=5, suitability=5),
        ev.visit("kainuu", "2019-12-31", contacted=2, present=2, nature="home_visit", venue="Asiakkaan koti",
                 worker_rating=3, suitability=3),
        v3, v3,  # delivered twice
        v4, ev.void(v4),
        ev.visit("kainuu", "2017-12-31", contacted=100, present=100),  # before the period
        ev.visit("kainuu", "2020-01-01", contacted=100, present=100),  # after it
        ev.visit("essote", "2019-02-02", contacted=1, present=1, topics=["mental_wellbeing"],
                 nature="with_client_to_service", worker_rating=2, suitability=5),
        ev.visit("nobody", "2019-02-02", contacted=50, present=50),  # not a partner of the project
        # c1: baseline 4, follow-up 6 (housing 3); c2: no follow-up; c3: rounds 5, 5, 8.
        ev.client("kainuu", "c1", birth_year=1984, months=36),
        ev.client("kainuu", "c2", birth_year=1990, gender="male", months=12),
        ev.client("kainuu", "c3", birth_year=1970, status="retired"),
        ev.measurement("kainuu", "c1", 1, "2018-09-10", 4), ev.form("kainuu", "c1", 1, "2018-09-10"),
        ev.measurement("kainuu", "c1", 2, "2019-01-10", 6, housing=3), ev.form("kainuu", "c1", 2, "2019-01-10"),
        ev.measurement("kainuu", "c2", 1, "2018-10-01", 5), ev.form("kainuu", "c2", 1, "2018-10-01"),
        ev.measurement("kainuu", "c3", 1, "2018-10-02", 5), ev.measurement("kainuu", "c3", 2, "2019-01-02", 5),
        ev.measurement("kainuu", "c3", 3, "2019-05-02", 8),
        g1,
        ev.enrol(g1, "c1"), ev.enrol(g1, "p2", gender="male", status="retired", alone=False,
                                     reason="social_relationships"), ev.enrol(g1, "p3", months=6),
        ev.session(g1, "2019-04-02", 90, ["c1", "p2"]), ev.session(g1, "2019-04-09", 135, ["c1", "p3"]),
        ev.survey(g1, "c1", "start", "2019-04-02", feel_lonely=4, feel_healthy=2),
        ev.survey(g1, "c1", "end", "2019-04-09", feel_lonely=2, feel_healthy=3),
        ev.survey(g1, "p2", "start", "2019-04-02", feel_lonely=5, feel_healthy=1),
        ev.feedback(g1, "c1", "2019-04-09", overall=5), ev.feedback(g1, "p2", "2019-04-09", overall=4),
    ]
    outcomes = [store.ingest(event) for event in batch]
    assert outcomes.count("duplicate") == 1 and "rejected" not in outcomes
    return compute_metrics(centre, load_project("iso-sos"))


def test_outreach_per_region_excludes_voided_duplicated_and_out_of_period_visits(metrics):
    kainuu = metrics["regions"]["kainuu"]["outreach"]
    assert (kainuu["visits"], kainuu["contacts"], kainuu["people_present"]) == (3, 12, 32)
    assert kainuu["nature"] == {"with_client_to_service": 0, "home_visit": 1, "partner_premises": 1, "public_event": 1}
    assert kainuu["topics"]["service_guidance"] == {"visits": 2, "share": 0.6667}
    assert kainuu["topics"]["finances"] == {"visits": 1, "share": 0.3333}
    assert kainuu["topics"]["education"] == {"visits": 0, "share": 0.0}
    assert kainuu["finance_share"] == 0.6667
    assert kainuu["top_venues"] == [{"venue": "Kajaanin markkinakatu", "visits": 2}]  # never a client's home
    assert kainuu["mean_worker_rating"] == 4.0
    assert kainuu["suitability_4_or_more_share"] == 0.6667
    assert metrics["regions"]["pieksamaki"]["outreach"]["visits"] == 0
    assert metrics["regions"]["pieksamaki"]["outreach"]["mean_worker_rating"] is None


def test_outreach_project_totals(metrics):
    project = metrics["project"]["outreach"]
    assert (project["visits"], project["contacts"], project["people_present"]) == (4, 13, 33)
    assert project["mean_worker_rating"] == 3.5
    assert project["suitability_4_or_more_share"] == 0.75
    assert project["finance_share"] == 0.5
    assert "nobody" not in metrics["regions"]


def test_measurements_per_instrument_with_retention(metrics):
    esy = metrics["regions"]["kainuu"]["assessment"]["instruments"]["esy"]
    assert {k: esy[k] for k in ("round_1", "form_1", "round_2", "form_2")} == \
        {"round_1": 3, "form_1": 2, "round_2": 2, "form_2": 1}
    assert (esy["retention"], esy["attrition"]) == (0.6667, 0.3333)
    assert metrics["regions"]["kainuu"]["assessment"]["instruments"]["kykyviisari"]["retention"] is None


def test_paired_change_uses_baseline_and_last_round_of_clients_with_both(metrics):
    change = metrics["regions"]["kainuu"]["assessment"]["instruments"]["esy"]["change"]
    # c1: housing 4 -> 3, other domains 4 -> 6; c3: 5 -> 8 (round 3 is the last); c2 has no pair.
    assert change["housing"] == {"mean_change": 1.0, "n": 2, "small_sample": True}
    assert change["health"] == {"mean_change": 2.5, "n": 2, "small_sample": True}
    assert metrics["project"]["assessment"]["instruments"]["esy"]["change"]["health"]["mean_change"] == 2.5


def test_client_profile(metrics):
    profile = metrics["regions"]["kainuu"]["assessment"]["clients"]
    assert profile == {"registered": 3, "mean_age": 36.67, "unemployed_share": 0.6667,
                       "mean_months_out_of_work": 24.0, "gender_shares": {"female": 0.6667, "male": 0.3333}}


def test_groups_with_the_reverse_scored_loneliness_item(metrics):
    groups = metrics["regions"]["kainuu"]["groups"]
    assert (groups["groups"], groups["participants"], groups["sessions"], groups["group_hours"]) == (1, 3, 2, 3.8)
    assert groups["composition"]["gender"] == {"female": 2, "male": 1}
    assert groups["composition"]["lives_alone"] == 2
    # "Tunnen itseni yksinäiseksi" 4 and 5 score 2 and 1; at the end 2 scores 4.
    assert groups["survey"]["start"]["feel_lonely"] == {"mean": 1.5, "n": 2}
    assert groups["survey"]["end"]["feel_lonely"] == {"mean": 4.0, "n": 1}
    assert groups["survey"]["start"]["feel_healthy"] == {"mean": 1.5, "n": 2}
    assert groups["survey_change"]["feel_lonely"] == {"mean_change": 2.0, "n": 1, "small_sample": True}
    assert groups["survey_change"]["feel_healthy"] == {"mean_change": 1.0, "n": 1, "small_sample": True}
    assert groups["feedback"] == {"overall": {"mean": 4.5, "n": 2}}


def test_reach_counts_each_person_once_per_partner_against_targets(metrics):
    # Clients c1 (also in the group), c2, c3, p2, p3; workers sw-01, sw-02, gf-01
    # (sw-09 recorded only the voided visit); Essote's sw-01 is another person.
    assert metrics["regions"]["kainuu"]["reach"] == {"clients": 5, "workers": 3}
    assert metrics["regions"]["essote"]["reach"] == {"clients": 0, "workers": 1}
    project = metrics["project"]["reach"]
    assert (project["clients"], project["workers"]) == (5, 4)
    assert project["targets"] == {"clients": 150, "workers": 50}
    assert project["attainment"] == {"clients": 0.0333, "workers": 0.08}


def test_a_narrower_period_moves_the_boundaries(centre, metrics):
    narrow = compute_metrics(centre, load_project("iso-sos"), date(2019, 1, 1), date(2019, 6, 1))
    assert narrow["regions"]["kainuu"]["outreach"]["visits"] == 1  # v3 on the last day
    assert narrow["period"] == {"from": "2019-01-01", "to": "2019-06-01"}
    assert narrow["read_models"] == metrics["read_models"]


def test_a_clients_home_is_never_a_top_venue(centre):
    store = EventStore(centre)
    for _ in range(6):
        store.ingest(ev.visit("kainuu", "2019-03-01", venue="Asiakkaan koti", nature="home_visit"))
        store.ingest(ev.visit("kainuu", "2019-03-02", venue="Kirjasto"))
    venues = compute_metrics(centre, load_project("iso-sos"))["regions"]["kainuu"]["outreach"]["top_venues"]
    assert venues == [{"venue": "Kirjasto", "visits": 6}]
