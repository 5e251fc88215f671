"""Client feedback metrics (PRO SOS asiakaspalaute): links issued, answers,
the response rate (answers per link, both counted by the encounter's day),
each item's mean with its own n, comments counted (never their text), and
links and answers per service type (every type, so that regions' tables line
up for disclosure control)."""
from services.shared import codelists, definitions

from services.reporting.metrics.arithmetic import mean, ratio, sums_and_counts
from services.reporting.readmodels.query import sub


def feedback_metrics(counters):
    links, answers = counters.get("f.links", 0), counters.get("f.answers", 0)
    items = sums_and_counts(sub(counters, "f.items"))
    per_type = sub(counters, "f.st")
    return {
        "links": links, "answers": answers, "response_rate": ratio(answers, links),
        "comments": counters.get("f.comments", 0),
        "items": {item["code"]: {"mean": mean(*items.get(item["code"], (0, 0))),
                                 "n": items.get(item["code"], (0, 0))[1]}
                  for item in definitions.client_feedback_items()},
        "service_types": {code: {"links": per_type.get(f"{code}.links", 0),
                                 "answers": per_type.get(f"{code}.answers", 0)}
                          for code in codelists.get("service_types").codes},
    }
