"""Helpers of the sync tests: rows on the server and a comparable picture of a cache."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import URL

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CacheBase
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase

OpenCache = Callable[[str], LocalCache]
"""Opens the local cache of a named laptop."""

# Mirrored tables and the columns that are the cache's own (not the server's).
_MIRRORED = {
    "reviewers": (),
    "positions": (),
    "applications": ("name_key",),  # the cache's own: the sort key of the name
    "requirement_checks": ("id",),
    "notes": (),
    "decisions": (),
    "decision_history": (),
    "assignments": ("id",),
    "contacts": (),
    "interviews": (),
}


def recreate_pg_database(url: URL) -> None:
    """Drops the PostgreSQL database at ``url`` and creates it again, empty."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        admin.dispose()


def add_applications(db: SharedDatabase, count: int) -> list[str]:
    """Stores ``count`` applications on the server; returns their ids in order."""
    with db.session() as session:
        rows = []
        for _ in range(count):
            key = uuid.uuid4().hex
            rows.append(
                models.Application(
                    response_id=f"response-{key}",
                    name=f"Applicant {key[:6]}",
                    email=f"{key[:8]}@example.org",
                    answers=[["Why?", "Because"]],
                    content_hash=key.ljust(64, "0"),
                )
            )
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def add_position(db: SharedDatabase, slug: str = "translator") -> int:
    """Publishes a position on the server; returns its id."""
    with db.session() as session:
        position = models.Position(
            slug=slug, version=1, title=slug.title(), source="# x", content_hash="f" * 64
        )
        session.add(position)
        session.flush()
        return position.id


def cache_rows(cache: LocalCache) -> dict[str, list[tuple[Any, ...]]]:
    """Returns every mirrored row of the cache (values only), sorted, for comparing."""
    picture: dict[str, list[tuple[Any, ...]]] = {}
    with cache.read_session() as session:
        for name, local_columns in _MIRRORED.items():
            table = CacheBase.metadata.tables[name]
            columns = [c for c in table.columns if c.name not in local_columns]
            rows = session.execute(select(*columns)).all()
            picture[name] = sorted((tuple(row) for row in rows), key=repr)
    return picture


def _comparable(value: Any) -> Any:
    # The server gives times in its session's zone, the cache in UTC.
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def server_rows(db: SharedDatabase) -> dict[str, list[tuple[Any, ...]]]:
    """Returns the server's rows in the shape of :func:`cache_rows`, read independently."""
    picture: dict[str, list[tuple[Any, ...]]] = {}
    with db.session() as session:
        reviewers = models.Reviewer.__table__
        names = {
            id_: name for id_, name in session.execute(select(reviewers.c.id, reviewers.c.name))
        }
        for name, local_columns in _MIRRORED.items():
            rows = []
            for mapping in session.execute(select(models.Base.metadata.tables[name])).mappings():
                values = dict(mapping)
                if name == "requirement_checks":
                    values["server_id"] = values.pop("id")
                    values["reviewer_name"] = names[values["reviewer_id"]]
                elif name == "notes":
                    values["author_name"] = names[values["author_id"]]
                elif name == "decisions":
                    values["decided_by_name"] = names.get(values["decided_by"])
                elif name == "assignments":
                    values["server_id"] = values.pop("id")
                    values["reviewer_name"] = names[values["reviewer_id"]]
                    values["assigned_by_name"] = names.get(values["assigned_by"])
                elif name == "contacts":
                    values["reviewer_name"] = names[values["reviewer_id"]]
                elif name == "interviews":
                    values["set_by_name"] = names.get(values["set_by"])
                columns = CacheBase.metadata.tables[name].columns
                rows.append(
                    tuple(
                        _comparable(values[c.name]) for c in columns if c.name not in local_columns
                    )
                )
            picture[name] = sorted(rows, key=repr)
    return picture


def server_count(db: SharedDatabase, model: type[models.Base], **where: Any) -> int:
    """Counts rows of a shared table matching column values."""
    table = model.__table__
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with db.session() as session:
        return int(session.execute(query).scalar_one())
