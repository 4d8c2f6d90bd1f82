"""Tests of reviewer_app.storage.western_code_pages."""

# Curly quotes and mojibake are the point of these tests.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import pytest

from reviewer_app.storage.text_repair import decode_bytes
from reviewer_app.storage.western_code_pages import plausibility, western_reading

NAMES = [
    "José Muñoz",
    "Zoë Brontë",
    "François Hébert",
    "Jürgen Müller",
    "São Paulo",
    "Björk Jönsson",
    "Håkan Nyström",
    "Martín García",
    "Raúl Núñez",
]
WINDOWS_PROSE = "“I’m keen” — really – it’s what I do, and I’d pay €5 for it…"


@pytest.mark.parametrize(
    ("garbled", "right"),
    [("JosŽ", "José"), ("Mu–oz", "Muñoz"), ("S‹o", "São"), ("Zo‘", "Zoë"), ("JŸrgen", "Jürgen")],
)
def test_a_mac_roman_letter_read_as_windows_1252_is_a_flaw(garbled: str, right: str) -> None:
    assert plausibility(garbled).flaws == 1
    assert plausibility(right).flaws == 0
    assert plausibility(right).score > plausibility(garbled).score


def test_quotes_dashes_and_apostrophes_where_they_belong_are_plausible() -> None:
    judged = plausibility(WINDOWS_PROSE)
    assert judged.flaws == 0
    assert judged.score >= 8
    # The same bytes read as Mac Roman: "ìIím keenî ó really ñ itís ..."
    assert plausibility(WINDOWS_PROSE.encode("cp1252").decode("mac_roman")).score < judged.score


def test_an_apostrophe_inside_a_word_counts_only_where_languages_put_one() -> None:
    assert plausibility("don’t we’ll l’amico qu’il O’Brien").score == 5
    assert plausibility("Garc’a Mart’n").score == 0  # Mac Roman's "García Martín"


@pytest.mark.parametrize(
    ("codec", "why", "encoding"),
    [
        ("mac_roman", "Sim", "Mac Roman"),
        ("cp1252", WINDOWS_PROSE, "Windows-1252"),  # still as before
    ],
)
@pytest.mark.parametrize("name", NAMES)
def test_names_decode_in_their_western_code_page(
    name: str, codec: str, why: str, encoding: str
) -> None:
    row = f"{name},a@example.org,{why}"
    decoded = decode_bytes(f"Full name,Email,Why\n{row}\n".encode(codec))
    assert (decoded.text.splitlines()[1], decoded.encoding) == (row, encoding)


@pytest.mark.parametrize(
    "why",
    ["“Keen” — very", "I’m keen to help; it’s what I do – weekends", "Ready ‘now’"],
)
def test_mac_roman_quotes_and_dashes_are_not_read_as_hebrew_or_thai(why: str) -> None:
    # Without 0x80-0x9F, Windows-1255 and 874 read these as points and vowels in words.
    text = f"Full name,Email,Why\nAna Lima,a@example.org,{why}\n"
    decoded = decode_bytes(text.encode("mac_roman"))
    assert (decoded.text, decoded.encoding) == (text, "Mac Roman")


def test_latin_1_text_still_decodes_as_windows_1252() -> None:
    text = "Full name,Email,Why\nAnaïs Côté,a@example.org,Très motivée à aider\n"
    decoded = decode_bytes(text.encode("latin-1"))
    assert (decoded.text, decoded.encoding) == (text, "Windows-1252")


def test_readings_as_plausible_as_each_other_leave_the_choice_as_it_was() -> None:
    # "I’m" in Windows-1252 is "Iím" in Mac Roman: a letter inside a word either way.
    sample = "I’m".encode("cp1252")
    assert western_reading(sample, None) is None
    assert western_reading(sample, "cp1252") == "cp1252"
    assert western_reading(sample, "mac_roman") == "mac_roman"


def test_a_clean_reading_in_another_code_page_stays() -> None:
    sample = "Иван Петров".encode("cp1251")
    assert western_reading(sample, "cp1251") == "cp1251"
    polish = "Łukasz Żółć".encode("cp1250")
    assert western_reading(polish, "cp1250") == "cp1250"
