"""Telling Windows-1252 from Mac Roman by how the words of each reading look.

Old Mac Excel saves "CSV (Macintosh)" in Mac Roman, whose bytes 0x80-0x9F are accented
letters (é, ñ, ü, ö) where Windows-1252 has curly quotes, dashes and rare letters
(Ž, Œ, š): "José Muñoz" read as Windows-1252 is "JosŽ Mu–oz". Both decode almost any
bytes without a sign of chaos, so the detector cannot tell them apart; the place of
each character in its word can.
"""

# Curly quotes, dashes and the mojibake they make are what this module reads.
# ruff: noqa: RUF002, RUF003

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from charset_normalizer.utils import is_multi_byte_encoding

WINDOWS = "cp1252"
MAC_ROMAN = "mac_roman"
WESTERN = frozenset({WINDOWS, MAC_ROMAN, "latin_1"})

# The letters of Windows-1252's 0x80-0x9F: rare in the languages it serves, and what
# Mac Roman's common accented letters become when read as Windows-1252 ("Köln" is
# "Kšln"). In a word they are allowed, never counted for a reading.
_RARE_LETTERS = frozenset("ƒŠŒŽšœžŸ")
# Right quotes that are also apostrophes: inside a word they are one ("I’m").
_APOSTROPHES = frozenset("\u2019\u02bc")
# What follows an apostrophe in English ("it’s", "don’t", "we’ll", "James’"), and what
# the elided words of French and Italian end with ("qu’il", "dell’arte", "un’altra").
_CONTRACTED = frozenset({"", "s", "t", "m", "d", "ll", "re", "ve"})
_ELIDED = ("qu", "ll", "un")
# Opening quotes and the quotes that close them.
_CLOSING = {
    "«": "»", "\u2039": "\u203a", "\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c"
}  # fmt: skip
# Scripts whose letters, points and signs some code page puts where Mac Roman has its
# quotes and accents.
_OTHER_SCRIPTS = frozenset({"HEBREW", "ARABIC", "THAI", "CYRILLIC", "GREEK"})


@dataclass(frozen=True)
class Plausibility:
    """How Western the non-ASCII characters of a text look.

    Attributes:
        score: The characters that look right, less those that look wrong.
        flaws: The characters that look wrong ("JosŽ", "Mu–oz", "Zo‘").
    """

    score: int
    flaws: int


def western_reading(sample: bytes, chosen: str | None) -> str | None:
    """Returns the codec that reads ``sample`` most plausibly, Mac Roman included.

    Windows-1252 and Mac Roman are compared when the choice so far is one of them,
    Latin-1 or none; another single-byte code page the detector chose gives way to
    Mac Roman only when its own reading is flawed and Mac Roman's is not (Mac
    Roman's curly quotes are Hebrew points and Thai vowels glued to Latin words in
    those code pages).

    Args:
        sample: The words of the bytes that hold non-ASCII bytes, one a line.
        chosen: The codec chosen so far (None when undecided); it stays when no
            reading is more plausible.

    Returns:
        The codec to read the bytes with, or None when still undecided.
    """
    if chosen is None or chosen in WESTERN:
        windows, mac = _judge(sample, WINDOWS), _judge(sample, MAC_ROMAN)
        if mac is not None and ((windows is None and mac.score > 0) or _beats(mac, windows)):
            return MAC_ROMAN
        if chosen == MAC_ROMAN and windows is not None and _beats(windows, mac):
            return WINDOWS
        return chosen
    if is_multi_byte_encoding(chosen):
        return chosen
    own, mac = _judge(sample, chosen), _judge(sample, MAC_ROMAN)
    if mac is not None and own is not None and own.flaws and not mac.flaws:
        return MAC_ROMAN if mac.score > own.score else chosen
    return chosen


