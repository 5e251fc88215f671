"""One report, every format: the HTML page (also the PDF's source: A4
print rules with the project, period and page numbers on every page), a
CSV per table and the XLSX workbook, from the same tables."""
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from flows.reports import i18n, workbook
from flows.reports.csvfiles import csv_text
from flows.reports.i18n import word
from flows.reports.tables import formatted_rows


def _css_string(text):
    """Text inside a CSS string literal (the @page margin boxes)."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(["html"]))
TEMPLATES.filters["css_string"] = _css_string


def period_text(period, lang):
    start, end = (date.fromisoformat(period[k]) for k in ("from", "to"))
    return f"{i18n.day(start, lang)} – {i18n.day(end, lang)}"


def table_csv(table, lang):
    return csv_text([column.label or column.key for column in table.columns],
                    [[row.get(column.key) for column in table.columns] for row in table.rows], lang)


def render_document(lang, title, project, period, meta, sections, tables, limit):
    """``sections``: [{"id", "title", "charts": [{"svg"} | {"note"}], "tables": [table id], "themes", "notes"}];
    ``tables``: {id: Table}. Returns {"html", "csv", "xlsx"}."""
    shown = [{**section, "tables": [{"id": t, "title": tables[t].title, "columns": tables[t].columns,
                                     "rows": tables[t].rows, "empty": tables[t].empty,
                                     "cells": formatted_rows(tables[t], lang)} for t in section.get("tables", [])]}
             for section in sections]
    html = TEMPLATES.get_template("base.html").render(
        lang=lang, title=title, meta=meta, sections=shown,
        suppression_note=word("suppression_note", lang).format(limit=limit),
        running_title=project["name"], running_period=period_text(period, lang), page_word=word("page", lang))
    return {"html": html, "csv": {t.id: table_csv(t, lang) for t in tables.values()},
            "xlsx": workbook.workbook_bytes(title, project, period_text(period, lang), list(tables.values()), lang,
                                            limit)}
