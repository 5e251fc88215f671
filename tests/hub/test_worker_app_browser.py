"""The worker app in Debian's chromium (Playwright): a worker logs in and
records visits, clients, measurements and group work through forms built
from the API's schemas; errors show at their fields; records made offline
arrive exactly once; axe finds nothing serious on any page."""
import pytest

from tests.browser import CHROMIUM
from tests.support import wait_for

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./run tests installs it)")

VISIT = "form[data-form=visit]"


def log_in(page, username, password, landing=VISIT):
    page.goto("/app/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login button")
    page.wait_for_selector(landing)


def fill_visit(page, venue="Tutun Tupa, Kajaani", present="12", contacted="5"):
    form = page.locator(VISIT)
    form.locator("[name=visit_date]").fill("4.3.2019")
    form.locator("select[name=municipality]").select_option("205")
    form.locator("[name=venue]").fill(venue)
    form.locator("select[name=venue_type]").select_option("low_threshold_meeting_place")
    form.locator("[name=nature][value=partner_premises]").check()
    form.locator("[name=people_present]").fill(present)
    form.locator("[name=people_contacted]").fill(contacted)
    form.locator("[name=topics][value=housing]").check()
    form.locator("[name=topics][value=finances]").check()
    form.locator("[name=worker_rating][value='4']").check()
    form.locator("[name=suitability_rating][value='5']").check()
    form.locator("[name=observations]").fill("Vuokra-asuntojen puute näkyy.")


def visits_of(stack, worker):
    return list(stack.db("outreach")["visits"].find({"worker": worker}))


def queue_count(page):
    return int(page.get_attribute("#queue-count", "data-count"))


def test_a_worker_records_a_visit_in_finnish_that_reaches_the_centre(partner_stack, context, worker):
    page = context.new_page()
    log_in(page, *worker)
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("h1").inner_text() == "Uusi jalkautumiskäynti"
    names = set(page.locator(f"{VISIT} [name]").evaluate_all("els => els.map(e => e.name)"))
    assert {"visit_date", "municipality", "venue", "venue_type", "nature", "people_present", "people_contacted",
            "topics", "worker_rating", "suitability_rating", "observations"} <= names
    assert "worker" not in names  # the login is the worker
    assert page.locator(f"{VISIT} [name=topics]").count() == 12  # every code of the codelist
    assert page.locator(VISIT).get_by_label("Yhteistyökumppanin luokse").get_attribute("value") == "partner_premises"
    fill_visit(page)
    page.click(f"{VISIT} button[type=submit]")
    page.wait_for_function("document.querySelector('form[data-form=visit] .status').textContent === 'Tallennettu.'")

    [visit] = visits_of(partner_stack, worker[0])
    assert (visit["visit_date"], visit["municipality"]) == ("2019-03-04", "205")
    assert visit["topics"] == ["finances", "housing"]
    centre = partner_stack.db("centre")["events"]
    event = wait_for(lambda: centre.find_one({"event_type": "outreach.visit_recorded", "payload.worker": worker[0]}))
    assert event and event["partner_id"] == "kainuu" and event["payload"]["people_contacted"] == 5

    page.goto("/app/outreach/visits")
    page.wait_for_selector("main table")
    row = page.locator("main tbody tr").first
    assert row.inner_text().split("\t")[:5] == ["4.3.2019", "Kajaani", "Tutun Tupa, Kajaani", "5", "Voimassa"]
    row.get_by_role("button", name="Mitätöi").click()
    row.locator("[name=reason]").fill("Kirjattu kahdesti")
    row.locator("button[type=submit]").click()
    page.wait_for_selector("main tbody tr td:text('Mitätöity: Kirjattu kahdesti')")
    assert visits_of(partner_stack, worker[0])[0]["voided"] is True


