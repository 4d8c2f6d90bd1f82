"""Decoding bytes of unknown encoding and repairing mojibake, changing nothing else.

Position files and form exports share these rules, so a text is treated the same
whichever way it arrives.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from charset_normalizer import CharsetMatch, CharsetMatches, from_bytes
from charset_normalizer.utils import is_multi_byte_encoding

from reviewer_app.storage.damaged_utf8 import damaged_lines_text, mostly_utf8
from reviewer_app.storage.east_asian_readings import keeps_to_common, most_likely_reading
from reviewer_app.storage.other_scripts import other_script_reading, turkish_reading
from reviewer_app.storage.western_code_pages import (
    MAC_ROMAN,
    WINDOWS,
    plausibility,
    western_reading,
)

# UTF-16 without a byte-order mark is also valid UTF-8 (ASCII letters and NUL bytes):
# a sample this full of NUL bytes is first offered to the detector as UTF-16 or UTF-32.
_NUL_SAMPLE = 4096
_NUL_SHARE = 0.1
_WIDE_UNICODE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
# Two readings whose chaos differs by less than this are equally likely.
_TIE = 0.01
# The detector finds chaos in clean Japanese names (repeated characters, 0.11): an East
# Asian reading this much less clean than its choice is still weighed against it.
_EAST_ASIAN_TIE = 0.15
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# The words that hold non-ASCII bytes: split at ASCII whitespace, delimiters and quotes,
# which no candidate multi-byte encoding uses inside a character (the second byte of a
# Shift-JIS, GBK, Big5 or EUC character is 0x40 or above).
_NON_ASCII_TOKEN = re.compile(rb"[^\s,;\"']*[\x80-\xff][^\s,;\"']*")
_SAMPLE_FROM = 4 * 2**20
# The readings' words are compared over this many bytes of the sample at most.
_WORDS_JUDGED = 2**16
# The legacy encodings of form exports the detector chooses among: Windows code pages,
# KOI8-R, Mac Roman, and the East Asian ones. Others (DOS and EBCDIC pages, ISO 8859
# twins of the Windows pages) only tie with these on short text.
_LEGACY = [
    *(f"cp{page}" for page in range(1250, 1259)),
    "koi8_r",
    "mac_roman",
    "cp874",
    "cp932",
    "euc_jp",
    "cp949",
    "euc_kr",
    "gb18030",
    "big5",
]

_DISPLAY_NAMES = {
    "cp932": "Shift-JIS (Windows code page 932)",
    "shift_jis": "Shift-JIS",
    "euc_jp": "EUC-JP",
    "cp949": "Korean (Windows code page 949)",
    "euc_kr": "EUC-KR",
    "gb18030": "GB18030 (Chinese)",
    "gbk": "GBK (Chinese)",
    "big5": "Big5 (Chinese)",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16 (little-endian)",
    "utf_16_be": "UTF-16 (big-endian)",
    "utf_32": "UTF-32",
    "utf_32_le": "UTF-32 (little-endian)",
    "utf_32_be": "UTF-32 (big-endian)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1252": "Windows-1252",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "latin_1": "Latin-1",
    "mac_roman": "Mac Roman",
}


class UndecodableText(ValueError):
    """Bytes that claim to be UTF-16 (by their byte-order mark) but are not."""


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from bytes, and how its encoding was chosen.

    Attributes:
        text: The decoded text, without a byte-order mark.
        encoding: The encoding's name for people, e.g. "UTF-8" or "Windows-1252".
        how: "unicode" for UTF-8, or UTF-16/32 with a byte-order mark (nothing was
            guessed); "detected" when the detector chose the encoding by the content;
            "assumed" when it could not tell and the legacy default was used;
            "damaged" for UTF-8 but for a few damaged sequences, each read as "�".
        damaged_lines: The lines of those sequences (from 1).
    """

    text: str
    encoding: str
    how: Literal["unicode", "detected", "assumed", "damaged"]
    damaged_lines: tuple[int, ...] = ()


