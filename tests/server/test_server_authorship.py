"""The PostgreSQL server decides who wrote what: reviewer logins, triggers, grants."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedNote,
    CachedRequirementCheck,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.review.operations import DELETE_NOTE
from reviewer_app.server import models
from reviewer_app.server.authorship import NotAnActiveReviewer, session_trusted
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.roles import grant_coordinator, grant_reviewer
from reviewer_app.sync import Syncer
from tests.sync_support import add_applications, cache_rows, server_rows

# Far beyond any revision the counter hands out in a test.
HUGE = 9_000_000_000_000_000_000


@dataclass
class Team:
    """A migrated database with a reviewer group and logins for Alice, Bob and Carol.

    Carol's login is a member of the group but no reviewer row names it.
    """

    owner: SharedDatabase
    logins: dict[str, str]
    group: str
    opened: list[SharedDatabase] = field(default_factory=list)

    def connect(self, name: str) -> SharedDatabase:
        """The shared database as ``name``'s login (trust authentication)."""
        url = make_url(str(self.owner.engine.url)).set(username=self.logins[name], password=None)
        database = SharedDatabase(url.render_as_string(hide_password=False))
        self.opened.append(database)
        return database

    def reviewer_id(self, name: str) -> int:
        """The id of the reviewer row called ``name``."""
        with self.owner.session() as session:
            return session.scalars(
                select(models.Reviewer.id).where(models.Reviewer.name == name)
            ).one()


def _drop_roles(admin: Engine, database: SharedDatabase, roles: list[str]) -> None:
    with database.engine.begin() as conn:
        for role in roles:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f'DROP OWNED BY "{role}"'))
    with admin.connect() as conn:
        for role in roles:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@pytest.fixture
def team(pg_migrated_url: str, pg_admin: Engine) -> Iterator[Team]:
    """Roles are cluster-wide and tests run in parallel: each test has its own names."""
    suffix = uuid.uuid4().hex[:10]
    owner = SharedDatabase(pg_migrated_url)
    group = f"reviewers_{suffix}"
    logins = {name: f"{name.lower()}_{suffix}" for name in ("Alice", "Bob", "Carol")}
    made = [group, *logins.values()]
    created = Team(owner, logins, group)
    try:
        grant_reviewer(owner, group)
        with owner.engine.begin() as conn:
            for login in logins.values():
                conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
                conn.execute(text(f'GRANT "{group}" TO "{login}"'))
        with owner.session() as session:
            for name in ("Alice", "Bob"):
                session.add(models.Reviewer(name=name, login=logins[name]))
        yield created
    finally:
        for database in created.opened:
            database.dispose()
        _drop_roles(pg_admin, owner, made)
        owner.dispose()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[LocalCache]:
    """One laptop's local cache."""
    with LocalCache.open(tmp_path / "laptop") as cache:
        yield cache


def _run(database: SharedDatabase, sql: str, **params: object) -> None:
    with database.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_a_laptop_claiming_another_name_records_as_its_login(
    team: Team, laptop: LocalCache
) -> None:
    (app,) = add_applications(team.owner, 1)
    as_bob = team.connect("Bob")
    assert Syncer(laptop, as_bob, "Alice").sync().recorded_as == "Bob"
    review = ReviewService(laptop, "Alice")
    review.set_check(app, "python", CheckResult.MET)
    review.save_note(app, NoteKind.TRIAGE, "Strong candidate")
    review.set_decision(app, Stage.SCREENING)

    result = Syncer(laptop, as_bob, "Alice").sync()

    assert (result.pushed, result.conflicts, result.recorded_as) == (3, 0, "Bob")
    # The laptop holds its work as the server's, Bob's, with no rebuild needed.
    assert not result.rebuilt
    assert cache_rows(laptop) == server_rows(team.owner)
    bob = team.reviewer_id("Bob")
    with team.owner.session() as session:
        assert session.scalars(select(models.RequirementCheck.reviewer_id)).all() == [bob]
        assert session.scalars(select(models.Note.author_id)).all() == [bob]
        assert session.scalars(select(models.Decision.decided_by)).all() == [bob]
        assert session.scalars(select(models.DecisionHistory.decided_by)).all() == [bob]
        assert set(session.scalars(select(models.AppliedOperation.reviewer_id))) == {bob}
        # No reviewer row was made or renamed for the name the laptop claimed.
        assert sorted(session.scalars(select(models.Reviewer.name))) == ["Alice", "Bob"]


