"""Reading the records of a CSV export, refusing what would silently merge its rows.

A stray opening quote makes the csv module read every later line into one cell: such a
file is refused, naming the row and line where the quote opened, rather than imported
with hundreds of applicants inside one answer.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from reviewer_app.errors import UserError
from reviewer_app.intake.columns import ColumnMapping, column_letters, identity_fields
from reviewer_app.intake.source_files import read_regular_file
from reviewer_app.storage.damaged_utf8 import damaged_lines_text
from reviewer_app.storage.text_repair import UndecodableText, decode_bytes

# Long answers (200 KB and more) must fit in one CSV field, and so must a header of
# 20,000 questions while the delimiter is being guessed; the default limit is 128 KB.
_CSV_FIELD_LIMIT = 2**31 - 1
# How much of a CSV file is searched for its first line, to tell text from binary data.
_FIRST_LINE = 64 * 1024
# Control characters other than tab and line ends, C1 ones included (bytes read as Latin-1).
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A quoted cell holding this many lines that read as whole rows (the header's number of
# cells, one of them an email address) swallowed them: an answer does not look so.
SWALLOWED_ROWS = 3
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Parsed after a record to see whether its quote is still open: no quote, delimiter or
# line end in it, and nothing a form export would hold.
_SENTINEL = "\ue000end\ue000"
# Byte-order marks of UTF-16 and UTF-32 (UTF-32's little-endian one begins with UTF-16's).
_WIDE_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
# NUL bytes in this much of the start may be UTF-16 without a mark: for the detector.
_START = 4096
# What the delimiter is guessed from: the first records, within the first lines (a
# quote left open must not make the guess read the whole file).
_SNIFFED_RECORDS = 20
_SNIFFED_LINES = 400
# Bytes decoded at a time (then to the next line feed).
_PIECE = 2**20
# A line as a file opened with newline="" reads it: up to and with "\n", "\r\n" or "\r".
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def read_csv_rows(
    path: Path, spec: ColumnMapping, warnings: list[str]
) -> list[tuple[int, list[object]]]:
    """Reads the records of a CSV file as (record number, cells); the header is 1.

    Args:
        path: The export.
        spec: The mapping file's choices: its name and email columns tell the delimiter.
        warnings: Where a warning about the file's encoding is added.

    Raises:
        UserError: The file is missing, unreadable, not a regular file, not text, not
            valid CSV, or holds a quote that swallows the rows after it.
    """
    data = read_regular_file(path)
    _refuse_spreadsheet_bytes(data, path)
    if _may_be_plain_utf8(data):
        # Read as UTF-8 at once, each piece decoded once: checking the whole file first
        # decoded it twice (60 ms of a 34 MB export). A piece that is not UTF-8, or an
        # error that another reading could avoid, starts again as decode_bytes reads it.
        said: list[str] = []
        try:
            rows = _rows(path, _Text(data, None), spec, said)
        except _NotUtf8:
            pass
        except UserError:
            if _plain_utf8(data):
                raise
        else:
            warnings += said
            return rows
    return _rows(path, _Text(b"", _decode(data, path, warnings)), spec, warnings)


def _rows(
    path: Path, text: _Text, spec: ColumnMapping, warnings: list[str]
) -> list[tuple[int, list[object]]]:
    if _CONTROL_CHARACTER.search(_first_line(text.lines())):
        # A header of questions holds no control characters; binary data does.
        raise UserError(
            f"{path} does not look like a CSV export: its first line holds control "
            "characters, as binary data does. Export the responses from the form tool "
            "as .csv or .xlsx and import that file."
        )
    # Before sniffing: guessing the delimiter reads the header as one field.
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    delimiter = _sniff_delimiter(text, spec)
    records = _Records(path, text, delimiter)
    rows = records.read()
    warnings += records.warnings
    return rows


class _Text:
    """The lines of a CSV file's text, as a file opened with ``newline=""`` reads them.

    Handed out one at a time and not kept, so that the text is never held whole with
    the cells read from it: plain UTF-8 is decoded a piece at a time (one emoji makes a
    text of thirty million characters take four bytes each); other encodings are read
    by :func:`decode_bytes` first, whole.
    """

    def __init__(self, data: bytes, decoded: str | None) -> None:
        self._data = data
        self._decoded = decoded
        # The lines handed out since the record being read began (see _Records.read).
        self.record: list[str] = []
        # Whether the text's last line has been handed out.
        self.ended = False

    def lines(self) -> Iterator[str]:
        """Every line from the first; ``record`` and ``ended`` follow this reading."""
        self.record, self.ended = [], False
        record = self.record
        for piece, last in self._pieces():
            found = _LINE.findall(piece)
            final = found.pop() if last and found else None
            for line in found:
                record.append(line)
                yield line
            if final is not None:
                self.ended = True
                record.append(final)
                yield final

    def _pieces(self) -> Iterator[tuple[str, bool]]:
        if self._decoded is not None:
            yield self._decoded, True
            return
        data = self._data
        for start, end in _utf8_pieces(data):
            try:
                piece = data[start:end].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _NotUtf8 from exc
            yield piece, end == len(data)


class _NotUtf8(Exception):
    """A piece of a text read as UTF-8 is not: it is read again as another encoding."""


def _may_be_plain_utf8(data: bytes) -> bool:
    """Whether ``data`` may be read as UTF-8 at once: no wide byte-order mark or early NUL."""
    return not (data.startswith(_WIDE_MARKS) or b"\x00" in data[:_START])


def _utf8_pieces(data: bytes) -> Iterator[tuple[int, int]]:
    """Where each piece of UTF-8 bytes starts and ends, a leading byte-order mark left out.

    A piece ends after the first line feed past :data:`_PIECE` bytes: a line feed is never
    inside a character in UTF-8, nor inside a line.
    """
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    while start < len(data):
        end = data.find(b"\n", start + _PIECE)
        end = len(data) if end < 0 else end + 1
        yield start, end
        start = end


def _plain_utf8(data: bytes) -> bool:
    """Whether :func:`decode_bytes` reads ``data`` as UTF-8 at once, without looking further.

    Plain: no UTF-16 or UTF-32 byte-order mark, no NUL byte near the start (which it
    would look into), and valid UTF-8 throughout, checked a piece at a time.
    """
    if not _may_be_plain_utf8(data):
        return False
    try:
        for start, end in _utf8_pieces(data):
            data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _first_line(lines: Iterator[str]) -> str:
    """The text's first line (to the first line feed), of at most its first 64 KB."""
    parts: list[str] = []
    size = 0
    for line in lines:
        parts.append(line)
        size += len(line)
        if line.endswith("\n") or size >= _FIRST_LINE:
            break
    return "".join(parts)[:_FIRST_LINE].partition("\n")[0]


