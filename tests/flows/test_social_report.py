"""The social report a municipality can publish: its small counts are
protected together with the other municipalities of the same partner
(the secondary suppression), observations appear by topic without dates,
places or home visits, and an empty section says so in a sentence."""
import pytest

from flows.reports.social import render_social_report
from services.reporting.event_store import EventStore
from services.reporting.metrics.municipal import municipal_figures
from services.reporting.projects import load_project
from services.reporting.social_disclosure import published_municipalities
from tests.flows import events as ev
from tests.flows.report_formats import HtmlTables, small_people_cells

PUBLIC = "Asunnottomuus näkyy kirjaston asiakkaissa."
HOME_VISIT = "Kotikäynnillä näkyi homevaurio."
CLIENT_HOME = "Asiakkaan kotona ruokaa oli vähän."


@pytest.fixture
def kainuu_2019(centre):
    """Kajaani (205): 12 + 7 + 6 people contacted, two groups of 3 and 8;
    Hyrynsalmi (105), also Kainuu's: 3 people contacted, no groups."""
    store = EventStore(centre)
    store.ingest(ev.visit("kainuu", "2019-03-01", contacted=12, present=12, topics=["housing", "finances"],
                          venue_type="library", venue="Kajaanin kirjasto", observations=PUBLIC))
    store.ingest(ev.visit("kainuu", "2019-03-05", contacted=7, present=7, topics=["housing"], nature="home_visit",
                          observations=HOME_VISIT))
    store.ingest(ev.visit("kainuu", "2019-03-09", contacted=6, present=6, topics=["finances"],
                          nature="with_client_to_service", venue_type="client_home", observations=CLIENT_HOME))
    store.ingest(ev.visit("kainuu", "2019-03-20", contacted=0, present=4, topics=["housing"],
                          venue_type="library", observations=PUBLIC))  # the same text again: published once
    store.ingest(ev.visit("kainuu", "2019-04-01", contacted=3, present=3, municipality="105"))
    for size in (3, 8):
        group = ev.group("kainuu")
        store.ingest(group)
        for person in range(size):
            store.ingest(ev.enrol(group, f"k-{size}-{person}"))
    project = load_project("iso-sos")
    partners = [p["id"] for p in project["partners"]]
    figures = {m: municipal_figures(centre, partners, m, 2019) for m in ("205", "105")}
    return project, published_municipalities(figures, project)


def test_a_small_municipality_is_not_revealed_by_its_neighbours_and_the_partners_total(kainuu_2019):
    project, public = kainuu_2019
    kajaani = render_social_report(public["205"], project, "fi")
    volumes = {row[0]: row[1:] for row in HtmlTables(kajaani["html"]).tables["table-outreach"][1:]}
    # Hyrynsalmi's 3 is <5; Kajaani's 25 would give it away from Kainuu's published 28.
    assert volumes["Kontaktoidut henkilöt"] == ["..", "0", "–"]
    assert volumes["Jalkautumiskerrat"] == ["4", "0", "+4"]  # visits are not people
    groups = HtmlTables(kajaani["html"]).tables["table-groups"]
    assert groups[0] == ["Ryhmä", "Toiminta", "Osallistujat", "Tapaamiset"]
    assert [row[2] for row in groups[1:]] == ["<5", ".."]
    assert "Ryhmä;Toiminta;Osallistujat;Tapaamiset" in kajaani["csv"]["groups"]
    hyrynsalmi = render_social_report(public["105"], project, "fi")
    assert {row[0]: row[1] for row in HtmlTables(hyrynsalmi["html"]).tables["table-outreach"][1:]}[
        "Kontaktoidut henkilöt"] == "<5"
    assert "table-groups" not in HtmlTables(hyrynsalmi["html"]).tables
    assert "Kunnassa ei ollut ryhmätoimintaa vuonna 2019." in hyrynsalmi["html"]
    for rendered in (kajaani, hyrynsalmi, render_social_report(public["205"], project, "en")):
        assert small_people_cells(rendered, rendered["json"]["language"]) == []


def test_observations_are_published_by_topic_without_dates_places_or_home_visits(kainuu_2019):
    project, public = kainuu_2019
    rendered = render_social_report(public["205"], project, "fi")
    html = rendered["html"]
    assert html.count(PUBLIC) == 1 and HOME_VISIT not in html and CLIENT_HOME not in html
    section = html.split('id="observations"', 1)[1]
    assert section.index("<h3>Talous</h3>") < section.index(PUBLIC)  # under its first topic, in codelist order
    for private in ("2019-03", "1.3.2019", "Kajaanin kirjasto", "Kirjasto", "Asiakkaan koti"):
        assert private not in section
    assert rendered["json"]["observations"] == [{"theme": "Talous", "texts": [PUBLIC]}]
    assert "Kajaanin kirjasto" not in str(rendered["json"]) and HOME_VISIT not in str(rendered["json"])
