"""Repairing mojibake ("â€”" back to "—"), and nothing else, with ftfy.

Position files and form exports share it, so a text is repaired the same whichever way
it arrives.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

# Only mojibake is repaired: HTML entities, curly quotes, ligatures, full-width letters,
# line breaks, control characters and the Unicode form are what the author wrote.
_MOJIBAKE_ONLY = {
    "unescape_html": False,
    "remove_terminal_escapes": False,
    "fix_latin_ligatures": False,
    "fix_character_width": False,
    "uncurl_quotes": False,
    "fix_line_breaks": False,
    "remove_control_chars": False,
    "normalization": None,
    "explain": False,
}


@functools.cache
def _ftfy() -> tuple[Callable[[str], bool], Callable[[str], str]]:
    """ftfy's quick test for mojibake, and its repair of mojibake alone.

    Imported on first use: 40 ms (wcwidth's tables), kept off the window's start.
    """
    import ftfy
    from ftfy.badness import is_bad

    config = ftfy.TextFixerConfig(**_MOJIBAKE_ONLY)  # type: ignore[arg-type]
    return is_bad, functools.partial(ftfy.fix_text, config=config)


_LOST_QUOTE = "\u00e2\u20ac\ufffd"


def repair_mojibake(text: str) -> str:
    """Repairs mojibake (``â€”`` back to ``—``) and leaves everything else as it is."""
    # ftfy's own quick test for mojibake-like sequences decides whether the full (slow)
    # repair runs: most answers are plain text, and this keeps big imports fast.
    if text.isascii():
        return text
    # "”" (E2 80 9D) read as Windows-1252 ends in the one byte it leaves undefined,
    # which a tool before us made "�": of the five characters that could have been
    # there, the closing quote is the one text holds.
    garbled = text.replace(_LOST_QUOTE, "\u00e2\u20ac\x9d")
    is_bad, fix_mojibake = _ftfy()
    if not is_bad(garbled):
        return text
    return fix_mojibake(garbled)