def test_a_bad_visit_shows_its_errors_at_the_fields_and_stores_nothing(partner_stack, context, worker):
    page = context.new_page()
    log_in(page, *worker)
    fill_visit(page, venue="Asiakas 131052-308T kotona", present="3", contacted="7")
    page.locator(f"{VISIT} [name=topics]:checked").evaluate_all("els => els.forEach(e => e.click())")
    page.click(f"{VISIT} button[type=submit]")
    page.wait_for_selector(f"{VISIT} .summary:not([hidden])")

    def error_at(name):
        return page.locator(f"{VISIT} [data-field={name}] > .error").inner_text()

    assert error_at("venue").startswith("Näyttää henkilötunnukselta")
    assert error_at("people_contacted") == "Ei voi olla enemmän kuin paikalla olleita henkilöitä."
    assert error_at("topics") == "Pakollinen tieto puuttuu."
    assert page.locator(f"{VISIT} [data-field=municipality] > .error").is_hidden()
    # The error is tied to its input, and what was typed stays.
    venue = page.locator(f"{VISIT} [name=venue]")
    assert venue.get_attribute("aria-invalid") == "true"
    error_id = page.locator(f"{VISIT} [data-field=venue] > .error").get_attribute("id")
    assert error_id in venue.get_attribute("aria-describedby")
    assert venue.input_value() == "Asiakas 131052-308T kotona"
    assert page.locator(f"{VISIT} [name=people_contacted]").input_value() == "7"

    # In English, the API's own words.
    page.click("#lang")
    page.wait_for_selector("h1:text('New outreach visit')")
    fill_visit(page, venue="Asiakas 131052-308T kotona", present="3", contacted="7")
    page.click(f"{VISIT} button[type=submit]")
    page.wait_for_selector(f"{VISIT} .summary:not([hidden])")
    assert error_at("venue").startswith("Looks like a personal identity code (henkilötunnus).")
    page.reload()
    page.wait_for_selector("h1:text('New outreach visit')")  # the choice is remembered
    assert visits_of(partner_stack, worker[0]) == []


def record_offline(context, page, count):
    context.set_offline(True)
    for n in range(count):
        fill_visit(page, venue=f"Kirjasto {n}")
        page.click(f"{VISIT} button[type=submit]")
        page.wait_for_function(f"document.getElementById('queue-count').dataset.count === '{n + 1}'")
    assert "Lähettämättä: 3" in page.inner_text("#queue-count")


def service_worker_ready(page):
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


@pytest.mark.parametrize("reload_between", [False, True], ids=["online-again", "reloaded-offline"])
def test_visits_recorded_offline_arrive_exactly_once(partner_stack, context, worker, reload_between):
    page = context.new_page()
    log_in(page, *worker)
    service_worker_ready(page)
    other_tab = context.new_page()  # a second tab sends the same queue when the connection returns
    other_tab.goto("/app/outreach/visits/new")
    other_tab.wait_for_selector(VISIT)
    page.bring_to_front()  # a background tab's timers are throttled
    record_offline(context, page, 3)
    assert visits_of(partner_stack, worker[0]) == []
    sent = []

    def lose_the_first_answer(route):
        # The visit is stored but its answer never arrives: the app must
        # send it again, and the Idempotency-Key must keep it single.
        key = route.request.headers["idempotency-key"]
        sent.append(key)
        if sent.count(key) == 1:
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    context.route("**/outreach/visits", lose_the_first_answer)
    if reload_between:
        page.reload()  # the service worker serves the app shell offline
        page.wait_for_selector(VISIT)
        assert queue_count(page) == 3
    context.set_offline(False)
    page.wait_for_function("document.getElementById('queue-count').dataset.count === '0'")
    other_tab.wait_for_function("document.getElementById('queue-count').dataset.count === '0'")
    page.reload()  # sending again finds nothing left to send
    page.wait_for_selector(VISIT)
    visits = visits_of(partner_stack, worker[0])
    assert sorted(v["venue"] for v in visits) == ["Kirjasto 0", "Kirjasto 1", "Kirjasto 2"]
    assert queue_count(page) == 0 and page.inner_text("#queue-count") == "Kaikki tallenteet on lähetetty."
    assert len(set(sent)) == 3 and len(sent) == 6


