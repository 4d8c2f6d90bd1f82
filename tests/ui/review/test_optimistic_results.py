"""A check's result shows at the press; what is recorded shows once the write is done."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewer_app.domain.changes import Changes
from reviewer_app.ui.window.main_window import MainWindow
from tests.ui.conftest import wait_settled


def test_a_write_failing_on_a_bug_shows_what_is_recorded_and_still_raises(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    wait_settled(qtbot, window)
    panel = window.review_panel
    first = panel.checks.rows[0]
    before = first.result

    def broken(*_args: object, **_kwargs: object) -> Changes:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(panel._review, "set_check", broken)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    pressed = next(key for key, result in ((Qt.Key.Key_1, "met"), (Qt.Key.Key_2, "not_met"))
                   if before is None or before.value != result)  # fmt: skip
    with qtbot.capture_exceptions() as raised:
        qtbot.keyClick(first, pressed)
        assert first.result is not before  # shown at the press
        qtbot.waitUntil(lambda: bool(raised))
        wait_settled(qtbot, window)
    assert [type(error) for _, error, _ in raised] == [RuntimeError]
    assert panel.checks.rows[0].result == before  # read back: nothing was recorded
