"""The outreach API's schemas: what a partner sends and gets back."""
from marshmallow import Schema, fields, validate, validates_schema, ValidationError

from services.shared.payloads.common import PSEUDONYM, IsoDate, StrictSchema
from services.shared.payloads.outreach import VisitFieldsSchema
from services.shared.records import RecordedSchema


class VisitCreateSchema(VisitFieldsSchema):
    """POST /outreach/visits: one outreach visit as the worker recorded it."""


class VisitSchema(VisitFieldsSchema, RecordedSchema):
    """A stored visit as returned by the API."""

    visit_id = fields.UUID(required=True)
    voided = fields.Boolean(required=True)
    voided_at = fields.AwareDateTime(allow_none=True)
    void_reason = fields.String(allow_none=True)


class VoidSchema(StrictSchema):
    """POST /outreach/visits/{id}/void: why the visit is withdrawn."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class VisitQuerySchema(StrictSchema):
    """Query of GET /outreach/visits."""

    date_from = IsoDate(data_key="from")
    date_to = IsoDate(data_key="to")
    worker = fields.String(validate=PSEUDONYM)
    include_voided = fields.Boolean(load_default=True, truthy={"true"}, falsy={"false"})  # not 1, yes, on
    partner = fields.String(metadata={"description": "Coordinator only: one partner's visits."})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    # Bounded so that a huge offset is a 422, not an overflow in the driver.
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000_000))

    @validates_schema
    def period_in_order(self, data, **kwargs):
        if "date_from" in data and "date_to" in data and data["date_from"] > data["date_to"]:
            raise ValidationError("Must not be before 'from'.", field_name="to")


class VisitPageSchema(Schema):
    items = fields.List(fields.Nested(VisitSchema), required=True)
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
