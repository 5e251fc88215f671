"""Group work (ryhmätoiminnot): groups, their participants, sessions,
surveys and feedback."""
from marshmallow import fields, validate, validates_schema

from services.shared import definitions
from services.shared.payloads.common import (
    PSEUDONYM, Code, Dated, StrictBoolean, StrictSchema, check_ratings, check_background, distinct,
)

PSEUDONYMS = fields.List(fields.String(validate=PSEUDONYM), validate=distinct)


class GroupFieldsSchema(StrictSchema):
    """A group as planned when it starts (Liite 5's group background)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    activity = Code("group_activities", required=True)
    municipality = Code("municipalities", required=True)
    facilitators = fields.List(fields.String(validate=PSEUDONYM), required=True,
                               validate=[validate.Length(min=1, max=20), distinct])
    planned_sessions = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=200))
    intensity = Code("group_intensities", required=True)
    session_minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=15, max=600))
    started_on = Dated(required=True)


class GroupStartedPayload(GroupFieldsSchema):
    group_id = fields.UUID(required=True)


class ParticipantFieldsSchema(StrictSchema):
    """One participant's background (Liite 5 and 6): group composition is
    derived from these, never typed twice."""

    client = fields.String(required=True, validate=PSEUDONYM)
    gender = Code("genders", required=True)
    marital_status = Code("marital_statuses", load_default=None, allow_none=True)
    labour_market_status = Code("labour_market_statuses", required=True)
    out_of_work_months = fields.Integer(load_default=None, allow_none=True, strict=True,
                                        validate=validate.Range(min=0, max=720))
    lives_alone = StrictBoolean(required=True)
    primary_reason = Code("primary_reasons", required=True)
    primary_reason_other = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    referred_by = Code("referral_sources", required=True)
    enrolled_on = Dated(required=True)

    @validates_schema(skip_on_field_errors=False)
    def consistent_background(self, data, **kwargs):
        check_background(data)


class ParticipantEnrolledPayload(ParticipantFieldsSchema):
    group_id = fields.UUID(required=True)


class SessionFieldsSchema(StrictSchema):
    held_on = Dated(required=True)
    duration_minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=600))
    attendees = fields.List(fields.String(validate=PSEUDONYM), required=True,
                            validate=[validate.Length(min=1), distinct])
    facilitators = fields.List(fields.String(validate=PSEUDONYM), load_default=list, validate=distinct)


class SessionHeldPayload(SessionFieldsSchema):
    group_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)


class SurveyFieldsSchema(StrictSchema):
    """Elämänhallinta ja osallisuus (Liite 7) at the start or the end of a
    group; items may be skipped, as on paper."""

    phase = fields.String(required=True, validate=validate.OneOf(["start", "end"]))
    client = fields.String(load_default=None, allow_none=True, validate=PSEUDONYM)
    submitted_on = Dated(required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True,
                          validate=validate.Length(min=1, error="Give at least one answer."))

    @validates_schema(skip_on_field_errors=False)
    def answers_fit_items(self, data, **kwargs):
        if data.get("answers"):
            survey = definitions.get("life_management_survey")
            check_ratings(data["answers"], survey["items"], survey["scale"])


class SurveySubmittedPayload(SurveyFieldsSchema):
    group_id = fields.UUID(required=True)
    survey_id = fields.UUID(required=True)


class FeedbackFieldsSchema(StrictSchema):
    client = fields.String(load_default=None, allow_none=True, validate=PSEUDONYM)
    submitted_on = Dated(required=True)
    ratings = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True,
                          validate=validate.Length(min=1, error="Give at least one rating."))
    comments = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema(skip_on_field_errors=False)
    def ratings_fit_items(self, data, **kwargs):
        if data.get("ratings"):
            feedback = definitions.get("group_feedback")
            check_ratings(data["ratings"], feedback["items"], feedback["scale"], errors_key="ratings")


class FeedbackSubmittedPayload(FeedbackFieldsSchema):
    group_id = fields.UUID(required=True)
    feedback_id = fields.UUID(required=True)


class GroupEndFieldsSchema(StrictSchema):
    ended_on = Dated(required=True)
    summary = fields.String(load_default="", validate=validate.Length(max=4000))


class GroupEndedPayload(GroupEndFieldsSchema):
    group_id = fields.UUID(required=True)
    sessions_held = fields.Integer(required=True)
    participants = fields.Integer(required=True)
