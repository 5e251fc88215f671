"""Outreach metrics: visits, contacts, people present, nature and topics of
the visits, venues, and how the visits felt (ISO SOS Taulukko 4, Kuvio 3-5)."""
from services.shared import codelists

from services.reporting.metrics.arithmetic import mean, ratio
from services.reporting.readmodels.buckets import decode_key
from services.reporting.readmodels.query import sub

TOP_VENUES = 10


def outreach_metrics(counters):
    visits = counters.get("o.visits", 0)
    nature, topics = sub(counters, "o.nature"), sub(counters, "o.topics")
    venues = sorted(((decode_key(key), n) for key, n in sub(counters, "o.venues").items() if n > 0),
                    key=lambda item: (-item[1], item[0]))[:TOP_VENUES]
    return {
        "visits": visits,
        "contacts": counters.get("o.contacts", 0),
        "people_present": counters.get("o.present", 0),
        "nature": {code: nature.get(code, 0) for code in codelists.get("visit_natures").codes},
        "topics": {code: {"visits": topics.get(code, 0), "share": ratio(topics.get(code, 0), visits)}
                   for code in codelists.get("outreach_topics").codes},
        "finance_share": ratio(counters.get("o.finance", 0), visits),
        "top_venues": [{"venue": venue, "visits": n} for venue, n in venues],
        "mean_worker_rating": mean(counters.get("o.rating", 0), visits),
        "suitability_4_or_more_share": ratio(counters.get("o.suitable", 0), visits),
    }
