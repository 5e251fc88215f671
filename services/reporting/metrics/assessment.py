"""Assessment metrics per instrument (ISO SOS Taulukko 2) and the clients'
profile.

The table counts a cohort: the clients whose baseline (round 1) falls in
the period. ``round_2`` is those of them measured again by the period's
end (a follow-up after the end is not counted yet), so retention never
exceeds 100 %. The paired change per domain is each such client's latest
round by the period's end minus their baseline. Forms are counted by the
day they were filled in."""
from services.shared import definitions

from services.reporting.metrics.arithmetic import change_entry, mean, ratio, sums_and_counts
from services.reporting.readmodels.query import sub


def _instrument(counters, code):
    forms = sub(counters, f"a.forms.{code}")
    round_1, round_2 = counters.get(f"a.{code}.r1", 0), counters.get(f"a.{code}.r2", 0)
    retention = ratio(round_2, round_1)
    return {
        "round_1": round_1, "form_1": forms.get("1", 0), "round_2": round_2, "form_2": forms.get("2", 0),
        "change": {domain: change_entry(total, n)
                   for domain, (total, n) in sums_and_counts(sub(counters, f"a.{code}.pair")).items()},
        "retention": retention,
        "attrition": None if retention is None else round(1 - retention, 4),
    }


def client_profile(counters):
    """Mean age at registration, share unemployed, mean months out of work
    and gender shares of the clients registered in the period."""
    registered = counters.get("a.reg.n", 0)
    return {"registered": registered, "mean_age": mean(counters.get("a.reg.age", 0), registered),
            "unemployed_share": ratio(counters.get("a.reg.unemployed", 0), registered),
            "mean_months_out_of_work": mean(counters.get("a.reg.months", 0), counters.get("a.reg.months_n", 0)),
            "gender_shares": {gender: ratio(n, registered)
                              for gender, n in sorted(sub(counters, "a.reg.gender").items()) if n}}


def assessment_metrics(counters):
    return {"instruments": {code: _instrument(counters, code) for code in definitions.instrument_codes()},
            "clients": client_profile(counters)}
