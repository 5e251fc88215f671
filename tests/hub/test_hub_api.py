"""The hub's API over HTTP: health, and the ops view of events received."""
import uuid
from datetime import datetime, timezone

from services.reporting.event_store import EventStore
from services.shared.envelope import make_event
from tests.hub.conftest import start_hub
from tests.support import auth, visit_body


def visit_event(partner, contacted=5, visit_id=None):
    payload = {**visit_body(people_contacted=contacted, people_present=contacted + 2),
               "visit_id": str(visit_id or uuid.uuid4())}
    return make_event("outreach.visit_recorded", partner, datetime(2019, 3, 4, tzinfo=timezone.utc), payload)


def void_event(partner, recorded):
    payload = {"visit_id": recorded["payload"]["visit_id"], "voided_event_id": recorded["event_id"],
               "reason": "kahdesti"}
    return make_event("outreach.visit_voided", partner, datetime(2019, 3, 5, tzinfo=timezone.utc), payload)


def test_health_reports_the_database(hub):
    response = hub.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_says_when_the_database_is_unreachable(hub_env):
    from tests.support import free_port

    process, url = start_hub({**hub_env, "MONGO_URL": f"mongodb://127.0.0.1:{free_port()}/?directConnection=true"})
    try:
        import httpx

        response = httpx.get(f"{url}/api/health", timeout=10)
        assert response.status_code == 503
        assert response.json() == {"status": "degraded", "database": "unreachable"}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_event_stats_need_a_coordinator_token(hub, centre_db):
    missing = hub.get("/api/events/stats")
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthenticated"
    assert hub.get("/api/events/stats", headers=auth("nope")).status_code == 401
    partner = hub.get("/api/events/stats", headers=auth("kainuu-token"))
    assert partner.status_code == 403
    assert partner.json() == {"error": {"code": "forbidden", "message": "Only the coordinating centre may read this.",
                                        "fields": {}}}


def test_event_stats_count_per_partner_and_type(hub, centre_db):
    store = EventStore(centre_db)
    kainuu = [visit_event("kainuu") for _ in range(3)]
    for event in kainuu + [visit_event("essote"), void_event("kainuu", kainuu[0])]:
        assert store.ingest(event) == "stored"
    assert store.ingest(kainuu[1]) == "duplicate"
    assert store.ingest({"event_id": "x"}) == "rejected"

    stats = hub.get("/api/events/stats", headers=auth("coordinator-token")).json()
    assert stats["total"] == 5
    assert stats["rejected"] == 1
    by_partner = {p["partner_id"]: p for p in stats["partners"]}
    assert by_partner["kainuu"]["total"] == 4
    assert by_partner["kainuu"]["by_type"] == [{"event_type": "outreach.visit_recorded", "count": 3},
                                               {"event_type": "outreach.visit_voided", "count": 1}]
    assert by_partner["essote"]["by_type"] == [{"event_type": "outreach.visit_recorded", "count": 1}]
    last = datetime.fromisoformat(by_partner["kainuu"]["last_received_at"])
    assert (datetime.now(timezone.utc) - last).total_seconds() < 60


def test_outreach_totals_exclude_voided_visits(hub, centre_db):
    store = EventStore(centre_db)
    first, second = visit_event("kainuu", contacted=4), visit_event("kainuu", contacted=7)
    for event in (first, second, visit_event("essote", contacted=2), void_event("kainuu", first)):
        store.ingest(event)
    totals = hub.get("/api/outreach/totals", headers=auth("coordinator-token")).json()
    assert totals["partners"] == [
        {"partner_id": "essote", "visits": 1, "contacts": 2, "people_present": 4},
        {"partner_id": "kainuu", "visits": 1, "contacts": 7, "people_present": 9},
    ]
    assert totals["total"] == {"visits": 2, "contacts": 9, "people_present": 13}
    assert totals["voided"] == 1


