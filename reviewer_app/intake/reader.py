"""Reading a form tool's export (XLSX, or CSV from the older form) into checked responses.

Pure: no database. Columns are recognised by meaning (or named in a TOML mapping file),
text garbled by a wrong encoding is repaired, and rows that cannot be taken are returned
as :class:`Rejected` with a reason instead of being dropped silently.
"""

from __future__ import annotations

import csv
import os
from dataclasses import replace
from pathlib import Path

from reviewer_app.errors import UserError
from reviewer_app.intake.cells import cell_text, is_empty
from reviewer_app.intake.columns import ColumnMapping, load_mapping
from reviewer_app.intake.csv_rows import read_csv_rows
from reviewer_app.intake.responses import FormResponse, ReadResult, Rejected, SkippedRow
from reviewer_app.intake.rows import build_result
from reviewer_app.intake.sheets import read_xlsx_rows
from reviewer_app.intake.timestamps import parse_submitted_at
from reviewer_app.storage.atomic_files import atomic_writer
from reviewer_app.storage.gc_pause import cycle_collector_paused
from reviewer_app.storage.mojibake_repair import repair_mojibake
from reviewer_app.storage.spreadsheet_cells import as_text_cell

__all__ = [
    "CSV_SUFFIXES",
    "XLSX_SUFFIXES",
    "FormResponse",
    "ReadResult",
    "Rejected",
    "SkippedRow",
    "cell_text",
    "parse_submitted_at",
    "read_responses",
    "repair_response",
    "repair_text",
    "write_rejected",
]

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})


def repair_text(text: str) -> str:
    """Repairs mojibake (e.g. ``Iâ€\u2122m`` -> ``I\u2019m``) and changes nothing else."""
    return repair_mojibake(text)


def repair_response(response: FormResponse) -> FormResponse:
    """Returns the response with mojibake repaired in every text, as reading a file does.

    For responses that did not come through :func:`read_responses` (e.g. demo data).
    The response id is kept: it identifies the response, whatever its text.
    """
    return replace(
        response,
        name=repair_text(response.name),
        email=repair_text(response.email),
        position_typed=repair_text(response.position_typed),
        answers=tuple((repair_text(q), repair_text(a)) for q, a in response.answers),
    )


def read_responses(path: Path, mapping: Path | None = None) -> ReadResult:
    """Reads an XLSX or CSV export of form responses, or a board export of either form.

    Args:
        path: The export file.
        mapping: Optional TOML file naming the columns (``[columns]``) and the sheet.

    Raises:
        UserError: The file or mapping cannot be read, is not a regular file, is too
            big to read safely, holds a quote that swallows later rows, or a name/email
            column is missing. Nothing is read then.
    """
    spec = load_mapping(mapping) if mapping is not None else ColumnMapping()
    warnings: list[str] = []
    suffix = path.suffix.casefold()
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a regular file: name the export file itself.")
    if not path.exists() and suffix not in (*XLSX_SUFFIXES, *CSV_SUFFIXES):
        raise UserError(f"{path} does not exist. Check the file's name and folder.")
    if suffix in XLSX_SUFFIXES:
        rows = read_xlsx_rows(path, spec, mapping, warnings)
    elif suffix in CSV_SUFFIXES:
        if spec.sheet is not None:
            warnings.append(f"The mapping's sheet {spec.sheet!r} was ignored: {path.name} is CSV.")
        with cycle_collector_paused(keep_out=True):  # openpyxl holds cycles: CSV only
            rows = read_csv_rows(path, spec, warnings)
    elif suffix == ".xls":
        raise UserError(
            f"{path} is an old-style Excel file (.xls). Open it in Excel or LibreOffice "
            "and save it as .xlsx (or CSV), then import that file."
        )
    else:
        raise UserError(
            f"{path} is neither an Excel (.xlsx) nor a CSV file. "
            "Export the responses from the form tool as .xlsx or .csv."
        )
    if not rows or all(all(map(is_empty, cells)) for _, cells in rows):
        raise UserError(f"{path} is empty: it has no header row. Export the responses again.")
    with cycle_collector_paused(keep_out=True):
        return build_result(
            path, rows, spec, mapping, warnings, counted_cells=suffix in CSV_SUFFIXES
        )


def write_rejected(
    path: Path,
    result: ReadResult,
    *,
    fallback_dir: Path | None = None,
    warnings: list[str] | None = None,
) -> Path | None:
    """Writes the rejected rows beside the export as ``<name>.rejected.csv``.

    Columns are row, reason, then the original headers; UTF-8 with a byte-order mark
    so that Excel shows accents correctly, and a quote before a cell that a spreadsheet
    would run as a formula. The file replaces any earlier one whole.

    Args:
        path: The export.
        result: What was read from it.
        fallback_dir: Where to write the file when the export's folder cannot be
            written to (a read-only share), e.g. the data folder; it goes in its
            ``rejected`` folder.
        warnings: Receives a warning when the file went to ``fallback_dir``, or an
            earlier file could not be removed.

    Returns:
        The path written, or None when no row was rejected; an earlier file of rejected
        rows is then removed, so that it cannot be mistaken for this import's.

    Raises:
        UserError: The file can be written neither beside the export nor in
            ``fallback_dir`` (call this before importing, so that nothing is imported).
    """
    name = path.name + ".rejected.csv"
    targets = [path.with_name(name)]
    if fallback_dir is not None:
        targets.append(fallback_dir / "rejected" / name)
    notes = warnings if warnings is not None else []
    if not result.rejected:
        for stale in targets:
            # Checked first: on a read-only mount, removing a missing file fails too.
            if not os.path.lexists(stale):
                continue
            try:
                stale.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:  # e.g. a read-only folder
                notes.append(
                    f"An earlier {stale} could not be removed ({exc.strerror or exc}); it "
                    "is from an earlier import: no row of this one was rejected."
                )
        return None
    failures: list[str] = []
    for target in targets:
        try:
            with atomic_writer(target, encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                # The headers are the export's own text too: as safe as the cells.
                writer.writerow(["row", "reason", *map(as_text_cell, result.headers)])
                for item in result.rejected:
                    cells = [as_text_cell(item.values.get(h, "")) for h in result.headers]
                    reason = as_text_cell(item.reason)
                    writer.writerow([str(item.row_number), reason, *cells])
        except OSError as exc:
            failures.append(f"{target.parent} ({exc.strerror or exc})")
            continue
        if failures:
            notes.append(
                f"The rejected rows could not be written beside {path.name} in "
                f"{failures[0]}; they were written to {target} instead."
            )
        return target
    raise UserError(
        f"Cannot write the rejected rows of {path.name}: neither in {' nor in '.join(failures)}. "
        "Nothing was imported. Copy the export to a folder you can write to, or choose "
        "another data folder with --data-dir, and import it again."
    )