def test_a_trusted_session_keeps_the_name_the_laptop_sends(team: Team, laptop: LocalCache) -> None:
    (app,) = add_applications(team.owner, 1)
    Syncer(laptop, team.owner, "Dana").sync()
    ReviewService(laptop, "Dana").set_check(app, "python", CheckResult.MET)
    assert Syncer(laptop, team.owner, "Dana").sync().recorded_as is None
    with team.owner.session() as session:
        assert session_trusted(session)
        check = session.scalars(select(models.RequirementCheck)).one()
        assert check.reviewer_id == team.reviewer_id("Dana")


def test_a_login_that_is_no_active_reviewer_is_told_to_ask_the_coordinator(
    team: Team, laptop: LocalCache
) -> None:
    add_applications(team.owner, 1)
    as_carol = team.connect("Carol")
    with pytest.raises(NotAnActiveReviewer, match=rf"{team.logins['Carol']}.*add-reviewer"):
        Syncer(laptop, as_carol, "Carol").sync()
    with pytest.raises(ProgrammingError, match="not an active reviewer"):
        _run(
            as_carol,
            "INSERT INTO notes (id, application_id, author_id, kind, body, created_at) "
            "SELECT 'n-carol', id, 1, 'triage', 'x', now() FROM applications",
        )
    # A disabled reviewer is no reviewer either.
    _run(team.owner, "UPDATE reviewers SET disabled_at = now() WHERE name = 'Bob'")
    with pytest.raises(NotAnActiveReviewer, match=team.logins["Bob"]):
        Syncer(laptop, team.connect("Bob"), "Carol").sync()


def test_in_direct_sql_a_reviewer_changes_only_their_own_rows(team: Team) -> None:
    (app,) = add_applications(team.owner, 1)
    alice, bob = team.reviewer_id("Alice"), team.reviewer_id("Bob")
    as_alice, as_bob = team.connect("Alice"), team.connect("Bob")
    # Alice claims to be Bob and sets a huge revision: the server stamps both.
    _run(
        as_alice,
        "INSERT INTO requirement_checks (application_id, check_key, reviewer_id, result, "
        "comment, updated_at, revision) VALUES (:app, 'python', :bob, 'met', '', now(), :huge)",
        app=app,
        bob=bob,
        huge=HUGE,
    )
    _run(
        as_alice,
        "INSERT INTO notes (id, application_id, author_id, kind, body, created_at) "
        "VALUES ('n-alice', :app, :bob, 'triage', 'Mine', now())",
        app=app,
        bob=bob,
    )
    check = "SELECT reviewer_id, revision FROM requirement_checks"
    with team.owner.engine.connect() as conn:
        counter = conn.execute(text("SELECT value FROM sync_counter")).scalar_one()
        # The note took the revision after the check's.
        assert tuple(conn.execute(text(check)).one()) == (alice, counter - 1)
        assert conn.execute(text("SELECT author_id FROM notes")).scalar_one() == alice

    refused = {
        "UPDATE requirement_checks SET result = 'unmet'": "belongs to another reviewer",
        "UPDATE notes SET body = 'Bob was here'": "belongs to another reviewer",
        "INSERT INTO tombstones (entity, entity_id, deleted_at, revision) "
        "VALUES ('note', 'n-alice', now(), 99)": "permission denied",
        "DELETE FROM applications": "permission denied",
        "DELETE FROM notes": "permission denied",
        "UPDATE applications SET name = 'Someone else'": "permission denied",
        f"UPDATE applications SET revision = {HUGE}": "permission denied",
        "UPDATE sync_counter SET value = value + 1": "permission denied",
        "UPDATE decision_history SET reason = 'rewritten'": "permission denied",
        "UPDATE reviewers SET name = 'Mallory'": "permission denied",
        "SELECT value FROM sync_counter FOR UPDATE": "permission denied",
    }
    for statement, message in refused.items():
        with pytest.raises(ProgrammingError, match=message):
            _run(as_bob, statement)

    # What the app's path does is allowed, and stamped by the server.
    _run(as_bob, "UPDATE applications SET position_id = NULL")
    _run(
        as_bob,
        "INSERT INTO requirement_checks (application_id, check_key, reviewer_id, result, "
        "comment, updated_at) VALUES (:app, 'german', :alice, 'met', '', now())",
        app=app,
        alice=alice,
    )
    _run(
        as_bob,
        f"UPDATE requirement_checks SET revision = {HUGE}, reviewer_id = :alice "
        "WHERE check_key = 'german'",
        alice=alice,
    )
    with team.owner.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT check_key, reviewer_id, result FROM requirement_checks ORDER BY 1")
        ).all()
        assert [tuple(row) for row in rows] == [("german", bob, "met"), ("python", alice, "met")]
        assert conn.execute(text("SELECT body FROM notes")).scalar_one() == "Mine"
        assert conn.execute(text("SELECT count(*) FROM tombstones")).scalar_one() == 0
        highest = conn.execute(text("SELECT max(revision) FROM requirement_checks")).scalar()
        counter = conn.execute(text("SELECT value FROM sync_counter")).scalar_one()
        application = conn.execute(text("SELECT revision FROM applications")).scalar_one()
    assert highest == counter < 100
    assert application < counter


