"""Decoding bytes of unknown encoding and repairing mojibake, changing nothing else.

Position files and form exports share these rules, so a text is treated the same
whichever way it arrives.
"""

from __future__ import annotations

import codecs

import ftfy
from ftfy.badness import is_bad

# Only mojibake is repaired: HTML entities, curly quotes, ligatures, full-width letters,
# line breaks, control characters and the Unicode form are what the author wrote.
_MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def repair_mojibake(text: str) -> str:
    """Repairs mojibake (``â€”`` back to ``—``) and leaves everything else as it is."""
    # ftfy's own quick test for mojibake-like sequences decides whether the full (slow)
    # repair runs: most answers are plain text, and this keeps big imports fast.
    if text.isascii() or not is_bad(text):
        return text
    return ftfy.fix_text(text, _MOJIBAKE_ONLY)


class UndecodableText(ValueError):
    """Bytes that claim to be UTF-16 (by their byte-order mark) but are not."""


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decodes bytes as UTF-8 (with or without BOM) or UTF-16 (with BOM), else Windows-1252.

    Returns:
        The text, and the name of the fallback encoding used, or None when the bytes
        were valid Unicode.

    Raises:
        UndecodableText: A UTF-16 byte-order mark followed by damaged bytes.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise UndecodableText(str(exc)) from exc
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Older Windows tools save Windows-1252 (curly quotes and dashes in 0x80-0x9F); it
    # leaves five bytes undefined, and Latin-1 decodes any byte as a last resort.
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"
