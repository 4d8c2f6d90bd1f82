"""Tests of reviewer_app/ui/window/status.py: the status bar's messages, and sync failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from reviewer_app.ui.times import full_time, short_time
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.status import MessageBar, MessageLabel, SyncStatus

EXPORTED = (
    "Exported 1,204 applications to /home/reviewer/Documents/Recruitment/2026 spring round/"
    "decisions-backend-developer-and-frontend-developer-2026-03-14.csv (names and emails)"
)


def _fits(label: MessageLabel) -> bool:
    room = label.contentsRect().width() - label.indent()
    return label.fontMetrics().horizontalAdvance(label.text()) <= room


def test_a_message_too_long_for_the_window_ends_in_an_ellipsis(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1366, 768)
    bar = window.statusBar()
    assert isinstance(bar, MessageBar)
    label = bar.message_label
    bar.showMessage(EXPORTED, 15_000)
    qtbot.waitUntil(lambda: label.text().endswith("…"))
    assert _fits(label) and EXPORTED.startswith(label.text()[:-1])
    assert label.toolTip() == EXPORTED  # in full on hover
    assert bar.currentMessage() == EXPORTED
    # The sync state stays beside it, whole.
    assert window.status.isVisible() and label.geometry().right() < window.status.x()
    wide = label.text()
    window.resize(1000, 700)  # elided again to the narrower bar
    qtbot.waitUntil(lambda: label.text() != wide)
    assert label.text().endswith("…") and _fits(label) and len(label.text()) < len(wide)
    bar.showMessage("Exported 3 applications", 15_000)
    assert label.text() == "Exported 3 applications" and label.toolTip() == ""


def test_a_message_goes_when_its_time_is_up(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.statusBar()
    assert isinstance(bar, MessageBar)
    bar.showMessage(EXPORTED, 50)
    assert bar.message_label.message() == EXPORTED
    qtbot.waitUntil(lambda: bar.message_label.text() == "")
    assert bar.message_label.toolTip() == "" and bar.currentMessage() == ""


def test_a_message_of_several_lines_is_shown_on_one(qtbot: QtBot) -> None:
    label = MessageLabel()
    qtbot.addWidget(label)
    label.resize(2000, 20)
    label.show_message("Sync failed:\nthe server did not answer.")
    assert label.text() == "Sync failed: the server did not answer."


def test_only_the_label_draws_the_message(qtbot: QtBot) -> None:
    """Qt's own drawing of the message, uncut, would show under the elided label."""
    main = QMainWindow()
    qtbot.addWidget(main)
    bar = MessageBar([QLabel("Online", main)], main)
    main.setStatusBar(bar)
    main.resize(400, 100)
    main.show()
    qtbot.waitUntil(lambda: bar.message_label.width() > 100)  # laid out
    palette = bar.message_label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.transparent)
    bar.message_label.setPalette(palette)  # the label draws nothing to be seen
    QApplication.processEvents()
    empty = bar.grab().toImage()
    bar.showMessage(EXPORTED)
    QApplication.processEvents()  # the bar laid out again for its message
    assert bar.message_label.text().endswith("…")
    assert bar.grab().toImage() == empty


def test_offline_tooltips_carry_the_reason(qtbot: QtBot) -> None:
    status = SyncStatus()
    qtbot.addWidget(status)
    status.set_online(False, "The shared database did not answer.")
    assert status.failure == "The shared database did not answer."
    assert "The shared database did not answer." in status.online_label.toolTip()
    assert status.details_button.toolTip() == "The shared database did not answer."
    status.set_online(True)
    assert status.failure is None and status.online_label.toolTip() == ""


def test_never_synced_is_said_once(qtbot: QtBot) -> None:
    status = SyncStatus()
    qtbot.addWidget(status)
    status.show()
    status.set_online(None)
    status.set_last_sync(None)
    shown = [
        label.text() for label in (status.online_label, status.synced_label) if label.isVisible()
    ]
    assert shown == ["Not synced yet"]


def test_the_last_sync_is_said_briefly_and_in_full_on_hover(qtbot: QtBot) -> None:
    status = SyncStatus()
    qtbot.addWidget(status)
    when = datetime.now(UTC) - timedelta(minutes=3)
    status.set_online(True)
    status.set_last_sync(when)
    assert status.synced_label.text() == "· synced 3 min ago"
    assert status.synced_label.toolTip() == f"Last synced {full_time(when)}"
    status.set_online(False, "no answer")
    assert status.synced_label.text() == "· last synced 3 min ago"
    old = datetime(2025, 11, 3, 14, 2, tzinfo=UTC)
    status.set_last_sync(old)
    assert status.synced_label.text() == f"· last synced {short_time(old)}"
