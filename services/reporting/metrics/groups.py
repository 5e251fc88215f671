"""Group work metrics: groups, distinct participants, sessions and hours,
the participants' composition (Taulukko 3), Elämänhallinta ja osallisuus
item means at start and end with their own n, the paired change (the same
people at start and end, the reverse-scored item turned round), and
feedback means."""
from services.shared import composition, definitions

from services.reporting.metrics.arithmetic import change_entry, mean, sums_and_counts
from services.reporting.readmodels.query import sub


def _reverse_items():
    return {item["code"] for item in definitions.survey_items() if item.get("reverse")}


def _flip():
    scale = definitions.get("life_management_survey")["scale"]
    return scale["min"] + scale["max"]


def _means(pairs, reverse=(), flip=0):
    return {item: {"mean": mean(flip * n - total if item in reverse else total, n), "n": n}
            for item, (total, n) in pairs.items()}


def groups_metrics(counters):
    reverse, flip = _reverse_items(), _flip()
    items = [item["code"] for item in definitions.survey_items()]
    participants = sub(counters, "g.part")
    changes = sums_and_counts(sub(counters, "g.pair"))
    return {
        "groups": counters.get("g.groups", 0), "participants": participants.get("n", 0),
        "sessions": counters.get("g.sessions", 0),
        "group_hours": round(counters.get("g.minutes", 0) / 60, 1),
        "composition": {
            **{flag: participants.get(flag, 0) for flag in composition.FLAGS},
            **{name: {code: n for code, n in sorted(sub(participants, name).items()) if n}
               for name in composition.FIELDS}},
        "survey": {phase: _means(sums_and_counts(sub(counters, f"g.survey.{phase}")), reverse, flip)
                   for phase in ("start", "end")},
        "survey_change": {item: change_entry(*changes[item], -1 if item in reverse else 1)
                          for item in items if item in changes},
        "feedback": _means(sums_and_counts(sub(counters, "g.fb"))),
    }