def test_an_ended_session_keeps_the_queue_until_the_worker_logs_in_again(partner_stack, context, worker):
    page = context.new_page()
    log_in(page, *worker)
    service_worker_ready(page)
    context.set_offline(True)
    fill_visit(page, venue="Tori")
    page.click(f"{VISIT} button[type=submit]")
    # Queued (and the form cleared) before the next is typed in: on a busy
    # machine the second fill could otherwise land in the form being reset.
    page.wait_for_function("document.getElementById('queue-count').dataset.count === '1'")
    fill_visit(page, venue="Kauppahalli", present="2", contacted="9")  # the API will refuse this one
    page.click(f"{VISIT} button[type=submit]")
    page.wait_for_function("document.getElementById('queue-count').dataset.count === '2'")
    partner_stack.db("accounts")["sessions"].delete_many({"username": worker[0]})  # revoked meanwhile
    context.set_offline(False)
    page.wait_for_selector("#queue-panel .warning")
    assert queue_count(page) == 2 and visits_of(partner_stack, worker[0]) == []
    log_in(page, *worker)
    page.wait_for_function("document.getElementById('queue-count').dataset.count === '0'")
    assert [v["venue"] for v in visits_of(partner_stack, worker[0])] == ["Tori"]
    # The refused one stays on the device with its reasons until discarded.
    refused = page.locator("#queue-panel li")
    assert "Kohdattuja henkilöitä (joiden kanssa keskusteltiin): Ei voi olla enemmän kuin paikalla olleita " \
           "henkilöitä." in refused.inner_text()
    refused.get_by_role("button", name="Hylkää").click()
    page.wait_for_selector("#queue-panel li", state="detached")


def submit_and_wait(page, form, then):
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(then)


