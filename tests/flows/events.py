"""Builders of valid events for hand-computed metric tests: each goes
through the centre's real ingest (EventStore.ingest)."""
import uuid
from datetime import date, datetime, time, timezone

from services.shared import definitions
from services.shared.envelope import make_event


def _at(day):
    return datetime.combine(date.fromisoformat(day), time(0), tzinfo=timezone.utc)


def visit(partner, day, contacted=3, present=5, topics=("service_guidance",), nature="partner_premises",
          venue="Tutun Tupa", worker_rating=4, suitability=4, worker="sw-01", municipality="205",
          venue_type="low_threshold_meeting_place", observations=""):
    return make_event("outreach.visit_recorded", partner, _at(day), {
        "visit_id": str(uuid.uuid4()), "visit_date": day, "municipality": municipality, "venue": venue,
        "venue_type": venue_type, "nature": nature, "people_present": present,
        "people_contacted": contacted, "topics": list(topics), "worker_rating": worker_rating,
        "suitability_rating": suitability, "observations": observations, "worker": worker})


def void(recorded):
    return make_event("outreach.visit_voided", recorded["partner_id"], datetime.now(timezone.utc), {
        "visit_id": recorded["payload"]["visit_id"], "voided_event_id": recorded["event_id"], "reason": "virhe"})


def client(partner, pseudonym, registered_on="2018-09-03", birth_year=1984, gender="female",
           status="unemployed", months=36, worker="sw-02"):
    return make_event("assessment.client_registered", partner, _at(registered_on), {
        "client": pseudonym, "gender": gender, "birth_year": birth_year, "marital_status": None,
        "household": "alone", "children_in_household": 0, "labour_market_status": status,
        "out_of_work_months": months if status == "unemployed" else None, "primary_reason": "health",
        "primary_reason_other": None, "municipality": "205", "needs_assessment_done": True,
        "registered_on": registered_on, "worker": worker})


def measurement(partner, pseudonym, round_, day, score, instrument="esy", worker="sw-02", **overrides):
    domains = [d["code"] for d in definitions.instrument(instrument)["domains"]]
    scores = {d: score for d in domains}
    scores.update(overrides)
    return make_event("assessment.measurement_recorded", partner, _at(day), {
        "measurement_id": str(uuid.uuid4()), "client": pseudonym, "instrument": instrument, "round": round_,
        "measured_on": day, "scores": scores, "worker": worker})


def form(partner, pseudonym, number, day, instrument="esy", worker="sw-02"):
    answers = {"helped_see_situation": 4} if number == 1 else {"showed_change": 4}
    return make_event("assessment.form_submitted", partner, _at(day), {
        "form_id": str(uuid.uuid4()), "client": pseudonym, "instrument": instrument, "form": number,
        "submitted_on": day, "answers": answers, "worker": worker})


def group(partner, day="2019-04-02", facilitators=("gf-01",)):
    return make_event("groups.group_started", partner, _at(day), {
        "group_id": str(uuid.uuid4()), "name": "Ryhmä", "activity": "gestalt_therapy", "municipality": "205",
        "facilitators": list(facilitators), "planned_sessions": 4, "intensity": "weekly", "session_minutes": 90,
        "started_on": day})


def enrol(started, pseudonym, gender="female", status="unemployed", months=24, alone=True, reason="health"):
    return make_event("groups.participant_enrolled", started["partner_id"], _at(started["payload"]["started_on"]), {
        "group_id": started["payload"]["group_id"], "client": pseudonym, "gender": gender, "marital_status": None,
        "labour_market_status": status, "out_of_work_months": months if status == "unemployed" else None,
        "lives_alone": alone, "primary_reason": reason, "primary_reason_other": None,
        "referred_by": "adult_social_work", "enrolled_on": started["payload"]["started_on"]})


def session(started, day, minutes, attendees, facilitators=("gf-01",)):
    return make_event("groups.session_held", started["partner_id"], _at(day), {
        "group_id": started["payload"]["group_id"], "session_id": str(uuid.uuid4()), "held_on": day,
        "duration_minutes": minutes, "attendees": list(attendees), "facilitators": list(facilitators)})


def survey(started, pseudonym, phase, day, **answers):
    return make_event("groups.survey_submitted", started["partner_id"], _at(day), {
        "group_id": started["payload"]["group_id"], "survey_id": str(uuid.uuid4()), "phase": phase,
        "client": pseudonym, "submitted_on": day, "answers": answers})


def feedback(started, pseudonym, day, **ratings):
    return make_event("groups.feedback_submitted", started["partner_id"], _at(day), {
        "group_id": started["payload"]["group_id"], "feedback_id": str(uuid.uuid4()), "client": pseudonym,
        "submitted_on": day, "ratings": ratings, "comments": ""})


def feedback_link(partner, day, service_type="office_appointment", municipality="179", worker="sw-07"):
    return make_event("assessment.feedback_link_issued", partner, _at(day), {
        "link_id": str(uuid.uuid4()), "municipality": municipality, "service_type": service_type,
        "encounter_on": day, "language": "fi", "worker": worker, "expires_on": day})


def feedback_answer(partner, day, comment=None, service_type="office_appointment", municipality="179",
                    **answers):
    return make_event("assessment.feedback_given", partner, _at(day), {
        "feedback_id": str(uuid.uuid4()), "municipality": municipality, "service_type": service_type,
        "encounter_on": day, "answered_on": day, "definition_version": 1, "answers": answers,
        "comment": comment})
