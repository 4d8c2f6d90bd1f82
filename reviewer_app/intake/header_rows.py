"""A workbook's header in two rows, joined into one: "Availability – Hours per week".

A form tool or a coordinator may group questions under a banner: the banner's cell is
merged across its questions in the first header row, each question is below it, and a
column without a banner is merged down over both rows ("Email" in A1:A2). Read as it
is, the second row would be taken for an application.
"""

# The joined header's dash is an en dash, as people write it.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewer_app.intake.board import find_header
from reviewer_app.intake.columns import ColumnMapping, identity_fields
from reviewer_app.intake.xlsx_formulas import UnsavedFormula

_JOINER = " – "

Bounds = tuple[int, int, int, int]
"""A merged range: first column, first row, last column, last row, numbered from 1."""


@dataclass(frozen=True)
class JoinedHeader:
    """A header of two rows joined into its first: which row, and how it reads now."""

    row_number: int
    example: str
    """The first header joined, e.g. "Availability – Hours per week"."""


def join_two_row_header(
    rows: list[tuple[int, list[object]]], merged: Sequence[Bounds], spec: ColumnMapping
) -> JoinedHeader | None:
    """Joins the header with the row it continues into, in place.

    The header is the row :func:`reviewer_app.intake.board.find_header` chooses; it is
    joined with the row below when it continues into it, or with the row above (a row
    of banners) when that one continues into it, and no other rows are. A row
    continues into the next when a merged range spans both, and the next holds text
    only where the row is blank or merged across (under a banner). Each column's
    header is then the banner and the text below it, joined ("Availability – Hours per
    week"); one alone stays as it is, and so does a text below that is the name or the
    email column by itself (see :func:`_joined`).

    Args:
        rows: A sheet's (row number, cells), blank rows left out; the lower row of the
            header is removed, and the upper's cells replaced by the joined texts.
        merged: The sheet's merged ranges near its top.
        spec: The mapping file's choices.

    Returns:
        The header joined, or None when the header does not span two rows.
    """
    if not rows:
        return None
    header = find_header(rows, spec)
    for index in (header - 1, header):
        if index < 0 or index + 1 == len(rows) or rows[index + 1][0] != rows[index][0] + 1:
            continue
        number, top = rows[index]
        if not any(first == number < last for _, first, _, last in merged):
            continue  # nothing spans down from this row
        below = rows[index + 1][1]
        across = [
            (left, right)
            for left, first, right, last in merged
            if first <= number <= last and right > left
        ]
        if not _continues(top, below, across):
            continue
        joined = _joined(top, below, across, spec)
        rows[index : index + 2] = [(number, joined)]
        example = next((cell for cell in joined if isinstance(cell, str) and _JOINER in cell), "")
        return JoinedHeader(number, example)
    return None


def _continues(top: list[object], below: list[object], across: list[tuple[int, int]]) -> bool:
    """Whether ``below`` holds text only where ``top`` is blank or under a banner."""
    if any(isinstance(cell, UnsavedFormula) for cell in (*top, *below)):
        return False
    for column, cell in enumerate(below, start=1):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if not isinstance(cell, str):
            return False  # a number or a date: an answer, not a header
        banner = any(left <= column <= right for left, right in across)
        if not banner and column <= len(top) and _text(top[column - 1]):
            return False
    return True


def _joined(
    top: list[object], below: list[object], across: list[tuple[int, int]], spec: ColumnMapping
) -> list[object]:
    """The header's cells: each as it was, but for those with text below or a banner.

    A text under a banner that names the name or the email ("Applicant" over "Email")
    stays alone, so that it is still found, unless another column is that field
    already: "Reference – Name" beside "Name" stays joined, and so does every other
    text ("Interview – Date" is no submitted time).
    """
    cells: list[tuple[str, str, object]] = []  # banner, text below, the header alone
    for column in range(1, max(len(top), len(below)) + 1):
        anchor = next((left for left, right in across if left <= column <= right), column)
        banner = _text(top[anchor - 1]) if anchor <= len(top) else ""
        text = _text(below[column - 1]) if column <= len(below) else ""
        alone = top[column - 1] if column <= len(top) else None
        cells.append((banner, text, text or banner if text or anchor != column else alone))
    taken: set[str] = set()
    for banner, text, alone in cells:
        if not (banner and text):
            taken |= identity_fields(_text(alone), spec)
    headers: list[object] = []
    for banner, text, alone in cells:
        if not (banner and text):
            headers.append(alone)
            continue
        fields = identity_fields(text, spec)
        if len(fields) == 1 and not fields & taken:
            taken |= fields
            headers.append(text)
        else:
            headers.append(f"{banner}{_JOINER}{text}")
    return headers


def _text(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else "" if cell is None else str(cell)


def joined_header_warning(file_name: str, sheet: str, joined: JoinedHeader) -> str:
    """Tells that a header of two rows was read as one, and how a joined header reads."""
    example = f" (e.g. {joined.example!r})" if joined.example else ""
    return (
        f"{file_name} sheet {sheet!r} has a header of two rows, {joined.row_number} and "
        f"{joined.row_number + 1} (merged cells): they were read as one header, each "
        f"column's texts joined{example}. A mapping file names a column by its joined header."
    )
