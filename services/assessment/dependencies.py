"""Storage of clients, measurements and research forms, and the rules that
need what is stored: a measurement round follows the one before it, a form
goes with its measurement, nothing is recorded twice."""
import uuid
from datetime import date, timedelta

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from services.shared.http import ApiError
from services.shared.records import dated_event_and_record, dump_stored
from services.shared.payloads.assessment import (
    ClientRegisteredPayload, FormSubmittedPayload, MeasurementRecordedPayload,
)
from services.shared.validation import InvalidData
from services.shared.writes import commit, ensure_write_indexes

from services.assessment.feedback import ensure_feedback_indexes
from services.assessment.schemas import ClientDetailSchema, ClientSchema, FormSchema, MeasurementSchema

CLIENTS, MEASUREMENTS, FORMS = "clients", "measurements", "forms"


def ensure_indexes(database):
    database[CLIENTS].create_index([("partner_id", ASCENDING), ("client", ASCENDING)], unique=True)
    database[MEASUREMENTS].create_index(
        [("partner_id", ASCENDING), ("client", ASCENDING), ("instrument", ASCENDING), ("round", ASCENDING)],
        unique=True)
    database[FORMS].create_index(
        [("partner_id", ASCENDING), ("client", ASCENDING), ("instrument", ASCENDING), ("form", ASCENDING)],
        unique=True)
    ensure_feedback_indexes(database)
    ensure_write_indexes(database)


