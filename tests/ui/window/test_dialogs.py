"""Tests of reviewer_app/ui/window/dialogs.py: the settings dialog and where the password goes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.credentials import KEYRING_SERVICE, PasswordStore, with_password
from reviewer_app.config.settings import SETTINGS_FILE, SHARED_URL_ENV, Settings
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.app import build_services
from reviewer_app.ui.window.dialogs import (
    ReviewerDialog,
    SettingsDialog,
    ShortcutsDialog,
    validate_reviewer,
)
from reviewer_app.ui.window.joining import override_reason
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.sync_controller import SyncController

REVIEWER = "Test Reviewer"
# Nothing listens on the discard port: a sync the settings start fails at once.
URL = "postgresql+psycopg://reviewer@127.0.0.1:9/reviewers"
OTHER_URL = "postgresql+psycopg://reviewer@127.0.0.1:9/elsewhere"
SECRET = "s3cret-Pa55"


class ReadOnlyKeyring(KeyringBackend):
    """A keyring that reads but refuses to store, like a Secret Service whose unlock failed."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class LockedKeyring(ReadOnlyKeyring):
    """A keyring that fails even to read."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")


@pytest.fixture(autouse=True)
def _no_environment_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # REVIEWER_SHARED_DB wins over the settings; a developer's must not leak in.
    monkeypatch.delenv(SHARED_URL_ENV, raising=False)


def _dialog(qtbot: QtBot, connection: SharedConnection) -> SettingsDialog:
    dialog = SettingsDialog(Settings(reviewer_name=REVIEWER, shared_url=connection.url), connection)
    qtbot.addWidget(dialog)
    return dialog


def _texts(dialog: SettingsDialog) -> str:
    """Everything the dialog shows as text, tooltips included."""
    labels = [f"{w.text()} {w.toolTip()}" for w in dialog.findChildren(QLabel)]
    edits = [f"{w.text()} {w.toolTip()}" for w in dialog.findChildren(QLineEdit)]
    return " ".join(labels + edits)


def _remember_row_visible(dialog: SettingsDialog) -> bool:
    return dialog.form.isRowVisible(dialog.remember_check)


def test_validate_reviewer_wants_a_name_and_a_plausible_email() -> None:
    assert validate_reviewer("Ana", "ana@example.org") is None
    assert validate_reviewer("Ana", "") is None
    assert "name" in (validate_reviewer("  ", "") or "")
    assert "address" in (validate_reviewer("Ana", "ana@") or "")


def test_typing_a_password_offers_to_remember_it_checked_by_default(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore()))
    assert not _remember_row_visible(dialog)
    assert "~/.pgpass" in dialog.password_hint.text()
    dialog.url_edit.setText(with_password(URL, SECRET))
    assert _remember_row_visible(dialog)
    assert dialog.remember_check.isEnabled() and dialog.remember_check.isChecked()
    assert dialog.remember_check.text() == "Remember it in the system keyring"
    assert "system keyring (MemoryKeyring)" in dialog.password_hint.text()
    assert dialog.remember_password() is True
    dialog.remember_check.setChecked(False)
    assert "in memory until you quit" in dialog.password_hint.text()
    assert dialog.remember_password() is False


def test_without_a_keyring_the_box_is_disabled_and_says_why(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore(fail.Keyring())))
    dialog.url_edit.setText(with_password(URL, SECRET))
    assert _remember_row_visible(dialog)
    assert not dialog.remember_check.isEnabled() and not dialog.remember_check.isChecked()
    tooltip = dialog.remember_check.toolTip()
    assert "not available" in tooltip and "no system keyring was found" in tooltip
    assert "in memory until you quit" in dialog.password_hint.text()
    assert "not available" in dialog.password_hint.text()
    assert dialog.remember_password() is None


def test_a_keyring_failing_on_opening_is_shown_as_unavailable(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore(LockedKeyring())))
    dialog.url_edit.setText(with_password(URL, SECRET))
    assert not dialog.remember_check.isEnabled()
    assert "KeyringLocked" in dialog.remember_check.toolTip()
    assert dialog.remember_password() is None


def test_a_stored_password_is_shown_as_remembered_never_as_text(qtbot: QtBot) -> None:
    store = PasswordStore()
    store.set(URL, SECRET)
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=store))
    assert dialog.url_edit.text() == URL
    assert _remember_row_visible(dialog) and dialog.remember_check.isChecked()
    assert "is in the system keyring" in dialog.password_hint.text()
    assert SECRET not in _texts(dialog)
    dialog.remember_check.setChecked(False)
    assert "removes the password" in dialog.password_hint.text()
    assert dialog.remember_password() is False


def test_another_database_does_not_inherit_the_stored_password(qtbot: QtBot) -> None:
    store = PasswordStore()
    store.set(URL, SECRET)
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=store))
    dialog.url_edit.setText(OTHER_URL)
    assert not _remember_row_visible(dialog)
    assert dialog.remember_password() is None
    assert "in the system keyring" not in dialog.password_hint.text()
    dialog.url_edit.setText(URL)
    assert _remember_row_visible(dialog)


def test_a_sqlite_file_says_nothing_about_passwords(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, SharedConnection(f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    assert not _remember_row_visible(dialog)
    assert not dialog.form.isRowVisible(dialog.password_hint)


MakeWindow = Callable[[SharedConnection], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot,
    demo_dir: Path,
    demo_cache: LocalCache,
    settle: Callable[[MainWindow], None],
) -> Iterator[MakeWindow]:
    """Builds a window whose sync goes to ``connection``; settings saved in the demo folder."""
    runners: list[TaskRunner] = []
    windows: list[MainWindow] = []

    def make(connection: SharedConnection) -> MainWindow:
        runner = TaskRunner()
        runners.append(runner)
        sync = SyncController(runner, demo_cache, connection, demo_dir, REVIEWER)
        window = MainWindow(
            demo_cache,
            ReviewService(demo_cache, REVIEWER),
            ApplicantQuery(demo_cache, REVIEWER),
            runner,
            Settings(reviewer_name=REVIEWER, shared_url=connection.url),
            demo_dir,
            sync=sync,
        )
        sync.setParent(window)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        settle(window)
        return window

    yield make
    for window in windows:
        # As tests/ui/conftest.py's make_window: its worker stopped before the window
        # goes, so that no read is delivered to a widget deleted meanwhile (seen as a
        # RuntimeError in the next test).
        if shiboken6.isValid(window):
            window.worker.shutdown()
    for runner in runners:
        runner.shutdown()


def _open_settings(window: MainWindow) -> SettingsDialog:
    window.menus.actions_by_name["settings"].trigger()
    dialog = window.dialogs[-1]
    assert isinstance(dialog, SettingsDialog)
    return dialog


def _save(qtbot: QtBot, window: MainWindow, dialog: SettingsDialog) -> tuple[str, str]:
    """Saves the settings; returns the status message they left and why the sync failed."""
    assert window.sync is not None
    with qtbot.wait_signal(window.sync.failed, timeout=30_000) as blocker:
        dialog.accept()
        message = window.statusBar().currentMessage()
    return message, str(blocker.args[0])


def test_a_password_saved_with_the_box_checked_goes_to_the_keyring_only(
    qtbot: QtBot, make_window: MakeWindow, demo_dir: Path, memory_keyring: KeyringBackend
) -> None:
    store = PasswordStore()
    window = make_window(SharedConnection(URL, passwords=store))
    dialog = _open_settings(window)
    dialog.url_edit.setText(with_password(URL, SECRET))
    _, reason = _save(qtbot, window, dialog)
    assert memory_keyring.get_password(KEYRING_SERVICE, URL) == SECRET
    text = (demo_dir / SETTINGS_FILE).read_text(encoding="utf-8")
    assert SECRET not in text and json.loads(text)["shared_url"] == URL
    assert window.sync is not None
    connection = window.sync.connection
    assert SECRET not in reason and SECRET not in connection.display()
    assert SECRET not in repr(connection)
    assert SECRET not in window.statusBar().currentMessage()


def test_a_password_saved_with_the_box_unchecked_is_kept_for_the_session_only(
    qtbot: QtBot, make_window: MakeWindow, demo_dir: Path, memory_keyring: KeyringBackend
) -> None:
    store = PasswordStore()
    store.set(URL, "an older one")
    window = make_window(SharedConnection(URL, passwords=store))
    dialog = _open_settings(window)
    dialog.url_edit.setText(with_password(URL, SECRET))
    dialog.remember_check.setChecked(False)
    _save(qtbot, window, dialog)
    assert memory_keyring.get_password(KEYRING_SERVICE, URL) is None
    assert SECRET not in (demo_dir / SETTINGS_FILE).read_text(encoding="utf-8")
    assert window.sync is not None and window.sync.connection.password == SECRET


def test_unchecking_a_stored_password_removes_it_from_the_keyring(
    qtbot: QtBot, make_window: MakeWindow, memory_keyring: KeyringBackend
) -> None:
    store = PasswordStore()
    store.set(URL, SECRET)
    window = make_window(SharedConnection(URL, passwords=store))
    dialog = _open_settings(window)
    dialog.remember_check.setChecked(False)
    _save(qtbot, window, dialog)
    assert memory_keyring.get_password(KEYRING_SERVICE, URL) is None


def test_a_database_that_does_not_answer_is_not_switched_to_nor_given_the_old_password(
    qtbot: QtBot, make_window: MakeWindow, demo_dir: Path, memory_keyring: KeyringBackend
) -> None:
    store = PasswordStore()
    store.set(URL, "kept")
    window = make_window(SharedConnection(URL, password="typed", passwords=store))
    dialog = _open_settings(window)
    dialog.url_edit.setText(OTHER_URL)
    dialog.accept()
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "was not changed" in bar.currentMessage(), timeout=30_000)
    assert "127.0.0.1" in bar.currentMessage()
    assert "typed" not in bar.currentMessage() and "kept" not in bar.currentMessage()
    # Said, not saved: the window and the settings stay on the database that answers.
    assert Settings.load(demo_dir).shared_url == URL
    assert window.sync is not None and window.sync.connection.url == URL
    assert window.sync.connection.password == "typed"
    assert memory_keyring.get_password(KEYRING_SERVICE, OTHER_URL) is None
    assert memory_keyring.get_password(KEYRING_SERVICE, URL) == "kept"


def test_a_password_pasted_in_the_url_moves_to_the_masked_field(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore()))
    dialog.url_edit.setText(with_password(URL, SECRET))
    assert dialog.url_edit.text() == URL
    assert dialog.password_edit.text() == SECRET
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    shown = [label.text() + label.toolTip() for label in dialog.findChildren(QLabel)]
    shown += [edit.displayText() + edit.toolTip() for edit in dialog.findChildren(QLineEdit)]
    assert not any(SECRET in text for text in shown)
    assert dialog.result_settings()[1] == SECRET


def test_the_environment_makes_the_database_field_read_only_with_the_reason(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHARED_URL_ENV, OTHER_URL)
    connection = SharedConnection.from_url(OTHER_URL, passwords=PasswordStore())
    dialog = SettingsDialog(
        Settings(reviewer_name=REVIEWER, shared_url=URL),
        connection,
        override=override_reason(),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.url_edit.isReadOnly() and dialog.url_edit.text() == OTHER_URL
    assert SHARED_URL_ENV in dialog.override_label.text()
    assert dialog.override_label.isVisible()
    assert not dialog.join_button.isEnabled()
    # Saving keeps the settings' own database: the environment's is not written there.
    assert dialog.result_settings()[0].shared_url == URL


def test_a_keyring_that_refuses_says_so_and_the_password_still_works_this_session(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(SharedConnection(URL, passwords=PasswordStore(ReadOnlyKeyring())))
    dialog = _open_settings(window)
    dialog.url_edit.setText(with_password(URL, SECRET))
    assert dialog.remember_check.isChecked()
    message, _ = _save(qtbot, window, dialog)
    assert "cannot store the password" in message and "KeyringLocked" in message
    assert SECRET not in message
    assert window.sync is not None and window.sync.connection.password == SECRET


def test_a_password_from_the_keyring_is_used_for_sync_and_never_shown(
    data_dir: Path, memory_keyring: KeyringBackend
) -> None:
    Settings(reviewer_name=REVIEWER, shared_url=URL).save(data_dir)
    memory_keyring.set_password(KEYRING_SERVICE, URL, SECRET)
    services = build_services(data_dir, Settings.load(data_dir))
    try:
        connection = services.connection
        assert connection.passwords is services.passwords
        assert connection.password is None
        assert SECRET not in connection.display() and SECRET not in repr(connection)
        shared = connection.open()
        try:
            assert shared.engine.url.password == SECRET
            assert SECRET not in shared.url_for_display
        finally:
            shared.dispose()
    finally:
        services.runner.shutdown()
        services.cache.close()


def test_a_password_typed_this_session_wins_over_the_keyring_and_the_environment(
    memory_keyring: KeyringBackend,
) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, URL, "kept")
    connection = SharedConnection.from_url(with_password(URL, "env"), passwords=PasswordStore())
    assert connection.url == URL
    for typed, expected in [(None, "kept"), ("typed", "typed")]:
        connection.password = typed
        shared = connection.open()
        try:
            assert shared.engine.url.password == expected
        finally:
            shared.dispose()
    memory_keyring.delete_password(KEYRING_SERVICE, URL)
    connection.password = None
    shared = connection.open()
    try:
        assert shared.engine.url.password == "env"
    finally:
        shared.dispose()


@pytest.mark.parametrize("points", [9, 13])
def test_shortcuts_fit_without_sideways_scrolling(qtbot: QtBot, points: int) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    app.setFont(QFont(font.family(), points))
    try:
        sections = [
            (
                "Moving",
                [
                    ("J / K", "Next / previous applicant in the list"),
                    (
                        "1 / 2 / 3",
                        "Record Met, Not met or Unsure on the focused check, then go to the next",
                    ),
                ],
            )
        ]
        dialog = ShortcutsDialog(sections, None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone for the next tests
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        scroll = dialog.findChild(QScrollArea)
        assert scroll is not None
        assert scroll.viewport().width() >= dialog.label.sizeHint().width()  # nothing cut
        assert not scroll.horizontalScrollBar().isVisible()
    finally:
        app.setFont(font)


def _shown(qtbot: QtBot, dialog: QDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)


def _assert_nothing_cut(dialog: QDialog) -> None:
    """Every wrapped text has the height it needs at its width; no field is squashed."""
    QApplication.processEvents()
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    for field in dialog.findChildren(QLineEdit):
        if field.isVisible() and not isinstance(field.parent(), QAbstractSpinBox):
            assert field.height() >= field.minimumSizeHint().height(), field.objectName()
    for widget in dialog.findChildren(QWidget):
        if widget.isVisible() and widget.parent() is dialog:
            assert dialog.rect().contains(widget.geometry()), widget.objectName()


def test_the_welcome_dialog_grows_for_its_error(qtbot: QtBot) -> None:
    dialog = ReviewerDialog(Settings())
    qtbot.addWidget(dialog)
    _shown(qtbot, dialog)
    _assert_nothing_cut(dialog)
    dialog.accept()  # no name
    assert dialog.error_label.isVisible() and "Enter your name" in dialog.error_label.text()
    _assert_nothing_cut(dialog)


def test_the_settings_dialog_grows_for_the_password_hint(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore(fail.Keyring())))
    _shown(qtbot, dialog)
    dialog.url_edit.setText("postgresql://ana:s3cret@db.example.org/reviews")
    assert "in memory until you quit" in dialog.password_hint.text()
    _assert_nothing_cut(dialog)
    dialog.url_edit.setText("")  # the embedded database: no hint, the dialog shrinks back
    assert not dialog.password_hint.isVisible()
    _assert_nothing_cut(dialog)


def test_an_unsupported_database_gets_no_password_hint(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore()))
    _shown(qtbot, dialog)
    dialog.url_edit.setText("mysql://x:secret@y/z")
    assert not dialog.password_hint.isVisible()
    assert not _remember_row_visible(dialog)
    assert ".pgpass" not in _texts(dialog)
    dialog.accept()
    assert "unsupported database 'mysql'" in dialog.error_label.text()
    _assert_nothing_cut(dialog)


# Run with QT_SCALE_FACTOR in a process of its own: the factor is read at start-up.
_SETTINGS_AT_SCALE = """
import json, sys
from keyring.backends import fail
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox
from reviewer_app.config.credentials import PasswordStore, with_password
from reviewer_app.config.settings import Settings
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.ui.window.dialogs import SettingsDialog

