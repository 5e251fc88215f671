"""Storage of outreach visits: each write stores the record, its event in
the outbox and the idempotent answer in one MongoDB transaction."""
import uuid

from pymongo import ASCENDING, DESCENDING

from services.shared.envelope import make_event, stored_now, utcnow
from services.shared.http import ApiError
from services.shared.records import dated_event_and_record, dump_stored
from services.shared.payloads.outreach import VisitRecordedPayload, VisitVoidedPayload
from services.shared.writes import commit, ensure_write_indexes

from services.outreach.schemas import VisitSchema

VISITS = "visits"


def ensure_indexes(database):
    database[VISITS].create_index([("partner_id", ASCENDING), ("visit_date", DESCENDING)])
    database[VISITS].create_index([("event_id", ASCENDING)], unique=True)
    ensure_write_indexes(database)


def to_api(document):
    return dump_stored(VisitSchema(), document, visit_id=document["_id"])


class VisitStore:
    def __init__(self, database, outbox):
        self.database = database
        self.outbox = outbox

    def record(self, visit, request):
        """Stores ``visit`` (loaded by VisitCreateSchema) and its event;
        returns (status, the API answer)."""
        partner = request.partner
        visit_id = uuid.uuid4()
        payload = VisitRecordedPayload().dump({**visit, "visit_id": visit_id})
        event, document = dated_event_and_record("outreach.visit_recorded", partner, visit["visit_date"], payload)
        del document["visit_id"]
        document.update({"_id": visit_id, "voided": False, "voided_at": None, "void_reason": None})
        return commit(self.database, self.outbox, request, 201, to_api(document), [event],
                      lambda session: self.database[VISITS].insert_one(document, session=session))

    def void(self, visit_id, reason, request):
        partner = request.partner
        visit = self.database[VISITS].find_one({"_id": visit_id, "partner_id": partner})
        if visit is None:
            raise ApiError(404, "not_found", "No such visit of this partner.")
        if visit["voided"]:
            raise ApiError(409, "already_voided", "The visit is already voided.")
        payload = VisitVoidedPayload().dump(
            {"visit_id": visit_id, "voided_event_id": visit["event_id"], "reason": reason}
        )
        event = make_event("outreach.visit_voided", partner, utcnow(), payload)
        now = stored_now()
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

        return commit(self.database, self.outbox, request, 200, answer, [event], write)

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
