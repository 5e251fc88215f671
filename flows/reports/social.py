"""The annual social report (sosiaalinen raportti) of a municipality, for
its wellbeing working group (HYTE): published figures, Finnish or English."""
from datetime import date, datetime

from services.reporting.disclosure import small, threshold

from flows.reports import charts, i18n
from flows.reports.csvfiles import csv_text
from flows.reports.i18n import word
from flows.reports.region import TEMPLATES


def _published(value, limit):
    return f"<{limit}" if small(value, limit) else value


def render_social_report(figures, project, lang, limit=None):
    limit = limit or threshold()
    name = i18n.code_label("municipalities", figures["municipality"], lang)
    year = figures["year"]
    outreach = figures["outreach"]
    contacts = _published(outreach["contacts"], limit)
    previous_contacts = _published(outreach["previous_contacts"], limit)
    volume_rows = [
        [word("visits", lang), outreach["visits"], outreach["previous_visits"],
         outreach["visits"] - outreach["previous_visits"]],
        [word("contacts", lang), contacts, previous_contacts,
         outreach["contacts"] - outreach["previous_contacts"]
         if isinstance(contacts, int) and isinstance(previous_contacts, int) else None],
    ]
    topic_rows = [[i18n.code_label("outreach_topics", t["topic"], lang), t["visits"], t["share"], t["previous_visits"],
                   t["change"]] for t in figures["topics"]]
    group_rows = [[g["name"], i18n.code_label("group_activities", g["activity"], lang),
                   _published(g["participants"], limit), g["sessions"]] for g in figures["groups"]]
    year_label, before_label = str(year), str(year - 1)
    tables = [
        {"id": "outreach", "title": word("outreach", lang),
         "headings": ["", year_label, before_label, word("difference", lang)],
         "cells": [[r[0], i18n.number(r[1], lang), i18n.number(r[2], lang), i18n.signed(r[3], lang) if r[3] is not None
                    else i18n.MISSING] for r in volume_rows], "rows": volume_rows},
        {"id": "topics", "title": word("topics", lang),
         "headings": [word("topics", lang), year_label, word("share", lang), before_label, word("difference", lang)],
         "cells": [[r[0], i18n.number(r[1], lang), i18n.percent(r[2], lang), i18n.number(r[3], lang),
                    i18n.signed(r[4], lang)] for r in topic_rows], "rows": topic_rows,
         "chart": charts.horizontal_bars(word("topics", lang), [r[0] for r in topic_rows],
                                         [(year_label, [r[1] for r in topic_rows], charts.REGION_COLOUR),
                                          (before_label, [r[3] for r in topic_rows], charts.PROJECT_COLOUR)], lang),
         "text_columns": [0]},
        {"id": "groups", "title": word("groups", lang),
         "headings": [word("groups_count", lang), "", word("participants", lang), word("sessions", lang)],
         "cells": [[r[0], r[1], i18n.number(r[2], lang), i18n.number(r[3], lang)] for r in group_rows],
         "rows": group_rows, "text_columns": [0, 1]},
    ]
    title = f"{word('social_report', lang)} {year}: {name}"
    html = TEMPLATES.get_template("social_report.html").render(
        lang=lang, title=title, tables=tables,
        meta=f"{project['name']} · {word('generated', lang)}: {i18n.day(datetime.now().date(), lang)}",
        suppression_note=word("suppression_note", lang).format(limit=limit),
        observations_title=word("observations", lang),
        observations=figures["observations"],
        no_observations=word("no_observations", lang))
    document = {"project_id": project["id"], "municipality": figures["municipality"], "year": year, "language": lang,
                "outreach": {"visits": outreach["visits"], "contacts": contacts,
                             "previous_visits": outreach["previous_visits"], "previous_contacts": previous_contacts},
                "topics": figures["topics"], "groups": [dict(zip(("name", "activity", "participants", "sessions"), r))
                                                        for r in group_rows],
                "observations": figures["observations"]}
    return {"html": html, "json": document,
            "csv": {t["id"]: csv_text(t["headings"], t["rows"], lang) for t in tables}}
