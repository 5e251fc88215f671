"""Client feedback per quarter over the hub's HTTP API (PRO SOS): the
coordinator reads every region's trend unsuppressed; a partner reads its
own region's, with small counts and means over fewer than five withheld,
and never another partner's."""
from services.reporting.event_store import EventStore
from tests.flows import events as ev
from tests.support import auth

COORDINATOR, KOSKE, KAINUU = auth("coordinator-token"), auth("koske-token"), auth("kainuu-token")


def _feedback(centre_db):
    store = EventStore(centre_db)
    for n in range(8):  # Koske, Q1 2018: 8 links, 6 answers
        store.ingest(ev.feedback_link("koske", f"2018-02-{n + 1:02d}"))
    for n, overall in enumerate([5, 5, 4, 4, 3, 3]):
        store.ingest(ev.feedback_answer("koske", f"2018-02-{n + 1:02d}", overall=overall))
    for n in range(3):  # Verso, Q2 2018: 3 links, 2 answers
        store.ingest(ev.feedback_link("verso", f"2018-05-{n + 1:02d}", municipality="398"))
    for n in range(2):
        store.ingest(ev.feedback_answer("verso", f"2018-05-{n + 1:02d}", municipality="398", overall=1))


def _quarter(answer, start):
    return next(q for q in answer["quarters"] if q["period"]["from"] == start)


def test_the_coordinator_reads_the_trend_of_every_region(hub, centre_db):
    _feedback(centre_db)
    answer = hub.get("/api/projects/pro-sos/feedback", headers=COORDINATOR).json()
    assert answer["suppressed"] is False and len(answer["quarters"]) == 13
    q1 = _quarter(answer, "2018-01-01")
    assert q1["regions"]["koske"]["links"] == 8 and q1["regions"]["koske"]["response_rate"] == 0.75
    assert q1["project"]["items"]["overall"] == {"mean": 4.0, "n": 6}
    assert _quarter(answer, "2018-04-01")["regions"]["verso"]["answers"] == 2


def test_a_partner_reads_its_own_trend_published(hub, centre_db):
    _feedback(centre_db)
    answer = hub.get("/api/projects/pro-sos/feedback", headers=KOSKE).json()
    assert answer["suppressed"] is True
    q1, q2 = _quarter(answer, "2018-01-01"), _quarter(answer, "2018-04-01")
    assert list(q1["regions"]) == ["koske"] and q1["regions"]["koske"]["items"]["overall"]["mean"] == 4.0
    # Q2: only Verso's 2 answers in the project; Koske may not read them.
    assert q2["project"]["answers"] == "<5" and q2["project"]["items"]["overall"]["mean"] is None
    assert q2["project"]["response_rate"] is None


def test_only_the_projects_partners_read_its_feedback(hub, centre_db):
    assert hub.get("/api/projects/pro-sos/feedback", headers=KAINUU).status_code == 403
    assert hub.get("/api/projects/pro-sos/feedback").status_code == 401
