"""Telling the East Asian encodings apart by how common the characters they read are.

Short text (a column of names, the rest in English) decodes cleanly in Big5, GB18030,
Shift-JIS, EUC-JP and Korean alike, each reading other characters, and the detector
cannot tell them apart: Chinese "王芳" in GB18030 reads as Big5's "卼滂", Japanese
names in Shift-JIS as the rare Hangul of Windows code page 949. Each of these
encodings lays out its common characters first (the level 1 of its standard: the
3,755 commonest Chinese characters of GB2312, the 5,401 of Big5, the 2,965 of JIS
X 0208, the 2,350 Hangul of KS X 1001); the right reading keeps to them, a wrong one
strays past them.
"""

from __future__ import annotations

import codecs
import math
import unicodedata
from collections.abc import Sequence
from itertools import islice

# Each encoding's common characters as ranges of their two-byte codes (first code, last
# code, least second byte): punctuation, kana and level 1; and how many codes these ranges
# hold, since a reading that keeps to a smaller set is the likelier.
_SHIFT_JIS = (((0x8140, 0x9872, 0x40),), 24 * 188)
_EUC_JP = (((0xA1A1, 0xCFD3, 0xA1),), 47 * 94)
_GB = (((0xA1A1, 0xA9FE, 0xA1), (0xB0A1, 0xD7F9, 0xA1)), 49 * 94)
_BIG5 = (((0xA140, 0xC67E, 0x40),), 38 * 157)
_KOREAN = (((0xA1A1, 0xACFE, 0xA1), (0xB0A1, 0xC8FE, 0xA1)), 37 * 94)
_COMMON: dict[str, tuple[tuple[tuple[int, int, int], ...], int]] = {
    "cp932": _SHIFT_JIS,
    "shift_jis": _SHIFT_JIS,
    "euc_jp": _EUC_JP,
    "gb18030": _GB,
    "gbk": _GB,
    "gb2312": _GB,
    "big5": _BIG5,
    "cp949": _KOREAN,
    "euc_kr": _KOREAN,
}
# The characters outside each encoding's common ones, roughly: a rare character is about
# this unlikely.
_RARE = 20000
# Characters judged at most: a big file's sample tells no more than its first ones.
_ENOUGH = 5000
_EAST_ASIAN_SCRIPTS = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA")


def likelihood(reading: str, codec: str) -> float | None:
    """How likely a reading is, by how its characters keep to the common ones.

    Args:
        reading: Bytes decoded with ``codec``.
        codec: A Python codec name, e.g. "cp932".

    Returns:
        The log of the chance of these characters, each common one drawn from its
        encoding's common set and each other from the rare ones; None when ``codec``
        is not one of the East Asian encodings known here or the reading holds no
        non-ASCII character.
    """
    counted = _count_common(reading, codec)
    if counted is None:
        return None
    common, rare, size = counted
    return -common * math.log(size) - rare * math.log(_RARE)


def keeps_to_common(reading: str, codec: str) -> bool:
    """Whether a reading holds two East Asian characters or more, every one common."""
    counted = _count_common(reading, codec)
    return counted is not None and counted[0] >= 2 and not counted[1]


def most_likely_reading(readings: Sequence[tuple[str, str]]) -> str | None:
    """The codec whose reading keeps most to its common characters.

    Args:
        readings: (codec, reading) pairs, the likeliest first; it wins ties.

    Returns:
        The codec, or None when none of them is an East Asian encoding known here.
    """
    best: tuple[float, str] | None = None
    for codec, reading in readings:
        score = likelihood(reading, codec)
        if score is not None and (best is None or score > best[0]):
            best = (score, codec)
    return None if best is None else best[1]


def _count_common(reading: str, codec: str) -> tuple[int, int, int] | None:
    """The common and rare non-ASCII characters of a reading, and the common set's size."""
    try:
        name = codecs.lookup(codec).name.replace("-", "_")
    except LookupError:
        return None
    known = _COMMON.get(name)
    characters = list(islice((c for c in reading if not c.isascii()), _ENOUGH))
    if known is None or not characters:
        return None
    ranges, size = known
    common = sum(_is_common(character, name, ranges) for character in characters)
    return common, len(characters) - common, size


def _is_common(character: str, codec: str, ranges: tuple[tuple[int, int, int], ...]) -> bool:
    """A letter of an East Asian script, or punctuation, among the common codes.

    The Greek, Cyrillic, box drawings and signs of the same rows are not: a name read
    as Hangul and box drawings is a wrong reading.
    """
    try:
        encoded = character.encode(codec)
    except UnicodeEncodeError:
        return False
    if len(encoded) != 2:
        return False  # half-width katakana, GB18030's four-byte codes
    code = int.from_bytes(encoded, "big")
    if not any(first <= code <= last and encoded[1] >= least for first, last, least in ranges):
        return False
    kind = unicodedata.category(character)
    if kind[0] == "L":
        return unicodedata.name(character, "?").startswith(_EAST_ASIAN_SCRIPTS)
    return kind[0] == "P" or character == "\u3000"
