"""Project metrics and reports over the hub's HTTP API: who reads what,
and in which form."""
import pytest

from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from flows.reports.region import render_region_report
from services.reporting.report_store import save_report
from services.reporting.disclosure import published
from services.reporting.event_store import EventStore
from tests.flows import events as ev
from tests.support import auth

COORDINATOR, KAINUU, ESSOTE = auth("coordinator-token"), auth("kainuu-token"), auth("essote-token")


@pytest.fixture
def outreach(centre_db):
    store = EventStore(centre_db)
    for partner, contacted in [("kainuu", 4), ("essote", 30), ("sosteri", 12)]:
        store.ingest(ev.visit(partner, "2019-03-01", contacted=contacted, present=contacted))
    return centre_db


def test_the_coordinator_reads_every_region_unsuppressed(hub, outreach):
    metrics = hub.get("/api/projects/iso-sos/metrics", headers=COORDINATOR).json()
    assert metrics["suppressed"] is False and metrics["source"] == "computed"
    assert metrics["regions"]["kainuu"]["outreach"]["contacts"] == 4
    assert set(metrics["regions"]) == {"essote", "kainuu", "pieksamaki", "sosteri"}
    assert metrics["project"]["outreach"]["contacts"] == 46


def test_a_partner_reads_its_region_and_the_totals_published(hub, outreach):
    metrics = hub.get("/api/projects/iso-sos/metrics", headers=KAINUU).json()
    assert metrics["suppressed"] is True
    assert list(metrics["regions"]) == ["kainuu"]
    assert metrics["regions"]["kainuu"]["outreach"]["contacts"] == "<5"
    assert metrics["project"]["outreach"]["contacts"] == 46
    essote = hub.get("/api/projects/iso-sos/metrics", headers=ESSOTE).json()
    # Sosteri's 12 is the smallest other cell: withheld beside Kainuu's <5.
    assert essote["regions"]["essote"]["outreach"]["contacts"] == 30


def test_projects_and_periods_are_checked(hub, outreach):
    assert hub.get("/api/projects/pro-sos/metrics", headers=KAINUU).status_code == 403
    assert hub.get("/api/projects/nope/metrics", headers=COORDINATOR).status_code == 404
    reversed_period = hub.get("/api/projects/iso-sos/metrics?from=2019-05-01&to=2019-01-01", headers=COORDINATOR)
    assert reversed_period.status_code == 422
    assert hub.get("/api/projects/iso-sos/metrics?from=2019-13-01", headers=COORDINATOR).status_code == 422
    assert hub.get("/api/projects/iso-sos/metrics").status_code == 401
    assert [p["id"] for p in hub.get("/api/projects", headers=KAINUU).json()] == ["iso-sos"]
    assert [p["id"] for p in hub.get("/api/projects", headers=COORDINATOR).json()] == ["iso-sos", "pro-sos"]


def test_a_stored_snapshot_is_served_as_is(hub, outreach):
    project = load_project("iso-sos")
    snapshot = compute_metrics(outreach, project)
    snapshot["project"]["outreach"]["visits"] = 999  # marks this very snapshot
    outreach.metrics.insert_one(snapshot)
    metrics = hub.get("/api/projects/iso-sos/metrics", headers=COORDINATOR).json()
    assert metrics["source"] == "snapshot" and metrics["project"]["outreach"]["visits"] == 999


@pytest.fixture
def reports(outreach):
    project = load_project("iso-sos")
    public = published(compute_metrics(outreach, project))
    for region in ("kainuu", "essote"):
        save_report(outreach, "region", "iso-sos", public["period"], region, "fi",
                    render_region_report(public, project, region, "fi"))
    return outreach


def test_reports_are_listed_and_downloaded_per_format(hub, reports):
    listed = hub.get("/api/projects/iso-sos/reports", headers=COORDINATOR).json()
    assert [(r["kind"], r["scope"], r["language"]) for r in listed] == [("region", "essote", "fi"),
                                                                      ("region", "kainuu", "fi")]
    kainuu = listed[1]
    html = hub.get(kainuu["html"], headers=COORDINATOR)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "Alueraportti: Kainuun sote" in html.text
    assert hub.get(kainuu["json"], headers=COORDINATOR).json()["region"] == "kainuu"
    table = hub.get(kainuu["csv"]["outreach_summary"], headers=COORDINATOR)
    assert table.headers["content-type"].startswith("text/csv")
    assert "attachment" in table.headers["content-disposition"]
    assert "Kontaktoidut henkilöt;<5;46" in table.text


def test_a_partner_sees_only_its_own_reports(hub, reports):
    listed = hub.get("/api/projects/iso-sos/reports", headers=ESSOTE).json()
    assert [r["scope"] for r in listed] == ["essote"]
    other = hub.get("/api/projects/iso-sos/reports/region/kainuu/fi", headers=ESSOTE)
    assert other.status_code == 403
    assert hub.get("/api/projects/iso-sos/reports/region/essote/en", headers=ESSOTE).status_code == 404
    missing_table = hub.get("/api/projects/iso-sos/reports/region/essote/fi?format=csv&table=nope", headers=ESSOTE)
    assert missing_table.status_code == 404 and "outreach_summary" in missing_table.json()["error"]["message"]
