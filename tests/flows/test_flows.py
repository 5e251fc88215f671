"""The flows under prefect_test_harness against SecantusDB: snapshots with
the read models they came from, and reports whose HTML, CSV and JSON show the same figures."""
import csv

from bson import ObjectId
import io

import pytest

from flows.project_metrics import project_metrics
from flows.region_report import region_report
from flows.social_report import social_report
from services.reporting.event_store import EventStore
from tests.flows import events as ev
from tests.flows.report_formats import HtmlTables


@pytest.fixture
def events(centre):
    store = EventStore(centre)
    for partner, municipality, day, contacted, rating, topics in [
        ("kainuu", "205", "2019-03-01", 12, 4, ["finances", "housing"]),
        ("kainuu", "205", "2019-03-08", 7, 3, ["service_guidance"]),
        ("essote", "491", "2019-04-01", 20, 5, ["income_support"]),
        ("sosteri", "740", "2018-05-01", 3, 2, ["housing"]),
    ]:
        store.ingest(ev.visit(partner, day, contacted=contacted, present=contacted + 2, worker_rating=rating,
                              topics=topics, municipality=municipality))
    return store


def test_metrics_snapshots_record_the_read_models_they_came_from(prefect_harness, events, centre):
    first = project_metrics(project="iso-sos")
    assert first["computed"] is True
    snapshot = centre.metrics.find_one()
    assert snapshot["period"] == {"from": "2018-01-01", "to": "2019-12-31"}
    assert snapshot["read_models"] == first["read_models"]
    assert (first["read_models"]["generation"], first["read_models"]["version"]) == (1, 4)
    assert snapshot["project"]["outreach"]["contacts"] == 42

    again = project_metrics(project="iso-sos")
    assert again["computed"] is False and again["snapshot_id"] == first["snapshot_id"]

    events.ingest(ev.visit("kainuu", "2019-05-01", contacted=1, present=1))
    newer = project_metrics(project="iso-sos")
    assert newer["computed"] is True and newer["read_models"]["version"] == 5
    assert centre.metrics.count_documents({}) == 2


def test_a_void_made_after_the_period_still_renews_its_snapshot(prefect_harness, events, centre):
    """A void occurs when it is made, long after the visit's day: the
    period's snapshot must not keep counting the visit."""
    visit = ev.visit("kainuu", "2018-03-01", contacted=7, present=7)
    events.ingest(visit)
    first = project_metrics(project="iso-sos", date_from="2018-01-01", date_to="2018-12-31")
    assert centre.metrics.find_one({"_id": ObjectId(first["snapshot_id"])})["project"]["outreach"]["contacts"] == 3 + 7
    events.ingest(ev.void(visit))  # occurs now, years after the period
    second = project_metrics(project="iso-sos", date_from="2018-01-01", date_to="2018-12-31")
    assert second["computed"] is True
    assert centre.metrics.find_one({"_id": ObjectId(second["snapshot_id"])})["project"]["outreach"]["contacts"] == 3


def test_force_recomputes_where_the_snapshot_would_be_kept(prefect_harness, events, centre):
    first = project_metrics(project="iso-sos")
    kept = project_metrics(project="iso-sos")
    assert kept["computed"] is False and kept["snapshot_id"] == first["snapshot_id"]
    assert centre.metrics.count_documents({}) == 1
    forced = project_metrics(project="iso-sos", force=True)
    assert forced["computed"] is True and forced["snapshot_id"] != first["snapshot_id"]
    assert centre.metrics.count_documents({}) == 2


