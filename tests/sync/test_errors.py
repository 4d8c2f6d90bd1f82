"""Tests of why a sync stopped: a refused login, another database's cache."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.connections import BAD_PASSWORD, LOGIN_DISABLED
from reviewer_app.server.database import SharedDatabase, SharedDatabaseUnavailable
from reviewer_app.server.roles import grant_reviewer
from reviewer_app.sync import Syncer, SyncUnavailable
from reviewer_app.sync.errors import (
    KEPT,
    LoginRefused,
    cache_of_other_database,
    login_refused,
    server_error,
)
from tests.sync_support import add_applications


@dataclass
class _Guard:
    cancelled: bool = False
    stalled: bool = False
    timeout_s: float = 30


class _FakeDriverError(Exception):
    """psycopg's error for a refused password (the test server trusts every login)."""

    sqlstate: str | None = None


_URL = "postgresql+psycopg://alice@db.example.org/team"


def test_a_refused_password_stops_the_sync_with_a_plain_message() -> None:
    error = _FakeDriverError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "alice"'
    )
    refused = server_error(error, _Guard(), _URL)
    assert isinstance(refused, LoginRefused) and isinstance(refused, SyncUnavailable)
    assert refused.problem == BAD_PASSWORD
    assert "the password was refused" in str(refused) and "open a new invitation" in str(refused)
    assert str(refused).endswith(KEPT)


def test_a_refusal_wrapped_by_the_shared_database_is_still_recognised() -> None:
    try:
        try:
            raise _FakeDriverError('FATAL:  role "alice" is not permitted to log in')
        except _FakeDriverError:
            raise SharedDatabaseUnavailable("Cannot connect to the shared database") from None
    except SharedDatabaseUnavailable as exc:
        refused = login_refused(exc, _URL)
    assert refused is not None and refused.problem == LOGIN_DISABLED
    assert "your login alice was disabled by the coordinator" in str(refused)
    assert "db.example.org/team" in str(refused)


def test_other_failures_are_no_refused_login() -> None:
    error = _FakeDriverError("server closed the connection unexpectedly")
    failed = server_error(error, _Guard(), _URL)
    assert type(failed) is SyncUnavailable
    assert login_refused(SharedDatabaseUnavailable("busy"), _URL) is None


def test_a_cache_of_another_database_says_whose_it_is_and_sends_nobody_to_data_dir() -> None:
    error = cache_of_other_database(Path("/data/cache.sqlite3"), "aaaa-1111", _URL, "bbbb-2222")
    assert "aaaa-1111" in str(error) and _URL in str(error)
    assert "--data-dir" not in str(error) and "move" not in str(error)
    assert (error.cache_instance, error.server_instance) == ("aaaa-1111", "bbbb-2222")


@pytest.fixture
def bob(pg_migrated_url: str) -> Iterator[str]:
    """A reviewer login, member of a reviewer group, mapped to the reviewer Bob; its URL."""
    login, group = f"bob_{uuid.uuid4().hex[:10]}", f"team_{uuid.uuid4().hex[:10]}"
    owner = create_engine(pg_migrated_url, isolation_level="AUTOCOMMIT")
    db = SharedDatabase(pg_migrated_url)
    try:
        with owner.connect() as conn:
            conn.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        grant_reviewer(db, group)
        with owner.connect() as conn:
            conn.execute(text(f'GRANT "{group}" TO "{login}"'))
        with db.session() as session:
            session.add(models.Reviewer(name="Bob", login=login))
        add_applications(db, 2)
        yield make_url(pg_migrated_url).set(username=login).render_as_string(hide_password=False)
    finally:
        db.dispose()
        with owner.connect() as conn:
            for role in (login, group):  # roles are the cluster's: drop only ours
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
        owner.dispose()


def test_a_disabled_login_stops_sync_clearly_and_keeps_the_pending_work(
    bob: str, pg_migrated_url: str, tmp_path: Path
) -> None:
    with LocalCache.open(tmp_path / "bob") as cache:
        shared = SharedDatabase(bob)
        try:
            assert Syncer(cache, shared, "Bob").sync().pulled >= 2
        finally:
            shared.dispose()
        login = make_url(bob).username
        owner = create_engine(pg_migrated_url, isolation_level="AUTOCOMMIT")
        with owner.connect() as conn:
            conn.execute(text(f'ALTER ROLE "{login}" NOLOGIN'))
        owner.dispose()
        with cache.read_session() as session:
            application = session.scalars(select(CachedApplication.id).limit(1)).one()
        ReviewService(cache, "Bob").set_check(application, "python", CheckResult.MET, "offline")

        shared = SharedDatabase(bob)
        try:
            with pytest.raises(LoginRefused) as refused:
                Syncer(cache, shared, "Bob").sync()
        finally:
            shared.dispose()
        assert refused.value.problem == LOGIN_DISABLED
        assert f"your login {login} was disabled by the coordinator" in str(refused.value)
        assert cache.pending_operations() == 1
        assert "disabled by the coordinator" in (cache.sync_state().last_error or "")
