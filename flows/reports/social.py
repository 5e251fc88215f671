"""The annual social report (sosiaalinen raportti) of a municipality, for
its wellbeing working group (HYTE): published figures (see
services/reporting/social_disclosure.py), Finnish or English, in the same
formats as a region report."""
from datetime import datetime

from services.shared import codelists

from flows.reports import charts, i18n
from flows.reports.document import render_document
from flows.reports.i18n import word
from flows.reports.tables import Column, Table


def _difference(this, before):
    """A change is published only when both years' figures are."""
    numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (this, before))
    return this - before if numbers else None


def _themes(observations, lang):
    """Each distinct observation once, under the first (in the codelist's
    order) of the topics of the visits it was recorded on."""
    order = codelists.get("outreach_topics").codes
    position = {code: index for index, code in enumerate(order)}
    topics_of = {}
    for observation in observations:
        topics_of.setdefault(observation["text"].strip(), set()).update(observation["topics"])
    themes = {}
    for text, topics in topics_of.items():
        first = min(topics, key=lambda t: position.get(t, len(order)), default="other_life_management")
        themes.setdefault(first, []).append(text)
    return [{"title": i18n.code_label("outreach_topics", code, lang), "texts": sorted(themes[code])}
            for code in sorted(themes, key=lambda t: position.get(t, len(order)))]


def _tables(figures, lang):
    year, outreach = figures["year"], figures["outreach"]
    year_label, before_label = str(year), str(year - 1)
    volumes = Table("outreach", word("outreach", lang), [
        Column("measure", word("measure", lang), "text"), Column("year", year_label),
        Column("previous_year", before_label), Column("difference", word("difference", lang), "change")])
    for key, before in (("visits", "previous_visits"), ("contacts", "previous_contacts")):
        volumes.rows.append({"key": key, "measure": word(key, lang), "year": outreach[key],
                             "previous_year": outreach[before],
                             "difference": _difference(outreach[key], outreach[before])})
    topics = Table("topics", word("topics", lang), [
        Column("topic", word("topics", lang), "text"), Column("year", year_label),
        Column("share", word("share", lang), "share"), Column("previous_year", before_label),
        Column("difference", word("difference", lang), "change")])
    topics.rows = [{"topic": i18n.code_label("outreach_topics", t["topic"], lang), "year": t["visits"],
                    "share": t["share"], "previous_year": t["previous_visits"], "difference": t["change"]}
                   for t in figures["topics"]]
    groups = Table("groups", word("groups", lang), [
        Column("group", word("group", lang), "text"), Column("activity", word("activity", lang), "text"),
        Column("participants", word("participants", lang)), Column("sessions", word("sessions", lang))],
        empty=word("no_groups", lang).format(year=year))
    groups.rows = [{"group": g["name"], "activity": i18n.code_label("group_activities", g["activity"], lang),
                    "participants": g["participants"], "sessions": g["sessions"]} for g in figures["groups"]]
    return {table.id: table for table in (volumes, topics, groups)}


def render_social_report(figures, project, lang):
    """``figures``: one municipality's published figures. {"html", "json", "csv", "xlsx"}."""
    limit = figures.get("suppression", {}).get("threshold", 5)
    name = i18n.code_label("municipalities", figures["municipality"], lang)
    year = figures["year"]
    tables = _tables(figures, lang)
    topic_rows = tables["topics"].rows
    topic_chart = charts.horizontal_bars(
        word("topics", lang), [r["topic"] for r in topic_rows],
        [(str(year), [r["year"] for r in topic_rows], charts.REGION_COLOUR),
         (str(year - 1), [r["previous_year"] for r in topic_rows], charts.PROJECT_COLOUR)], lang)
    observations = figures["observations"]
    sections = [
        {"id": "outreach", "title": word("outreach", lang), "tables": ["outreach"]},
        {"id": "topics", "title": word("topics", lang), "charts": [topic_chart], "tables": ["topics"]},
        {"id": "groups", "title": word("groups", lang), "tables": ["groups"]},
        {"id": "observations", "title": word("observations", lang), "themes": _themes(observations, lang),
         "notes": [word("observations_note", lang) if observations else word("no_observations", lang)]},
    ]
    title = f"{word('social_report', lang)} {year}: {name}"
    period = {"from": f"{year}-01-01", "to": f"{year}-12-31"}
    meta = f"{project['name']} · {word('generated', lang)}: {i18n.day(datetime.now().date(), lang)}"
    rendered = render_document(lang, title, project, period, meta, sections, tables, limit)
    rendered["json"] = {
        "project_id": project["id"], "municipality": figures["municipality"], "municipality_name": name,
        "title": title, "year": year, "language": lang, "suppression": figures.get("suppression"),
        "outreach": figures["outreach"], "topics": figures["topics"],
        "groups": [{"name": g["name"], "activity": g["activity"], "participants": g["participants"],
                    "sessions": g["sessions"]} for g in figures["groups"]],
        "observations": [{"theme": theme["title"], "texts": theme["texts"]} for theme in
                         _themes(observations, lang)],
        "tables": [t.as_dict() for t in tables.values()]}
    return rendered
