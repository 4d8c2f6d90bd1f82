"""Short text in Cyrillic, Greek, Arabic, Hebrew or Thai that reads as accented Latin.

A name or two in Windows-1251 among English answers ("Иван Петров") is too short for
the detector, and Windows-1252, which wins its ties, reads it as "Èâàí Ïåòðîâ": words
of accented letters and nothing else. No Western language writes words so; each of
the code pages of other scripts reads them as plain words of its script. The first
of these, in the order exports come in them, whose reading is plain words is taken:
Cyrillic first; a code page's reading of another script's bytes is seldom plain words
(a mark first, a capital after a small letter, Cyrillic without vowels).
"""

# The letters of Turkish read in other code pages are what this module is about.
# ruff: noqa: RUF002, RUF003

from __future__ import annotations

import unicodedata

from reviewer_app.storage.western_code_pages import WESTERN, WINDOWS

# (code page, its script), the likeliest first.
_SCRIPTS = (
    ("cp1251", "CYRILLIC"),
    ("cp1256", "ARABIC"),
    # Before Greek: Greek words begin with a capital, which Windows-1255 reads as a
    # Hebrew point (no word begins with one), while Hebrew letters read as Greek ones.
    ("cp1255", "HEBREW"),
    ("cp1253", "GREEK"),
    ("cp874", "THAI"),
)
# A word this long without an ASCII letter is not Western ("été" has its t).
_FOREIGN_LETTERS = 3
_NORDIC = frozenset("æøåÆØÅ")
# Words of Cyrillic and Greek letters are a third vowels or more ("Иван Петров": 4 of
# 10); another script's bytes read in these are clusters of consonants ("Рбрбдьрпхлпт").
_VOWELS = {
    "CYRILLIC": frozenset("аеёиоуыэюяіїєў"),
    "GREEK": frozenset("αεηιουωάέήίόύώϊϋΐΰ"),
}
_LEAST_VOWELS = 0.25


# Turkish in Windows-1254 read as Windows-1252: "ı" is "ý", "ş" "þ", "ğ" "ð" ("Ayþe
# Yýlmaz"). Icelandic writes þ and ð too, beside á, é, í, ó, ú and æ, which Turkish never
# does; "ı", Turkish's commonest letter beyond ASCII, is rare in Icelandic.
_DOTLESS_I = frozenset("ýÝ")
_TURKISH_ONLY = frozenset("ýÝþÞðÐ")
_NOT_TURKISH = frozenset("áéíóúæÁÉÍÓÚÆ")


def turkish_reading(sample: bytes, chosen: str | None) -> str | None:
    """Returns Windows-1254 when a Western reading of ``sample`` looks like Turkish.

    That is, when it holds "ý" (Turkish's "ı") and another of the letters only
    Windows-1254 reads otherwise, and none of the accented vowels Turkish lacks.
    """
    if chosen not in (WINDOWS, None):
        return chosen
    try:
        western = sample.decode(WINDOWS)
    except UnicodeDecodeError:
        return chosen
    letters = set(western)
    turkish = letters & _TURKISH_ONLY
    if letters & _DOTLESS_I and len(turkish) >= 2 and not letters & _NOT_TURKISH:
        return "cp1254"
    return chosen


def other_script_reading(sample: bytes, chosen: str | None) -> str | None:
    """Returns the code page of another script when a Western reading looks foreign.

    Args:
        sample: The words of the bytes that hold non-ASCII bytes, one a line.
        chosen: The codec chosen so far (None when undecided).

    Returns:
        ``chosen``, unless it is Western or None and most words of its Windows-1252
        reading are letters without an ASCII one: then the first code page whose
        reading is words of its script alone, if any.
    """
    if chosen is not None and chosen not in WESTERN:
        return chosen
    try:
        western = sample.decode("cp1252")
    except UnicodeDecodeError:
        return chosen
    words = [word for word in western.split() if not word.isascii()]
    foreign = [word for word in words if _without_ascii_letters(word)]
    if not words or len(foreign) * 2 < len(words):
        return chosen
    for codec, script in _SCRIPTS:
        try:
            reading = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        words = reading.split()
        if all(_plain_word(word, script) for word in words) and _voiced(reading, script):
            return codec
    return chosen


def _without_ascii_letters(word: str) -> bool:
    letters = [character for character in word if character.isalpha()]
    return (
        len(letters) >= _FOREIGN_LETTERS
        and not any(c.isascii() for c in letters)
        and not set(letters) <= _NORDIC  # "ÆØÅ", "æøå": the Danish and Norwegian letters
    )


def _voiced(text: str, script: str) -> bool:
    """Whether the letters of ``script`` hold enough vowels, where it has any."""
    vowels = _VOWELS.get(script)
    if vowels is None:
        return True
    letters = [c.lower() for c in text if c.isalpha() and not c.isascii()]
    return bool(letters) and sum(c in vowels for c in letters) >= _LEAST_VOWELS * len(letters)


def _plain_word(word: str, script: str) -> bool:
    """Letters of ``script`` (or ASCII ones) with their marks, cased as words are.

    A mark first, a letter of another script, a sign, or a capital after a small
    letter ("гНгП": Arabic read as Cyrillic) is not how a word is written.
    """
    if word.isascii():
        return True
    if unicodedata.category(word[0])[0] == "M":
        return False
    previous = ""
    for character in word:
        kind = unicodedata.category(character)
        if kind[0] == "L":
            name = unicodedata.name(character, "?")
            if not (character.isascii() or name.startswith(script)):
                return False
            if character.isupper() and previous.islower():
                return False
        elif kind[0] != "M" and not (character.isascii() or kind[0] == "P"):
            return False  # a sign or a digit of another script among the letters
        previous = character
    return True
