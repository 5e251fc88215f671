"""One way to turn a request body into valid data or a 422 listing every
field's error, henkilötunnus findings and unsafe text included."""
import unicodedata

from marshmallow import ValidationError

from services.shared.hetu import contains_hetu, walk_strings

HETU_MESSAGE = (
    "Looks like a personal identity code (henkilötunnus). SOS Hub stores "
    "pseudonyms only: remove it."
)
REDACTED_KEY = "<redacted>"
LONE_SURROGATE = "Is not valid Unicode text (a lone surrogate)."
# Embeddings, overrides and isolates reorder how text is displayed, so that
# what a reader sees is not what is stored ("Trojan Source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class InvalidData(Exception):
    def __init__(self, fields):
        super().__init__("invalid data")
        self.fields = fields


def text_problem(text):
    """Why ``text`` may not be stored as given, or None: lone surrogates,
    control characters (tab and line breaks are text), bidi controls, and
    values that are only spaces."""
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":
            return LONE_SURROGATE
        if category == "Cc" and ch not in "\t\n\r":
            return "Must not contain control characters."
        if ch in BIDI_CONTROLS:
            return "Must not contain bidirectional control characters."
    if text and all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):
        return "Must not be blank."
    return None


def text_error(text):
    """The message a client gets for ``text``, or None when it may be stored."""
    return HETU_MESSAGE if contains_hetu(text) else text_problem(text)


def _add_error(errors, path, message):
    node = errors
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {} if child is None else {"_schema": child}
            node[part] = child
        node = child
    leaf = path[-1] if path else "_schema"
    existing = node.get(leaf)
    if isinstance(existing, dict):
        existing.setdefault("_schema", []).append(message)
    elif message not in (existing or []):
        node[leaf] = (existing or []) + [message]


def load(schema, data):
    """Loads ``data`` with ``schema``; raises InvalidData with marshmallow's
    error dict, to which each string that may not be stored adds an error.
    The offending value is never echoed back."""
    errors = {}
    result = None
    try:
        result = schema.load(data)
    except ValidationError as exc:
        errors = exc.normalized_messages() if isinstance(exc.messages, dict) else {"_schema": exc.messages}
    for path, text in walk_strings(data):
        message = text_error(text)
        if message:
            if path[-1:] == ("<key>",):  # reported where the key's own errors are
                path = path[:-1] + (REDACTED_KEY,)
            _add_error(errors, path, message)
    if errors:
        raise InvalidData(_redacted(errors))
    return result


def _redacted(errors):
    # An unknown field is echoed as a key, and a message may quote a value.
    if isinstance(errors, list):
        return list(dict.fromkeys(HETU_MESSAGE if isinstance(m, str) and contains_hetu(m) else m for m in errors))
    if not isinstance(errors, dict):
        return errors
    return {
        (REDACTED_KEY if isinstance(key, str) and text_error(key) else key): _redacted(value)
        for key, value in errors.items()
    }
