"""A deterministic outreach data set for the four ISO SOS partners, shaped
like the final report's Taulukko 4 (visits / contacts: Essote 95 / 392,
Kainuun sote 129 / 467, Pieksämäki 49 / 178, Sosteri 131 / 349) and its
text: most visits at partners' premises, home visits reported only from
2019 on, finance-related topics in about half of the visits."""
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from deploy.demo.calls import ApiCall, round_robin
from deploy.demo.partners import PARTNERS

SEED = 2019
START, END = date(2018, 2, 1), date(2019, 11, 29)
HOME_VISITS_FROM = date(2019, 1, 1)


@dataclass(frozen=True)
class PartnerPlan:
    partner: str
    visits: int
    contacts: int
    mistakes: int  # visits recorded twice by mistake and then voided
    venues: list = field(default_factory=list)  # (venue, venue_type, municipality, nature)


P, E, C = "partner_premises", "public_event", "with_client_to_service"

PLANS = [
    PartnerPlan("essote", 95, 392, 2, [
        ("Mikkelin TE-toimisto", "public_service", "491", C),
        ("Kelan Mikkelin palvelupiste", "public_service", "491", C),
        ("Mikkelin seurakunnan diakoniatyö", "parish", "491", P),
        ("Kohtaamispaikka Olohuone, Mikkeli", "low_threshold_meeting_place", "491", P),
        ("Mikkelin kaupunginkirjasto", "library", "491", P),
        ("A-kilta, Mikkeli", "ngo", "491", P),
        ("Mikkelin tori, hyvinvointipäivä", "market_or_public_space", "491", E),
        ("Kangasniemen kohtaamispaikka", "low_threshold_meeting_place", "213", P),
        ("Mäntyharjun työpaja", "workshop", "507", P),
        ("Juvan nuorisotila", "youth_facility", "178", P),
        ("Puumalan kirjasto", "library", "623", P),
    ]),
    PartnerPlan("kainuu", 129, 467, 3, [
        ("Päiväkeskus, Kajaani", "low_threshold_meeting_place", "205", P),
        ("Huilitupa, Kajaani", "low_threshold_meeting_place", "205", P),
        ("Tutun Tupa, Kajaani", "low_threshold_meeting_place", "205", P),
        ("Klubitalo Tönäri, Kajaani", "ngo", "205", P),
        ("Nuorisotalo Nuppa, Kajaani", "youth_facility", "205", P),
        ("Kajaanin markkinakatu", "market_or_public_space", "205", E),
        ("Asunnottomien yö, Kajaani", "market_or_public_space", "205", E),
        ("Kainuun TE-toimisto, Kajaani", "public_service", "205", C),
        ("Suomussalmen Kumppanuustalo", "ngo", "777", P),
        ("Piilolankankaan lähiötupa, Kuhmo", "low_threshold_meeting_place", "290", P),
        ("Hyvän Mielen Kulma, Sotkamo", "ngo", "765", P),
        ("Kiehimä-kierrätysmyymälä, Paltamo", "workshop", "578", P),
        ("Kiehimä-kierrätysmyymälä, Hyrynsalmi", "workshop", "105", P),
        ("Kiehimä-kierrätysmyymälä, Puolanka", "workshop", "620", P),
        ("Ristijärven kirjasto", "library", "697", P),
    ]),
    PartnerPlan("pieksamaki", 49, 178, 1, [
        ("Pieksämäen työpaja", "workshop", "593", P),
        ("Kohtaamispaikka Kammari, Pieksämäki", "low_threshold_meeting_place", "593", P),
        ("Pieksämäen seurakunnan diakoniatyö", "parish", "593", P),
        ("Pieksämäen TE-palvelut", "public_service", "593", C),
        ("Pieksämäen kaupunginkirjasto", "library", "593", P),
        ("Pieksämäen tori, kesätapahtuma", "market_or_public_space", "593", E),
    ]),
    PartnerPlan("sosteri", 131, 349, 2, [
        ("Savonlinnan TE-toimisto", "public_service", "740", C),
        ("Kelan Savonlinnan palvelupiste", "public_service", "740", C),
        ("Kohtaamispaikka Nuotta, Savonlinna", "low_threshold_meeting_place", "740", P),
        ("Savonlinnan seurakunnan diakoniatyö", "parish", "740", P),
        ("Savonlinnan ensikoti ja asumispalvelut", "housing_service", "740", P),
        ("Savonlinnan kauppatori, Hyvinvointitori", "market_or_public_space", "740", E),
        ("Rantasalmen kunnantalo, järjestöilta", "ngo", "681", P),
        ("Sulkavan kirjasto", "library", "768", P),
        ("Enonkosken kylätalo", "ngo", "046", P),
    ]),
]

