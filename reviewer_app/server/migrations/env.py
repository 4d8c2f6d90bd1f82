"""Alembic environment: runs migrations on the connection that SharedDatabase passes in.

Run through :meth:`reviewer_app.server.database.SharedDatabase.migrate`; there is no
offline (SQL script) mode.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from reviewer_app.server.models import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        # Only for autogenerate and for the naming convention of ops; the revisions
        # themselves never import the models, so an old revision stays what it was.
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: batch operations copy the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Runs the migrations on the given connection, or on ``sqlalchemy.url`` if none."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Developers running the alembic CLI (e.g. `alembic revision --autogenerate`).
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("reviewer_app migrations run online only (SharedDatabase.migrate)")
run_migrations_online()
