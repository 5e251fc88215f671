"""Detects Finnish personal identity codes (henkilötunnus) so that none ever
enters SOS Hub, wherever in a request it is typed, and keeps them out of
logs.

Text is normalised before the search, so that a code typed with full-width
digits, a Unicode hyphen, or an invisible or non-breaking space inside is
still found, and codes are found inside words (``asiakas131052-308Tkävi``):
a false alarm costs a retyped field, a missed code costs a data breach."""
import logging
import re
import unicodedata
from datetime import date

# Century signs: '+' 1800s, '-' and Y-U 1900s, 'A'-'F' 2000s (the 2023 reform
# added the letters; older systems still send '-' and 'A').
_CENTURY = {"+": 1800, "-": 1900, "A": 2000}
_CENTURY.update({sign: 1900 for sign in "YXWVU"})
_CENTURY.update({sign: 2000 for sign in "BCDEF"})
_CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# A lookahead, so that overlapping candidates are all tried
# (``1131052-308T`` holds one starting at its second digit).
# The century sign may also be typed as other punctuation (or escaped, as
# "%2D" or "&#45;"), doubled, or left out ("131052308T"), the date written
# as one ("13.10.52-308T", "13101952-308T") and the check mark set apart
# ("131052-308-T"): such a code is still one.
_SIGNS = r"[-+_./:*#~\\',;|=]"
_HETU_RE = re.compile(r"(?=([0-9]{2})[-./,]?([0-9]{2})[-./,]?((?:18|19|20)?[0-9]{2})"
                      r"([-+A-FU-Y]|" + _SIGNS + r"{1,2}|%2D|&#45;|&#x2d;|)([0-9]{3})[-./]?([0-9A-Y]))",
                      re.IGNORECASE)
# Cyrillic and Greek letters that look like the Latin ones of a check mark.
# Small capitals too, which NFKC leaves alone.
_LOOKALIKES = str.maketrans(dict(zip("АВСЕНКМОРТХУаеорсухΑΒΕΗΚΜΝΟΡΤΥΧᴀʙᴄᴅᴇꜰʜᴊᴋʟᴍɴᴘʀᴛᴜᴠᴡʏ",
                                     "ABCEHKMOPTXYaeopcyxABEHKMNOPTYXABCDEFHJKLMNPRTUVWY")))
# Hyphens, minus signs and long dashes that NFKC leaves alone (the
# katakana long vowel mark looks like a dash; NFKC maps its half-width form to it).
_DASHES = str.maketrans({dash: "-" for dash in
                         "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\u30fc\u2500\u2501"})
# A canonical UUID is a machine-made id (an Idempotency-Key, a record id),
# never typed text; its hex digits can form a valid code by chance.
_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def normalise(text):
    """``text`` as the search sees it: NFKC (full-width digits become ASCII,
    non-breaking spaces spaces), dash variants as '-', and without format
    characters (zero-width spaces, soft hyphens, bidi controls) or
    whitespace, which can hide inside a code."""
    if text.isascii():
        # The same result, without the per-character loop that most text
        # (codes, dates, ids) need not pay for: ASCII is its own NFKC, none
        # of it is a dash variant, a look-alike or a format character, and
        # split() drops exactly what isspace() calls whitespace.
        return "".join(text.split())
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_LOOKALIKES)
    kept = []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cs", "Mn"):
            continue  # invisible: format characters, combining marks, spaces
        digit = unicodedata.decimal(ch, None)  # any script's digits (Arabic-Indic, Devanagari, …)
        kept.append(str(digit) if digit is not None else ch)
    return "".join(kept)


def _is_valid(match):
    dd, mm, yy, sign, individual, control = match.groups()
    centuries = [_CENTURY[sign.upper()]] if sign.upper() in _CENTURY and len(sign) == 1 else [1900, 2000]
    if len(yy) == 4:  # the year written out names its century
        centuries, yy = [int(yy[:2]) * 100], yy[2:]
    for century in centuries:
        try:
            date(century + int(yy), int(mm), int(dd))
            break
        except ValueError:
            continue
    else:
        return False
    return _CONTROL[int(dd + mm + yy + individual) % 31] == control.upper()


# Day, month, year and the individual number: the digits no code is without.
_DIGITS_IN_A_CODE = 9


def contains_hetu(text):
    """True when ``text`` holds something that is a valid henkilötunnus."""
    if _UUID_RE.fullmatch(text):
        return False
    if not text.isascii() and sum(map(str.isdecimal, unicodedata.normalize("NFKC", text))) < _DIGITS_IN_A_CODE:
        # normalise() keeps only decimal digits as digits (after NFKC), so
        # such text cannot hold a code: most free text, without the cost
        # of normalising it character by character.
        return False
    return any(_is_valid(m) for m in _HETU_RE.finditer(normalise(text)))


def walk_strings(value, path=()):
    """(path, string) of every string in a JSON-like value, dict keys
    included (their path ends in ``"<key>"``); iterative, so a deeply nested
    value cannot exhaust the stack."""
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield path + ("<key>",), key
                stack.append((path + (key,), item))
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in enumerate(value))


def find_hetu_paths(value, path=()):
    """Paths (tuples of keys and indexes) of every string in a JSON-like value,
    dict keys included, that holds a valid henkilötunnus."""
    return [found for found, text in walk_strings(value, path) if contains_hetu(text)]


def _strings(value):
    """Every string of a JSON-like value, dict keys included (walk_strings
    without the paths)."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield key
                stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)


def holds_hetu(value):
    """True when ``find_hetu_paths(value)`` finds any: the centre asks this
    of every event it receives, so it searches all ASCII strings in one
    pass. NUL is not whitespace and no part of a code, so no match spans
    two joined strings, and each string's ASCII normalisation (whitespace
    removed) is kept; only when that pass finds a code are the strings
    searched one by one, which also leaves out canonical UUIDs."""
    plain, other = [], []
    for text in _strings(value):
        (plain if text.isascii() else other).append(text)
    joined = "".join("\0".join(plain).split())
    if any(_is_valid(match) for match in _HETU_RE.finditer(joined)):
        if any(contains_hetu(text) for text in plain):
            return True
    return any(contains_hetu(text) for text in other)


REDACTED = "[henkilötunnus removed]"


def redact(text):
    """``text`` with every word (or URL part) that holds a henkilötunnus
    replaced; the whole text when a code spans words."""
    if not contains_hetu(text):
        return text
    redacted = re.sub(r"[^\s?&=/,;:\"'()]+", lambda word: REDACTED if contains_hetu(word.group()) else word.group(), text)
    return redacted if not contains_hetu(redacted) else "[text removed: it held a henkilötunnus]"


class RedactingFilter(logging.Filter):
    """A log handler filter that keeps identity codes out of log files
    (access logs carry query strings, tracebacks carry values)."""

    def filter(self, record):
        message = record.getMessage()
        if contains_hetu(message):
            record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and contains_hetu(record.exc_text):
            record.exc_text = redact(record.exc_text)
        return True


def redact_logs(logger=None):
    """Adds the redacting filter to every handler of ``logger`` (root)."""
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(RedactingFilter())
