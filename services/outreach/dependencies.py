"""Storage of outreach visits: each write stores the record, its event in
the outbox and the idempotent answer in one MongoDB transaction."""
import uuid
from datetime import datetime, time, timezone

from pymongo import ASCENDING, DESCENDING
from pymongo.errors import DuplicateKeyError

from services.shared import idempotency
from services.shared.envelope import make_event, utcnow
from services.shared.http import ApiError
from services.shared.outbox import ensure_outbox_indexes
from services.shared.payloads import VisitRecordedPayload, VisitVoidedPayload

from services.outreach.schemas import VisitSchema

VISITS = "visits"


def ensure_indexes(database):
    database[VISITS].create_index([("partner_id", ASCENDING), ("visit_date", DESCENDING)])
    database[VISITS].create_index([("event_id", ASCENDING)], unique=True)
    idempotency.ensure_idempotency_indexes(database)
    ensure_outbox_indexes(database)


def occurred_at(visit_date):
    # Date-only facts occur at 00:00 UTC of their date, so the calendar date
    # survives any conversion and period filters agree with visit_date.
    return datetime.combine(visit_date, time(0), tzinfo=timezone.utc)


def to_api(document):
    visit = {key: value for key, value in document.items() if key != "_id"}
    visit["visit_id"] = document["_id"]
    visit["visit_date"] = datetime.fromisoformat(document["visit_date"]).date()
    return VisitSchema().dump(visit)


class VisitStore:
    def __init__(self, database, outbox):
        self.database = database
        self.outbox = outbox

    def _transact(self, write):
        with self.database.client.start_session() as session:
            return session.with_transaction(write)

    def record(self, partner, visit, key=None, request_fingerprint=None):
        """Stores ``visit`` (loaded by VisitCreateSchema) and its event;
        returns the API answer."""
        visit_id = uuid.uuid4()
        payload = VisitRecordedPayload().dump({**visit, "visit_id": visit_id})
        event = make_event("outreach.visit_recorded", partner, occurred_at(visit["visit_date"]), payload)
        document = {
            **{k: v for k, v in payload.items() if k != "visit_id"},
            "_id": visit_id,
            "partner_id": partner,
            "event_id": event["event_id"],
            "recorded_at": utcnow(),
            "voided": False,
            "voided_at": None,
            "void_reason": None,
        }
        answer = to_api(document)

        def write(session):
            self.database[VISITS].insert_one(document, session=session)
            self.outbox.add(self.database, event, session)
            idempotency.remember(self.database, session, partner, key, request_fingerprint, 201, answer)

        self._write_once(write, partner, key, request_fingerprint)
        return 201, answer

    def void(self, partner, visit_id, reason, key=None, request_fingerprint=None):
        visit = self.database[VISITS].find_one({"_id": visit_id, "partner_id": partner})
        if visit is None:
            raise ApiError(404, "not_found", "No such visit of this partner.")
        if visit["voided"]:
            raise ApiError(409, "already_voided", "The visit is already voided.")
        payload = VisitVoidedPayload().dump(
            {"visit_id": visit_id, "voided_event_id": visit["event_id"], "reason": reason}
        )
        event = make_event("outreach.visit_voided", partner, utcnow(), payload)
        now = utcnow()
        answer = to_api({**visit, "voided": True, "voided_at": now, "void_reason": reason})

        def write(session):
            # The filter on voided makes two concurrent voids publish once.
            result = self.database[VISITS].update_one(
                {"_id": visit_id, "voided": False},
                {"$set": {"voided": True, "voided_at": now, "void_reason": reason}},
                session=session,
            )
            if result.modified_count != 1:
                raise ApiError(409, "already_voided", "The visit is already voided.")
            self.outbox.add(self.database, event, session)
            idempotency.remember(self.database, session, partner, key, request_fingerprint, 200, answer)

        self._write_once(write, partner, key, request_fingerprint)
        return 200, answer

    def _write_once(self, write, partner, key, request_fingerprint):
        try:
            self._transact(write)
        except DuplicateKeyError as exc:
            if not idempotency.is_key_conflict(exc):
                raise
            # A concurrent request with the same key committed first.
            raise ReplayInstead(idempotency.replay(self.database, partner, key, request_fingerprint))
        self.outbox.wake()

    def get(self, visit_id, partner=None):
        query = {"_id": visit_id}
        if partner is not None:
            query["partner_id"] = partner
        document = self.database[VISITS].find_one(query)
        return None if document is None else to_api(document)

    def find(self, partner, date_from=None, date_to=None, worker=None, include_voided=True,
             limit=100, offset=0):
        query = {}
        if partner is not None:
            query["partner_id"] = partner
        if date_from or date_to:
            query["visit_date"] = {}
            if date_from:
                query["visit_date"]["$gte"] = date_from.isoformat()
            if date_to:
                query["visit_date"]["$lte"] = date_to.isoformat()
        if worker:
            query["worker"] = worker
        if not include_voided:
            query["voided"] = False
        total = self.database[VISITS].count_documents(query)
        cursor = (
            self.database[VISITS].find(query)
            .sort([("visit_date", DESCENDING), ("recorded_at", DESCENDING)])
            .skip(offset).limit(limit)
        )
        return {"items": [to_api(doc) for doc in cursor], "total": total, "limit": limit, "offset": offset}


class ReplayInstead(Exception):
    def __init__(self, response):
        super().__init__("replay")
        self.response = response
