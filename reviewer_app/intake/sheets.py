"""Reading the rows of an XLSX file as cells, within bounds, and cell values as text.

The rows of a CSV file are read in :mod:`reviewer_app.intake.csv_rows`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from reviewer_app.errors import UserError
from reviewer_app.intake.board import identity_count
from reviewer_app.intake.cells import cell_text, is_empty
from reviewer_app.intake.columns import ColumnMapping, identity_wanted
from reviewer_app.intake.header_rows import join_two_row_header, joined_header_warning
from reviewer_app.intake.source_files import open_regular_file
from reviewer_app.intake.xlsx_formulas import MergedCells, scan_sheet

# Bounds on what an XLSX may unpack to, checked before anything is read: a form export
# of 20,000 applications with 100 questions stays well below them, a zip bomb does not.
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_ZIP_MEMBERS = 10_000
# Cells read, counting the empty ones before each row's last cell and one per row: a
# row that names column XFD is 16,384 cells, however few bytes it takes in the file.
MAX_CELLS = 5_000_000
# A compound file (OLE): what a password-protected workbook is, and an old .xls. The
# start searched for the name of the encrypted part.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_SEARCHED = 2**20
# Where a sheet's header is looked for when choosing the sheet to read: as in the rows
# read (board.HEADER_SEARCH), the first 20 rows that are not blank, within so many cells.
_HEADER_ROWS = 20
_HEADER_CELLS = 1_000_000
# How much of each sheet's first row the error naming the sheets shows.
_FIRST_CELLS_SHOWN = 6
# How many merged ranges a warning names.
_MERGES_NAMED = 5
# A control character as the file format escapes it in text (Excel writes a carriage
# return as "_x000D_"), which openpyxl leaves as it is.
_ESCAPED_CONTROL = re.compile(r"_x00([01][0-9A-Fa-f])_")


def read_xlsx_rows(
    path: Path, spec: ColumnMapping, mapping: Path | None, warnings: list[str] | None = None
) -> list[tuple[int, list[object]]]:
    """Reads the rows of one sheet as (row number, cell values); blank rows are left out.

    Cells hold the results saved in the file; a formula cell without a saved result
    holds an :class:`UnsavedFormula` instead of None.

    Args:
        path: The workbook.
        spec: The mapping file's choices: the sheet to read, else the first sheet whose
            header names the name or email column (the mapping's, else one recognised).
        mapping: The mapping file, named in messages.
        warnings: Where warnings go about what is not read: other sheets, merged cells.

    Raises:
        UserError: The file is missing, not a regular file, not an Excel file, damaged,
            lacks the sheet (or, of several sheets, none has a header with a name or
            email column), or would unpack to more than the bounds: nothing is read.
    """
    # openpyxl leaves the file open when the workbook is damaged; this handle is closed.
    with open_regular_file(path) as handle:
        _check_unpacked_size(path, handle)
        handle.seek(0)
        book = _load_workbook(path, handle)
        try:
            sheet_obj = _choose_sheet(book, path, spec, mapping)
            rows = _read_cells(path, sheet_obj)
            merged = scan_sheet(rows, sheet_obj)
            joined = join_two_row_header(rows, merged.near_top, spec)
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
    if warnings is not None:
        notes = {chart.title: " (a chart)" for chart in book.chartsheets}
        for other in [*book.worksheets, *book.chartsheets]:
            if getattr(other, "sheet_state", "visible") != "visible":
                notes[other.title] = " (hidden)"
        warnings.extend(
            _ignored_parts(path, book.sheetnames, notes, sheet_obj.title, spec.sheet, merged)
        )
        if joined is not None:
            warnings.append(joined_header_warning(path.name, sheet_obj.title, joined))
    return rows


def _check_unpacked_size(path: Path, handle: IO[bytes]) -> None:
    """Refuses a workbook whose parts declare more bytes than the bound, reading none.

    Python's zipfile stops each part at its declared size (and then finds the checksum
    wrong), so the declared sizes bound what reading can unpack.
    """
    _refuse_ole(path, handle)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UserError(
            f"{path} is not a readable Excel file ({exc}). Open it in Excel and save it "
            "again as .xlsx, or export the responses as CSV."
        ) from exc
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES or len(members) > MAX_ZIP_MEMBERS:
        size = f"{unpacked / 2**20:,.0f} MB in {len(members):,} parts"
        raise UserError(
            f"{path} would unpack to {size}, more than this import reads "
            f"({MAX_UNPACKED_BYTES // 2**20} MB in {MAX_ZIP_MEMBERS:,} parts): a damaged "
            "or hostile file (a 'zip bomb'), or an export far larger than a form's. "
            "Nothing was read. Export the responses again, or as CSV."
        )


def _refuse_ole(path: Path, handle: IO[bytes]) -> None:
    """Refuses a compound (OLE) file: a password-protected workbook or an .xls renamed."""
    start = handle.read(_OLE_SEARCHED)
    handle.seek(0)
    if not start.startswith(_OLE_MAGIC):
        return
    if "EncryptedPackage".encode("utf-16-le") in start:
        raise UserError(
            f"{path} is protected with a password, so it cannot be read. Open it in "
            "Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
            "Password, then empty the password), save it, and import it again."
        )
    raise UserError(
        f"{path} is an old-style Excel file (.xls) named .xlsx. Open it in Excel or "
        "LibreOffice and save it as .xlsx (or CSV), then import that file."
    )


def _read_cells(path: Path, sheet: Worksheet) -> list[tuple[int, list[object]]]:
    rows: list[tuple[int, list[object]]] = []
    cells = 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells += len(values) + 1
        if cells > MAX_CELLS:
            raise UserError(
                f"{path} holds more than {MAX_CELLS:,} cells by row {number:,} (counting "
                "the empty cells before each row's last one): a damaged or hostile file, "
                "or an export far larger than a form's. Nothing was read. Open it in "
                "Excel, delete the empty rows and columns, save it, and import it again."
            )
        if any(value is not None for value in values):
            row: list[object] = list(values)
            for index, value in enumerate(row):
                if isinstance(value, str) and ("_x" in value or "\r" in value):
                    row[index] = _plain_text(value)
            rows.append((number, row))
    return rows


def _plain_text(text: str) -> str:
    """A cell's text with its escaped control characters read, and every line ending "\n".

    A line break typed in Excel is "\n"; pasted from Windows it is "\r\n", saved as
    "_x000D_\n": as the text the form tool held, not with "_x000D_" in every answer.
    """
    text = _ESCAPED_CONTROL.sub(lambda match: chr(int(match[1], 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def _choose_sheet(
    book: Workbook, path: Path, spec: ColumnMapping, mapping: Path | None
) -> Worksheet:
    sheet = spec.sheet
    if sheet is not None and sheet not in book.sheetnames:
        raise UserError(
            f"The mapping file {mapping} names the sheet {sheet!r}, but {path.name} has "
            f"only: {', '.join(book.sheetnames)}. Fix the sheet name in the mapping."
        )
    if not book.worksheets:
        raise UserError(f"{path} has no worksheet. Export the responses again.")
    if sheet is not None and sheet not in [cells.title for cells in book.worksheets]:
        raise UserError(
            f"The mapping file {mapping} names the sheet {sheet!r}, a chart in {path.name}, "
            "not a sheet of rows. Name the sheet that holds the responses."
        )
    if sheet is not None:
        return _whole(book[sheet])
    # A hidden sheet (the lists behind drop-downs, lookups) is not the responses the
    # coordinator sees: it is read only when named, or when no sheet is visible.
    sheets = [_whole(candidate) for candidate in _visible(book.worksheets)]
    if len(sheets) == 1:
        return sheets[0]
    # A workbook may hold notes or a summary before the responses: the first sheet with
    # a top row naming the name and the email column, else the first naming either (a
    # team list under "Nom" loses to the responses), as the rows' header is chosen.
    firsts: list[str] = []
    named: list[tuple[int, Worksheet]] = []
    for candidate in sheets:
        top = _top_rows(candidate)
        fields = max((identity_count(row, spec) for row in top), default=0)
        if fields == 2:
            return candidate
        named.append((fields, candidate))
        firsts.append(_first_row_shown(candidate.title, top))
    if any(fields for fields, _ in named):
        return next(candidate for fields, candidate in named if fields)
    fix = (
        f"Check the column names in the mapping file {mapping}, or name"
        if spec.columns or spec.name_parts
        else "Name"
    )
    raise UserError(
        f"{path} has no sheet with a header naming {identity_wanted(spec)} in its first "
        f"{_HEADER_ROWS} rows. Sheets looked at: {'; '.join(firsts)}. {fix} the sheet "
        'and its columns in a mapping file (sheet = "...", and under [columns]: '
        'name = "...", email = "...").'
    )


def _visible(sheets: Sequence[Worksheet]) -> list[Worksheet]:
    return [sheet for sheet in sheets if sheet.sheet_state == "visible"] or list(sheets)


def _top_rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    """The sheet's first rows that are not blank, as many as the header is searched in."""
    rows: list[tuple[object, ...]] = []
    cells = 0
    for values in sheet.iter_rows(values_only=True):
        cells += len(values) + 1
        if cells > _HEADER_CELLS:
            break
        if not all(map(is_empty, values)):
            rows.append(values)
            if len(rows) == _HEADER_ROWS:
                break
    return rows


