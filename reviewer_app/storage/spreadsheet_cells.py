"""Cells a spreadsheet would run as formulas, made text (OWASP "CSV injection").

A spreadsheet runs a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@``.
What a person sees as the start of a cell is not always its first character: a
spreadsheet may trim leading spaces on import, a zero-width space or a byte order mark
is invisible, and Excel in East Asian locales reads the full-width ``＝＋－＠`` as their
ASCII forms. So a cell is made text, by a leading quote, when:

- it starts with a tab or a carriage return (OWASP's list), or
- after a leading run of :data:`INVISIBLE` characters (whitespace, control characters,
  and Unicode's default-ignorable ones: zero-width spaces and joiners, the BOM, bidi
  controls, variation selectors, tags…), its first character is one of
  :data:`FORMULA_TRIGGERS`: ``=+-@`` or any character whose compatibility form (NFKC)
  is one of them (full-width ``＝＋－＠``, small forms, superscripts, subscripts).

The export of decisions and the rejected rows of an import both write for a spreadsheet,
so both use this rule. Side effect, as OWASP documents it: a value such as ``-2`` or
``+44 20…`` in free text is written ``'-2`` or ``'+44 20…``.
"""

# The point of this module is look-alike characters.
# ruff: noqa: RUF002

from __future__ import annotations

import re

# The ASCII triggers first, then every other character whose NFKC form is one of them
# (tests/storage/test_spreadsheet_cells.py derives the list from unicodedata).
FORMULA_TRIGGERS = frozenset(
    "=+-@"
    "\u207a\u207c"  # superscript plus and equals
    "\u208a\u208c"  # subscript plus and equals
    "\ufb29"  # Hebrew alternative plus sign
    "\ufe62\ufe63\ufe66\ufe6b"  # small plus, hyphen-minus, equals, commercial at
    "\uff0b\uff0d\uff1d\uff20"  # full-width plus, hyphen-minus, equals, commercial at
)
# Triggers on their own, whatever follows them.
LEADING_CONTROL_TRIGGERS = frozenset("\t\r")

# Unicode's White_Space and control characters (Cc), and its Default_Ignorable_Code_Point
# characters: nothing a reader of the cell would see before a trigger.
INVISIBLE = (
    "\x00-\x20"  # C0 controls (tab, line feed, carriage return…) and space
    "\x7f-\xa0"  # delete, C1 controls (next line…) and no-break space
    "\xad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u1680"  # Ogham space mark
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180b-\u180f"  # Mongolian variation selectors and vowel separator
    "\u2000-\u200f"  # spaces, zero-width space, (non-)joiners, direction marks
    "\u2028-\u202f"  # line and paragraph separators, bidi embeddings, narrow space
    "\u205f-\u206f"  # math space, word joiner, invisible operators, bidi isolates
    "\u3000"  # ideographic space
    "\ufe00-\ufe0f"  # variation selectors
    "\ufeff"  # byte order mark (zero-width no-break space)
    "\ufff0-\ufffb"  # reserved ignorables, interlinear annotation marks
    "\U0001bca0-\U0001bca3"  # shorthand format controls
    "\U0001d173-\U0001d17a"  # musical format controls
    "\U000e0000-\U000e0fff"  # tags and variation selectors supplement
)

_TRIGGERS_CLASS = "".join(map(re.escape, sorted(FORMULA_TRIGGERS)))
_CONTROLS_CLASS = "".join(map(re.escape, sorted(LEADING_CONTROL_TRIGGERS)))
# One anchored match in C per cell: the export calls this for every text cell it writes.
_RUNS_AS_FORMULA = re.compile(f"[{_CONTROLS_CLASS}]|[{INVISIBLE}]*[{_TRIGGERS_CLASS}]").match


def as_text_cell(cell: str) -> str:
    """Returns ``cell`` as a spreadsheet shows it as text, never runs it."""
    return "'" + cell if _RUNS_AS_FORMULA(cell) is not None else cell
