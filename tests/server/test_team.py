"""Tests of the team's logins (reviewer_app.server.team) against the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from reviewer_app.errors import UserError
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.models import Reviewer, TeamRole
from reviewer_app.server.team import (
    AddedReviewer,
    add_reviewer,
    group_name_for_database,
    list_reviewers,
    login_from_name,
    remove_reviewer,
)
from tests.team_support import can_connect, dropped_roles, login_url, unique_login


@pytest.fixture
def team_db(pg_migrated_url: str) -> Iterator[SharedDatabase]:
    database = SharedDatabase(pg_migrated_url)
    yield database
    database.dispose()


@pytest.fixture
def roles(pg_migrated_url: str, team_db: SharedDatabase) -> Iterator[list[str]]:
    """Role names the test makes; dropped at the end, with the team's group roles."""
    with dropped_roles(pg_migrated_url) as names:
        yield names
        team_db.dispose()


def verifier(db: SharedDatabase, login: str) -> str:
    with db.engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT rolpassword FROM pg_authid WHERE rolname = :l"), {"l": login}
            ).scalar_one()
        )


def reviewer_row(db: SharedDatabase, name: str) -> Reviewer | None:
    with db.session() as session:
        return session.scalar(select(Reviewer).where(Reviewer.name == name))


@pytest.mark.parametrize(
    ("name", "login"),
    [("alice", "alice"), ("Alice Smith", "alice_smith"), ("O'Brien-Lee", "o_brien_lee")],
)
def test_login_is_made_from_the_name(name: str, login: str) -> None:
    assert login_from_name(name) == login


@pytest.mark.parametrize(
    ("name", "login"),
    [
        ("Bruno Araújo", "bruno_araujo"),
        ("Zoë Núñez", "zoe_nunez"),
        ("Søren Østergaard", "soren_ostergaard"),
        ("Łukasz Dvořák", "lukasz_dvorak"),
        ("Jürgen Weiß", "jurgen_weiss"),
        ("Ay\u015fe Y\u0131lmaz", "ayse_yilmaz"),
    ],
)
def test_login_made_from_an_accented_name_keeps_its_letters(name: str, login: str) -> None:
    # An accented letter was a "_" of its own: "Bruno Araújo" logged in as bruno_ara_jo.
    assert login_from_name(name) == login


@pytest.mark.parametrize("name", ["1st reviewer", "pg_admin", "x" * 64])
def test_a_name_that_makes_no_usable_login_asks_for_login(name: str) -> None:
    with pytest.raises(UserError, match="choose one with --login"):
        login_from_name(name)


def test_group_name_comes_from_the_database() -> None:
    assert group_name_for_database("Volunteers-2025") == "volunteers_2025_reviewers"
    assert group_name_for_database("2025") == "team_2025_reviewers"
    assert len(group_name_for_database("d" * 63)) == 63


def test_added_reviewer_can_connect_as_a_member_of_the_group(
    team_db: SharedDatabase, roles: list[str], pg_migrated_url: str
) -> None:
    login = unique_login("alice")
    roles.append(login)
    added = add_reviewer(team_db, "Alice", "alice@example.org", login=login)
    assert (added.name, added.email, added.login, added.renewed) == (
        "Alice",
        "alice@example.org",
        login,
        False,
    )
    assert added.password not in repr(added)
    assert len(added.password) >= 32
    with team_db.session() as session:
        group = session.get(TeamRole, "reviewer")
        assert group is not None and group.role_name == added.group
        database = session.execute(text("SELECT current_database()")).scalar_one()
        assert added.group == group_name_for_database(database)
    engine = create_engine(login_url(pg_migrated_url, login))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT session_user")).scalar_one() == login
            member = conn.execute(
                text("SELECT pg_has_role(session_user, :g, 'MEMBER')"), {"g": added.group}
            ).scalar_one()
            assert member is True
            # The group's privileges are inherited: a reviewer reads applications.
            conn.execute(text("SELECT count(*) FROM applications")).scalar_one()
    finally:
        engine.dispose()
    stored = reviewer_row(team_db, "Alice")
    assert stored is not None
    assert (stored.email, stored.login, stored.disabled_at) == ("alice@example.org", login, None)
    # Hashed on the client: the server holds a SCRAM verifier, never the password.
    assert verifier(team_db, login).startswith("SCRAM-SHA-256$")
    assert added.password not in verifier(team_db, login)


