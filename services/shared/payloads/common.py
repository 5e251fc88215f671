"""Fields and rules every payload schema uses."""
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from services.shared import codelists

FINLAND = ZoneInfo("Europe/Helsinki")
EARLIEST_DATE = date(2010, 1, 1)
# ``$`` alone also matches before a final newline, which would make
# "sw-01\n" a second worker; ``(?!\n)`` refuses it and means the same to
# the JavaScript regexes that read the OpenAPI pattern.
PSEUDONYM = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$(?!\n)",
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


class StrictBoolean(fields.Boolean):
    """JSON true or false, nothing else. marshmallow's Boolean also takes
    "yes", "on" and 1/0, and ``truthy={True}`` does not stop 1 (1 == True),
    so a 1 meant as a count would be stored as a yes."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class IsoDate(fields.Date):
    """A calendar date written ``YYYY-MM-DD`` and nothing else (Python's
    ``fromisoformat`` also takes ``20190304`` and ``2019-W10-1``)."""

    PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

    def __init__(self, **kwargs):
        metadata = {"pattern": self.PATTERN, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not re.fullmatch(self.PATTERN, value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Dated(IsoDate):
    """A calendar date that is not in the future (Finnish time) nor before
    the earliest date SOS Hub accepts."""

    def __init__(self, **kwargs):
        description = (f"YYYY-MM-DD, from {EARLIEST_DATE.isoformat()} to today (Finnish time). "
                       + kwargs.get("metadata", {}).get("description", "")).strip()
        metadata = {**kwargs.pop("metadata", {}), "description": description}
        super().__init__(validate=not_in_future_or_too_old, metadata=metadata, **kwargs)


def distinct(values):
    if len(set(values)) != len(values):
        raise ValidationError("Each value may be given once.")


def codes_flagged(codelist, attribute):
    return set(codelists.get(codelist).codes_where(attribute))


def check_ratings(answers, items, scale, errors_key="answers"):
    """Errors of a {item code: 1..5} dict against the items allowed; raises
    ValidationError listing each bad item."""
    allowed = {item["code"] for item in items}
    errors = {}
    for code, value in answers.items():
        if code not in allowed:
            errors[code] = ["Unknown item."]
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[code] = ["Not a valid integer."]
        elif not scale["min"] <= value <= scale["max"]:
            errors[code] = [f"Must be between {scale['min']} and {scale['max']}."]
    if errors:
        raise ValidationError({errors_key: errors})


def check_background(data):
    """Rules shared by a client's and a group participant's background."""
    errors = {}
    status = data.get("labour_market_status")
    if data.get("out_of_work_months") is not None and status and \
            status not in codes_flagged("labour_market_statuses", "out_of_work"):
        errors["out_of_work_months"] = ["Only for the unemployed or those outside the labour force."]
    if data.get("primary_reason_other") and data.get("primary_reason") not in (None, "other"):
        errors["primary_reason_other"] = ["Only when primary_reason is 'other'."]
    if errors:
        raise ValidationError(errors)
