"""Turning the rows of an export into form responses, rejected rows and warnings."""

from __future__ import annotations

from functools import partial
from itertools import islice
from pathlib import Path

from reviewer_app.domain.emails import email_problem as address_problem
from reviewer_app.domain.emails import look_alike, unwrapped_address
from reviewer_app.errors import UserError
from reviewer_app.intake.board import find_header, sort_rows
from reviewer_app.intake.cells import cell_text, cell_texts, is_empty
from reviewer_app.intake.columns import ColumnMapping, Columns, resolve_columns, unique_headers
from reviewer_app.intake.mojibake import repair_cell, repair_cells
from reviewer_app.intake.name_columns import joined_name
from reviewer_app.intake.repeated_ids import repeated_id_reason
from reviewer_app.intake.responses import (
    BOARD_GROUP,
    REPEATED_ROW,
    FormResponse,
    ReadResult,
    Rejected,
    SkippedRow,
    derived_response_id,
)
from reviewer_app.intake.row_checks import (
    RESAVE,
    VALUES_NAMED,
    CappedWarnings,
    email_problem,
    look_alike_warning,
    overlong_warning,
    oversized_reason,
    repair_warning,
    short_row_reason,
    shorten,
    unsaved_reason,
    unsaved_warning,
)
from reviewer_app.intake.timestamps import DateOrder, date_order, order_warning, parse_submitted_at
from reviewer_app.intake.xlsx_formulas import UnsavedFormula

# Answers up to this long are shared between responses, so many at most (_SharedAnswers).
_SHARED_LENGTH = 100
_SHARED_MOST = 20_000


def _is_blank(cells: list[object]) -> bool:
    # map, not a generator: this runs for every row, and stops at the first filled cell.
    return not any(map(str.strip, map(cell_text, cells)))


def _filled_width(cells: list[object]) -> int:
    """How many cells there are up to the last one that is not empty."""
    # From the end: a row's last cell is most often filled.
    for index in range(len(cells) - 1, -1, -1):
        if not is_empty(cells[index]):
            return index + 1
    return 0


