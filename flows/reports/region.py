"""A region's report for a period beside the project totals: HTML with
charts (also rendered as the PDF), a CSV per table, the XLSX workbook and
JSON, in Finnish or English, from the published (suppressed) snapshot.

It reads only ``snapshot["project"]`` and ``snapshot["regions"][region]``,
whichever published view of them the flow hands in."""
from datetime import datetime

from services.shared import codelists, definitions

from flows.reports import charts, i18n
from flows.reports.document import period_text, render_document
from flows.reports.feedback_tables import feedback_tables
from flows.reports.i18n import word
from flows.reports.tables import region_tables

SECTIONS = [
    ("outreach", ["outreach_summary", "outreach_nature", "outreach_topics", "outreach_venues"]),
    ("assessment", ["measurements", "measurement_change", "client_profile"]),
    ("groups", ["groups_summary", "group_composition", "survey", "group_feedback"]),
    ("reach", ["reach"]),
]


def _shown_change(entry):
    """A paired change as the chart shows it: the mean, or the mark of its withheld n."""
    return entry["mean_change"] if entry["mean_change"] is not None else entry["n"]


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
            charts.horizontal_bars(word("paired_change", lang) + " – " + word("survey", lang),
                                   [i18n.survey_item_label(c, lang) for c in items if c in change],
                                   [(region_name, [_shown_change(change[c]) for c in items if c in change],
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


def _feedback_chart(quarters, lang):
    labels = [f"{(int(p['from'][5:7]) - 1) // 3 + 1}/{p['from'][2:4]}" for p, _, _ in quarters]
    return charts.vertical_bars(word("feedback_quarters", lang), labels,
                                [(word("feedback_links", lang), [ours["links"] for _, ours, _ in quarters],
                                  charts.PROJECT_COLOUR),
                                 (word("feedback_answers", lang), [ours["answers"] for _, ours, _ in quarters],
                                  charts.REGION_COLOUR)], lang)


def render_region_report(snapshot, project, region, lang, feedback_quarters=None):
    """{"html", "json", "csv": {table id: str}, "xlsx": bytes} for one region.
    ``feedback_quarters`` ([(period, region's, project's or None)]) adds the
    client feedback section, for projects that collect it."""
    partner = next(p for p in project["partners"] if p["id"] == region)
    tables = {table.id: table for table in region_tables(snapshot, region, lang)}
    chart_svgs = _charts(snapshot, region, lang)
    limit = snapshot.get("suppression", {}).get("threshold", 5)
    notes = {"groups": [word("reverse_note", lang), word("paired_note", lang).format(limit=limit)]}
    layout = list(SECTIONS)
    if feedback_quarters is not None:
        tables.update({table.id: table for table in feedback_tables(snapshot, region, feedback_quarters, lang)})
        chart_svgs["client_feedback"] = [_feedback_chart(feedback_quarters, lang)]
        notes["client_feedback"] = [word("feedback_note", lang).format(limit=limit)]
        layout.insert(3, ("client_feedback", ["client_feedback", "client_feedback_items",
                                              "client_feedback_quarters"]))
    sections = [{"id": section_id, "title": word(section_id, lang), "charts": chart_svgs.get(section_id, []),
                 "tables": table_ids, "notes": notes.get(section_id, [])} for section_id, table_ids in layout]
    title = f"{word('region_report', lang)}: {partner['name']} ({partner['region']}) – {project['name']}"
    meta = f"{word('period', lang)}: {period_text(snapshot['period'], lang)} · {word('generated', lang)}: " \
           f"{i18n.day(datetime.now().date(), lang)}"
    rendered = render_document(lang, title, project, snapshot["period"], meta, sections, tables, limit)
    rendered["json"] = {"project_id": project["id"], "region": region, "region_name": partner["name"],
                        "title": title, "language": lang, "period": snapshot["period"],
                        "suppression": snapshot.get("suppression"), "tables": [t.as_dict() for t in tables.values()]}
    return rendered
