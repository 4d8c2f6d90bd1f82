"""Tests of reviewer_app/ui/window/window_menus.py: the window's actions and the shortcut help."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from reviewer_app import __version__
from reviewer_app.ui.window.main_window import MainWindow


def test_shortcuts_dialog_lists_window_and_panel_shortcuts(window: MainWindow) -> None:
    window.menus.actions_by_name["shortcuts"].trigger()
    text = window.dialogs[-1].label.text()  # type: ignore[attr-defined]
    keys = ("F5", "Ctrl+E", "Ctrl+F", "Ctrl+Q", "Ctrl+R", "Ctrl+L", "J", "K", "N", "D")
    for key in (*keys, "Ctrl+Z", "Ctrl+Shift+Z"):
        assert f"<b>{key}</b>" in text
    for key, _ in window.review_panel.SHORTCUTS:
        assert key.replace("&", "&amp;") in text
    for name, key in (("sync", "F5"), ("export", "Ctrl+E"), ("new_note", "N"), ("next", "J")):
        assert f"({key})" in window.menus.actions_by_name[name].toolTip()
    assert "(Ctrl+F)" in window.applicant_list.search.toolTip()
    # The key has a column of its own: the descriptions do not repeat it.
    listed = dict(window.menus.shortcut_sections()[0][1])
    assert listed["F5"] == "Sync now"
    assert all(f"({key})" not in text for key, text in listed.items())
    assert window.menus.actions_by_name["quit"].shortcut() == QKeySequence("Ctrl+Q")
    window.dialogs[-1].close()


def test_about_names_the_version(window: MainWindow) -> None:
    window.menus.actions_by_name["about"].trigger()
    box = window.dialogs[-1]
    assert isinstance(box, QMessageBox)
    assert __version__ in box.text()
    box.close()