def test_a_stale_decision_conflicts_with_the_same_reviewers_other_device(
    team: Team, tmp_path: Path
) -> None:
    (app,) = add_applications(team.owner, 1)
    as_bob = team.connect("Bob")
    with LocalCache.open(tmp_path / "desk") as desk, LocalCache.open(tmp_path / "sofa") as sofa:
        for cache in (desk, sofa):
            Syncer(cache, as_bob, "Bob").sync()
        ReviewService(desk, "Bob").set_decision(app, Stage.SCREENING)
        assert Syncer(desk, as_bob, "Bob").sync().conflicts == 0
        ReviewService(sofa, "Bob").set_decision(app, Stage.DECLINED, "No availability")

        assert Syncer(sofa, as_bob, "Bob").sync().conflicts == 1

        with desk.read_session() as session:
            desk_device = session.get_one(SyncStateRow, SYNC_STATE_ID).device_id
    with team.owner.session() as session:
        decision = session.get_one(models.Decision, app)
        assert (decision.stage, decision.decided_device) == (Stage.SCREENING, desk_device)


def test_two_offline_edits_on_one_device_do_not_conflict(team: Team, laptop: LocalCache) -> None:
    (app,) = add_applications(team.owner, 1)
    as_bob = team.connect("Bob")
    Syncer(laptop, as_bob, "Bob").sync()
    review = ReviewService(laptop, "Bob")
    review.set_decision(app, Stage.SCREENING)
    assert Syncer(laptop, as_bob, "Bob", push_batch_size=1).sync().conflicts == 0
    review.set_decision(app, Stage.INTERVIEW)
    review.set_decision(app, Stage.ON_HOLD)

    assert Syncer(laptop, as_bob, "Bob", push_batch_size=1).sync().conflicts == 0
    with team.owner.session() as session:
        assert session.get_one(models.Decision, app).stage == Stage.ON_HOLD


def test_a_coordinator_is_trusted_and_recorded(team: Team, pg_admin: Engine) -> None:
    coordinators, login = f"{team.group}_co", f"{team.group}_col"
    try:
        grant_coordinator(team.owner, coordinators)
        grant_coordinator(team.owner, coordinators)  # again: converges
        with team.owner.engine.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
            conn.execute(text(f'GRANT "{coordinators}" TO "{login}"'))
            kinds = dict(conn.execute(text("SELECT kind, role_name FROM team_roles")).all())
        assert kinds == {"reviewer": team.group, "coordinator": coordinators}
        team.logins["Coordinator"] = login
        as_coordinator = team.connect("Coordinator")
        (app,) = add_applications(as_coordinator, 1)
        with as_coordinator.session() as session:
            assert session_trusted(session)
            counter = session.get_one(models.SyncCounter, 1).value
            assert session.get_one(models.Application, app).revision == counter
        with pytest.raises(ProgrammingError, match="permission denied"):
            _run(as_coordinator, "UPDATE team_roles SET role_name = 'x'")
        with team.connect("Bob").session() as session:
            assert not session_trusted(session)
    finally:
        _drop_roles(pg_admin, team.owner, [login, coordinators])


