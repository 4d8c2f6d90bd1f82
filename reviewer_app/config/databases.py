"""One local cache per shared database, and what this laptop knows of each database.

``<data dir>/databases.json`` records every shared database the data folder has used:
its instance id (its identity, the ``shared_instance`` row), the URLs it was reached by
(never a password), a label, the login and reviewer last used, and its cache folder.
The first database a data folder ever used keeps the data folder itself (the
``cache.sqlite3`` that was there before this file existed is that database's); every
other one gets ``<data dir>/databases/<instance id>/``, owner-only. A cache's pending
changes only ever go to its own database: the Syncer refuses another one.

The file itself is :mod:`reviewer_app.config.databases_file`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from reviewer_app.config.databases_file import (
    CACHE_FILE,
    DATABASES_DIR,
    ID_FOLDER_PREFIX,
    SAFE_NAME,
    URL_FOLDER_PREFIX,
    DatabaseRecord,
    DatabasesFile,
    DatabasesFileError,
    bound_instance,
    read_only,
    recency,
)
from reviewer_app.server.connections import redact_url

if TYPE_CHECKING:  # the server's models take 40 ms to import: not before the first paint
    from reviewer_app.server.database import SharedDatabase

__all__ = [
    "CACHE_FILE",
    "Databases",
    "DatabasesFileError",
    "KnownDatabase",
    "PendingElsewhere",
    "bare_url",
    "bound_instance",
    "cache_folder_for",
    "describe_url",
    "read_instance_id",
]

# Query parameters that hold a password (sslpassword unlocks a client key).
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})


@dataclass(frozen=True)
class KnownDatabase:
    """A shared database this data folder has used.

    Attributes:
        folder: Its cache folder (pass it to LocalCache.open).
        instance_id: Its identity, or None until it has been reached.
        url: The URL it was last reached by, without password ("" if unknown).
        urls: Every URL it is known by, the last used first.
        label: How to name it ("" if never given).
        login: The login last used.
        reviewer_name: The reviewer last used.
        last_used: When it was last used.
    """

    folder: Path
    instance_id: str | None
    url: str
    urls: tuple[str, ...]
    label: str
    login: str | None
    reviewer_name: str | None
    last_used: datetime | None

    def display(self) -> str:
        """Its label, else something that tells it apart."""
        if self.label:
            return self.label
        if self.url:
            return describe_url(self.url)
        if self.instance_id:
            return f"shared database {self.instance_id[:8]}"
        return f"the shared database of {self.folder}"


@dataclass(frozen=True)
class PendingElsewhere:
    """Changes waiting in the cache of a database that is not the current one.

    Attributes:
        label: The database, for display.
        count: Operations in that cache's outbox (0 when it could not be read).
        folder: The cache folder.
        problem: Why the cache could not be read, or None.
    """

    label: str
    count: int
    folder: Path
    problem: str | None = None


def bare_url(url: str) -> str:
    """``url`` in one normal form, without any password: the key of a database's URL.

    ``postgres://``, ``postgresql+psycopg://`` and the default port 5432 read as
    ``postgresql://``; a SQLite path becomes absolute.
    """
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        return redact_url(url)
    backend = parsed.get_backend_name()
    backend = "postgresql" if backend == "postgres" else backend
    database = parsed.database
    if backend == "sqlite" and database not in (None, "", ":memory:"):
        database = str(Path(str(database)).expanduser().absolute())
    port = None if backend == "postgresql" and parsed.port == 5432 else parsed.port
    query = {k: v for k, v in sorted(parsed.query.items()) if k not in _SECRET_PARAMETERS}
    bare = URL.create(backend, parsed.username, None, parsed.host, port, database, query)
    return bare.render_as_string(hide_password=False)


def describe_url(url: str) -> str:
    """A database's URL for display: ``host/database`` (``host:port/database``), or a file."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        return redact_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database or "an in-memory database")
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port not in (None, 5432) else ""
    return f"{host}{port}/{parsed.database or ''}"


def read_instance_id(shared: SharedDatabase) -> str | None:
    """The instance id of a shared database; None if it cannot be read (offline, no schema)."""
    try:
        with shared.engine.connect() as conn:
            value = conn.execute(text("SELECT instance_id FROM shared_instance LIMIT 1")).scalar()
    except SQLAlchemyError:
        return None
    return None if value is None else str(value)


def cache_folder_for(data_dir: Path, shared: SharedDatabase) -> Path:
    """The cache folder of ``shared`` in ``data_dir``, reading its instance id if it can."""
    return Databases(data_dir).cache_folder(shared.url_for_display, read_instance_id(shared))


