"""The PRO SOS client feedback of the demo (asiakaspalautejärjestelmän
kehittäminen, jatkuva asiakaspalautteen arviointi; seeds 003): workers
issue one-time feedback links after their encounters with clients, and
some of the clients answer through them, without logging in.

The seeds give no PRO SOS feedback figures: everything below is invented
(plausible, the same on every run). Koske, Socom and Verso pilot the
system from spring 2017 and the others join during 2018; each partner has
its own response rate and level of satisfaction, and both rise a little as
the system settles in. Comments are stock sentences without names."""
import random
from datetime import date, timedelta

from services.reporting.projects import load_project

from deploy.demo.calls import ApiCall
from deploy.demo.prosos_partners import PARTNERS

SEED = 2017
END = date(2019, 6, 28)
# partner: (first day, links per month, response rate, mean satisfaction 1-5)
PLANS = {
    "koske": (date(2017, 3, 1), 3, 0.62, 4.1),
    "socom": (date(2017, 4, 3), 2, 0.55, 3.9),
    "verso": (date(2017, 5, 2), 2, 0.70, 4.3),
    "pikassos": (date(2018, 1, 8), 2, 0.50, 3.8),
    "sonetbotnia": (date(2018, 2, 5), 2, 0.58, 4.0),
    "vasso": (date(2018, 3, 5), 2, 0.52, 3.7),
    "socca": (date(2018, 4, 3), 2, 0.60, 4.2),
    "chydenius": (date(2018, 9, 3), 1, 0.45, 3.9),
}
SERVICE_TYPES = ["office_appointment"] * 5 + ["home_visit"] * 2 + ["outreach"] * 2 + ["group", "remote",
                                                                                      "network_meeting"]
ITEMS = ["heard", "helped", "respected", "come_again", "overall"]
COMMENTS = [
    "Sain vihdoin selvyyden siitä, mitä tukea voin hakea.",
    "Tapaaminen oli kiireetön ja minua kuunneltiin.",
    "Toivoisin, että samaan työntekijään saisi yhteyden helpommin.",
    "Odotusaika oli pitkä, mutta apu oli hyvää.",
    "Kotikäynti helpotti paljon, kun en pääse liikkumaan.",
    "Asiat etenivät, kun kaikki olivat samassa palaverissa.",
    "En ymmärtänyt kaikkia papereita, vaikka niitä selitettiin.",
    "Kiitos, tuli tunne että joku välittää.",
]


def _clipped(value):
    return max(1, min(5, round(value)))


def _answer(rng, satisfaction):
    """One client's answer: the items around their own level, some skipped."""
    own = rng.gauss(satisfaction, 0.7)
    answers = {item: _clipped(own + rng.gauss(0, 0.5)) for item in ITEMS if rng.random() > 0.08}
    answers.setdefault("overall", _clipped(own))
    body = {"answers": answers}
    if rng.random() < 0.22:
        body["comment"] = rng.choice(COMMENTS)
    return body


def feedback_calls(seed=SEED):
    """The feedback calls (ApiCall), deterministic for ``seed``: each link
    (a worker's call that remembers the link's url) and, for the answered
    ones, the client's answer posted to that url without a token."""
    rng = random.Random(seed)
    municipalities = {p["id"]: p["municipalities"] for p in load_project("pro-sos")["partners"]}
    calls = []
    for partner, (first, per_month, rate, satisfaction) in PLANS.items():
        workers = PARTNERS[partner].outreach_pool() + PARTNERS[partner].assessment_pool()
        day, n = first, 0
        while day <= END:
            settled = min(1.0, (day - first).days / 540)  # the first year and a half
            for _ in range(max(0, round(rng.gauss(per_month, 1)))):
                n += 1
                encounter = day + timedelta(days=rng.randrange(0, 27))
                municipality = rng.choice(municipalities[partner])
                name = f"prosos-fb-{partner}-{n}"
                calls.append(ApiCall(partner, "/assessment/feedback-links", f"{name}-link", {
                    "municipality": municipality, "service_type": rng.choice(SERVICE_TYPES),
                    "encounter_on": min(encounter, END).isoformat(),
                    # Vaasa and the capital region serve Swedish speakers too.
                    "language": "sv" if municipality in ("905", "049", "091") and rng.random() < 0.3 else "fi",
                    "worker": rng.choice(workers)}, remember=(name, "url")))
                if rng.random() < rate + 0.1 * settled:
                    calls.append(ApiCall(partner, f"{{{name}}}", f"{name}-answer",
                                         _answer(rng, satisfaction + 0.3 * settled), public=True))
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return calls
