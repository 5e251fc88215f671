"""The assessment API's schemas: what a partner sends and gets back."""
from datetime import date

from marshmallow import Schema, fields, validate

from services.shared.payloads.assessment import ClientFieldsSchema, FormFieldsSchema, MeasurementFieldsSchema
from services.shared.payloads.common import EARLIEST_DATE, IsoDate, StrictSchema
from services.shared.payloads.feedback import FeedbackAnswerFieldsSchema, FeedbackLinkFieldsSchema
from services.shared.records import RecordedSchema


class ClientCreateSchema(ClientFieldsSchema):
    """POST /assessment/clients: a pseudonymous client and background (Liite 6)."""


class ClientSchema(ClientFieldsSchema, RecordedSchema):
    """A registered client as returned by the API."""


class MeasurementCreateSchema(MeasurementFieldsSchema):
    """POST /assessment/measurements."""


class MeasurementSchema(MeasurementFieldsSchema, RecordedSchema):
    measurement_id = fields.UUID(required=True)


class FormCreateSchema(FormFieldsSchema):
    """POST /assessment/forms: form 1 with a baseline, form 2 with a follow-up."""


class FormSchema(FormFieldsSchema, RecordedSchema):
    form_id = fields.UUID(required=True)


class ClientQuerySchema(StrictSchema):
    """Query of GET /assessment/clients/{client}."""

    partner = fields.String(metadata={"description": (
        "Whose client: required for the coordinator, as pseudonyms are unique per partner only; "
        "a partner's token reads only its own clients.")})


class DueQuerySchema(StrictSchema):
    """Query of GET /assessment/followups/due."""

    after_days = fields.Integer(load_default=90, validate=validate.Range(min=0, max=3650),
                                metadata={"description": "Baselines at least this many days old are due."})
    as_of = IsoDate(validate=validate.Range(min=EARLIEST_DATE, max=date(2099, 12, 31)),
                    metadata={"description": f"The day to count from, {EARLIEST_DATE.isoformat()} to 2099-12-31 "
                                             "(default: today in Finland)."})
    partner = fields.String(metadata={"description": "Coordinator only: one partner's list."})


class DueClientSchema(Schema):
    client = fields.String(required=True)
    baseline_on = fields.Date(required=True)
    days_since_baseline = fields.Integer(required=True)


class DueGroupSchema(Schema):
    partner_id = fields.String(required=True)
    worker = fields.String(required=True)
    instrument = fields.String(required=True)
    clients = fields.List(fields.Nested(DueClientSchema), required=True)


class DueListSchema(Schema):
    as_of = fields.Date(required=True)
    after_days = fields.Integer(required=True)
    total = fields.Integer(required=True)
    due = fields.List(fields.Nested(DueGroupSchema), required=True)


class RoundSummarySchema(Schema):
    instrument = fields.String(required=True)
    rounds = fields.List(fields.Integer(), required=True)
    forms = fields.List(fields.Integer(), required=True)


class ClientDetailSchema(ClientSchema):
    measurements = fields.List(fields.Nested(RoundSummarySchema), required=True)


class FeedbackLinkCreateSchema(FeedbackLinkFieldsSchema):
    """POST /assessment/feedback-links: the encounter a client is asked to
    give feedback on (never the client)."""


class FeedbackLinkSchema(FeedbackLinkFieldsSchema, RecordedSchema):
    link_id = fields.UUID(required=True)
    expires_on = IsoDate(required=True)
    expires_at = fields.AwareDateTime(required=True)
    url = fields.String(allow_none=True, required=True, metadata={
        "description": "The one-time link to give the client. Shown in the first answer only: the link's secret "
                       "is not stored, so a replay of the same Idempotency-Key answers null (issue a new link)."})
    qr_svg = fields.String(allow_none=True, required=True, metadata={
        "description": "The link as a QR code (SVG), for the client to scan; null when url is."})


class FeedbackAnswerSchema(FeedbackAnswerFieldsSchema):
    """POST /feedback/{token} as JSON (the page itself posts a form):
    answers {item: 1-5} (any may be skipped) and an optional comment."""


class FeedbackThanksSchema(Schema):
    answered_on = IsoDate(required=True)
    message = fields.String(required=True)
