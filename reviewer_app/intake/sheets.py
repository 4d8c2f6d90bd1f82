"""Reading the rows of a spreadsheet file (XLSX or CSV) as cells, and cell values as text."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from reviewer_app.errors import UserError
from reviewer_app.intake.xlsx_formulas import UnsavedFormula, mark_unsaved_formulas
from reviewer_app.storage.text_repair import UndecodableText, decode_text

# Long answers (200 KB and more) must fit in one CSV field; the default limit is 128 KB.
_CSV_FIELD_LIMIT = 2**31 - 1
# How much of a CSV file is searched for its first line, to tell text from binary data.
_FIRST_LINE = 64 * 1024
# Control characters other than tab and line ends, C1 ones included (bytes read as Latin-1).
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
            mark_unsaved_formulas(rows, sheet_obj)
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


def read_csv_rows(path: Path, warnings: list[str]) -> list[tuple[int, list[object]]]:
    """Reads the records of a CSV file as (record number, cells); the header is 1.

    Raises:
        UserError: The file is missing, unreadable, not text, or not valid CSV.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"{path} does not exist. Check the file name.") from exc
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    _refuse_spreadsheet_bytes(data, path)
    text = _decode(data, path, warnings)
    first_line = text[:_FIRST_LINE].partition("\n")[0]
    if _CONTROL_CHARACTER.search(first_line):
        # A header of questions holds no control characters; binary data does.
        raise UserError(
            f"{path} does not look like a CSV export: its first line holds control "
            "characters, as binary data does. Export the responses from the form tool "
            "as .csv or .xlsx and import that file."
        )
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


def _refuse_spreadsheet_bytes(data: bytes, path: Path) -> None:
    if data.startswith(_ZIP_MAGIC):
        raise UserError(
            f"{path} is a ZIP file, not CSV text: an Excel (.xlsx) workbook with a .csv "
            "name? Rename it to .xlsx and import it again, or export the responses as CSV."
        )
    if data.startswith(_OLE_MAGIC):
        raise UserError(
            f"{path} is an old-style Excel file (.xls), not CSV text. Open it in Excel or "
            "LibreOffice and save it as .xlsx (or CSV), then import that file."
        )


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
