"""The event envelope every SOS Hub event travels in (DESIGN.md, Events)."""
import uuid
from datetime import datetime, time, timezone

from marshmallow import RAISE, Schema, fields, validate

PARTNER_ID = validate.Regexp(r"^[a-z][a-z0-9_-]{1,39}$(?!\n)", error="Not a partner id.")


class EnvelopeSchema(Schema):
    class Meta:
        unknown = RAISE

    event_id = fields.UUID(required=True)
    event_type = fields.String(required=True, validate=validate.Regexp(r"^[a-z_]+\.[a-z_]+$(?!\n)"))
    schema_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    partner_id = fields.String(required=True, validate=PARTNER_ID)
    occurred_at = fields.AwareDateTime(required=True)
    recorded_at = fields.AwareDateTime(required=True)
    # JSON object keys are strings already: a key field would deserialize
    # each of them again, which costs as much as the rest of the envelope.
    payload = fields.Dict(required=True)


def utcnow():
    return datetime.now(timezone.utc)


def stored_now():
    """Now, to the millisecond: what the database keeps of a moment, so a
    record's answer to its POST shows the moment its GET will show."""
    now = utcnow()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def make_event(event_type, partner_id, occurred_at, payload, schema_version=1):
    """A new envelope as a JSON-ready dict; ``payload`` must already be
    dumped by its schema."""
    envelope = {
        "event_id": uuid.uuid4(),
        "event_type": event_type,
        "schema_version": schema_version,
        "partner_id": partner_id,
        "occurred_at": occurred_at,
        "recorded_at": utcnow(),
        "payload": payload,
    }
    return EnvelopeSchema().dump(envelope)


def source_and_name(event_type):
    """``outreach.visit_recorded`` -> (``outreach``, ``visit_recorded``): the
    nameko events exchange and routing key the event travels on."""
    source, _, name = event_type.partition(".")
    return source, name


def date_occurred_at(day):
    """Date-only facts occur at 00:00 UTC of their date, so the calendar
    date survives any conversion and period filters agree with it."""
    return datetime.combine(day, time(0), tzinfo=timezone.utc)
