"""Stored documents as API answers."""
from datetime import date

from marshmallow import Schema, fields

from services.shared.envelope import date_occurred_at, make_event, stored_now


def dump_stored(schema, document, **extra):
    """Dumps a stored document with an output schema: dates are stored as
    ISO strings (as in the event payloads) and turned back into dates here;
    ``_id`` is dropped unless ``extra`` maps it to a field."""
    record = {key: value for key, value in document.items() if key != "_id"}
    record.update(extra)
    for name, field in schema.fields.items():
        if isinstance(field, fields.Date) and isinstance(record.get(name), str):
            record[name] = date.fromisoformat(record[name])
    return schema.dump(record)


class RecordedSchema(Schema):
    """What every stored record adds to its fields in API answers."""

    partner_id = fields.String(required=True)
    event_id = fields.UUID(required=True)
    recorded_at = fields.AwareDateTime(required=True)


def dated_event_and_record(event_type, partner, day, payload):
    """The event of a date-only fact and the stored record beside it: the
    payload plus the partner, the event's id and when it was recorded."""
    event = make_event(event_type, partner, date_occurred_at(day), payload)
    return event, {**payload, "partner_id": partner, "event_id": event["event_id"], "recorded_at": stored_now()}
