"""Helpers of the tests that make PostgreSQL roles: unique names, and dropping them after.

Roles are cluster-wide and tests run in parallel, so each test names its own (a random
suffix) and drops every role it made, and the team's group roles, at the end.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url


def unique_login(prefix: str) -> str:
    """A login role name no other test uses."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def login_url(url: str, login: str) -> str:
    """``url`` as ``login`` without password (the test server trusts 127.0.0.1)."""
    return (
        make_url(url)
        .set(username=login, password=None)
        .set(drivername="postgresql+psycopg")
        .render_as_string(hide_password=False)
    )


def can_connect(url: str, login: str) -> bool:
    """Whether ``login`` may connect to the database of ``url`` now."""
    engine = create_engine(login_url(url, login))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT session_user")).scalar_one() == login
    except Exception as exc:
        if "not permitted to log in" in str(exc):
            return False
        raise
    finally:
        engine.dispose()


def drop_role(conn: Connection, role: str) -> None:
    """Drops ``role`` (if it exists) and what it owns or was granted in this database."""
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
            {"r": role},
        )
        conn.execute(text(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER'))
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))


@contextmanager
def dropped_roles(url: str) -> Iterator[list[str]]:
    """Yields a list to add role names to; drops them, and the team's roles, at the end."""
    names: list[str] = []
    try:
        yield names
    finally:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                if conn.execute(text("SELECT to_regclass('team_roles')")).scalar() is not None:
                    names += conn.execute(text("SELECT role_name FROM team_roles")).scalars()
                for name in dict.fromkeys(names):
                    drop_role(conn, name)
        finally:
            engine.dispose()
