"""Detects Finnish personal identity codes (henkilötunnus) so that none ever
enters SOS Hub, wherever in a request it is typed."""
import re
from datetime import date

# Century signs: '+' 1800s, '-' and Y-U 1900s, 'A'-'F' 2000s (the 2023 reform
# added the letters; older systems still send '-' and 'A').
_CENTURY = {"+": 1800, "-": 1900, "A": 2000}
_CENTURY.update({sign: 1900 for sign in "YXWVU"})
_CENTURY.update({sign: 2000 for sign in "BCDEF"})
_CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_RE = re.compile(
    r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![0-9A-Za-z])",
    re.IGNORECASE,
)


def _is_valid(match):
    dd, mm, yy, sign, individual, control = match.groups()
    try:
        date(_CENTURY[sign.upper()] + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return _CONTROL[int(dd + mm + yy + individual) % 31] == control.upper()


def contains_hetu(text):
    """True when ``text`` holds something that is a valid henkilötunnus."""
    return any(_is_valid(m) for m in _HETU_RE.finditer(text))


def find_hetu_paths(value, path=()):
    """Paths (tuples of keys and indexes) of every string in a JSON-like value,
    dict keys included, that holds a valid henkilötunnus."""
    found = []
    if isinstance(value, str):
        if contains_hetu(value):
            found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and contains_hetu(key):
                found.append(path + ("<key>",))
            found.extend(find_hetu_paths(item, path + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(find_hetu_paths(item, path + (index,)))
    return found
