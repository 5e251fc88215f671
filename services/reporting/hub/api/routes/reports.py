"""A project's reports: the list (names, periods and a link per format)
and each report as HTML, PDF, XLSX, JSON or a table's CSV. A partner reads
the reports of its own region and municipalities; the coordinator all."""
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from services.reporting.hub.api.deps import CentreDb
from services.reporting.hub.api.routes.projects import Caller, FromDate, ProjectId, ToDate, period_of, project_for
from services.reporting.report_store import BINARY_FORMATS, REPORTS, report_id
from services.shared import codelists

router = APIRouter(prefix="/projects", tags=["reports"])

MEDIA_TYPES = {"pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
KIND_WORDS = {"region": {"fi": "Alueraportti", "en": "Region report"},
              "social": {"fi": "Sosiaalinen raportti", "en": "Social report"}}


def _visible_scopes(project, principal):
    if principal.is_coordinator:
        return None
    mine = next(p for p in project["partners"] if p["id"] == principal.partner)
    return {principal.partner, *mine["municipalities"]}


def scope_name(project, kind, scope, lang):
    """A region's partner name, a municipality's name ("Enonkoski", not "046")."""
    if kind == "region":
        return next((p["name"] for p in project["partners"] if p["id"] == scope), scope)
    municipalities = codelists.get("municipalities")
    return municipalities.label(scope, lang) if scope in municipalities else scope


def _title(project, row):
    lang, name = row["language"], scope_name(project, row["kind"], row["scope"], row["language"])
    if row["kind"] == "social":
        return f"{KIND_WORDS['social'][lang]} {row['period']['from'][:4]}: {name}"
    return f"{KIND_WORDS['region'][lang]}: {name} – {project['name']}"


def _filename(project_id, kind, scope, language, period, extension):
    return f"{project_id}-{kind}-{scope}-{period['from']}_{period['to']}-{language}.{extension}"


@router.get("/{project_id}/reports")
def list_reports(project_id: ProjectId, db: CentreDb, principal: Caller,
                 kind: Literal["region", "social"] | None = None):
    """Every stored report the caller may read, with its name, title,
    period and a link per format."""
    project = project_for(project_id, principal)
    query = {"project_id": project_id, **({"kind": kind} if kind else {})}
    scopes = _visible_scopes(project, principal)
    if scopes is not None:
        query["scope"] = {"$in": sorted(scopes)}
    hidden = {"html": 0, "json": 0, **{fmt: 0 for fmt in BINARY_FORMATS}}
    rows = db[REPORTS].find(query, hidden).sort([("kind", 1), ("scope", 1), ("language", 1)])
    listed = []
    for row in rows:
        base = f"/api/projects/{project_id}/reports/{row['kind']}/{row['scope']}/{row['language']}" \
               f"?from={row['period']['from']}&to={row['period']['to']}"
        listed.append({"kind": row["kind"], "scope": row["scope"],
                       "name": scope_name(project, row["kind"], row["scope"], row["language"]),
                       "title": row.get("title") or _title(project, row), "language": row["language"],
                       "period": row["period"], "generated_at": row["generated_at"],
                       **{fmt: f"{base}&format={fmt}" for fmt in ("html", "pdf", "xlsx", "json")},
                       "csv": {table: f"{base}&format=csv&table={table}" for table in sorted(row.get("csv", {}))}})
    listed.sort(key=lambda r: (r["kind"], r["name"], r["language"], r["period"]["from"]))
    return jsonable_encoder(listed)


@router.get("/{project_id}/reports/{kind}/{scope}/{language}")
def get_report(project_id: ProjectId, kind: Literal["region", "social"],
               scope: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")], language: Literal["fi", "en"],
               db: CentreDb, principal: Caller, date_from: FromDate = None, date_to: ToDate = None,
               format: Literal["html", "pdf", "xlsx", "json", "csv"] = "html",
               table: Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,60}$")] = None):
    project = project_for(project_id, principal)
    scopes = _visible_scopes(project, principal)
    if scopes is not None and scope not in scopes:
        raise HTTPException(403, "A partner reads only the reports of its own region and municipalities.")
    if kind == "social" and (date_from is None or date_to is None):
        raise HTTPException(422, "A social report is per year: give from and to (e.g. 2019-01-01 and 2019-12-31).")
    start, end = period_of(project, date_from, date_to)
    period = {"from": start.isoformat(), "to": end.isoformat()}
    stored = db[REPORTS].find_one({"_id": report_id(kind, project_id, period, scope, language)})
    if stored is None:
        raise HTTPException(404, "No such report yet: the report flows have not rendered it.")
    if format == "html":
        return HTMLResponse(stored["html"])
    if format == "json":
        return JSONResponse(jsonable_encoder(stored["json"]))
    if format in BINARY_FORMATS:
        if not stored.get(format):
            raise HTTPException(404, f"This report has no {format.upper()} yet: render it again with the report flows.")
        disposition = "inline" if format == "pdf" else "attachment"
        filename = _filename(project_id, kind, scope, language, period, format)
        return Response(bytes(stored[format]), media_type=MEDIA_TYPES[format],
                        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})
    if table not in stored.get("csv", {}):
        raise HTTPException(404, f"No such table; the report has {', '.join(sorted(stored.get('csv', {})))}.")
    filename = _filename(project_id, kind, scope, language, period, "csv").replace(".csv", f"-{table}.csv")
    return PlainTextResponse(stored["csv"][table], media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})
