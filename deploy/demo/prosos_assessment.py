"""A deterministic set of PRO SOS clients measured with Kykyviisari
(Kykyviisarin tuominen sosiaalityöhön, seeds 003): a baseline between
2016-11 and 2019-02 and, for about two in five, a follow-up 3 to 10
months later, by 2019-07-31 at the latest. PRO SOS used no research forms
of its own, so no forms are sent.

The seeds give no PRO SOS measurement figures: the numbers below are
invented (plausible, varied per partner, the same on every run). Koske
and Socom (multi-professional needs assessment) and Verso (social
rehabilitation) measure most."""
from datetime import date

from deploy.demo import assessment_data
from deploy.demo.prosos_partners import PARTNERS

SEED = 2017_2018


def _kykyviisari(round_1, round_2):
    return {"kykyviisari": (round_1, 0, round_2, 0)}


PLANS = {
    "chydenius": _kykyviisari(10, 4),
    "koske": _kykyviisari(26, 12),
    "pikassos": _kykyviisari(14, 5),
    "socom": _kykyviisari(22, 9),
    "sonetbotnia": _kykyviisari(18, 7),
    "verso": _kykyviisari(24, 11),
    "vasso": _kykyviisari(8, 3),
    "socca": _kykyviisari(12, 5),
}
# Where the clients live: the partner's municipalities, the largest most often.
MUNICIPALITIES = {
    "chydenius": ["272"],
    "koske": ["179"],
    "pikassos": ["837", "837", "837", "109", "609", "609"],
    "socom": ["405", "405", "153", "285", "285", "286", "286"],
    "sonetbotnia": ["743", "743", "905"],
    "verso": ["398"],
    "vasso": ["853"],
    "socca": ["091", "091", "091", "049", "092"],
}
BASELINES = (date(2016, 11, 1), date(2019, 2, 28))
LAST_DAY = date(2019, 7, 31)


def client_pseudonyms(partner):
    return assessment_data.client_pseudonyms(partner, PLANS)


def assessment_calls(seed=SEED):
    """The PRO SOS assessment calls, and per partner the Kykyviisari row
    (round 1, forms 1, round 2, forms 2) the centre should then hold."""
    return assessment_data.assessment_calls(seed, PLANS, PARTNERS, MUNICIPALITIES, BASELINES, LAST_DAY,
                                            follow_up_days=(90, 300))
