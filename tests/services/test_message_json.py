import json
import uuid
from datetime import datetime, timezone

from hypothesis import given, settings, strategies as st
from kombu.utils import json as kombu_json

from services.reporting.message_json import loads

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=15)


def same(a, b):
    # NaN is not equal to itself; compare the texts the values dump to.
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_every_message_decodes_as_kombus_own_decoder_decodes_it(value):
    text = json.dumps(value)
    for data in (text, text.encode(), memoryview(text.encode())):
        assert same(loads(data), kombu_json.loads(text))


def test_kombus_typed_values_and_what_orjson_refuses_decode_as_before():
    typed = kombu_json.dumps({"at": datetime(2019, 3, 4, tzinfo=timezone.utc), "id": uuid.UUID(int=1)})
    assert loads(typed) == kombu_json.loads(typed)
    assert isinstance(loads(typed)["at"], datetime)
    assert loads('{"n": 123456789012345678901234567890}') == {"n": 123456789012345678901234567890}
    assert str(loads('[NaN]')[0]) == "nan"
