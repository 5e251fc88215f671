"""Stored documents as API answers."""
from datetime import date

from marshmallow import Schema, fields


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
