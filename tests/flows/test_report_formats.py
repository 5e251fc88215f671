"""Reports people hand over: the PDF (A4, the project and period on every
page, page numbers, vector charts), the XLSX workbook (a sheet per table,
numbers as numbers, marks as text), and no cell of 1–4 people in any
format. WeasyPrint is slow: these tests render few PDFs."""
import io

import pytest
from openpyxl import load_workbook

from flows.reports.pdf import with_pdf
from flows.reports.region import render_region_report
from services.reporting.disclosure import published
from services.reporting.event_store import EventStore
from services.reporting.metrics.compute import compute_metrics
from services.reporting.projects import load_project
from tests.flows import events as ev
from tests.flows.report_formats import (HtmlTables, pdf_info, pdf_pages, rows_missing_from_pdf, small_people_cells,
                                        squeezed)

PERIOD = "1.1.2018 – 31.12.2019"


@pytest.fixture
def small_figures(centre):
    """Kainuu's 19 contacts beside Essote's 20 and Sosteri's 3; a Kainuu
    group of three whose survey answers are too few to publish; two ESY
    clients measured twice."""
    store = EventStore(centre)
    for partner, day, contacted in [("kainuu", "2019-03-01", 12), ("kainuu", "2019-03-08", 7),
                                    ("essote", "2019-04-01", 20), ("sosteri", "2018-05-01", 3)]:
        store.ingest(ev.visit(partner, day, contacted=contacted, present=contacted + 2, topics=["housing"]))
    group = ev.group("kainuu")
    store.ingest(group)
    for person in ("k-1", "k-2", "k-3"):
        store.ingest(ev.enrol(group, person))
        store.ingest(ev.survey(group, person, "start", "2019-04-02", feel_lonely=2, cope_with_expenses=3))
        store.ingest(ev.survey(group, person, "end", "2019-06-02", feel_lonely=1, cope_with_expenses=4))
    store.ingest(ev.session(group, "2019-04-09", 90, ["k-1", "k-2", "k-3"]))
    for person in ("k-10", "k-11"):
        store.ingest(ev.client("kainuu", person))
        store.ingest(ev.measurement("kainuu", person, 1, "2018-09-03", 2))
        store.ingest(ev.measurement("kainuu", person, 2, "2019-03-03", 4))
    project = load_project("iso-sos")
    raw = compute_metrics(centre, project)
    return project, published(raw), raw


def test_the_finnish_pdf_is_a4_with_the_project_period_and_page_number_on_every_page(small_figures, tmp_path):
    project, snapshot, _ = small_figures
    rendered = with_pdf(render_region_report(snapshot, project, "kainuu", "fi"))
    info = pdf_info(rendered["pdf"], tmp_path)
    assert info["Page size"].split()[:3] == ["595.276", "x", "841.89"]  # A4 in points
    pages = pdf_pages(rendered["pdf"], tmp_path, layout=True)
    assert len(pages) == int(info["Pages"]) >= 3
    for number, page in enumerate(pages, start=1):
        assert "ISO SOS – Osallistuvat asiakkaat" in page and PERIOD in page, number
        assert f"Sivu {number} / {len(pages)}" in page
    text = "\n".join(pages)
    for heading in ("Alueraportti: Kainuun sote (Kainuu)", "Jalkautuminen", "Mittarikokeilut", "Ryhmätoiminnot",
                    "Tavoitetut", "Elämänhallinta ja osallisuus"):
        assert heading in text
    assert "Jalkautumiskerrat" in text and squeezed("Kontaktoidut henkilöt .. 42") in squeezed(text)
    # The charts are vectors: their labels are text in the PDF, not pixels.
    assert "Yhteistyökumppanin luokse" in pages[0] and "Asuminen" in pages[0]
    # Every table row of the HTML is in the PDF whole, cell after cell.
    assert rows_missing_from_pdf(rendered, pdf_pages(rendered["pdf"], tmp_path)) == []


