"""The Checks section of the review panel: one row per requirement, keyboard first.

The rows (:mod:`reviewer_app.ui.review.check_row`) take the focus, so a reviewer can go
through an application without the mouse: 1, 2 and 3 record a result and move on to
the next row. The rows only ask for changes (signals); the panel writes them through
the ReviewService and hands back the new state, which updates the rows in place so the
focus stays put. Hints about no check are listed under their own headings.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.positions.checks import Check
from reviewer_app.review.hints import Hint
from reviewer_app.review.state import CheckVerdict
from reviewer_app.ui.review.check_row import (
    HINT_TOOLTIP,
    CheckRow,
    show_hint,
)
from reviewer_app.ui.review.review_style import mute, plain_label
from reviewer_app.ui.widget_pool import show_in_pool

LINKS_TITLE = "Links in the answers"
UNATTACHED_TITLE = "Also in the answers"

UNMATCHED_TEXT = "No position matched: assign one to review its requirements."
NO_CHECKS_TEXT = "The position's description lists no requirements to check."


class HintSection(QWidget):
    """A heading and the hints under it, one muted line each; hidden when there is none.

    Args:
        title: The heading.
        parent: The parent widget.
        selectable: Whether the hints' text can be selected (to copy a link).
    """

    def __init__(
        self, title: str, parent: QWidget | None = None, *, selectable: bool = False
    ) -> None:
        super().__init__(parent)
        self._selectable = selectable
        self.title = mute(plain_label(title, self))
        self.labels: list[QLabel] = []  # every label made; the spare ones hidden
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(0)
        self._box.addWidget(self.title)
        self.hide()

    def show_hints(self, hints: Sequence[Hint]) -> None:
        """Shows ``hints`` under the heading."""
        show_in_pool(self.labels, hints, self._make_label, show_hint)
        self.setVisible(bool(hints))

    def _make_label(self, _hint: Hint) -> QLabel:
        label = mute(plain_label("", self))
        if self._selectable:
            # Selectable, not clickable: a link is the applicant's, so the reviewer
            # sees all of it before copying it into a browser.
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            label.setToolTip(HINT_TOOLTIP)
        self._box.addWidget(label)
        return label

    @property
    def shown(self) -> list[QLabel]:
        """The labels of the hints shown now."""
        return [label for label in self.labels if not label.isHidden()]


class ChecksWidget(QWidget):
    """The checks of an application's position, in the description's order.

    Signals:
        check_requested: (check key, result, comment) to record.
        clear_requested: (check key) to clear my result.
        comment_edited: (check key) the text of a comment field changed.
        comment_discarded: (check key, the comment typed) Esc in a changed comment.
    """

    check_requested = Signal(str, object, str)
    clear_requested = Signal(str)
    comment_edited = Signal(str)
    comment_discarded = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CheckRow] = []  # the rows shown, one per check
        self._pool: list[CheckRow] = []  # every row made; the spare ones hidden
        self._keys: tuple[tuple[str, str, str], ...] | None = None
        self._application_id: str | None = None
        self.message = mute(plain_label("", self))
        self.message.hide()
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(2)
        # Hints about no check: the links found, and what the answers say about a
        # requirement the position does not check (hours for a position without an
        # hours check), each under its own heading.
        self.links = HintSection(LINKS_TITLE, self, selectable=True)
        self.unattached = HintSection(UNATTACHED_TITLE, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.message)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.unattached)
        layout.addWidget(self.links)

    def show_checks(
        self,
        application_id: str,
        checks: Sequence[Check] | None,
        mine: dict[str, CheckVerdict],
        others: dict[str, tuple[CheckVerdict, ...]],
        hints: Sequence[Hint],
    ) -> None:
        """Shows the checks (None: no position matched), updating rows in place if unchanged.

        Args:
            application_id: The application shown.
            checks: The position's checks in order, or None when no position matched.
            mine: This reviewer's results by check key.
            others: The other reviewers' results by check key.
            hints: The hints for the application.
        """
        # Rows are relabelled only for another list of checks, and never made anew
        # once there are enough: making and laying out widgets is what costs (~2 ms a
        # row) when moving through applicants to different positions.
        identity = None if checks is None else tuple((c.key, c.label, c.text) for c in checks)
        if identity != self._keys:
            self._set_checks(checks or ())
            self._keys = identity
        other_application = application_id != self._application_id
        self._application_id = application_id
        if checks is None:
            self.message.setText(UNMATCHED_TEXT)
        self.message.setVisible(checks is None or not checks)
        if checks is not None and not checks:
            self.message.setText(NO_CHECKS_TEXT)
        for row in self.rows:
            key = row.check.key
            row.set_verdict(mine.get(key), keep_typing=not other_application)
            row.set_hints([hint for hint in hints if hint.check_key == key])
            row.set_others(others.get(key, ()))
        loose = [hint for hint in hints if hint.check_key is None]
        self.links.show_hints([hint for hint in loose if hint.kind == "link"])
        self.unattached.show_hints([hint for hint in loose if hint.kind != "link"])

    def focus_first(self) -> bool:
        """Focuses the first check; returns False when there is none."""
        if not self.rows:
            return False
        self.rows[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def row_of(self, key: str) -> CheckRow | None:
        """The row of the check ``key`` shown now, or None."""
        return next((row for row in self.rows if row.check.key == key), None)

    def focused_row(self) -> CheckRow | None:
        """Returns the row that has the focus (itself or in its comment), or None."""
        for row in self.rows:
            if row.hasFocus() or row.comment.hasFocus():
                return row
        return None

    def _set_checks(self, checks: Sequence[Check]) -> None:
        had_focus = self.focused_row() is not None
        for row in self._pool[len(checks) :]:  # the rows about to be hidden
            if row.comment.hasFocus() or row.hasFocus():
                row.clearFocus()
        self.rows = show_in_pool(self._pool, checks, self._make_row, CheckRow.set_check)
        if had_focus and self.focused_row() is None:
            # With no row left (an unmatched application) the section keeps the focus, so
            # that the keys (J, N, D) still reach the window instead of nothing.
            target = self.rows[0] if self.rows else self
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _make_row(self, check: Check) -> CheckRow:
        row = CheckRow(check, self)
        row.result_requested.connect(self._on_result_requested)
        row.clear_requested.connect(self.clear_requested)
        row.comment_requested.connect(self._on_comment_requested)
        row.comment_discarded.connect(self.comment_discarded)
        # The row's key when the text changes, not when it was made: rows are reused.
        row.comment.textChanged.connect(lambda _text: self.comment_edited.emit(row.check.key))
        row.move_requested.connect(self._on_move_requested)
        self._rows_box.addWidget(row)
        # Tab goes row, its comment, next row: the order a reviewer reads them.
        # Hidden spare rows are skipped by Tab.
        if self._pool:
            QWidget.setTabOrder(self._pool[-1].comment, row)
        QWidget.setTabOrder(row, row.comment)
        return row

    @property
    def shown_links(self) -> list[QLabel]:
        """The labels of the link hints shown now."""
        return self.links.shown

    def _row_index(self, key: str) -> int:
        for index, row in enumerate(self.rows):
            if row.check.key == key:
                return index
        raise KeyError(key)

    def _on_result_requested(self, key: str, result: CheckResult, by_key: bool) -> None:
        index = self._row_index(key)
        row = self.rows[index]
        comment = row.comment.text().strip()
        row.show_result(result)  # at once: the write may wait for a sync's part
        self.check_requested.emit(key, result, comment)
        if by_key and index + 1 < len(self.rows):
            self.rows[index + 1].setFocus(Qt.FocusReason.TabFocusReason)

    def _on_comment_requested(self, key: str, comment: str) -> None:
        row = self.rows[self._row_index(key)]
        if row.result is not None:
            self.check_requested.emit(key, row.result, comment)

    def _on_move_requested(self, key: str, delta: int) -> None:
        index = self._row_index(key) + delta
        if 0 <= index < len(self.rows):
            self.rows[index].setFocus(Qt.FocusReason.TabFocusReason)
