"""Tests of the command line (reviewer_app.cli), as a user runs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.cli import build_parser, main, run_command

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_positions_json_lists_shipped_positions_without_errors() -> None:
    # Through main.py, the way a user runs it.
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "positions", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    listed = {entry["slug"]: entry for entry in json.loads(done.stdout)}
    assert len(listed) >= 6
    assert all(p["severity"] != "error" for e in listed.values() for p in e["problems"])
    backend = listed["backend-developer"]
    labels = [c["label"] for c in backend["checks"]]
    assert labels == ["Python", "Git & GitHub", "≥ 5 h/week", "≥ 3 months"]
    assert "—" in backend["html"] and "â€”" not in backend["html"]
    assert set(backend) == {
        "slug", "title", "description", "page_url", "apply_as", "html", "checks",
        "preferred", "commitment", "problems",
    }  # fmt: skip
    assert backend["page_url"] == "https://couchers.org/volunteer/backend-developer"
    assert backend["commitment"]["min_hours_per_week"] == 5
    assert backend["commitment"]["min_months"] == 3


def test_positions_folder_with_broken_file_lists_all_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n## Requirements\n- Python\n")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    (tmp_path / "empty.md").write_bytes(b"")
    status, output = run("positions", str(tmp_path), "--json")
    listed = {entry["slug"]: entry for entry in json.loads(output)}
    assert status == 1
    assert set(listed) == {"good", "broken", "empty"}
    assert not listed["good"]["problems"]
    assert listed["broken"]["problems"][0]["severity"] == "error"

    status, report = run("positions", str(tmp_path))
    assert status == 1
    assert "broken.md" in report and "good.md" in report and "error:" in report


def test_positions_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("positions", str(tmp_path / "nope"))
    assert status == 1
    assert str(tmp_path / "nope") in capsys.readouterr().err


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_positions_in_a_folder_without_position_files_exits_1_saying_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], json_flag: list[str]
) -> None:
    # Most likely the wrong folder: checking nothing must not pass as "no errors".
    (tmp_path / "notes.txt").write_text("not a position", encoding="utf-8")
    status, output = run("positions", str(tmp_path), *json_flag)
    assert (status, output) == (1, "")
    assert f"error: no position files (*.md) in {tmp_path}" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    ["positions", "migrate", "publish", "import", "demo", "erase", "grant-reviewer", None],
)
def test_every_command_has_help(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [command, "--help"] if command else ["--help"]
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(argv)
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_data_dir_before_the_command_is_kept(tmp_path: Path) -> None:
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "migrate"])
    assert args.data_dir == tmp_path


def test_migrate_publish_import_twice(shared_url: str, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(
        "\ufeffTimestamp;Full name;E-mail address;Position Applying For;Why?;ID\r\n"
        '2026-10-01 10:00;Zoë;zoe@example.org;backend developer ;"Python,\r\nGit";1\r\n'
        "2026-10-02 10:00;Bo;zoe@example.org;Translator - German;Iâ€™m here;2\r\n"
        "2026-10-03 10:00;;;Frontend;nobody;3\r\n".encode()
    )
    shared = ["--shared", shared_url, "--data-dir", str(tmp_path)]
    assert run("migrate", *shared)[0] == 0
    status, output = run("publish", *shared)
    assert status == 0 and "0 refused" in output

    status, output = run("import", str(export), "--json", *shared)
    assert status == 0
    assert json.loads(output.splitlines()[-1]) == {
        "imported": 2, "updated": 0, "unchanged": 0, "rejected": 1,
        "unmatched": 0, "duplicates": 1, "erased": 0,
    }  # fmt: skip
    assert (
        (tmp_path / "export.csv.rejected.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("row,reason")
    )
    status, output = run("import", str(export), "--json", *shared)
    assert json.loads(output.splitlines()[-1])["unchanged"] == 2

    status, output = run("import", str(export), *shared)
    assert "2 unchanged" in output


def test_import_rejects_rows_without_a_usable_email_or_with_missing_cells(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Timestamp,Full name,Email address,Position applying for,Why?,Hours\n"
        "2026-11-03 09:00:00,No Email,,Translator,hi,2\n"
        "2026-11-03 09:30:00,,noname@example.org,Translator,hi,2\n"
        "2026-11-03 10:00:00,Bad Email,not-an-email,Translator,hi,2\n"
        "2026-11-03 11:00:00,Formula,=cmd|' /C calc'!A0,Translator,hi,2\n"
        "2026-11-03 13:00:00,Short row,short@example.org\n"
        "2026-11-03 14:00:00,Ana,ana@example.org,Translator,,\n",
        encoding="utf-8",
    )
    assert run("migrate", "--shared", sqlite_url)[0] == 0
    status, output = run("import", str(export), "--json", "--shared", sqlite_url)
    assert status == 0
    counts = json.loads(output.splitlines()[-1])
    assert (counts["imported"], counts["rejected"]) == (2, 4)
    err = capsys.readouterr().err
    assert "rejected: export.csv row 2: The 'Email address' cell is empty" in err
    assert "rejected: export.csv row 4: The 'Email address' cell 'not-an-email' is not" in err
    assert "rejected: export.csv row 5: The 'Email address' cell \"=cmd|' /C calc'!A0\"" in err
    assert "rejected: export.csv row 6: This row has 3 cells, the header has 6" in err
    assert "warning: export.csv row 3, column 'Full name': empty" in err
    rejected = (tmp_path / "export.csv.rejected.csv").read_text(encoding="utf-8-sig")
    assert [line.split(",")[0] for line in rejected.splitlines()] == ["row", "2", "4", "5", "6"]


def test_import_without_email_column_fails(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Name,Why?\nAna,because\n", encoding="utf-8")
    assert run("migrate", "--shared", sqlite_url)[0] == 0
    status, _ = run("import", str(export), "--shared", sqlite_url)
    assert status == 1
    assert "export.csv" in capsys.readouterr().err


def test_import_into_unmigrated_database_says_to_migrate(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Name,Email\nAna,ana@example.org\n", encoding="utf-8")
    status, _ = run("import", str(export), "--shared", sqlite_url)
    assert status == 1
    assert "migrate" in capsys.readouterr().err


def test_demo_is_deterministic_and_idempotent(sqlite_url: str) -> None:
    status, output = run("demo", "--shared", sqlite_url, "--count", "40", "--seed", "3")
    assert status == 0 and "40 imported" in output
    status, output = run("demo", "--shared", sqlite_url, "--count", "40", "--seed", "3")
    assert "0 imported" in output and "40 unchanged" in output


def test_commands_take_the_password_the_window_stored_in_the_keyring(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.cli import commands
    from reviewer_app.config.credentials import PasswordStore, with_password

    opened: list[str] = []

    class Recording(commands.SharedDatabase):
        def __init__(self, url: str) -> None:
            opened.append(url)
            super().__init__(url)

    monkeypatch.setattr(commands, "SharedDatabase", Recording)
    PasswordStore().set(pg_url, "from-the-keyring")  # the test server trusts any password
    assert run("migrate", "--shared", pg_url, "--data-dir", str(tmp_path))[0] == 0
    assert opened[-1] != pg_url and ":from-the-keyring@" in opened[-1]
    # A password given with the URL wins over the stored one.
    given = with_password(pg_url, "given")
    assert run("migrate", "--shared", given, "--data-dir", str(tmp_path))[0] == 0
    assert ":given@" in opened[-1]


def test_a_command_on_the_embedded_database_makes_its_folder_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("REVIEWER_SHARED_DB", raising=False)
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)  # whatever the umask
    assert run("migrate", "--data-dir", str(data))[0] == 0
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "shared.sqlite3").stat().st_mode & 0o777 == 0o600
    assert any(str(data) in record.getMessage() for record in caplog.records)


def test_ctrl_c_is_a_short_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    args = build_parser().parse_args(["positions"])
    monkeypatch.setattr(args, "handler", interrupted)
    assert run_command(args, io.StringIO()) == 130
    assert "interrupted (Ctrl+C): the step under way was not saved" in capsys.readouterr().err


def test_output_piped_into_a_reader_that_stops_ends_quietly(tmp_path: Path) -> None:
    # "positions --json | head" ended with a BrokenPipeError traceback.
    root = Path(__file__).resolve().parents[2]
    page = (root / "content" / "positions" / "backend-developer.md").read_text("utf-8")
    for number in range(60):  # far more output than a pipe holds
        (tmp_path / f"p{number}.md").write_text(page.replace("Backend", f"B{number}"), "utf-8")
    command = [sys.executable, str(root / "main.py"), "positions", "--json", str(tmp_path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.read(10).startswith(b"[")
        child.stdout.close()  # the reader goes away before the end of the output
        error = child.stderr.read()
    assert child.returncode == 141
    assert b"Traceback" not in error and b"BrokenPipe" not in error


def test_a_short_output_to_a_reader_gone_already_ends_quietly_too(tmp_path: Path) -> None:
    # Buffered, a short output was written only as Python exited, past the handler.
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "tiny.md").write_text("---\ntitle: Tiny\n---\n\nBody.\n", "utf-8")
    command = [sys.executable, str(root / "main.py"), "positions", "--json", str(tmp_path)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # gone before the command writes anything
        error = child.stderr.read()
    assert child.returncode == 141
    assert b"BrokenPipe" not in error and b"Exception ignored" not in error


@pytest.mark.parametrize(
    "command", [["export", "-o", "out.csv"], ["report"], ["compose", "a1", "acknowledgement"]]
)
def test_a_mistyped_data_folder_is_an_error_and_not_made(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo"
    args = build_parser().parse_args(["--data-dir", str(missing), *command])
    assert run_command(args, io.StringIO()) == 1
    assert f"The data folder {missing} does not exist" in capsys.readouterr().err
    assert not missing.exists()


def test_the_help_says_how_to_join_from_an_invitation(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "with an invitation file (main.py NAME.reviewer-invite)" in text
