"""A report as a folder of CSV files, one per table, for a spreadsheet (no Qt).

Excel-safe like the export of decisions: UTF-8 with a byte order mark, CRLF, and every
text cell that a spreadsheet would run as a formula made text
(:mod:`reviewer_app.storage.spreadsheet_cells`). Each file is written whole or not at all.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from reviewer_app.errors import UserError
from reviewer_app.reports.figures import (
    PIPELINE_STAGES,
    Durations,
    PositionTitle,
    Report,
    iso_utc,
)
from reviewer_app.storage.atomic_files import atomic_writer
from reviewer_app.storage.spreadsheet_cells import as_text_cell

CSV_FILES = (
    "pipeline.csv",
    "funnel.csv",
    "times.csv",
    "waiting.csv",
    "reviewers.csv",
    "backlog.csv",
    "checks.csv",
    "weekly.csv",
)
"""The files :func:`write_csv_folder` writes, each a table of ``docs/reports.md``."""

Cell = str | int | float | None


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    return as_text_cell(value) if isinstance(value, str) else value


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    with atomic_writer(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_cell(value) for value in row] for row in rows)


UNMATCHED_SLUG = "(unmatched)"
ALL_SLUG = "(all)"


def _slug(position: PositionTitle) -> str:
    return UNMATCHED_SLUG if position.slug is None else position.slug


def _durations(value: Durations) -> list[Cell]:
    return [value.count, value.median_days, value.p90_days]


def write_csv_folder(report: Report, folder: Path, *, include_identity: bool = True) -> list[Path]:
    """Writes the report's tables into ``folder`` (made if missing); returns the files.

    Raises:
        UserError: ``folder`` is a file, or cannot be written.
    """
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file; name a folder for the CSV files.")
    stages = [stage.value for stage in PIPELINE_STAGES]
    as_of = iso_utc(report.as_of) or "never synced"
    tables: dict[str, tuple[Sequence[str], list[list[Cell]]]] = {
        "pipeline.csv": (
            ["position", "title", *stages, "total", "as_of"],
            [
                [
                    _slug(row.position),
                    row.position.title,
                    *(row.counts[s] for s in PIPELINE_STAGES),
                    row.total,
                    as_of,
                ]
                for row in report.pipeline
            ],
        ),
        "funnel.csv": (
            ["step", "count", "of_previous", "of_submitted"],
            [[s.step, s.count, s.of_previous, s.of_submitted] for s in report.funnel],
        ),
        "times.csv": (
            [
                "position",
                "reviewed",
                "review_median_days",
                "review_p90_days",
                "decided",
                "decision_median_days",
                "decision_p90_days",
            ],
            [
                [_slug(t.position), *_durations(t.first_review), *_durations(t.decision)]
                for t in report.times
            ]
            + [
                [
                    ALL_SLUG,
                    *_durations(report.times_all.first_review),
                    *_durations(report.times_all.decision),
                ]
            ],
        ),
        "waiting.csv": (
            [
                "id",
                *(["name"] if include_identity else []),
                "position",
                "submitted_at",
                "days_waiting",
            ],
            [
                [
                    w.id,
                    *([w.name] if include_identity else []),
                    _slug(w.position),
                    iso_utc(w.submitted_at),
                    w.days_waiting,
                ]
                for w in report.waiting
            ],
        ),
        "reviewers.csv": (
            ["name", "checks", "applications", "notes"],
            [[r.name, r.checks, r.applications, r.notes] for r in report.reviewers],
        ),
        "backlog.csv": (
            ["position", "needs_review"],
            [[_slug(p), count] for p, count in report.backlog],
        ),
        "checks.csv": (
            ["position", "key", "label", "met", "not_met", "unsure", "total"],
            [
                [_slug(c.position), c.key, c.label, c.met, c.not_met, c.unsure, c.total]
                for c in report.checks
            ],
        ),
        "weekly.csv": (
            ["week", *(_slug(p) for p, _ in report.weekly.by_position), "total"],
            [
                [week.isoformat(), *(counts[n] for _, counts in report.weekly.by_position), total]
                for n, (week, total) in enumerate(
                    zip(report.weekly.weeks, report.weekly.totals, strict=True)
                )
            ],
        ),
    }
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in CSV_FILES:
            header, rows = tables[name]
            _write(folder / name, header, rows)
            written.append(folder / name)
    except OSError as exc:
        raise UserError(f"Cannot write the CSV files to {folder}: {exc.strerror or exc}.") from exc
    return written


__all__ = ["ALL_SLUG", "CSV_FILES", "UNMATCHED_SLUG", "write_csv_folder"]
