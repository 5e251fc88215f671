"""The app's forms as data, derived from the marshmallow schemas the API
validates with and from the codelists and definition files: a new code,
codelist version, instrument or question reaches the app without code
changes. Each field keeps its API name; labels are Finnish and English."""
import json
from functools import lru_cache
from pathlib import Path

from marshmallow import fields, validate

from services.shared import codelists, definitions
from services.shared.payloads.common import Code

from services.assessment.schemas import (
    ClientCreateSchema, FeedbackLinkCreateSchema, FormCreateSchema, MeasurementCreateSchema,
)
from services.groups.schemas import (
    FeedbackCreateSchema, GroupCreateSchema, GroupEndSchema, ParticipantCreateSchema, SessionCreateSchema,
    SurveyCreateSchema,
)
from services.outreach.schemas import VisitCreateSchema, VoidSchema

LABELS = json.loads(Path(__file__).with_name("labels.json").read_text(encoding="utf-8"))
# A code with at most this many options is a radio group, else a select.
MAX_RADIOS = 5

# form name -> (schema, API path; {group_id} / {visit_id} filled by the page)
FORMS = {
    "visit": (VisitCreateSchema, "/outreach/visits"),
    "void": (VoidSchema, "/outreach/visits/{visit_id}/void"),
    "client": (ClientCreateSchema, "/assessment/clients"),
    "measurement": (MeasurementCreateSchema, "/assessment/measurements"),
    "research_form": (FormCreateSchema, "/assessment/forms"),
    "group": (GroupCreateSchema, "/groups"),
    "participant": (ParticipantCreateSchema, "/groups/{group_id}/participants"),
    "session": (SessionCreateSchema, "/groups/{group_id}/sessions"),
    "survey": (SurveyCreateSchema, "/groups/{group_id}/surveys"),
    "feedback": (FeedbackCreateSchema, "/groups/{group_id}/feedback"),
    "end": (GroupEndSchema, "/groups/{group_id}/end"),
    "feedback_link": (FeedbackLinkCreateSchema, "/assessment/feedback-links"),
}

# Which definition items a dict field holds: a fixed set, or the set chosen
# by another field's value (the instrument, the form number).
ITEMS = {
    ("measurement", "scores"): {"set": "instrument", "by": "instrument"},
    ("research_form", "answers"): {"set": "research_form", "by": "form"},
    ("survey", "answers"): {"set": "survey"},
    ("feedback", "ratings"): {"set": "feedback"},
}

# Fields the server fills from the logged-in worker (see writes.stamp_worker).
FROM_LOGIN = {"worker"}
# Fields to which the server adds the logged-in worker: optional in the app.
LOGIN_ADDED = {"facilitators"}


def _label(name, form):
    override = LABELS["form_fields"].get(form, {}).get(name)
    return override or LABELS["fields"].get(name) or {"fi": name, "en": name}


def _options_of_codelist(name):
    codelist = codelists.get(name)
    return [{"code": code, "fi": row["fi"], "en": row["en"]} for code, row in codelist.entries.items()]


def _validators(field, kind):
    found = []
    for validator in field.validators:
        found.extend(validator if isinstance(validator, list) else [validator])
    return [v for v in found if isinstance(v, kind)]


def _bounds(field, into):
    for rng in _validators(field, validate.Range):
        if rng.min is not None:
            into["min"] = rng.min
        if rng.max is not None:
            into["max"] = rng.max
    for length in _validators(field, validate.Length):
        if length.max is not None:
            into["max_length"] = length.max
        if length.min:
            into["min_length"] = length.min


def _choice_options(name, choices):
    labels = LABELS["choices"].get(name, {})
    instruments = {i["code"]: i for i in definitions.get("instruments")["instruments"]}
    options = []
    for choice in choices:
        source = labels.get(str(choice)) or instruments.get(choice) or {"fi": str(choice), "en": str(choice)}
        options.append({"code": choice, "fi": source["fi"], "en": source["en"]})
    return options


def describe_field(name, field, form):
    spec = {"name": field.data_key or name, "label": _label(name, form), "required": bool(field.required)}
    help_text = LABELS["help"].get(name)
    if help_text:
        spec["help"] = help_text
    if isinstance(field, Code):
        options = _options_of_codelist(field.codelist)
        spec.update(kind="code", codelist=field.codelist, version=codelists.get(field.codelist).version,
                    options=options, widget="radio" if len(options) <= MAX_RADIOS else "select")
    elif isinstance(field, fields.List) and isinstance(field.inner, Code):
        spec.update(kind="codes", codelist=field.inner.codelist, options=_options_of_codelist(field.inner.codelist))
        _bounds(field, spec)
    elif isinstance(field, fields.List):
        spec.update(kind="list")
        _bounds(field, spec)
    elif isinstance(field, fields.Date):
        spec.update(kind="date")
    elif isinstance(field, fields.Boolean):
        spec.update(kind="boolean")
    elif isinstance(field, fields.Dict):
        spec.update(kind="items", items=ITEMS[(form, name)])
    elif isinstance(field, (fields.Integer, fields.String)) and _validators(field, validate.OneOf):
        choices = _validators(field, validate.OneOf)[0].choices
        spec.update(kind="choice", options=_choice_options(name, choices),
                    integer=isinstance(field, fields.Integer))
    elif isinstance(field, fields.Integer):
        spec.update(kind="integer")
        _bounds(field, spec)
    else:
        spec.update(kind="text")
        _bounds(field, spec)
    if name in LOGIN_ADDED:
        spec["required"] = False
        spec["login_added"] = True
    return spec


def describe_form(form):
    schema_cls, path = FORMS[form]
    schema = schema_cls()
    described = [describe_field(name, field, form) for name, field in schema.fields.items()
                 if not field.dump_only and name not in FROM_LOGIN]
    return {"form": form, "title": LABELS["forms"][form], "path": path, "fields": described}


def _item(row, scale=None):
    item = {"code": row["code"], "fi": row["fi"], "en": row["en"]}
    kind = row.get("type", "scale")
    item["type"] = kind
    if kind == "scale":
        item["min"] = row.get("min", scale and scale["min"])
        item["max"] = row.get("max", scale and scale["max"])
    elif kind == "choice":
        item["options"] = row["options"]
    elif kind == "choices":
        item["options"] = _options_of_codelist(row["codelist"])
    elif kind == "text":
        item["max_length"] = row["max_length"]
    return item


def item_sets():
    """The items of every dict field (scores, answers, ratings), from the
    definition files; the app picks a set by the form and, for scores and
    research answers, by the chosen instrument or form number."""
    instruments = definitions.get("instruments")["instruments"]
    survey = definitions.get("life_management_survey")
    feedback = definitions.get("group_feedback")
    return {
        "instrument": {i["code"]: [_item(d, i["scale"]) for d in i["domains"]] for i in instruments},
        "research_form": {str(f["form"]): [_item(q) for q in f["questions"]]
                          for f in definitions.get("research_forms")["forms"]},
        "survey": [_item(row, survey["scale"]) for row in survey["items"]],
        "feedback": [_item(row, feedback["scale"]) for row in feedback["items"]],
        "scales": {"survey": LABELS["scales"]["agree"], "feedback": LABELS["scales"]["quality"]},
    }


@lru_cache(maxsize=1)
def description():
    """Everything the app renders forms from, as one JSON-able dict."""
    return {
        "forms": {form: describe_form(form) for form in FORMS},
        "items": item_sets(),
        "messages": LABELS["messages"],
        "versions": {name: max(versions) for name, versions in codelists.available().items()},
    }
