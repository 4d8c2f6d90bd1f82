"""The entry point: the window's own options, and commands given after them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect

from reviewer_app.ui.entry import build_window_parser, main, window_arguments


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


def test_the_window_alone_is_read_without_the_command_line() -> None:
    args = window_arguments(
        ["--data-dir", "d", "--color-scheme", "dark", "--shared", "sqlite:///t.sqlite3",
         "--screenshot", "s.png", "--screenshot-size", "800x600"]
    )  # fmt: skip
    assert args is not None
    assert (args.data_dir, args.color_scheme, args.window_shared) == (
        Path("d"), "dark", "sqlite:///t.sqlite3"
    )  # fmt: skip
    assert (args.screenshot, args.screenshot_size) == (Path("s.png"), (800, 600))
    plain = window_arguments([])
    assert plain is not None and plain.data_dir is None and plain.color_scheme == "system"
    # Commands, help, invitation files and mistakes: the whole command line reads them.
    for argv in (["sync"], ["--help"], ["--version"], ["alice.reviewer-invite"],
                 ["--data-dir"], ["--color-scheme", "pink"], ["--data", "d"],
                 ["--data-dir", "d", "export", "out.csv"]):  # fmt: skip
        assert window_arguments(argv) is None, argv


def test_a_plain_start_never_imports_the_command_line() -> None:
    # The commands import most of the core: a start that opens the window needs none.
    code = (
        "import sys; from reviewer_app.ui.entry import window_arguments; "
        "assert window_arguments(['--data-dir', 'd']) is not None; "
        "print(sorted(m for m in sys.modules if m.startswith('reviewer_app.cli')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_the_window_is_built_without_what_it_needs_only_later() -> None:
    # Before its first paint the window needs neither the position parser's libraries,
    # nor the keyring, nor the server's models and the syncer (0.2 s of imports): they
    # come with the first description shown, password asked or sync.
    later = ("ftfy", "markdown", "yaml", "keyring", "alembic", "reviewer_app.server.models",
             "reviewer_app.sync.syncer", "reviewer_app.positions.parsing")  # fmt: skip
    code = (
        "import sys; import reviewer_app.ui.window.app; "
        f"print(sorted(m for m in {later!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"
