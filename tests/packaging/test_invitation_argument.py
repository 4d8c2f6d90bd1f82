"""`reviewer-app FILE.reviewer-invite` (a desktop's double-click) opens the window on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reviewer_app.ui import entry

COMMANDS = entry.command_names(entry.build_window_parser())


def test_the_parser_names_its_commands() -> None:
    assert {"positions", "sync", "export", "report"} <= COMMANDS


@pytest.mark.parametrize(
    ("argv", "rest", "invitation"),
    [
        (["alice.reviewer-invite"], [], "alice.reviewer-invite"),
        (["/tmp/Alice Smith.REVIEWER-INVITE"], [], "/tmp/Alice Smith.REVIEWER-INVITE"),
        (
            ["--data-dir", "d", "alice.reviewer-invite"],
            ["--data-dir", "d"],
            "alice.reviewer-invite",
        ),
        (
            ["--color-scheme", "dark", "a.reviewer-invite"],
            ["--color-scheme", "dark"],
            "a.reviewer-invite",
        ),
        # An option's value is never taken for the file, and a command keeps its arguments.
        (["--screenshot", "x.reviewer-invite"], ["--screenshot", "x.reviewer-invite"], None),
        (["import", "a.reviewer-invite"], ["import", "a.reviewer-invite"], None),
        (["positions", "--json"], ["positions", "--json"], None),
        ([], [], None),
        (["--", "a.reviewer-invite"], ["--", "a.reviewer-invite"], None),
        (["nonsense"], ["nonsense"], None),
    ],
)
def test_split_invitation(argv: list[str], rest: list[str], invitation: str | None) -> None:
    got_rest, got = entry.split_invitation(argv, COMMANDS)
    assert got_rest == rest
    assert got == (Path(invitation) if invitation else None)


def test_an_existing_file_of_another_name_is_an_invitation_too(tmp_path: Path) -> None:
    # Some mail clients save attachments under a name of their own.
    saved = tmp_path / "invite (1).json"
    saved.write_text("{}", encoding="utf-8")
    assert entry.split_invitation([str(saved)], COMMANDS) == ([], saved)


def test_main_opens_the_window_on_the_invitation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Path, Path, str]] = []

    def fake_run(path: Path, *, data_dir: Path, color_scheme: str, shared: str | None) -> int:
        opened.append((path, data_dir, color_scheme))
        return 0

    monkeypatch.setattr(entry, "run_with_invitation", fake_run)
    status = entry.main(["--data-dir", str(tmp_path), "alice.reviewer-invite"])
    assert status == 0
    assert opened == [(Path("alice.reviewer-invite"), tmp_path, "system")]


def test_an_invitation_with_a_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        entry.main(["a.reviewer-invite", "--screenshot", "x.png"])
    assert exited.value.code == 2
    assert "opens the window" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        entry.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("reviewer_app ")


def test_every_module_imports(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # What packaging/smoke.py asks of a build: nothing left out.
    monkeypatch.setenv(entry.CHECK_IMPORTS_VARIABLE, "1")
    assert entry.main([]) == 0
    out = capsys.readouterr().out
    imported, _of, total = out.split()[1:4]
    assert imported == total and int(total) > 100


def test_the_window_opens_the_join_dialog_on_the_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that is no invitation: the dialog says why, offers the rest; closing it quits."""
    from PySide6.QtWidgets import QDialog

    from reviewer_app.ui.window.join_dialog import JoinDialog

    shown: list[str] = []

    def exec_(dialog: JoinDialog) -> int:
        qtbot.addWidget(dialog)
        shown.append(dialog.invitation_status.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(JoinDialog, "exec", exec_)
    not_one = tmp_path / "alice.reviewer-invite"
    not_one.write_text("not json", encoding="utf-8")
    status = entry.run_with_invitation(not_one, data_dir=tmp_path / "data")
    assert status == 0
    assert len(shown) == 1 and "alice.reviewer-invite" in shown[0]
    assert not (tmp_path / "data" / "settings.json").exists()
