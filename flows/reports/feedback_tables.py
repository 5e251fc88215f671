"""The client feedback tables of a region report (PRO SOS asiakaspalaute):
the period's figures beside the project's, item means with their own n,
and the trend per calendar quarter."""
from services.shared import definitions

from flows.reports.i18n import word
from flows.reports.tables import Column, Table, _pair


def _quarter_name(period, lang):
    quarter = (int(period["from"][5:7]) - 1) // 3 + 1
    return f"{quarter}/{period['from'][:4]}" if lang == "fi" else f"Q{quarter} {period['from'][:4]}"


def feedback_tables(snapshot, region, quarters, lang):
    """``quarters``: [(period, region's feedback, project's feedback or None)]."""
    mine, everyone = snapshot["regions"][region]["feedback"], snapshot["project"]["feedback"]
    summary = Table("client_feedback", word("client_feedback", lang),
                    [Column("measure", word("measure", lang), "text"), *_pair(lang, "any")])
    for key, kind in [("links", "count"), ("answers", "count"), ("response_rate", "share"), ("comments", "count")]:
        summary.rows.append({"key": key, "measure": word(f"feedback_{key}", lang), "kind": kind,
                             "region": mine[key], "project": everyone[key]})

    items = Table("client_feedback_items", word("feedback_items", lang), [
        Column("item", word("item", lang), "text"), Column("region", word("region", lang), "mean"),
        Column("region_n", word("n", lang)), Column("project", word("project", lang), "mean"),
        Column("project_n", word("n", lang))])
    for item in definitions.client_feedback_items():
        ours, all_ = mine["items"][item["code"]], everyone["items"][item["code"]]
        items.rows.append({"item": item[lang], "region": ours["mean"], "region_n": ours["n"],
                           "project": all_["mean"], "project_n": all_["n"]})

    trend = Table("client_feedback_quarters", word("feedback_quarters", lang), [
        Column("quarter", word("quarter", lang), "text"), Column("links", word("feedback_links", lang)),
        Column("answers", word("feedback_answers", lang)),
        Column("response_rate", word("feedback_response_rate", lang), "share"),
        Column("overall", word("feedback_overall", lang), "mean"), Column("overall_n", word("n", lang)),
        Column("project_overall", word("feedback_project_overall", lang), "mean")])
    for period, ours, all_ in quarters:
        trend.rows.append({"quarter": _quarter_name(period, lang), "links": ours["links"], "answers": ours["answers"],
                           "response_rate": ours["response_rate"], "overall": ours["items"]["overall"]["mean"],
                           "overall_n": ours["items"]["overall"]["n"],
                           "project_overall": all_["items"]["overall"]["mean"] if all_ else None})
    return [summary, items, trend]
