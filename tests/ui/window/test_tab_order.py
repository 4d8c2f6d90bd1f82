"""The Settings dialog on the keyboard: Tab top to bottom, and one Alt letter each."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.config.credentials import PasswordStore
from reviewer_app.config.settings import SHARED_URL_ENV, Settings
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.ui.window.dialogs import SettingsDialog

URL = "postgresql+psycopg://reviewer@127.0.0.1:9/reviewers"


@pytest.fixture
def dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> SettingsDialog:
    monkeypatch.delenv(SHARED_URL_ENV, raising=False)
    shown = SettingsDialog(
        Settings(reviewer_name="Ana", shared_url=URL),
        SharedConnection(URL, passwords=PasswordStore()),
    )
    qtbot.addWidget(shown)
    shown.password_edit.setText("typed")  # every row shown, "Remember it" included
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def test_tab_goes_down_the_settings_as_laid_out_the_buttons_last(
    qtbot: QtBot, dialog: SettingsDialog
) -> None:
    dialog.name_edit.setFocus()
    qtbot.waitUntil(dialog.name_edit.hasFocus)
    visited: list[QWidget] = []
    for _ in range(30):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused in visited:
            break
        visited.append(focused)
        focused.focusNextChild()
    assert visited == [
        dialog.name_edit,
        dialog.email_edit,
        dialog.url_edit,
        dialog.password_edit,
        dialog.remember_check,
        dialog.interval_spin,
        dialog.blind_check,
        dialog.independent_check,
        dialog.unassigned_check,
        dialog.theme_combo,
        dialog.join_button,
        *dialog.findChild(QDialogButtonBox).buttons(),
    ]
    assert [b.text() for b in visited[-2:]] == ["OK", "Cancel"]


def test_each_check_box_has_an_alt_letter_of_its_own(dialog: SettingsDialog) -> None:
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.buddy()]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    letters = [m.lower() for text in texts for m in re.findall(r"(?<!&)&(\w)", text)]
    assert len(letters) == len(set(letters)), letters
    for check in (dialog.blind_check, dialog.independent_check, dialog.unassigned_check):
        assert re.search(r"(?<!&)&\w", check.text()), check.text()
