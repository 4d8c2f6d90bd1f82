"""Short East Asian text told apart from its readings in the other encodings."""

from __future__ import annotations

import pytest

from reviewer_app.storage.east_asian_readings import (
    keeps_to_common,
    likelihood,
    most_likely_reading,
)
from reviewer_app.storage.text_repair import decode_bytes

JAPANESE = ["佐藤健", "鈴木花子", "高橋一郎", "田中美咲", "伊藤大輔", "渡辺直美", "山本翔太"]
CHINESE = ["王芳", "李娜", "张伟", "刘洋", "陈静"]
KOREAN = ["김민수", "이지영", "박서연"]
TAIWANESE = ["陳志明", "林雅婷", "黃家豪"]


@pytest.mark.parametrize(
    ("names", "encoding"),
    [
        (JAPANESE, "shift_jis"),
        (CHINESE, "gb18030"),
        (KOREAN, "cp949"),
        (TAIWANESE, "big5"),
    ],
)
def test_an_export_whose_only_east_asian_text_is_its_names_is_read_right(
    names: list[str], encoding: str
) -> None:
    # The rest of the export is English: the names alone tell the encoding.
    text = "Full name,Email address,Why\n" + "".join(
        f"{name},p{number}@example.org,I would like to help\n" for number, name in enumerate(names)
    )
    assert decode_bytes(text.encode(encoding)).text == text


@pytest.mark.parametrize("name", [KOREAN[0], KOREAN[1], JAPANESE[0], TAIWANESE[0]])
def test_a_single_name_is_read_in_its_encoding(name: str) -> None:
    encoding = "cp949" if name in KOREAN else "big5" if name in TAIWANESE else "shift_jis"
    text = f"Full name,Email address\n{name},a@example.org\n"
    assert decode_bytes(text.encode(encoding)).text == text


@pytest.mark.parametrize("name", ["Ås", "Øy", "Ña", "Ås Øy"])
def test_a_short_western_name_is_not_read_as_one_chinese_character(name: str) -> None:
    # "Ås" is Big5's "彎": each character of that reading ends in a plain letter.
    text = f"Full name,Email address\n{name},a@example.org\n"
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "Windows-1252")


def test_the_reading_that_keeps_to_common_characters_is_the_likelier() -> None:
    data = "王芳".encode("gb18030")
    readings = [(codec, data.decode(codec)) for codec in ("big5", "cp949", "gb18030")]
    assert readings[0][1] == "卼滂"
    assert most_likely_reading(readings) == "gb18030"
    assert keeps_to_common("王芳", "gb18030")
    assert not keeps_to_common("卼滂", "big5")


def test_a_smaller_common_set_is_the_likelier_when_both_keep_to_theirs() -> None:
    # "김민수" in Korean is "梯團熱" in Big5, common characters both.
    korean = likelihood("김민수", "cp949")
    big5 = likelihood("김민수".encode("cp949").decode("big5"), "big5")
    assert korean is not None and big5 is not None and korean > big5


def test_other_encodings_and_plain_text_are_not_judged() -> None:
    assert likelihood("Zoë", "cp1252") is None
    assert likelihood("plain", "cp932") is None
    assert most_likely_reading([("cp1251", "Иван")]) is None
    assert not keeps_to_common("ﾆ", "cp932")  # one half-width katakana


def test_japanese_in_euc_jp_is_read_right_when_it_holds_kana() -> None:
    # Names alone in EUC-JP read as common Chinese characters in GB18030 as well.
    text = "Full name,Why\n" + "".join(
        f"{name},ボランティアに参加したいです\n" for name in JAPANESE
    )
    assert decode_bytes(text.encode("euc_jp")).text == text


def test_a_big_export_is_read_in_its_encoding_whatever_character_the_sample_cuts() -> None:
    # The detector reads the first 4 MB: cut inside a character, no encoding read them,
    # and an 8 MB export in Shift-JIS came out in Latin-1.
    answer = "ボランティアに参加したいです。経験があります。" * 10
    rows = [f"{JAPANESE[n % len(JAPANESE)]},p{n}@example.org,{answer}\n" for n in range(22000)]
    text = "Full name,Email address,Why\n" + "".join(rows)
    data = text.encode("shift_jis")
    assert len(data) > 5 * 2**20
    decoded = decode_bytes(data)
    assert decoded.encoding == "Shift-JIS (Windows code page 932)"
    assert decoded.text == text
