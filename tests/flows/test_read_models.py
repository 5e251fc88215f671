"""The read models against the event log: random event streams delivered in
any order, in any batches, with duplicates and voids before or after their
visits, give the same metrics as one pass over the log, and the figures a
hand count gives."""
import random
import threading
import time
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.reporting.event_store import EventStore
from services.reporting.metrics.compute import compute_metrics
from services.reporting.metrics.municipal import observations
from services.reporting.projects import load_project
from services.reporting.readmodels import pages
from services.reporting.readmodels import store as readmodels_store
from services.reporting.readmodels.buckets import unpack
from services.reporting.readmodels.query import all_time_counters, resolve
from services.reporting.received import outreach_totals
from services.reporting.readmodels.check import StillChanging, check, rebuilt_buckets, rebuilt_counters
from services.reporting.readmodels.store import RebuildInProgress, collection_name, page_entries, read_meta, rebuild
from tests.flows import events as ev
from tests.support import unique_prefix

PROJECT = load_project("iso-sos")
DAYS = [date(2018, 12, 30) + timedelta(days=n) for n in range(0, 70, 3)]  # across a year's and months' edges
TOPICS = ["finances", "housing", "service_guidance"]


def day(draw):
    return draw(st.sampled_from(DAYS)).isoformat()


@st.composite
def stories(draw):
    """A project's events in the order they happened, and the voided visits."""
    events, voided = [], []
    for _ in range(draw(st.integers(1, 8))):
        visit = ev.visit(draw(st.sampled_from(["kainuu", "essote"])), day(draw),
                         contacted=draw(st.integers(0, 6)), present=6,
                         topics=draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)),
                         worker=draw(st.sampled_from(["sw-1", "sw-2", "sw-3"])))
        events.append(visit)
        if draw(st.booleans()):
            events.append(ev.void(visit))
            voided.append(visit["event_id"])
    for n in range(draw(st.integers(0, 3))):
        partner, rounds = draw(st.sampled_from(["kainuu", "essote"])), draw(st.integers(1, 3))
        days = sorted(draw(st.lists(st.sampled_from(DAYS), min_size=rounds, max_size=rounds, unique=True)))
        events.append(ev.client(partner, f"c{n}", registered_on=days[0].isoformat()))
        for round_, when in enumerate(days, start=1):
            events.append(ev.measurement(partner, f"c{n}", round_, when.isoformat(), draw(st.integers(1, 5))))
    for _ in range(draw(st.integers(0, 2))):
        started = ev.group("kainuu", day=day(draw))
        events.append(started)
        for member in draw(st.lists(st.sampled_from(["p1", "p2", "p3"]), max_size=3, unique=True)):
            events.append(ev.enrol(started, member, alone=draw(st.booleans())))
            for phase in draw(st.lists(st.sampled_from(["start", "end"]), max_size=2, unique=True)):
                events.append(ev.survey(started, member, phase, day(draw), feel_lonely=draw(st.integers(1, 5))))
        events.append(ev.session(started, day(draw), 90, []))
    for _ in range(draw(st.integers(0, 4))):  # client feedback: a link, maybe answered
        partner, when = draw(st.sampled_from(["kainuu", "essote"])), day(draw)
        events.append(ev.feedback_link(partner, when, municipality="205"))
        if draw(st.booleans()):
            events.append(ev.feedback_answer(partner, when, municipality="205", overall=draw(st.integers(1, 5))))
    return events, voided


WHOLE_MONTHS = [(date(2018, 12, 1), date(2019, 3, 31)), (date(2019, 1, 1), date(2019, 2, 28)),
                (date(2019, 1, 1), date(2019, 1, 31)), (date(2018, 12, 30), date(2019, 2, 28)),
                (date(2019, 1, 20), date(2019, 3, 2))]


def days_only_buckets(database):
    """A reader of the day buckets rebuilt from the log, which gives a
    month as all its days: what month buckets must add up to."""
    counters = rebuilt_counters(database)

    def read(ids):
        for bucket in ids:
            partner, kind, when = bucket.split("|")
            if kind == "m":
                yield from ((i, c) for i, c in counters.items() if i.startswith(f"{partner}|d|{when}-"))
            elif bucket in counters:
                yield bucket, counters[bucket]
    return read


