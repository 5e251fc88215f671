"""Synthetic events of four partners over two years, in the demo's mix of
outreach, assessment and group work: the benchmarks' data."""
import random
import uuid
from datetime import date, datetime, timedelta, timezone

from services.shared import codelists, definitions

PARTNERS = ["essote", "kainuu", "pieksamaki", "sosteri"]
START = date(2018, 1, 1)
TOPICS = codelists.get("outreach_topics").codes
NATURES = codelists.get("visit_natures").codes
SURVEY_ITEMS = [item["code"] for item in definitions.survey_items()]


def _envelope(rng, event_type, partner, day, payload):
    occurred = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    event_id = str(uuid.UUID(int=rng.getrandbits(128)))
    return {"_id": event_id, "event_id": event_id, "event_type": event_type, "schema_version": 1,
            "partner_id": partner, "occurred_at": occurred, "recorded_at": occurred, "received_at": occurred,
            "payload": payload}


def synthetic_events(count, seed=1):
    """Yields ``count`` events: outreach, assessment rounds and group work."""
    rng = random.Random(seed)
    made = 0
    client_n = 0
    while made < count:
        partner = rng.choice(PARTNERS)
        day = START + timedelta(days=rng.randrange(730))
        kind = rng.random()
        # Draw weights that give the demo's mix: about a third each of
        # outreach, assessment and group work events.
        if kind < 0.81:
            contacted = rng.randint(0, 15)
            yield _envelope(rng, "outreach.visit_recorded", partner, day, {
                "visit_id": str(uuid.UUID(int=rng.getrandbits(128))), "visit_date": day.isoformat(),
                "municipality": "205", "venue": f"Venue {rng.randrange(60)}", "venue_type": "ngo",
                "nature": rng.choice(NATURES), "people_present": contacted + rng.randint(0, 10),
                "people_contacted": contacted, "topics": rng.sample(TOPICS, rng.randint(1, 4)),
                "worker_rating": rng.randint(1, 5), "suitability_rating": rng.randint(1, 5), "observations": "",
                "worker": f"{partner}-sw-{rng.randrange(40)}"})
            made += 1
        elif kind < 0.97:
            client_n += 1
            client = f"{partner}-c{client_n}"
            instrument = rng.choice(["kykyviisari", "avhv", "esy"])
            domains = [d["code"] for d in definitions.instrument(instrument)["domains"]]
            yield _envelope(rng, "assessment.client_registered", partner, day, {
                "client": client, "gender": rng.choice(["female", "male"]), "birth_year": rng.randint(1950, 2000),
                "marital_status": None, "household": "alone", "children_in_household": 0,
                "labour_market_status": "unemployed", "out_of_work_months": rng.randint(1, 120),
                "primary_reason": "health", "primary_reason_other": None, "municipality": "205",
                "needs_assessment_done": True, "registered_on": day.isoformat(), "worker": f"{partner}-sw-1"})
            made += 1
            for round_ in range(1, rng.choice([2, 3, 3]) ):
                yield _envelope(rng, "assessment.measurement_recorded", partner, day, {
                    "measurement_id": str(uuid.uuid4()), "client": client, "instrument": instrument, "round": round_,
                    "measured_on": day.isoformat(), "scores": {d: rng.randint(1, 5) for d in domains},
                    "worker": f"{partner}-sw-2"})
                yield _envelope(rng, "assessment.form_submitted", partner, day, {
                    "form_id": str(uuid.uuid4()), "client": client, "instrument": instrument,
                    "form": min(round_, 2), "submitted_on": day.isoformat(), "answers": {"helped_see_situation": 4},
                    "worker": f"{partner}-sw-2"})
                made += 2
        else:
            group_id = str(uuid.UUID(int=rng.getrandbits(128)))
            yield _envelope(rng, "groups.group_started", partner, day, {
                "group_id": group_id, "name": "Ryhmä", "activity": "wellbeing", "municipality": "205",
                "facilitators": [f"{partner}-gf-{rng.randrange(20)}"], "planned_sessions": 6, "intensity": "weekly",
                "session_minutes": 90, "started_on": day.isoformat()})
            made += 1
            members = [f"{partner}-g{rng.randrange(10 ** 6)}" for _ in range(6)]
            for member in members:
                yield _envelope(rng, "groups.participant_enrolled", partner, day, {
                    "group_id": group_id, "client": member, "gender": "female", "marital_status": None,
                    "labour_market_status": "unemployed", "out_of_work_months": 12, "lives_alone": True,
                    "primary_reason": "health", "primary_reason_other": None, "referred_by": "ngo",
                    "enrolled_on": day.isoformat()})
                for phase in ("start", "end"):
                    yield _envelope(rng, "groups.survey_submitted", partner, day, {
                        "group_id": group_id, "survey_id": str(uuid.uuid4()), "phase": phase, "client": member,
                        "submitted_on": day.isoformat(), "answers": {i: rng.randint(1, 5) for i in SURVEY_ITEMS}})
                made += 3
            for _ in range(6):
                yield _envelope(rng, "groups.session_held", partner, day, {
                    "group_id": group_id, "session_id": str(uuid.uuid4()), "held_on": day.isoformat(),
                    "duration_minutes": 90, "attendees": members, "facilitators": []})
                made += 1
