"""The dashboard's own endpoints over HTTP: monthly series per partner and
the codes' labels from the definition files."""
from services.reporting.event_store import EventStore
from services.shared import codelists, definitions
from tests.flows import events as ev
from tests.support import auth, wait_for

COORDINATOR, KAINUU = auth("coordinator-token"), auth("kainuu-token")
WINTER = "/api/projects/iso-sos/monthly?from=2019-01-15&to=2019-03-10"


def ingest_winter(centre_db):
    store = EventStore(centre_db)
    for partner, day, contacted in [("kainuu", "2019-01-10", 50), ("kainuu", "2019-01-20", 3),
                                    ("kainuu", "2019-01-31", 4), ("kainuu", "2019-03-10", 12),
                                    ("kainuu", "2019-03-11", 40), ("essote", "2019-02-14", 30)]:
        store.ingest(ev.visit(partner, day, contacted=contacted, present=contacted))
    return store


def test_the_coordinator_reads_each_partners_months_unsuppressed(hub, centre_db):
    ingest_winter(centre_db)
    series = hub.get(WINTER, headers=COORDINATOR).json()
    assert series["months"] == [{"month": "2019-01", "from": "2019-01-15", "to": "2019-01-31"},
                                {"month": "2019-02", "from": "2019-02-01", "to": "2019-02-28"},
                                {"month": "2019-03", "from": "2019-03-01", "to": "2019-03-10"}]
    assert series["suppressed"] is False
    assert series["regions"]["kainuu"] == {"visits": [2, 0, 1], "contacts": [7, 0, 12]}
    assert series["regions"]["essote"] == {"visits": [0, 1, 0], "contacts": [0, 30, 0]}
    assert series["regions"]["sosteri"] == {"visits": [0, 0, 0], "contacts": [0, 0, 0]}
    assert set(series["regions"]) == {"essote", "kainuu", "pieksamaki", "sosteri"}


def test_a_partner_reads_only_its_own_months_published(hub, centre_db):
    store = ingest_winter(centre_db)
    store.ingest(ev.visit("kainuu", "2019-02-02", contacted=2, present=2))
    series = hub.get(WINTER, headers=KAINUU).json()
    assert list(series["regions"]) == ["kainuu"]
    assert series["suppressed"] is True and series["suppression"]["primary"] == "<5"
    assert series["regions"]["kainuu"] == {"visits": [2, 1, 1], "contacts": [7, "<5", 12]}


def test_the_whole_project_by_default_and_a_new_visit_within_seconds(hub, centre_db):
    store = ingest_winter(centre_db)
    before = hub.get("/api/projects/iso-sos/version", headers=COORDINATOR).json()
    series = hub.get("/api/projects/iso-sos/monthly", headers=COORDINATOR).json()
    assert len(series["months"]) == 24 and series["months"][14]["month"] == "2019-03"
    assert series["regions"]["kainuu"]["visits"][14] == 2
    assert series["read_models"] == before

    store.ingest(ev.visit("kainuu", "2019-03-20", contacted=5, present=5))
    assert hub.get("/api/projects/iso-sos/version", headers=COORDINATOR).json() != before

    def shows_it():
        again = hub.get("/api/projects/iso-sos/monthly", headers=COORDINATOR).json()
        return again["regions"]["kainuu"]["visits"][14] == 3

    assert wait_for(shows_it, timeout=5, interval=0.2)


def test_monthly_series_answer_bad_requests_clearly(hub, centre_db):
    assert hub.get("/api/projects/iso-sos/monthly").status_code == 401
    assert hub.get("/api/projects/pro-sos/monthly", headers=KAINUU).status_code == 403
    assert hub.get("/api/projects/no-such/monthly", headers=COORDINATOR).status_code == 404
    backwards = hub.get("/api/projects/iso-sos/monthly?from=2019-03-01&to=2019-01-01", headers=COORDINATOR)
    assert backwards.status_code == 422
    century = hub.get("/api/projects/iso-sos/monthly?from=2000-01-01&to=2099-12-31", headers=COORDINATOR)
    assert century.status_code == 422
    assert "120 months" in century.json()["error"]["message"]


def test_labels_come_from_the_definition_files_in_either_language(hub):
    finnish = hub.get("/api/definitions/labels")
    assert finnish.status_code == 200, "labels are public data: no token needed"
    labels = finnish.json()
    assert labels["lang"] == "fi"
    assert labels["instruments"]["avhv"]["label"] == definitions.instrument("avhv")["fi"]
    assert labels["instruments"]["kykyviisari"]["domains"]["mind"] == "Mieli"
    assert labels["codelists"]["outreach_topics"] == {
        code: row["fi"] for code, row in codelists.get("outreach_topics").entries.items()}
    assert labels["codelists"]["municipalities"]["205"] == "Kajaani"

    english = hub.get("/api/definitions/labels?lang=en").json()
    assert english["instruments"]["esy"]["label"] == definitions.instrument("esy")["en"]
    assert english["codelists"]["outreach_topics"]["housing"] == "Housing"
    assert hub.get("/api/definitions/labels?lang=sv").status_code == 422
