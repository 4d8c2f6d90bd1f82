"""The reviewer's window: the applicant list, the applicant and position, the review panel.

Every read and write of the cache runs on the window's one database worker, and each
write's Changes reach the panes through :meth:`MainWindow.apply_changes`; see "Threading"
and "The change flow" in docs/architecture.md. The Edit menu and the window's own writes
are in :mod:`edit_flow`, the status bar's state in :mod:`status_flow`, and closing with
work in flight in :mod:`leaving`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.applicants.records import PositionVersion
from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import Settings
from reviewer_app.domain.changes import Changes
from reviewer_app.errors import UserError
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.selection import Selection
from reviewer_app.ui.detail.applicant_view import ApplicantView
from reviewer_app.ui.detail.position_view import PositionBrowser
from reviewer_app.ui.list.applicant_list import ApplicantList
from reviewer_app.ui.reports.launcher import ReportsLauncher
from reviewer_app.ui.review.review_panel import ReviewPanel
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.cache_check import CacheCheck
from reviewer_app.ui.window.coordination_flow import CoordinationFlow
from reviewer_app.ui.window.edit_flow import EditFlow
from reviewer_app.ui.window.exporting import ExportFlow
from reviewer_app.ui.window.join_flow import JoinFlow
from reviewer_app.ui.window.joining import DataSource
from reviewer_app.ui.window.keyboard import KeyboardFlow
from reviewer_app.ui.window.leaving import LeaveFlow
from reviewer_app.ui.window.notice_bar import NoticeBar, watch_sync
from reviewer_app.ui.window.panes import FoldingSplitter, PaneLayout, lay_out_now
from reviewer_app.ui.window.selection_reader import SelectionReader
from reviewer_app.ui.window.settings_flow import SettingsFlow
from reviewer_app.ui.window.status import MessageBar, SyncStatus
from reviewer_app.ui.window.status_flow import StatusFlow
from reviewer_app.ui.window.sync_controller import SyncController
from reviewer_app.ui.window.window_layout import (
    fit_default_size,
    pane_widths,
    restore_layout,
    save_layout,
)
from reviewer_app.ui.window.window_menus import WindowMenus, add_view_menu

DEFAULT_SIZE = (1320, 740)
MINIMUM_SIZE = (980, 560)


class MainWindow(QMainWindow):
    """Left: filters and list; middle: applicant beside the position; right: review panel.

    Args:
        cache: The local cache.
        review: Records the reviewer's changes.
        query: The list queries.
        runner: Runs syncs in the background (the cache's reads and writes run on the
            window's own database worker).
        settings: The reviewer's settings.
        data_dir: Where settings are saved.
        sync: Background sync; None for a window that never syncs (screenshots, tests).
        window_settings: Where splitters and geometry are remembered; None remembers nothing.
        catalogue: Parsed position versions, shared with ``query``.
        source: Where the data comes from, said in the title and the status bar.
        check_cache: The cache was opened without its quick check: run it first on the
            worker, and read only once it passed (see :mod:`cache_check`).
    """

    def __init__(
        self,
        cache: LocalCache,
        review: ReviewService,
        query: ApplicantQuery,
        runner: TaskRunner,
        settings: Settings,
        data_dir: Path,
        sync: SyncController | None = None,
        window_settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        catalogue: PositionCatalogue | None = None,
        source: DataSource | None = None,
        check_cache: bool = False,
    ) -> None:
        super().__init__(parent)
        self._catalogue = catalogue or PositionCatalogue()
        self._shown_id: str | None = None  # the application the panes show or will show
        self._cache = cache
        self._review = review
        self._query = query
        self._runner = runner
        self.settings = settings
        self.sync = sync
        self._window_settings = window_settings
        self._positions: list[PositionVersion] = []
        self._shown_once = False
        self._restored_splitter = False
        self.dialogs: list[QWidget] = []  # non-modal windows kept alive while open
        self.source = source or DataSource()
        self.setWindowTitle(f"{self.source.describe()} — reviewer_app")
        self.setMinimumSize(*MINIMUM_SIZE)

        # The one database worker: the list's queries, the selected applicant's reads and
        # every review write, in order; never behind a sync on ``runner`` (WAL mode).
        self.worker = TaskRunner(self, max_threads=1)
        options = lambda: (review.reviewer_name, self.settings.independent_review)  # noqa: E731
        self.reader = SelectionReader(self.worker, cache, self._catalogue, options)
        # The positions come with the first reads, on the worker.
        self.applicant_list = ApplicantList(
            query, settings.blind_review, self.worker, self, positions=()
        )
        self.applicant_view = ApplicantView(self)
        self.position_browser = PositionBrowser(self, catalogue=self._catalogue)
        self.position_browser.setObjectName("positionBrowser")
        self.applicant_view.setToolTip("The applicant and their answers (Ctrl+1)")
        self.position_browser.setToolTip(
            "The description of the position version applied to (Ctrl+2)"
        )
        # The applicant beside the description they applied to, as reviewers read them.
        self.middle_splitter = FoldingSplitter(Qt.Orientation.Horizontal, self)
        self.middle_splitter.setObjectName("middleSplitter")
        self.middle_splitter.addWidget(self.applicant_view)
        self.middle_splitter.addWidget(self.position_browser)
        # The description may be folded away on a small screen; the applicant may not.
        self.middle_splitter.setCollapsible(0, False)
        self.review_panel = ReviewPanel(
            review, cache, self, blind=settings.blind_review, runner=self.worker
        )

        self.main_splitter = FoldingSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.applicant_list)
        self.main_splitter.addWidget(self.middle_splitter)
        self.main_splitter.addWidget(self.review_panel)
        self.main_splitter.setChildrenCollapsible(False)
        # A wider window widens the list, the applicant and the description; the panel
        # keeps its width.
        for number, stretch in enumerate((2, 3, 0)):
            self.main_splitter.setStretchFactor(number, stretch)
        self.setCentralWidget(self.main_splitter)
        self.panes = PaneLayout(self.main_splitter, self.middle_splitter, lambda: pane_widths(self))

        self.status = SyncStatus(self)
        self.status.set_source(self.source.describe(), self.source.override or "")
        self.setStatusBar(MessageBar([self.status], self))  # long messages end in …
        self.notices = NoticeBar(self)
        self.status_flow = StatusFlow(
            self.status, cache, self.worker, sync,
            lambda changes: self.apply_changes(changes, local=False),
            self.statusBar(), self.dialogs, self, self.applicant_list.empty_notice,
        )  # fmt: skip
        self.export_flow = ExportFlow(cache, self.worker, self)
        self.export_flow.finished.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.join_flow = JoinFlow(data_dir, self)
        self.settings_flow = SettingsFlow(data_dir, self, self.dialogs, self.join_flow)
        self.settings_flow.applied.connect(self._on_settings_applied)
        self.settings_flow.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))

        self.menus = WindowMenus(self, self.dialogs)
        say = lambda text: self.statusBar().showMessage(text, 5000)  # noqa: E731
        self.keyboard = KeyboardFlow(
            self.applicant_list, self.applicant_view, self.review_panel, say, self,
            self.panes, self.position_browser,
        )  # fmt: skip
        self.review_panel.sizing.widen = self.panes.widen_panel  # the list keeps its width
        # Edit → Undo names applicants as the rest of the window does.
        review.history.set_blind(settings.blind_review)
        self.edit = EditFlow(
            self.menus, review, self.worker,
            lambda changes: self.apply_changes(changes, local=True),
            lambda text: self.statusBar().showMessage(text, 10_000), self.notices.show_notice,
            self,
        )  # fmt: skip
        self.coordination = CoordinationFlow(
            self, self.applicant_list, self.applicant_view, self.review_panel, review, cache,
            self.worker, self.edit, self._catalogue, say, self._export,
        )  # fmt: skip
        self._build_menus()
        self.leave_flow = LeaveFlow(self, cache, self.worker, sync, self.review_panel.flush_drafts)

        self.applicant_list.current_changed.connect(self.show_application)
        self.applicant_list.filtering.connect(self.review_panel.flush_drafts)
        self.applicant_list.failed.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.applicant_view.open_application.connect(self._open_duplicate)
        self.applicant_view.assign_position.connect(self._assign_position)
        self.review_panel.changed.connect(lambda changes: self.apply_changes(changes, local=True))
        if sync is not None:
            watch_sync(self.notices, sync, self.join_flow.open_invitation)

        fit_default_size(self, DEFAULT_SIZE, MINIMUM_SIZE)
        self._restored_splitter = restore_layout(self, self._window_settings)
        self.cache_check = (
            CacheCheck(self.worker, cache, self, self.reload) if check_cache else None
        )
        if self.cache_check is None:
            self.reload()

    # --- showing -------------------------------------------------------------------------

    def reload(self) -> None:
        """Reads positions, list, counts, status and the selection again, on the worker."""
        self.apply_changes(Changes.all(), local=False)

    def apply_changes(self, changes: Changes, *, local: bool) -> None:
        """Hands what a write changed to each pane, which refreshes only what concerns it.

        Args:
            changes: What changed.
            local: The reviewer's own edit in this window: the list then repaints its
                rows and counts but never re-filters under the reviewer (the row being
                reviewed stays where it is); a sync's changes re-filter it.
        """
        self.reader.forget()  # what was read ahead
        self.edit.refresh()  # after every write and every sync: what Undo would do
        self.reports.apply_changes(changes)
        if changes.positions or changes.everything:
            self.worker.run(
                self._query.positions,
                on_done=self._show_positions,
                on_error=self._read_failed,
                key="positions",
            )
        # The applicant shown is read first: a key press shows its result without
        # waiting behind the list's counts on the one worker.
        if changes.touches(self._shown_id):
            self.show_application(self._shown_id, review_only=changes.review_only)
        if changes:
            self.applicant_list.apply_changes(changes, local=local)
        if local or changes:
            self.status_flow.update()

    def show_application(self, application_id: str | None, *, review_only: bool = False) -> None:
        """Shows one application in the middle and in the review panel.

        It is read once, in one transaction on the worker, for every pane (the review
        panel alone if ``review_only``); a read overtaken by the next one is dropped.
        """
        self._shown_id = application_id
        if application_id is None:
            self._show_selection(None, None)
            return
        self.reader.read(
            application_id,
            lambda selection: self._show_selection(application_id, selection),
            lambda exc: self._selection_failed(application_id, exc),
            review_only=review_only,
        )

    def _show_selection(self, application_id: str | None, selection: Selection | None) -> None:
        if application_id != self._shown_id:
            return  # another application was asked for meanwhile
        detail = selection.detail if selection is not None else None
        if selection is None or detail is not None:  # else as shown: the review alone
            self.applicant_view.show_detail(
                detail, self._positions, blind=self.settings.blind_review
            )
            self.position_browser.show_position(
                detail.position if detail else None, selected=detail is not None
            )
        self.review_panel.show_state(
            selection.review if selection is not None else None, application_id
        )
        self.keyboard.shown(application_id)  # after J/K: the focus to the first open check
        panel = self.review_panel  # painted once, laid out:
        lay_out_now(panel.scroll_area, panel, self.position_browser, self.applicant_view.answers)
        current = self.applicant_list.table.currentIndex()  # read ahead, after a write too:
        if application_id is not None and selection is not None and current.isValid():
            after = self.applicant_list.model.application_id(current.row() + 1)
            self.reader.read_after(application_id, after)

    def _selection_failed(self, application_id: str, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        # Erased by a sync since the list was read.
        self.statusBar().showMessage(str(exc), 10_000)
        self._show_selection(application_id, None)

    def _show_positions(self, positions: list[PositionVersion]) -> None:
        self._positions = positions
        parsed = (self._catalogue.parsed(version.slug, version.source) for version in positions)
        self.review_panel.sizing.reserve(check.label for p in parsed for check in p.checks)
        self.applicant_list.reload_positions(positions)
        detail = self.applicant_view.detail
        if detail is not None:  # its "Change" menu offers the new positions at once
            self.applicant_view.show_detail(detail, positions, blind=self.settings.blind_review)

    @property
    def idle(self) -> bool:
        """Whether no list, count, selection or write is outstanding."""
        return self.applicant_list.idle and not self.worker.busy

    def current_id(self) -> str | None:
        """The selected application."""
        return self.applicant_list.current_id()

    # --- events --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Splits the width between the panes on the first show, unless remembered."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self._restored_splitter:
                self.panes.fit()  # the remembered split may not fit this screen
            else:
                self.panes.split()
            # Keys go to the list first: J/K and the arrows move through applicants
            # (the first focusable widget would be the position filter).
            self.applicant_list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remembers the layout, stops syncing, waits for background work (see LeaveFlow)."""
        if not self.leave_flow.may_close():
            event.ignore()
            return
        save_layout(self, self._window_settings)
        if self.sync is not None:
            self.sync.stop()
        self.worker.shutdown()
        self._runner.shutdown()
        self.join_flow.shutdown()
        super().closeEvent(event)

    def close_at_once(self) -> None:
        """Closes without trying a sync (another database is opened); drafts are written."""
        self.leave_flow.leave_at_once()
        self.close()

    # --- menus ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menus = self.menus
        menus.add_menu("&File", [
            ("sync", "&Sync now", "F5", self._sync_now, ""),
            ("export", "&Export decisions…", "Ctrl+E", self._export,
             "Export what the list shows to a CSV file"),
            None,
            ("join", "&Join a team…", "", self.join_flow.start, ""),
            ("settings", "Se&ttings…", "Ctrl+,", self._settings, ""),
            None,
            # Explicit: QKeySequence.StandardKey.Quit is empty on Windows.
            ("quit", "&Quit", "Ctrl+Q", self.close, ""),
        ])  # fmt: skip
        menus.add_menu("&Edit", [self.edit.undo_action, self.edit.redo_action])
        menus.add_menu("&Go", self.keyboard.go_entries())

        self.description_button = add_view_menu(menus, self, self.panes, self.applicant_list.table)
        self.keyboard.filters_menu(menus, menus.menus_by_title["&View"])

        review_menu = menus.add_menu(
            "&Review", [*self.keyboard.review_entries(), *self.coordination.entries()]
        )
        self.keyboard.stage_menu(menus, review_menu)
        self.reports = ReportsLauncher(
            self, menus, self._cache, self._review, self.worker, self._catalogue,
            self.applicant_list, lambda changes: self.apply_changes(changes, local=True),
            self.show_application, lambda: self.settings.blind_review,
        )  # fmt: skip
        menus.add_help_menu()

    # --- actions -------------------------------------------------------------------------

    def _sync_now(self) -> None:
        if self.sync is None:
            self.statusBar().showMessage("Sync is off in this window.", 5000)
        elif not self.sync.sync_now():
            self.statusBar().showMessage("A sync is already running.", 5000)

    def _export(self, ids: list[str] | None = None) -> None:
        """Exports what the list shows, or ``ids`` (the selection)."""
        self.export_flow.start(
            list(self.applicant_list.model.ids) if ids is None else ids,
            include_identity=not self.settings.blind_review,
            as_of=self.status_flow.last_sync_at,
            scope="the &current filter" if ids is None else "the &selection",
        )

    def _settings(self) -> None:
        if self.sync is None:
            self.statusBar().showMessage("Settings are off in this window.", 5000)
            return
        self.settings_flow.start(self.settings, self.sync)

    def _on_settings_applied(self, new: Settings) -> None:
        self.settings = new
        self._query.set_needs_review_includes_unassigned(new.needs_review_includes_unassigned)
        self.applicant_list.refresh(recount=True)
        self.applicant_list.model.set_blind(new.blind_review)
        self.review_panel.set_blind(new.blind_review)
        self._review.history.set_blind(new.blind_review)
        self.edit.refresh()
        self.reader.forget()
        self.show_application(self._shown_id)

    def _open_duplicate(self, application_id: str) -> None:
        if not self.applicant_list.select(application_id):
            # Hidden by the filter: show it anyway, the list keeps its filter.
            self.show_application(application_id)

    def _assign_position(self, position_id: int | None) -> None:
        application_id = self.applicant_view.detail.id if self.applicant_view.detail else None
        if application_id is None:
            return
        review = self._review
        self.edit.run_write(lambda: review.assign_position(application_id, position_id))

    def _read_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self.statusBar().showMessage(str(exc), 10_000)  # e.g. the cache busy: read next time