def assessment_event(event_type, partner, client, instrument, **fields):
    if event_type == "assessment.measurement_recorded":
        from services.shared import definitions

        domains = definitions.instrument(instrument)["domains"]
        payload = {"client": client, "instrument": instrument, "round": fields["round"],
                   "measured_on": "2019-01-10", "scores": {d["code"]: 3 for d in domains},
                   "worker": fields.get("worker", f"{partner}-sw-01"), "measurement_id": str(uuid.uuid4())}
    else:
        payload = {"client": client, "instrument": instrument, "form": fields["form"], "submitted_on": "2019-01-10",
                   "answers": {"showed_change": 4} if fields["form"] == 2 else {"helped_see_situation": 4},
                   "worker": fields.get("worker", f"{partner}-sw-01"), "form_id": str(uuid.uuid4())}
    return make_event(event_type, partner, datetime(2019, 1, 10, tzinfo=timezone.utc), payload)


def test_assessment_totals_count_clients_per_round_and_forms(hub, centre_db):
    store = EventStore(centre_db)
    m, f = "assessment.measurement_recorded", "assessment.form_submitted"
    for event in [
        assessment_event(m, "kainuu", "c1", "kykyviisari", round=1),
        assessment_event(m, "kainuu", "c1", "kykyviisari", round=2),
        assessment_event(m, "kainuu", "c1", "kykyviisari", round=3),   # interim rounds count once
        assessment_event(m, "kainuu", "c2", "kykyviisari", round=1),
        assessment_event(f, "kainuu", "c1", "kykyviisari", form=1),
        assessment_event(f, "kainuu", "c1", "kykyviisari", form=2),
        assessment_event(m, "kainuu", "c2", "esy", round=1),
        assessment_event(m, "essote", "c1", "kykyviisari", round=1),    # another partner's c1
    ]:
        assert store.ingest(event) == "stored", event
    rows = hub.get("/api/assessment/totals", headers=auth("coordinator-token")).json()["rows"]
    assert rows == [
        {"partner_id": "essote", "instrument": "kykyviisari", "round_1": 1, "form_1": 0, "round_2": 0, "form_2": 0},
        {"partner_id": "kainuu", "instrument": "esy", "round_1": 1, "form_1": 0, "round_2": 0, "form_2": 0},
        {"partner_id": "kainuu", "instrument": "kykyviisari", "round_1": 2, "form_1": 1, "round_2": 1, "form_2": 1},
    ]
    reach = hub.get("/api/reach", headers=auth("coordinator-token")).json()
    assert reach["total"] == {"clients": 3, "workers": 2}


def test_groups_totals_and_reach_count_distinct_people(hub, centre_db):
    store = EventStore(centre_db)
    group_id = str(uuid.uuid4())
    day = datetime(2019, 4, 2, tzinfo=timezone.utc)
    events = [make_event("groups.group_started", "kainuu", day, {
        "group_id": group_id, "name": "Hahmoterapiaryhmä 1", "activity": "gestalt_therapy", "municipality": "205",
        "facilitators": ["kainuu-gf-01", "kainuu-sw-01"], "planned_sessions": 4, "intensity": "weekly",
        "session_minutes": 135, "started_on": "2019-04-02"})]
    for client in ("g1", "g2"):
        events.append(make_event("groups.participant_enrolled", "kainuu", day, {
            "group_id": group_id, "client": client, "gender": "female", "marital_status": None,
            "labour_market_status": "unemployed", "out_of_work_months": 30, "lives_alone": True,
            "primary_reason": "health", "primary_reason_other": None, "referred_by": "adult_social_work",
            "enrolled_on": "2019-04-02"}))
    for minutes in (135, 90):
        events.append(make_event("groups.session_held", "kainuu", day, {
            "group_id": group_id, "session_id": str(uuid.uuid4()), "held_on": "2019-04-02",
            "duration_minutes": minutes, "attendees": ["g1", "g2"], "facilitators": ["kainuu-gf-02"]}))
    events.append(visit_event("kainuu"))  # its worker kainuu-sw-01 is also a facilitator: counted once
    for event in events:
        assert store.ingest(event) == "stored"
    totals = hub.get("/api/groups/totals", headers=auth("coordinator-token")).json()
    assert totals["partners"] == [{"partner_id": "kainuu", "groups": 1, "participants": 2, "sessions": 2,
                                   "group_hours": 3.8}]
    reach = hub.get("/api/reach", headers=auth("coordinator-token")).json()
    assert reach["partners"] == [{"partner_id": "kainuu", "clients": 2, "workers": 3}]
