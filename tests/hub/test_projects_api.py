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
from tests.support import auth, wait_for

COORDINATOR, KAINUU, ESSOTE = auth("coordinator-token"), auth("kainuu-token"), auth("essote-token")


@pytest.fixture
def outreach(centre_db):
    store = EventStore(centre_db)
    for partner, contacted in [("kainuu", 4), ("essote", 30), ("sosteri", 12)]:
        store.ingest(ev.visit(partner, "2019-03-01", contacted=contacted, present=contacted))
    return centre_db


def test_the_coordinator_reads_every_region_unsuppressed(hub, outreach):
    metrics = hub.get("/api/projects/iso-sos/metrics", headers=COORDINATOR).json()
    assert metrics["suppressed"] is False and metrics["source"] == "read_models"
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
    assert essote["regions"]["essote"]["outreach"]["contacts"] == 30
    assert essote["project"]["outreach"]["contacts"] == 46


def test_a_partner_cannot_subtract_its_own_figures_from_the_total(hub, centre_db):
    """Kainuu knows its own 30 contacts; in the quarter only Essote's 3
    came besides, so the project's 33 would give Essote's 3 away."""
    store = EventStore(centre_db)
    store.ingest(ev.visit("kainuu", "2019-02-01", contacted=30, present=30))
    store.ingest(ev.visit("essote", "2019-02-02", contacted=3, present=3))
    quarter = hub.get("/api/projects/iso-sos/metrics?from=2019-01-01&to=2019-03-31", headers=KAINUU).json()
    assert quarter["regions"]["kainuu"]["outreach"]["contacts"] == 30
    assert quarter["project"]["outreach"]["contacts"] == ".."
    assert quarter["project"]["outreach"]["visits"] == 2, "visits are not people"
    assert quarter["project"]["reach"]["workers"] == "<5"
    assert quarter["project"]["reach"]["attainment"]["workers"] is None, "attainment × target = the count"
    coordinator = hub.get("/api/projects/iso-sos/metrics?from=2019-01-01&to=2019-03-31", headers=COORDINATOR)
    assert coordinator.json()["project"]["outreach"]["contacts"] == 33


def test_a_partner_cannot_difference_periods(hub, centre_db):
    """Essote's 3 contacts in 2019 Q3 are withheld from Kainuu; overlapping
    periods are not published to partners, and the whole project minus
    the other quarters does not give them away either."""
    store = EventStore(centre_db)
    store.ingest(ev.visit("kainuu", "2019-02-01", contacted=30, present=30))
    store.ingest(ev.visit("kainuu", "2019-08-01", contacted=20, present=20))
    store.ingest(ev.visit("essote", "2019-02-02", contacted=10, present=10))
    store.ingest(ev.visit("essote", "2019-08-02", contacted=3, present=3))

    def contacts(period):
        answer = hub.get(f"/api/projects/iso-sos/metrics?{period}", headers=KAINUU).json()
        return None if answer["project"] is None else answer["project"]["outreach"]["contacts"]

    assert contacts("from=2019-01-01&to=2019-06-30") is None  # off the grid: own region only
    assert contacts("from=2019-01-01&to=2019-07-31") is None
    assert contacts("from=2019-07-01&to=2019-09-30") == ".."  # Essote's 3
    assert contacts("") == 63  # the whole project
    # Without a second withheld quarter, 63 - 40 (Q1) - 0 (others) - Kainuu's 20 would be 3.
    assert contacts("from=2019-01-01&to=2019-03-31") == ".."
    periods = hub.get("/api/projects/iso-sos/periods", headers=KAINUU).json()
    assert periods["project"] == {"from": "2018-01-01", "to": "2019-12-31"} and len(periods["quarters"]) == 8


def test_a_new_event_shows_in_the_metrics_within_seconds(hub, outreach):
    before = hub.get("/api/projects/iso-sos/metrics?from=2019-03-01&to=2019-03-01", headers=COORDINATOR).json()
    version = hub.get("/api/projects/iso-sos/version", headers=KAINUU).json()["version"]
    EventStore(outreach).ingest(ev.visit("kainuu", "2019-03-01", contacted=2, present=2))

    def contacts():
        answer = hub.get("/api/projects/iso-sos/metrics?from=2019-03-01&to=2019-03-01", headers=COORDINATOR).json()
        return answer["project"]["outreach"]["contacts"] == before["project"]["outreach"]["contacts"] + 2

    assert wait_for(contacts, timeout=3, interval=0.1)
    assert hub.get("/api/projects/iso-sos/version", headers=KAINUU).json()["version"] > version


