"""Storage of groups and what happens in them. Every write to a group bumps
the group document inside its transaction: that checks the group is still
open and makes a concurrent end and write conflict, so nothing slips in
after a group has ended."""
import uuid

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from services.shared.composition import composition
from services.shared.http import ApiError
from services.shared.payloads import groups as payloads
from services.shared.records import dated_event_and_record, dump_stored
from services.shared.validation import InvalidData
from services.shared.writes import commit, ensure_write_indexes

from services.groups.schemas import FeedbackSchema, GroupSchema, ParticipantSchema, SessionSchema, SurveySchema

GROUPS, PARTICIPANTS, SESSIONS, SURVEYS, FEEDBACK = "groups", "participants", "sessions", "surveys", "feedback"
# kind: (payload schema, API answer schema, collection, id field)
RECORD_KINDS = {
    "session_held": (payloads.SessionHeldPayload, SessionSchema, SESSIONS, "session_id"),
    "survey_submitted": (payloads.SurveySubmittedPayload, SurveySchema, SURVEYS, "survey_id"),
    "feedback_submitted": (payloads.FeedbackSubmittedPayload, FeedbackSchema, FEEDBACK, "feedback_id"),
}


def ensure_indexes(database):
    database[GROUPS].create_index([("partner_id", ASCENDING), ("started_on", ASCENDING)])
    database[PARTICIPANTS].create_index([("group_id", ASCENDING), ("client", ASCENDING)], unique=True)
    for collection in (SESSIONS, SURVEYS, FEEDBACK):
        database[collection].create_index([("group_id", ASCENDING)])
    ensure_write_indexes(database)


