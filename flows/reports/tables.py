"""The tables of a region report, built from a published metrics snapshot:
each is an id, a title, typed columns and rows of raw values, so that HTML,
CSV and JSON show the same figures."""
from dataclasses import dataclass, field

from services.shared import codelists, definitions

from flows.reports import i18n
from flows.reports.i18n import word


@dataclass
class Column:
    key: str
    label: str
    kind: str = "count"  # count, mean, hours, share, change, text; "any": the row's own "kind"


@dataclass
class Table:
    id: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    empty: str = ""  # the sentence shown instead of a table without rows

    def as_dict(self):
        return {"id": self.id, "title": self.title,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
                "rows": self.rows}


COMPOSITION_CODELISTS = {"gender": "genders", "labour_market_status": "labour_market_statuses",
                         "primary_reason": "primary_reasons", "referred_by": "referral_sources"}


def _pair(lang, kind="count"):
    return [Column("region", word("region", lang), kind), Column("project", word("project", lang), kind)]


def region_tables(snapshot, region, lang):
    mine, everyone = snapshot["regions"][region], snapshot["project"]
    tables = []

    summary = Table("outreach_summary", word("outreach", lang), [Column("measure", word("measure", lang), "text"), *_pair(lang, "any")])
    for key, kind in [("visits", "count"), ("contacts", "count"), ("people_present", "count"),
                      ("mean_worker_rating", "mean"), ("suitability_4_or_more_share", "share"),
                      ("finance_share", "share")]:
        summary.rows.append({"key": key, "measure": word(key, lang), "kind": kind, "region": mine["outreach"][key],
                             "project": everyone["outreach"][key]})
    tables.append(summary)

    nature = Table("outreach_nature", word("nature", lang), [Column("nature", word("nature", lang), "text"),
                                                              *_pair(lang)])
    for code in codelists.get("visit_natures").codes:
        nature.rows.append({"nature": i18n.code_label("visit_natures", code, lang),
                            "region": mine["outreach"]["nature"][code], "project": everyone["outreach"]["nature"][code]})
    tables.append(nature)

    topics = Table("outreach_topics", word("topics", lang), [
        Column("topic", word("topics", lang), "text"), Column("region", word("region", lang)),
        Column("region_share", word("share", lang), "share"), Column("project", word("project", lang)),
        Column("project_share", word("share", lang), "share")])
    for code in codelists.get("outreach_topics").codes:
        ours, all_ = mine["outreach"]["topics"][code], everyone["outreach"]["topics"][code]
        topics.rows.append({"topic": i18n.code_label("outreach_topics", code, lang), "region": ours["visits"],
                            "region_share": ours["share"], "project": all_["visits"], "project_share": all_["share"]})
    tables.append(topics)

    venues = Table("outreach_venues", word("top_venues", lang), [Column("venue", word("venue", lang), "text"),
                                                                   Column("visits", word("visits", lang))])
    venues.rows = [{"venue": v["venue"], "visits": v["visits"]} for v in mine["outreach"]["top_venues"]]
    venues.empty = word("no_rows", lang)
    tables.append(venues)

    rounds = Table("measurements", word("assessment", lang), [
        Column("instrument", word("instrument", lang), "text"), Column("scope", word("scope", lang), "text"),
        *[Column(key, word(key, lang)) for key in ("round_1", "form_1", "round_2", "form_2")],
        Column("retention", word("retention", lang), "share")])
    for code in definitions.instrument_codes():
        for scope, part in (("region", mine), ("project", everyone)):
            counts = part["assessment"]["instruments"][code]
            rounds.rows.append({"instrument": i18n.instrument_label(code, lang), "scope": word(scope, lang),
                                **{k: counts[k] for k in ("round_1", "form_1", "round_2", "form_2", "retention")}})
    tables.append(rounds)

    change = Table("measurement_change", word("change", lang), [
        Column("instrument", word("instrument", lang), "text"), Column("domain", word("domain", lang), "text"),
        Column("mean_change", word("mean_change", lang), "change"), Column("n", word("n", lang)),
        Column("note", word("note", lang), "text")])
    for code in definitions.instrument_codes():
        for domain, entry in mine["assessment"]["instruments"][code]["change"].items():
            change.rows.append({"instrument": i18n.instrument_label(code, lang),
                                "domain": i18n.domain_label(code, domain, lang), "mean_change": entry["mean_change"],
                                "n": entry["n"], "note": word("small_sample", lang)
                                if entry.get("small_sample") and entry["mean_change"] is not None else ""})
    tables.append(change)

    profile = Table("client_profile", word("clients", lang), [Column("measure", word("measure", lang), "text"), *_pair(lang, "any")])
    for key, kind in [("registered", "count"), ("mean_age", "mean"), ("unemployed_share", "share"),
                      ("mean_months_out_of_work", "mean")]:
        profile.rows.append({"key": key, "measure": word(key, lang), "kind": kind,
                             "region": mine["assessment"]["clients"][key],
                             "project": everyone["assessment"]["clients"][key]})
    tables.append(profile)

    groups = Table("groups_summary", word("groups", lang), [Column("measure", word("measure", lang), "text"), *_pair(lang, "any")])
    for key, kind in [("groups", "count"), ("participants", "count"), ("sessions", "count"), ("group_hours", "hours")]:
        groups.rows.append({"key": key, "measure": word("groups_count" if key == "groups" else key, lang),
                            "kind": kind,
                            "region": mine["groups"][key], "project": everyone["groups"][key]})
    tables.append(groups)

    composition = Table("group_composition", word("composition", lang), [
        Column("characteristic", word("characteristic", lang), "text"), *_pair(lang)])
    for name, codelist in COMPOSITION_CODELISTS.items():
        codes = sorted(set(mine["groups"]["composition"][name]) | set(everyone["groups"]["composition"][name]))
        for code in codes:
            composition.rows.append({
                "characteristic": f"{word(name, lang)}: {i18n.code_label(codelist, code, lang)}",
                "region": mine["groups"]["composition"][name].get(code, 0),
                "project": everyone["groups"]["composition"][name].get(code, 0)})
    composition.rows.append({"characteristic": word("lives_alone", lang),
                             "region": mine["groups"]["composition"]["lives_alone"],
                             "project": everyone["groups"]["composition"]["lives_alone"]})
    tables.append(composition)

    feedback = Table("group_feedback", word("feedback", lang), [
        Column("item", word("item", lang), "text"), Column("region", word("region", lang), "mean"),
        Column("region_n", word("n", lang)), Column("project", word("project", lang), "mean"),
        Column("project_n", word("n", lang))])
    for item in definitions.feedback_items():
        ours = mine["groups"]["feedback"].get(item["code"], {"mean": None, "n": 0})
        all_ = everyone["groups"]["feedback"].get(item["code"], {"mean": None, "n": 0})
        feedback.rows.append({"item": item[lang], "region": ours["mean"], "region_n": ours["n"],
                              "project": all_["mean"], "project_n": all_["n"]})
    tables.append(feedback)

    # Each figure has its own n: the start and end means are over everyone
    # who answered then, the change only over the same people at both.
    survey = Table("survey", word("survey", lang), [
        Column("item", word("item", lang), "text"), Column("start", word("start", lang), "mean"),
        Column("start_n", word("n", lang)), Column("end", word("end", lang), "mean"),
        Column("end_n", word("n", lang)), Column("mean_change", word("paired_change", lang), "change"),
        Column("change_n", word("n", lang))])
    nobody = {"mean": None, "mean_change": None, "n": 0}
    for item in definitions.survey_items():
        code = item["code"]
        start = mine["groups"]["survey"]["start"].get(code, nobody)
        end = mine["groups"]["survey"]["end"].get(code, nobody)
        paired = mine["groups"]["survey_change"].get(code, nobody)
        survey.rows.append({"item": i18n.survey_item_label(code, lang), "start": start["mean"], "start_n": start["n"],
                            "end": end["mean"], "end_n": end["n"], "mean_change": paired["mean_change"],
                            "change_n": paired["n"]})
    tables.append(survey)

    reach = Table("reach", word("reach", lang), [
        Column("measure", word("measure", lang), "text"), Column("region", word("region", lang)), Column("project", word("project", lang)),
        Column("target", word("target", lang)), Column("attainment", word("attainment", lang), "share")])
    for key in ("clients", "workers"):
        reach.rows.append({"key": key, "measure": word(key, lang), "region": mine["reach"][key],
                           "project": everyone["reach"][key], "target": everyone["reach"]["targets"].get(key),
                           "attainment": everyone["reach"]["attainment"].get(key)})
    tables.append(reach)
    return tables


def format_cell(value, kind, lang):
    if kind == "text":
        return "" if value is None else str(value)
    if kind == "share":
        return i18n.percent(value, lang)
    if kind == "mean":
        return i18n.number(value, lang, 2 if isinstance(value, float) else 0)
    if kind == "hours":
        return i18n.number(value, lang, 1)
    if kind == "change":
        return i18n.signed(value, lang)
    return i18n.number(value, lang)


def cell_kind(row, column):
    return row.get("kind", "count") if column.kind == "any" else column.kind


def formatted_rows(table, lang):
    """Rows as displayed: each value formatted for the language."""
    return [[format_cell(row.get(column.key), cell_kind(row, column), lang) for column in table.columns]
            for row in table.rows]
