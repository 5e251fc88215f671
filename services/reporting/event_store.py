"""The centre's event store: every event once in ``events`` (``_id`` is the
event_id), every event that fails validation in ``rejected_events`` with
its reason. Shared by the ingest service and whoever reads the store."""
import hashlib
import json
import logging

from marshmallow import ValidationError
from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from services.shared.envelope import EnvelopeSchema, utcnow
from services.shared.hetu import find_hetu_paths
from services.shared.payloads import PAYLOAD_SCHEMAS

log = logging.getLogger(__name__)

EVENTS = "events"
REJECTED = "rejected_events"


def ensure_indexes(database):
    database[EVENTS].create_index([("partner_id", ASCENDING), ("event_type", ASCENDING)])
    database[EVENTS].create_index([("received_at", ASCENDING)])
    # The flows read one event type of some partners in a period.
    database[EVENTS].create_index([("event_type", ASCENDING), ("occurred_at", ASCENDING)])
    database[REJECTED].create_index([("received_at", ASCENDING)])


def validate_event(body):
    """The envelope with its payload validated, or ValidationError."""
    if not isinstance(body, dict):
        raise ValidationError({"_schema": ["An event must be a JSON object."]})
    envelope = EnvelopeSchema().load(body)
    schema = PAYLOAD_SCHEMAS.get((envelope["event_type"], envelope["schema_version"]))
    if schema is None:
        raise ValidationError(
            {"event_type": [f"Unknown event type or version: {envelope['event_type']} v{envelope['schema_version']}."]}
        )
    try:
        schema().load(envelope["payload"])
    except ValidationError as exc:
        raise ValidationError({"payload": exc.messages})
    if find_hetu_paths(body):
        raise ValidationError({"payload": ["Holds a personal identity code (henkilötunnus)."]})
    return envelope


def _redacted(body):
    # A rejected event is kept for the ops team to inspect, but an identity
    # code must not be stored even there.
    if find_hetu_paths(body):
        return {"redacted": "the event held a personal identity code and is not stored"}
    return body


class EventStore:
    def __init__(self, database):
        self.database = database

    def ingest(self, body):
        """Stores a valid event once; stores an invalid one in
        rejected_events. Returns "stored", "duplicate" or "rejected".
        Database errors propagate, so the caller can leave the message
        unacknowledged."""
        try:
            envelope = validate_event(body)
        except ValidationError as exc:
            self._reject(body, exc.normalized_messages())
            return "rejected"
        document = dict(body)
        document["_id"] = str(envelope["event_id"])
        document["occurred_at"] = envelope["occurred_at"]
        document["recorded_at"] = envelope["recorded_at"]
        document["received_at"] = utcnow()
        try:
            self.database[EVENTS].insert_one(document)
        except DuplicateKeyError:
            return "duplicate"
        return "stored"

    def _reject(self, body, reason):
        event_id = body.get("event_id") if isinstance(body, dict) else None
        raw = json.dumps(body, sort_keys=True, default=str)
        rejection_id = str(event_id) if isinstance(event_id, str) else hashlib.sha256(raw.encode()).hexdigest()
        log.warning("rejected event %s: %s", rejection_id, reason)
        now = utcnow()
        self.database[REJECTED].update_one(
            {"_id": rejection_id},
            {"$setOnInsert": {"body": _redacted(body), "reason": reason, "received_at": now},
             "$set": {"last_received_at": now}, "$inc": {"deliveries": 1}},
            upsert=True,
        )
