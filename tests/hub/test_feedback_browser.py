"""Client feedback in Debian's chromium (Playwright): a worker makes a
one-time link in the worker app, the client answers it on "their own phone"
(a second browser context: no cookies, no login), a second answer on the
same link is refused, and expired or made-up links get clear pages."""
from datetime import timedelta

import pytest

from services.shared.envelope import utcnow
from tests.browser import CHROMIUM
from tests.support import wait_for

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./run tests installs it)")

LINK_FORM = "form[data-form=feedback_link]"


@pytest.fixture
def phone(browser, partner_stack):
    """The client's own phone: another browser with nothing of the worker's."""
    context = browser.new_context(base_url=partner_stack.url, viewport={"width": 390, "height": 844},
                                  locale="fi-FI")
    context.set_default_timeout(15000)
    yield context
    context.close()


def make_link(page, worker):
    page.goto("/app/login")
    page.fill("#username", worker[0])
    page.fill("#password", worker[1])
    page.click("#login button")
    page.wait_for_selector("form[data-form=visit]")
    page.click("nav a[href='/app/assessment/feedback-links/new']")
    form = page.locator(LINK_FORM)
    form.locator("select[name=municipality]").select_option("205")
    form.locator("select[name=service_type], [name=service_type][value=office_appointment]").first.wait_for()
    service = form.locator("select[name=service_type]")
    if service.count():
        service.select_option("office_appointment")
    else:
        form.locator("[name=service_type][value=office_appointment]").check()
    form.locator("[name=encounter_on]").fill("1.3.2019")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#feedback-url")
    assert page.locator("#feedback-link img.qr").is_visible()
    return page.locator("#feedback-url").get_attribute("href")


def test_a_client_answers_once_on_their_own_phone(partner_stack, context, phone, worker):
    url = make_link(context.new_page(), worker)
    assert "/feedback/" in url
    page = phone.new_page()
    page.goto(url)
    assert page.locator("h1").inner_text() == "Asiakaspalaute"
    assert page.locator("input[type=password]").count() == 0  # no login
    page.get_by_role("radiogroup", name="Tulin kuulluksi.").get_by_label("5 – Täysin samaa mieltä").check()
    page.get_by_role("radiogroup", name="Kokonaisarvio tapaamisesta").get_by_label("4 – Hyvä").check()
    page.fill("#comment", "Sain hyvät neuvot.")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('Kiitos palautteestasi!')")

    answers = partner_stack.db("assessment")["feedback_answers"]
    [answer] = list(answers.find({"comment": "Sain hyvät neuvot."}))
    assert answer["answers"] == {"heard": 5, "overall": 4} and answer["municipality"] == "205"
    centre = partner_stack.db("centre")["events"]
    assert wait_for(lambda: centre.find_one({"event_type": "assessment.feedback_given",
                                             "payload.feedback_id": str(answer["_id"])}))

    # The same link again, as the back button and a resend would do it.
    page.go_back()
    page.wait_for_selector("h1")
    if page.locator("button[type=submit]").count():
        page.get_by_role("radiogroup", name="Kokonaisarvio tapaamisesta").get_by_label("1 – Erittäin huono").check()
        page.click("button[type=submit]")
    page.wait_for_selector("h1:text('Palaute on jo annettu')")
    again = page.request.post(url, form={"overall": "1"})
    assert again.status == 410
    assert answers.count_documents({"comment": "Sain hyvät neuvot."}) == 1


def test_expired_and_made_up_links_get_a_clear_page(partner_stack, context, phone, worker):
    url = make_link(context.new_page(), worker)
    links = partner_stack.db("assessment")["feedback_links"]
    links.update_many({"used": False}, {"$set": {"expires_at": utcnow() - timedelta(minutes=1)}})
    page = phone.new_page()
    expired = page.goto(url)
    assert expired.status == 410 and page.locator("h1").inner_text() == "Linkki on vanhentunut"
    made_up = page.goto("/feedback/" + "x" * 43 + "?lang=sv")
    assert made_up.status == 404 and page.locator("h1").inner_text() == "Länken finns inte"
    assert "uuden linkin" not in page.content()  # in Swedish, as asked


def test_the_feedback_page_has_no_serious_accessibility_problems(browser, partner_stack, context, worker):
    from axe_playwright_python.sync_playwright import Axe

    url = make_link(context.new_page(), worker)
    # axe runs a script, which the page's own policy (no scripts) forbids.
    checker = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    try:
        page = checker.new_page()
        for lang in ("fi", "sv", "en"):
            page.goto(f"{url}?lang={lang}")
            assert page.locator("html").get_attribute("lang") == lang
            violations = Axe().run(page).response["violations"]
            assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    finally:
        checker.close()
