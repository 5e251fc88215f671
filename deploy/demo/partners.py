"""The four ISO SOS partners of the demo and their workers (pseudonyms).

The pools are sized so that, across outreach, assessment and group work,
the project reaches 79 distinct workers (Kainuu 30, Essote 20, Pieksämäki
11, Sosteri 18), as the final report's headline does (79 vs target 50)."""
from dataclasses import dataclass

TARGETS = {"clients": 150, "workers": 50}  # ISO SOS


@dataclass(frozen=True)
class Partner:
    partner: str
    name: str
    outreach_workers: range
    assessment_workers: range
    facilitators: int

    def outreach_pool(self):
        return [f"{self.partner}-sw-{n:02d}" for n in self.outreach_workers]

    def assessment_pool(self):
        return [f"{self.partner}-sw-{n:02d}" for n in self.assessment_workers]

    def facilitator_pool(self):
        return [f"{self.partner}-gf-{n:02d}" for n in range(1, self.facilitators + 1)]

    def workers(self):
        return set(self.outreach_pool()) | set(self.assessment_pool()) | set(self.facilitator_pool())


PARTNERS = {
    "essote": Partner("essote", "Essote", range(1, 9), range(6, 14), 7),
    "kainuu": Partner("kainuu", "Kainuun sote", range(1, 15), range(10, 22), 9),
    "pieksamaki": Partner("pieksamaki", "Pieksämäki", range(1, 5), range(3, 8), 4),
    "sosteri": Partner("sosteri", "Sosteri", range(1, 9), range(6, 13), 6),
}
