"""The hub's dashboard once in a real headless browser (Debian's chromium,
driven by Playwright): log in with a token and read the project's figures."""
import pytest

from services.reporting.event_store import EventStore
from tests.browser import ARGS, CHROMIUM
from tests.flows import events as ev


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./run tests installs it)")
def test_the_coordinator_reads_the_headline_in_a_browser(hub, centre_db, tmp_path):
    from playwright.sync_api import sync_playwright

    store = EventStore(centre_db)
    for partner, contacted in [("kainuu", 12), ("essote", 30)]:
        store.ingest(ev.visit(partner, "2019-03-01", contacted=contacted, present=contacted))
    store.ingest(ev.client("kainuu", "c1"))
    store.ingest(ev.measurement("kainuu", "c1", 1, "2018-09-10", 4))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(base_url=str(hub.base_url))
            page.goto("/")
            page.fill("#token", "coordinator-token")
            page.click("#login button")
            page.wait_for_selector("#outreach tbody tr")
            outreach = page.locator("#outreach tbody tr").all_inner_texts()
            assert [row.split("\t") for row in outreach] == [
                ["Essote", "1", "30"], ["Kainuun sote", "1", "12"], ["Pieksämäki", "0", "0"], ["Sosteri", "0", "0"],
                ["Yhteensä", "2", "42"]]
            headline = page.locator("#headline tbody tr").first.inner_text().split("\t")
            assert headline[:3] == ["Tavoitetut asiakkaat", "1", "150"]
            assert "0,7" in headline[3]  # 1 of 150, in Finnish
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

            page.fill("#token", "no-such-token")
            page.click("#login button")
            page.wait_for_function("document.getElementById('status').textContent.startsWith('Virhe')")
            assert "401" in page.inner_text("#status")
        finally:
            browser.close()
