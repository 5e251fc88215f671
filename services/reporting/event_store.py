"""The centre's event store: every event once in ``events`` (``_id`` is the
event_id), applied to the read models as it is stored; every event that
fails validation in ``rejected_events`` with its reason."""
import hashlib
import json
import logging

from marshmallow import ValidationError
from pymongo import ASCENDING

from services.shared.envelope import EnvelopeSchema, utcnow
from services.shared.hetu import holds_hetu
from services.shared.payloads import PAYLOAD_SCHEMAS

from services.reporting.readmodels.store import apply_batch, current_generation, ensure_state_indexes

log = logging.getLogger(__name__)

EVENTS = "events"
REJECTED = "rejected_events"


def ensure_indexes(database):
    """The log is read by ``_id`` only (duplicates, a void's visit, a
    rebuild's full pass): every other question goes to the read models, so
    the log carries no other index to slow its writes down."""
    database[REJECTED].create_index([("received_at", ASCENDING)])
    generation = current_generation(database)
    if generation is not None:
        ensure_state_indexes(database, generation)


# Schemas hold no state between loads: made once, not per event (making
# one costs more than validating an event with it).
_ENVELOPE = EnvelopeSchema()
_PAYLOADS = {}


def _payload_schema(event_type, version):
    key = (event_type, version)
    if key not in _PAYLOADS:
        schema = PAYLOAD_SCHEMAS.get(key)
        _PAYLOADS[key] = schema() if schema is not None else None
    return _PAYLOADS[key]


def validate_event(body):
    """The envelope and its validated payload, or ValidationError."""
    if not isinstance(body, dict):
        raise ValidationError({"_schema": ["An event must be a JSON object."]})
    envelope = _ENVELOPE.load(body)
    schema = _payload_schema(envelope["event_type"], envelope["schema_version"])
    if schema is None:
        raise ValidationError(
            {"event_type": [f"Unknown event type or version: {envelope['event_type']} v{envelope['schema_version']}."]}
        )
    try:
        payload = schema.load(envelope["payload"])
    except ValidationError as exc:
        raise ValidationError({"payload": exc.messages})
    if holds_hetu(body):
        raise ValidationError({"payload": ["Holds a personal identity code (henkilötunnus)."]})
    return envelope, payload


def _redacted(body):
    # A rejected event is kept for the ops team to inspect, but an identity
    # code must not be stored even there.
    if holds_hetu(body):
        return {"redacted": "the event held a personal identity code and is not stored"}
    return body


def partner_of_broker_user(user):
    """The partner a centre broker user publishes for: ``partner-<id>``."""
    return user[len("partner-"):] if user and user.startswith("partner-") else None


class EventStore:
    """Validates events and stores them, with their read-model changes.
    With ``require_broker_user`` (the centre of a deployment), an event must
    come through a partner's own broker user, and its partner_id must be
    that partner's."""

    def __init__(self, database, require_broker_user=False):
        self.database = database
        self.require_broker_user = require_broker_user

    def prepare(self, body, broker_user=None):
        """The document to store, or None when the event is rejected (and
        kept in rejected_events with its reason)."""
        try:
            envelope, payload = validate_event(body)
            self._check_publisher(envelope, broker_user)
        except ValidationError as exc:
            self._reject(body, exc.normalized_messages())
            return None
        document = dict(body)
        if "voided_event_id" in payload:
            # Any spelling of a UUID is valid; the visit is stored under its
            # canonical one, which the void must name to find it.
            document["payload"] = {**body["payload"], "voided_event_id": str(payload["voided_event_id"])}
        document["_id"] = str(envelope["event_id"])
        document["occurred_at"] = envelope["occurred_at"]
        document["recorded_at"] = envelope["recorded_at"]
        document["received_at"] = utcnow()
        return document

    def _check_publisher(self, envelope, broker_user):
        if broker_user is None and not self.require_broker_user:
            return
        partner = partner_of_broker_user(broker_user)
        if partner is None:
            raise ValidationError({"partner_id": [f"Published by broker user {broker_user!r}, not a partner's."]})
        if partner != envelope["partner_id"]:
            raise ValidationError({"partner_id": [
                f"Published by partner {partner!r}'s broker user but names partner {envelope['partner_id']!r}."]})

    def ingest(self, body, broker_user=None):
        """Stores one event: "stored", "duplicate" or "rejected". Database
        errors propagate, so the caller can leave the message unacknowledged."""
        return self.ingest_many([(body, broker_user)])[0]

    def ingest_many(self, messages):
        """Stores a batch of (body, broker user) in one transaction; an
        outcome per message."""
        return self.store_many([self.prepare(body, broker_user) for body, broker_user in messages])

    def store_many(self, documents):
        """Stores a batch of prepared documents (None for a rejected event)
        in one transaction; an outcome per document."""
        valid = [document for document in documents if document is not None]
        new = apply_batch(self.database, valid) if valid else set()
        outcomes, seen = [], set()
        for document in documents:
            if document is None:
                outcomes.append("rejected")
            else:
                first = document["_id"] in new and document["_id"] not in seen
                seen.add(document["_id"])
                outcomes.append("stored" if first else "duplicate")
        return outcomes

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
