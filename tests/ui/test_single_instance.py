"""Tests of reviewer_app/ui/single_instance.py: one window a data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.ui.single_instance import SingleInstance, bring_to_front


def test_a_second_start_asks_the_first_window_to_show_itself(qtbot: QtBot, tmp_path: Path) -> None:
    first, second = SingleInstance(tmp_path), SingleInstance(tmp_path)
    assert first.acquire()
    try:
        assert not second.acquire()
        with qtbot.wait_signal(first.show_requested, timeout=5000):
            assert second.ask_to_show()
    finally:
        first.release()
    assert second.acquire()  # the folder is free once the first window closed
    second.release()


def test_another_data_folder_is_another_window(qtbot: QtBot, tmp_path: Path) -> None:
    one, other = SingleInstance(tmp_path / "one"), SingleInstance(tmp_path / "other")
    assert one.server_name != other.server_name
    assert one.acquire() and other.acquire()
    one.release()
    other.release()


def test_nobody_answers_when_no_window_has_the_folder(qtbot: QtBot, tmp_path: Path) -> None:
    assert not SingleInstance(tmp_path).ask_to_show()


def test_a_lock_from_another_machine_does_not_keep_the_window_shut(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # A data folder copied from another laptop, or restored, with the lock of a window
    # that was open there.
    (tmp_path / "window.lock").write_text("4242\nanother-laptop\npython3\n", encoding="utf-8")
    instance = SingleInstance(tmp_path)
    assert instance.acquire()
    instance.release()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_bring_to_front_raises_the_dialog_open_over_the_window(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()  # the first-run or join dialog, say
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    bring_to_front()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.close()


def test_a_data_folder_made_for_the_lock_is_its_owners_alone(qtbot: QtBot, tmp_path: Path) -> None:
    # Made 0755 here, the first start then told the reviewer it was "open to other users".
    instance = SingleInstance(tmp_path / "new")
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    instance.release()
