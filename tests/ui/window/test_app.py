"""Tests of starting the application (offscreen): screenshots of fresh data folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.config.settings import Settings
from reviewer_app.ui.window.app import run

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_a_screenshot_leaves_a_fresh_data_folder_untouched(qtbot: QtBot, tmp_path: Path) -> None:
    shot = tmp_path / "x.png"
    fresh = tmp_path / "fresh"
    started: list[bool] = []
    assert run([], screenshot=shot, data_dir=fresh, on_started=lambda: started.append(True)) == 0
    assert started == [True]  # the start's pause of the cycle collector ended
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000
    # The demo was made, synced and shown in a throwaway folder: the real reviewer's
    # first start here is still a first start, with a cache nobody has claimed.
    assert not fresh.exists() or not any(fresh.iterdir())
    assert Settings.load(fresh).reviewer_name == ""


def test_a_screenshot_into_a_missing_folder_is_refused_at_once(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "no-such-folder" / "x.png"
    assert run([], screenshot=shot, data_dir=tmp_path / "data") == 1
    assert f"the folder {shot.parent} does not exist" in capsys.readouterr().err
    assert not shot.exists()
