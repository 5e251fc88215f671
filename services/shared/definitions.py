"""Instrument, questionnaire and survey definitions: versioned data files
(``definitions/<name>.v<N>.json``) like the codelists."""
import json
from functools import lru_cache
from pathlib import Path

from services.shared.codelists import available

DEFINITIONS_DIR = Path(__file__).with_name("definitions")


@lru_cache(maxsize=None)
def get(name, version=None):
    versions = available(DEFINITIONS_DIR).get(name)
    if not versions:
        raise KeyError(f"no definition named {name!r}")
    version = max(versions) if version is None else version
    return json.loads(versions[version].read_text(encoding="utf-8"))


def instrument(code):
    """The instrument's definition, or None."""
    return next((i for i in get("instruments")["instruments"] if i["code"] == code), None)


def instrument_codes():
    return [i["code"] for i in get("instruments")["instruments"]]


def research_form(number):
    return next((f for f in get("research_forms")["forms"] if f["form"] == number), None)


def survey_items():
    return get("life_management_survey")["items"]


def feedback_items():
    return get("group_feedback")["items"]


def client_feedback():
    return get("client_feedback")


def client_feedback_items():
    return client_feedback()["items"]
