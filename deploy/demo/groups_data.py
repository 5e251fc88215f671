"""A deterministic set of 16 groups with 88 participants, shaped like the
ISO SOS ryhmäkokeilut: Kainuu's three gestalt therapy groups exactly as
Taulukko 3, its support groups and the Leidit Laiturilla rehabilitation
camp, and the other partners' animal-assisted, cooking, nature, crafts,
photography and wellbeing groups. Some participants are also measured
clients (the same pseudonym), so the project reaches 172 distinct clients."""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from services.shared import definitions

from deploy.demo.assessment_data import client_pseudonyms
from deploy.demo.calls import ApiCall, round_robin
from deploy.demo.partners import PARTNERS

SEED = 2017
ITEMS = [item["code"] for item in definitions.survey_items()]
FEEDBACK_ITEMS = [item["code"] for item in definitions.feedback_items()]


@dataclass(frozen=True)
class GroupPlan:
    slug: str
    name: str
    activity: str
    municipality: str
    started_on: date
    sessions: int
    intensity: str
    session_minutes: int
    participants: list  # explicit backgrounds, or an int for generated ones


def _p(gender, status, months, alone, reason, marital="single", other=None):
    return {"gender": gender, "labour_market_status": status, "out_of_work_months": months, "lives_alone": alone,
            "primary_reason": reason, "marital_status": marital, "primary_reason_other": other}


GESTALT = [
    # Taulukko 3, ryhmä 1: 3 women living alone; 2 long-term unemployed, 1 for 7 months; 1 health, 2 life changes.
    GroupPlan("kainuu-gestalt-1", "Hahmoterapiaryhmä 1", "gestalt_therapy", "205", date(2019, 4, 2), 4, "weekly", 135, [
        _p("female", "unemployed", 30, True, "health"), _p("female", "unemployed", 26, True, "life_changes"),
        _p("female", "unemployed", 7, True, "life_changes")]),
    # Ryhmä 2: 5 women and a man, all living alone; 3 long-term unemployed, 1 in education, 2 retired.
    GroupPlan("kainuu-gestalt-2", "Hahmoterapiaryhmä 2", "gestalt_therapy", "765", date(2019, 4, 3), 11,
              "twice_weekly", 112, [
                  _p("female", "unemployed", 40, True, "everyday_life_leisure"),
                  _p("female", "unemployed", 18, True, "social_relationships"),
                  _p("female", "unemployed", 55, True, "social_relationships"),
                  _p("female", "in_education", None, True, "social_relationships"),
                  _p("female", "retired", None, True, "social_relationships", marital="widowed"),
                  _p("male", "retired", None, True, "substance_use", marital="divorced")]),
    # Ryhmä 3: 6 women, 2 living alone and 4 with a spouse; 4 long-term unemployed, 2 retired.
    GroupPlan("kainuu-gestalt-3", "Hahmoterapiaryhmä 3", "gestalt_therapy", "290", date(2019, 4, 4), 5, "weekly", 135, [
        _p("female", "unemployed", 24, True, "social_relationships"),
        _p("female", "unemployed", 36, True, "social_relationships"),
        _p("female", "unemployed", 60, False, "social_relationships", marital="married"),
        _p("female", "unemployed", 14, False, "everyday_life_leisure", marital="cohabiting"),
        _p("female", "retired", None, False, "substance_use", marital="married"),
        _p("female", "retired", None, False, "other", marital="married", other="Vahvistuminen")]),
]
OTHERS = [
    GroupPlan("kainuu-support-1", "Tukiryhmä, Kajaani", "wellbeing", "205", date(2018, 10, 2), 8, "weekly", 90, 6),
    GroupPlan("kainuu-support-2", "Tukiryhmä, Suomussalmi", "wellbeing", "777", date(2018, 10, 9), 8, "weekly", 90, 5),
    GroupPlan("kainuu-support-3", "Kokkiryhmä, Kajaani", "cooking", "205", date(2019, 1, 15), 6, "weekly", 120, 6),
    GroupPlan("kainuu-support-4", "Luontoryhmä, Sotkamo", "nature", "765", date(2019, 8, 20), 6, "weekly", 150, 5),
    GroupPlan("kainuu-camp", "Leidit Laiturilla", "rehabilitation_camp", "765", date(2019, 6, 10), 4, "camp", 360, 8),
    GroupPlan("essote-animals", "Eläinavusteinen ryhmä", "animal_assisted", "491", date(2018, 9, 12), 8, "weekly", 90, 6),
    GroupPlan("essote-cooking", "Kokkausryhmä", "cooking", "491", date(2019, 2, 6), 6, "weekly", 120, 5),
    GroupPlan("essote-wellbeing", "Hyvinvointiryhmä", "wellbeing", "213", date(2019, 9, 3), 8, "weekly", 90, 7),
    GroupPlan("pieksamaki-nature", "Luontoryhmä", "nature", "593", date(2018, 9, 4), 6, "every_other_week", 180, 6),
    GroupPlan("pieksamaki-crafts", "Kädentaitoryhmä", "crafts", "593", date(2019, 2, 5), 8, "weekly", 120, 5),
    GroupPlan("sosteri-photography", "Valokuvaryhmä", "photography", "740", date(2018, 10, 1), 8, "weekly", 120, 5),
    GroupPlan("sosteri-wellbeing", "Hyvinvointiryhmä", "wellbeing", "740", date(2019, 3, 4), 6, "weekly", 90, 4),
    GroupPlan("sosteri-cooking", "Kokkausryhmä", "cooking", "681", date(2019, 9, 9), 6, "weekly", 120, 5),
]
GROUPS = GESTALT + OTHERS
# How many participants per partner are measured clients too (pseudonyms shared).
ALSO_MEASURED = {"kainuu": 18, "essote": 8, "pieksamaki": 4, "sosteri": 6}
INTERVALS = {"twice_weekly": [3, 4], "weekly": [7], "every_other_week": [14], "monthly": [28], "camp": [1]}


