"""The flows ``soshub flows`` knows, and their deployments with schedules
(times in Finnish time: metrics hourly, region reports nightly, the social
report on 1 February for the year before, as the vuosikello has it)."""
import json

from prefect.schedules import Cron

from flows.project_metrics import project_metrics
from flows.region_report import region_report
from flows.social_report import social_report

FLOWS = {"project-metrics": project_metrics, "region-report": region_report, "social-report": social_report}
SCHEDULES = {
    "project-metrics": ("hourly", "5 * * * *"),
    "region-report": ("nightly", "30 2 * * *"),
    "social-report": ("1-february", "0 6 1 2 *"),
}
TIMEZONE = "Europe/Helsinki"


def parse_params(pairs):
    """``k=v`` pairs; a value that reads as JSON (numbers, lists, true) is
    taken as such, anything else as text."""
    params = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--param wants key=value, got {pair!r}")
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def deployments(project_ids):
    """A deployment of every flow for every project."""
    result = []
    for project_id in project_ids:
        for name, flow in FLOWS.items():
            label, cron = SCHEDULES[name]
            result.append(flow.to_deployment(
                name=f"{project_id}-{label}", schedule=Cron(cron, timezone=TIMEZONE),
                parameters={"project": project_id}, tags=["soshub", project_id]))
    return result