def _cell(cells: list[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


def build_result(
    path: Path,
    rows: list[tuple[int, list[object]]],
    spec: ColumnMapping,
    mapping: Path | None,
    warnings: list[str],
    *,
    counted_cells: bool,
) -> ReadResult:
    """Reads the rows of an export below its header into responses and rejected rows.

    The header is the first row that names the name or email column (a board export
    puts titles above it, see :mod:`reviewer_app.intake.board`); rows that are not
    applications are counted in the result's ``skipped``.

    Args:
        path: The export, named in messages.
        rows: (row number, cells) of every row, in order; emptied as they are read, so
            that each row is let go of once read.
        spec: The mapping file's choices.
        mapping: The mapping file, named in messages.
        warnings: Warnings so far (about the file); they come first in the result.
        counted_cells: Whether rows have all their cells (CSV), so that a short row is
            a damaged one.

    Raises:
        UserError: The name or email column is missing, or a mapped column.
    """
    header_index = find_header(rows, spec)
    header_number, header_cells = rows[header_index]
    width = max(_filled_width(cells) for _, cells in islice(rows, header_index, None))
    header_texts = [cell_text(c).replace("\x00", "") for c in header_cells[:width]]
    raw_headers = [repair_cell(text) for text in header_texts]
    headers = unique_headers(raw_headers + [""] * (width - len(raw_headers)), warnings, path.name)
    unsaved = _unsaved_cells(header_cells)
    try:
        columns = resolve_columns(path, headers, spec, mapping, warnings)
    except UserError as exc:
        notes = []
        if any(not _is_blank(cells) for _, cells in rows[:header_index]):
            notes.append(
                f"Row {header_number} was taken as the header: the first row that names a "
                "name or email column."
            )
        if unsaved:
            notes.append(
                "The header row holds formulas with no saved result "
                f"({', '.join(c.coordinate for _, c in unsaved)}). {RESAVE}"
            )
        if not notes:
            raise
        raise UserError(" ".join([str(exc), *notes])) from exc
    body = sort_rows(rows, header_index, (*columns.name, columns.fields["email"]))
    # From here the body holds the rows; each is let go of once read (100,000 rows).
    rows.clear()
    header_width = _filled_width(header_cells)
    # A column without a header is an answer only when some row has a value there.
    taken = columns.taken()
    answer_columns = [
        i
        for i in range(header_width)
        if i not in taken
        and (raw_headers[i].strip() or any(not is_empty(_cell(c, i)) for _, c, _ in body.items))
    ]
    builder = _ResultBuilder(
        path, headers, columns, answer_columns, header_width, counted_cells=counted_cells
    )
    if "submitted_at" in columns.fields:
        at = columns.fields["submitted_at"]
        times = (_cell(c, at) for _, c, _ in body.items)
        builder.dates = date_order(times, spec.dates, columns.dates)
        warning = order_warning(path.name, headers[at], builder.dates)
        if warning is not None:
            warnings.append(warning)
    for index, cell in unsaved:
        builder.note_unsaved(header_number, index, cell)
    for index, (before, after) in enumerate(zip(header_texts, raw_headers, strict=True)):
        if before != after:
            builder.note_repaired(header_number, headers[index], before, after)
    items = body.items
    empty = not items
    items.reverse()
    while items:
        row_number, cells, group = items.pop()
        builder.add_row(row_number, cells, group if body.grouped else None)
    if empty:
        warnings.append(
            f"{path.name} has a header (row {header_number}) but 0 rows of applications "
            "below it: nothing was imported. If applications were expected, export the "
            "responses again."
        )
    return builder.result(warnings, body.skipped)


class _SharedAnswers(dict[tuple[str, str], tuple[str, str]]):
    """(question, answer) pairs met before, each short one kept once.

    Short answers repeat from applicant to applicant (hours, places, "No"): 100,000
    responses then hold one pair for each, not one each.
    """

    def __missing__(self, pair: tuple[str, str]) -> tuple[str, str]:
        # At most so many: short answers that never repeat (links, phone numbers) would
        # only cost an entry each.
        if len(pair[1]) <= _SHARED_LENGTH and len(self) < _SHARED_MOST:
            self[pair] = pair
        return pair


class _ResultBuilder:
    """Turns the rows below the header into responses, rejected rows and warnings.

    Args:
        path: The export, named in warnings.
        headers: Every column's unique name, those beyond the header's last cell too.
        columns: The columns of the fields found.
        answer_columns: The columns whose cells are every row's answers.
        header_width: How many cells the header has, up to its last filled one. Values
            beyond it are answers of their row only, with a warning.
        counted_cells: Whether a row's cells are counted (CSV): a row with fewer cells
            than the header is then rejected (a line break in an unquoted cell splits a
            record in two). An XLSX row ends at its last filled cell.
    """

    def __init__(
        self,
        path: Path,
        headers: list[str],
        columns: Columns,
        answer_columns: list[int],
        header_width: int,
        *,
        counted_cells: bool,
    ) -> None:
        self.path = path
        self.headers = headers
        self.columns = columns.fields
        self.name_columns = columns.name
        self.taken = columns.taken()
        self.answer_columns = answer_columns
        self.shared = _SharedAnswers()
        self.header_width = header_width
        self.least_width = max(header_width, *(index + 1 for index in self.taken))
        self.counted_cells = counted_cells
        self.identity = {*columns.name, columns.fields["email"]}
        self.responses: list[FormResponse] = []
        self.rejected: list[Rejected] = []
        self.by_id: dict[str, FormResponse] = {}
        self.repeated_rows: list[int] = []
        self.nul_rows: list[int] = []
        self.unsaved = CappedWarnings(path.name, "cells with a formula but no saved result", RESAVE)
        self.nameless = CappedWarnings(path.name, "rows without a name, taken without one")
        self.overlong = CappedWarnings(path.name, "rows with values beyond the header")
        self.repaired = CappedWarnings(path.name, "cells with garbled text repaired")
        self.look_alike = CappedWarnings(
            path.name, "email addresses with invisible or full-width characters"
        )
        self.other: list[str] = []
        self.dates = DateOrder(None)  # how the submitted times' dates are read

    def note_unsaved(self, row_number: int, index: int, cell: UnsavedFormula) -> None:
        """Warns of a formula cell without a saved result (its value is unknown)."""
        header = self.headers[index]
        self.unsaved.add(
            row_number, lambda: unsaved_warning(self.path.name, row_number, header, cell)
        )

    def add_row(self, row_number: int, cells: list[object], group: str | None = None) -> None:
        """Reads one row: a response, a rejected row, or nothing for a blank row.

        Args:
            row_number: The row's number in the export.
            cells: The row's cells.
            group: The board group the row is in, kept as an answer; None when the
                export has no groups.
        """
        # A CSV file's cells are all text: no formula among them.
        lost = [] if self.counted_cells else _unsaved_cells(cells)
        for index, cell in lost:
            self.note_unsaved(row_number, index, cell)
        # A row whose name or email is a formula is not blank: it is rejected, with why.
        if _is_blank(cells) and not any(i in self.identity for i, _ in lost):
            return
        # As wide as the row, at least the header: a far wider one (damaged) widens no other.
        count = len(cells)
        width = min(max(count, self.least_width), len(self.headers))
        if count != width:
            cells = cells[:width] + [None] * (width - count)
        original = cell_texts(cells, all_text=self.counted_cells and count == width)
        joined = "".join(original)
        if (oversized := oversized_reason(self.headers, original, len(joined))) is not None:
            self.rejected.append(Rejected(row_number, oversized, self._values(original)))
            return
        text = repair_cells(original, joined)
        repaired = [] if text is original else [i for i, t in enumerate(text) if t != original[i]]
        # Repairing garbled text never makes a NUL character: the row as read tells.
        if "\x00" in joined:
            # PostgreSQL text cannot hold NUL; it is never meant, only a damaged export.
            text = [t.replace("\x00", "") for t in text]
            self.nul_rows.append(row_number)
        name = joined_name(text, self.name_columns)
        email = unwrapped_address(self._get(text, "email"))
        reason = self._reason(count, name, email, [i for i, _ in lost])
        if reason is not None:
            self.rejected.append(Rejected(row_number, reason, self._values(original)))
            return
        extra = [i for i in range(self.header_width, width) if text[i].strip()]
        response = self._response(row_number, cells, text, (name, email), extra, group)
        first = self.by_id.get(response.response_id)
        if first is None:
            self.by_id[response.response_id] = response
            self.responses.append(response)
            for i in repaired:
                self.note_repaired(row_number, self.headers[i], original[i], text[i])
            if extra:
                self.overlong.add(
                    row_number, partial(self._overlong, row_number, cells, text, extra)
                )
            if not email.isascii() and look_alike(email) is not None:
                header = self.headers[self.columns["email"]]
                describe = partial(look_alike_warning, self.path.name, row_number, header, email)
                self.look_alike.add(row_number, describe)
            if not response.name:
                named = " and ".join(repr(self.headers[i]) for i in self.name_columns)
                column = "columns" if len(self.name_columns) > 1 else "column"
                self.nameless.add(
                    row_number,
                    lambda: (
                        f"{self.path.name} row {row_number}, {column} {named}: empty; "
                        "the application was taken without a name."
                    ),
                )
        elif first.content_hash == response.content_hash:
            self.repeated_rows.append(row_number)
        else:
            id_column = self.columns.get("response_id")
            id_header = None if id_column is None else self.headers[id_column]
            reason = repeated_id_reason(first, response, id_header)
            self.rejected.append(Rejected(row_number, reason, self._values(original)))

    def _values(self, original: list[str]) -> dict[str, str]:
        """A rejected row's cells by header, as in the file."""
        padded = original + [""] * (len(self.headers) - len(original))
        return dict(zip(self.headers, padded, strict=True))

    def _reason(self, count: int, name: str, email: str, lost: list[int]) -> str | None:
        """Why the row cannot be taken, or None when it can."""
        meant = [self.headers[i] for i in lost if i in self.taken]
        if meant:
            # Taken now, the application would lack them; without a response id it
            # would also get another id than once the file is saved, and importing the
            # saved file would add the applicant a second time.
            return unsaved_reason(meant)
        if self.counted_cells and count < self.header_width:
            return short_row_reason(count, self.header_width)
        if not name and not email:
            return "No name and no email."
        header = self.headers[self.columns["email"]]
        if not email or email.startswith("="):
            return email_problem(header, email)
        # Judged as the address it stands for: full-width letters and invisible
        # characters make a look-alike of a valid address, not an invalid one.
        problem = address_problem(email)
        if problem is None:
            return None
        return (
            f"The {header!r} cell {shorten(email)!r} is not an email address: {problem}. "
            "Correct it in the file and import it again."
        )

    def _get(self, text: list[str], field: str) -> str:
        index = self.columns.get(field)
        return text[index].strip() if index is not None else ""

    def note_repaired(self, row_number: int, header: str, before: str, after: str) -> None:
        """Warns of a cell whose garbled text (mojibake) was repaired."""
        self.repaired.add(
            row_number, lambda: repair_warning(self.path.name, row_number, header, before, after)
        )

    def _overlong(
        self, row_number: int, cells: list[object], text: list[str], extra: list[int]
    ) -> str:
        shown = [(self.headers[i], text[i]) for i in extra[:VALUES_NAMED]]
        widths = (_filled_width(cells), self.header_width)
        return overlong_warning(
            self.path.name, row_number, widths, shown, len(extra), csv=self.counted_cells
        )

    def _response(
        self,
        row_number: int,
        cells: list[object],
        text: list[str],
        identity: tuple[str, str],
        extra: list[int],
        group: str | None,
    ) -> FormResponse:
        name, email = identity
        position = self._get(text, "position")
        submitted_at = None
        if "submitted_at" in self.columns:
            raw_time = cells[self.columns["submitted_at"]]
            submitted_at = parse_submitted_at(raw_time, self.dates.day_first)
            if submitted_at is None and cell_text(raw_time).strip():
                header = self.headers[self.columns["submitted_at"]]
                self.other.append(
                    f"{self.path.name} row {row_number}, column {header!r}: the submitted "
                    f"time {cell_text(raw_time)!r} could not be read; it was left empty."
                )
        answers = [self.shared[self.headers[i], text[i]] for i in [*self.answer_columns, *extra]]
        if group is not None:
            answers.append((BOARD_GROUP, group))
        return FormResponse(
            row_number=row_number,
            response_id=self._get(text, "response_id")
            or derived_response_id(submitted_at, email, position),
            submitted_at=submitted_at,
            name=name,
            email=email,
            position_typed=position,
            answers=tuple(answers),
        )

    def result(self, warnings: list[str], skipped: list[SkippedRow]) -> ReadResult:
        """Returns what was read; ``warnings`` come first, then those about rows.

        Args:
            warnings: Warnings about the file.
            skipped: The rows that are not applications (titles, repeated headers, ...);
                the rows that repeat an earlier response are added to them.
        """
        warnings = [*warnings, *self.other, *self.unsaved.lines(), *self.nameless.lines()]
        warnings += self.overlong.lines() + self.repaired.lines() + self.look_alike.lines()
        if self.nul_rows:
            warnings.append(
                f"{self.path.name}: {len(self.nul_rows)} row(s) held NUL characters (a "
                f"damaged export), which were removed: {', '.join(map(str, self.nul_rows))}. "
                "Check those rows in the file."
            )
        if self.repeated_rows:
            warnings.append(
                f"{self.path.name}: {len(self.repeated_rows)} row(s) repeated an earlier row "
                f"exactly and were skipped: {', '.join(map(str, self.repeated_rows))}."
            )
        skipped = sorted(
            [*skipped, *(SkippedRow(number, REPEATED_ROW) for number in self.repeated_rows)],
            key=lambda row: row.row_number,
        )
        return ReadResult(self.responses, self.rejected, warnings, self.headers, skipped)


def _unsaved_cells(cells: list[object]) -> list[tuple[int, UnsavedFormula]]:
    return [(i, cell) for i, cell in enumerate(cells) if isinstance(cell, UnsavedFormula)]
