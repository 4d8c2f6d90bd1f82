"""Tests of reviewer_app/ui/window/settings_flow.py: saving the settings and handing them on.

Where a typed password goes is tested through the window in test_dialogs.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import Settings, embedded_shared_url
from reviewer_app.config.shared_connection import SharedConnection
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.dialogs import SettingsDialog
from reviewer_app.ui.window.settings_flow import SettingsFlow
from reviewer_app.ui.window.sync_controller import SyncController

REVIEWER = "Test Reviewer"  # as in conftest.py


def test_a_new_name_is_saved_handed_on_and_said_to_apply_at_the_next_start(
    qtbot: QtBot, demo_dir: Path, demo_cache: LocalCache
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    dialogs: list[QWidget] = []
    flow = SettingsFlow(demo_dir, window, dialogs)
    runner = TaskRunner()
    connection = SharedConnection(embedded_shared_url(demo_dir), embedded=True)
    sync = SyncController(runner, demo_cache, connection, demo_dir, REVIEWER)
    applied: list[Settings] = []
    said: list[str] = []
    flow.applied.connect(applied.append)
    flow.message.connect(said.append)
    try:
        flow.start(Settings(reviewer_name=REVIEWER), sync)
        dialog = dialogs[-1]
        assert isinstance(dialog, SettingsDialog)
        dialog.name_edit.setText("Ana Reviewer")
        dialog.interval_spin.setValue(7)
        dialog.accept()
        assert [settings.reviewer_name for settings in applied] == ["Ana Reviewer"]
        assert Settings.load(demo_dir) == applied[0]
        assert said == ["Your new name applies the next time you start reviewer_app."]
        assert sync.timer.interval() == 7 * 60_000
        assert not sync.running  # the same database: no sync started for it
    finally:
        runner.shutdown()
