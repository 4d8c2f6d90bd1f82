"""Tests of the coordinator's team commands (add-reviewer, remove-reviewer, list-reviewers)."""

from __future__ import annotations

import io
import json
import os
import stat
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reviewer_app.cli import main
from reviewer_app.cli.terminal_text import display_width
from reviewer_app.config.invitation import Invitation, read_invitation, write_invitation
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from tests.team_support import can_connect, dropped_roles, login_url, unique_login


@pytest.fixture
def roles(pg_migrated_url: str) -> Iterator[list[str]]:
    with dropped_roles(pg_migrated_url) as names:
        yield names


@pytest.fixture
def shared(pg_migrated_url: str, data_dir: Path) -> list[str]:
    """The options that name the test's database and data folder."""
    return ["--shared", pg_migrated_url, "--data-dir", str(data_dir)]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def add(shared: list[str], name: str, login: str, out: Path, *more: str) -> tuple[int, str]:
    return run(
        "add-reviewer", name, "--email", f"{login}@example.org", "--login", login,
        "--out", str(out), *shared, *more,
    )  # fmt: skip


def test_add_reviewer_writes_a_private_invitation_that_connects(
    shared: list[str],
    roles: list[str],
    pg_migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    login = unique_login("alice")
    roles.append(login)
    status, output = add(shared, "Alice Smith", login, tmp_path)
    assert status == 0, capsys.readouterr().err
    path = tmp_path / "Alice_Smith.reviewer-invite"
    assert f"Invitation written to {path}" in output
    assert "password" in output and "private channel" in output
    invitation = read_invitation(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, "data"]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    url = make_url(pg_migrated_url)
    assert (invitation.login, invitation.host, invitation.port) == (login, "127.0.0.1", 5432)
    assert invitation.database == url.database == invitation.team
    assert invitation.password not in output + capsys.readouterr().err
    engine = create_engine(login_url(invitation.url(), login))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT session_user")).scalar_one() == login
    finally:
        engine.dispose()


def test_running_again_resets_the_password_and_says_so(
    shared: list[str], roles: list[str], tmp_path: Path
) -> None:
    login = unique_login("bob")
    roles.append(login)
    path = tmp_path / "Bob.reviewer-invite"
    assert add(shared, "Bob", login, tmp_path)[0] == 0
    first = read_invitation(path).password
    status, output = add(shared, "Bob", login, tmp_path)
    assert status == 0
    assert "has a new password: their old invitation no longer works" in output
    assert read_invitation(path).password != first


def test_a_foreign_role_is_refused_with_a_hint_at_login(
    shared: list[str],
    roles: list[str],
    pg_migrated_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    foreign = unique_login("postgres_admin")
    roles.append(foreign)
    engine = create_engine(pg_migrated_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{foreign}"'))
    engine.dispose()
    status, _ = add(shared, "Carol", foreign, tmp_path)
    assert status == 1
    assert "already exists on this server" in capsys.readouterr().err
    assert list(tmp_path.glob("*.reviewer-invite")) == []


def test_another_reviewers_invitation_file_is_never_replaced(
    shared: list[str], roles: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login = unique_login("dave")
    roles.append(login)
    path = tmp_path / "Dave.reviewer-invite"
    other = Invitation("Team", "db.example.org", 5432, "other_db", "dave", "their-password")
    write_invitation(path, other)
    status, _ = add(shared, "Dave", login, tmp_path)
    assert status == 1
    assert "is not" in capsys.readouterr().err
    assert read_invitation(path) == other
    # Nothing was made on the server: the name is free for the next try.
    assert run("list-reviewers", "--json", *shared) == (0, "[]\n")


def test_public_host_goes_into_the_invitation(
    shared: list[str], roles: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login = unique_login("erin")
    roles.append(login)
    status, _ = add(
        shared, "Erin", login, tmp_path, "--public-host", "db.example.org:6543", "--team", "Crew"
    )
    assert status == 0
    invitation = read_invitation(tmp_path / "Erin.reviewer-invite")
    assert (invitation.host, invitation.port, invitation.team) == ("db.example.org", 6543, "Crew")
    assert "works on this computer only" not in capsys.readouterr().err


def test_remove_reviewer_stops_the_login_and_list_reviewers_shows_it(
    shared: list[str], roles: list[str], pg_migrated_url: str, tmp_path: Path
) -> None:
    login = unique_login("frank")
    roles.append(login)
    assert add(shared, "Frank", login, tmp_path)[0] == 0
    status, listed = run("list-reviewers", "--json", *shared)
    assert status == 0
    [member] = json.loads(listed)
    assert member["name"] == "Frank" and member["login"] == login and member["active"]
    assert member["email"] == f"{login}@example.org" and member["created_at"]

    status, output = run("remove-reviewer", "Frank", *shared)
    assert status == 0
    assert f"login '{login}' can no longer connect" in output
    assert "stay, attributed to them" in output
    assert not can_connect(pg_migrated_url, login)
    [member] = json.loads(run("list-reviewers", "--json", *shared)[1])
    assert not member["active"] and member["disabled_at"]
    status, text_listing = run("list-reviewers", *shared)
    assert "Frank" in text_listing and "disabled" in text_listing
    assert "1 reviewer(s), 0 active" in text_listing


def test_team_commands_refuse_sqlite(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = ["--shared", f"sqlite:///{tmp_path / 'team.sqlite3'}", "--data-dir", str(data_dir)]
    assert run("migrate", *shared)[0] == 0
    status, _ = run(
        "add-reviewer", "Alice", "--email", "a@example.org", "--out", str(tmp_path), *shared
    )
    assert status == 1
    assert "single-user: reviewers' logins are a PostgreSQL feature" in capsys.readouterr().err
    assert not (tmp_path / "Alice.reviewer-invite").exists()
    assert run("remove-reviewer", "Alice", *shared)[0] == 1
    assert run("list-reviewers", "--json", *shared) == (0, "[]\n")


def test_a_bad_public_host_is_refused(
    shared: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = add(shared, "Gus", "gus", tmp_path, "--public-host", "https://db.example.org/")
    assert status == 1
    assert "--public-host" in capsys.readouterr().err


def test_a_coordinators_login_manages_reviewers(
    shared: list[str], roles: list[str], pg_migrated_url: str, tmp_path: Path
) -> None:
    group, coordinator, reviewer = (unique_login(p) for p in ("coord", "carla", "rob"))
    roles += [group, coordinator, reviewer]
    status, output = run("grant-coordinator", group, *shared)
    assert status == 0
    assert "may import, publish, erase" in output and f'GRANT "{group}" TO' in output
    [reviewers] = [line for line in output.splitlines() if "WITH ADMIN OPTION" in line]
    engine = create_engine(pg_migrated_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{coordinator}" LOGIN CREATEROLE IN ROLE "{group}"'))
        conn.execute(text(reviewers.replace("their_login", f'"{coordinator}"')))
    engine.dispose()
    as_coordinator = ["--shared", login_url(pg_migrated_url, coordinator), *shared[2:]]

    assert add(as_coordinator, "Rob", reviewer, tmp_path)[0] == 0
    assert can_connect(pg_migrated_url, reviewer)
    assert run("remove-reviewer", "Rob", *as_coordinator)[0] == 0
    assert not can_connect(pg_migrated_url, reviewer)


def test_list_reviewers_lines_up_its_columns_whatever_the_names(
    db: SharedDatabase, data_dir: Path
) -> None:
    # Each line was written as it came: the emails, logins and statuses of "Alice Smith"
    # and "Bruno Araújo" started one column apart, of a longer name further on.
    names = ["Al", unicodedata.normalize("NFD", "Bruno Araújo"), "李雷", "Zoë Nguyễn-Ó Briain"]
    with db.session() as session:
        for number, name in enumerate(names):
            session.add(
                models.Reviewer(
                    name=name,
                    email=f"r{number}@example.org",
                    login=f"r{number}",
                    disabled_at=datetime(2026, 3, 1, tzinfo=UTC) if number == 0 else None,
                )
            )
    url = db.engine.url.render_as_string(hide_password=False)
    status, listing = run("list-reviewers", "--shared", url, "--data-dir", str(data_dir))
    assert status == 0
    lines = listing.splitlines()[:-1]
    assert len(lines) == len(names)
    for column in ("<", "login ", "added "):
        starts = {display_width(line[: line.index(column)]) for line in lines}
        assert len(starts) == 1, (column, listing)
    [zoe] = [line for line in lines if line.startswith("Zoë")]
    assert zoe.startswith("Zoë Nguyễn-Ó Briain  <r3@example.org>  login r3  active  ")
