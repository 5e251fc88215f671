"""The ``social-report`` flow: each municipality's social report for the
previous year, for the HYTE working groups before budgets are made
(scheduled on 1 February, the vuosikello; runnable on demand)."""
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.db import centre_database
from services.reporting.metrics.municipal import active_municipalities, municipal_figures
from services.reporting.projects import load_project
from services.reporting.social_disclosure import published_municipalities
from flows.reports.i18n import LANGUAGES
from flows.reports.pdf import with_pdf
from flows.reports.social import render_social_report
from services.reporting.report_store import keep_report
from services.shared.payloads.common import today_in_finland


@task(retries=1, cache_policy=NO_CACHE)
def published_figures(project, municipalities, year):
    """The published figures of the municipalities and of every active
    municipality of the same partners: their small counts are protected
    together (services/reporting/social_disclosure.py)."""
    database = centre_database()
    partners = [p["id"] for p in project["partners"]]
    active = active_municipalities(database, partners, year)
    siblings = {m for p in project["partners"] if set(p["municipalities"]) & set(municipalities)
                for m in p["municipalities"] if m in active}
    # A municipality's report counts the partners that serve it only: another
    # partner's records naming the municipality do not go into its report.
    figures = {m: municipal_figures(database, [p["id"] for p in project["partners"] if m in p["municipalities"]],
                                    m, year) for m in sorted(siblings | set(municipalities))}
    public = published_municipalities(figures, project)
    return {m: public[m] for m in municipalities}


@task(retries=1, cache_policy=NO_CACHE)
def report_municipality(project, figures, languages, output_dir):
    database = centre_database()
    year = figures["year"]
    return [keep_report(database, "social", project["id"], {"from": f"{year}-01-01", "to": f"{year}-12-31"},
                        figures["municipality"], lang, with_pdf(render_social_report(figures, project, lang)),
                        output_dir) for lang in languages]


@flow(name="social-report")
def social_report(project: str = "iso-sos", year: int | None = None, municipality: str | None = None,
                  languages: list[str] | None = None, output_dir: str | None = None) -> list[str]:
    """Reports every municipality of the project's partners that had outreach
    or groups in the year (default: the previous year), or just one."""
    logger = get_run_logger()
    config = load_project(project)
    year = int(year or today_in_finland().year - 1)
    if municipality:
        municipalities = [municipality]
    else:
        partners = [p["id"] for p in config["partners"]]
        active = active_municipalities(centre_database(), partners, year)
        municipalities = sorted(m for p in config["partners"] for m in p["municipalities"] if m in active)
    public = published_figures(config, municipalities, year)
    ids = [i for m in municipalities for i in report_municipality(config, public[m], languages or LANGUAGES,
                                                                  output_dir)]
    logger.info("rendered %d social reports of %s for %d", len(ids), project, year)
    return ids
