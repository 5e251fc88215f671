"""The XLSX workbook of a report: a legend sheet, then one sheet per
table. Published figures are numbers (shares as fractions shown as
percentages), so they can be checked and summed; the suppression marks
"<5" and ".." and the missing mark "–" are text, explained on the legend.
The Finnish workbook carries Finnish number formats (decimal comma, a
space before %), the English one the English ones."""
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from flows.reports import i18n
from flows.reports.i18n import word
from flows.reports.tables import cell_kind, format_cell

FINNISH = "[$-40B]"  # the Finnish locale in an Excel number format
FORMATS = {
    "count": "#,##0", "mean": "0.00", "mean_int": "0", "hours": "0.0", "change": "+0.00;-0.00;0.00",
    "change_int": "+0;-0;0",
}
SHARE = {"fi": "0.0\\ %", "en": "0.0%"}
HEADER_FILL = PatternFill("solid", fgColor="F2F5F8")
MAX_WIDTH = 60


def number_format(kind, value, lang):
    if kind == "share":
        code = SHARE[lang]
    elif kind in ("mean", "change") and isinstance(value, int):
        code = FORMATS[f"{kind}_int"]
    else:
        code = FORMATS.get(kind, "General")
    return FINNISH + code if lang == "fi" else code


def _sheet_name(title, taken):
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Taulukko"
    candidate, index = name, 2
    while candidate.lower() in taken:
        suffix = f" ({index})"
        candidate, index = name[:31 - len(suffix)] + suffix, index + 1
    taken.add(candidate.lower())
    return candidate


def _text(cell, text):
    """Text stays text: openpyxl stores a string starting with "=" as a
    formula, so a venue or group named "=HYPERLINK(…)" by a worker would
    run (a clickable link, a calculation) in the hands of whoever opens the
    report."""
    cell.value = text
    if isinstance(text, str):
        cell.data_type = "s"


def _fit_columns(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(MAX_WIDTH, width + 2)


def _legend(book, title, project, period, lang, limit):
    sheet = book.active
    sheet.title = word("legend", lang)
    rows = [(title, ""), (project["name"], ""), (word("period", lang), period), ("", ""),
            (word("mark", lang), word("meaning", lang)),
            (f"<{limit}", word("primary_mark", lang).format(limit=limit)),
            ("..", word("secondary_mark", lang)), (i18n.MISSING, word("missing_mark", lang))]
    for row_index, row in enumerate(rows, start=1):
        for column_index, text in enumerate(row, start=1):
            _text(sheet.cell(row=row_index, column=column_index), text)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def _table_sheet(book, table, lang, taken):
    sheet = book.create_sheet(_sheet_name(table.title, taken))
    for column_index, column in enumerate(table.columns, start=1):
        _text(sheet.cell(row=1, column=column_index), column.label or column.key)
    widths = [len(column.label or column.key) for column in table.columns]
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_index, row in enumerate(table.rows, start=2):
        for column_index, column in enumerate(table.columns, start=1):
            kind, value = cell_kind(row, column), row.get(column.key)
            cell = sheet.cell(row=row_index, column=column_index)
            if kind != "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value, cell.number_format = value, number_format(kind, value, lang)
            else:
                _text(cell, format_cell(value, kind, lang))
                if kind != "text":
                    cell.alignment = Alignment(horizontal="right")
            widths[column_index - 1] = max(widths[column_index - 1], len(format_cell(value, kind, lang)))
    _fit_columns(sheet, widths)
    sheet.freeze_panes = "B2"


def workbook_bytes(title, project, period, tables, lang, limit):
    book = Workbook()
    book.properties.title, book.properties.language = title, "fi-FI" if lang == "fi" else "en-GB"
    _legend(book, title, project, period, lang, limit)
    taken = {book.active.title.lower()}
    for table in tables:
        _table_sheet(book, table, lang, taken)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
