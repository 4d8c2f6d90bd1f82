"""Where the keyboard focus goes back to once a note or a decision is saved."""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from reviewer_app.ui.review.check_row import CheckRow


def focus_outside(section: QWidget) -> QWidget | None:
    """The widget that has the focus, unless it is in ``section``."""
    focus = QApplication.focusWidget()
    return None if focus is None or section.isAncestorOf(focus) else focus


def give_focus(widget: QWidget | None) -> bool:
    """Focuses ``widget`` if it is still there and shown; returns whether it did."""
    # The widget may be gone (a check row of the previous applicant).
    if widget is None or not shiboken6.isValid(widget) or not widget.isVisible():
        return False
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


def focus_first_open(rows: Sequence[CheckRow]) -> bool:
    """Focuses the first check row without a result (all have one: the first row)."""
    row = next((row for row in rows if row.result is None), rows[0] if rows else None)
    return give_focus(row)


class FocusReturn:
    """Where the focus was before a section took it (N, D), to give it back once done.

    Args:
        section: The section that takes the focus (the notes, the decision).
    """

    def __init__(self, section: QWidget) -> None:
        self._section = section
        self._widget: QWidget | None = None

    def remember(self) -> None:
        """Notes the widget with the focus; one in the section keeps what was noted."""
        self._widget = focus_outside(self._section) or self._widget

    def give_back(self) -> bool:
        """Focuses the widget noted, if it is still there; returns whether it did."""
        widget, self._widget = self._widget, None
        return give_focus(widget)
