"""Cells a spreadsheet would run as formulas, made text (OWASP "CSV injection").

A cell that starts with one of :data:`FORMULA_TRIGGERS` is run as a formula by Excel,
LibreOffice or Google Sheets; a leading quote makes it text. The export of decisions
and the rejected rows of an import both write for a spreadsheet, so both use this rule.
"""

from __future__ import annotations

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
# The same characters for str.startswith, which checks them in C.
FORMULA_PREFIXES = tuple(sorted(FORMULA_TRIGGERS))


def as_text_cell(cell: str) -> str:
    """Returns ``cell`` as a spreadsheet shows it as text, never runs it."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell
