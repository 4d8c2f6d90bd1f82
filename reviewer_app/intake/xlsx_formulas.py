"""XLSX formula cells that hold no saved result, and merged cells, found in a sheet's XML.

openpyxl reads such a cell as empty (None): its value is unknown, not absent. A byte
search tells most sheets apart quickly; only a suspect sheet is parsed, with expat.
The same search reads the merged ranges after the cells, which read-only openpyxl skips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries


@dataclass(frozen=True, slots=True)
class UnsavedFormula:
    """A formula cell whose result the file does not hold, so its value is unknown.

    Programs that write formulas without calculating them (openpyxl, many scripts) leave
    the result out; Excel and LibreOffice store it when they save the file.

    Attributes:
        coordinate: The cell, e.g. ``"C12"``.
        written: The formula as the file writes it; for a shared formula, the text of
            its first cell.
        written_at: The cell that ``written`` belongs to.
    """

    coordinate: str
    written: str
    written_at: str

    @property
    def formula(self) -> str:
        """The formula of this cell, e.g. ``=A12&"@example.org"``."""
        if self.written_at == self.coordinate:
            return self.written
        try:
            # Translating costs ~20 µs a cell: only done for the cells shown to the user.
            translated = Translator(self.written, origin=self.written_at).translate_formula(
                self.coordinate
            )
        except TranslatorError:
            return self.written
        return str(translated)


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# The end of a formula (</f>, or <f .../> without text) not followed by a result (a <v>
# with text): a cell holds f, v, is, extLst in this order.
_FORMULA_WITHOUT_RESULT = re.compile(
    rb"(?:</" + _PREFIX + rb"f>|<" + _PREFIX + rb"f(?:\s[^>]*)?/>)"
    rb"(?!\s*<" + _PREFIX + rb"v>[^<])"
)
_SHEET_DATA_END = re.compile(rb"</" + _PREFIX + rb"sheetData>")
_MERGE_CELL = re.compile(
    rb"<" + _PREFIX + rb"mergeCell\s[^>]*?\bref=[\"']([A-Za-z0-9:$]{2,32})[\"']"
)
# Merged ranges named one by one; the rest are counted.
_MERGES_KEPT = 20
# Merged ranges kept whole near the top, where a header may span two rows (header_rows).
_TOP_ROWS = 200
_TOP_MERGES_KEPT = 1_000
_READ_CHUNK = 1 << 20
# Bytes kept from one chunk to the next, so that a match is never judged cut in half.
_SEARCH_OVERLAP = 64


@dataclass(frozen=True)
class MergedCells:
    """The merged ranges of a sheet: how many, and the first ones (e.g. "A1:H1")."""

    count: int = 0
    first: tuple[str, ...] = ()
    near_top: tuple[tuple[int, int, int, int], ...] = ()
    """The first ranges that start in the sheet's first rows, as (first column, first
    row, last column, last row), numbered from 1."""


def scan_sheet(rows: list[tuple[int, list[object]]], sheet: object) -> MergedCells:
    """Marks formula cells without a saved result, and returns the sheet's merged ranges.

    Puts an :class:`UnsavedFormula` in each cell of ``rows`` that holds one, adding the
    row when it was left out as blank.

    Args:
        rows: The sheet's (row number, cell values) as openpyxl read them, in order,
            blank rows left out; changed in place.
        sheet: The openpyxl read-only worksheet the rows came from.

    Raises:
        ValueError, expat.ExpatError: The sheet's XML is damaged.
    """
    # Form exports hold no formulas, and Excel saves results: a byte search spares them
    # a second parse.
    with _open_sheet_xml(sheet) as source:
        suspect, merged = _search_bytes(source)
    if suspect:
        with _open_sheet_xml(sheet) as source:
            _mark_unsaved_formulas(rows, _FormulaScan().run(source))
    return merged


def _open_sheet_xml(sheet: object) -> IO[bytes]:
    # openpyxl has no public way to a sheet's XML; its read-only sheets open it so.
    source: IO[bytes] = sheet._get_source()  # type: ignore[attr-defined]
    return source


def _may_hold_unsaved_formulas(source: IO[bytes]) -> bool:
    """Tells by a byte search whether a sheet's cells may hold formulas without results.

    A yes may be wrong (an empty text result looks the same); the parse then decides.
    """
    return _search_bytes(source)[0]


def _search_bytes(source: IO[bytes]) -> tuple[bool, MergedCells]:
    """Whether the cells may hold formulas without results, and the merged ranges."""
    buffer = b""
    suspect = False
    while chunk := source.read(_READ_CHUNK):
        buffer += chunk
        end = _SHEET_DATA_END.search(buffer)
        limit = end.start() if end is not None else len(buffer) - _SEARCH_OVERLAP
        if not suspect:
            found = _FORMULA_WITHOUT_RESULT.search(buffer)
            suspect = found is not None and found.start() < limit
        if end is not None:
            # What follows the cells (e.g. validation lists) is not cells: only merges.
            return suspect, _merged_ranges(buffer[end.end() :], source)
        buffer = buffer[max(limit, 0) :]
    return suspect or _FORMULA_WITHOUT_RESULT.search(buffer) is not None, MergedCells()


def _merged_ranges(buffer: bytes, source: IO[bytes]) -> MergedCells:
    count, first, near_top = 0, list[str](), list[tuple[int, int, int, int]]()
    while True:
        # Up to the last ">" read: a tag cut between two chunks is searched whole later.
        limit = buffer.rfind(b">") + 1
        for match in _MERGE_CELL.finditer(buffer, 0, limit):
            count += 1
            ref = match[1].decode("ascii").replace("$", "").upper()
            if len(first) < _MERGES_KEPT:
                first.append(ref)
            bounds = _bounds(ref)
            if bounds is not None and bounds[1] <= _TOP_ROWS and len(near_top) < _TOP_MERGES_KEPT:
                near_top.append(bounds)
        chunk = source.read(_READ_CHUNK)
        if not chunk:
            # In reading order: files list them in any order.
            first.sort(key=_reading_order)
            return MergedCells(count, tuple(first), tuple(near_top))
        buffer = buffer[limit:] + chunk


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except ValueError:
        return None
    if min_col is None or min_row is None or max_col is None or max_row is None:
        return None  # a whole row or column: no header's
    return min_col, min_row, max_col, max_row


def _reading_order(ref: str) -> tuple[int, int]:
    try:
        min_col, min_row, _, _ = range_boundaries(ref)
    except ValueError:
        return (2**31, 2**31)  # not a range: kept, last
    return (min_row or 0, min_col or 0)


class _FormulaScan:
    """Finds the formula cells without a saved result in a worksheet's XML.

    expat's callbacks build no tree: twice as fast as ElementTree on 100,000 rows,
    and they leave the garbage collector little to walk.
    """

    def __init__(self) -> None:
        self.found: list[tuple[int, int, UnsavedFormula]] = []
        self._done = False
        self._row = self._column = self._last_row = self._last_column = 0
        self._cell: dict[str, str] | None = None
        self._formula: dict[str, str] | None = None
        self._formula_text: list[str] = []
        self._value: list[str] | None = None
        self._text: list[str] | None = None
        self._shared: dict[str, tuple[str, str]] = {}
        self._arrays: list[tuple[str, UnsavedFormula]] = []

    def run(self, source: IO[bytes]) -> list[tuple[int, int, UnsavedFormula]]:
        """Returns (row, column, formula) of each formula cell without a result."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        while not self._done and (chunk := source.read(_READ_CHUNK)):
            parser.Parse(chunk, False)
        if not self._done:
            parser.Parse(b"", True)
        self._add_array_cells()
        return self.found

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            self._cell, self._formula, self._value = attributes, None, None
        elif self._cell is None:
            if local == "row":
                # Rows and cells may omit their position; openpyxl then counts them.
                number = attributes.get("r")
                self._row, self._column = (int(number) if number else self._row + 1), 0
        elif local == "f":
            self._formula, self._formula_text = attributes, []
            self._text = self._formula_text
        elif local == "v":
            self._value = self._text = []

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, name: str) -> None:
        self._text = None
        local = name.rpartition(":")[2]
        if local == "c" and self._cell is not None:
            self._end_cell(self._cell)
            self._cell = None
        elif local == "sheetData":
            self._done = True

    def _end_cell(self, cell: dict[str, str]) -> None:
        coordinate = cell.get("r")
        if coordinate:
            self._row, self._column = coordinate_to_tuple(coordinate)
        else:
            self._column += 1
            coordinate = f"{get_column_letter(self._column)}{self._row}"
        self._last_row = max(self._last_row, self._row)
        self._last_column = max(self._last_column, self._column)
        formula = self._formula
        if formula is None:
            return
        text = "".join(self._formula_text)
        text, origin = ("=" + text if text else ""), coordinate
        index = formula.get("si")
        if formula.get("t") == "shared" and index is not None:
            if text:
                self._shared[index] = (text, coordinate)
            else:
                text, origin = self._shared.get(index, ("", coordinate))
        value = None if self._value is None else "".join(self._value)
        if value is not None and (value or cell.get("t") == "str"):
            return  # a result is saved; an empty text result is a result too
        found = UnsavedFormula(coordinate, text, origin)
        self.found.append((self._row, self._column, found))
        ref = formula.get("ref")
        if ref and formula.get("t") == "array":
            self._arrays.append((ref, found))

    def _add_array_cells(self) -> None:
        # An array formula's other cells hold only results; without them they are empty.
        for ref, master in self._arrays:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            last_row = min(max_row or self._last_row, self._last_row)
            last_column = min(max_col or self._last_column, self._last_column)
            for row in range(min_row or 1, last_row + 1):
                for column in range(min_col or 1, last_column + 1):
                    coordinate = f"{get_column_letter(column)}{row}"
                    if coordinate != master.coordinate:
                        other = UnsavedFormula(coordinate, master.written, coordinate)
                        self.found.append((row, column, other))


def _mark_unsaved_formulas(
    rows: list[tuple[int, list[object]]], found: list[tuple[int, int, UnsavedFormula]]
) -> None:
    by_number = dict(rows)
    added = False
    for row, column, formula in found:
        cells = by_number.get(row)
        if cells is None:
            # A row of formulas without results read as blank, and was left out.
            cells = by_number[row] = []
            rows.append((row, cells))
            added = True
        if len(cells) < column:
            cells.extend([None] * (column - len(cells)))
        # Only an empty cell: a value read from the file wins over the scan.
        if cells[column - 1] is None:
            cells[column - 1] = formula
    if added:
        rows.sort(key=lambda row: row[0])