def decode_bytes(data: bytes) -> DecodedText:
    """Decodes bytes as UTF-8, UTF-16/32 with a byte-order mark, else by detection.

    Detection (charset-normalizer) reads the content: UTF-16 without a byte-order mark,
    Shift-JIS, Windows-1251, ... Windows-1252, the encoding older Windows tools save,
    wins whenever it reads the bytes as cleanly as the detector's choice, and is taken
    too when several code pages read them equally well, each differently (short text),
    unless Mac Roman reads the words more plausibly (see
    :func:`~reviewer_app.storage.western_code_pages.western_reading`); Latin-1 decodes
    any byte as a last resort. Preemptive detection (an encoding named
    in the text) is off: an answer may quote any declaration.

    Raises:
        UndecodableText: A UTF-16/32 byte-order mark followed by damaged bytes.
    """
    marked = _by_byte_order_mark(data)
    if marked is not None:
        return marked
    sample = data[:_NUL_SAMPLE]
    if sample and sample.count(0) >= _NUL_SHARE * len(sample):
        wide = from_bytes(data, cp_isolation=_WIDE_UNICODE, preemptive_behaviour=False).best()
        decoded = None if wide is None else _decode_as(data, wide.encoding, "detected")
        if decoded is not None:
            return decoded
    try:
        return DecodedText(data.decode("utf-8-sig"), "UTF-8", "unicode")
    except UnicodeDecodeError:
        damaged = mostly_utf8(data)
        if damaged is not None:
            return DecodedText(damaged.text, "UTF-8", "damaged", damaged.lines)
    # ASCII reads the same in every candidate: judged with the rest, a short name
    # in Shift-JIS among English headers looked like Windows-1252 to the detector.
    sample = b"\n".join(dict.fromkeys(_NON_ASCII_TOKEN.findall(_head(data))))
    matches = from_bytes(sample, cp_isolation=_LEGACY, preemptive_behaviour=False)
    best = matches.best()
    chosen = None if best is None else _choose(sample, matches, best)
    judged = _head(sample, _WORDS_JUDGED)
    chosen = other_script_reading(judged, western_reading(sample, chosen))
    chosen = turkish_reading(judged, chosen)
    decoded = None if chosen is None else _decode_as(data, chosen, "detected")
    return decoded if decoded is not None else _legacy(data)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decodes bytes as :func:`decode_bytes` does.

    Returns:
        The text, and the name of the encoding used when the bytes were not Unicode
        (UTF-8, or UTF-16/32 with a byte-order mark), else None.

    Raises:
        UndecodableText: A UTF-16/32 byte-order mark followed by damaged bytes.
    """
    decoded = decode_bytes(data)
    if decoded.how == "damaged":
        lines = damaged_lines_text(decoded.damaged_lines)
        return decoded.text, f'UTF-8, with damaged bytes read as "\ufffd" ({lines})'
    return decoded.text, None if decoded.how == "unicode" else decoded.encoding


def _head(data: bytes, size: int = _SAMPLE_FROM) -> bytes:
    """The first ``size`` bytes of ``data`` at most, ending at a line break.

    Cut anywhere else, the last character of a multi-byte encoding may be cut in two,
    and no encoding would read the sample: no such encoding has a line break's byte
    inside a character.
    """
    if len(data) <= size:
        return data
    head = data[:size]
    end = head.rfind(b"\n")
    return head[:end] if end > 0 else head


def encoding_display_name(codec: str) -> str:
    """Returns a codec's name as people know it, e.g. "cp932" -> "Shift-JIS (...)"."""
    try:
        name = codecs.lookup(codec).name.replace("-", "_")
    except LookupError:
        return codec
    return _DISPLAY_NAMES.get(name, name)


