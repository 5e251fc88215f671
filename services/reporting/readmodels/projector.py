"""How each event changes the read models.

The projector turns events into additions to bucket documents (see
``buckets``) and into changes of the few entity states that a later event
may need: which visits are voided, each client's measurement rounds, each
participant's enrolments, each survey subject's start and end answers,
each person's active days, each group's summary and the observations a
social report quotes. An entity's contribution to the buckets is a pure
function of its state, and an event only ever changes a state, so the
result does not depend on the order events arrive in (a void before its
visit, a follow-up before its baseline) and replaying an event that was
already applied is stopped before it reaches the projector (the event
store is keyed by event_id).

The projector works on a ``states`` object (``get``/``put``/``delete`` per
kind and id, and ``visit_event`` for a void's target): the ingest backs it
with the database for one batch, a rebuild with memory for the whole log."""
from bisect import bisect_left, insort

import bson

from services.shared import codelists, composition

from services.reporting.readmodels.buckets import (NONE, add, all_time_id, all_time_key, day_id, encode_key, month_id,
                                                   month_key)

# Bumped whenever what the projector stores changes meaning.
# 4: buckets and states stored packed; 5: observations per municipality and month; 6: pages of states;
# 7: all-time buckets stored resolved; 8: each observation of a shard packed on its own;
# 9: month buckets settled for the whole month; 10: voids kept per voiding partner, and counted
PROJECTION_VERSION = 10

PERSON_FIELDS = {  # where each event type names clients (c) and workers (w)
    "outreach.visit_recorded": {"w": "worker"},
    "assessment.client_registered": {"c": "client", "w": "worker"},
    "assessment.measurement_recorded": {"c": "client", "w": "worker"},
    "assessment.form_submitted": {"c": "client", "w": "worker"},
    "groups.participant_enrolled": {"c": "client"},
    "groups.group_started": {"w": "facilitators"},
    "groups.session_held": {"w": "facilitators"},
    "assessment.feedback_link_issued": {"w": "worker"},
}
REACH_KIND = {"c": "clients", "w": "workers"}


def definitions_fingerprint():
    """What the stored read models depend on besides the code: a changed
    definition here means they must be rebuilt."""
    return {"projection": PROJECTION_VERSION,
            "finance_topics": sorted(codelists.get("outreach_topics").codes_where("finance_related")),
            "private_venue_types": sorted(codelists.get("venue_types").codes_where("private")),
            "composition": [list(composition.FIELDS), list(composition.FLAGS), composition.LONG_TERM_MONTHS]}


def event_day(event):
    occurred = event["occurred_at"]
    return occurred[:10] if isinstance(occurred, str) else occurred.date().isoformat()


OBSERVATION_SHARDS = "0123456789abcdef"  # the first hex digit of the visit's event_id


def observations_key(partner, municipality, day, event_id):
    """The state holding some of a partner's observations in a municipality
    for the month of ``day``: the social report reads a year of them by id
    (12 months × 16 shards by the visit's event_id), so no state needs an
    index by municipality (an index entry costs SecantusDB more than the
    write). A visit's batch reads and writes its shard whole; each
    observation in it is packed on its own (``{event_id: BSON}``), so a
    busy month's shard is decoded and encoded as a list of blobs, not as
    thousands of nested fields. (256 shards were slower: a batch then
    writes a document per visit, and a document costs more than bytes.)"""
    return f"{partner}|{municipality}|{day[:7]}|{event_id[0]}"


def void_key(partner, visit_event_id):
    """A void is the voiding partner's: a void naming another partner's
    visit (which only that partner may void) neither removes it nor stops
    that partner's own void of it, whichever arrives first."""
    return f"{partner}|{visit_event_id}"


def observation_of(packed):
    """An observation as a shard keeps it."""
    return bson.decode(packed)


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sums_and_counts(prefix, answers):
    """{prefix.item.s: sum, prefix.item.n: 1} of each item answered with a number."""
    counts = {}
    for item, value in answers.items():
        if _number(value):
            counts[f"{prefix}.{item}.s"] = value
            counts[f"{prefix}.{item}.n"] = 1
    return counts