def test_projects_and_periods_are_checked(hub, outreach):
    assert hub.get("/api/projects/pro-sos/metrics", headers=KAINUU).status_code == 403
    assert hub.get("/api/projects/nope/metrics", headers=COORDINATOR).status_code == 404
    # A misspelt or repeated parameter is refused, not ignored or overridden.
    for query, field in [("form=2019-01-01", "form"), ("from=2019-01-01&from=2018-01-01", "from"),
                         ("from=2019-01-01&131052-308T=1", "<redacted>")]:
        refused = hub.get(f"/api/projects/iso-sos/metrics?{query}", headers=COORDINATOR)
        assert refused.status_code == 422 and list(refused.json()["error"]["fields"]) == [field], refused.text
        assert "131052" not in refused.text and "from, to" in refused.json()["error"]["message"]
    assert hub.get("/api/health?nocache=1").status_code == 200  # a probe's own parameter
    # A path that looks like an identity code is not echoed back.
    for path in ("/api/projects/x131052-308t/metrics", "/api/projects/x131052308t/reports"):
        unknown = hub.get(path, headers=COORDINATOR)
        assert unknown.status_code == 404 and "131052" not in unknown.text, unknown.text
    reversed_period = hub.get("/api/projects/iso-sos/metrics?from=2019-05-01&to=2019-01-01", headers=COORDINATOR)
    assert reversed_period.status_code == 422
    assert hub.get("/api/projects/iso-sos/metrics?from=2019-13-01", headers=COORDINATOR).status_code == 422
    assert hub.get("/api/projects/iso-sos/metrics").status_code == 401
    for bad in ("/api/projects/iso-sos/metrics?to=9999-12-31", "/api/projects/iso-sos/metrics?from=1899-01-01",
                f"/api/projects/{'x' * 251}/metrics", "/api/projects/ISO%20SOS/metrics",
                # seconds since 1970, a moment, a week date: a period is given in days
                "/api/projects/iso-sos/metrics?from=1546300800", "/api/projects/iso-sos/metrics?to=2019-06-30T00:00:00",
                "/api/projects/iso-sos/monthly?from=2019-W10-1"):
        answer = hub.get(bad, headers=COORDINATOR)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "validation_failed", bad
    refused = hub.get("/api/projects/iso-sos/metrics?from=1546300800", headers=COORDINATOR).json()
    assert refused["error"]["fields"] == {"from": ["must be a day written YYYY-MM-DD"]}, refused
    too_early = hub.get("/api/projects/iso-sos/metrics?from=1899-01-01", headers=COORDINATOR).json()
    assert too_early["error"]["fields"] == {"from": ["Must be on or after 2000-01-01."]}, too_early
    assert reversed_period.json()["error"]["fields"] == {"to": ["'to' must not be before 'from'."]}
    assert [p["id"] for p in hub.get("/api/projects", headers=KAINUU).json()] == ["iso-sos"]
    assert [p["id"] for p in hub.get("/api/projects", headers=COORDINATOR).json()] == ["iso-sos", "pro-sos"]


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
    missing_table = hub.get("/api/projects/iso-sos/reports/region/essote/fi?format=csv&table=x131052308t",
                            headers=ESSOTE)
    assert missing_table.status_code == 404 and "outreach_summary" in missing_table.json()["error"]["message"]
    assert "131052" not in missing_table.text


def test_shares_and_breakdowns_do_not_give_other_partners_few_people_away(hub, centre_db):
    """Kainuu knows its own clients; the project's unemployed share times
    the registered would leave the other partners' 4 not unemployed."""
    store = EventStore(centre_db)
    for n in range(20):
        store.ingest(ev.client("kainuu", f"k{n}", registered_on="2018-11-05", status="unemployed" if n < 16 else "employed"))
    for n in range(20):
        store.ingest(ev.client("essote", f"e{n}", registered_on="2018-11-06", status="unemployed" if n < 16 else "employed"))
    started = ev.group("essote")
    store.ingest(started)
    for n in range(9):
        store.ingest(ev.enrol(started, f"p{n}", gender="female" if n < 6 else "male"))
    whole = hub.get("/api/projects/iso-sos/metrics", headers=KAINUU).json()["project"]
    assert whole["assessment"]["clients"]["registered"] == 40
    assert whole["assessment"]["clients"]["unemployed_share"] is None, "40 x 0.8 - Kainuu's 16 = Essote's 16, 4 not"
    quarter = hub.get("/api/projects/iso-sos/metrics?from=2019-04-01&to=2019-06-30", headers=KAINUU).json()["project"]
    assert quarter["groups"]["participants"] == 9
    assert set(quarter["groups"]["composition"]["gender"].values()) == {".."}, "quarters show no breakdowns"
