"""Exporting decisions from the window: what to export, where, progress, and how fresh.

The dialog names its scope with counts (the current filter or all applications) and
offers the export's options; the columns are documented in ``docs/export.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.cache import LocalCache
from reviewer_app.errors import UserError
from reviewer_app.export.decisions import (
    ExportOptions,
    ExportReport,
    ExportScope,
    NeverSynced,
    export_decisions,
    export_scope,
)
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.times import short_time


def freshness(as_of: datetime | None, unsynced: int = 0) -> str:
    """Says how fresh an export is: "as of 2026-11-01 12:00 (last sync)"."""
    if as_of is None:
        return "from a cache that has never synced"
    text = f"as of {short_time(as_of)} (last sync)"
    if unsynced:
        changes = "1 change" if unsynced == 1 else f"{unsynced:,} changes"
        text += f", with {changes} of yours not synced yet"
    return text


def export_summary(report: ExportReport) -> str:
    """Says what an export wrote: "Exported 1 application to /x.csv, as of …"."""
    noun = "application" if report.rows == 1 else "applications"
    when = freshness(report.as_of, report.unsynced)
    return f"Exported {report.rows:,} {noun} to {report.path}, {when}."


def count_text(count: int) -> str:
    """ "1 application", "1,204 applications"."""
    return f"{count:,} application" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class ExportChoice:
    """What the reviewer chose in the export dialog.

    Attributes:
        everything: Export all applications of the cache, not just the current filter.
        options: Identity, format and note texts (never filters: the scope is above).
    """

    everything: bool = False
    options: ExportOptions = field(default_factory=ExportOptions)


class ExportDialog(QDialog):
    """Asks what to export (scope with counts, options) and where; keyboard reachable."""

    def __init__(
        self,
        shown: int,
        total: int,
        *,
        blind: bool,
        path: Path,
        parent: QWidget | None = None,
        scope: str = "the &current filter",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export decisions")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Export the decisions to a CSV file, for a spreadsheet:"))
        self.filtered = QRadioButton(f"Only {scope}: {count_text(shown)}")
        self.everything = QRadioButton(f"&All {count_text(total)} in the cache")
        self.filtered.setChecked(True)
        self.scope = QButtonGroup(self)
        for button in (self.filtered, self.everything):
            self.scope.addButton(button)
            layout.addWidget(button)
        self.no_identity = QCheckBox("Leave out &name and email")
        self.no_identity.setChecked(blind)
        if blind:
            # Blind review hides who applied: an export from it never shows them.
            self.no_identity.setEnabled(False)
            self.no_identity.setToolTip("Blind review is on: name and email stay out.")
        self.notes = QCheckBox("Include note &texts (a column with each note)")
        layout.addWidget(self.no_identity)
        layout.addWidget(self.notes)
        self.excel = QRadioButton("&Excel (UTF-8 with BOM, CRLF)")
        self.plain = QRadioButton("&Plain (UTF-8, LF, for scripts)")
        self.excel.setChecked(True)
        self.format = QButtonGroup(self)
        formats = QHBoxLayout()
        for button in (self.excel, self.plain):
            self.format.addButton(button)
            formats.addWidget(button)
        form = QFormLayout()
        form.addRow("Format:", formats)
        self.path = QLineEdit(str(path))
        self.browse = QPushButton("C&hoose…")
        # Return in the file field exports; it never opens the file picker.
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path)
        form.addRow(file_label, where)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        export_button.setText("Export")
        for dialog_button in self.buttons.buttons():
            if isinstance(dialog_button, QPushButton):
                dialog_button.setAutoDefault(False)  # Return stays on Export wherever Tab went
        export_button.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for control in (self.filtered, self.everything, self.no_identity, self.notes,
                        self.excel, self.plain, self.browse):  # fmt: skip
            # Tab reaches every control whatever the platform's default for buttons.
            control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.path.textChanged.connect(lambda text: export_button.setEnabled(bool(text.strip())))
        self.resize(min(self.sizeHint().width() + 160, 640), self.sizeHint().height())

    def chosen_path(self) -> Path:
        """The file to write, with ".csv" added when it has no suffix."""
        chosen = Path(self.path.text().strip()).expanduser()
        return chosen if chosen.suffix else chosen.with_suffix(".csv")

    def choice(self) -> ExportChoice:
        """The scope and options as chosen."""
        return ExportChoice(
            everything=self.everything.isChecked(),
            options=ExportOptions(
                include_identity=not self.no_identity.isChecked(),
                excel=self.excel.isChecked(),
                include_notes=self.notes.isChecked(),
            ),
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export decisions",
            self.path.text(),
            "CSV files (*.csv);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        if self.path.text().strip():
            self.accept()


class ExportFlow(QObject):
    """Says what it will export, asks where, exports in the background, then says what it did.

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
        self.dialog: ExportDialog | None = None
        # What the dialog chose; the defaults (the current filter, Excel) until it is shown.
        self.choice = ExportChoice()
        self._shown = 0
        self._scope_name = "the &current filter"
        self._scope = ExportScope(total=0, as_of=None)
        # The file last chosen in this session: after "the folder does not exist", Ctrl+E
        # opens on what was typed, to correct, not on ~/decisions.csv again.
        self.last_path: Path | None = None

    def ask_path(self) -> Path | None:
        """Shows the export dialog; returns the file chosen (and keeps the choice), or None.

        The overwrite question is ours, see :meth:`confirm_overwrite`.
        """
        dialog = ExportDialog(
            self._shown,
            self._scope.total,
            blind=not self.choice.options.include_identity,
            path=self.last_path or Path.home() / "decisions.csv",
            parent=self._window,
            scope=self._scope_name,
        )
        self.dialog = dialog
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            self.choice = dialog.choice()
            self.last_path = dialog.chosen_path()
            return self.last_path
        finally:
            self.dialog = None
            dialog.deleteLater()

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

    def start(
        self,
        ids: Sequence[str],
        *,
        include_identity: bool,
        as_of: datetime | None,
        scope: str = "the &current filter",
    ) -> None:
        """Runs the whole flow; ``ids`` are what the list shows (or its ``scope``: a selection).

        ``as_of`` is the window's idea of the last sync; the cache's own word, read on the
        worker with the count of all applications, decides whether there is anything to
        export.
        """
        chosen = list(ids)
        self._scope_name = scope
        self._runner.run(
            lambda: export_scope(self._cache),
            on_done=lambda scope: self._scoped(chosen, scope, include_identity),
            on_error=self._failed,
        )

    def _scoped(self, ids: list[str], scope: ExportScope, include_identity: bool) -> None:
        if scope.as_of is None:
            self._failed(NeverSynced())
            return
        self._shown, self._scope = len(ids), scope
        self.choice = ExportChoice(options=ExportOptions(include_identity=include_identity))
        path = self.ask_path()
        if path is None:
            return
        force = path.exists()
        if force and not self.confirm_overwrite(path):
            return
        choice = self.choice
        self.run(None if choice.everything else ids, path, force=force, options=choice.options)

    def run(
        self,
        ids: Sequence[str] | None,
        path: Path,
        *,
        force: bool,
        options: ExportOptions,
    ) -> None:
        """Exports ``ids`` (all applications if None) in the background, with progress."""
        total = self._scope.total if ids is None else len(ids)
        self.progress = QProgressDialog("Exporting decisions…", "", 0, max(total, 1), self._window)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.setValue(0)
        chosen = None if ids is None else list(ids)
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
