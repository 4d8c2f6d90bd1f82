"""Where the keyboard focus goes back to once a note or a decision is saved."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


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
