"""The labels of codes in one language, from the codelist and definition
files, so that the dashboard shows the same names as the forms and the
reports and hard-codes none. They are public data (no token needed)."""
from functools import lru_cache
from typing import Literal

from fastapi import APIRouter, Response

from services.shared import codelists, definitions

router = APIRouter(prefix="/definitions", tags=["definitions"])


@lru_cache(maxsize=None)
def labels(lang):
    return {
        "lang": lang,
        "codelists": {name: {code: row[lang] for code, row in codelists.get(name).entries.items()}
                      for name in sorted(codelists.available())},
        "instruments": {instrument["code"]: {"label": instrument[lang],
                                             "domains": {d["code"]: d[lang] for d in instrument["domains"]}}
                        for instrument in definitions.get("instruments")["instruments"]},
        "client_feedback": {item["code"]: item[lang] for item in definitions.client_feedback_items()},
    }


@router.get("/labels")
def code_labels(response: Response, lang: Literal["fi", "en"] = "fi"):
    """{"codelists": {name: {code: label}}, "instruments": {code: {"label",
    "domains": {code: label}}}} in Finnish or English."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return labels(lang)