class Databases:
    """The shared databases ``<data dir>`` has used, and the cache folder of each.

    Raises (every method):
        DatabasesFileError: The file was written by a newer app, or cannot be written.
    """

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._file = DatabasesFile(data_dir)

    @property
    def path(self) -> Path:
        """The file: ``<data dir>/databases.json``."""
        return self._file.path

    @property
    def recovered(self) -> Path | None:
        """Where a damaged databases.json was set aside by this object, or None."""
        return self._file.recovered

    def known(self) -> list[KnownDatabase]:
        """Every database recorded, the last used first."""
        records = sorted(self._file.load(), key=recency, reverse=True)
        return [_known(record, self._data_dir) for record in records]

    def find(self, instance_id: str) -> KnownDatabase | None:
        """The database of this instance id, if known."""
        return next((k for k in self.known() if k.instance_id == instance_id), None)

    def cache_folder(self, url: str, instance_id: str | None) -> Path:
        """The folder of the local cache of the database at ``url`` (made, owner-only).

        Args:
            url: The database's URL (a password in it is ignored, never stored).
            instance_id: Its identity, or None when it could not be reached: then the
                folder last used for this URL, else a new one until the id is known.
        """
        records = self._file.load()
        record = self._resolve(records, bare_url(url), instance_id)
        record.last_used = datetime.now(UTC)
        self._file.save(records)
        return self._made(record)

    def remember(
        self,
        url: str,
        instance_id: str | None,
        *,
        label: str | None = None,
        login: str | None = None,
        reviewer_name: str | None = None,
    ) -> KnownDatabase:
        """Records that the database at ``url`` was used now, as whom, and under what name."""
        records = self._file.load()
        record = self._resolve(records, bare_url(url), instance_id)
        if label is not None:
            record.label = label
        if login is not None:
            record.login = login
        if reviewer_name is not None:
            record.reviewer_name = reviewer_name
        record.last_used = datetime.now(UTC)
        self._file.save(records)
        self._made(record)
        return _known(record, self._data_dir)

    def pending_elsewhere(self, current_folder: Path) -> list[PendingElsewhere]:
        """Changes waiting in the caches of the other databases (none counted twice).

        Each cache is opened read-only, never migrated; one that cannot be read is
        listed with its problem.
        """
        current = current_folder.resolve()
        found: list[PendingElsewhere] = []
        for known in self.known():
            cache = known.folder / CACHE_FILE
            if known.folder.resolve() == current or not cache.is_file():
                continue
            try:
                conn = read_only(cache)
                try:
                    (count,) = conn.execute("SELECT count(*) FROM outbox").fetchone()
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                problem = f"the local cache {cache} could not be read ({exc})"
                found.append(PendingElsewhere(known.display(), 0, known.folder, problem))
                continue
            if count:
                found.append(PendingElsewhere(known.display(), int(count), known.folder))
        return found

    def _resolve(
        self, records: list[DatabaseRecord], url: str, instance_id: str | None
    ) -> DatabaseRecord:
        """Finds or makes the record of a database, adding it to ``records``."""
        if instance_id is not None:
            record = next((r for r in records if r.instance_id == instance_id), None)
            if record is None:
                # Reached before while offline by this URL: that folder is this database's.
                offline = [r for r in records if url in r.urls and r.instance_id is None]
                record = max(offline, key=recency) if offline else None
            if record is None:
                first = self._data_dir_record(records)
                if first is None or (first.instance_id is None and not first.urls):
                    record = first or self._new(records, "")
                else:
                    record = self._new(records, _instance_folder(instance_id))
            record.instance_id = instance_id
            for other in records:  # a URL leads to one database at a time
                if other is not record and url in other.urls:
                    other.urls.remove(url)
        else:
            by_url = [r for r in records if url in r.urls]
            record = max(by_url, key=recency) if by_url else None
            if record is None:
                first = self._data_dir_record(records)
                if first is None or not first.urls:
                    # The data folder's own cache, from before this file: the likeliest
                    # one is the database the settings name.
                    record = first or self._new(records, "")
                else:
                    name = hashlib.sha256(url.encode()).hexdigest()[:16]
                    record = self._new(records, f"{DATABASES_DIR}/{URL_FOLDER_PREFIX}{name}")
        record.urls = [url] + [u for u in record.urls if u != url]
        return record

    def _data_dir_record(self, records: list[DatabaseRecord]) -> DatabaseRecord | None:
        return next((r for r in records if r.folder == ""), None)

    @staticmethod
    def _new(records: list[DatabaseRecord], folder: str) -> DatabaseRecord:
        record = next((r for r in records if r.folder == folder), None)
        if record is None:
            record = DatabaseRecord(folder)
            records.append(record)
        return record

    def _made(self, record: DatabaseRecord) -> Path:
        if not record.folder:
            return self._data_dir
        folder = self._data_dir / record.folder
        try:
            for path in (folder.parent, folder):
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
                if os.name == "posix":
                    path.chmod(0o700)  # mkdir's mode is cut by the umask
        except OSError as exc:
            raise DatabasesFileError(
                f"cannot make the cache folder {folder}: {exc.strerror or exc}"
            ) from exc
        return folder


def _instance_folder(instance_id: str) -> str:
    if SAFE_NAME.fullmatch(instance_id) and not instance_id.startswith(URL_FOLDER_PREFIX):
        return f"{DATABASES_DIR}/{instance_id}"
    digest = hashlib.sha256(instance_id.encode()).hexdigest()[:16]
    return f"{DATABASES_DIR}/{ID_FOLDER_PREFIX}{digest}"


def _known(record: DatabaseRecord, data_dir: Path) -> KnownDatabase:
    return KnownDatabase(
        folder=data_dir / record.folder if record.folder else data_dir,
        instance_id=record.instance_id,
        url=record.urls[0] if record.urls else "",
        urls=tuple(record.urls),
        label=record.label,
        login=record.login,
        reviewer_name=record.reviewer_name,
        last_used=record.last_used,
    )