def _generated(rng):
    return _p(rng.choices(["female", "male"], weights=[60, 40])[0],
              rng.choices(["unemployed", "retired", "sick_leave", "in_education", "outside_labour_force"],
                          weights=[65, 10, 10, 8, 7])[0],
              None, rng.random() < 0.55,
              rng.choices(["social_relationships", "health", "everyday_life_leisure", "life_changes", "finances",
                           "substance_use", "work", "housing"], weights=[30, 14, 14, 12, 10, 8, 7, 5])[0],
              marital=rng.choice(["single", "single", "divorced", "cohabiting", "married"]))


def _survey(rng, phase, lift):
    answers = {}
    for code in ITEMS:
        if rng.random() < 0.05:
            continue  # skipped on paper
        if code == "feel_lonely":  # the reverse-scored item improves downwards
            answers[code] = min(5, max(1, round(rng.gauss(3.6 - lift, 0.9))))
        else:
            answers[code] = min(5, max(1, round(rng.gauss(2.9 + lift, 0.9))))
    return answers or {"feel_healthy": 3}


def groups_calls(seed=SEED, groups=GROUPS, partners=PARTNERS, also_measured=ALSO_MEASURED,
                 measured_clients=client_pseudonyms):
    """The group calls, and per partner what the centre should then hold:
    {partner: {"groups", "participants", "sessions"}}. The defaults are ISO
    SOS's; ``measured_clients(partner)`` names the partner's measured
    clients, the first ``also_measured[partner]`` of whom join groups."""
    rng = random.Random(seed)
    calls, expected = [], {}
    backgrounds_of = {plan.slug: plan.participants if isinstance(plan.participants, list) else
                      [_generated(rng) for _ in range(plan.participants)] for plan in groups}
    # Which participant slots of each partner are measured clients too.
    slots = {}
    for plan in groups:
        partner = plan.slug.split("-")[0]
        slots.setdefault(partner, []).extend((plan.slug, i) for i in range(len(backgrounds_of[plan.slug])))
    measured_slots = {slot for partner, partner_slots in slots.items()
                      for slot in rng.sample(partner_slots, also_measured.get(partner, 0))}
    measured = {partner: iter(measured_clients(partner)[: also_measured.get(partner, 0)]) for partner in slots}
    group_only = {partner: (f"{partner}-g{n:03d}" for n in range(1, 1000)) for partner in slots}
    facilitators = {partner: round_robin(partners[partner].facilitator_pool()) for partner in slots}
    for plan in groups:
        partner = plan.slug.split("-")[0]
        backgrounds = backgrounds_of[plan.slug]
        group_facilitators = [next(facilitators[partner]) for _ in range(2 if len(backgrounds) > 5 else 1)]
        co_facilitators = round_robin([f for f in partners[partner].facilitator_pool() if f not in group_facilitators])
        calls.append(ApiCall(partner, "/groups", f"demo-{plan.slug}", {
            "name": plan.name, "activity": plan.activity, "municipality": plan.municipality,
            "facilitators": group_facilitators, "planned_sessions": plan.sessions, "intensity": plan.intensity,
            "session_minutes": plan.session_minutes, "started_on": plan.started_on.isoformat()},
            remember=(plan.slug, "group_id")))
        base = f"/groups/{{{plan.slug}}}"
        clients = []
        for slot, background in enumerate(backgrounds):
            pool = measured if (plan.slug, slot) in measured_slots else group_only
            client = next(pool[partner])
            clients.append(client)
            body = {"client": client, "referred_by": rng.choices(
                ["adult_social_work", "employment_services", "mental_health_substance_services", "ngo", "self"],
                weights=[60, 12, 12, 8, 8])[0], "enrolled_on": plan.started_on.isoformat(),
                **{k: v for k, v in background.items() if v is not None}}
            calls.append(ApiCall(partner, f"{base}/participants", f"demo-{plan.slug}-enrol-{client}", body))
            if rng.random() < 0.9:
                calls.append(ApiCall(partner, f"{base}/surveys", f"demo-{plan.slug}-start-{client}", {
                    "phase": "start", "client": client, "submitted_on": plan.started_on.isoformat(),
                    "answers": _survey(rng, "start", 0.0)}))
        day = plan.started_on
        for number in range(plan.sessions):
            attendees = [c for c in clients if rng.random() < 0.8] or clients[:1]
            calls.append(ApiCall(partner, f"{base}/sessions", f"demo-{plan.slug}-session-{number + 1}", {
                "held_on": day.isoformat(), "duration_minutes": plan.session_minutes, "attendees": attendees,
                # A colleague from the partner's pool joins each session (substitutes, trainees).
                "facilitators": group_facilitators + [next(co_facilitators)]}))
            if number < plan.sessions - 1:
                day += timedelta(days=rng.choice(INTERVALS[plan.intensity]))
        for client in clients:
            if rng.random() < 0.7:
                calls.append(ApiCall(partner, f"{base}/surveys", f"demo-{plan.slug}-end-{client}", {
                    "phase": "end", "client": client, "submitted_on": day.isoformat(),
                    "answers": _survey(rng, "end", 0.35)}))
            if rng.random() < 0.6:
                calls.append(ApiCall(partner, f"{base}/feedback", f"demo-{plan.slug}-feedback-{client}", {
                    "client": client, "submitted_on": day.isoformat(),
                    "ratings": {code: rng.choices([3, 4, 5], weights=[2, 5, 4])[0] for code in FEEDBACK_ITEMS}}))
        calls.append(ApiCall(partner, f"{base}/end", f"demo-{plan.slug}-end", {"ended_on": day.isoformat()}))
        totals = expected.setdefault(partner, {"groups": 0, "participants": set(), "sessions": 0})
        totals["groups"] += 1
        totals["participants"].update(clients)
        totals["sessions"] += plan.sessions
    return calls, {p: {**t, "participants": len(t["participants"])} for p, t in expected.items()}
