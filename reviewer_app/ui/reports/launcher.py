"""Opening the Reports window from the main window, and what its clicks do there.

View → Reports (Ctrl+Shift+R) opens it. This module imports neither the Reports window
nor the charting library: both are imported when the reports first open, so the main
window starts as fast as before. The window opens within the screen's available room
(a laptop's 768 pixels less the taskbar). A click on a pipeline cell sets the main list's
filters to that cell; a board move or an undo in the Reports window reaches the main
window's panes as any write does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QWidget

from reviewer_app.cache import LocalCache
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.list.applicant_list import ApplicantList
from reviewer_app.ui.list.filter_keys import set_filters
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.window_menus import WindowMenus

if TYPE_CHECKING:
    from reviewer_app.ui.reports.reports_window import ReportsWindow
    from reviewer_app.ui.reports.tables import PipelineCell

SHORTCUT = "Ctrl+Shift+R"
VIEW_MENU = "&View"


def show_cell_in_list(
    applicant_list: ApplicantList, slug: str | None, stage: Stage | None, *, unmatched: bool
) -> None:
    """Sets the main list's filters to one pipeline cell and queries the list once.

    Args:
        applicant_list: The main window's list.
        slug: The position (None: all positions).
        stage: The stage (None: any stage).
        unmatched: The cell is on the unmatched row (the "Unmatched" toggle alone).
    """
    set_filters(
        applicant_list, position=slug, stage=stage, toggles=["unmatched"] if unmatched else []
    )


def bring_forward(window: QWidget) -> None:
    """Raises ``window`` above the others and gives it the keyboard."""
    # The offscreen platform (screenshots, tests) has no stacking order, and says so.
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
    window.activateWindow()


def fit_on_screen(window: QWidget, available: QRect) -> None:
    """Shrinks ``window``, title bar included, to ``available`` and moves it inside.

    Args:
        window: A top-level window.
        available: The screen's room (``QScreen.availableGeometry``: less its panels).
    """
    frame, inner = window.frameGeometry(), window.geometry()
    sides, title = frame.width() - inner.width(), frame.height() - inner.height()
    if title <= 0:  # not shown yet: the frame is unknown until the window manager draws it
        title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, window)
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(min(window.width(), available.width() - sides), least.width())
    height = max(min(window.height(), available.height() - title), least.height())
    window.resize(width, height)
    outer_width, outer_height = width + sides, height + title
    if window.isVisible():  # where the reviewer left it, moved back inside
        left, top = window.x(), window.y()
    else:  # centred, as a first opening is
        left = available.left() + (available.width() - outer_width) // 2
        top = available.top() + (available.height() - outer_height) // 2
    left = max(available.left(), min(left, available.left() + available.width() - outer_width))
    top = max(available.top(), min(top, available.top() + available.height() - outer_height))
    window.move(left, top)


class ReportsLauncher(QObject):
    """View → Reports in the main window, and the Reports window it opens (one at a time).

    Args:
        window: The main window.
        menus: Its menus (the action is made there, so the shortcut help lists it).
        cache: The local cache.
        review: The reviewer's service (board moves and undo go through it).
        worker: The main window's database worker.
        catalogue: The main window's parsed positions.
        applicant_list: The main list, filtered by a click on a pipeline cell.
        apply_changes: Hands a write's Changes to the main window's panes.
        show_application: Shows one application in the main window's panes.
        blind: Whether blind review is on now (asked each time the reports open).
    """

    def __init__(
        self,
        window: QMainWindow,
        menus: WindowMenus,
        cache: LocalCache,
        review: ReviewService,
        worker: TaskRunner,
        catalogue: PositionCatalogue,
        applicant_list: ApplicantList,
        apply_changes: Callable[[Changes], None],
        show_application: Callable[[str], None],
        blind: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._cache, self._review, self._worker = cache, review, worker
        self._catalogue = catalogue
        self._list = applicant_list
        self._apply_changes = apply_changes
        self._show = show_application
        self._blind = blind
        self.reports: ReportsWindow | None = None
        self.action = menus.action(
            "reports", "&Reports…", SHORTCUT, self.open,
            "Pipeline, charts, waiting list and the stage board",
        )  # fmt: skip
        self._add_to_view_menu()

    def _add_to_view_menu(self) -> None:
        for action in self._window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text() == VIEW_MENU:
                menu.addSeparator()
                menu.addAction(self.action)
                return
        self._window.menuBar().addMenu(VIEW_MENU).addAction(self.action)

    def open(self) -> ReportsWindow:
        """Shows the Reports window (made, and the charts imported, the first time)."""
        if self.reports is None:
            # Here, not at the top: the charting library loads with the first opening.
            from reviewer_app.ui.reports.reports_window import ReportsWindow

            self.reports = ReportsWindow(
                self._cache, self._review, self._worker, self._catalogue,
                blind=self._blind(), parent=self._window,
            )  # fmt: skip
            self.reports.cell_chosen.connect(self._show_cell)
            self.reports.application_chosen.connect(self._show_application)
            self.reports.changed.connect(self._apply_changes)
        else:
            self.reports.blind = self._blind()
            self.reports.refresh()
        screen = self._window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            fit_on_screen(self.reports, screen.availableGeometry())
        self.reports.show()
        bring_forward(self.reports)
        return self.reports

    def apply_changes(self, changes: Changes) -> None:
        """Reads the reports again after a write or sync elsewhere, if they are open."""
        if self.reports is not None and self.reports.isVisible():
            self.reports.apply_changes(changes)

    def _show_cell(self, cell: PipelineCell) -> None:
        show_cell_in_list(self._list, cell.slug, cell.stage, unmatched=cell.unmatched)
        bring_forward(self._window)

    def _show_application(self, application_id: str) -> None:
        if not self._list.select(application_id):
            self._show(application_id)  # hidden by the list's filter: shown all the same
        bring_forward(self._window)


__all__ = ["SHORTCUT", "ReportsLauncher", "bring_forward", "fit_on_screen", "show_cell_in_list"]
