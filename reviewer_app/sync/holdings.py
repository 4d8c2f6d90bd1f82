"""Would syncing with this shared database throw the cache's work away?

A cache that pulled applications, or holds changes not yet sent, may be the only copy
of that work once its shared database is gone. Two databases can never be where that
work came from, and a sync with either would replace the cache with next to nothing:

- the embedded database's file, missing (moved, deleted, a data folder copied
  elsewhere), made again as a fresh demo (see ``ui/window/sync_controller.py``);
- a database that is empty: no application, and none ever erased (a new file or a new
  PostgreSQL database behind the same URL). It is no backup to download afresh
  (:mod:`~reviewer_app.sync.history`, whose ``is_empty`` tells one): a sync with it is
  refused before anything is sent or received.

Both refusals name the database and say what the cache still holds; nothing in it
changes, and the window goes on offline on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    OutboxOperation,
    SyncStateRow,
)
from reviewer_app.errors import UserError


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class Holdings:
    """What a cache holds of its shared database.

    Attributes:
        last_revision: The cache's cursor: 0 before its first pull.
        applications: The applications it holds.
        pending: Its changes not yet sent (the outbox).
    """

    last_revision: int
    applications: int
    pending: int

    @classmethod
    def read(cls, session: Session) -> Holdings:
        """Reads them in the caller's (read) session."""
        state = session.get_one(SyncStateRow, SYNC_STATE_ID)
        return cls(
            last_revision=state.last_revision,
            applications=session.scalar(select(func.count()).select_from(CachedApplication)) or 0,
            pending=session.scalar(select(func.count()).select_from(OutboxOperation)) or 0,
        )

    @property
    def anything(self) -> bool:
        """Whether the cache holds anything a fresh database would throw away."""
        return self.last_revision > 0 or self.applications > 0 or self.pending > 0

    def describe(self) -> str:
        """ "100,000 applications and 57 changes not yet sent"."""
        return (
            f"{_count(self.applications, 'application')} and "
            f"{_count(self.pending, 'change')} not yet sent"
        )

    def describe_lasting(self) -> str:
        """ "100,000 applications and any changes not yet sent", uncounted.

        For a notice that stays while the reviewer goes on working offline: their
        changes keep coming, and a count said once would soon be wrong.
        """
        return f"{_count(self.applications, 'application')} and any changes not yet sent"


class CacheWithoutItsDatabase(UserError):
    """The shared database in use cannot be the one the cache's work came from.

    Nothing was sent or received; the cache and its pending changes are as they were.

    Args:
        template: The message, ``{held}`` standing for what the cache holds.
        database: The database, as the message names it (a file, or a URL without password).
        holdings: What the cache still holds.

    Attributes:
        database: As given.
        holdings: As given.
        lasting: The message for a notice that stays while the reviewer works on: what
            the cache holds without a count of the changes waiting, which soon goes stale.
    """

    def __init__(self, template: str, database: str, holdings: Holdings) -> None:
        super().__init__(template.replace("{held}", holdings.describe()))
        self.database = database
        self.holdings = holdings
        self.lasting = template.replace("{held}", holdings.describe_lasting())


class SharedFileMissing(CacheWithoutItsDatabase):
    """The embedded shared database's file is missing, and the cache holds work."""


class SharedDatabaseEmpty(CacheWithoutItsDatabase):
    """The shared database is empty, and the cache holds applications synced from one."""


def refuse_missing_file(cache: LocalCache, path: Path) -> None:
    """Raises :class:`SharedFileMissing` unless the cache is new (a real first launch).

    Call when the embedded database's file at ``path`` does not exist, before making it.
    """
    with cache.read_session() as session:
        holdings = Holdings.read(session)
    if not holdings.anything:
        return
    raise SharedFileMissing(
        f"The shared database file {path} is missing. The local cache {cache.path} still "
        "holds {held}; nothing was changed, and you can go on working "
        "offline. Put the file back where it was (or restore it from a backup), or choose "
        "another database in Settings. To start afresh without it, move the cache file "
        "aside (keep it: it holds what was not sent) and start the app again.",
        str(path),
        holdings,
    )


def refuse_empty_database(cache: LocalCache, url: str) -> None:
    """Raises :class:`SharedDatabaseEmpty` when the cache holds applications.

    Call when :func:`~reviewer_app.sync.history.is_empty` found the database at ``url``
    (without password) empty.
    """
    with cache.read_session() as session:
        holdings = Holdings.read(session)
    if holdings.applications == 0:
        return
    raise SharedDatabaseEmpty(
        f"The shared database {url} is empty: it holds no application and never erased "
        f"one, but the local cache {cache.path} holds {{held}} from a shared "
        "database. Nothing was sent or received, and the cache keeps all of it: you can "
        "go on working offline. If the database was moved, recreated or restored "
        "wrongly, put it back (or restore its backup), or choose another database in "
        "Settings. If the team has really started afresh in it, move the cache file aside "
        "(keep it: it holds what was not sent) and sync again.",
        url,
        holdings,
    )
