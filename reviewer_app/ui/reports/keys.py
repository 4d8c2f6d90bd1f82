"""The Reports window on the keyboard: its tabs and closing it.

Ctrl+Tab / Ctrl+Shift+Tab and Ctrl+PgDown / Ctrl+PgUp go to the next or previous tab
wherever the focus is (a table or a picker would otherwise take the key), Alt+1 … Alt+5
to a tab by its place, and Esc or Ctrl+W close the window.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget


def add_keys(window: QWidget, tabs: QTabWidget) -> list[QAction]:
    """Adds the tab and close keys to ``window``; returns the actions made."""

    def step(delta: int) -> None:
        tabs.setCurrentIndex((tabs.currentIndex() + delta) % tabs.count())
        page = tabs.currentWidget()
        if page is not None:
            page.setFocus()

    def go(number: int) -> None:
        if number < tabs.count():
            step(number - tabs.currentIndex())

    made: list[QAction] = []
    for keys, slot, text in (
        (("Ctrl+Tab", "Ctrl+PgDown"), lambda: step(1), "Next tab"),
        (("Ctrl+Shift+Tab", "Ctrl+PgUp"), lambda: step(-1), "Previous tab"),
        (("Esc", "Ctrl+W"), window.close, "Close the reports"),
        *(((f"Alt+{n + 1}",), lambda n=n: go(n), f"Tab {n + 1}") for n in range(tabs.count())),
    ):
        action = QAction(text, window)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.triggered.connect(lambda _=False, slot=slot: slot())
        window.addAction(action)
        made.append(action)
    for number in range(tabs.count()):
        tabs.setTabToolTip(number, f"Alt+{number + 1}; Ctrl+Tab: the next tab")
    return made
