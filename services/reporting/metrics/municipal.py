"""Figures of one municipality for a year, for its social report
(sosiaalinen raportti): outreach volumes and topics against the year
before, the observations workers recorded, and group work."""
from datetime import date

from services.shared import codelists

from services.reporting.metrics.arithmetic import ratio
from services.reporting.readmodels.query import read_models_meta, period_counters, sub, summed
from services.reporting.readmodels.projector import OBSERVATION_SHARDS, observation_of, observations_key
from services.reporting.readmodels.store import collection_name, find_in, state_id, state_of


def _outreach(database, partners, municipality, year, meta):
    counters = summed(period_counters(database, partners, date(year, 1, 1), date(year, 12, 31), meta).values())
    mine = sub(counters, f"o.muni.{municipality}")
    topics = sub(mine, "topics")
    return {"visits": mine.get("visits", 0), "contacts": mine.get("contacts", 0),
            "topics": {code: topics.get(code, 0) for code in codelists.get("outreach_topics").codes}}


def observations(database, partners, municipality, year, meta=None):
    """The observations recorded on the municipality's visits of the year
    (voided visits' removed), without dates or venue names."""
    meta = meta or read_models_meta(database)
    ids = [state_id("observations", observations_key(partner, municipality, f"{year}-{month:02d}", shard))
           for partner in partners for month in range(1, 13) for shard in OBSERVATION_SHARDS]
    found = [observation for document in find_in(database[collection_name(meta["generation"], "states")], ids, None)
             for observation in map(observation_of, state_of(document).values())]
    return sorted(({field: observation.get(field) for field in ("text", "topics", "venue_type", "nature")}
                   for observation in found), key=lambda observation: observation["text"])


def _groups_of(database, meta, municipality, year, partners):
    return database[collection_name(meta["generation"], "states")].find(
        {"municipality": municipality, "year": year, "kind": "groups", "partner_id": {"$in": list(partners)}})


def _groups(database, partners, municipality, year, meta):
    found = sorted((state_of(document) for document in _groups_of(database, meta, municipality, year, partners)),
                   key=lambda group: (group.get("started_on") or "", group.get("name") or ""))
    return [{"name": group.get("name"), "activity": group.get("activity"),
             "participants": group["participants"], "sessions": group["sessions"]} for group in found]


def municipal_figures(database, partners, municipality, year):
    meta = read_models_meta(database)
    this, before = (_outreach(database, partners, municipality, y, meta) for y in (year, year - 1))
    topics = [{"topic": code, "visits": this["topics"][code], "share": ratio(this["topics"][code], this["visits"]),
               "previous_visits": before["topics"][code],
               "previous_share": ratio(before["topics"][code], before["visits"]),
               "change": this["topics"][code] - before["topics"][code]} for code in this["topics"]]
    return {
        "municipality": municipality, "year": year,
        "outreach": {"visits": this["visits"], "contacts": this["contacts"],
                     "previous_visits": before["visits"], "previous_contacts": before["contacts"]},
        "topics": topics,
        "observations": observations(database, partners, municipality, year, meta),
        "groups": _groups(database, partners, municipality, year, meta),
    }


def active_municipalities(database, partners, year):
    """The municipalities with outreach or a group started in the year."""
    meta = read_models_meta(database)
    counters = summed(period_counters(database, partners, date(year, 1, 1), date(year, 12, 31), meta).values())
    active = {path.split(".")[2] for path, value in counters.items() if path.startswith("o.muni.") and value}
    active |= set(database[collection_name(meta["generation"], "states")].distinct(
        "municipality", {"kind": "groups", "year": year, "partner_id": {"$in": list(partners)}}))
    return active
