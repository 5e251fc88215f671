"""Clients, measurements and research forms of the mittarikokeilut."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.shared import codelists, definitions
from services.shared.payloads.common import (
    PSEUDONYM, Code, Dated, StrictBoolean, StrictSchema, check_background, today_in_finland,
)

ROUNDS = validate.Range(min=1, max=10)


def _birth_year(value):
    this_year = today_in_finland().year
    if not 1900 <= value <= this_year - 15:
        raise ValidationError(f"Must be between 1900 and {this_year - 15} (adult social work clients).")


class ClientFieldsSchema(StrictSchema):
    """A pseudonymous client's background (Liite 6)."""

    client = fields.String(required=True, validate=PSEUDONYM)
    gender = Code("genders", required=True)
    birth_year = fields.Integer(required=True, strict=True, validate=_birth_year)
    marital_status = Code("marital_statuses", load_default=None, allow_none=True)
    household = Code("households", required=True)
    children_in_household = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=20))
    labour_market_status = Code("labour_market_statuses", required=True)
    out_of_work_months = fields.Integer(load_default=None, allow_none=True, strict=True,
                                        validate=validate.Range(min=0, max=720))
    primary_reason = Code("primary_reasons", required=True)
    primary_reason_other = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    municipality = Code("municipalities", required=True)
    needs_assessment_done = StrictBoolean(required=True)
    registered_on = Dated(required=True)
    worker = fields.String(required=True, validate=PSEUDONYM)

    @validates_schema(skip_on_field_errors=False)
    def consistent_background(self, data, **kwargs):
        check_background(data)


class ClientRegisteredPayload(ClientFieldsSchema):
    pass


def check_scores(instrument_code, scores):
    """Each domain of the instrument once, each score within its scale."""
    instrument = definitions.instrument(instrument_code)
    if instrument is None:
        return  # the instrument field reports it
    scale = instrument["scale"]
    domains = [domain["code"] for domain in instrument["domains"]]
    errors = {}
    for domain in domains:
        if domain not in scores:
            errors[domain] = ["Missing score for this domain."]
    for domain, value in scores.items():
        if domain not in domains:
            errors[domain] = [f"Not a domain of {instrument_code}."]
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            errors[domain] = ["Not a number."]
        elif not scale["min"] <= value <= scale["max"]:
            errors[domain] = [f"Must be between {scale['min']} and {scale['max']}."]
    if errors:
        raise ValidationError({"scores": errors})


class MeasurementFieldsSchema(StrictSchema):
    """One measurement of a client with an instrument: round 1 is the
    baseline, later rounds follow-ups (the last one the final)."""

    client = fields.String(required=True, validate=PSEUDONYM)
    instrument = fields.String(required=True, validate=validate.OneOf(definitions.instrument_codes()),
                               metadata={"enum": definitions.instrument_codes()})
    round = fields.Integer(required=True, strict=True, validate=ROUNDS)
    measured_on = Dated(required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)
    worker = fields.String(required=True, validate=PSEUDONYM)

    @validates_schema(skip_on_field_errors=False)
    def scores_fit_instrument(self, data, **kwargs):
        if "instrument" in data and "scores" in data:
            check_scores(data["instrument"], data["scores"])


class MeasurementRecordedPayload(MeasurementFieldsSchema):
    measurement_id = fields.UUID(required=True)


def check_answers(form_number, answers):
    form = definitions.research_form(form_number)
    if form is None:
        return
    questions = {question["code"]: question for question in form["questions"]}
    errors = {}
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            errors[code] = [f"Not a question of form {form_number}."]
            continue
        message = _answer_error(question, value)
        if message:
            errors[code] = [message]
    if not answers:
        errors["_schema"] = ["Give at least one answer."]
    if errors:
        raise ValidationError({"answers": errors})


def _answer_error(question, value):
    kind = question["type"]
    if kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            return "Not a valid integer."
        if not question["min"] <= value <= question["max"]:
            return f"Must be between {question['min']} and {question['max']}."
    elif kind == "choice":
        options = [option["code"] for option in question["options"]]
        if value not in options:
            return f"Must be one of: {', '.join(options)}."
    elif kind == "choices":
        allowed = codelists.get(question["codelist"]).codes
        if not isinstance(value, list) or not value or any(v not in allowed for v in value) \
                or len(set(value)) != len(value):
            return f"Must be a list of distinct codes of {question['codelist']}."
    elif kind == "text":
        if not isinstance(value, str) or not 1 <= len(value) <= question["max_length"]:
            return f"Must be text of 1-{question['max_length']} characters."
    return None


class FormFieldsSchema(StrictSchema):
    """A research questionnaire (Liite 4): form 1 with the baseline
    measurement of an instrument, form 2 with a follow-up."""

    client = fields.String(required=True, validate=PSEUDONYM)
    instrument = fields.String(required=True, validate=validate.OneOf(definitions.instrument_codes()),
                               metadata={"enum": definitions.instrument_codes()})
    form = fields.Integer(required=True, strict=True, validate=validate.OneOf([1, 2]))
    submitted_on = Dated(required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)
    worker = fields.String(required=True, validate=PSEUDONYM)

    @validates_schema(skip_on_field_errors=False)
    def answers_fit_form(self, data, **kwargs):
        if "form" in data and "answers" in data:
            check_answers(data["form"], data["answers"])


class FormSubmittedPayload(FormFieldsSchema):
    form_id = fields.UUID(required=True)
