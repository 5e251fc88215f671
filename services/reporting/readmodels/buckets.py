"""Bucket documents: the additive counters of the read models.

Every contribution of an event lands on a business day of one partner and
is added to that day's document, to its month's document and to the
partner's all-time document (``_id`` ``<partner>|d|2019-03-04``,
``<partner>|m|2019-03`` and ``*|<partner>``). A period
is then read as its whole months plus the days at its edges, so any
period costs at most the months it spans plus 62 days per partner,
whatever the size of the event log. As a month bucket is only read whole,
what it holds is settled for the month (``month_key``).

A bucket's counters are stored packed: one BSON blob of ``{path: amount}``
in the field ``c`` (see ``pack``), not as thousands of nested fields. The
counters are only ever read and written whole, by ``_id``, and SecantusDB
(and MongoDB's own document handling) costs per field: a month bucket of a
thousand counters is one field to store, send and copy, and the client
decodes it in C.

Counters are kept as dotted paths (``o.topics.housing``). Distinct counts
over an arbitrary period (people reached, participants, clients followed
up) are additive too, with an *interval key*: a person's activity on day
d is stored under the next day they are active again ("-" for none), so
"active in [from, to]" is "some day d in the period whose next day is
after ``to``" — each person counted once, at their last day in the
period."""
import functools
from calendar import monthrange
from datetime import date, timedelta

import bson

NONE = "-"  # the interval key of "no later day"

_ESCAPES = (("%", "%25"), (".", "%2E"), ("$", "%24"))


def encode_key(text):
    """Free text (a venue's name) as one safe path component."""
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def decode_key(key):
    for raw, escaped in reversed(_ESCAPES):
        key = key.replace(escaped, raw)
    return key


def day_id(partner, day):
    return f"{partner}|d|{day}"


def month_id(partner, day):
    return f"{partner}|m|{day[:7]}"


def all_time_id(partner):
    """Everything of a partner ever: the received tables. ``*`` sorts
    before every partner id, so all of them are one range of ``_id``."""
    return f"*|{partner}"


ALL_TIME_RANGE = {"$gte": "*|", "$lt": "*}"}


def months_and_days(date_from, date_to):
    """The whole months within [from, to] and the days outside them."""
    months, days = [], []
    day = date_from
    while day <= date_to:
        last = date(day.year, day.month, monthrange(day.year, day.month)[1])
        if day.day == 1 and last <= date_to:
            months.append(day.isoformat()[:7])
            day = last + timedelta(days=1)
        else:
            days.append(day.isoformat())
            day += timedelta(days=1)
    return months, days


# How a stored counter's path counts in a period [start, end]:
PLAIN = 0  # always, as it is
UNTIL_NEXT = 1  # <kind>.<next day>: when there is no next day, or it is after the period
WITHIN = 2  # <start day>: when that day lies in the period
UP_TO = 3  # <day>: when that day is not after the period's end


@functools.lru_cache(maxsize=1 << 18)  # paths of ~2 years of a project: tens of MB at most
def parsed_path(path):
    """(rule, day, period-free path, the day's place among the path's
    parts) of a stored counter: parsed once per path and process, as a
    period's read resolves hundreds of thousands."""
    parts = path.split(".")
    head = parts[0]
    if head == "r":  # r.<kind>.<next active day>
        return UNTIL_NEXT, parts[2], f"r.{parts[1]}", 2
    if head == "g" and parts[1] == "part":  # g.part.<next enrolment>.<cell…>
        return UNTIL_NEXT, parts[2], ".".join(["g.part", *parts[3:]]), 2
    if head == "g" and parts[1] == "pair":  # g.pair.<start day>.<item>.<s|n>
        return WITHIN, parts[2], ".".join(["g.pair", *parts[3:]]), 2
    if head == "a" and len(parts) > 2 and parts[2] == "fu":  # a.<instrument>.fu.<first follow-up day>
        return UP_TO, parts[3], f"a.{parts[1]}.r2", 3
    if head == "a" and len(parts) > 2 and parts[2] == "pair":  # a.<i>.pair.<step day>.<domain>.<s|n>
        return UP_TO, parts[3], ".".join([f"a.{parts[1]}.pair", *parts[4:]]), 3
    return PLAIN, None, path, None


def period_key(path, start, end):
    """The period-free path a stored counter counts under in [start, end]
    (ISO dates; None: no bound), or None when it does not count there.
    Linear: a period's counters are the sums of their stored counters'."""
    rule, day, key, _ = parsed_path(path)
    if rule == PLAIN:
        return key
    if rule == UNTIL_NEXT:
        return key if day == NONE or (end is not None and day > end) else None
    if rule == WITHIN:
        return None if start is not None and not (start <= day <= (end or day)) else key
    return None if end is not None and day > end else key


@functools.lru_cache(maxsize=1 << 18)
def month_key(path, month):
    """Where a day's counter goes in its month's bucket (None: nowhere).
    A month bucket is read only for periods that hold the whole month, so
    a counter whose day lies in that month is settled when it is added:
    someone active again later the same month is counted at that later
    day, and a start or follow-up day within the month is within any such
    period (written as the month's first day). Only days outside the
    month stay, which keeps a month bucket to a few hundred counters
    instead of one set per day, for every period read and every batch."""
    rule, day, _, position = parsed_path(path)
    if rule == PLAIN or day == NONE or day[:7] != month:
        return path
    if rule == UNTIL_NEXT:
        return None
    parts = path.split(".")
    parts[position] = f"{month}-01"
    return ".".join(parts)


def all_time_key(path):
    """Where a counter goes in a partner's all-time bucket: resolved for
    all time when it is added (only ``all_time_counters`` reads that
    bucket, and never for a period), so the bucket holds a few hundred
    period-free counters instead of every day key ever seen (which grew
    with the log, and every batch reads and writes it)."""
    return period_key(path, None, None)


def add(target, path, value):
    if value:
        target[path] = target.get(path, 0) + value


COUNTERS = "c"  # the packed counters' field


def pack(counters):
    """{path: amount} as the stored field's value; a counter back at zero
    (a void, a client whose follow-up moved) is left out."""
    return bson.encode({path: amount for path, amount in counters.items() if amount})


def unpack(document):
    """A bucket document's {path: amount}."""
    packed = document.get(COUNTERS) if document else None
    return bson.decode(packed) if packed else {}