def plausibility(text: str) -> Plausibility:
    """Judges each non-ASCII character of ``text`` by its neighbours.

    A lower-case accented letter inside a word is likely, a capital after a lower-case
    letter ("JosŽ") is not; an opening quote before a word is likely, after a letter
    ("Zo‘") it is not; a dash between spaces or digits is likely, inside a word
    ("Mu–oz") it is not.
    """
    score = flaws = 0
    # Where each closing quote last stands: one look each, not one a quote opened.
    last_closing = {closing: text.rfind(closing) for closing in set(_CLOSING.values())}
    for index, character in enumerate(text):
        if character.isascii():
            continue
        judged = _character_score(text, index, last_closing)
        score += judged
        flaws += judged < 0
    return Plausibility(score, flaws)


def _judge(sample: bytes, codec: str) -> Plausibility | None:
    try:
        return plausibility(sample.decode(codec))
    except (UnicodeDecodeError, LookupError):
        return None


def _beats(one: Plausibility, other: Plausibility | None) -> bool:
    return other is not None and one.score > other.score


def _character_score(text: str, index: int, last_closing: dict[str, int]) -> int:
    character = text[index]
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    category = unicodedata.category(character)
    inside = before.isalpha() and after.isalpha()
    script = unicodedata.name(character, "?").split(" ", 1)[0]
    if script in _OTHER_SCRIPTS:
        # Hebrew points or Thai vowels glued to a Latin word ("Iױm"): no one writes that.
        return -1 if _is_ascii_letter(before) or _is_ascii_letter(after) else 0
    if character.isalpha() and category != "Lm":  # "ˆ", "ˇ" are accents, not letters
        return _letter_score(character, before, after)
    if category[0] == "C":  # a control character: Latin-1's 0x80-0x9F
        return -1
    if character in _APOSTROPHES and before.isalpha():
        return _apostrophe_score(text, index)
    # A quote that opens or closes a word is the strongest sign: it is what Mac Roman
    # reads as "ìkeenî" and Windows-1252 as "ÒkeenÓ".
    if category in ("Pi", "Ps"):
        if before.isalpha():
            return -1
        # A quote opened and never closed is no sign: "Çelik" in Windows-1252 is Mac
        # Roman's "«elik", and a lone name was read as Mac Roman.
        closing = _CLOSING.get(character)
        closed = closing is None or last_closing[closing] > index
        return 2 * (after.isalnum() and closed)
    if category in ("Pf", "Pe"):
        return -1 if inside else 2 * (before.isalnum() or before in ".!?")
    if category == "Pd":
        return -1 if inside else int(before in " 0123456789" or after in " 0123456789")
    if category == "Sc" and (before.isdigit() or after.isdigit()):
        return 1
    symbol = category[0] == "S" or category == "Lm"
    return -1 if inside or (symbol and (before.isalpha() or after.isalpha())) else 0


def _letter_score(character: str, before: str, after: str) -> int:
    if character.isupper() and before.isalpha() and (before.islower() or after.islower()):
        return -1  # a capital inside a word: "JosŽ", "IÕm"
    if character.islower() and after.isalpha() and after.isupper():
        return -1  # "ìI"
    if character in _RARE_LETTERS:
        return 0
    # An accented letter of a Western language sits in a word of plain letters; two
    # together without one ("ÄÖ") are more likely signs read as letters.
    return int(_is_ascii_letter(before) or _is_ascii_letter(after))


def _apostrophe_score(text: str, index: int) -> int:
    """One for an apostrophe where English, French or Italian puts one, else nothing.

    Inside other words it is as likely an accented letter of Mac Roman: "Garc’a" is
    "García".
    """
    start = index
    while start and text[start - 1].isalpha():
        start -= 1
    end = index + 1
    while end < len(text) and text[end].isalpha():
        end += 1
    elided, ending = text[start:index].casefold(), text[index + 1 : end]
    if ending.casefold() in _CONTRACTED or ending[:1].isupper():
        return 1  # "it’s", "we’ve", "James’", "O’Brien"
    return int(len(elided) == 1 or elided.endswith(_ELIDED))  # "l’amico", "qu’il"


def _is_ascii_letter(character: str) -> bool:
    return character.isascii() and character.isalpha()
