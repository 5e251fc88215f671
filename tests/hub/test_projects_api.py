"""Project metrics and reports over the hub's HTTP API: who reads what,
and in which form."""
import io

import pytest
from openpyxl import load_workbook

from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from flows.reports.pdf import with_pdf
from flows.reports.region import render_region_report
from flows.reports.social import render_social_report
from services.reporting.metrics.municipal import municipal_figures
from services.reporting.social_disclosure import published_municipalities
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
        rendered = render_region_report(public, project, region, "fi")
        save_report(outreach, "region", "iso-sos", public["period"], region, "fi",
                    with_pdf(rendered) if region == "kainuu" else rendered)
    partners = [p["id"] for p in project["partners"]]
    enonkoski = published_municipalities({"046": municipal_figures(outreach, partners, "046", 2019)}, project)["046"]
    save_report(outreach, "social", "iso-sos", {"from": "2019-01-01", "to": "2019-12-31"}, "046", "fi",
                render_social_report(enonkoski, project, "fi"))
    return outreach


def test_reports_are_listed_by_name_and_downloaded_per_format(hub, reports):
    listed = hub.get("/api/projects/iso-sos/reports", headers=COORDINATOR).json()
    assert [(r["kind"], r["scope"], r["name"], r["language"]) for r in listed] == [
        ("region", "essote", "Essote", "fi"), ("region", "kainuu", "Kainuun sote", "fi"),
        ("social", "046", "Enonkoski", "fi")]
    kainuu, enonkoski = listed[1], listed[2]
    assert enonkoski["title"] == "Sosiaalinen raportti 2019: Enonkoski"
    assert enonkoski["period"] == {"from": "2019-01-01", "to": "2019-12-31"}
    assert kainuu["title"].startswith("Alueraportti: Kainuun sote (Kainuu) – ISO SOS")
    html = hub.get(kainuu["html"], headers=COORDINATOR)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "Alueraportti: Kainuun sote" in html.text
    assert hub.get(kainuu["json"], headers=COORDINATOR).json()["region"] == "kainuu"
    table = hub.get(kainuu["csv"]["outreach_summary"], headers=COORDINATOR)
    assert table.headers["content-type"].startswith("text/csv")
    assert "attachment" in table.headers["content-disposition"]
    assert "Kontaktoidut henkilöt;<5;46" in table.text
    pdf = hub.get(kainuu["pdf"], headers=COORDINATOR)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"
    assert pdf.headers["content-disposition"] == \
        'inline; filename="iso-sos-region-kainuu-2018-01-01_2019-12-31-fi.pdf"'
    workbook = hub.get(enonkoski["xlsx"], headers=COORDINATOR)
    assert workbook.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert workbook.headers["content-disposition"] == \
        'attachment; filename="iso-sos-social-046-2019-01-01_2019-12-31-fi.xlsx"'
    assert load_workbook(io.BytesIO(workbook.content)).sheetnames == ["Selite", "Jalkautuminen", "Käsitellyt asiat",
                                                                     "Ryhmätoiminnot"]
    # Essote's report was stored without a PDF: the link answers 404, not an empty file.
    assert hub.get(listed[0]["pdf"], headers=COORDINATOR).status_code == 404


def test_a_partner_sees_only_its_own_reports(hub, reports):
    listed = hub.get("/api/projects/iso-sos/reports", headers=ESSOTE).json()
    assert [r["scope"] for r in listed] == ["essote"]
    assert hub.get("/api/projects/iso-sos/reports?kind=social", headers=COORDINATOR).json()[0]["name"] == "Enonkoski"
    assert hub.get("/api/projects/iso-sos/reports/social/046/fi?from=2019-01-01&to=2019-12-31&format=pdf",
                   headers=ESSOTE).status_code == 403
    other = hub.get("/api/projects/iso-sos/reports/region/kainuu/fi", headers=ESSOTE)
    assert other.status_code == 403
    assert hub.get("/api/projects/iso-sos/reports/region/essote/en", headers=ESSOTE).status_code == 404
    missing_table = hub.get("/api/projects/iso-sos/reports/region/essote/fi?format=csv&table=nope", headers=ESSOTE)
    assert missing_table.status_code == 404 and "outreach_summary" in missing_table.json()["error"]["message"]