def _first_row_shown(title: str, top: list[tuple[object, ...]]) -> str:
    """A sheet's name and the start of its first row, for the error naming the sheets."""
    if not top:
        return f"{title!r} (empty)"
    texts = [cell_text(cell).strip() for cell in top[0]]
    filled = [text if len(text) <= 40 else text[:39] + "…" for text in texts if text]
    more = ", …" if len(filled) > _FIRST_CELLS_SHOWN else ""
    shown = ", ".join(repr(text) for text in filled[:_FIRST_CELLS_SHOWN]) + more
    return f"{title!r} (first row: {shown})"


def _whole(sheet: Worksheet) -> Worksheet:
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        # Some tools write a wrong dimension; read-only mode would then cut rows off.
        reset()
    return sheet


def _ignored_parts(
    path: Path,
    sheets: list[str],
    notes: dict[str, str],
    read: str,
    named: str | None,
    merged: MergedCells,
) -> list[str]:
    """Warnings naming what the rows read leave out: other sheets, merged cells.

    ``notes`` tells the sheets that are hidden or charts (" (hidden)", " (a chart)").
    """
    warnings: list[str] = []
    others = [name for name in sheets if name != read]
    if others and named is None:
        shown = ", ".join(f"{name!r}{notes.get(name, '')}" for name in others)
        earlier = sheets[: sheets.index(read)]
        which = "the first with a name or email column"
        if not earlier:
            which = "the first"
        elif all(name in notes for name in earlier):  # hidden sheets and charts
            which = "the first visible"
        warnings.append(
            f"{path.name} has {len(sheets)} sheets: only {which}, {read!r}, was read; "
            f"{shown} {'was' if len(others) == 1 else 'were'} ignored. To import another "
            'sheet, name it in a mapping file (sheet = "...").'
        )
    if merged.count:
        ranges = ", ".join(merged.first[:_MERGES_NAMED])
        more = f" and {merged.count - _MERGES_NAMED} more" if merged.count > _MERGES_NAMED else ""
        warnings.append(
            f"{path.name} sheet {read!r} has {merged.count} merged cell range"
            f"{'s' if merged.count != 1 else ''} ({ranges}{more}): each was read as its "
            "top-left cell; its other cells were read as empty."
        )
    return warnings
