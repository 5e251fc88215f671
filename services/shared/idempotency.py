"""``Idempotency-Key``: a retried POST returns the first answer and
publishes nothing new. The first answer is stored in the same transaction as
the record and its event, so a key is either fully used or not at all."""
import hashlib
import json

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from services.shared.envelope import utcnow
from services.shared.http import ApiError, json_response
from services.shared.validation import text_error

IDEMPOTENCY = "idempotency"
HEADER = "Idempotency-Key"


def ensure_idempotency_indexes(database):
    database[IDEMPOTENCY].create_index([("partner", ASCENDING), ("key", ASCENDING)], unique=True)


def key_from(request):
    key = request.headers.get(HEADER)
    if key is None:
        return None
    try:  # WSGI hands header bytes over as Latin-1; clients send UTF-8
        key = key.encode("latin-1").decode("utf-8")
        problem = None
    except UnicodeError:
        problem = "Must be UTF-8 text."
    # The key is stored and may be logged: the same rules as any text.
    problem = problem or ("Must be 1-200 characters." if not 1 <= len(key) <= 200 else text_error(key))
    if not problem and any(ch in key for ch in "\t\r\n"):
        problem = "Must not hold tabs or line breaks."  # free text may; a key is one token
    if not problem and "," in key:
        # A repeated header arrives joined by commas: two keys are not one.
        problem = "Must be sent once, without commas."
    if problem:
        raise ApiError(422, "validation_failed", f"The {HEADER} header is not accepted; nothing was stored.",
                       {HEADER: [problem]})
    return key


def fingerprint(request, body):
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # A lone surrogate is refused later, with its field named; here it
    # must not crash the hash.
    text = f"{request.method} {request.path}\n{canonical}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def replay(database, partner, key, request_fingerprint):
    """The stored answer for this key, or None if the key is new."""
    if key is None:
        return None
    stored = database[IDEMPOTENCY].find_one({"partner": partner, "key": key})
    if stored is None:
        return None
    if stored["fingerprint"] != request_fingerprint:
        raise ApiError(409, "idempotency_key_reused",
                       f"This {HEADER} was used for a different request.")
    return json_response(stored["status"], stored["body"], {"Idempotent-Replayed": "true"})


def remember(database, session, partner, key, request_fingerprint, status, body):
    if key is None:
        return
    database[IDEMPOTENCY].insert_one(
        {"partner": partner, "key": key, "fingerprint": request_fingerprint,
         "status": status, "body": body, "created_at": utcnow()},
        session=session,
    )


def is_key_conflict(exc):
    return isinstance(exc, DuplicateKeyError) and "key" in (exc.details or {}).get("keyPattern", {})