class Projector:
    def __init__(self, states):
        self.states = states
        self.days = {}  # (partner, day) → {path: amount}; months and all time are summed from these
        self.totals = {}  # partner → {path: amount} kept over all time only
        self.last_received = {}  # partner → newest received_at
        self._event_paths = {}  # event type → its all-time counter's path
        self.finance = set(codelists.get("outreach_topics").codes_where("finance_related"))
        self.private_venues = set(codelists.get("venue_types").codes_where("private"))
        self.unemployed = set(codelists.get("labour_market_statuses").codes_where("unemployed"))
        self.handlers = {
            "outreach.visit_recorded": self._visit, "outreach.visit_voided": self._void,
            "assessment.client_registered": self._registered, "assessment.measurement_recorded": self._measured,
            "assessment.form_submitted": self._form, "groups.group_started": self._group_started,
            "groups.participant_enrolled": self._enrolled, "groups.session_held": self._session,
            "groups.survey_submitted": self._survey, "groups.feedback_submitted": self._feedback,
            "assessment.feedback_link_issued": self._feedback_link,
            "assessment.feedback_given": self._client_feedback,
        }

    # --- the buckets ---------------------------------------------------------

    def add(self, partner, day, path, amount):
        if amount:
            counters = self.days.get((partner, day))
            if counters is None:
                counters = self.days[(partner, day)] = {}
            counters[path] = counters.get(path, 0) + amount

    def add_counts(self, partner, day, counts, sign=1):
        """``add`` of every {path: amount} of ``counts`` (the hot path: one
        lookup of the day's counters for all of an event's paths)."""
        counters = self.days.get((partner, day))
        if counters is None:
            counters = self.days[(partner, day)] = {}
        for path, amount in counts.items():
            if amount:
                counters[path] = counters.get(path, 0) + sign * amount

    def add_total(self, partner, path):
        """One more of ``path`` in the partner's all-time bucket only."""
        add(self.totals.setdefault(partner, {}), path, 1)

    def bucket_deltas(self):
        """{bucket _id: {path: amount}}: each day's additions, and the same
        summed into its month's bucket (settled for the month, see
        ``month_key``) and its partner's all-time bucket (resolved)."""
        deltas = {}
        for (partner, day), counters in self.days.items():
            target = deltas.setdefault(day_id(partner, day), {})
            for path, amount in counters.items():
                add(target, path, amount)
            target, month = deltas.setdefault(month_id(partner, day), {}), day[:7]
            for path, amount in counters.items():
                key = month_key(path, month)
                if key is not None:
                    add(target, key, amount)
            target = deltas.setdefault(all_time_id(partner), {})
            for path, amount in counters.items():
                key = all_time_key(path)
                if key is not None:
                    add(target, key, amount)
        for partner, counters in self.totals.items():
            target = deltas.setdefault(all_time_id(partner), {})
            for path, amount in counters.items():
                add(target, path, amount)
        return deltas

    def _replace(self, partner, before, after):
        """Moves an entity's contribution from its old state to its new."""
        for key in set(before) | set(after):
            self.add(partner, key[0], key[1], after.get(key, 0) - before.get(key, 0))

    # --- events --------------------------------------------------------------

    def apply(self, event):
        handler = self.handlers.get(event["event_type"])
        partner, day, payload = event["partner_id"], event_day(event), event["payload"]
        self.add_total(partner, self._event_path(event["event_type"]))
        received = event.get("received_at")
        if received and (partner not in self.last_received or received > self.last_received[partner]):
            self.last_received[partner] = received
        if event["event_type"] == "outreach.visit_recorded" and self.states.get("voids", void_key(partner,
                                                                                             event["_id"])):
            self.add_total(partner, "v.voided")
            return  # voided by its partner before it arrived: it reached nobody
        if handler:
            handler(event, partner, day, payload)
        for kind, field in PERSON_FIELDS.get(event["event_type"], {}).items():
            self.person_days(kind, partner, payload.get(field), day, +1)

    def _event_path(self, event_type):
        path = self._event_paths.get(event_type)
        if path is None:
            path = self._event_paths[event_type] = f"e.{encode_key(event_type)}"
        return path

    def _visit_counts(self, payload):
        topics = payload["topics"]
        municipality = f"o.muni.{payload['municipality']}"
        counted = {"o.visits": 1, "o.contacts": payload["people_contacted"],
                   "o.present": payload["people_present"], "o.rating": payload["worker_rating"],
                   "o.suitable": int(payload["suitability_rating"] >= 4),
                   "o.finance": int(bool(self.finance.intersection(topics))),
                   f"o.nature.{payload['nature']}": 1,
                   f"{municipality}.visits": 1, f"{municipality}.contacts": payload["people_contacted"]}
        if payload["nature"] != "home_visit" and payload.get("venue_type") not in self.private_venues:
            # A venue's name is published (top venues); a client's home never.
            counted[f"o.venues.{encode_key(payload['venue'])}"] = 1
        for topic in topics:
            counted[f"o.topics.{topic}"] = 1
            counted[f"{municipality}.topics.{topic}"] = 1
        return counted

    def _visit(self, event, partner, day, payload):
        self.add_counts(partner, day, self._visit_counts(payload))
        if payload.get("observations", "").strip():
            key = observations_key(partner, payload["municipality"], day, event["_id"])
            month = self.states.get("observations", key) or {}
            month[event["_id"]] = bson.encode({"venue_type": payload.get("venue_type"), "nature": payload.get("nature"),
                                               "topics": payload["topics"], "text": payload["observations"]})
            self.states.put("observations", key, month)

    def _void(self, event, partner, day, payload):
        target = payload["voided_event_id"]
        if self.states.get("voids", void_key(partner, target)):
            return  # voided twice: the first one counts
        self.states.put("voids", void_key(partner, target), {"partner_id": partner, "visit_id": payload["visit_id"]})
        visit = self.states.visit_event(target)
        if visit is None or visit["partner_id"] != partner:
            return  # the visit arrives later and is then skipped (or is another partner's: it stays)
        self.add_total(partner, "v.voided")  # visits voided, counted once each
        visit_day = event_day(visit)
        self.add_counts(partner, visit_day, self._visit_counts(visit["payload"]), sign=-1)
        self.person_days("w", partner, visit["payload"]["worker"], visit_day, -1)
        key = observations_key(partner, visit["payload"]["municipality"], visit_day, target)
        month = self.states.get("observations", key)
        if month and month.pop(target, None) is not None:
            if month:
                self.states.put("observations", key, month)
            else:
                self.states.delete("observations", key)

    def _registered(self, event, partner, day, payload):
        age = int(payload["registered_on"][:4]) - payload["birth_year"]
        months = payload.get("out_of_work_months")
        self.add_counts(partner, day, {"a.reg.n": 1, "a.reg.age": age,
                                       "a.reg.unemployed": int(payload["labour_market_status"] in self.unemployed),
                                       "a.reg.months": months or 0, "a.reg.months_n": int(months is not None),
                                       f"a.reg.gender.{payload['gender']}": 1})

    def _form(self, event, partner, day, payload):
        self.add(partner, day, f"a.forms.{payload['instrument']}.{payload['form']}", 1)

    def _measured(self, event, partner, day, payload):
        key = f"{partner}|{payload['instrument']}|{payload['client']}"
        state = self.states.get("clients", key) or {"partner_id": partner, "instrument": payload["instrument"],
                                                     "client": payload["client"], "rounds": {}}
        before = cohort_contribution(state)
        state["rounds"][str(payload["round"])] = {"on": day, "scores": payload["scores"]}
        self._replace(partner, before, cohort_contribution(state))
        self.states.put("clients", key, state)

    def _group(self, partner, group_id):
        key = f"{partner}|{group_id}"
        return key, self.states.get("groups", key) or {"partner_id": partner, "group_id": group_id,
                                                       "participants": 0, "sessions": 0}

    def _group_started(self, event, partner, day, payload):
        self.add(partner, day, "g.groups", 1)
        key, group = self._group(partner, payload["group_id"])
        group.update({field: payload.get(field) for field in ("name", "activity", "municipality")},
                     started_on=day, year=int(day[:4]))
        self.states.put("groups", key, group)

    def _enrolled(self, event, partner, day, payload):
        key = f"{partner}|{payload['client']}"
        state = self.states.get("participants", key) or {"partner_id": partner, "enrolments": {}}
        before = participant_contribution(state)
        state["enrolments"][payload["group_id"]] = {"on": day, **{
            field: payload.get(field) for field in (*composition.FIELDS, "lives_alone", "out_of_work_months")}}
        self._replace(partner, before, participant_contribution(state))
        self.states.put("participants", key, state)
        group_key, group = self._group(partner, payload["group_id"])
        group["participants"] += 1
        self.states.put("groups", group_key, group)

    def _session(self, event, partner, day, payload):
        self.add(partner, day, "g.sessions", 1)
        self.add(partner, day, "g.minutes", payload["duration_minutes"])
        key, group = self._group(partner, payload["group_id"])
        group["sessions"] += 1
        self.states.put("groups", key, group)

    def _survey(self, event, partner, day, payload):
        self.add_counts(partner, day, _sums_and_counts(f"g.survey.{payload['phase']}", payload["answers"]))
        phase = payload["phase"]
        if not payload.get("client"):
            return  # an anonymous survey has no pair
        key = f"{partner}|{payload['group_id']}|{payload['client']}"
        state = self.states.get("subjects", key) or {"partner_id": partner}
        before = survey_pair_contribution(state)
        state[phase] = {"on": day, "answers": payload["answers"]}
        self._replace(partner, before, survey_pair_contribution(state))
        self.states.put("subjects", key, state)

    def _feedback(self, event, partner, day, payload):
        self.add_counts(partner, day, _sums_and_counts("g.fb", payload["ratings"]))

    def _feedback_link(self, event, partner, day, payload):
        self.add(partner, day, "f.links", 1)
        self.add(partner, day, f"f.st.{payload['service_type']}.links", 1)

    def _client_feedback(self, event, partner, day, payload):
        # ``day`` is the encounter's, as for its link: a period's answers
        # and the links they answer are counted together.
        self.add(partner, day, "f.answers", 1)
        self.add(partner, day, f"f.st.{payload['service_type']}.answers", 1)
        self.add(partner, day, "f.comments", int(bool(payload.get("comment"))))
        self.add_counts(partner, day, _sums_and_counts("f.items", payload["answers"]))

    # --- distinct people -----------------------------------------------------

    def person_days(self, kind, partner, pseudonyms, day, change):
        if not pseudonyms:
            return
        for pseudonym in [pseudonyms] if isinstance(pseudonyms, str) else pseudonyms:
            self._person_day(kind, partner, pseudonym, day, change)

    def _person_day(self, kind, partner, pseudonym, day, change):
        key = f"{kind}|{partner}|{pseudonym}"
        state = self.states.get("people", key) or {"partner_id": partner, "person": kind, "days": {}}
        active = self.states.active_days(key, state)
        count = state["days"].get(day, 0)
        state["days"][day] = count + change
        if state["days"][day] <= 0:
            del state["days"][day]
        self.states.put("people", key, state)
        if (count > 0) == (state["days"].get(day, 0) > 0):
            return  # the person was active that day before and still is (or neither)
        path = f"r.{REACH_KIND[kind]}."
        position = bisect_left(active, day)
        previous = active[position - 1] if position else None
        if change > 0:
            following = active[position] if position < len(active) else NONE
            insort(active, day)
            sign = 1
        else:
            following = active[position + 1] if position + 1 < len(active) else NONE
            active.pop(position)
            sign = -1
        self.add(partner, day, path + following, sign)
        if previous:
            self.add(partner, previous, path + following, -sign)
            self.add(partner, previous, path + day, sign)