def _by_byte_order_mark(data: bytes) -> DecodedText | None:
    # UTF-32's little-endian mark begins with UTF-16's: it is tried first.
    for marks, codec, name in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32", "UTF-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16", "UTF-16"),
    ):
        if data.startswith(marks):
            try:
                return DecodedText(data.decode(codec), name, "unicode")
            except UnicodeDecodeError as exc:
                if codec == "utf-32":
                    continue  # UTF-16 text whose first character is NUL
                raise UndecodableText(str(exc)) from exc
    return None


def _choose(sample: bytes, matches: CharsetMatches, best: CharsetMatch) -> str | None:
    """The codec to read the bytes with, or None when no reading is better than others.

    The detector's choice, unless another reading has fewer odd words (see
    :func:`_odd_words`): the detector read Polish "Łukasz Żółć" in Windows-1250 as
    Windows-1252's "£ukasz ¯ó³æ" without a sign of chaos, and a short one as Big5.

    Args:
        sample: The words of the bytes that hold non-ASCII bytes, one a line.
        matches: The detector's readings of ``sample``.
        best: The detector's choice among them.
    """
    chosen = _detector_choice(sample, matches, best)
    sample = _head(sample, _WORDS_JUDGED)  # the words are judged one by one, slowly
    readings: dict[str, int] = {}
    # The detector may drop the Western readings: they are judged all the same.
    detected = [*([chosen] if chosen else []), *(m.encoding for m in matches)]
    for codec in dict.fromkeys([*detected, WINDOWS, MAC_ROMAN]):
        try:
            readings[codec] = _odd_words(sample.decode(codec))
        except (UnicodeDecodeError, LookupError):
            continue
    if not readings:
        return chosen
    fewest = min(readings.values())
    # Another code page the detector chose still meets the East Asian readings below.
    settled = chosen is not None and (is_multi_byte_encoding(chosen) or chosen == WINDOWS)
    if settled and readings.get(chosen or "", fewest) == fewest:
        return chosen
    least_odd = [codec for codec, odd in readings.items() if odd == fewest]
    # Names in Chinese read as Thai or Arabic letters without an odd word: an East
    # Asian reading that keeps to its common characters wins, unless the Western one
    # reads as words of a Western language.
    east_readings = {
        codec: sample.decode(codec) for codec in least_odd if is_multi_byte_encoding(codec)
    }
    east = most_likely_reading(list(east_readings.items()))
    if east is not None and keeps_to_common(east_readings[east], east):
        western = plausibility(sample.decode(WINDOWS)) if WINDOWS in least_odd else None
        if western is None or western.flaws or western.score <= 0:
            return east
    if chosen in least_odd:
        return chosen
    if chosen is None and len(least_odd) > 1:
        return None  # still no reading better than the others
    # Windows-1252 wins ties here too: Central European reads "Håkan" as "Hĺkan".
    return WINDOWS if WINDOWS in least_odd else least_odd[0]


def _odd_words(text: str) -> int:
    """How many words hold what no language's words hold.

    That is a symbol among letters ("t³umaczeniu", "£ukasz"), letters of two
    scripts ("ㄆkasz": Bopomofo and Latin), or a mark that belongs on the letter before
    it first ("ีลฮฐ": Thai's vowel sign).
    """
    odd = 0
    for word in text.split():
        if unicodedata.category(word[0])[0] == "M":
            odd += 1
            continue
        scripts = set()
        letters = 0
        symbols = 0
        for character in word:
            if character.isalpha():
                letters += 1
                if not character.isascii():
                    scripts.add(_script(character))
                else:
                    scripts.add("LATIN")
            elif unicodedata.category(character)[0] == "S" or character in "¹²³¼½¾ªº":
                symbols += 1
        if letters and (symbols or len(scripts) > 1):
            odd += 1
    return odd


# Japanese writes kanji and kana in one word, Korean Hangul and Hanja: one script here.
_EAST_ASIAN = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC")


def _script(character: str) -> str:
    script = unicodedata.name(character, "?").split(" ", 1)[0]
    return "EAST ASIAN" if script.startswith(_EAST_ASIAN) else script


