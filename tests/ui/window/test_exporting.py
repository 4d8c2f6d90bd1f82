"""Tests of reviewer_app/ui/window/exporting.py: what the window says after an export."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reviewer_app.export.decisions import ExportReport
from reviewer_app.ui.window.exporting import export_summary


def _report(rows: int) -> ExportReport:
    return ExportReport(rows=rows, path=Path("/tmp/out.csv"), as_of=None, columns=["id"])


def test_the_summary_counts_one_application_in_the_singular() -> None:
    assert export_summary(_report(1)).startswith("Exported 1 application to /tmp/out.csv, ")
    assert export_summary(_report(0)).startswith("Exported 0 applications to ")
    assert export_summary(_report(1234)).startswith("Exported 1,234 applications to ")


def test_the_summary_says_how_fresh_the_data_is() -> None:
    assert export_summary(_report(2)).endswith("from a cache that has never synced.")
    synced = ExportReport(2, Path("/tmp/out.csv"), datetime(2026, 11, 1, 12, tzinfo=UTC), [])
    assert "(last sync)" in export_summary(synced)


def test_the_summary_says_when_changes_of_the_reviewer_are_not_synced_yet() -> None:
    when = datetime(2026, 11, 1, 12, tzinfo=UTC)
    report = ExportReport(2, Path("/tmp/out.csv"), when, [], unsynced=3)
    assert export_summary(report).endswith("(last sync), with 3 changes of yours not synced yet.")
    one = ExportReport(2, Path("/tmp/out.csv"), when, [], unsynced=1)
    assert "with 1 change of yours" in export_summary(one)
