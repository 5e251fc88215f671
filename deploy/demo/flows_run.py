"""One project's centre flows for the demo (project-metrics, region-report,
social-report), in a process of its own so that the demo runs its projects'
flows side by side: rendering the reports is CPU-bound, and one process
uses one core. Prefect's ephemeral mode, with its own PREFECT_HOME per
process (two ephemeral servers must not share one SQLite database).

    python -m deploy.demo.flows_run PROJECT YEAR REPORTS_DIR

prints, as its last line, the JSON {"regions", "socials", "seconds"}."""
import json
import sys
import time


def run(project, year, reports_dir):
    from flows.project_metrics import project_metrics
    from flows.region_report import region_report
    from flows.social_report import social_report

    started = time.monotonic()
    project_metrics(project=project, force=True)
    regions = region_report(project=project, output_dir=reports_dir)
    socials = social_report(project=project, year=year, output_dir=reports_dir)
    return {"regions": len(regions), "socials": len(socials), "seconds": round(time.monotonic() - started, 1)}


if __name__ == "__main__":
    project, year, reports_dir = sys.argv[1:]
    print(json.dumps(run(project, int(year), reports_dir)), flush=True)
