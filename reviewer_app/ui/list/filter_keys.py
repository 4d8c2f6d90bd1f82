"""The list's filters on the keyboard, Clear filters, and what an empty list says.

An empty list says why and offers the way back: "No applications match these filters"
with a Clear filters button, rather than a blank table and "0 shown".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from reviewer_app.ui.list.applicant_list import ApplicantList

# (count key, button text, tooltip)
TOGGLES = (
    ("needs_my_review", "Needs my review",
     "Assigned to you (or to nobody, as Settings say) and not every check judged by you"),
    ("assigned_to_me", "Assigned to me", "Applications assigned to you (A assigns the selection)"),
    ("unassigned", "Unassigned", "Applications nobody is assigned to"),
    ("unmatched", "Unmatched", "Applications not matched to a position"),
    ("duplicates", "Duplicates", "Possible duplicates (same email as another application)"),
    ("conflicts", "Conflicts", "Your changes that conflict with another reviewer's"),
    ("drafts", "✎ Drafts", "Applications where you typed a note, comment or decision not saved"),
)  # fmt: skip

# Keys that leave the search box for the list: Esc (once the box is empty), Enter, Down.
_LEAVE_SEARCH_KEYS = frozenset(
    {Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down}
)

# (toggle key, menu text, shortcut): View → Filters.
FILTER_KEYS = (
    ("needs_my_review", "Needs &my review", "Ctrl+Shift+M"),
    ("assigned_to_me", "&Assigned to me", "Ctrl+Shift+Y"),
    ("unassigned", "U&nassigned", "Ctrl+Shift+N"),
    ("unmatched", "&Unmatched", "Ctrl+Shift+U"),
    ("duplicates", "&Duplicates", "Ctrl+Shift+D"),
    ("conflicts", "C&onflicts", "Ctrl+Shift+C"),
    ("drafts", "Dra&fts", "Ctrl+Shift+T"),
)
CLEAR_KEY = "Ctrl+Shift+X"

NO_MATCH_TEXT = "No applications match these filters."
NOTHING_TEXT = "No applications yet. The coordinator imports them; then sync (F5)."
# An empty list while a sync runs, or after one failed: "yet" is not known then.
SYNCING_TEXT = "Downloading applications from the shared database…"
UNREACHED_TEXT = (
    "No applications here yet: the shared database could not be reached. "
    "Check the connection, then sync again (F5)."
)
# What an empty list says by the sync's state (see EmptyListNotice.set_sync).
_SYNC_TEXTS = {None: NOTHING_TEXT, "syncing": SYNCING_TEXT, "failed": UNREACHED_TEXT}


def filters_active(listing: ApplicantList) -> bool:
    """Whether a filter or a search hides some applications."""
    chosen = listing.current_filter()
    return bool(
        chosen.position is not None
        or chosen.stage is not None
        or chosen.search
        or any(button.isChecked() for button in listing.toggles.values())
    )


def set_filters(
    listing: ApplicantList,
    *,
    position: str | None = None,
    stage: object = None,
    toggles: Iterable[str] = (),
) -> None:
    """Sets every filter at once (no search) and queries the list once, not per control.

    Args:
        listing: The applicant list.
        position: A position's slug (None: all positions).
        stage: A stage (None: any stage).
        toggles: The keys of the toggles to turn on; the others go off.
    """
    on = set(toggles)
    # The search box is cleared with its signals on (its clear button hides itself on
    # them); the search it would start finds the filter already queried, and stops.
    listing.search.clear()
    controls: list[QObject] = [
        listing.position_combo,
        listing.stage_combo,
        *listing.toggles.values(),
    ]
    for control in controls:
        control.blockSignals(True)
    try:
        listing.position_combo.setCurrentIndex(max(listing.position_combo.findData(position), 0))
        listing.stage_combo.setCurrentIndex(max(listing.stage_combo.findData(stage), 0))
        for key, button in listing.toggles.items():
            button.setChecked(key in on)
    finally:
        for control in controls:
            control.blockSignals(False)
    listing.refresh()


def clear_filters(listing: ApplicantList) -> None:
    """Shows every application: any position and stage, no toggle, no search."""
    set_filters(listing)


class EmptyListNotice(QWidget):
    """Shown over the table's viewport when the list is empty: why, and the way back.

    Args:
        viewport: The table's viewport; the notice covers it.
        clear: Clears the filters.
    """

    def __init__(self, viewport: QWidget, clear: Callable[[], None]) -> None:
        super().__init__(viewport)
        self.setObjectName("emptyListNotice")
        self.label = QLabel(NO_MATCH_TEXT, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.button = QPushButton(f"Clear filters ({CLEAR_KEY})", self)
        self.button.setObjectName("clearFilters")
        self.button.setToolTip("Show every application: no filter, no search")
        self.button.clicked.connect(clear)
        self.button.clicked.connect(lambda: self._back_to_table(viewport))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        viewport.installEventFilter(self)
        self.hide()
        self._nothing = NOTHING_TEXT
        self._filtered = False

    def set_sync(self, state: str | None) -> None:
        """What an empty list says of the sync: "syncing", "failed" or None (synced)."""
        self._nothing = _SYNC_TEXTS[state]
        if not self.isHidden() and not self._filtered:
            self.label.setText(self._nothing)

    def update_for(self, empty: bool, filtered: bool) -> None:
        """Shows the notice for an empty list (with Clear filters if some are on)."""
        self._filtered = filtered
        if not empty:
            self.hide()
            return
        self.label.setText(NO_MATCH_TEXT if filtered else self._nothing)
        self.button.setVisible(filtered)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def _back_to_table(self, viewport: QWidget) -> None:
        # The button hides once the list fills again, and the focus would go on to the
        # next pane (the answers): back to the list, as Ctrl+Shift+X does.
        table = viewport.parentWidget()
        if self.button.hasFocus() and table is not None:
            table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Covers the viewport as it resizes."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
        return super().eventFilter(watched, event)


def search_box(parent: QWidget) -> QLineEdit:
    """The list's search box: Ctrl+F goes to it, Esc, Enter and Down leave it."""
    box = QLineEdit(parent)
    box.setObjectName("searchBox")
    box.setPlaceholderText("Search name, email… (Ctrl+F)")
    box.setToolTip("Search names, emails and answers (Ctrl+F). Enter goes to the list.")
    box.setClearButtonEnabled(True)
    return box


def leaves_search(event: QEvent) -> TypeGuard[QKeyEvent]:
    """Whether a key pressed in the search box leaves it (or, Esc, clears it first)."""
    return (
        isinstance(event, QKeyEvent)
        and event.type() == QEvent.Type.KeyPress
        and event.key() in _LEAVE_SEARCH_KEYS
    )
