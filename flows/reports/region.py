"""A region's report for a period beside the project totals: HTML with
charts, a CSV per table and JSON, in Finnish or English, from the
published (suppressed) snapshot."""
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.shared import codelists, definitions

from flows.reports import charts, i18n
from flows.reports.csvfiles import csv_text
from flows.reports.i18n import word
from flows.reports.tables import formatted_rows, region_tables

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(["html"]))
SECTIONS = [
    ("outreach", ["outreach_summary", "outreach_nature", "outreach_topics", "outreach_venues"]),
    ("assessment", ["measurements", "measurement_change", "client_profile"]),
    ("groups", ["groups_summary", "group_composition", "survey", "group_feedback"]),
    ("reach", ["reach"]),
]


def _period(snapshot, lang):
    start, end = (date.fromisoformat(snapshot["period"][k]) for k in ("from", "to"))
    return f"{i18n.day(start, lang)} – {i18n.day(end, lang)}"


def _charts(snapshot, region, lang):
    mine, everyone = snapshot["regions"][region], snapshot["project"]
    region_name, project_name = word("region", lang), word("project", lang)
    natures = codelists.get("visit_natures").codes
    topics = codelists.get("outreach_topics").codes
    instruments = definitions.instrument_codes()
    items = [item["code"] for item in definitions.survey_items()]
    change = mine["groups"]["survey_change"]
    return {
        "outreach": [
            charts.horizontal_bars(word("nature", lang), [i18n.code_label("visit_natures", c, lang) for c in natures],
                                   [(region_name, [mine["outreach"]["nature"][c] for c in natures],
                                     charts.REGION_COLOUR)], lang),
            charts.horizontal_bars(word("topics", lang), [i18n.code_label("outreach_topics", c, lang) for c in topics],
                                   [(region_name, [mine["outreach"]["topics"][c]["share"] for c in topics],
                                     charts.REGION_COLOUR),
                                    (project_name, [everyone["outreach"]["topics"][c]["share"] for c in topics],
                                     charts.PROJECT_COLOUR)], lang, percent=True),
        ],
        "assessment": [
            charts.vertical_bars(word("assessment", lang), [i18n.instrument_label(c, lang).split(" (")[0]
                                                             for c in instruments],
                                 [(word("round_1", lang), [mine["assessment"]["instruments"][c]["round_1"]
                                                           for c in instruments], charts.PROJECT_COLOUR),
                                  (word("round_2", lang), [mine["assessment"]["instruments"][c]["round_2"]
                                                           for c in instruments], charts.REGION_COLOUR)], lang),
        ],
        "groups": [
            charts.horizontal_bars(word("mean_change", lang) + " – " + word("survey", lang),
                                   [i18n.survey_item_label(c, lang) for c in items if c in change],
                                   [(region_name, [change[c]["mean_change"] for c in items if c in change],
                                     charts.REGION_COLOUR)], lang)
        ] if change else [],
        "reach": [
            charts.vertical_bars(word("reach", lang), [word("clients", lang), word("workers", lang)],
                                 [(project_name, [everyone["reach"]["clients"], everyone["reach"]["workers"]],
                                   charts.REGION_COLOUR)], lang,
                                 reference=[everyone["reach"]["targets"].get("clients"),
                                            everyone["reach"]["targets"].get("workers")]),
        ],
    }


def _csv(table, lang):
    return csv_text([column.label or column.key for column in table.columns],
                    [[row.get(column.key) for column in table.columns] for row in table.rows], lang)


def render_region_report(snapshot, project, region, lang):
    """{"html": str, "json": dict, "csv": {table id: str}} for one region."""
    partner = next(p for p in project["partners"] if p["id"] == region)
    tables = {table.id: table for table in region_tables(snapshot, region, lang)}
    chart_svgs = _charts(snapshot, region, lang)
    title = f"{word('region_report', lang)}: {partner['name']} ({partner['region']}) – {project['name']}"
    sections = []
    for section_id, table_ids in SECTIONS:
        sections.append({
            "id": section_id, "title": word(section_id, lang), "charts": chart_svgs.get(section_id, []),
            "tables": [{"id": t, "title": tables[t].title, "columns": tables[t].columns,
                        "cells": formatted_rows(tables[t], lang)} for t in table_ids],
            "notes": [word("reverse_note", lang)] if section_id == "groups" else [],
        })
    limit = snapshot.get("suppression", {}).get("threshold", 5)
    html = TEMPLATES.get_template("region_report.html").render(
        lang=lang, title=title,
        meta=f"{word('period', lang)}: {_period(snapshot, lang)} · {word('generated', lang)}: "
             f"{i18n.day(datetime.now().date(), lang)}",
        suppression_note=word("suppression_note", lang).format(limit=limit), sections=sections)
    document = {"project_id": project["id"], "region": region, "language": lang, "period": snapshot["period"],
                "suppression": snapshot.get("suppression"), "tables": [t.as_dict() for t in tables.values()]}
    return {"html": html, "json": document, "csv": {t.id: _csv(t, lang) for t in tables.values()}}

