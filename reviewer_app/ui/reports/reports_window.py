"""The Reports window: the pipeline, its charts, the waiting list, the team and the board.

Every figure is the one :func:`compute_report` makes (the same as ``report --json``),
read on the main window's database worker, never on the GUI thread. The report is asked
for first, the tables and the funnel (Qt alone) show it, and only then is the charting
library imported and the two charts put in their places (:class:`ChartSlot`): a user
sees the figures without waiting for pyqtgraph and numpy to load. A click on a
pipeline cell asks the main window to show those applications; moving a card on the
board records a decision through the reviewer's :class:`ReviewService`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.cache import LocalCache
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_name
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.reports import compute
from reviewer_app.reports.board import BoardColumn, read_board
from reviewer_app.reports.figures import DEFAULT_WAITING_DAYS, Report
from reviewer_app.reports.html import percent, scope_line, stamp_line, write_html
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.reports.chart_slot import ChartSlot
from reviewer_app.ui.reports.funnel import FunnelView
from reviewer_app.ui.reports.keys import add_keys
from reviewer_app.ui.reports.pickers import ReportPickers
from reviewer_app.ui.reports.stage_board import BOARD_HINT, StageBoard
from reviewer_app.ui.reports.tables import PipelineCell, PipelineModel, RowsModel, table_view
from reviewer_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from reviewer_app.ui.reports.charts import PipelineChart, WeeklyChart

DEFAULT_SIZE = (1240, 700)
"""Fits a 1366 by 768 screen with room for the taskbar and the title bar."""

BOARD_TAB = "Board"

CELL_TIP = "Click a cell to show those applications in the main list (that position and stage)."
RANGE_NOT_APPLIED = (
    "The main list has no date filter: it shows that position and stage of every date, "
    "not only those submitted in the range chosen here."
)


def _days(value: float | None) -> float | None:
    """Days to one decimal for the tables (the report keeps two)."""
    return None if value is None else round(value, 1)


def _refreshing(changes: Changes) -> bool:
    """Whether ``changes`` may move a figure (a draft alone moves none)."""
    return bool(
        changes.everything or changes.membership or changes.applicants or changes.checks
        or changes.notes or changes.decision or changes.positions
    )  # fmt: skip


class ReportsWindow(QWidget):
    """The coordinator's view over the local cache.

    Args:
        cache: The local cache.
        review: Records the board's moves (and Ctrl+Z takes back the last change).
        worker: The main window's database worker.
        catalogue: The main window's parsed positions.
        blind: Blind review: applicants are shown by their blind label.

    Signals:
        cell_chosen: (PipelineCell) show these applications in the main list.
        application_chosen: (str) show this application in the main window.
        changed: (Changes) a board move or an undo here changed the cache.
    """

    cell_chosen = Signal(object)
    application_chosen = Signal(str)
    changed = Signal(object)

    def __init__(
        self,
        cache: LocalCache,
        review: ReviewService,
        worker: TaskRunner,
        catalogue: PositionCatalogue,
        *,
        blind: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reportsWindow")
        self.setWindowTitle("Reports — reviewer_app")
        self._cache, self._review, self._worker = cache, review, worker
        self._catalogue = catalogue
        self.blind = blind
        self.report: Report | None = None
        self.board_columns: tuple[BoardColumn, ...] = ()
        self.loading = False
        self.board_loading = False
        self.pipeline_chart: PipelineChart | None = None
        self.weekly_chart: WeeklyChart | None = None
        self.charts_loaded = False

        self.pickers = ReportPickers(compute.clock().date(), self)
        # Asked for before the widgets are built: the worker computes meanwhile.
        self._compute()
        self.pickers.changed.connect(self.refresh)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button = QPushButton("Save as HTML…", self)
        self.save_button.setToolTip("Save these figures as one HTML file that opens offline")
        self.save_button.clicked.connect(self._ask_html_path)
        self.stamp = QLabel(self)
        self.stamp.setObjectName("reportStamp")
        self.stamp.setWordWrap(True)

        self.pipeline = PipelineModel(self)
        self.pipeline_view = table_view(self.pipeline, self, "Pipeline")
        self.pipeline_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pipeline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.pipeline_view.clicked.connect(self._on_cell)
        self.pipeline_view.activated.connect(self._on_cell)
        self.pipeline_view.setToolTip(CELL_TIP)
        self.pipeline_slot = ChartSlot("Applications per stage", self)
        self.funnel = FunnelView(self)
        self.times = RowsModel(
            ["Position", "Reviewed", "Median days\nto review", "90% reviewed\nwithin",
             "Decided", "Median days\nto decide", "90% decided\nwithin"],
            ["", "Applications with a first review",
             "Median days from submission to the first review",
             "Nine in ten were first reviewed within these days",
             "Applications accepted or declined",
             "Median days from submission to the outcome",
             "Nine in ten had their outcome within these days"],
        )  # fmt: skip
        self.waiting = RowsModel(["Applicant", "Position", "Submitted", "Days waiting"])
        self.reviewers = RowsModel(["Reviewer", "Checks", "Applications", "Notes"])
        self.backlog = RowsModel(
            ["Position", "Not fully reviewed"],  # by anyone: not "Needs my review"
            ["", "Open (new, screening) and no reviewer has judged every check"],
        )
        self.checks = RowsModel(["Position", "Check", "Verdicts", "Met", "Not met", "Unsure"])
        self.weekly_slot = ChartSlot("Applications per week", self)
        self.board = StageBoard(self)
        self.board.move_requested.connect(self.move_card)
        self.waiting_view = table_view(self.waiting, self, "Waiting list")
        self.waiting_view.doubleClicked.connect(self._on_waiting)
        self.waiting_view.setToolTip("Double-click an application to show it in the main window")

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._overview(), "Pipeline")
        self.tabs.addTab(self.waiting_view, "Waiting")
        self.tabs.addTab(self.weekly_slot, "Applications per week")
        self.tabs.addTab(self._team(), "Team and checks")
        self.tabs.addTab(self.board, BOARD_TAB)
        self.tabs.currentChanged.connect(self._on_tab)
        add_keys(self, self.tabs)  # Ctrl+Tab, Alt+1…5, Esc

        top = QHBoxLayout()
        top.addWidget(self.pickers)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stamp)
        layout.addWidget(self.tabs, 1)

        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.addAction(self.undo_action)
        self.resize(*DEFAULT_SIZE)

    def _overview(self) -> QWidget:
        page = QWidget(self)
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.pipeline_view, 3)
        top.addWidget(self.pipeline_slot, 2)
        bottom.addWidget(self.funnel, 2)
        bottom.addWidget(table_view(self.times, page, "Time to first review and to decision"), 3)
        layout = QVBoxLayout(page)
        layout.addLayout(top, 3)
        layout.addLayout(bottom, 2)
        return page

    def _team(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.addWidget(table_view(self.reviewers, page, "Reviewers"), 0, 0)
        grid.addWidget(table_view(self.backlog, page, "Backlog"), 0, 1)
        grid.addWidget(table_view(self.checks, page, "Requirement checks"), 1, 0, 1, 2)
        return page

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Computes the report the pickers ask for on the worker (and the board if shown)."""
        self._compute()
        if self.tabs.currentIndex() == self.tabs.count() - 1:
            self.refresh_board()

    def _compute(self) -> None:
        options = self.pickers.options(DEFAULT_WAITING_DAYS)
        cache, catalogue = self._cache, self._catalogue
        self.loading = True
        self._worker.run(
            lambda: compute.compute_report(cache, options, catalogue=catalogue),
            on_done=self.show_report,
            on_error=self._failed,
            key="reports",
        )

    def _load_charts_soon(self) -> None:
        """Imports the charting library once the figures shown have been painted."""
        if not self.charts_loaded:
            # After the views' own delayed layouts (queued when their models reset).
            QTimer.singleShot(0, self, self._paint_then_load_charts)

    def _paint_then_load_charts(self) -> None:
        self.repaint()  # the figures on screen before the import holds the GUI thread
        self.load_charts()

    def load_charts(self) -> None:
        """Imports pyqtgraph (0.6-0.8 s with numpy) and puts the charts in their places."""
        if self.charts_loaded:
            return
        from reviewer_app.ui.reports.charts import PipelineChart, WeeklyChart

        self.pipeline_chart = PipelineChart(self.pipeline_slot)
        self.weekly_chart = WeeklyChart(self.weekly_slot)
        self.pipeline_slot.put(self.pipeline_chart)
        self.weekly_slot.put(self.weekly_chart)
        self.charts_loaded = True
        if self.report is not None:
            self.pipeline_chart.show_report(self.report)
            self.weekly_chart.show_report(self.report)

    def apply_changes(self, changes: Changes) -> None:
        """Reads the figures again if ``changes`` may move one (the main window's writes)."""
        if _refreshing(changes):
            self.refresh()

    def show_report(self, report: Report) -> None:
        """Shows every figure of ``report``."""
        self.loading = False
        self.report = report
        if report.options.position is None:
            self.pickers.set_positions(report.positions)
        self.stamp.setText(f"{scope_line(report)}. {stamp_line(report)}")
        ranged = report.options.start is not None or report.options.end is not None
        self.pipeline_view.setToolTip(f"{CELL_TIP}\n{RANGE_NOT_APPLIED}" if ranged else CELL_TIP)
        self.pipeline.show_report(report)
        self.funnel.show_report(report)
        if self.pipeline_chart is not None and self.weekly_chart is not None:
            self.pipeline_chart.show_report(report)
            self.weekly_chart.show_report(report)
        self.times.set_rows(
            [
                [t.position.title, t.first_review.count, _days(t.first_review.median_days),
                 _days(t.first_review.p90_days), t.decision.count,
                 _days(t.decision.median_days), _days(t.decision.p90_days)]
                for t in (*report.times, report.times_all)
            ]
        )  # fmt: skip
        self.waiting.set_rows(
            [
                [blind_name(w.id) if self.blind else w.name, w.position.title,
                 f"{w.submitted_at:%Y-%m-%d}", w.days_waiting]
                for w in report.waiting
            ]
        )  # fmt: skip
        self.tabs.setTabText(1, f"Waiting ({len(report.waiting)})")
        self.reviewers.set_rows(
            [[r.name, r.checks, r.applications, r.notes] for r in report.reviewers]
        )
        self.backlog.set_rows([[p.title, count] for p, count in report.backlog])
        self.checks.set_rows(
            [
                [c.position.title, c.label, c.total, percent(c.rate(c.met)),
                 percent(c.rate(c.not_met)), percent(c.rate(c.unsure))]
                for c in report.checks
            ]
        )  # fmt: skip
        self._load_charts_soon()

    def refresh_board(self) -> None:
        """Reads the board of the chosen position on the worker."""
        options = self.pickers.options(DEFAULT_WAITING_DAYS)
        if options.position is None:
            self.board_columns = ()
            self.board.show_columns((), blind=self.blind)
            self.board.say("Choose a position above to see its applications by stage.")
            return
        cache, catalogue, slug = self._cache, self._catalogue, options.position
        self.board_loading = True
        self._worker.run(
            lambda: read_board(cache, slug, options, catalogue=catalogue),
            on_done=self._show_board,
            on_error=self._failed,
            key="board",
        )

    def _show_board(self, columns: tuple[BoardColumn, ...]) -> None:
        self.board_loading = False
        self.board_columns = columns
        self.board.say(BOARD_HINT)
        self.board.show_columns(columns, blind=self.blind)

    def _failed(self, exc: BaseException) -> None:
        self.loading = self.board_loading = False
        if not isinstance(exc, UserError):
            raise exc
        self.stamp.setText(str(exc))
        self.board.say(str(exc))
        self._load_charts_soon()

    @property
    def idle(self) -> bool:
        """Whether no report, board, chart or write is outstanding."""
        return (
            not self.loading
            and not self.board_loading
            and self.charts_loaded
            and not self._worker.busy
        )

    # --- acting ----------------------------------------------------------------------------

    def move_card(self, application_id: str, stage: Stage, reason: str | None) -> None:
        """Records the decision a board move asks for, as the decision control does."""
        review = self._review
        self._run_write(lambda: review.set_decision(application_id, stage, reason))

    def undo(self) -> None:
        """Takes back the reviewer's last change (Ctrl+Z), as Edit → Undo does."""
        self._run_write(self._review.undo)

    def _run_write(self, write: Callable[[], Changes]) -> None:
        self._worker.run(write, on_done=self._written, on_error=self._failed)

    def _written(self, changes: Changes) -> None:
        self.changed.emit(changes)
        self.refresh()
        if self.tabs.currentIndex() != self.tabs.count() - 1:
            return
        self.refresh_board()

    def save_html(self, path: Path) -> None:
        """Writes the report shown to ``path`` as one HTML file, on the worker."""
        report = self.report
        if report is None:
            return
        blind = self.blind
        self._worker.run(
            lambda: write_html(report, path, include_identity=not blind),
            on_done=lambda _: self.stamp.setText(f"Saved {path}. {stamp_line(report)}"),
            on_error=self._failed,
        )

    def _ask_html_path(self) -> None:
        day = datetime.now().strftime("%Y-%m-%d")
        # A relative name opened the dialog in the folder the app was started from.
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        path, _ = QFileDialog.getSaveFileName(
            self, "Save report as HTML", str(folder / f"report-{day}.html"), "HTML files (*.html)"
        )
        if path:
            self.save_html(Path(path))

    def _on_cell(self, index: QModelIndex) -> None:
        cell = self.pipeline.cell(index)
        if cell is None:
            return
        report = self.report
        if report is not None and (report.options.start or report.options.end):
            # Said where the eye is, not silently ignored.
            self.stamp.setText(f"{scope_line(report)}. {RANGE_NOT_APPLIED}")
        self.cell_chosen.emit(cell)

    def _on_waiting(self, index: QModelIndex) -> None:
        if self.report is not None and index.isValid():
            self.application_chosen.emit(self.report.waiting[index.row()].id)

    def _on_tab(self, number: int) -> None:
        if self.tabs.tabText(number) == BOARD_TAB:
            self.refresh_board()


__all__ = ["DEFAULT_SIZE", "PipelineCell", "ReportsWindow"]
