"""Client feedback links and answers at the partner (PRO SOS asiakaspalaute).

A link's secret is a random token shown once, to the worker who issued it
(as a link and a QR code); only its SHA-256 is stored, so neither the
database nor the idempotency store can hand a working link to anyone. A link
is used up in the same transaction that stores its answer and the answer's
event, so two racing answers cannot both count. The answer keeps no link id:
the partner cannot tell which encounter, let alone which client, it came
from."""
import hashlib
import re
import secrets
import uuid
from datetime import date, timedelta

from pymongo import ASCENDING

from services.shared import definitions
from services.shared.envelope import date_occurred_at, make_event, utcnow
from services.shared.payloads.common import today_in_finland
from services.shared.payloads.feedback import FeedbackGivenPayload, FeedbackLinkIssuedPayload
from services.shared.records import dated_event_and_record

LINKS, ANSWERS, FAILURES = "feedback_links", "feedback_answers", "feedback_failures"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
# Looking up links that do not work (made up, used, expired) is what
# enumerating them would look like; a person mistyping does it a few times.
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 20


class LinkRefused(Exception):
    """``reason`` is ``unknown``, ``used`` or ``expired``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def ensure_feedback_indexes(database):
    database[LINKS].create_index([("token_hash", ASCENDING)], unique=True)
    database[LINKS].create_index([("partner_id", ASCENDING), ("issued_at", ASCENDING)])
    database[FAILURES].create_index("at", expireAfterSeconds=int(FAILURE_WINDOW.total_seconds()))


def token_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_valid_days():
    return definitions.client_feedback()["link_valid_days"]


class FeedbackStore:
    def __init__(self, database, outbox):
        self.database = database
        self.outbox = outbox

    # --- issuing ---------------------------------------------------------------

    def new_link(self, partner, data):
        """A new token and the link document, event and stored answer for it
        (the caller commits them); the token itself goes only to the caller."""
        token = secrets.token_urlsafe(32)
        issued_at = utcnow()
        expires_at = issued_at + timedelta(days=link_valid_days())
        link_id = uuid.uuid4()
        payload = FeedbackLinkIssuedPayload().dump({**data, "link_id": link_id, "expires_on": expires_at.date()})
        event, document = dated_event_and_record("assessment.feedback_link_issued", partner, data["encounter_on"],
                                                 payload)
        document.update({"_id": link_id, "token_hash": token_hash(token), "issued_at": issued_at,
                         "expires_at": expires_at, "used": False})
        return token, document, event

    # --- answering -------------------------------------------------------------

    def open_link(self, token):
        """The link a token opens, or LinkRefused."""
        if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
            raise LinkRefused("unknown")
        link = self.database[LINKS].find_one({"token_hash": token_hash(token)})
        if link is None:
            raise LinkRefused("unknown")
        if link["used"]:
            raise LinkRefused("used")
        if link["expires_at"] <= utcnow():
            raise LinkRefused("expired")
        return link

    def answer(self, token, data):
        """Stores the answer and its event and uses the link up, all in one
        transaction; LinkRefused if the link does not open (any more)."""
        link = self.open_link(token)
        now = utcnow()
        answered_on = today_in_finland()
        feedback_id = uuid.uuid4()
        encounter_on = date.fromisoformat(link["encounter_on"])
        payload = FeedbackGivenPayload().dump({
            "feedback_id": feedback_id, "municipality": link["municipality"], "service_type": link["service_type"],
            "encounter_on": encounter_on, "answered_on": answered_on,
            "definition_version": definitions.client_feedback()["version"],
            "answers": data.get("answers") or {}, "comment": (data.get("comment") or "").strip() or None})
        # The encounter's day, so answers and the links they answer fall in
        # the same periods at the centre (the response rate's two counts).
        event = make_event("assessment.feedback_given", link["partner_id"],
                           date_occurred_at(encounter_on), payload)
        document = {**payload, "_id": feedback_id, "partner_id": link["partner_id"], "event_id": event["event_id"],
                    "recorded_at": now}

        def run(session):
            # Only that it was used, never when: the answer's recorded_at
            # would pair with the time, and the link names its worker.
            used = self.database[LINKS].update_one(
                {"_id": link["_id"], "used": False, "expires_at": {"$gt": now}},
                {"$set": {"used": True}}, session=session)
            if used.modified_count != 1:
                raise LinkRefused("used")  # another answer got there first
            self.database[ANSWERS].insert_one(document, session=session)
            self.outbox.add(self.database, event, session)

        with self.database.client.start_session() as session:
            session.with_transaction(run)
        self.outbox.wake()
        return link

    # --- rate limiting ---------------------------------------------------------

    def too_many_failures(self, address):
        since = utcnow() - FAILURE_WINDOW
        return self.database[FAILURES].count_documents(
            {"address": address, "at": {"$gte": since}}, limit=MAX_FAILURES_PER_ADDRESS) >= MAX_FAILURES_PER_ADDRESS

    def record_failure(self, address):
        self.database[FAILURES].insert_one({"address": address, "at": utcnow()})