class _Records:
    """Reads the records of a CSV text, checking each quoted multi-line cell."""

    def __init__(self, path: Path, text: _Text, delimiter: str) -> None:
        self.path = path
        self.text = text
        self.delimiter = delimiter
        self.header: list[str] = []
        self.warnings: list[str] = []  # about what was read nonetheless

    def read(self) -> list[tuple[int, list[object]]]:
        text = self.text
        reader = csv.reader(text.lines(), delimiter=self.delimiter)
        rows: list[tuple[int, list[object]]] = []
        first_line = 1
        try:
            # A record is one spreadsheet row even when quoted newlines span several lines.
            for number, cells in enumerate(reader, start=1):
                if number == 1:
                    self.header = cells
                if reader.line_num > first_line or text.ended:
                    self._check_multiline(number, first_line, cells)
                    # A quoted line break is "\n" whatever the file's line ends, as in
                    # the same answer read from a workbook.
                    cells = [_one_line_end(cell) if "\r" in cell else cell for cell in cells]
                rows.append((number, list(cells)))
                first_line = reader.line_num + 1
                text.record.clear()
        except csv.Error as exc:
            raise UserError(
                f"{self.path} is not valid CSV near line {reader.line_num} ({exc}). "
                "Export the responses again."
            ) from exc
        return rows

    def _check_multiline(self, number: int, first_line: int, cells: list[str]) -> None:
        """Refuses a record whose quote runs to the end or swallowed rows.

        Args:
            number: The record's number (the header is 1).
            first_line: The line the record starts on.
            cells: The record's cells.
        """
        if self.text.ended and self._quote_left_open("".join(self.text.record)):
            if sum(1 for line in self.text.record if line) <= 1:
                # It swallowed no line: the cell is read, and the reviewer told.
                self.warnings.append(
                    f'{self._where(number, first_line, cells, len(cells) - 1)}: a quote (") '
                    "opens this cell and the file ends before it closes; it was read as "
                    f"{cells[-1][:60]!r}. Is the file cut off? Check this last row against "
                    "the form's responses."
                )
                return
            # The open quote took everything to the end: it is the record's last cell.
            raise UserError(
                f'{self._where(number, first_line, cells, len(cells) - 1)}: a quote (") opens this '
                "cell and never closes, so every line after it would be read into this "
                "one cell. Nothing was imported. Remove the stray quote, or close it "
                "where the cell ends, and import the file again."
            )
        if self._quote_closes_inside_a_cell("".join(self.text.record)):
            # A stray quote closed by the quote that opens a later row's cell: the lines
            # between were read into this cell, however few (a form tool closes a cell's
            # quote before a delimiter or a line end).
            for index, cell in enumerate(cells):
                taken_in = cell.splitlines()[1:]
                if any(_EMAIL_LIKE.search(line) for line in taken_in):
                    raise UserError(
                        f'{self._where(number, first_line, cells, index)}: a quote (") '
                        f"opens this cell and closes {len(taken_in)} line(s) later inside "
                        "another cell, so those lines, which hold an email address as a "
                        "row does, would be read into this one cell. Nothing was "
                        "imported. Remove the stray quote (or write a quote meant inside "
                        'the cell twice: "") and import the file again.'
                    )
        for index, cell in enumerate(cells):
            swallowed = self._row_like_lines(cell)
            if swallowed >= SWALLOWED_ROWS:
                later = len(cell.splitlines()) - 1
                raise UserError(
                    f'{self._where(number, first_line, cells, index)}: a quote (") opens '
                    f"this cell and closes only {later} lines later; "
                    f"{swallowed} of those lines look like rows of their own (with an "
                    "email address). Nothing was imported. Remove the stray quote (or "
                    'write a quote meant inside the cell twice: "") and import the '
                    "file again."
                )

    def _quote_left_open(self, raw: str) -> bool:
        # Read again with a last line after it: the sentinel stands as a record of its
        # own only if the quote was closed.
        reader = csv.reader(
            io.StringIO(raw + "\n" + _SENTINEL, newline=""), delimiter=self.delimiter
        )
        return list(reader)[-1] != [_SENTINEL]

    def _quote_closes_inside_a_cell(self, raw: str) -> bool:
        # The csv module reads on after a closing quote that no delimiter follows; its
        # strict mode refuses it.
        reader = csv.reader(io.StringIO(raw, newline=""), delimiter=self.delimiter, strict=True)
        try:
            list(reader)
        except csv.Error:
            return True
        return False

    def _row_like_lines(self, cell: str) -> int:
        lines = cell.splitlines()
        if len(lines) <= SWALLOWED_ROWS or len(self.header) < 2:
            return 0
        return sum(
            1
            for line in lines
            if self.delimiter in line and "@" in line and self._is_row_like(line)
        )

    def _is_row_like(self, line: str) -> bool:
        cells = next(csv.reader([line], delimiter=self.delimiter), [])
        return len(cells) == len(self.header) and any(
            _EMAIL_LIKE.fullmatch(cell.strip()) for cell in cells
        )

    def _where(self, number: int, first_line: int, cells: list[str], index: int) -> str:
        # Earlier cells of the record may hold line breaks of their own.
        line = first_line + sum(cell.count("\n") for cell in cells[:index])
        header = self.header[index] if index < len(self.header) and number > 1 else ""
        column = header.strip()[:60] or f"Column {column_letters(index)}"
        return f"{self.path} row {number} (line {line}), column {column!r}"