def cohort_contribution(state):
    """A client's place in the Taulukko 2 cohort of their baseline day:
    counted in round 1; followed up on the day of their first later round;
    their change (latest round − baseline) as of any day is the sum of the
    steps kept at each later round's day (``pair.<day>``), so a period sums
    the steps up to its end. One day per key, not a (from, until) pair: a
    bucket holds at most a key per day, however many clients it has."""
    rounds, instrument = state["rounds"], state["instrument"]
    baseline = rounds.get("1")
    if baseline is None:
        return {}
    day, prefix = baseline["on"], f"a.{instrument}"
    counted = {(day, f"{prefix}.r1"): 1}
    later = sorted((entry["on"], int(number), entry) for number, entry in rounds.items() if number != "1")
    if later:
        counted[(day, f"{prefix}.fu.{later[0][0]}")] = 1
    domains = sorted({domain for _, _, entry in later for domain in entry["scores"]})
    current = {domain: (0, 0) for domain in domains}  # (change, counted) as of the previous step
    for on, _, entry in later:
        for domain in domains:
            score, start = entry["scores"].get(domain), baseline["scores"].get(domain)
            step = (score - start, 1) if _number(score) and _number(start) else (0, 0)
            for part, amount in (("s", step[0] - current[domain][0]), ("n", step[1] - current[domain][1])):
                if amount:
                    key = (day, f"{prefix}.pair.{on}.{domain}.{part}")
                    counted[key] = counted.get(key, 0) + amount
            current[domain] = step
    return counted