# How often a topic came up: finance first, then what lies behind it.
TOPIC_WEIGHTS = {
    "finances": 0.26, "income_support": 0.2, "other_benefits": 0.17, "housing": 0.22,
    "work_employment": 0.2, "education": 0.07, "substance_use": 0.13, "mental_wellbeing": 0.17,
    "physical_health": 0.12, "social_relationships": 0.16, "service_guidance": 0.45,
    "other_life_management": 0.14,
}
OBSERVATIONS = [
    "Asiakkaat kysyivät eniten toimeentulotuen hakemisesta sähköisesti.",
    "Kohtaamispaikan kävijöillä on pitkiä välimatkoja palveluihin; kyytiyhteydet puuttuvat.",
    "Vuokra-asuntojen puute näkyy: moni asuu tilapäisesti tuttavien luona.",
    "Velkaneuvontaan on pitkä jono, talousasiat nousivat esiin useassa keskustelussa.",
    "Nuoret aikuiset eivät tunne aikuissosiaalityön palveluja.",
    "Järjestön työntekijät toivovat säännöllistä sosiaalityöntekijän vastaanottoa paikan päällä.",
    "Kelan asiointi koetaan vaikeaksi ilman verkkopankkitunnuksia.",
    "",
    "",
    "",
]
VOID_REASON = "Kirjattu vahingossa kahteen kertaan."


def _dates(rng, count, start, end):
    span = (end - start).days
    return sorted(start + timedelta(days=rng.randrange(span + 1)) for _ in range(count))


def _contacts(rng, natures, total):
    """Integer contacts per visit summing exactly to ``total``: one person
    when going with a client or to a home, the rest shared by size."""
    fixed = [1 if n in (C, "home_visit") else None for n in natures]
    remaining = total - sum(f for f in fixed if f)
    weights = [0 if f else (rng.uniform(6, 14) if n == E else rng.uniform(1, 5))
               for f, n in zip(fixed, natures)]
    scale = remaining / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    for index in sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)[: remaining - sum(counts)]:
        counts[index] += 1
    return [f if f else c for f, c in zip(fixed, counts)]


def _topics(rng):
    chosen = [code for code, weight in TOPIC_WEIGHTS.items() if rng.random() < weight]
    return chosen or [rng.choice(["service_guidance", "finances"])]


def visits_for(plan, rng, partners=PARTNERS, start=START, end=END, home_visits_from=HOME_VISITS_FROM,
               observations=OBSERVATIONS):
    """``plan``'s visits between ``start`` and ``end``; home visits only
    from ``home_visits_from`` on (the ISO SOS partners reported them from
    2019)."""
    workers = round_robin(partners[plan.partner].outreach_pool())
    dates = _dates(rng, plan.visits, start, end)
    rows = []
    for visit_date in dates:
        if visit_date >= home_visits_from and rng.random() < 0.12:
            municipality = rng.choice(plan.venues)[2]
            venue, venue_type, nature = "Asiakkaan koti", "client_home", "home_visit"
        else:
            venue, venue_type, municipality, nature = rng.choice(plan.venues)
        rows.append({"visit_date": visit_date, "venue": venue, "venue_type": venue_type,
                     "municipality": municipality, "nature": nature})
    for row, contacted in zip(rows, _contacts(rng, [r["nature"] for r in rows], plan.contacts)):
        extra = rng.randint(5, 60) if row["nature"] == E else rng.randint(0, 6)
        if row["nature"] in (C, "home_visit"):
            extra = rng.randint(0, 1)
        row.update({
            "people_contacted": contacted,
            "people_present": contacted + extra,
            "topics": _topics(rng),
            "worker_rating": rng.choices([2, 3, 4, 5], weights=[1, 4, 10, 7])[0],
            "suitability_rating": rng.choices([2, 3, 4, 5], weights=[1, 3, 9, 8])[0],
            "observations": rng.choice(observations),
            "worker": next(workers),
        })
        row["visit_date"] = row["visit_date"].isoformat()
    return rows


def outreach_calls(seed=SEED, plans=PLANS, **setting):
    """The outreach calls of every partner, and what the centre should then
    hold per partner: {partner: {"visits", "contacts"}} (voided excluded).
    ``setting`` goes to ``visits_for`` (another project's partners and
    period)."""
    rng = random.Random(seed)
    calls, expected = [], {}
    for plan in plans:
        visits = visits_for(plan, rng, **setting)
        mistakes = sorted(rng.sample(range(len(visits)), plan.mistakes))
        for index, visit in enumerate(visits):
            calls.append(ApiCall(plan.partner, "/outreach/visits", f"demo-{plan.partner}-visit-{index:04d}", visit))
        for index in mistakes:
            duplicate = f"{plan.partner}-duplicate-{index:04d}"
            calls.append(ApiCall(plan.partner, "/outreach/visits", f"demo-{duplicate}", visits[index],
                                 remember=(duplicate, "visit_id")))
            calls.append(ApiCall(plan.partner, f"/outreach/visits/{{{duplicate}}}/void",
                                 f"demo-{plan.partner}-void-{index:04d}", {"reason": VOID_REASON}))
        expected[plan.partner] = {"visits": len(visits), "contacts": sum(v["people_contacted"] for v in visits)}
    return calls, expected
