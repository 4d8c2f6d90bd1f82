"""Reading the rows of a spreadsheet file (XLSX or CSV) as cells, and cell values as text."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from reviewer_app.errors import UserError
from reviewer_app.text_repair import UndecodableText, decode_text

# Long answers (200 KB and more) must fit in one CSV field; the default limit is 128 KB.
_CSV_FIELD_LIMIT = 2**31 - 1


def parse_submitted_at(value: object) -> datetime | None:
    """Reads a submitted time from a cell; naive times are taken as UTC.

    Text with AM/PM is read month-first (US style); other slashed or dotted dates are
    read day-first, falling back to month-first when the day-first reading is impossible.

    Returns:
        A timezone-aware UTC datetime, or None when the value is not a time.
    """
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(float(value))
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _from_number(float(text))
    text = re.sub(r"\s*(UTC|GMT)$", "", text, flags=re.IGNORECASE)
    try:
        return _as_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    has_meridiem = re.search(r"\b[AP]\.?M\.?$", text, flags=re.IGNORECASE) is not None
    formats = _US_FORMATS if has_meridiem else _DAY_FIRST_FORMATS + _MONTH_FIRST_FORMATS
    text = text.replace(".", "/") if not has_meridiem else text
    for fmt in formats:
        try:
            return _as_utc(datetime.strptime(text.upper(), fmt))
        except ValueError:
            continue
    return None


_DAY_FIRST_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S")
_MONTH_FIRST_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y")
_US_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y %I:%M %p",
)


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _from_number(number: float) -> datetime | None:
    # Large numbers are Unix seconds; small ones Excel serial days (1900 epoch).
    if 1e9 <= number < 1e11:
        return datetime.fromtimestamp(number, UTC)
    if 1 <= number < 2958466:
        serial = from_excel(number)
        return _as_utc(serial) if isinstance(serial, datetime) else None
    return None


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


def read_xlsx_rows(
    path: Path, sheet: str | None, mapping: Path | None
) -> list[tuple[int, list[object]]]:
    """Reads the rows of one sheet as (row number, cell values).

    Cells hold the results saved in the file; a formula cell without a saved result
    holds an :class:`UnsavedFormula` instead of None.

    Raises:
        UserError: The file is missing, not an Excel file, damaged, or lacks the sheet.
    """
    try:
        handle = path.open("rb")
    except FileNotFoundError as exc:
        raise UserError(f"{path} does not exist. Check the file name.") from exc
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    # openpyxl leaves the file open when the workbook is damaged; this handle is closed.
    with handle:
        book = _load_workbook(path, handle)
        try:
            sheet_obj = _choose_sheet(book, path, sheet, mapping)
            rows: list[tuple[int, list[object]]] = [
                (number, list(values))
                for number, values in enumerate(sheet_obj.iter_rows(values_only=True), start=1)
            ]
            # Form exports hold no formulas, and Excel saves results: a byte search
            # spares them a second parse.
            with _open_sheet_xml(sheet_obj) as source:
                suspect = _may_hold_unsaved_formulas(source)
            if suspect:
                with _open_sheet_xml(sheet_obj) as source:
                    _mark_unsaved_formulas(rows, _FormulaScan().run(source))
            return rows
        except (
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            EOFError,
            zlib.error,
            ElementTree.ParseError,
            expat.ExpatError,
        ) as exc:
            raise UserError(
                f"{path} is damaged ({exc}). Open it in Excel and save it again, or export CSV."
            ) from exc
        finally:
            book.close()


def _load_workbook(path: Path, handle: IO[bytes]) -> Workbook:
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        EOFError,
        ElementTree.ParseError,
    ) as exc:
        raise UserError(
            f"{path} is not a readable Excel file ({exc}). Open it in Excel and save it "
            "again as .xlsx, or export the responses as CSV."
        ) from exc


def _choose_sheet(book: Workbook, path: Path, sheet: str | None, mapping: Path | None) -> Worksheet:
    if sheet is not None and sheet not in book.sheetnames:
        raise UserError(
            f"The mapping file {mapping} names the sheet {sheet!r}, but {path.name} has "
            f"only: {', '.join(book.sheetnames)}. Fix the sheet name in the mapping."
        )
    if not book.worksheets:
        raise UserError(f"{path} has no worksheet. Export the responses again.")
    chosen = book[sheet] if sheet is not None else book.worksheets[0]
    reset = getattr(chosen, "reset_dimensions", None)
    if reset is not None:
        # Some tools write a wrong dimension; read-only mode would then cut rows off.
        reset()
    return chosen


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# The end of a formula (</f>, or <f .../> without text) not followed by a result (a <v>
# with text): a cell holds f, v, is, extLst in this order.
_FORMULA_WITHOUT_RESULT = re.compile(
    rb"(?:</" + _PREFIX + rb"f>|<" + _PREFIX + rb"f(?:\s[^>]*)?/>)"
    rb"(?!\s*<" + _PREFIX + rb"v>[^<])"
)
_SHEET_DATA_END = re.compile(rb"</" + _PREFIX + rb"sheetData>")
_READ_CHUNK = 1 << 20
# Bytes kept from one chunk to the next, so that a match is never judged cut in half.
_SEARCH_OVERLAP = 64


def _open_sheet_xml(sheet: object) -> IO[bytes]:
    # openpyxl has no public way to a sheet's XML; its read-only sheets open it so.
    source: IO[bytes] = sheet._get_source()  # type: ignore[attr-defined]
    return source


def _may_hold_unsaved_formulas(source: IO[bytes]) -> bool:
    """Tells by a byte search whether a sheet's cells may hold formulas without results.

    A yes may be wrong (an empty text result looks the same); the parse then decides.
    """
    buffer = b""
    while chunk := source.read(_READ_CHUNK):
        buffer += chunk
        end = _SHEET_DATA_END.search(buffer)
        limit = end.start() if end is not None else len(buffer) - _SEARCH_OVERLAP
        found = _FORMULA_WITHOUT_RESULT.search(buffer)
        if found is not None and found.start() < limit:
            return True
        if end is not None:
            return False  # what follows the cells (e.g. validation lists) is not cells
        buffer = buffer[limit:]
    return _FORMULA_WITHOUT_RESULT.search(buffer) is not None


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
    for row, column, formula in found:
        if row > len(rows):
            continue  # past the last row read (an array's range): nothing there to read
        cells = rows[row - 1][1]
        if len(cells) < column:
            cells.extend([None] * (column - len(cells)))
        # Only an empty cell: a value read from the file wins over the scan.
        if cells[column - 1] is None:
            cells[column - 1] = formula


def read_csv_rows(path: Path, warnings: list[str]) -> list[tuple[int, list[object]]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"{path} does not exist. Check the file name.") from exc
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    text = _decode(data, path, warnings)
    delimiter = _sniff_delimiter(text)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A record is one spreadsheet row even when quoted newlines span several lines.
        return [(number, list(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise UserError(
            f"{path} is not valid CSV near line {reader.line_num} ({exc}). "
            "Export the responses again."
        ) from exc


def _decode(data: bytes, path: Path, warnings: list[str]) -> str:
    try:
        text, fallback = decode_text(data)
    except UndecodableText as exc:
        raise UserError(f"{path} is damaged UTF-16 text. Export it again.") from exc
    if fallback is not None:
        warnings.append(
            f"{path.name} is not UTF-8; it was read as {fallback}. Check accented letters, "
            "or export it again as UTF-8."
        )
    return text


def _sniff_delimiter(text: str) -> str:
    # The header row of a form export has several columns; the delimiter that splits it
    # into the most wins (comma on a tie). csv.Sniffer guesses wrong on quoted newlines.
    best, best_count = ",", 0
    for candidate in (",", ";", "\t"):
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=candidate), [])
        if len(header) > best_count:
            best, best_count = candidate, len(header)
    return best


def cell_text(value: object) -> str:
    """Returns a cell as text: integers without ``.0``, dates in ISO form, None as "".

    An :class:`UnsavedFormula` is "" too: its value is unknown.
    """
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