def test_running_again_gives_a_new_password_and_keeps_one_reviewer(
    team_db: SharedDatabase, roles: list[str]
) -> None:
    login = unique_login("bob")
    roles.append(login)
    first = add_reviewer(team_db, "Bob", "bob@example.org", login=login)
    before = verifier(team_db, login)
    # Without --login: the known reviewer keeps their login.
    second = add_reviewer(team_db, "Bob", "bob@new.example.org")
    assert second.renewed and second.login == login
    assert second.password != first.password
    assert verifier(team_db, login) != before
    assert [m.email for m in list_reviewers(team_db)] == ["bob@new.example.org"]


def test_a_role_that_exists_but_is_not_the_reviewers_is_refused(
    team_db: SharedDatabase, roles: list[str]
) -> None:
    foreign = unique_login("someone")
    roles.append(foreign)
    with team_db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{foreign}" NOLOGIN'))
    with pytest.raises(UserError, match=rf"role '{foreign}' already exists.*--login"):
        add_reviewer(team_db, "Carol", "carol@example.org", login=foreign)
    assert reviewer_row(team_db, "Carol") is None
    with team_db.engine.connect() as conn:
        can_login = conn.execute(
            text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": foreign}
        ).scalar_one()
    assert can_login is False


def test_another_reviewers_login_is_refused(team_db: SharedDatabase, roles: list[str]) -> None:
    login = unique_login("dan")
    roles.append(login)
    add_reviewer(team_db, "Dan", "dan@example.org", login=login)
    with pytest.raises(UserError, match=rf"login '{login}' is 'Dan''s"):
        add_reviewer(team_db, "Dana", "dana@example.org", login=login)
    with pytest.raises(UserError, match=rf"'Dan' already has the login '{login}'"):
        add_reviewer(team_db, "Dan", "dan@example.org", login=unique_login("other"))


def test_a_failed_delivery_changes_nothing(team_db: SharedDatabase, roles: list[str]) -> None:
    login = unique_login("erin")
    roles.append(login)

    def deliver(_added: AddedReviewer) -> None:
        raise UserError("the invitation could not be written")

    with pytest.raises(UserError, match="could not be written"):
        add_reviewer(team_db, "Erin", "erin@example.org", login=login, deliver=deliver)
    assert reviewer_row(team_db, "Erin") is None
    with team_db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login}).first()
            is None
        )


def test_removed_reviewer_cannot_connect_and_keeps_their_row(
    team_db: SharedDatabase, roles: list[str], pg_migrated_url: str
) -> None:
    login = unique_login("frank")
    roles.append(login)
    add_reviewer(team_db, "Frank", "frank@example.org", login=login)
    open_session = create_engine(login_url(pg_migrated_url, login))
    try:
        with open_session.connect() as conn:
            conn.execute(text("SELECT 1"))
            removed = remove_reviewer(team_db, "Frank")
            assert (removed.login, removed.was_disabled) == (login, False)
            assert removed.ended_sessions == 1
            with pytest.raises(OperationalError):
                conn.execute(text("SELECT 1"))
    finally:
        open_session.dispose()
    assert not can_connect(pg_migrated_url, login)
    stored = reviewer_row(team_db, "Frank")
    assert stored is not None and stored.disabled_at is not None and stored.login == login
    [member] = list_reviewers(team_db)
    assert not member.active
    assert remove_reviewer(team_db, "Frank").was_disabled
    # Added again: the login works again, with a new password.
    again = add_reviewer(team_db, "Frank", "frank@example.org")
    assert again.renewed
    assert can_connect(pg_migrated_url, login)
    assert list_reviewers(team_db)[0].active


def test_removing_an_unknown_reviewer_names_them(team_db: SharedDatabase) -> None:
    with pytest.raises(UserError, match=r"no reviewer named 'Nobody'.*list-reviewers"):
        remove_reviewer(team_db, "Nobody")


def test_logins_are_refused_on_sqlite(sqlite_url: str) -> None:
    db = SharedDatabase(sqlite_url)
    db.migrate()
    try:
        with pytest.raises(UserError, match=r"single-user.*PostgreSQL feature"):
            add_reviewer(db, "Alice", "alice@example.org")
        with pytest.raises(UserError, match=r"single-user.*PostgreSQL feature"):
            remove_reviewer(db, "Alice")
        assert list_reviewers(db) == []
    finally:
        db.dispose()


def test_a_bad_email_is_refused_before_anything_is_made(team_db: SharedDatabase) -> None:
    with pytest.raises(UserError, match="--email 'alice' is not an email address"):
        add_reviewer(team_db, "Alice", "alice")
