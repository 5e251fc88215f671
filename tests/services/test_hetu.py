import logging

import pytest
from hypothesis import given, settings, strategies as st

from services.shared.hetu import RedactingFilter, contains_hetu, find_hetu_paths, holds_hetu, redact


@pytest.mark.parametrize("text", [
    "131052-308T",          # the tax administration's classic example
    "010101A123N",           # 2000s, letter century sign
    "asiakas 131052-308T soitti",
    "131052y308t",           # lower case, 2023 century letters
])
def test_valid_identity_codes_are_found(text):
    assert contains_hetu(text)


@pytest.mark.parametrize("text", [
    "131052-308U",       # wrong control character
    "311302-123A",       # 31 February does not exist
    "kainuu-sw-01",
    "2019-03-04",
    "131052-3080000",    # part of a longer token
    "Tutun Tupa, Kajaani",
])
def test_other_strings_are_not_identity_codes(text):
    assert not contains_hetu(text)


def test_paths_of_every_string_holding_a_code_are_reported():
    body = {"worker": "131052-308T", "topics": ["finances", "010101A123N"], "ok": 3,
            "131052-308T": "as a key"}
    assert sorted(map(str, find_hetu_paths(body))) == sorted(
        map(str, [("worker",), ("topics", 1), ("<key>",)]))


@pytest.mark.parametrize("text", [
    "asiakas131052-308Tkävi",   # glued to words on both sides
    "x131052-308T",
    "131052-308T9",
    "1131052-308T",             # a digit before: the code starts one later
    "131052\u200b-308T",        # zero-width space
    "131052\u00a0-308T",        # non-breaking space
    "131052 - 308T",            # spaces typed around the sign
    "131052\u2010308T",         # Unicode hyphen
    "131052\u2013308T",         # en dash
    "１３１０５２－３０８Ｔ",      # full-width
    "1310\u00ad52-308T",        # soft hyphen
    "\u202e131052-308T",
])
def test_codes_hidden_by_typing_or_unicode_are_found(text):
    assert contains_hetu(text)


def test_a_uuid_is_not_read_as_a_code():
    # "010101-0090" inside it is a valid code (1 January 1901).
    assert not contains_hetu("ab010101-0090-4000-8000-000000000000")
    assert contains_hetu("ab010101-0090")


def test_logs_keep_no_code():
    assert redact("GET /outreach/visits?worker=x131052-308T HTTP/1.1") == \
        "GET /outreach/visits?worker=[henkilötunnus removed] HTTP/1.1"
    assert "308" not in redact("131052 - 308T")
    assert redact("nothing here 2019-03-04") == "nothing here 2019-03-04"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "asked for %s", ("131052-308T",), None)
    RedactingFilter().filter(record)
    assert "131052" not in record.getMessage()


@pytest.mark.parametrize("text", [
    "131052308T", "131052 308T", "131052--308T", "131052_308T", "131052/308T", "131052.308T",
    "131052\u00ad308T",            # a soft hyphen as the sign
    "1310\u034f52-308T",           # a combining grapheme joiner among the digits
    "131052-308\u0422",            # a Cyrillic Т as the check mark
    "13.10.52-308T", "13-10-52-308T", "13/10/52 308T",  # the date written as a date
    "131052-308-T",                # the check mark set apart
    "13101952-308T", "13.10.1952-308T", "13,10,52-308T",  # the year written out, commas
    "131052*308T", "131052#308T", "131052~308T", "131052\\308T", "131052'308T",  # other punctuation as the sign
    "131052%2D308T", "131052&#45;308T",  # the dash escaped
    "131052\u30fc308T",            # a katakana long vowel mark as the sign
    "131052-308\u1d1b",            # a small capital T as the check mark
    "\u0661\u0663\u0661\u0660\u0665\u0662-\u0663\u0660\u0668T",  # Arabic-Indic digits
])
def test_a_code_typed_without_its_sign_or_in_other_scripts_is_found(text):
    assert contains_hetu(text)


# Pieces that make codes, near misses and the strings events are made of,
# so that random values hold codes often, split across strings sometimes.
PIECES = ["131052-308T", "131052", "-308T", "010101A123N", "131052-308U", " ", "\u00a0", "\u200b", "ä", "１３",
          "ab010101-0090-4000-8000-000000000000", "ab010101-0090", "2019-03-04", "kainuu-sw-01", "\x00", "+", "9"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
JSON = st.recursive(st.none() | st.integers() | TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(JSON)
def test_the_one_pass_search_finds_a_code_exactly_where_the_search_per_string_does(value):
    assert holds_hetu(value) == bool(find_hetu_paths(value))


def test_a_code_split_across_two_strings_is_no_code_in_either():
    assert not holds_hetu({"a": "131052", "b": "-308T"})
    assert not holds_hetu(["ab010101-0090-4000-8000-000000000000", "kainuu"])
    assert holds_hetu({"notes": ["ok", {"131052 -308T": 1}]})
