"""The one definition of a group's participant composition (Liite 5,
ISO SOS Taulukko 3): which background fields are counted and how one
participant contributes. The groups service describes a group with it and
the centre's read models count the project's participants with it."""

# Background fields counted per code (a participant without a value, such
# as an unstated marital status, is not counted in that field).
FIELDS = ("gender", "marital_status", "labour_market_status", "primary_reason", "referred_by")
# Flags counted as people: living alone, and unemployed for a year or more.
FLAGS = ("lives_alone", "long_term_unemployed")
LONG_TERM_MONTHS = 12


def flags(participant):
    return {
        "lives_alone": int(bool(participant.get("lives_alone"))),
        "long_term_unemployed": int(participant.get("labour_market_status") == "unemployed"
                                    and (participant.get("out_of_work_months") or 0) >= LONG_TERM_MONTHS),
    }


def cells(participant):
    """{(field, code): 1} and {(flag, None): 0/1} of one participant."""
    counted = {(name, participant[name]): 1 for name in FIELDS if participant.get(name)}
    counted.update({(flag, None): value for flag, value in flags(participant).items()})
    return counted


def composition(participants):
    """The table of a list of participants: the count of participants, each
    flag and each field's codes."""
    table = {"participants": 0, **{flag: 0 for flag in FLAGS}, **{name: {} for name in FIELDS}}
    for participant in participants:
        table["participants"] += 1
        for (name, code), value in cells(participant).items():
            if code is None:
                table[name] += value
            else:
                table[name][code] = table[name].get(code, 0) + value
    for name in FIELDS:
        table[name] = dict(sorted(table[name].items()))
    return table
