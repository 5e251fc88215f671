"""The hub's dashboard in a real headless browser (Debian's chromium, driven
by Playwright): log in with a token, read the project's figures in tables
and charts, see a new event appear without reloading, and a partner's
published view."""
import pytest

from services.reporting.event_store import EventStore
from services.reporting.report_store import save_report
from services.shared import definitions
from tests.browser import CHROMIUM
from tests.flows import events as ev
from tests.support import auth

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./run tests installs it)")


@pytest.fixture
def page(browser, hub):
    # The hub's CSP forbids eval, which Playwright's wait_for_function and axe
    # use; test_the_dashboard_runs_under_its_content_security_policy keeps it.
    context = browser.new_context(base_url=str(hub.base_url), viewport={"width": 1200, "height": 900},
                                  bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert not errors, errors


def log_in(page, token):
    page.goto("/")
    page.fill("#token", token)
    page.click("#login button")
    page.wait_for_selector("#visits-chart svg")


def rows(page, selector):
    """The cells' text of each table row (also of a table folded in <details>)."""
    return page.eval_on_selector_all(selector, "rows => rows.map(row => [...row.cells].map(c => c.textContent))")


def serious_accessibility_problems(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]


def point(page, chart, series, month):
    """The value a chart draws for one series and month."""
    return page.locator(f'#{chart} svg [data-series="{series}"][data-category="{month}"]').get_attribute("data-value")


def test_the_coordinator_sees_tables_charts_and_new_events_live(page, centre_db, tmp_path):
    store = EventStore(centre_db)
    for partner, contacted in [("kainuu", 12), ("essote", 30)]:
        store.ingest(ev.visit(partner, "2019-03-01", contacted=contacted, present=contacted))
    store.ingest(ev.client("kainuu", "c1"))
    store.ingest(ev.measurement("kainuu", "c1", 1, "2018-09-10", 4))

    log_in(page, "coordinator-token")
    assert rows(page, "#outreach tbody tr") == [
        ["Essote", "1", "30"], ["Kainuun sote", "1", "12"], ["Pieksämäki", "0", "0"], ["Sosteri", "0", "0"],
        ["Yhteensä", "2", "42"]]
    headline = rows(page, "#headline tbody tr")[0]
    assert headline[:3] == ["Tavoitetut asiakkaat", "1", "150"]
    assert "0,7" in headline[3]  # 1 of 150, in Finnish
    assert page.locator("#reach-chart svg rect").first.get_attribute("data-value") == "1"
    # Monthly charts: a point per partner and month, and the same figures as a table.
    assert point(page, "contacts-chart", "Essote", "2019-03") == "30"
    assert point(page, "contacts-chart", "Kainuun sote", "2019-02") == "0"
    table = rows(page, "#contacts-chart details tbody tr")
    assert table[0][0] == "2018-01" and len(table) == 24
    assert table[14] == ["2019-03", "30", "12", "0", "0"]
    # Measurements per instrument and round, labelled from the definition file.
    esy = definitions.instrument("esy")["fi"]
    assert [r[:5] for r in rows(page, "#measurements tbody tr") if r[0] == esy] == [[esy, "1", "0", "0", "0"]]
    assert point(page, "measurement-chart", "Mittaus 1", esy) == "1"
    assert point(page, "measurement-chart", "Mittaus 2", esy) == "0"
    assert page.inner_text("#updated").startswith("päivitetty ")
    assert serious_accessibility_problems(page) == []

    # A visit reaches the centre while the page is open: it shows without a reload.
    store.ingest(ev.visit("essote", "2019-03-05", contacted=8, present=8))
    page.wait_for_function(
        "document.querySelector('#outreach tbody tr').innerText.split('\\t').join('|') === 'Essote|2|38'",
        timeout=8000)
    assert point(page, "contacts-chart", "Essote", "2019-03") == "38"
    assert rows(page, "#outreach tbody tr")[-1] == ["Yhteensä", "3", "50"]
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    page.fill("#token", "no-such-token")
    page.click("#login button")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Virhe')")
    assert "401" in page.inner_text("#status")
    assert page.locator("#dashboard").is_hidden()


def test_a_partner_sees_its_own_region_published_in_either_language(page, hub, centre_db, tmp_path):
    store = EventStore(centre_db)
    for day, contacted in [("2019-02-12", 3), ("2019-03-04", 10), ("2019-03-20", 6)]:
        store.ingest(ev.visit("kainuu", day, contacted=contacted, present=contacted))
    store.ingest(ev.visit("essote", "2019-03-01", contacted=30, present=30))
    for region, year in [("kainuu", 2018), ("kainuu", 2019), ("essote", 2019)]:
        save_report(centre_db, "region", "iso-sos", {"from": f"{year}-01-01", "to": f"{year}-12-31"}, region, "fi",
                    {"html": f"<h1>{region} {year}</h1>", "json": {}, "csv": {"outreach": f"vuosi\n{year}\n"}})

    log_in(page, "kainuu-token")
    assert page.input_value("#period") == "2018-01-01/2019-12-31"
    assert rows(page, "#outreach tbody tr") == [["Kainuun sote", "3", "19"], ["Yhteensä", "4", "49"]]
    assert point(page, "contacts-chart", "Kainuun sote", "2019-02") == "<5"
    assert page.locator("#contacts-chart svg [data-series]").count() == 24, "its own region only"
    assert page.locator("#contacts-chart svg .gap").count() == 1, "drawn as a gap with its mark, not as 0"
    assert "<5" in page.inner_text("#contacts-chart .note")
    assert rows(page, "#contacts-chart details tbody tr")[13] == ["2019-02", "<5"]
    assert rows(page, "#headline tbody tr")[1][1:] == ["<5", "50", "–"], "a share would give the count away"
    assert page.locator("#scope-note").is_hidden()

    # The region's latest report, with a link for each URL the list gives.
    assert page.locator("#reports li").count() == 1
    entry = page.inner_text("#reports li")
    assert "Kainuun sote" in entry and "(fi, 2019-01-01 – 2019-12-31)" in entry
    latest = next(r for r in hub.get("/api/projects/iso-sos/reports", headers=auth("kainuu-token")).json()
                  if r["scope"] == "kainuu" and r["period"]["from"] == "2019-01-01")
    urls = {value for value in latest.values() if isinstance(value, str) and value.startswith("/api/")}
    links = page.locator("#reports li a")
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} == urls | set(latest["csv"].values())
    assert {"HTML", "JSON", "CSV: outreach"} <= set(links.all_inner_texts())
    with page.expect_download() as download:
        page.click("#reports li a:text('CSV: outreach')")
    assert open(download.value.path(), encoding="utf-8").read() == "vuosi\n2019\n"

    # Off the published grid of periods: its own region only, and a note why.
    page.fill("#from", "2019-02-01")
    page.fill("#to", "2019-03-10")
    page.click("#filters button")
    page.wait_for_function("document.querySelectorAll('#outreach tbody tr').length === 1")
    assert rows(page, "#outreach tbody tr") == [["Kainuun sote", "2", "13"]]
    assert page.locator("#scope-note").is_visible()
    assert page.input_value("#period") == ""
    # A new event reloads the figures of the chosen period, not the whole project's.
    store.ingest(ev.visit("kainuu", "2019-03-05", contacted=7, present=7))
    page.wait_for_function("document.querySelector('#outreach tbody tr').innerText.includes('20')", timeout=8000)
    assert rows(page, "#outreach tbody tr") == [["Kainuun sote", "3", "20"]]
    assert (page.input_value("#from"), page.input_value("#to")) == ("2019-02-01", "2019-03-10")

    # English, remembered over a reload; the labels come from the definitions.
    page.click("#language")
    page.wait_for_function("document.querySelector('#outreach th').textContent === 'Region'")
    page.reload()
    page.wait_for_selector("#visits-chart svg")
    assert rows(page, "#outreach thead tr") == [["Region", "Outreach visits", "People contacted"]]
    assert definitions.instrument("esy")["en"] in page.inner_text("#measurements")
    assert page.inner_text("#updated").startswith("updated ")
    page.screenshot(path=str(tmp_path / "partner.png"), full_page=True)