class GroupStore:
    def __init__(self, database, outbox):
        self.database = database
        self.outbox = outbox

    # --- reads -------------------------------------------------------------

    def _find_group(self, partner, group_id):
        query = {"_id": group_id} if partner is None else {"_id": group_id, "partner_id": partner}
        group = self.database[GROUPS].find_one(query)
        if group is None:
            raise ApiError(404, "not_found", "No such group of this partner.")
        return group

    def _open_group(self, partner, group_id):
        group = self._find_group(partner, group_id)
        if group["ended"]:
            raise ApiError(409, "group_ended", f"The group ended on {group['ended_on']}; nothing more can be added.")
        return group

    def _enrolled(self, group_id):
        """{client: the day they were enrolled} of the group."""
        return {row["client"]: row["enrolled_on"] for row in
                self.database[PARTICIPANTS].find({"group_id": str(group_id)}, {"client": 1, "enrolled_on": 1})}

    def describe(self, group):
        # Records of a group carry its id as in their event payloads: a string.
        sessions = list(self.database[SESSIONS].find({"group_id": str(group["_id"])}, {"duration_minutes": 1}))
        participants = list(self.database[PARTICIPANTS].find({"group_id": str(group["_id"])}))
        return dump_stored(GroupSchema(), group, group_id=group["_id"], sessions_held=len(sessions),
                           group_hours=round(sum(s["duration_minutes"] for s in sessions) / 60, 2),
                           composition=composition(participants))

    def get(self, partner, group_id):
        return self.describe(self._find_group(partner, group_id))

    def participants(self, partner, group_id):
        group = self._find_group(partner, group_id)
        rows = self.database[PARTICIPANTS].find({"group_id": str(group["_id"])}).sort([("client", ASCENDING)])
        return {"items": [dump_stored(ParticipantSchema(), row) for row in rows]}

    def list(self, partner):
        query = {} if partner is None else {"partner_id": partner}
        return {"items": [self.describe(group) for group in
                          self.database[GROUPS].find(query).sort([("started_on", ASCENDING), ("name", ASCENDING)])]}

    # --- writes ------------------------------------------------------------

    def _write_to_group(self, request, group_id, status, answer, event, write, check=None):
        """Every write to a group moves its revision on first, in its
        transaction: concurrent writes to one group conflict and run again,
        one after another, so a ``check(session)`` made after that (the
        client's survey not yet there, no session after the end) holds for
        the write however many requests race."""
        def run(session):
            touched = self.database[GROUPS].update_one(
                {"_id": group_id, "partner_id": request.partner, "ended": False},
                {"$inc": {"revision": 1}}, session=session)
            if touched.matched_count != 1:
                raise ApiError(409, "group_ended", "The group has ended; nothing more can be added.")
            if check is not None:
                check(session)
            write(session)

        return commit(self.database, self.outbox, request, status, answer, [event], run)

    def start(self, data, request):
        group_id = uuid.uuid4()
        payload = payloads.GroupStartedPayload().dump({**data, "group_id": group_id})
        event, document = dated_event_and_record("groups.group_started", request.partner, data["started_on"], payload)
        document.update({"_id": group_id, "ended": False, "ended_on": None, "revision": 0})
        answer = dump_stored(GroupSchema(), document, group_id=group_id, sessions_held=0, group_hours=0.0,
                             composition=composition([]))
        return commit(self.database, self.outbox, request, 201, answer, [event],
                      lambda session: self.database[GROUPS].insert_one(document, session=session))

    def _add_record(self, group_id, data, request, kind, day, check=None):
        """Stores a session, survey or feedback of the group with its event."""
        payload_schema, answer_schema, collection, id_field = RECORD_KINDS[kind]
        record_id = uuid.uuid4()
        payload = payload_schema().dump({**data, "group_id": group_id, id_field: record_id})
        event, document = dated_event_and_record(f"groups.{kind}", request.partner, day, payload)
        document["_id"] = record_id
        return self._write_to_group(request, group_id, 201, dump_stored(answer_schema(), document), event,
                                    lambda session: self.database[collection].insert_one(document, session=session),
                                    check)

    def _not_before_start(self, group, day, field):
        if day.isoformat() < group["started_on"]:
            raise InvalidData({field: [f"Must not be before the group started ({group['started_on']})."]})

    def enroll(self, group_id, data, request):
        group = self._open_group(request.partner, group_id)
        self._not_before_start(group, data["enrolled_on"], "enrolled_on")
        duplicate = InvalidData({"client": ["Already enrolled in this group."]})
        if data["client"] in self._enrolled(group_id):
            raise duplicate
        payload = payloads.ParticipantEnrolledPayload().dump({**data, "group_id": group_id})
        event, document = dated_event_and_record("groups.participant_enrolled", request.partner, data["enrolled_on"], payload)
        answer = dump_stored(ParticipantSchema(), document)
        try:
            return self._write_to_group(request, group_id, 201, answer, event,
                                        lambda session: self.database[PARTICIPANTS].insert_one(document, session=session))
        except DuplicateKeyError:
            raise duplicate

    def hold_session(self, group_id, data, request):
        group = self._open_group(request.partner, group_id)
        self._not_before_start(group, data["held_on"], "held_on")
        enrolled = self._enrolled(group_id)
        held_on = data["held_on"].isoformat()
        strangers = {str(i): ["Not enrolled in this group."] if client not in enrolled else
                     [f"Enrolled only on {enrolled[client]}, after this session."]
                     for i, client in enumerate(data["attendees"])
                     if client not in enrolled or enrolled[client] > held_on}
        if strangers:
            raise InvalidData({"attendees": strangers})
        return self._add_record(group_id, data, request, "session_held", data["held_on"])

    def _once_per_client(self, group_id, client, submitted_on, collection, duplicate_query, duplicate_message):
        """Checks the client is enrolled, and returns the check, made in the
        write's transaction, that they have no such record yet."""
        if client is None:
            return None  # anonymous, as on paper: no pair, no limit
        enrolled = self._enrolled(group_id)
        if client not in enrolled:
            raise InvalidData({"client": ["Not enrolled in this group."]})
        if enrolled[client] > submitted_on:
            raise InvalidData({"submitted_on": [f"Must not be before the client's enrolment ({enrolled[client]})."]})

        def check(session):
            if self.database[collection].find_one({"group_id": str(group_id), "client": client, **duplicate_query},
                                                  {"_id": 1}, session=session):
                raise InvalidData(duplicate_message)
        return check

    def submit_survey(self, group_id, data, request):
        group = self._open_group(request.partner, group_id)
        self._not_before_start(group, data["submitted_on"], "submitted_on")
        day = data["submitted_on"].isoformat()
        once = self._once_per_client(group_id, data["client"], day, SURVEYS, {"phase": data["phase"]},
                                     {"phase": [f"This client's {data['phase']} survey is already submitted."]})

        def check(session):
            if once is None:
                return
            once(session)
            # The start survey comes on or before the end one: their pair is the change.
            starts = data["phase"] == "start"
            other_phase = "end" if starts else "start"
            other = self.database[SURVEYS].find_one({"group_id": str(group_id), "client": data["client"],
                                                     "phase": other_phase}, {"submitted_on": 1}, session=session)
            if other is None:
                return
            start, end = (day, other["submitted_on"]) if starts else (other["submitted_on"], day)
            if start > end:
                raise InvalidData({"submitted_on": [f"Must not be {'after' if starts else 'before'} the client's "
                                                    f"{other_phase} survey ({other['submitted_on']})."]})
        return self._add_record(group_id, data, request, "survey_submitted", data["submitted_on"], check)

    def submit_feedback(self, group_id, data, request):
        group = self._open_group(request.partner, group_id)
        self._not_before_start(group, data["submitted_on"], "submitted_on")
        check = self._once_per_client(group_id, data["client"], data["submitted_on"].isoformat(), FEEDBACK, {},
                                      {"client": ["This client's feedback is already submitted."]})
        return self._add_record(group_id, data, request, "feedback_submitted", data["submitted_on"], check)

    def end(self, group_id, data, request):
        group = self._open_group(request.partner, group_id)
        self._not_before_start(group, data["ended_on"], "ended_on")
        sessions = self.database[SESSIONS].count_documents({"group_id": str(group_id)})
        participants = len(self._enrolled(group_id))
        payload = payloads.GroupEndedPayload().dump({**data, "group_id": group_id, "sessions_held": sessions,
                                                     "participants": participants})
        event, _ = dated_event_and_record("groups.group_ended", request.partner, data["ended_on"], payload)
        ended = {**group, "ended": True, "ended_on": payload["ended_on"]}
        answer = self.describe(ended)

        def check(session):
            # In the transaction: a session recorded meanwhile would otherwise
            # be held after the end (and counted in no summary).
            self._no_session_after(group_id, data["ended_on"], session)
            if self.database[SESSIONS].count_documents({"group_id": str(group_id)}, session=session) != sessions or \
                    self.database[PARTICIPANTS].count_documents({"group_id": str(group_id)}, session=session) \
                    != participants:
                raise ApiError(409, "group_changed", "The group changed while it was being ended; try again.")

        def write(session):
            self.database[GROUPS].update_one({"_id": group_id}, {"$set": {"ended": True, "ended_on": payload["ended_on"],
                                                                          "summary": data["summary"]}}, session=session)

        return self._write_to_group(request, group_id, 200, answer, event, write, check)

    def _no_session_after(self, group_id, ended_on, session=None):
        last = self.database[SESSIONS].find_one({"group_id": str(group_id)}, {"held_on": 1}, sort=[("held_on", -1)],
                                                session=session)
        if last and ended_on.isoformat() < last["held_on"]:
            raise InvalidData({"ended_on": [f"Must not be before the last session ({last['held_on']})."]})
