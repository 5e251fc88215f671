"""The group work API's schemas: what a partner sends and gets back."""
from marshmallow import Schema, fields

from services.shared.payloads.common import StrictSchema
from services.shared.records import RecordedSchema
from services.shared.payloads.groups import (
    FeedbackFieldsSchema, GroupEndFieldsSchema, GroupFieldsSchema, ParticipantFieldsSchema, SessionFieldsSchema,
    SurveyFieldsSchema,
)


class GroupCreateSchema(GroupFieldsSchema):
    """POST /groups."""


class ParticipantCreateSchema(ParticipantFieldsSchema):
    """POST /groups/{id}/participants."""


class SessionCreateSchema(SessionFieldsSchema):
    """POST /groups/{id}/sessions: attendees must be enrolled."""


class SurveyCreateSchema(SurveyFieldsSchema):
    """POST /groups/{id}/surveys: Elämänhallinta ja osallisuus, items 1-5."""


class FeedbackCreateSchema(FeedbackFieldsSchema):
    """POST /groups/{id}/feedback."""


class GroupEndSchema(GroupEndFieldsSchema):
    """POST /groups/{id}/end: nothing more can be added after it."""


class ParticipantSchema(ParticipantFieldsSchema, RecordedSchema):
    group_id = fields.UUID(required=True)


class SessionSchema(SessionFieldsSchema, RecordedSchema):
    group_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)


class SurveySchema(SurveyFieldsSchema, RecordedSchema):
    group_id = fields.UUID(required=True)
    survey_id = fields.UUID(required=True)


class FeedbackSchema(FeedbackFieldsSchema, RecordedSchema):
    group_id = fields.UUID(required=True)
    feedback_id = fields.UUID(required=True)


class CompositionSchema(Schema):
    """Liite 5, derived from the enrolments."""

    participants = fields.Integer(required=True)
    gender = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    marital_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    lives_alone = fields.Integer(required=True)
    labour_market_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    long_term_unemployed = fields.Integer(required=True, metadata={"description": "Unemployed 12 months or more."})
    primary_reason = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    referred_by = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class GroupSchema(GroupFieldsSchema, RecordedSchema):
    group_id = fields.UUID(required=True)
    ended = fields.Boolean(required=True)
    ended_on = fields.Date(allow_none=True)
    sessions_held = fields.Integer(required=True)
    group_hours = fields.Float(required=True)
    composition = fields.Nested(CompositionSchema, required=True)


class ParticipantListSchema(Schema):
    items = fields.List(fields.Nested(ParticipantSchema), required=True)


class GroupListQuerySchema(StrictSchema):
    partner = fields.String(metadata={"description": "Coordinator only: one partner's groups."})


class GroupListSchema(Schema):
    items = fields.List(fields.Nested(GroupSchema), required=True)
