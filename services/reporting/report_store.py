"""Where reports are kept: the centre's ``reports`` collection (the hub
serves them from there), and optionally files under a directory.

A report's PDF and XLSX are stored as bytes in its document: with vector
charts and subset fonts a PDF is some hundreds of kilobytes, far below
MongoDB's 16 MB document limit."""
import json
from pathlib import Path

from services.shared.envelope import utcnow

REPORTS = "reports"
BINARY_FORMATS = ("pdf", "xlsx")


def report_id(kind, project_id, period, scope, lang):
    return f"{kind}:{project_id}:{period['from']}:{period['to']}:{scope}:{lang}"


def save_report(database, kind, project_id, period, scope, lang, rendered, snapshot_id=None):
    document = {
        "_id": report_id(kind, project_id, period, scope, lang), "kind": kind, "project_id": project_id,
        "period": period, "scope": scope, "language": lang, "generated_at": utcnow(), "snapshot_id": snapshot_id,
        "title": rendered["json"].get("title"),
        "html": rendered["html"], "json": rendered["json"], "csv": rendered.get("csv", {}),
        **{fmt: rendered[fmt] for fmt in BINARY_FORMATS if fmt in rendered},
    }
    database[REPORTS].replace_one({"_id": document["_id"]}, document, upsert=True)
    return document["_id"]


def write_files(directory, kind, project_id, period, scope, lang, rendered):
    """reports/<project>/<from>_<to>/<kind>/<scope>/<lang>/report.{html,json,pdf,xlsx} and tables/*.csv"""
    target = Path(directory) / project_id / f"{period['from']}_{period['to']}" / kind / scope / lang
    (target / "tables").mkdir(parents=True, exist_ok=True)
    (target / "report.html").write_text(rendered["html"], encoding="utf-8")
    (target / "report.json").write_text(json.dumps(rendered["json"], ensure_ascii=False, indent=2, default=str),
                                        encoding="utf-8")
    for fmt in BINARY_FORMATS:
        if fmt in rendered:
            (target / f"report.{fmt}").write_bytes(rendered[fmt])
    for table_id, text in rendered.get("csv", {}).items():
        (target / "tables" / f"{table_id}.csv").write_text(text, encoding="utf-8")
    return target


def keep_report(database, kind, project_id, period, scope, lang, rendered, output_dir=None, snapshot_id=None):
    """Stores the report for the hub and, with ``output_dir``, writes its files."""
    stored = save_report(database, kind, project_id, period, scope, lang, rendered, snapshot_id)
    if output_dir:
        write_files(output_dir, kind, project_id, period, scope, lang, rendered)
    return stored
