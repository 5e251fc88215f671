import pytest

from services.shared.hetu import contains_hetu, find_hetu_paths


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