class AssessmentStore:
    def __init__(self, database, outbox):
        self.database = database
        self.outbox = outbox

    def _insert(self, collection, document, answer, event, request, duplicate_error):
        try:
            return commit(self.database, self.outbox, request, 201, answer, [event],
                          lambda session: self.database[collection].insert_one(document, session=session))
        except DuplicateKeyError:
            # A concurrent request recorded the same thing first.
            raise duplicate_error

    def _require_client(self, partner, client):
        if self.database[CLIENTS].find_one({"partner_id": partner, "client": client}) is None:
            raise InvalidData({"client": ["Unknown client of this partner: register it with POST /assessment/clients first."]})

    def register_client(self, data, request):
        partner = request.partner
        duplicate = ApiError(409, "client_exists", f"Client {data['client']} is already registered.")
        if self.database[CLIENTS].find_one({"partner_id": partner, "client": data["client"]}):
            raise duplicate
        payload = ClientRegisteredPayload().dump(data)
        event, document = dated_event_and_record("assessment.client_registered", partner, data["registered_on"],
                                                 payload)
        return self._insert(CLIENTS, document, dump_stored(ClientSchema(), document), event, request, duplicate)

    def record_measurement(self, data, request):
        partner, client, instrument, round_ = request.partner, data["client"], data["instrument"], data["round"]
        # A baseline dated before the registration stays accepted, as it was:
        # whether a project allows that is its researcher's call.
        self._require_client(partner, client)
        key = {"partner_id": partner, "client": client, "instrument": instrument}
        duplicate = InvalidData({"round": [f"Round {round_} of {instrument} is already recorded for this client."]})
        if self.database[MEASUREMENTS].find_one({**key, "round": round_}):
            raise duplicate
        if round_ > 1:
            previous = self.database[MEASUREMENTS].find_one({**key, "round": round_ - 1})
            if previous is None:
                raise InvalidData({"round": [f"Round {round_} needs round {round_ - 1} of {instrument} first."]})
            if data["measured_on"].isoformat() < previous["measured_on"]:
                which = "the baseline" if round_ == 2 else f"round {round_ - 1}"
                raise InvalidData({"measured_on": [f"Must not be before {which} ({previous['measured_on']})."]})
        measurement_id = uuid.uuid4()
        payload = MeasurementRecordedPayload().dump({**data, "measurement_id": measurement_id})
        event, document = dated_event_and_record("assessment.measurement_recorded", partner, data["measured_on"],
                                                 payload)
        document["_id"] = measurement_id
        return self._insert(MEASUREMENTS, document, dump_stored(MeasurementSchema(), document), event, request, duplicate)

    def submit_form(self, data, request):
        partner, client, instrument, form = request.partner, data["client"], data["instrument"], data["form"]
        self._require_client(partner, client)
        key = {"partner_id": partner, "client": client, "instrument": instrument}
        duplicate = InvalidData({"form": [f"Form {form} of {instrument} is already submitted for this client."]})
        if self.database[FORMS].find_one({**key, "form": form}):
            raise duplicate
        needed = {"round": 1} if form == 1 else {"round": {"$gte": 2}}
        measured = self.database[MEASUREMENTS].find_one({**key, **needed}, {"measured_on": 1},
                                                        sort=[("measured_on", 1)])
        if measured is None:
            which = "a baseline (round 1)" if form == 1 else "a follow-up (round 2 or later)"
            raise InvalidData({"form": [f"Form {form} goes with {which} measurement of {instrument}; record it first."]})
        if data["submitted_on"].isoformat() < measured["measured_on"]:
            which = "baseline" if form == 1 else "first follow-up"
            raise InvalidData({"submitted_on": [f"Must not be before the {which} measurement "
                                                f"({measured['measured_on']})."]})
        form_id = uuid.uuid4()
        payload = FormSubmittedPayload().dump({**data, "form_id": form_id})
        event, document = dated_event_and_record("assessment.form_submitted", partner, data["submitted_on"], payload)
        document["_id"] = form_id
        return self._insert(FORMS, document, dump_stored(FormSchema(), document), event, request, duplicate)

    def client_detail(self, partner, client):
        key = {"partner_id": partner, "client": client}
        document = self.database[CLIENTS].find_one(key)
        if document is None:
            return None
        summary = {}
        for row in self.database[MEASUREMENTS].find(key, {"instrument": 1, "round": 1}):
            summary.setdefault(row["instrument"], {"instrument": row["instrument"], "rounds": [], "forms": []})["rounds"].append(row["round"])
        for row in self.database[FORMS].find(key, {"instrument": 1, "form": 1}):
            summary.setdefault(row["instrument"], {"instrument": row["instrument"], "rounds": [], "forms": []})["forms"].append(row["form"])
        for entry in summary.values():
            entry["rounds"].sort()
            entry["forms"].sort()
        return dump_stored(ClientDetailSchema(), {**document, "measurements": sorted(summary.values(), key=lambda e: e["instrument"])})

    def due_followups(self, partner, after_days, as_of):
        """Clients with a baseline at least ``after_days`` old on ``as_of``
        and no later round, per partner, worker (of the baseline) and
        instrument."""
        cutoff = (as_of - timedelta(days=after_days)).isoformat()
        match = {} if partner is None else {"partner_id": partner}
        rows = self.database[MEASUREMENTS].aggregate([
            {"$match": match},
            {"$group": {
                "_id": {"partner": "$partner_id", "client": "$client", "instrument": "$instrument"},
                "last_round": {"$max": "$round"},
                "baseline_on": {"$max": {"$cond": [{"$eq": ["$round", 1]}, "$measured_on", None]}},
                "worker": {"$max": {"$cond": [{"$eq": ["$round", 1]}, "$worker", None]}},
            }},
            {"$match": {"last_round": 1, "baseline_on": {"$lte": cutoff}}},
            {"$sort": {"_id.partner": 1, "worker": 1, "_id.instrument": 1, "baseline_on": 1, "_id.client": 1}},
        ])
        groups = {}
        for row in rows:
            ids = row["_id"]
            baseline = date.fromisoformat(row["baseline_on"])
            group = groups.setdefault((ids["partner"], row["worker"], ids["instrument"]), {
                "partner_id": ids["partner"], "worker": row["worker"], "instrument": ids["instrument"], "clients": []})
            group["clients"].append({"client": ids["client"], "baseline_on": baseline,
                                     "days_since_baseline": (as_of - baseline).days})
        due = list(groups.values())
        return {"as_of": as_of, "after_days": after_days, "total": sum(len(g["clients"]) for g in due), "due": due}
