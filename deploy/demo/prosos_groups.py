"""A deterministic set of nine PRO SOS groups (toiminnallisten
lähestymistapojen ja ryhmätoimintojen hyödyntäminen, seeds 003): Socca's
game-story groups (Pelitarina), Verso's social rehabilitation and
experience-expert groups, and the others' everyday-skills, nature,
cooking, crafts and photography groups; Chydenius ran none. Each has its
enrolments, sessions, start and end surveys and feedback as the ISO SOS
groups do, and some participants are measured clients too.

The seeds give no PRO SOS group figures: the groups below are invented
(plausible, the same on every run)."""
from datetime import date

from deploy.demo import groups_data
from deploy.demo.groups_data import GroupPlan
from deploy.demo.prosos_assessment import client_pseudonyms
from deploy.demo.prosos_partners import PARTNERS

SEED = 2019_2016

GROUPS = [
    GroupPlan("koske-everyday", "Arjen taidot -ryhmä", "wellbeing", "179", date(2017, 9, 5), 8, "weekly", 90, 7),
    GroupPlan("pikassos-nature", "Luontoryhmä, Pori", "nature", "609", date(2018, 5, 8), 6, "every_other_week", 150, 6),
    GroupPlan("socom-cooking", "Kokkiryhmä, Kouvola", "cooking", "286", date(2018, 2, 6), 6, "weekly", 120, 6),
    GroupPlan("sonetbotnia-crafts", "Kädentaitoryhmä, Seinäjoki", "crafts", "743", date(2017, 10, 3), 8, "weekly",
              120, 7),
    GroupPlan("verso-rehabilitation", "Sosiaalisen kuntoutuksen ryhmä", "wellbeing", "398", date(2017, 3, 7), 10,
              "weekly", 120, 8),
    GroupPlan("verso-peers", "Kokemusohjaajien vertaisryhmä", "other", "398", date(2018, 9, 4), 6, "every_other_week",
              90, 5),
    GroupPlan("vasso-photography", "Valokuvaryhmä, Turku", "photography", "853", date(2018, 3, 12), 6, "weekly", 120,
              5),
    GroupPlan("socca-gamestory-1", "Pelitarinaryhmä, Helsinki", "other", "091", date(2018, 1, 16), 8, "weekly", 120, 6),
    GroupPlan("socca-gamestory-2", "Pelitarinaryhmä, Vantaa", "other", "092", date(2018, 10, 2), 6, "weekly", 120, 6),
]
# How many participants per partner are measured clients too (pseudonyms shared).
ALSO_MEASURED = {"koske": 3, "pikassos": 2, "socom": 2, "sonetbotnia": 3, "verso": 6, "vasso": 1, "socca": 3}


def groups_calls(seed=SEED):
    """The PRO SOS group calls, and per partner the groups, distinct
    participants and sessions the centre should then hold."""
    return groups_data.groups_calls(seed, GROUPS, PARTNERS, ALSO_MEASURED, client_pseudonyms)