def _detector_choice(sample: bytes, matches: CharsetMatches, best: CharsetMatch) -> str | None:
    """The detector's choice, Windows-1252 winning ties; None when it cannot tell."""
    if "cp1252" in best.could_be_from_charset:
        return "cp1252"
    if is_multi_byte_encoding(best.encoding):
        # A clean multi-byte reading (Shift-JIS, GB18030, ...) is strong evidence, as its
        # byte pairs rarely all fit by chance; but a curly quote or an accent inside a
        # Western word ("I\u2019m" in Windows-1252) pairs with the letter after it.
        # So does an accented letter before a plain one ("Ås" is Big5's "彎"): when each
        # character of the reading is such a pair, a Western reading without a flaw wins.
        reading = str(best)
        western = _decode_as(sample, "cp1252", "detected")
        if western is not None and _glued_to_words(reading):
            return "cp1252"
        if western is not None and _swallows_letters(reading, best.encoding):
            judged = plausibility(western.text)
            if judged.score > 0 and not judged.flaws:
                return "cp1252"
        # Among East Asian readings as clean as the detector's, the one that keeps to
        # its encoding's common characters: short names read cleanly in all of them.
        near = best.chaos + _EAST_ASIAN_TIE
        tied = [
            (match.encoding, str(match))
            for match in (best, *matches)
            if is_multi_byte_encoding(match.encoding) and match.chaos <= near
        ]
        return most_likely_reading(tied) or best.encoding
    as_cp1252 = from_bytes(sample, cp_isolation=["cp1252"], preemptive_behaviour=False).best()
    if as_cp1252 is not None and as_cp1252.chaos <= best.chaos + _TIE:
        return "cp1252"
    ties = [m for m in matches if m is not best and m.chaos <= best.chaos + _TIE]
    if any(m.coherence >= best.coherence - _TIE for m in ties):
        return None  # several code pages read it equally well, each differently
    return best.encoding


def _glued_to_words(text: str) -> bool:
    """Whether most runs of non-ASCII characters start right after an ASCII letter.

    So it is when Western text is read as a multi-byte encoding: each accented letter or
    curly quote, with the letter after it, becomes one character inside a word.
    """
    runs = _NON_ASCII_RUN.finditer(text)
    starts = [match.start() for match in runs]
    glued = sum(
        1
        for start in starts
        if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()
    )
    return bool(starts) and glued * 2 >= len(starts)


def _swallows_letters(reading: str, codec: str) -> bool:
    """Whether each non-ASCII character of a multi-byte reading ends in an ASCII letter.

    Or is a single byte (Shift-JIS's half-width katakana): so is a Western accented
    letter, or the one before a plain letter, read in that encoding. A real reading has
    a third of its second bytes in letters' range, seldom all of them.
    """
    characters = [character for character in reading if not character.isascii()]
    for character in characters:
        try:
            encoded = character.encode(codec)
        except (UnicodeEncodeError, LookupError):
            return False
        if len(encoded) > 1 and not (encoded[-1:].isascii() and encoded[-1:].isalpha()):
            return False
    return bool(characters)


def _decode_as(
    data: bytes, codec: str, how: Literal["unicode", "detected", "assumed"]
) -> DecodedText | None:
    # The detector reads samples of a big file: a byte it did not see may not fit.
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return DecodedText(text.removeprefix("\ufeff"), encoding_display_name(codec), how)


def _legacy(data: bytes) -> DecodedText:
    # Older Windows tools save Windows-1252 (curly quotes and dashes in 0x80-0x9F); it
    # leaves five bytes undefined, and Latin-1 decodes any byte as a last resort.
    try:
        return DecodedText(data.decode("cp1252"), "Windows-1252", "assumed")
    except UnicodeDecodeError:
        return DecodedText(data.decode("latin-1"), "Latin-1", "assumed")
