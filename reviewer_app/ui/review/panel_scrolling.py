"""The review panel's column scrolls to what has the focus, and to a note's buttons."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QScrollArea, QWidget


def keep_in_view(area: QScrollArea, editor: QWidget, focused: QWidget | None) -> None:
    """Scrolls ``area`` to the widget with the focus, if it is in ``area``.

    In the note ``editor``, once laid out, the whole editor (its Save and Cancel
    below the text were out of view on a 700-pixel screen), then the focus again.
    """
    content = area.widget()
    if focused is None or content is None or not content.isAncestorOf(focused):
        return
    area.ensureWidgetVisible(focused, 0, 24)
    if editor.isAncestorOf(focused):

        def whole_editor() -> None:
            area.ensureWidgetVisible(editor, 0, 8)
            area.ensureWidgetVisible(focused, 0, 8)

        QTimer.singleShot(0, area, whole_editor)
