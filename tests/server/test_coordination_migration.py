"""Migration 0009: the coordination tables, and on PostgreSQL their stamping triggers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, select, text

from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.schema_version import HEAD

TABLES = ("assignments", "contacts", "interviews")


@pytest.fixture
def fresh(shared_url: str) -> Iterator[SharedDatabase]:
    database = SharedDatabase(shared_url)
    yield database
    database.dispose()


def test_0009_adds_the_coordination_tables_and_keeps_the_rows(fresh: SharedDatabase) -> None:
    fresh.upgrade_to("0008_clear_and_delete")
    with fresh.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reviewers (name, created_at, revision) "
                "VALUES ('Early Bird', CURRENT_TIMESTAMP, 1)"
            )
        )
        assert not set(TABLES) & set(inspect(conn).get_table_names())

    result = fresh.migrate()

    # Migrated to the newest revision, which 0009 is or precedes.
    assert (result.from_revision, result.to_revision) == ("0008_clear_and_delete", HEAD)
    with fresh.engine.connect() as conn:
        assert set(TABLES) <= set(inspect(conn).get_table_names())
        if conn.dialect.name == "postgresql":
            stamped = conn.execute(
                text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = 'reviewer_app_stamp' AND c.relname = ANY(:tables)"
                ),
                {"tables": list(TABLES)},
            ).scalars()
            assert sorted(stamped) == sorted(TABLES)
    with fresh.session() as session:
        assert session.scalars(select(models.Reviewer.name)).all() == ["Early Bird"]
