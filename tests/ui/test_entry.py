"""The entry point: the window's own options, and commands given after them."""

from __future__ import annotations

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
