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
