"""Tests of the Alembic migrations of the shared database."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, inspect, select, text

from reviewer_app.server import models
from reviewer_app.server.database import SchemaNotMigrated, SchemaTooNew, SharedDatabase

HEAD = "0010_erasure_marks"


def _column(column: Any, schema: str | None) -> tuple[str, str, bool, str]:
    default = str(column.get("default"))
    if schema:
        # A serial's default names its sequence with the schema.
        default = default.replace(f"{schema}.", "")
    return (column["name"], str(column["type"]), column["nullable"], default)


def _schema(conn: Connection, schema: str | None = None) -> dict[str, Any]:
    """Everything the inspector sees of the tables, comparable between two schemas."""
    inspector = inspect(conn)
    result: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names(schema=schema)):
        if table == "alembic_version":
            continue
        foreign_keys = [
            {k: v for k, v in fk.items() if k != "referred_schema"}
            for fk in inspector.get_foreign_keys(table, schema=schema)
        ]
        result[table] = {
            "columns": [_column(c, schema) for c in inspector.get_columns(table, schema=schema)],
            "pk": inspector.get_pk_constraint(table, schema=schema),
            "fks": sorted(foreign_keys, key=lambda fk: str(fk["name"])),
            "indexes": sorted(
                inspector.get_indexes(table, schema=schema), key=lambda i: str(i["name"])
            ),
            "uniques": sorted(
                inspector.get_unique_constraints(table, schema=schema),
                key=lambda u: str(u["name"]),
            ),
            "checks": sorted(
                inspector.get_check_constraints(table, schema=schema),
                key=lambda c: str(c["name"]),
            ),
        }
    return result


def _tables(db: SharedDatabase) -> list[str]:
    with db.engine.connect() as conn:
        return sorted(inspect(conn).get_table_names())


def test_migrate_creates_the_schema_from_empty(db_url_fresh: SharedDatabase) -> None:
    result = db_url_fresh.migrate()
    assert (result.from_revision, result.to_revision, result.changed) == (None, HEAD, True)
    db_url_fresh.check_schema()
    assert set(models.Base.metadata.tables) <= set(_tables(db_url_fresh))
    with db_url_fresh.session() as session:
        counter = session.get(models.SyncCounter, 1)
        assert counter is not None and counter.value == 0


def test_migrated_schema_matches_the_models(db: SharedDatabase) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, models.Base.metadata) == []


def test_migrated_schema_equals_the_models_created_directly(
    db: SharedDatabase, tmp_path: Any
) -> None:
    # compare_metadata ignores CHECK constraints; the inspector sees them too.
    if db.dialect == "sqlite":
        expected_engine: Engine = create_engine(f"sqlite:///{tmp_path / 'expected.sqlite3'}")
        with expected_engine.begin() as conn:
            models.Base.metadata.create_all(conn)
        with expected_engine.connect() as conn:
            expected = _schema(conn)
        expected_engine.dispose()
    else:
        with db.engine.begin() as conn:
            conn.execute(text("CREATE SCHEMA expected"))
            translated = conn.execution_options(schema_translate_map={None: "expected"})
            models.Base.metadata.create_all(translated)
        with db.engine.connect() as conn:
            expected = _schema(conn, schema="expected")
    with db.engine.connect() as conn:
        assert _schema(conn) == expected


def test_upgrade_from_the_previous_revision_keeps_rows(db_url_fresh: SharedDatabase) -> None:
    db_url_fresh.upgrade_to("0001_initial")
    with pytest.raises(SchemaNotMigrated, match="0001_initial"):
        db_url_fresh.check_schema()
    with db_url_fresh.engine.begin() as conn:  # the model has columns added later
        conn.execute(
            text(
                "INSERT INTO reviewers (name, created_at, revision) "
                "VALUES ('Early Bird', CURRENT_TIMESTAMP, 1)"
            )
        )

    result = db_url_fresh.migrate()

    assert (result.from_revision, result.to_revision) == ("0001_initial", HEAD)
    db_url_fresh.check_schema()
    with db_url_fresh.session() as session:
        assert session.scalars(select(models.Reviewer.name)).all() == ["Early Bird"]
        session.add(models.Tombstone(entity="note", entity_id="n1"))


def test_second_migrate_is_a_no_op(db: SharedDatabase) -> None:
    before = _tables(db)
    result = db.migrate()
    assert (result.from_revision, result.to_revision, result.changed) == (HEAD, HEAD, False)
    assert _tables(db) == before


def test_schema_of_a_newer_app_is_refused_and_left_unchanged(db: SharedDatabase) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
        before = _schema(conn)

    with pytest.raises(SchemaTooNew, match=r"newer version of reviewer_app \(schema 0099_future\)"):
        db.migrate()
    with pytest.raises(SchemaTooNew, match="upgrade the app"):
        db.check_schema()

    with db.engine.connect() as conn:
        assert _schema(conn) == before
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == "0099_future"


def test_schema_revision_reports_the_current_revision(db_url_fresh: SharedDatabase) -> None:
    assert db_url_fresh.schema_revision() is None
    db_url_fresh.migrate()
    assert db_url_fresh.schema_revision() == HEAD


@pytest.fixture
def db_url_fresh(shared_url: str) -> Any:
    """An unmigrated shared database."""
    database = SharedDatabase(shared_url)
    yield database
    database.dispose()