def test_the_workbook_has_a_sheet_per_table_numbers_as_numbers_and_a_legend(small_figures):
    project, snapshot, _ = small_figures
    for lang, legend, share_format in (("fi", "Selite", "[$-40B]0.0\\ %"), ("en", "Legend", "0.0%")):
        rendered = render_region_report(snapshot, project, "kainuu", lang)
        book = load_workbook(io.BytesIO(rendered["xlsx"]))
        assert book.sheetnames[0] == legend
        assert book.sheetnames[1:] == [t["title"][:31] for t in rendered["json"]["tables"]]
        marks = {row[0]: row[1] for row in book[legend].iter_rows(values_only=True)}
        assert "<5" in marks and ".." in marks
        summary = book.worksheets[1]
        rows = {row[0].value: row for row in summary.iter_rows(min_row=2)}
        visits = rows["Jalkautumiskerrat" if lang == "fi" else "Outreach visits"]
        assert visits[1].value == 2 and visits[2].value == 4 and visits[1].data_type == "n"
        contacts = rows["Kontaktoidut henkilöt" if lang == "fi" else "People contacted"]
        assert (contacts[1].value, contacts[1].data_type, contacts[2].value) == ("..", "s", 42)
        finance = rows["Talouteen liittyvä aihe" if lang == "fi" else "A finance-related topic"]
        assert finance[1].value == 0.0 and finance[1].number_format == share_format
        housing = rows["Soveltuvuus vähintään 4" if lang == "fi" else "Suitability 4 or more"]
        assert housing[2].value == 1.0
        assert summary.column_dimensions["A"].width >= max(len(label) for label in rows)
        survey = book.worksheets[[t["id"] for t in rendered["json"]["tables"]].index("survey") + 1]
        first = [cell.value for cell in survey[2]]
        assert first[2] == "<5" and first[1] == "–"  # three respondents: no mean, n withheld


def test_no_published_cell_counts_one_to_four_people_in_any_format(small_figures):
    project, snapshot, raw = small_figures
    for region, lang in (("kainuu", "fi"), ("sosteri", "en")):
        rendered = render_region_report(snapshot, project, region, lang)
        assert small_people_cells(rendered, lang) == []
    # The check finds small cells where they are: unsuppressed, in every format.
    found = small_people_cells(render_region_report(raw, project, "kainuu", "fi"), "fi")
    assert {fmt for fmt, *_ in found} == {"json", "csv", "xlsx", "html"}
    assert {table for _, table, *_ in found} >= {"measurements", "groups_summary", "survey"}


def test_a_csv_cell_never_runs_as_a_spreadsheet_formula():
    from flows.reports.csvfiles import csv_text

    lines = csv_text(["Paikka", "Muutos"], [['=HYPERLINK("http://x")', "+1"], ["@SUM(A1)", "-3"]], "fi").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"")";+1', "text starting with = is quoted as text"
    assert lines[2] == "'@SUM(A1);-3", "signed numbers stay numbers"


def test_an_xlsx_cell_never_runs_as_a_spreadsheet_formula():
    from flows.reports.tables import Column, Table
    from flows.reports.workbook import workbook_bytes

    planted = ['=HYPERLINK("http://evil.example/x","Klikkaa")', "=1+2", "@SUM(A1)", "+1", "-3"]
    table = Table("venues", "Paikat", [Column("venue", "=Paikka", "text"), Column("visits", "Käynnit")],
                  [{"venue": text, "visits": 5} for text in planted])
    project = {"name": "=Projekti"}
    book = load_workbook(io.BytesIO(workbook_bytes("=Raportti", project, "=1.1.2019", [table], "fi", 5)))
    sheet = book.worksheets[1]
    assert [row[0].value for row in sheet.iter_rows(min_row=1, max_row=6)] == ["=Paikka", *planted]
    for worksheet in book.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate, cell.value)
    assert sheet["B2"].value == 5 and sheet["B2"].data_type == "n"  # figures stay numbers
