"""Payload schemas of the events, shared by the producing service (which
builds its API schemas on them) and the centre's ingest (which validates
what arrives). Keyed by (event_type, schema_version)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates, validates_schema

from services.shared import codelists

FINLAND = ZoneInfo("Europe/Helsinki")
EARLIEST_DATE = date(2010, 1, 1)
PSEUDONYM = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$",
    error="A pseudonym is 1-64 letters, digits or _ . : - (no names, no identity codes).",
)


def today_in_finland():
    return datetime.now(FINLAND).date()


class Code(fields.String):
    """A code of a versioned codelist; unknown codes are rejected."""

    def __init__(self, codelist, **kwargs):
        self.codelist = codelist
        metadata = {"enum": codelists.get(codelist).codes, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if code not in codelists.get(self.codelist):
            raise ValidationError(f"Unknown code {code!r} of codelist {self.codelist}.")
        return code


def not_in_future_or_too_old(value):
    if value > today_in_finland():
        raise ValidationError("Must not be in the future.")
    if value < EARLIEST_DATE:
        raise ValidationError(f"Must not be before {EARLIEST_DATE.isoformat()}.")


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class VisitFieldsSchema(StrictSchema):
    """What a worker records of one outreach visit (jalkautumiskerta)."""

    visit_date = fields.Date(required=True, validate=not_in_future_or_too_old)
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


PAYLOAD_SCHEMAS = {
    ("outreach.visit_recorded", 1): VisitRecordedPayload,
    ("outreach.visit_voided", 1): VisitVoidedPayload,
}