def hand_count(events, voided, start, end):
    """Visits, contacts and workers per partner in [start, end], counted by hand."""
    counted = {}
    for event in events:
        if event["event_type"] != "outreach.visit_recorded" or event["event_id"] in voided:
            continue
        if not start <= event["payload"]["visit_date"] <= end:
            continue
        entry = counted.setdefault(event["partner_id"], {"visits": 0, "contacts": 0, "workers": set()})
        entry["visits"] += 1
        entry["contacts"] += event["payload"]["people_contacted"]
        entry["workers"].add(event["payload"]["worker"])
    return counted


@pytest.fixture
def fresh(secantus):
    client = secantus.client()
    yield lambda: client[f"{unique_prefix()}_centre"]
    client.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(story=stories(), seed=st.integers(0, 10_000), period=st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS)),
       fill=st.sampled_from([1, 2, pages.PAGE_FILL]), rebuilt_midway=st.booleans())
def test_any_order_batches_and_duplicates_give_the_logs_metrics(fresh, monkeypatch, story, seed, period, fill,
                                                                rebuilt_midway):
    # A page fill of 1 or 2 splits pages of states all the time, in batches
    # and between them; a rebuild midway lays them out afresh.
    monkeypatch.setattr(pages, "PAGE_FILL", fill)
    events, voided = story
    rng = random.Random(seed)
    delivered = events + rng.sample(events, k=len(events) // 3)  # redeliveries and relays' re-publishes
    rng.shuffle(delivered)  # a void before its visit, a follow-up before its baseline
    database = fresh()
    store = EventStore(database)
    position = 0
    while position < len(delivered):
        size = rng.randint(1, 7)
        store.ingest_many([(event, None) for event in delivered[position:position + size]])
        position += size
        if rebuilt_midway and position >= len(delivered) // 2:
            rebuild(database)
            rebuilt_midway = False

    start, end = sorted(period)
    stored = compute_metrics(database, PROJECT, start, end)
    once = compute_metrics(database, PROJECT, start, end, buckets=rebuilt_buckets(database))
    assert stored["project"] == once["project"] and stored["regions"] == once["regions"]
    by_days = days_only_buckets(database)
    for start_, end_ in [(start, end), *WHOLE_MONTHS]:  # month buckets, settled for their month, against their days
        stored_ = compute_metrics(database, PROJECT, start_, end_)
        daily = compute_metrics(database, PROJECT, start_, end_, buckets=by_days)
        assert (stored_["project"], stored_["regions"]) == (daily["project"], daily["regions"]), (start_, end_)
    assert paged_states(database) == pages_counted(database)
    assert all_time_is_every_day_resolved(database)

    counted = hand_count(events, set(voided), start.isoformat(), end.isoformat())
    for partner in ("kainuu", "essote"):
        mine = counted.get(partner, {"visits": 0, "contacts": 0, "workers": set()})
        region = stored["regions"][partner]
        assert region["outreach"]["visits"] == mine["visits"]
        assert region["outreach"]["contacts"] == mine["contacts"]
        visit_workers = mine["workers"]
        assert region["reach"]["workers"] >= len(visit_workers)
        for counts in region["assessment"]["instruments"].values():
            assert counts["round_2"] <= counts["round_1"], "a cohort's follow-ups never exceed it"
        feedback = [e for e in events if e["partner_id"] == partner and e["event_type"].startswith("assessment.feedback")
                    and start.isoformat() <= e["payload"]["encounter_on"] <= end.isoformat()]
        assert region["feedback"]["links"] == sum(e["event_type"].endswith("link_issued") for e in feedback)
        assert region["feedback"]["answers"] == sum(e["event_type"].endswith("given") for e in feedback)


def test_a_void_gives_the_same_figures_before_or_after_its_visit(fresh):
    visit = ev.visit("kainuu", "2019-03-01", contacted=5, present=5)
    void = ev.void(visit)
    figures = []
    for order in ([visit, void], [void, visit], [void, visit, void, visit]):
        database = fresh()
        for event in order:
            EventStore(database).ingest(event)
        region = compute_metrics(database, PROJECT)["regions"]["kainuu"]
        figures.append((region["outreach"]["visits"], region["outreach"]["contacts"], region["reach"]["workers"]))
    assert figures == [(0, 0, 0)] * 3


def test_a_void_naming_another_partners_visit_changes_nothing_in_any_order(fresh):
    # Only a visit's own partner may void it: another's void, before or
    # after the visit, neither removes it nor stops the owner's void.
    visit = ev.visit("kainuu", "2019-03-01", contacted=5, present=5)
    forged = ev.void(visit)
    forged["partner_id"] = "essote"
    own = ev.void(visit)
    results = []
    for order in ([forged, visit], [visit, forged]):
        database = fresh()
        for event in order:
            EventStore(database).ingest(event)
        region = compute_metrics(database, PROJECT)["regions"]["kainuu"]
        assert (region["outreach"]["visits"], region["outreach"]["contacts"]) == (1, 5)
        EventStore(database).ingest(own)
        region = compute_metrics(database, PROJECT)["regions"]["kainuu"]
        results.append((region["outreach"]["visits"], region["reach"]["workers"], outreach_totals(database)["voided"]))
        assert not any(check(database, ["iso-sos"]).values())
    assert results == [(0, 0, 1)] * 2


@pytest.mark.parametrize("spelling", [str.upper, lambda i: "{" + i + "}", lambda i: i.replace("-", "")])
def test_a_void_naming_its_visit_in_any_uuid_spelling_removes_it_and_its_observation(fresh, spelling):
    visit = ev.visit("kainuu", "2019-03-01", observations="Asunnoista on pulaa.")
    void = ev.void(visit)
    void["payload"]["voided_event_id"] = spelling(visit["event_id"])
    database = fresh()
    store = EventStore(database)
    assert store.ingest(visit) == "stored"
    assert [o["text"] for o in observations(database, ["kainuu"], "205", 2019)] == ["Asunnoista on pulaa."]
    assert store.ingest(void) == "stored"
    assert compute_metrics(database, PROJECT)["regions"]["kainuu"]["outreach"]["visits"] == 0
    assert observations(database, ["kainuu"], "205", 2019) == []
    rebuild(database)
    assert observations(database, ["kainuu"], "205", 2019) == []


def all_time_is_every_day_resolved(database):
    """A partner's all-time bucket (stored resolved) against its day
    buckets resolved for all time (the event counts are only all-time)."""
    buckets = database[collection_name(read_meta(database)["generation"], "buckets")]
    for partner, (counters, _) in all_time_counters(database).items():
        days = [unpack(document) for document in buckets.find({"_id": {"$regex": f"^{partner}\\|d\\|"}})]
        resolved = {path: n for path, n in resolve(days, None, None).items() if n}  # stored counters omit zeros
        assert {path: n for path, n in counters.items() if not path.startswith(("e.", "v."))} == resolved  # all-time only
    return True


def paged_states(database):
    """{kind: number of states} found in the pages."""
    meta = read_meta(database)
    found = {kind: 0 for kind in pages.PAGED_KINDS}
    for document in database[collection_name(meta["generation"], "states")].find({"_id": {"$regex": "#"}}):
        found[document["_id"].split("#")[0]] += len(page_entries(document))
    return found


def pages_counted(database):
    """{kind: number of states} as the layouts count them."""
    return {kind: layout["states"] for kind, layout in read_meta(database)["pages"].items()}


def test_states_stay_reachable_as_their_pages_split(fresh, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_FILL", 1)
    database = fresh()
    store = EventStore(database)
    for n in range(12):
        store.ingest(ev.client("kainuu", f"c{n}", registered_on="2019-01-02"))
        store.ingest(ev.measurement("kainuu", f"c{n}", 1, "2019-01-02", 2))
    for n in range(12):  # every client's state is read again, from wherever its page split to
        store.ingest(ev.measurement("kainuu", f"c{n}", 2, "2019-03-01", 2 + n % 3))
    assert paged_states(database) == pages_counted(database)
    assert paged_states(database)["clients"] == 12
    assert read_meta(database)["pages"]["clients"]["level"] >= 3  # the pages did split
    esy = compute_metrics(database, PROJECT)["regions"]["kainuu"]["assessment"]["instruments"]["esy"]
    assert (esy["round_1"], esy["round_2"]) == (12, 12)
    assert not any(check(database, ["iso-sos"]).values())


def test_rebuild_and_check_agree_with_the_incremental_read_models(fresh):
    database = fresh()
    store = EventStore(database)
    started = ev.group("kainuu")
    for event in [ev.visit("kainuu", "2019-03-01", contacted=7, present=7), ev.client("essote", "c1"),
                  ev.measurement("essote", "c1", 2, "2019-05-01", 4), ev.measurement("essote", "c1", 1, "2019-01-01", 2),
                  started, ev.enrol(started, "p1"), ev.survey(started, "p1", "end", "2019-05-01", feel_lonely=2),
                  ev.survey(started, "p1", "start", "2019-04-02", feel_lonely=4)]:
        store.ingest(event)
    before = compute_metrics(database, PROJECT)
    received = {partner: last for partner, (_, last) in all_time_counters(database).items()}
    assert not any(check(database, ["iso-sos"]).values())
    done = rebuild(database)
    assert done["events"] == 8 and done["generation"] == 2
    assert {partner: last for partner, (_, last) in all_time_counters(database).items()} == received
    assert all(last.tzinfo is not None for last in received.values())
    after = compute_metrics(database, PROJECT)
    assert after["project"] == before["project"] and after["regions"] == before["regions"]
    assert after["read_models"]["generation"] == 2
    change = after["regions"]["essote"]["assessment"]["instruments"]["esy"]["change"]
    assert {entry["mean_change"] for entry in change.values()} == {2.0}, "the follow-up arrived before its baseline"
    assert after["regions"]["kainuu"]["groups"]["survey_change"]["feel_lonely"]["mean_change"] == 2.0  # reverse item


def test_a_rebuild_longer_than_its_lease_keeps_the_ingest_waiting(fresh, monkeypatch):
    # The lease lets the ingest go on when a rebuild has died; a rebuild that
    # is alive but slow must keep it, or what arrives meanwhile is stored
    # into read models about to be replaced and missing from the new ones.
    database = fresh()
    store = EventStore(database)
    store.ingest_many([(ev.visit("kainuu", "2019-03-01", contacted=1, present=1), None) for _ in range(60)])
    monkeypatch.setattr(readmodels_store, "REBUILD_LEASE", timedelta(seconds=1))
    whole_log, during = readmodels_store.read_log, []

    def slow_log(database, batch_size=10000):
        for n, event in enumerate(whole_log(database, batch_size)):
            time.sleep(0.04)
            if n == 50:  # two seconds in: the first lease has run out
                try:
                    during.append(store.ingest(ev.visit("essote", "2019-03-02", contacted=5, present=5)))
                except RebuildInProgress:
                    during.append("waiting")
            yield event

    monkeypatch.setattr(readmodels_store, "read_log", slow_log)
    assert rebuild(database)["events"] == 60
    assert during == ["waiting"]
    late = ev.visit("essote", "2019-03-02", contacted=5, present=5)
    assert store.ingest(late) == "stored"
    regions = compute_metrics(database, PROJECT)["regions"]
    assert regions["kainuu"]["outreach"]["contacts"] == 60 and regions["essote"]["outreach"]["contacts"] == 5


def test_the_check_compares_nothing_while_events_arrive(fresh):
    # The log and the stored read models read at different moments would
    # differ by whatever arrived in between: a false alarm, not a check.
    database = fresh()
    store = EventStore(database)
    store.ingest(ev.visit("kainuu", "2019-03-01", contacted=3, present=3))
    arriving, stop = [], threading.Event()

    def ingest():
        while not stop.is_set():
            store.ingest(ev.visit("essote", "2019-03-02", contacted=1, present=1))
            arriving.append(1)

    thread = threading.Thread(target=ingest, daemon=True)
    thread.start()
    try:
        with pytest.raises(StillChanging):
            check(database, ["iso-sos"], attempts=2)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert arriving and not any(check(database, ["iso-sos"]).values())
