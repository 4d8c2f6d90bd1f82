"""Repairing the cells of an export, quickly on the many that cannot be garbled."""

from __future__ import annotations

import functools
import re

from ftfy.badness import MOJIBAKE_CATEGORIES

from reviewer_app.storage.mojibake_repair import repair_mojibake

_CATEGORIES = (
    "c1",
    "bad",
    "lower_accented",
    "upper_accented",
    "box",
    "start_punctuation",
    "end_punctuation",
    "currency",
    "numeric",
    "law",
)
# The letters that ftfy's other patterns need (Latin, Cyrillic and Greek capitals, and
# a few signs); some are in none of the categories above.
_STARTS = (
    "\u0152\u0153\u00c2\u00c3\u00ce\u00d0\u00d7\u00d8\u00d9\u00e0\u221a\u2248\u201a"
    "\u0432\u0412\u0413\u0420\u0421\u03b2\u0392\u0393\u039e\u039f\u0101"
)
MOJIBAKE_CHARACTER = re.compile(
    "[" + "".join(MOJIBAKE_CATEGORIES[name] for name in _CATEGORIES) + _STARTS + "]"
)
"""Every pattern of ftfy's mojibake test (``is_bad``) needs one of these characters."""

# Short cells repeat down an export (a city, a name, an answer to a choice question):
# each distinct one is repaired once. Long ones rarely repeat and would fill the memo.
_MEMO_LENGTH = 200
_MEMO_SIZE = 4096


def repair_cell(text: str) -> str:
    """The same as :func:`repair_mojibake`, quicker on text that cannot be mojibake.

    ftfy's test for mojibake is thirty times slower on a long answer than a search for
    one of the characters that every pattern of it needs; a text without any is left
    as it is, which is what the test would decide. A short cell seen before is not
    tested again.
    """
    if text.isascii() or MOJIBAKE_CHARACTER.search(text) is None:
        return text
    if len(text) <= _MEMO_LENGTH:
        return _repair_short(text)
    return repair_mojibake(text)


def repair_cells(cells: list[str], joined: str) -> list[str]:
    """:func:`repair_cell` of each of a row's cells; ``cells`` itself when none can change.

    Args:
        cells: The row's texts.
        joined: The same texts joined: one search over the row tells, for half the rows
            of a real export, that no cell needs the search of its own.
    """
    if joined.isascii() or MOJIBAKE_CHARACTER.search(joined) is None:
        return cells
    return [text if text.isascii() else repair_cell(text) for text in cells]


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _repair_short(text: str) -> str:
    # The repair depends on the text alone: a remembered result is the same result.
    return repair_mojibake(text)
