"""Outreach visits (jalkautuminen)."""
from marshmallow import ValidationError, fields, validate, validates, validates_schema

from services.shared.payloads.common import PSEUDONYM, Code, Dated, StrictSchema


class VisitFieldsSchema(StrictSchema):
    """What a worker records of one outreach visit (jalkautumiskerta)."""

    visit_date = Dated(required=True)
    municipality = Code("municipalities", required=True)
    venue = fields.String(required=True, validate=validate.Length(min=1, max=120))
    venue_type = Code("venue_types", required=True)
    nature = Code("visit_natures", required=True)
    people_present = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100000))
    people_contacted = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100000))
    topics = fields.List(Code("outreach_topics"), required=True, validate=validate.Length(min=1))
    worker_rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    suitability_rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    observations = fields.String(load_default="", validate=validate.Length(max=4000))
    worker = fields.String(required=True, validate=PSEUDONYM)

    @validates("topics")
    def topics_are_distinct(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise ValidationError("Each topic may be given once.")

    @validates_schema(skip_on_field_errors=False)
    def contacted_within_present(self, data, **kwargs):
        present, contacted = data.get("people_present"), data.get("people_contacted")
        if present is not None and contacted is not None and contacted > present:
            raise ValidationError(
                "Cannot exceed people_present: those contacted were present.",
                field_name="people_contacted",
            )


class VisitRecordedPayload(VisitFieldsSchema):
    visit_id = fields.UUID(required=True)


class VisitVoidedPayload(StrictSchema):
    visit_id = fields.UUID(required=True)
    voided_event_id = fields.UUID(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