def test_pro_sos_shows_its_client_feedback_per_quarter(page, centre_db):
    store = EventStore(centre_db)
    for n in range(8):
        store.ingest(ev.feedback_link("koske", f"2018-02-{n + 1:02d}"))
    for n, overall in enumerate([5, 5, 4, 4, 3, 3]):
        store.ingest(ev.feedback_answer("koske", f"2018-02-{n + 1:02d}", overall=overall, heard=4))

    log_in(page, "coordinator-token")
    assert page.locator("#feedback-section").is_hidden()  # ISO SOS collects no client feedback
    page.select_option("#project", "pro-sos")
    page.wait_for_selector("#feedback-section:not([hidden]) #feedback-chart svg")
    quarters = rows(page, "#feedback-quarters tbody tr")
    assert len(quarters) == 13 and quarters[0][0] == "3. vuosineljännes 2016"
    assert quarters[6] == ["1. vuosineljännes 2018", "8", "6", "75\u00a0%", "4", "6"]
    items = dict((r[0], r[1:]) for r in rows(page, "#feedback-items tbody tr"))
    assert items["Tulin kuulluksi."] == ["4", "6"] and items["Sain apua asiaani."] == ["–", "0"]
    assert point(page, "feedback-chart", "Vastaukset", "1. vuosineljännes 2018") == "6"
    assert serious_accessibility_problems(page) == []


def test_the_dashboard_runs_under_its_content_security_policy(browser, hub):
    context = browser.new_context(base_url=str(hub.base_url), viewport={"width": 1200, "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.on("pageerror", lambda error: refused.append(str(error)))
    try:
        log_in(page, "coordinator-token")
        page.wait_for_selector("#measurement-chart svg")
    finally:
        context.close()
    assert refused == []