def test_in_direct_sql_a_reviewer_clears_and_deletes_only_their_own_rows(team: Team) -> None:
    (app,) = add_applications(team.owner, 1)
    alice = team.reviewer_id("Alice")
    as_alice, as_bob = team.connect("Alice"), team.connect("Bob")
    _run(
        as_alice,
        "INSERT INTO requirement_checks (application_id, check_key, reviewer_id, result, "
        "comment, updated_at) VALUES (:app, 'python', :alice, 'met', 'PyPI', now())",
        app=app,
        alice=alice,
    )
    _run(
        as_alice,
        "INSERT INTO notes (id, application_id, author_id, kind, body, created_at) "
        "VALUES ('n-alice', :app, :alice, 'triage', 'Mine', now())",
        app=app,
        alice=alice,
    )
    refused = {
        "UPDATE requirement_checks SET result = NULL, comment = ''": "belongs to another",
        "UPDATE notes SET body = '', deleted_at = now()": "belongs to another",
        # Clearing and deleting are updates: nobody's row may be deleted.
        "DELETE FROM requirement_checks": "permission denied",
        "DELETE FROM notes": "permission denied",
    }
    for statement, message in refused.items():
        for login in (as_bob, as_alice):
            if message == "belongs to another" and login is as_alice:
                continue
            with pytest.raises(ProgrammingError, match=message):
                _run(login, statement)
    # A deleted note keeps no text, whoever asks.
    with pytest.raises(IntegrityError, match="ck_notes_deleted_is_empty"):
        _run(as_alice, "UPDATE notes SET deleted_at = now()")

    _run(as_alice, "UPDATE requirement_checks SET result = NULL, comment = ''")
    _run(as_alice, "UPDATE notes SET body = '', deleted_at = now()")
    with team.owner.engine.connect() as conn:
        counter = conn.execute(text("SELECT value FROM sync_counter")).scalar_one()
        check = conn.execute(text("SELECT result, revision FROM requirement_checks")).one()
        note = conn.execute(text("SELECT body, deleted_at IS NOT NULL, revision FROM notes")).one()
    assert tuple(check) == (None, counter - 1)
    assert tuple(note) == ("", True, counter)


def test_a_laptop_clears_and_deletes_its_own_work_and_never_anothers(
    team: Team, tmp_path: Path
) -> None:
    (app,) = add_applications(team.owner, 1)
    as_alice, as_bob = team.connect("Alice"), team.connect("Bob")
    with (
        LocalCache.open(tmp_path / "alice") as alice,
        LocalCache.open(tmp_path / "bob") as bob,
    ):
        Syncer(alice, as_alice, "Alice").sync()
        review = ReviewService(alice, "Alice")
        review.set_check(app, "python", CheckResult.MET)
        note = review.save_note(app, NoteKind.TRIAGE, "Mine").note_id
        Syncer(alice, as_alice, "Alice").sync()
        Syncer(bob, as_bob, "Bob").sync()
        # Bob's laptop forged as Alice's deletion of her note: the server refuses it.
        with bob.session() as session:
            session.add(
                OutboxOperation(
                    op_id="forged", kind=DELETE_NOTE, application_id=app,
                    payload={"note_id": note, "deleted_at": None},
                )
            )  # fmt: skip
        Syncer(bob, as_bob, "Bob").sync()
        with team.owner.session() as session:
            assert session.get_one(models.Note, note).deleted_at is None
            outcome = session.get_one(models.AppliedOperation, "forged").outcome
        assert outcome == {"status": "refused", "reason": "the note belongs to another reviewer"}

        review.clear_check(app, "python")
        review.delete_note(app, note)
        Syncer(alice, as_alice, "Alice").sync()
        Syncer(bob, as_bob, "Bob").sync()
        with bob.read_session() as session:
            assert session.scalars(select(CachedRequirementCheck.result)).all() == [None]
            assert session.get_one(CachedNote, note).deleted_at is not None
        assert cache_rows(alice) == server_rows(team.owner)