def test_region_report_html_csv_and_json_agree_in_finnish(prefect_harness, events, centre, tmp_path):
    ids = region_report(project="iso-sos", region="kainuu", output_dir=str(tmp_path))
    assert ids == ["region:iso-sos:2018-01-01:2019-12-31:kainuu:fi", "region:iso-sos:2018-01-01:2019-12-31:kainuu:en"]
    stored = centre.reports.find_one({"_id": ids[0]})
    html = stored["html"]
    summary = HtmlTables(html).tables["table-outreach_summary"]
    assert summary[0] == ["Tunnusluku", "Alue", "Koko hanke"]
    rows = {row[0]: row[1:] for row in summary[1:]}
    assert rows["Jalkautumiskerrat"] == ["2", "4"]
    # Kainuu's report shows its own 19 contacts and the project's 42: the other partners'
    # 23 (Essote's 20, Sosteri's 3) are not few, and no other region is shown.
    assert rows["Kontaktoidut henkilöt"] == ["19", "42"]
    assert rows["Työntekijän kokemus, ka. (1–5)"] == ["3,50", "3,50"]  # the Finnish decimal comma
    assert rows["Talouteen liittyvä aihe"] == ["50,0 %", "50,0 %"]
    assert html.count("<svg") == 2, "charts are drawn where there are figures: outreach natures and topics"
    assert "Kuvaa ei piirretä: ajanjaksolta ei ole lukuja." in html  # no measurements: a sentence, no empty chart
    assert "Kuvaa ei piirretä: kaikki sen luvut on jätetty pois" in html  # reach: three workers, withheld

    document = stored["json"]
    table = next(t for t in document["tables"] if t["id"] == "outreach_summary")
    json_rows = {row["measure"]: row for row in table["rows"]}
    assert json_rows["Jalkautumiskerrat"]["region"] == 2
    assert json_rows["Työntekijän kokemus, ka. (1–5)"]["region"] == 3.5

    written = tmp_path / "iso-sos" / "2018-01-01_2019-12-31" / "region" / "kainuu" / "fi"
    csv_rows = list(csv.reader(io.StringIO((written / "tables" / "outreach_summary.csv").read_text()), delimiter=";"))
    assert csv_rows[0] == ["Tunnusluku", "Alue", "Koko hanke"]
    for measure, region_value, project_value in csv_rows[1:]:
        row = json_rows[measure]
        for text, value in ((region_value, row["region"]), (project_value, row["project"])):
            assert text == (value if isinstance(value, str) else str(value).replace(".", ",")), (measure, text, value)
    assert (written / "report.html").read_text() == html
    assert (written / "report.pdf").read_bytes()[:5] == b"%PDF-" and bytes(stored["pdf"])[:5] == b"%PDF-"
    assert (written / "report.xlsx").read_bytes()[:2] == b"PK" and bytes(stored["xlsx"])[:2] == b"PK"

    english = centre.reports.find_one({"_id": ids[1]})["html"]
    assert {row[0]: row[1:] for row in HtmlTables(english).tables["table-outreach_summary"][1:]}[
        "Worker's rating, mean (1–5)"] == ["3.50", "3.50"]


def test_social_report_compares_the_year_with_the_one_before(prefect_harness, events, centre):
    events.ingest(ev.visit("kainuu", "2018-06-01", contacted=9, present=9, topics=["housing"]))
    # Essote does not serve Kajaani: its record naming Kajaani stays out of Kajaani's report.
    events.ingest(ev.visit("essote", "2019-06-01", contacted=30, present=30, municipality="205"))
    ids = social_report(project="iso-sos", year=2019, municipality="205", languages=["fi"])
    html = centre.reports.find_one({"_id": ids[0]})["html"]
    tables = HtmlTables(html).tables
    volumes = {row[0]: row[1:] for row in tables["table-outreach"][1:]}
    assert volumes["Jalkautumiskerrat"] == ["2", "1", "+1"]
    assert volumes["Kontaktoidut henkilöt"] == ["19", "9", "+10"]
    topics = {row[0]: row[1:] for row in tables["table-topics"][1:]}
    assert topics["Asuminen"] == ["1", "50,0 %", "1", "0"]  # no change carries no sign
    assert "Sosiaalinen raportti 2019: Kajaani" in html


def test_serve_schedules_every_flow_of_every_project_in_finnish_time():
    from flows.registry import deployments, parse_params

    made = {d.name: d for d in deployments(["iso-sos", "pro-sos"])}
    assert sorted(made) == ["iso-sos-1-february", "iso-sos-hourly", "iso-sos-nightly",
                            "pro-sos-1-february", "pro-sos-hourly", "pro-sos-nightly"]
    social = made["iso-sos-1-february"]
    assert social.parameters == {"project": "iso-sos"}
    schedule = social.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("0 6 1 2 *", "Europe/Helsinki")
    assert parse_params(["year=2019", "languages=[\"fi\"]", "project=iso-sos"]) == {
        "year": 2019, "languages": ["fi"], "project": "iso-sos"}
