"""Client feedback (PRO SOS asiakaspalaute): a one-time link issued for a
service encounter, and the client's anonymous answer through it.

Neither event names the client. The answer does not name its link either,
so not even the partner can tell which encounter an answer came from; the
centre relates answers to links only by counting both per encounter day."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.shared import definitions
from services.shared.payloads.common import PSEUDONYM, Code, Dated, IsoDate, StrictSchema

LANGUAGES = ["fi", "en", "sv"]


def check_feedback_answers(answers):
    """Known items only, each 1-5 (skipping is allowed: paper-like)."""
    scale = definitions.client_feedback()["scale"]
    items = {item["code"] for item in definitions.client_feedback_items()}
    errors = {}
    for code, value in answers.items():
        if code not in items:
            errors[code] = ["Not an item of the client feedback."]
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[code] = ["Not a valid integer."]
        elif not scale["min"] <= value <= scale["max"]:
            errors[code] = [f"Must be between {scale['min']} and {scale['max']}."]
    if errors:
        raise ValidationError({"answers": errors})


class FeedbackLinkFieldsSchema(StrictSchema):
    """What a worker gives when issuing a link: the encounter, not the client."""

    municipality = Code("municipalities", required=True)
    service_type = Code("service_types", required=True)
    encounter_on = Dated(required=True)
    language = fields.String(load_default="fi", validate=validate.OneOf(LANGUAGES), metadata={"enum": LANGUAGES})
    worker = fields.String(required=True, validate=PSEUDONYM)


class FeedbackLinkIssuedPayload(FeedbackLinkFieldsSchema):
    link_id = fields.UUID(required=True)
    expires_on = IsoDate(required=True)


class FeedbackAnswerFieldsSchema(StrictSchema):
    """What the client gives."""

    answers = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)
    comment = fields.String(load_default=None, allow_none=True,
                            validate=validate.Length(max=definitions.client_feedback()["comment"]["max_length"]))

    @validates_schema(skip_on_field_errors=False)
    def answers_fit_definition(self, data, **kwargs):
        check_feedback_answers(data.get("answers") or {})
        if not data.get("answers") and not (data.get("comment") or "").strip():
            raise ValidationError("Answer at least one question or write a comment.", "_schema")


class FeedbackGivenPayload(FeedbackAnswerFieldsSchema):
    feedback_id = fields.UUID(required=True)
    municipality = Code("municipalities", required=True)
    service_type = Code("service_types", required=True)
    encounter_on = IsoDate(required=True)
    answered_on = IsoDate(required=True)
    definition_version = fields.Integer(required=True, strict=True)
