"""Reading a report back in every format it is published in (HTML, CSV,
XLSX, JSON, PDF), and the rule they must all keep: no cell counting people
shows a number from 1 to 4."""
import csv
import io
import re
import subprocess
from html.parser import HTMLParser

from openpyxl import load_workbook

# Which cells count people, per table (DESIGN.md, Reports), written out here
# independently of the renderer: (row keys or None for every row, columns).
PEOPLE = {
    "outreach_summary": ({"contacts", "people_present"}, ("region", "project")),
    "measurements": (None, ("round_1", "form_1", "round_2", "form_2")),
    "measurement_change": (None, ("n",)),
    "client_profile": ({"registered"}, ("region", "project")),
    "groups_summary": ({"participants"}, ("region", "project")),
    "group_composition": (None, ("region", "project")),
    "group_feedback": (None, ("region_n", "project_n")),
    "survey": (None, ("start_n", "end_n", "change_n")),
    "reach": (None, ("region", "project")),
    # social reports
    "outreach": ({"contacts"}, ("year", "previous_year")),
    "groups": (None, ("participants",)),
}
SMALL_TEXT = re.compile(r"^[+-]?[1-4]$")


class HtmlTables(HTMLParser):
    """{table id: [[cell text]]} of an HTML page (header row included)."""

    def __init__(self, html):
        super().__init__()
        self.tables, self._table, self._row, self._cell = {}, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def people_positions(json_table):
    """(row index, column index) of every cell of the table counting people."""
    keys, columns = PEOPLE.get(json_table["id"], (set(), ()))
    names = [c["key"] for c in json_table["columns"]]
    return [(r, names.index(column)) for r, row in enumerate(json_table["rows"])
            if keys is None or row.get("key") in keys for column in columns if column in names]


def small_people_cells(rendered, lang):
    """Every published cell counting 1–4 people, as (format, table, row, column, value)."""
    found = []
    html_tables = HtmlTables(rendered["html"]).tables
    sheets = load_workbook(io.BytesIO(rendered["xlsx"])).worksheets[1:]  # the legend comes first
    for index, table in enumerate(rendered["json"]["tables"]):
        csv_rows = list(csv.reader(io.StringIO(rendered["csv"][table["id"]]), delimiter=";" if lang == "fi" else ","))
        html_rows = html_tables.get(f"table-{table['id']}", [])
        for r, c in people_positions(table):
            value = table["rows"][r].get(table["columns"][c]["key"])
            shown = {"json": value, "csv": csv_rows[r + 1][c],
                     "xlsx": sheets[index].cell(row=r + 2, column=c + 1).value}
            if html_rows:
                shown["html"] = html_rows[r + 1][c]
            for fmt, cell in shown.items():
                if (isinstance(cell, int) and 0 < cell < 5) or (isinstance(cell, str) and SMALL_TEXT.match(cell)):
                    found.append((fmt, table["id"], r, c, cell))
    return found


def pdf_pages(data, tmp_path, layout=False):
    """The PDF's pages as text (poppler's pdftotext)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout" if layout else "-raw", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def pdf_info(data, tmp_path):
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)


def squeezed(text):
    return re.sub(r"\s+", "", text)


def rows_missing_from_pdf(rendered, pages):
    """HTML table rows whose cells do not appear, in order, in the PDF."""
    text = squeezed("".join(pages))
    return [row for table in HtmlTables(rendered["html"]).tables.values() for row in table
            if squeezed("".join(row)) not in text]