def test_a_client_a_measurement_round_and_a_group_with_a_session_through_the_app(partner_stack, context, worker):
    page = context.new_page()
    log_in(page, *worker)
    client = f"{worker[0]}-c1"

    page.click("nav >> text=Uusi asiakas")
    form = "form[data-form=client]"
    page.fill(f"{form} [name=client]", client)
    page.get_by_label("Nainen").check()
    page.fill(f"{form} [name=birth_year]", "1984")
    page.locator(f"{form} [data-field=household]").get_by_label("Yksin").check()
    page.fill(f"{form} [name=children_in_household]", "0")
    page.select_option(f"{form} [name=labour_market_status]", "unemployed")
    page.fill(f"{form} [name=out_of_work_months]", "42")
    page.select_option(f"{form} [name=primary_reason]", "social_relationships")
    page.select_option(f"{form} [name=municipality]", "205")
    page.locator(f"{form} [name=needs_assessment_done][value=true]").check()
    page.fill(f"{form} [name=registered_on]", "3.9.2018")
    submit_and_wait(page, form, f"{form} .status:text('Tallennettu.')")

    page.goto(f"/app/assessment/measurements/new?client={client}")
    form = "form[data-form=measurement]"
    page.locator(f"{form} [name=instrument][value=kykyviisari]").check()
    page.fill(f"{form} [name=round]", "1")
    page.fill(f"{form} [name=measured_on]", "10.9.2018")
    domains = page.locator(f"{form} [data-field^='scores.']")
    assert domains.count() == 8  # from the instrument's definition
    for name in domains.evaluate_all("els => els.map(e => e.dataset.field)"):
        page.locator(f"{form} [name='{name}'][value='6']").check()
    submit_and_wait(page, form, f"{form} .status:text('Tallennettu.')")

    page.click("nav >> text=Uusi ryhmä")
    form = "form[data-form=group]"
    page.fill(f"{form} [name=name]", "Luontoryhmä")
    page.select_option(f"{form} [name=activity]", "nature")
    page.select_option(f"{form} [name=municipality]", "205")
    page.fill(f"{form} [name=facilitators]", "kainuu-ext-01")
    page.fill(f"{form} [name=planned_sessions]", "4")
    page.locator(f"{form} [data-field=intensity]").get_by_label("Kerran viikossa").check()
    page.fill(f"{form} [name=session_minutes]", "120")
    page.fill(f"{form} [name=started_on]", "2.4.2019")
    submit_and_wait(page, form, "h1:text('Luontoryhmä')")

    form = "form[data-form=participant]"
    page.fill(f"{form} [name=client]", "kainuu-g001")
    page.locator(f"{form} [data-field=gender]").get_by_label("Mies").check()
    page.select_option(f"{form} [name=labour_market_status]", "unemployed")
    page.locator(f"{form} [name=lives_alone][value=true]").check()
    page.select_option(f"{form} [name=primary_reason]", "health")
    page.select_option(f"{form} [name=referred_by]", "adult_social_work")
    page.fill(f"{form} [name=enrolled_on]", "2.4.2019")
    submit_and_wait(page, form, "#participants li:text('kainuu-g001')")

    form = "form[data-form=session]"
    page.fill(f"{form} [name=held_on]", "9.4.2019")
    page.fill(f"{form} [name=duration_minutes]", "120")
    page.locator(f"{form} [name=attendees][value=kainuu-g001]").check()
    submit_and_wait(page, form, "#sessions-held:text('1')")

    form = "form[data-form=survey]"
    page.locator(f"{form} [name=phase][value=start]").check()
    page.fill(f"{form} [name=client]", "kainuu-g001")
    page.fill(f"{form} [name=submitted_on]", "2.4.2019")
    page.locator(f"{form} [name='answers.feel_lonely'][value='2']").check()
    submit_and_wait(page, form, f"{form} [name='answers.feel_lonely'][value='2']:not(:checked)")  # the page anew
    form = "form[data-form=end]"
    page.fill(f"{form} [name=ended_on]", "30.4.2019")
    submit_and_wait(page, form, "main p:text('Ryhmä on päättynyt 30.4.2019.')")

    groups = partner_stack.db("groups")
    [group] = list(groups["groups"].find({"name": "Luontoryhmä", "facilitators": worker[0]}))
    assert group["facilitators"] == [worker[0], "kainuu-ext-01"]
    [session] = list(groups["sessions"].find({"group_id": str(group["_id"])}))
    assert (session["attendees"], session["facilitators"], session["held_on"]) == (
        ["kainuu-g001"], [worker[0]], "2019-04-09")
    [survey] = list(groups["surveys"].find({"group_id": str(group["_id"])}))
    assert (survey["phase"], survey["client"], survey["answers"]) == ("start", "kainuu-g001", {"feel_lonely": 2})
    assert groups["groups"].find_one({"_id": group["_id"]})["ended"] is True
    assessment = partner_stack.db("assessment")
    assert assessment["clients"].find_one({"client": client})["worker"] == worker[0]
    measurement = assessment["measurements"].find_one({"client": client})
    assert measurement["worker"] == worker[0] and set(measurement["scores"].values()) == {6}


PAGES = ["/app/outreach/visits/new", "/app/outreach/visits", "/app/assessment/clients/new",
         "/app/assessment/measurements/new", "/app/assessment/forms/new", "/app/assessment/followups",
         "/app/groups", "/app/groups/new"]


def test_axe_finds_no_serious_or_critical_violations_on_any_page(partner_stack, context, worker):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = context.new_page()

    def serious(where):
        results = axe.run(page)
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                 for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        return [(where, *f) for f in found]

    page.goto("/app/login")
    page.wait_for_selector("#login")
    problems = serious("/app/login")
    log_in(page, *worker)
    group = partner_stack.db("groups")["groups"].find_one({}, {"_id": 1})
    for path in PAGES + ([f"/app/groups/{group['_id']}"] if group else []):
        page.goto(path)
        page.wait_for_selector("main:not([aria-busy]) h1")
        problems += serious(path)
    page.goto("/app/outreach/visits/new")
    page.click(f"{VISIT} button[type=submit]")
    page.wait_for_selector(f"{VISIT} .summary:not([hidden])")
    problems += serious("visit form with errors")
    assert problems == []
