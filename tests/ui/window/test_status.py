"""Tests of reviewer_app/ui/window/status.py: how the window tells that a sync failed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from reviewer_app.ui.times import full_time, short_time
from reviewer_app.ui.window.status import SyncStatus


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
