"""One way to turn a request body into valid data or a 422 listing every
field's error, henkilötunnus findings included."""
from marshmallow import ValidationError

from services.shared.hetu import contains_hetu, find_hetu_paths

HETU_MESSAGE = (
    "Looks like a personal identity code (henkilötunnus). SOS Hub stores "
    "pseudonyms only: remove it."
)


class InvalidData(Exception):
    def __init__(self, fields):
        super().__init__("invalid data")
        self.fields = fields


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
    else:
        node[leaf] = (existing or []) + [message]


def load(schema, data):
    """Loads ``data`` with ``schema``; raises InvalidData with marshmallow's
    error dict, to which each string holding a henkilötunnus adds an error.
    The offending value is never echoed back."""
    errors = {}
    result = None
    try:
        result = schema.load(data)
    except ValidationError as exc:
        errors = exc.normalized_messages() if isinstance(exc.messages, dict) else {"_schema": exc.messages}
    for path in find_hetu_paths(data):
        _add_error(errors, path, HETU_MESSAGE)
    if errors:
        raise InvalidData(_redact_keys(errors))
    return result


def _redact_keys(errors):
    # An unknown field named with an identity code would be echoed as a key.
    if not isinstance(errors, dict):
        return errors
    return {
        ("<redacted>" if isinstance(key, str) and contains_hetu(key) else key): _redact_keys(value)
        for key, value in errors.items()
    }
