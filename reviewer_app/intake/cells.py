"""A cell's value as text, and whether it holds anything: of a CSV file and a workbook alike."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import cast

from reviewer_app.intake.xlsx_formulas import UnsavedFormula


def is_empty(cell: object) -> bool:
    """Whether a cell holds nothing; a formula without a saved result is something."""
    if cell.__class__ is str:  # every cell of a CSV file: checked first, for speed
        return not cell.strip()
    return not isinstance(cell, UnsavedFormula) and not cell_text(cell).strip()


def cell_text(value: object) -> str:
    """Returns a cell as text: integers without ``.0``, dates in ISO form, None as "".

    An :class:`UnsavedFormula` is "" too: its value is unknown.
    """
    if value.__class__ is str:  # every cell of a CSV file: checked first, for speed
        return value
    if value is None or isinstance(value, UnsavedFormula):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel shows at most 15 significant digits; repr would show 0.30000000000000004.
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def cell_texts(cells: list[object], *, all_text: bool = False) -> list[str]:
    """Each cell's text (:func:`cell_text`); ``cells`` itself when ``all_text`` says so.

    Args:
        cells: A row's cells.
        all_text: The cells are known to be text already (a CSV row as wide as its
            header): no pass over them.
    """
    if all_text:
        return cast(list[str], cells)
    return [cell if isinstance(cell, str) else cell_text(cell) for cell in cells]
