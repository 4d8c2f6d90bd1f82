"""Help → About: the version, the app's licence, and a link to what a build bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app import __version__
from reviewer_app.config import paths
from reviewer_app.ui.window.window_menus import WindowMenus

_KEEP: list[QMainWindow] = []  # the box's parent must outlive the test's asserts


def _about(qtbot: QtBot) -> QMessageBox:
    window = QMainWindow()
    _KEEP[:] = [window]
    qtbot.addWidget(window)
    dialogs: list[QWidget] = []
    WindowMenus(window, dialogs).show_about()
    box = dialogs[-1]
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    return box


def test_about_from_source(qtbot: QtBot) -> None:
    box = _about(qtbot)
    assert __version__ in box.text()
    assert "MIT licence" in box.text()
    assert paths.THIRD_PARTY_LICENCES not in box.text()


def test_about_in_a_build_links_to_the_licences(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = tmp_path / paths.THIRD_PARTY_LICENCES
    listed.write_text("PySide6-Essentials 6.11 LGPL-3.0-only\n", encoding="utf-8")
    monkeypatch.setattr(paths, "third_party_licences", lambda: listed)
    box = _about(qtbot)
    assert f'href="{listed.as_uri()}"' in box.text()
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None and label.openExternalLinks()
