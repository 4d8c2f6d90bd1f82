"""Exporting decisions from the window: file dialog, progress, and how fresh the data is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from reviewer_app.cache import LocalCache
from reviewer_app.errors import UserError
from reviewer_app.export.decisions import ExportOptions, ExportReport, export_decisions
from reviewer_app.ui.list.applicant_labels import time_label
from reviewer_app.ui.tasks import TaskRunner


def freshness(as_of: datetime | None) -> str:
    """Says how fresh an export is: "as of 2026-11-01 12:00 (last sync)"."""
    if as_of is None:
        return "from a cache that has never synced"
    return f"as of {time_label(as_of)} (last sync)"


def export_summary(report: ExportReport) -> str:
    """Says what an export wrote: "Exported 1 application to /x.csv, as of …"."""
    noun = "application" if report.rows == 1 else "applications"
    return f"Exported {report.rows:,} {noun} to {report.path}, {freshness(report.as_of)}."


class ExportFlow(QObject):
    """Asks where, exports in the background with a progress dialog, then says what it did.

    Signals:
        finished: A one-line summary for the status bar.
    """

    finished = Signal(str)

    def __init__(self, cache: LocalCache, runner: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self._cache = cache
        self._runner = runner
        self._window = window
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None

    def ask_path(self) -> Path | None:
        """Asks where to save (the overwrite question is ours, see :meth:`confirm_overwrite`)."""
        path, _ = QFileDialog.getSaveFileName(
            self._window,
            "Export decisions",
            str(Path.home() / "decisions.csv"),
            "CSV files (*.csv);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(".csv")

    def confirm_overwrite(self, path: Path) -> bool:
        """Asks whether to replace an existing file."""
        answer = QMessageBox.question(
            self._window,
            "Replace the file?",
            f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def start(self, ids: Sequence[str], *, include_identity: bool, as_of: datetime | None) -> None:
        """Runs the whole flow for the applications ``ids`` (what the list shows)."""
        path = self.ask_path()
        if path is None:
            return
        force = path.exists()
        if force and not self.confirm_overwrite(path):
            return
        self.run(ids, path, force=force, include_identity=include_identity)

    def run(self, ids: Sequence[str], path: Path, *, force: bool, include_identity: bool) -> None:
        """Exports in the background with a progress dialog (no questions asked)."""
        self.progress = QProgressDialog(
            "Exporting decisions…", "", 0, max(len(ids), 1), self._window
        )
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setValue(0)
        options = ExportOptions(include_identity=include_identity)
        chosen = list(ids)
        self._runner.run_with_progress(
            lambda report: export_decisions(
                self._cache, path, options, force=force, progress=report, application_ids=chosen
            ),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progressed,
        )

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, report: ExportReport) -> None:
        self._close_progress()
        text = export_summary(report)
        self._message(QMessageBox.Icon.Information, "Export finished", text)
        self.finished.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        if not isinstance(exc, UserError):
            raise exc
        self._message(QMessageBox.Icon.Warning, "Export failed", str(exc))
        self.finished.emit(f"Export failed: {exc}")

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        # open(), not exec(): the window (and a test) goes on while the message shows.
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.message_box = box
        box.open()
