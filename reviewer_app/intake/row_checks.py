"""What can be wrong with one row of a form export, said so that the user can fix it.

Reasons for rejecting a row, and warnings about rows that were taken: a file of
thousands of rows names the first few of each kind and counts the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from reviewer_app.intake.xlsx_formulas import UnsavedFormula

NAMED_WARNINGS = 20
"""Warnings of one kind named one by one; the rest are counted in one line."""

RESAVE = (
    "Open the file in Excel or LibreOffice and save it, so that formula results are "
    "stored, then import it again."
)
"""What to do about formula cells without a saved result."""

VALUES_NAMED = 5
"""How many of a row's values beyond the header a warning quotes."""

_SHOWN = 60
# A repaired cell is shown whole up to this length, else from a few characters before
# its first change.
_REPAIR_SHOWN = 40
_REPAIR_CONTEXT = 10
# One "@" with something on both sides and no whitespace: what the applicant typed is
# kept as it is, so only what can never be an address is refused.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def shorten(text: str, limit: int = _SHOWN) -> str:
    """Returns ``text`` cut to ``limit`` characters, ending in "..." when cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def repair_warning(file_name: str, row_number: int, header: str, before: str, after: str) -> str:
    """Names a cell whose garbled text was repaired, with the text before and after.

    A long cell is shown from a little before its first change.
    """
    start = 0
    if max(len(before), len(after)) > _REPAIR_SHOWN:
        same, shorter = 0, min(len(before), len(after))
        while same < shorter and before[same] == after[same]:
            same += 1
        start = max(0, same - _REPAIR_CONTEXT)

    def excerpt(text: str) -> str:
        piece = text[start : start + _REPAIR_SHOWN]
        end = "..." if start + _REPAIR_SHOWN < len(text) else ""
        return ("..." if start else "") + piece + end

    return (
        f"{file_name} row {row_number}, column {header!r}: garbled text repaired: "
        f"{excerpt(before)!r} → {excerpt(after)!r}."
    )


def email_problem(header: str, email: str) -> str | None:
    """Says why a (stripped) email cannot be an applicant's address; None when it can be.

    Args:
        header: The email column's header, to name it.
        email: The cell's text, stripped.
    """
    if not email:
        return (
            f"The {header!r} cell is empty: an application without an email can be neither "
            "answered nor told apart from the same person's other applications."
        )
    if email.startswith("="):
        shown = shorten(email)
        return f"The {header!r} cell {shown!r} holds a spreadsheet formula, not an email address."
    if _EMAIL.fullmatch(email) is None:
        return f"The {header!r} cell {shorten(email)!r} is not an email address."
    return None


def short_row_reason(cells: int, header_cells: int) -> str:
    """The reason for rejecting a CSV row with fewer cells than the header."""
    return (
        f"This row has {cells} cell{'s' if cells != 1 else ''}, the header has "
        f"{header_cells}: a line break inside an unquoted cell? Fix the row in the file "
        "and import it again."
    )


def unsaved_reason(headers: list[str]) -> str:
    """The reason for rejecting a row whose meaningful cells are unsaved formulas."""
    named = " and ".join(repr(header) for header in headers)
    cells = "cell holds a formula" if len(headers) == 1 else "cells hold formulas"
    return f"The {named} {cells} with no saved result. {RESAVE}"


def unsaved_warning(file_name: str, row_number: int, header: str, cell: UnsavedFormula) -> str:
    """Names a formula cell without a saved result, read as empty."""
    # Translating a shared formula costs time: only done for the cells named.
    formula = cell.formula
    shown = f"a formula ({shorten(formula)})" if formula else "a formula"
    return (
        f"{file_name} row {row_number}, column {header!r}: {shown} with no saved result, "
        "read as empty."
    )


def overlong_warning(
    file_name: str,
    row_number: int,
    widths: tuple[int, int],
    shown: list[tuple[str, str]],
    count: int,
    *,
    csv: bool,
) -> str:
    """Names the values of a row beyond the header, kept as answers of that row only.

    Args:
        file_name: The export's file name.
        row_number: The row.
        widths: How many cells the row has, and the header.
        shown: (header, value) of the first :data:`VALUES_NAMED` values beyond it.
        count: How many values are beyond it.
        csv: Whether the export is a CSV file, where a comma may have split a cell.
    """
    more = f" and {count - len(shown):,} more" if count > len(shown) else ""
    values = ", ".join(repr(shorten(value, 30)) for _, value in shown) + more
    names = (", " if more else " and ").join(repr(header) for header, _ in shown) + more
    several = count > 1
    hint = " A comma inside an unquoted cell?" if csv else ""
    return (
        f"{file_name} row {row_number} has {widths[0]} cells, the header {widths[1]}: the "
        f"value{'s' if several else ''} beyond it ({values}) {'were' if several else 'was'} "
        f"kept as answer{'s' if several else ''} {names} of this row only.{hint}"
    )


def look_alike_warning(file_name: str, row_number: int, header: str, email: str) -> str:
    """The warning about an address with invisible or full-width characters.

    The address itself is not quoted: warnings are printed, and an erased applicant's
    address must not be (see intake.importer).
    """
    odd = dict.fromkeys(
        f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed').lower()}"
        for character in email
        if (not character.isascii() and unicodedata.normalize("NFKC", character) != character)
        or unicodedata.category(character) == "Cf"
    )
    shown = ", ".join(list(odd)[:3]) + (", ..." if len(odd) > 3 else "")
    return (
        f"{file_name} row {row_number}, column {header!r}: the address holds invisible or "
        f"full-width characters ({shown}); it is compared with other addresses without "
        "them, but kept as typed: messages sent to it may fail. Check it with the applicant."
    )


class CappedWarnings:
    """Warnings of one kind about rows: the first ones named, the rest counted.

    Args:
        file_name: The export's file name, which the counting line starts with.
        rest: What the counted ones are, e.g. "cells with a formula but no saved result".
        advice: What to do about them all; said once, after the named ones.
    """

    def __init__(self, file_name: str, rest: str, advice: str = "") -> None:
        self._file_name = file_name
        self._rest = rest
        self._advice = advice
        self._named: list[str] = []
        self._counted = 0
        self._rows: tuple[int, int] = (0, 0)

    def add(self, row_number: int, describe: Callable[[], str]) -> None:
        """Adds a warning about a row; ``describe`` is called only if it is named."""
        if len(self._named) < NAMED_WARNINGS:
            self._named.append(describe())
            return
        first = self._rows[0] if self._counted else row_number
        self._counted += 1
        self._rows = (first, row_number)

    def lines(self) -> list[str]:
        """Returns the warnings: the named ones, then the count and the advice."""
        if not self._named:
            return []
        advice = f" {self._advice}" if self._advice else ""
        if self._counted:
            first, last = self._rows
            rows = f"row {first}" if first == last else f"rows {first} to {last}"
            more = f"and {self._counted} more {self._rest}, in {rows}."
            return [*self._named, f"{self._file_name}: {more}{advice}"]
        if advice:
            return [*self._named, f"{self._file_name}:{advice}"]
        return list(self._named)


# The most characters a cell of a form's answer may hold (a long answer is a few
# thousand): one far longer is a damaged export or the wrong file, and it would be kept
# in the shared database and sent to every reviewer's laptop.
MAX_CELL_CHARACTERS = 1_000_000


def oversized_reason(headers: list[str], cells: list[str], length: int) -> str | None:
    """Why a row with a cell longer than :data:`MAX_CELL_CHARACTERS` is rejected, if it is.

    ``length`` is the row's cells' together: a row no longer has no such cell, and its
    cells are not looked at one by one (the reader's hot path, 100,000 rows).
    """
    if length <= MAX_CELL_CHARACTERS:
        return None
    for header, cell in zip(headers, cells, strict=False):
        if len(cell) > MAX_CELL_CHARACTERS:
            return (
                f"The {header!r} cell holds {len(cell):,} characters, more than the "
                f"{MAX_CELL_CHARACTERS:,} a form's answer may: is the export damaged? "
                "Shorten it in the file and import it again."
            )
    return None
