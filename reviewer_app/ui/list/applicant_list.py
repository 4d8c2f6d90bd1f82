"""The left pane: filters with counts, the search box and the applicant table.

The id list and the counts are queried on a worker (through the model and a
:class:`TaskRunner`); until they arrive the table goes on showing the previous list, so
J/K and the panes stay usable. The selected application is kept across every refresh.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.applicants.queries import ApplicantFilter, ApplicantQuery
from reviewer_app.applicants.records import PositionVersion
from reviewer_app.applicants.search import ApplicantSearch, searched_in_memory
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.ui.list.applicant_labels import POSITION, stage_label
from reviewer_app.ui.list.applicant_model import ApplicantTableModel
from reviewer_app.ui.list.applicant_table import ApplicantTable
from reviewer_app.ui.list.filter_keys import (
    TOGGLES,
    EmptyListNotice,
    clear_filters,
    filters_active,
    leaves_search,
    search_box,
)
from reviewer_app.ui.list.position_filter import fill_position_filter
from reviewer_app.ui.list.refilter import AfterMoving
from reviewer_app.ui.tasks import TaskRunner

SEARCH_DEBOUNCE_MS = 200


class ApplicantList(QWidget):
    """Filters, search and the table; emits the selected application.

    Args:
        query: The list queries.
        blind: Hide names and emails.
        runner: Runs the id and count queries off the GUI thread.
        parent: The parent widget.
        positions: The position filter's positions, if read elsewhere (None: read here).

    Signals:
        current_changed: The selected application's id, or None.
        settled: Every queried list and count has arrived (the list is current).
        failed: The message of a query error the user can fix.
        filtering: Another filter is about to be queried (store what is typed first).
    """

    current_changed = Signal(object)  # str | None
    settled = Signal()
    failed = Signal(str)
    filtering = Signal()

    def __init__(
        self,
        query: ApplicantQuery,
        blind: bool,
        runner: TaskRunner,
        parent: QWidget | None = None,
        positions: Sequence[PositionVersion] | None = None,
    ) -> None:
        super().__init__(parent)
        self._query = query
        self._search = ApplicantSearch(query)  # the list's and the counts', read once
        self._after_moving = AfterMoving()
        self._runner = runner
        self._current: str | None = None
        self._counts_generation = 0
        self._counting = False
        self._counts_base: ApplicantFilter | None = None  # of the last counts asked for
        self._counts_with_list = False  # the counts asked for come with the model's list
        self._anchor: tuple[str, int] | None = None
        self._preferred: str | None = None  # to select when the list first arrives

        self.position_combo = QComboBox(self)
        self.position_combo.setObjectName("positionFilter")
        self.position_combo.setToolTip("Show one position's applications")
        self.position_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.stage_combo = QComboBox(self)
        self.stage_combo.setObjectName("stageFilter")
        self.stage_combo.setToolTip("Show one stage")
        self.stage_combo.addItem("Any stage", None)
        for stage in Stage:
            self.stage_combo.addItem(stage_label(stage.value), stage)

        self.toggles: dict[str, QPushButton] = {}
        for key, text, tip in TOGGLES:
            button = QPushButton(text, self)
            button.setObjectName(f"toggle_{key}")
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setProperty("baseText", text)
            button.setProperty("filterToggle", True)  # its checked look: resources/app.qss
            button.toggled.connect(self._filters_changed)
            self.toggles[key] = button

        self.search = search_box(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(self._on_search_edited)
        self.search.installEventFilter(self)

        self.model = ApplicantTableModel(query, blind, self, runner=runner, search=self._search)
        self.model.modelAboutToBeReset.connect(self._remember_anchor)
        self.model.loaded.connect(self._on_loaded)
        self.model.loading_changed.connect(self._show_busy)
        self.model.rows_updated.connect(self._settle)
        self.model.failed.connect(self._on_list_failed)
        self.summary = QLabel(self)
        self.summary.setObjectName("listSummary")
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.table = ApplicantTable(self.model, self)
        self.empty_notice = EmptyListNotice(self.table.viewport(), lambda: clear_filters(self))
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.selectionModel().selectionChanged.connect(self._show_busy)
        self.model.blind_changed.connect(self._on_blind_changed)

        self.position_combo.currentIndexChanged.connect(self._filters_changed)
        self.stage_combo.currentIndexChanged.connect(self._filters_changed)

        combos = QHBoxLayout()
        combos.setSpacing(6)
        combos.addWidget(self.position_combo, 3)
        combos.addWidget(self.stage_combo, 2)
        # Two toggles a row: the list, applicant and description fit a 1366-pixel screen.
        chips = QGridLayout()
        chips.setSpacing(4)
        for number, button in enumerate(self.toggles.values()):
            chips.addWidget(button, number // 2, number % 2)
        searching = QHBoxLayout()
        searching.setSpacing(6)
        searching.addWidget(self.search, 1)
        searching.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(combos)
        layout.addLayout(chips)
        layout.addLayout(searching)
        layout.addWidget(self.table, 1)

        self.reload_positions(positions)

    def current_filter(self) -> ApplicantFilter:
        """Returns the filter the controls describe."""
        return ApplicantFilter(
            position=self.position_combo.currentData(),
            stage=self.stage_combo.currentData(),
            search=self.search.text().strip(),
            # Blind review: a name typed must not find the application it hides.
            search_identity=not self.model.blind,
            **{key: button.isChecked() for key, button in self.toggles.items()},
        )

    def current_id(self) -> str | None:
        """The selected application, if any."""
        return self._current

    def reload_positions(self, positions: Sequence[PositionVersion] | None = None) -> None:
        """Fills the position filter with ``positions`` (None: reads them here, blocking)."""
        positions = self._query.positions() if positions is None else positions
        fill_position_filter(self.position_combo, positions)
        self.table.set_position_titles([position.title for position in positions])

    def refresh(self, *, recount: bool = False) -> None:
        """Queries the list in the background, and the counts if their filter changed.

        The selected application stays selected if the new list shows it. ``recount``:
        the cache may have changed, so everything is read again, counts too.
        """
        applicant_filter = self.current_filter()
        base = applicant_filter.base()
        # One position's list needs no Position column: the names get its room.
        self.table.setColumnHidden(POSITION, base.position is not None)
        self.table.fit_columns()
        # The toggles do not change the counts (they count within the other filters).
        counting = recount or base != self._counts_base or self._counts_with_list
        # A search's counts (a millisecond once its texts are read) come with the list,
        # in the same repaint. Other counts are a query of their own.
        with_list = counting and searched_in_memory(base.search)
        if recount:
            self.model.refresh(applicant_filter, count=with_list)
        else:
            self.model.set_filter(applicant_filter, count=with_list)
        if with_list:
            self._counts_generation += 1  # a count still on its way is stale
            self._counts_base = base
            self._counting = self._counts_with_list = True
        elif counting:
            self.update_counts()

    def apply_changes(self, changes: Changes, *, local: bool) -> None:
        """Refreshes what ``changes`` concerns: some rows, the counts, or the whole list.

        Args:
            changes: What a write changed.
            local: The reviewer's own edit: rows and counts only, re-filtered once the
                reviewer moves on (see refilter and MainWindow.apply_changes).
        """
        if changes.everything:
            self.refresh(recount=True)
            return
        if changes.list_changed and not local:
            self.model.refresh(self.current_filter(), count=False, texts=changes.applicants)
            self.update_counts()
            return
        marks = changes.applicants or changes.membership or changes.checks or changes.decision
        named = bool(changes.applications) and not (changes.applicants or changes.positions)
        if marks or changes.drafts or changes.counts:
            self.model.invalidate_rows(changes.applications, alone=named, order=changes.reorders)
        if changes.counts or changes.list_changed:
            self.update_counts()
        mine = self._current if local else None
        self._after_moving.note(changes, mine, self.current_filter(), self.model.rowCount())

    @property
    def idle(self) -> bool:
        """Whether no list or count query is outstanding (nor a search about to start)."""
        model, debouncing = self.model, self._debounce.isActive()
        return not (model.loading or model.rows_pending or self._counting or debouncing)

    def select(
        self, application_id: str | None, *, fallback_first: bool = False, scroll: bool = True
    ) -> bool:
        """Selects an application; returns whether it is in the list."""
        row = self.model.row_of(application_id) if application_id is not None else -1
        if row < 0 and fallback_first and self.model.rowCount() > 0:
            row = 0
        if row < 0:
            self.table.clearSelection()
            self._set_current(None)
            return False
        self.table.make_current(row, scroll=scroll)
        self._set_current(self.model.application_id(row))
        return self.model.application_id(row) == application_id

    def step_selection(self, step: int) -> None:
        """Selects the application ``step`` rows below (above when negative)."""
        count = self.model.rowCount()
        if count == 0:
            return
        row = self.table.currentIndex().row()
        row = 0 if row < 0 else min(max(row + step, 0), count - 1)
        self.table.make_current(row)
        self._set_current(self.model.application_id(row))

    def prefer(self, application_id: str | None) -> None:
        """Selects this applicant when the list arrives, if in it (the last one shown)."""
        self._preferred = application_id

    def focus_search(self) -> None:
        """Puts the cursor in the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Reads what a search needs once the search box has the focus; keys leave it.

        Esc clears a search, then goes back to the list (J/K move again); Enter or Down
        search at once and go to the list."""
        if watched is self.search and event.type() == QEvent.Type.FocusIn:
            self.model.warm_search(self.current_filter(), near=self._current)
        elif watched is self.search and leaves_search(event):
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if self._debounce.isActive():  # searched now, not after the pause
                self._debounce.stop()
                self._filters_changed()
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _on_search_edited(self) -> None:  # searched in the pause; cleared: at once
        self.model.warm_search(self.current_filter(), near=self._current)
        self._debounce.start(SEARCH_DEBOUNCE_MS if self.search.text().strip() else 0)
        self._show_busy()

    def _filters_changed(self) -> None:
        self._debounce.stop()
        if self.current_filter() == self.model.filter and not self.model.loading:
            # E.g. a space typed after a word: the same search, nothing to query.
            self._settle()
            return
        self.filtering.emit()  # before the query: on the one worker, its writes go first
        self.refresh()

    def update_counts(self) -> None:
        """Counts each toggle's applications again, in the background."""
        self._counts_with_list = False
        self._counts_generation += 1
        generation = self._counts_generation
        base = self.current_filter().base()
        self._counts_base = base
        search = self._search

        def work() -> dict[str, int] | None:
            if generation != self._counts_generation:
                return None  # overtaken while queued
            return search.counts(base)

        self._counting = True
        self._show_busy()
        self._runner.run(
            work,
            on_done=lambda counts: self._on_counted(generation, counts),
            on_error=lambda exc: self._on_counts_failed(generation, exc),
        )

    def _on_counted(self, generation: int, counts: dict[str, int] | None) -> None:
        if generation != self._counts_generation or counts is None:
            return
        self._show_counts(counts)
        self._settle()

    def _settle(self) -> None:
        self._show_busy()
        if self.idle:
            self.settled.emit()

    def _show_counts(self, counts: dict[str, int]) -> None:
        self._counting = False
        for key, button in self.toggles.items():
            text = f"{button.property('baseText')} {counts[key]:,}"
            if button.text() != text:
                button.setText(text)
                # Never narrower: else the window is laid out again at every keystroke.
                button.setMinimumWidth(max(button.minimumWidth(), button.sizeHint().width()))

    def _on_counts_failed(self, generation: int, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        if generation == self._counts_generation:
            self._counting = False
            self._counts_base = None  # asked again next time
            self._show_busy()
            self._on_failed(str(exc))

    def _on_list_failed(self, message: str) -> None:
        if self._counts_with_list:  # they were to come with the list
            self._counting = self._counts_with_list = False
            self._counts_base = None  # asked again next time
        self._on_failed(message)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
        self._settle()

    def _show_busy(self, *_args: object) -> None:
        if not self.idle:
            self.summary.setText("Updating…")
            return
        count, selected = self.model.rowCount(), self.table.selected_count()
        text = f"{count:,} shown" + (" · filtered" if (filtered := filters_active(self)) else "")
        self.summary.setText(text + (f" · {selected:,} selected" if selected > 1 else ""))
        self.empty_notice.update_for(count == 0, filtered)

    def _remember_anchor(self) -> None:
        # Where the selected row sits in the viewport, to put it back there after a reset.
        self._anchor = None
        row = self.model.row_of(self._current) if self._current is not None else -1
        if row >= 0 and self._current is not None:
            y = self.table.visible_row_y(row)
            if y is not None:
                self._anchor = (self._current, y)

    def _on_loaded(self) -> None:
        counts = self.model.counts
        if self._counts_with_list and counts is not None:
            self._counts_with_list = False
            self._show_counts(counts)
        elif self._counts_with_list and not self.model.loading:
            # Its list was overtaken by one without counts (a sort): they come alone.
            self.update_counts()
        anchor, self._anchor = self._anchor, None
        wanted, self._preferred = self._current or self._preferred, None
        shown = self.select(wanted, fallback_first=True, scroll=False)
        row = self.table.currentIndex().row()
        if shown and anchor is not None and anchor[0] == self._current and row >= 0:
            self.table.scroll_row_to(row, anchor[1])  # back where it was
        elif row >= 0:
            self.table.scrollTo(self.model.index(row, 0))
        self._settle()

    def _on_blind_changed(self, blind: bool) -> None:
        # The search looks in names and emails or not, and a sort by name may be gone.
        self.model.kept.blind_changed(blind, self._current, self.search.text())  # stays put
        self.table.keep_sort_indicator(self.table.horizontalHeader().sortIndicatorSection())
        if self.current_filter().search_identity != self.model.filter.search_identity:
            self.refresh(recount=True)

    def _on_current_row(self, current: object, _previous: object) -> None:
        index = self.table.currentIndex()
        self._set_current(self.model.application_id(index.row()) if index.isValid() else None)

    def _set_current(self, application_id: str | None) -> None:
        if application_id != self._current:
            self._current = application_id
            self.current_changed.emit(application_id)
            moved = [self._after_moving.due(application_id), self.model.kept.due(application_id)]
            if any(moved):  # the one just reviewed (see refilter) or kept may leave the filter
                self.refresh()
