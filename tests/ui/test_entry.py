"""The entry point: the window's own options, and commands given after them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect

from reviewer_app.ui.entry import build_window_parser, main


def test_the_window_takes_a_shared_database_of_its_own() -> None:
    args = build_window_parser().parse_args(["--shared", "sqlite:///team.sqlite3"])
    assert args.command is None
    assert args.window_shared == "sqlite:///team.sqlite3"


def test_shared_before_a_command_is_that_commands(sqlite_url: str, tmp_path: Path) -> None:
    assert main(["--shared", sqlite_url, "--data-dir", str(tmp_path / "data"), "migrate"]) == 0
    engine = create_engine(sqlite_url)
    try:
        assert "applications" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_shared_after_a_command_wins(sqlite_url: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    data = str(tmp_path / "data")
    assert main(["--shared", other, "migrate", "--shared", sqlite_url, "--data-dir", data]) == 0
    assert Path(sqlite_url.removeprefix("sqlite:///")).exists()
    assert not (tmp_path / "other.sqlite3").exists()


def test_a_screenshot_without_a_display_is_drawn_offscreen(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "data"), "--screenshot",
         str(shot), "--screenshot-size", "800x600"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 0
