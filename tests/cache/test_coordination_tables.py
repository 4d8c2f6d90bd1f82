"""Schema v10 of the cache: assignments, contacts and interview times."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect

from reviewer_app.cache import LocalCache, migrations
from reviewer_app.cache.store import CACHE_FILE

NEW_TABLES = ("assignments", "contacts", "interviews")


def test_a_version_9_cache_gets_the_coordination_tables(data_dir: Path) -> None:
    with LocalCache.open(data_dir):
        pass
    with closing(sqlite3.connect(data_dir / CACHE_FILE)) as conn:
        for table in NEW_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 9")
        conn.commit()

    with LocalCache.open(data_dir) as cache:
        assert cache.schema_version == migrations.latest_version()
        inspector = inspect(cache.engine)
        assert set(NEW_TABLES) <= set(inspector.get_table_names())
        indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("assignments")}
        assert indexes["ix_assignments_live"] == ["removed_at", "application_id", "reviewer_name"]