def _one_line_end(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n")


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
        decoded = decode_bytes(data)
    except UndecodableText as exc:
        raise UserError(f"{path} is damaged UTF-16 text. Export it again.") from exc
    if decoded.how == "detected":
        warnings.append(
            f"{path.name} is not UTF-8: its encoding was detected as {decoded.encoding}, "
            "and it was read so. Check that names and accented letters look right; if "
            "not, export the responses again as UTF-8."
        )
    elif decoded.how == "damaged":
        warnings.append(
            f"{path.name} is UTF-8 with damaged bytes ({damaged_lines_text(decoded.damaged_lines)} "
            'of the file): each was read as "\ufffd", the rest as written. Check those '
            "answers; if one matters, export the responses again."
        )
    elif decoded.how == "assumed":
        warnings.append(
            f"{path.name} is not UTF-8, and its encoding could not be told from its "
            f"content: it was read as {decoded.encoding}. Check that names and accented "
            "letters look right; if not, export the responses again as UTF-8."
        )
    return decoded.text


def _sniff_delimiter(text: _Text, spec: ColumnMapping) -> str:
    """Guesses the delimiter from the first records (csv.Sniffer trips on quoted newlines).

    The one under which a record names the name or email column (the mapping's, else
    one recognised) wins; else the one under which most records have the same number
    of cells (more than one); then the most cells; then comma. Counting only the
    header's cells, a semicolon file whose questions hold commas was split at the commas.
    """
    best, best_score = ",", (-1, -1, -1)
    for candidate in (",", ";", "\t"):
        records = _first_records(text, candidate)
        known = max((_known_headers(record, spec) for record in records), default=0)
        widths = Counter(len(record) for record in records if len(record) > 1)
        common, agreeing = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = (known, agreeing, common)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _first_records(text: _Text, delimiter: str) -> list[list[str]]:
    lines = islice(text.lines(), _SNIFFED_LINES)
    try:
        return list(islice(csv.reader(lines, delimiter=delimiter), _SNIFFED_RECORDS))
    except csv.Error:  # a quote left open; told where when the file is read
        return []


def _known_headers(record: list[str], spec: ColumnMapping) -> int:
    return len(set().union(*(identity_fields(cell, spec) for cell in record[:200])))