app = QApplication([])
url = sys.argv[1]
cut = []
for points in (9, 11, 14):
    font = QFont(app.font())
    font.setPointSize(points)
    app.setFont(font)
    for store in (PasswordStore(), PasswordStore(fail.Keyring())):
        connection = SharedConnection(url, passwords=store)
        dialog = SettingsDialog(Settings(reviewer_name="Ana", shared_url=url), connection)
        dialog.show()
        dialog.url_edit.setText(with_password(url, "pw"))
        app.processEvents()
        assert dialog.remember_check.isVisible()
        for box in [*dialog.findChildren(QCheckBox), *dialog.findChildren(QComboBox)]:
            if not box.isVisible():
                continue
            inside = dialog.rect().contains(box.geometry())
            if box.width() < box.sizeHint().width() or not inside:
                cut.append([points, box.objectName(), box.width(), box.sizeHint().width()])
        dialog.close()
print(json.dumps({"ratio": app.primaryScreen().devicePixelRatio(), "cut": cut}))
"""


@pytest.mark.parametrize("factor", ["1", "1.5"])
def test_no_check_box_of_the_settings_is_cut_at_100_and_150_percent(factor: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": factor}
    env.pop(SHARED_URL_ENV, None)
    done = subprocess.run(
        [sys.executable, "-c", _SETTINGS_AT_SCALE, URL],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ratio"] == float(factor)
    assert result["cut"] == []


def test_the_keyring_box_has_a_label_short_enough_to_show_whole(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, SharedConnection(URL, passwords=PasswordStore()))
    _shown(qtbot, dialog)
    dialog.url_edit.setText(with_password(URL, SECRET))
    QApplication.processEvents()
    box = dialog.remember_check
    assert box.isVisible() and box.width() >= box.sizeHint().width()
    assert dialog.rect().contains(box.geometry())
    # Shorter than the independent review's box, which had room all along.
    assert box.sizeHint().width() <= dialog.independent_check.sizeHint().width()


def test_the_theme_is_chosen_in_the_settings(qtbot: QtBot) -> None:
    connection = SharedConnection(URL, passwords=PasswordStore())
    dialog = SettingsDialog(Settings(reviewer_name=REVIEWER, theme="dark"), connection)
    qtbot.addWidget(dialog)
    assert dialog.theme_combo.currentText() == "Dark"
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
    assert dialog.result_settings()[0].theme == "light"
