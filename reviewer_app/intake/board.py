"""The layout of an export: where its header is, and the rows of a board export.

A board export (monday.com's, for one) puts the board's title first, then for each
group a row with the group's name, the column headers again, the items, and maybe a
row of the group's totals. A form export is the special case of a header in row 1 and
no groups. Every row that is not an item is kept as a :class:`SkippedRow`, so that the
summary counts it: none is dropped unsaid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from reviewer_app.intake.cells import cell_text, is_empty
from reviewer_app.intake.columns import ColumnMapping, identity_fields
from reviewer_app.intake.responses import (
    GROUP_NAME,
    REPEATED_HEADER,
    SUMMARY,
    TITLE,
    SkippedRow,
)

HEADER_SEARCH = 20
"""How many of the first non-blank rows are searched for the header."""

Row = tuple[int, list[object]]


@dataclass
class Body:
    """The rows below the header, sorted out.

    Attributes:
        items: (row number, cells, group name) of each row to read as an application;
            the group name is "" outside any group.
        skipped: The rows that are not items, and why, in row order.
        grouped: Whether the export has groups: each application then keeps its
            group's name as an answer.
    """

    items: list[tuple[int, list[object], str]] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    grouped: bool = False


def _filled(cells: list[object]) -> list[object]:
    # A text cell (all of a CSV file's) is tested inline: this runs for every row.
    return [
        cell for cell in cells if (cell.strip() if cell.__class__ is str else not is_empty(cell))
    ]


def _is_filled(cell: object) -> bool:
    return bool(cell.strip()) if cell.__class__ is str else not is_empty(cell)


def _one_filled(cells: list[object]) -> bool:
    """Whether exactly one cell is filled; stops at the second (most rows have many)."""
    filled = 0
    for cell in cells:
        if _is_filled(cell):
            filled += 1
            if filled > 1:
                return False
    return filled == 1


def _key(cells: list[object]) -> tuple[str, ...]:
    """The texts of a row up to its last filled cell, to tell a repeated header."""
    texts = [cell_text(cell).strip() for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _is_header(cells: list[object], header: tuple[str, ...]) -> bool:
    """Whether a row repeats the header (:func:`_key`); most rows differ in their first cell."""
    if header and cells and cell_text(cells[0]).strip() != header[0]:
        return False
    return _key(cells) == header


def find_header(rows: list[Row], spec: ColumnMapping) -> int:
    """Returns the index in ``rows`` of the header row.

    It is the first of the first :data:`HEADER_SEARCH` non-blank rows that names both
    the name and the email column, else the first that names either; else the first
    non-blank row, whose headers the error about missing columns then lists.
    """
    # Only the first rows are searched: not every row is looked at.
    filled = list(islice((i for i, (_, cells) in enumerate(rows) if _filled(cells)), HEADER_SEARCH))
    named = [(index, identity_count(rows[index][1], spec)) for index in filled]
    # Both first: a title or group called "Email" above the header is not the header.
    for wanted in (2, 1):
        for index, found in named:
            if found == wanted:
                return index
    return filled[0] if filled else 0


def identity_count(cells: Sequence[object], spec: ColumnMapping) -> int:
    """How many of the name and the email a row's cells name (:func:`identity_fields`)."""
    return len(set().union(*(identity_fields(cell_text(cell), spec) for cell in cells)))


def sort_rows(rows: list[Row], header_index: int, identity: tuple[int, ...]) -> Body:
    """Sorts the rows around the header into items and skipped rows.

    Above the header, the one-cell row just above it names the first group when
    groups follow or a title stands above it; the other rows are titles. Below it, a
    one-cell row followed by the header again starts a group, the repeated header is
    skipped, and so, in a board export, is a row without name and email that ends a
    group (the group's totals).

    Args:
        rows: Every row of the sheet, in order.
        header_index: Where the header is in ``rows``.
        identity: The column indexes of the name (or its parts) and the email.
    """
    header = _key(rows[header_index][1])
    above = [(number, cells) for number, cells in rows[:header_index] if _filled(cells)]
    below = [
        (number, cells)
        for number, cells in islice(rows, header_index + 1, None)
        if any(map(_is_filled, cells))
    ]
    starts = _group_starts(below, header)
    body = Body(grouped=bool(starts))
    group = ""
    if (
        above
        and len(_filled(above[-1][1])) == 1
        and (starts or (len(above) > 1 and not _about_the_file(above[-1][1])))
    ):
        number, cells = above.pop()
        group = cell_text(_filled(cells)[0]).strip()
        body.grouped = True
        body.skipped.append(SkippedRow(number, GROUP_NAME))
    body.skipped[:0] = [SkippedRow(number, TITLE) for number, _ in above]
    board = header_index > 0 or body.grouped
    for position, (number, cells) in enumerate(below):
        if position in starts:
            group = cell_text(_filled(cells)[0]).strip()
            body.skipped.append(SkippedRow(number, GROUP_NAME))
        elif _is_header(cells, header):
            body.skipped.append(SkippedRow(number, REPEATED_HEADER))
        elif board and _is_summary(below, position, identity, header, starts):
            body.skipped.append(SkippedRow(number, SUMMARY))
        else:
            body.items.append((number, cells, group))
    return body


# What a line about the file says ("Generated 2026-03-05", "Exported on 5/3/2026"): above
# the header without groups below it, such a line is a title, never the group's name.
_ABOUT_THE_FILE = re.compile(
    r"\b(?:generated|exported|downloaded|created|printed|as of|report)\b"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}",
    re.IGNORECASE,
)


def _about_the_file(cells: list[object]) -> bool:
    return bool(_ABOUT_THE_FILE.search(cell_text(_filled(cells)[0])))


def _group_starts(below: list[Row], header: tuple[str, ...]) -> set[int]:
    """The positions in ``below`` of one-cell rows followed by the header again."""
    return {
        position
        for position, (_, cells) in enumerate(below[:-1])
        if _one_filled(cells) and _is_header(below[position + 1][1], header)
    }


def _is_summary(
    below: list[Row],
    position: int,
    identity: tuple[int, ...],
    header: tuple[str, ...],
    starts: set[int],
) -> bool:
    """Whether a row without name and email ends its group: the board's totals."""
    cells = below[position][1]
    if any(index < len(cells) and not is_empty(cells[index]) for index in identity):
        return False
    following = position + 1
    return following == len(below) or following in starts or _is_header(below[following][1], header)