def participant_contribution(state):
    """Each enrolment counted at its day under the person's next enrolment
    day, with the background given at that enrolment."""
    enrolments = sorted((entry["on"], group, entry) for group, entry in state["enrolments"].items())
    counted = {}
    for position, (on, _, entry) in enumerate(enrolments):
        following = enrolments[position + 1][0] if position + 1 < len(enrolments) else NONE
        prefix = f"g.part.{following}"
        counted[(on, f"{prefix}.n")] = counted.get((on, f"{prefix}.n"), 0) + 1
        for (name, code), value in composition.cells(entry).items():
            path = f"{prefix}.{name}" if code is None else f"{prefix}.{name}.{code}"
            counted[(on, path)] = counted.get((on, path), 0) + value
    return counted


def survey_pair_contribution(state):
    """A subject with both a start and an end survey: per item answered in
    both, end − start at the end day, keyed by the start day."""
    start, end = state.get("start"), state.get("end")
    if not start or not end:
        return {}
    counted = {}
    for item, after in end["answers"].items():
        before = start["answers"].get(item)
        if _number(after) and _number(before):
            counted[(end["on"], f"g.pair.{start['on']}.{item}.s")] = after - before
            counted[(end["on"], f"g.pair.{start['on']}.{item}.n")] = 1
    return counted
