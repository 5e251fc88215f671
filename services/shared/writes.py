"""Every accepted write of a partner service, the same way: validate the
body, honour the Idempotency-Key, and commit the records, their events (to
the outbox) and the idempotent answer in one MongoDB transaction."""
from dataclasses import dataclass

from pymongo.errors import DuplicateKeyError

from services.shared import idempotency
from services.shared.http import ApiError, json_response, principal_of, read_json_object
from services.shared.outbox import ensure_outbox_indexes
from services.shared.validation import InvalidData, load


@dataclass(frozen=True)
class WriteRequest:
    partner: str
    key: str | None
    fingerprint: str


class _Replay(Exception):
    def __init__(self, response):
        super().__init__("replay")
        self.response = response


def commit(database, outbox, request, status, answer, events, write=None):
    """Runs ``write(session)``, adds ``events`` to the outbox and remembers
    ``answer`` for the request's key, all in one transaction."""

    def run(session):
        if write is not None:
            write(session)
        for event in events:
            outbox.add(database, event, session)
        idempotency.remember(database, session, request.partner, request.key, request.fingerprint, status, answer)

    try:
        with database.client.start_session() as session:
            session.with_transaction(run)
    except DuplicateKeyError as exc:
        if not idempotency.is_key_conflict(exc):
            raise
        # A concurrent request with the same key committed first.
        raise _Replay(idempotency.replay(database, request.partner, request.key, request.fingerprint))
    outbox.wake()
    return status, answer


def handle_write(http_request, database, partner, schema, write, location=None):
    """Validates the JSON body with ``schema`` and runs ``write(data,
    WriteRequest) -> (status, answer[, shown_once])`` unless the Idempotency-Key already
    has an answer. Returns the response."""
    body = stamp_worker(read_json_object(http_request), principal_of(http_request), schema)
    request = WriteRequest(partner, idempotency.key_from(http_request),
                           idempotency.fingerprint(http_request, body))
    replayed = idempotency.replay(database, partner, request.key, request.fingerprint)
    if replayed is not None:
        return replayed
    data = load(schema, body)
    try:
        status, answer, *shown_once = write(data, request)
    except _Replay as replay:
        return replay.response
    except (ApiError, InvalidData):
        # A concurrent request with the same key may have recorded this very
        # thing first (so this one found it recorded, or ended, or voided):
        # its answer is this request's answer too.
        replayed = idempotency.replay(database, partner, request.key, request.fingerprint)
        if replayed is not None:
            return replayed
        raise
    headers = {"Location": location(answer)} if location else {}
    # What a write shows once (a secret) is in this response only, never in
    # the answer stored for replays.
    return json_response(status, {**answer, **(shown_once[0] if shown_once else {})}, headers)


def stamp_worker(body, principal, schema):
    """A worker logged in to the app records as themselves: the schema's
    ``worker`` is theirs whatever the body says, and they are among the
    ``facilitators`` of the groups and sessions they record."""
    worker = getattr(principal, "worker", None)
    if worker is None:
        return body
    body = dict(body)
    if "worker" in schema.fields:
        body["worker"] = worker
    if "facilitators" in schema.fields and isinstance(body.get("facilitators", []), list):
        body["facilitators"] = [worker] + [f for f in body.get("facilitators", []) if f != worker]
    return body


def ensure_write_indexes(database):
    """Indexes every partner service's write path needs."""
    idempotency.ensure_idempotency_indexes(database)
    ensure_outbox_indexes(database)
