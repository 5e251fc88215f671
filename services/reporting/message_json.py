"""The centre's consumer decodes JSON messages with orjson.

kombu's JSON decoder builds a new ``json.JSONDecoder`` for every message,
with an object hook that visits every object; at the ingest's rate that
is a measurable part of all its work (``./run bench``). orjson decodes the
same text to the same values several times faster. Whatever orjson
refuses and the standard library accepts (``NaN``, integers beyond 64
bits, which orjson may also turn into floats) and anything that carries
kombu's own typed values (``__type__``) is left to kombu's decoder, so
every message decodes exactly as before."""
import re

import orjson
from kombu import serialization
from kombu.utils import json as kombu_json


# 19 digits in a row may be an integer beyond 64 bits.
_KOMBUS = {str: re.compile(r'"__type__"|[0-9]{19}'), bytes: re.compile(rb'"__type__"|[0-9]{19}')}


def loads(data):
    if isinstance(data, (memoryview, bytearray)):
        data = bytes(data)
    if not _KOMBUS[type(data)].search(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return kombu_json.loads(data)


def use_orjson():
    """Registers the decoder for ``application/json`` in this process
    (messages are still encoded by kombu's own)."""
    serialization.register("json", kombu_json.dumps, loads, content_type="application/json",
                           content_encoding="utf-8")
