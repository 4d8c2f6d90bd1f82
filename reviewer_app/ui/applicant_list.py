"""The left pane: filters with counts, the search box and the applicant table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.applicants import ApplicantFilter, ApplicantQuery
from reviewer_app.shared.models import Stage
from reviewer_app.ui.applicant_model import ApplicantTableModel, stage_label

SEARCH_DEBOUNCE_MS = 200

# (count key, button text, tooltip)
TOGGLES = (
    ("needs_my_review", "Needs my review", "Applications where you have not judged every check"),
    ("unmatched", "Unmatched", "Applications not matched to a position"),
    ("duplicates", "Duplicates", "Possible duplicates (same email as another application)"),
    ("conflicts", "Conflicts", "Your changes that conflict with another reviewer's"),
)


class ApplicantList(QWidget):
    """Filters, search and the table; emits the selected application.

    Args:
        query: The list queries.
        blind: Hide names and emails.
        parent: The parent widget.
    """

    current_changed = Signal(object)  # str | None

    def __init__(self, query: ApplicantQuery, blind: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._current: str | None = None

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
            button.toggled.connect(self._filters_changed)
            self.toggles[key] = button

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search name, email or answers (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(self._debounce.start)

        self.model = ApplicantTableModel(query, blind, self)
        self.table = QTableView(self)
        self.table.setObjectName("applicantTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Fixed heights: the view never measures rows, so it never fetches them all.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ApplicantTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        metrics = self.fontMetrics()
        for column, sample in (
            (ApplicantTableModel.POSITION, "Social Media Volunte"),
            (ApplicantTableModel.STAGE, "Screening"),
            (ApplicantTableModel.SUBMITTED, "2026-12-31"),
            (ApplicantTableModel.MY_CHECKS, "My checks"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 22)
        header.setSortIndicator(ApplicantTableModel.SUBMITTED, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._keep_sort_indicator)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

        self.position_combo.currentIndexChanged.connect(self._filters_changed)
        self.stage_combo.currentIndexChanged.connect(self._filters_changed)

        combos = QHBoxLayout()
        combos.setSpacing(6)
        combos.addWidget(self.position_combo, 3)
        combos.addWidget(self.stage_combo, 2)
        chips = QHBoxLayout()
        chips.setSpacing(4)
        for button in self.toggles.values():
            chips.addWidget(button)
        chips.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(combos)
        layout.addLayout(chips)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)

        self.reload_positions()

    # --- reading the filters -------------------------------------------------------------

    def current_filter(self) -> ApplicantFilter:
        """Returns the filter the controls describe."""
        return ApplicantFilter(
            position=self.position_combo.currentData(),
            stage=self.stage_combo.currentData(),
            search=self.search.text().strip(),
            **{key: button.isChecked() for key, button in self.toggles.items()},
        )

    def current_id(self) -> str | None:
        """The selected application, if any."""
        return self._current

    def reload_positions(self) -> None:
        """Fills the position filter from the cache, keeping the chosen one."""
        chosen = self.position_combo.currentData()
        self.position_combo.blockSignals(True)
        self.position_combo.clear()
        self.position_combo.addItem("All positions", None)
        for position in self._query.positions():
            self.position_combo.addItem(position.title, position.slug)
        found = self.position_combo.findData(chosen)
        self.position_combo.setCurrentIndex(max(found, 0))
        self.position_combo.blockSignals(False)

    # --- changing what is shown ----------------------------------------------------------

    def refresh(self) -> None:
        """Queries the list and counts again, keeping the selected application if shown."""
        keep = self._current
        self.model.set_filter(self.current_filter())
        self.update_counts()
        self.select(keep, fallback_first=True)

    def select(self, application_id: str | None, *, fallback_first: bool = False) -> bool:
        """Selects an application; returns whether it is in the list."""
        row = self.model.row_of(application_id) if application_id is not None else -1
        if row < 0 and fallback_first and self.model.rowCount() > 0:
            row = 0
        if row < 0:
            self.table.clearSelection()
            self._set_current(None)
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._set_current(self.model.application_id(row))
        return self.model.application_id(row) == application_id

    def move(self, step: int) -> None:
        """Selects the application ``step`` rows below (above when negative)."""
        count = self.model.rowCount()
        if count == 0:
            return
        row = self.table.currentIndex().row()
        row = 0 if row < 0 else min(max(row + step, 0), count - 1)
        self.select(self.model.application_id(row))

    def focus_search(self) -> None:
        """Puts the cursor in the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filters_changed(self) -> None:
        self._debounce.stop()
        self.refresh()

    def update_counts(self) -> None:
        """Counts each toggle's applications again (after a change that may move them)."""
        counts = self._query.counts(self.current_filter())
        for key, button in self.toggles.items():
            button.setText(f"{button.property('baseText')} {counts[key]:,}")

    def _keep_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        # The header offers every column; only some sort, so the arrow must stay true.
        if column not in ApplicantTableModel.SORT_KEYS:
            key, descending = self.model.sort_key
            current = next(c for c, k in ApplicantTableModel.SORT_KEYS.items() if k == key)
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, order)
            header.blockSignals(False)

    def _on_current_row(self, current: object, _previous: object) -> None:
        index = self.table.currentIndex()
        self._set_current(self.model.application_id(index.row()) if index.isValid() else None)

    def _set_current(self, application_id: str | None) -> None:
        if application_id != self._current:
            self._current = application_id
            self.current_changed.emit(application_id)
