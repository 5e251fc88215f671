"""A deterministic set of clients, measurements and research forms shaped
like the ISO SOS mittarikokeilut: Kykyviisari 82 clients, AVHV 23 and ESY
15 across the partners, Kainuu exactly as Taulukko 2 (round 1 / form 1 /
round 2 / form 2: Kykyviisari 37 / 14 / 10 / 10, AVHV 6 / 6 / 4 / 3, ESY
7 / 7 / 5 / 5). The clients were on average 35 years old, four in five
unemployed, for three and a half years on average."""
import random
from datetime import date, timedelta

from services.shared import definitions

from deploy.demo.calls import ApiCall, round_robin
from deploy.demo.partners import PARTNERS

SEED = 2018
BASELINES_FROM, BASELINES_TO = date(2018, 8, 20), date(2019, 3, 29)
LAST_DAY = date(2019, 11, 29)

# partner: {instrument: (round 1, form 1, round 2, form 2)}
PLANS = {
    "essote": {"kykyviisari": (20, 12, 9, 8), "avhv": (9, 9, 6, 5), "esy": (4, 4, 3, 3)},
    "kainuu": {"kykyviisari": (37, 14, 10, 10), "avhv": (6, 6, 4, 3), "esy": (7, 7, 5, 5)},
    "pieksamaki": {"kykyviisari": (10, 6, 5, 4), "avhv": (3, 3, 2, 2), "esy": (2, 2, 1, 1)},
    "sosteri": {"kykyviisari": (15, 9, 7, 6), "avhv": (5, 5, 3, 3), "esy": (2, 2, 1, 1)},
}
MUNICIPALITIES = {"essote": ["491", "491", "491", "213", "507", "178"], "kainuu": ["205", "205", "205", "765", "290", "777", "578"],
                  "pieksamaki": ["593"], "sosteri": ["740", "740", "681", "768"]}
REASONS = ["finances", "social_relationships", "health", "life_changes", "housing", "work",
           "everyday_life_leisure", "substance_use", "education"]
REASON_WEIGHTS = [18, 16, 16, 12, 10, 10, 8, 6, 4]


def client_pseudonyms(partner, plans=PLANS):
    """Every measured client of ``partner``, in the order they are made."""
    return [f"{partner}-c{n:03d}" for n in range(1, sum(p[0] for p in plans[partner].values()) + 1)]


def _background(rng, partner, client, worker, registered_on, municipalities):
    unemployed = rng.random() < 0.79
    status = "unemployed" if unemployed else rng.choice(["retired", "sick_leave", "in_education", "employed",
                                                         "outside_labour_force"])
    household = rng.choices(["alone", "with_partner", "with_children", "with_partner_and_children",
                             "shared_with_other"], weights=[45, 18, 14, 13, 10])[0]
    children = rng.randint(1, 3) if "children" in household else 0
    return {
        "client": client,
        "gender": rng.choices(["female", "male"], weights=[56 if partner == "kainuu" else 48, 44])[0],
        "birth_year": max(1950, min(2000, round(rng.gauss(1984, 10)))),
        "marital_status": rng.choices(["single", "cohabiting", "married", "divorced", "widowed"],
                                      weights=[44, 18, 14, 20, 4])[0],
        "household": household,
        "children_in_household": children,
        "labour_market_status": status,
        "out_of_work_months": max(1, round(rng.expovariate(1 / 42))) if unemployed else None,
        "primary_reason": rng.choices(REASONS, weights=REASON_WEIGHTS)[0],
        "municipality": rng.choice(municipalities[partner]),
        "needs_assessment_done": rng.random() < 0.7,
        "registered_on": registered_on.isoformat(),
        "worker": worker,
    }


def _scores(rng, instrument, lift=0.0):
    definition = definitions.instrument(instrument)
    low, high = definition["scale"]["min"], definition["scale"]["max"]
    scores = {}
    for domain in definition["domains"]:
        centre = low + (high - low) * rng.uniform(0.35, 0.65) + lift * (high - low)
        value = min(high, max(low, centre + rng.gauss(0, (high - low) / 10)))
        scores[domain["code"]] = round(value) if instrument == "esy" else round(value, 1)
    return scores


def _answers(rng, form):
    answers = {}
    for question in definitions.research_form(form)["questions"]:
        if rng.random() < 0.1:
            continue  # skipped, as respondents do
        if question["type"] == "scale":
            answers[question["code"]] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 8, 5])[0]
        elif question["type"] == "choice":
            answers[question["code"]] = rng.choice(question["options"])["code"]
        elif question["type"] == "choices":
            answers[question["code"]] = rng.sample(["phone", "office", "whatsapp", "home_visit"], rng.randint(1, 2))
    if not answers:  # a form with every question skipped is not sent
        answers[definitions.research_form(form)["questions"][0]["code"]] = 4
    return answers


def assessment_calls(seed=SEED, plans=PLANS, partners=PARTNERS, municipalities=MUNICIPALITIES,
                     baselines=(BASELINES_FROM, BASELINES_TO), last_day=LAST_DAY, follow_up_days=(70, 200)):
    """The assessment calls, and per partner and instrument the Taulukko 2
    row the centre should then hold. The defaults are ISO SOS's; another
    project passes its own plans, partners, municipalities and dates."""
    rng = random.Random(seed)
    calls, expected = [], {}
    baselines_from, baselines_to = baselines
    span = (baselines_to - baselines_from).days
    for partner, plan in plans.items():
        workers = round_robin(partners[partner].assessment_pool())
        clients = iter(client_pseudonyms(partner, plans))
        for instrument, (round_1, form_1, round_2, form_2) in plan.items():
            expected[(partner, instrument)] = {"round_1": round_1, "form_1": form_1,
                                               "round_2": round_2, "form_2": form_2}
            for index in range(round_1):
                client, worker = next(clients), next(workers)
                baseline = baselines_from + timedelta(days=rng.randrange(span))
                calls.append(ApiCall(partner, "/assessment/clients", f"demo-{client}-client",
                                     _background(rng, partner, client, worker, baseline, municipalities)))
                calls.append(ApiCall(partner, "/assessment/measurements", f"demo-{client}-{instrument}-1", {
                    "client": client, "instrument": instrument, "round": 1, "measured_on": baseline.isoformat(),
                    "scores": _scores(rng, instrument), "worker": worker}))
                if index < form_1:
                    calls.append(ApiCall(partner, "/assessment/forms", f"demo-{client}-{instrument}-form-1", {
                        "client": client, "instrument": instrument, "form": 1, "submitted_on": baseline.isoformat(),
                        "answers": _answers(rng, 1), "worker": worker}))
                if index < round_2:
                    follow_up = min(last_day, baseline + timedelta(days=rng.randint(*follow_up_days)))
                    calls.append(ApiCall(partner, "/assessment/measurements", f"demo-{client}-{instrument}-2", {
                        "client": client, "instrument": instrument, "round": 2, "measured_on": follow_up.isoformat(),
                        "scores": _scores(rng, instrument, lift=0.04), "worker": worker}))
                    if index < form_2:
                        calls.append(ApiCall(partner, "/assessment/forms", f"demo-{client}-{instrument}-form-2", {
                            "client": client, "instrument": instrument, "form": 2,
                            "submitted_on": follow_up.isoformat(), "answers": _answers(rng, 2), "worker": worker}))
    return calls, expected
