"""Projects are data (``services/reporting/projects/<id>.json``): period, partners with
their regions and municipalities, and targets. Validated with marshmallow
when loaded."""
import json
from functools import lru_cache
from pathlib import Path

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from services.shared.payloads.common import Code

PROJECTS_DIR = Path(__file__).with_name("projects")


class Strict(Schema):
    class Meta:
        unknown = RAISE


class PeriodSchema(Strict):
    date_from = fields.Date(required=True, data_key="from")
    date_to = fields.Date(required=True, data_key="to")

    @validates_schema
    def in_order(self, data, **kwargs):
        if data["date_from"] > data["date_to"]:
            raise ValidationError("'to' must not be before 'from'.", field_name="to")


class PartnerSchema(Strict):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_-]{1,39}$"))
    name = fields.String(required=True)
    region = fields.String(required=True)
    municipalities = fields.List(Code("municipalities"), required=True, validate=validate.Length(min=1))


class TargetsSchema(Strict):
    clients = fields.Integer(required=True, allow_none=True, validate=validate.Range(min=1))
    workers = fields.Integer(required=True, allow_none=True, validate=validate.Range(min=1))


class ProjectSchema(Strict):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9-]{1,39}$"))
    name = fields.String(required=True)
    period = fields.Nested(PeriodSchema, required=True)
    targets = fields.Nested(TargetsSchema, required=True)
    partners = fields.List(fields.Nested(PartnerSchema), required=True, validate=validate.Length(min=1))
    # Whether the project collects client feedback (its reports then have
    # a section for it).
    client_feedback = fields.Boolean(load_default=False)


class UnknownProject(KeyError):
    pass


def project_ids():
    return sorted(path.stem for path in PROJECTS_DIR.glob("*.json"))


@lru_cache(maxsize=None)
def load_project(project_id):
    path = PROJECTS_DIR / f"{project_id}.json"
    if not path.exists():
        raise UnknownProject(f"no project {project_id!r}; known: {', '.join(project_ids())}")
    project = ProjectSchema().load(json.loads(path.read_text(encoding="utf-8")))
    if project["id"] != project_id:
        raise ValidationError({"id": [f"Must match the file name ({project_id})."]})
    return project
