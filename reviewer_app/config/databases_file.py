"""The file ``<data dir>/databases.json``: the shared databases a data folder has used.

Read and written whole (atomically); the folders are the truth, the file a convenience:
a cache folder the file does not list is found again (its instance read from the
cache's ``sync_state``), and a damaged file is set aside as
``databases.json.damaged-<time>`` and rebuilt from the folders. A file written by a
newer app is refused and left alone. See :mod:`reviewer_app.config.databases`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewer_app.errors import UserError
from reviewer_app.storage.atomic_files import write_text_atomically

DATABASES_FILE = "databases.json"
DATABASES_DIR = "databases"
# The cache's file name, as reviewer_app/cache/store.py names it (config may not import it).
CACHE_FILE = "cache.sqlite3"
_VERSION = 1
# A folder name: an instance id (the server's, a UUID; never a path) or a hash.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
URL_FOLDER_PREFIX = "url-"
ID_FOLDER_PREFIX = "id-"

_log = logging.getLogger(__name__)


class DatabasesFileError(UserError):
    """The list of known databases cannot be read or written."""


@dataclass
class DatabaseRecord:
    """One database as the file records it (see KnownDatabase for the fields)."""

    folder: str
    instance_id: str | None = None
    urls: list[str] = field(default_factory=list)
    label: str = ""
    login: str | None = None
    reviewer_name: str | None = None
    last_used: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "instance_id": self.instance_id,
            "urls": self.urls,
            "label": self.label,
            "login": self.login,
            "reviewer_name": self.reviewer_name,
            "last_used": None if self.last_used is None else self.last_used.isoformat(),
        }

    @classmethod
    def from_json(cls, raw: Any) -> DatabaseRecord:
        """Raises ValueError on anything this app did not write."""
        if not isinstance(raw, dict):
            raise ValueError("a database entry is not an object")
        folder = raw.get("folder")
        if not isinstance(folder, str) or not _valid_folder(folder):
            raise ValueError(f"folder {folder!r} is not '' nor databases/NAME")
        urls = raw.get("urls", [])
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise ValueError("urls is not a list of texts")
        texts = {name: raw.get(name) for name in ("instance_id", "login", "reviewer_name")}
        if not all(value is None or isinstance(value, str) for value in texts.values()):
            raise ValueError("instance_id, login and reviewer_name must be texts or null")
        label = raw.get("label", "")
        if not isinstance(label, str):
            raise ValueError("label is not a text")
        used = raw.get("last_used")
        if used is not None and not isinstance(used, str):
            raise ValueError("last_used is not a time")
        return cls(
            folder,
            texts["instance_id"],
            list(urls),
            label,
            texts["login"],
            texts["reviewer_name"],
            None if used is None else aware(datetime.fromisoformat(used)),
        )


def _valid_folder(folder: str) -> bool:
    if folder == "":
        return True
    head, _, name = folder.partition("/")
    return head == DATABASES_DIR and bool(SAFE_NAME.fullmatch(name))


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a SQLite file that is never created nor migrated."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    conn.execute("PRAGMA query_only = ON")
    return conn


def bound_instance(cache: Path) -> str | None:
    """The instance a cache file is bound to (its first sync), None if unbound or unreadable."""
    if not cache.is_file():
        return None
    try:
        conn = read_only(cache)
        try:
            row = conn.execute("SELECT shared_instance FROM sync_state ORDER BY id LIMIT 1")
            value = row.fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # no sync_state yet, an older cache, a damaged file
        return None
    return None if value is None or value[0] is None else str(value[0])


class DatabasesFile:
    """The file of one data folder.

    Attributes:
        recovered: Where a damaged file was set aside by this object, or None.
    """

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self.recovered: Path | None = None

    @property
    def path(self) -> Path:
        """``<data dir>/databases.json``."""
        return self._data_dir / DATABASES_FILE

    def load(self) -> list[DatabaseRecord]:
        try:
            raw_text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._discover([])
        except (OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                return self._start_over(f"not UTF-8 text ({exc})")
            raise DatabasesFileError(
                f"{self.path}: cannot read the list of shared databases "
                f"({exc.strerror or exc}); check the file's permissions"
            ) from exc
        try:
            raw = json.loads(raw_text)
            if not isinstance(raw, dict) or not isinstance(raw.get("version"), int):
                raise ValueError("not an object with a version")
            if raw["version"] > _VERSION:
                raise DatabasesFileError(
                    f"{self.path} was written by a newer version of reviewer_app (format "
                    f"{raw['version']}); update reviewer_app. The file is left untouched."
                )
            entries = raw.get("databases")
            if not isinstance(entries, list):
                raise ValueError("'databases' is not a list")
            records = [DatabaseRecord.from_json(entry) for entry in entries]
            if len({r.folder for r in records}) != len(records):
                raise ValueError("two databases share a folder")
            ids = [r.instance_id for r in records if r.instance_id is not None]
            if len(set(ids)) != len(ids):
                raise ValueError("two entries have the same instance id")
        except ValueError as exc:  # JSONDecodeError too
            return self._start_over(str(exc))
        return self._discover(records)

    def _start_over(self, why: str) -> list[DatabaseRecord]:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        backup = self.path.with_name(f"{DATABASES_FILE}.damaged-{stamp}")
        try:
            os.replace(self.path, backup)
        except OSError as exc:
            raise DatabasesFileError(
                f"{self.path} is damaged ({why}) and cannot be set aside "
                f"({exc.strerror or exc}); move it away by hand"
            ) from exc
        self.recovered = backup
        _log.warning(
            "%s was damaged (%s): kept as %s; the cache folders were found again from disk",
            self.path,
            why,
            backup.name,
        )
        records = self._discover([])
        self.save(records)
        return records

    def _discover(self, records: list[DatabaseRecord]) -> list[DatabaseRecord]:
        """Adds the cache folders on disk that ``records`` does not list."""
        listed = {r.folder for r in records}
        if "" not in listed and (self._data_dir / CACHE_FILE).is_file():
            records.append(DatabaseRecord("", bound_instance(self._data_dir / CACHE_FILE)))
        parent = self._data_dir / DATABASES_DIR
        try:
            names = sorted(p.name for p in parent.iterdir() if (p / CACHE_FILE).is_file())
        except OSError:  # no such folder yet
            names = []
        ids = {r.instance_id for r in records}
        for name in names:
            folder = f"{DATABASES_DIR}/{name}"
            if folder in listed or not SAFE_NAME.fullmatch(name):
                continue
            instance = bound_instance(parent / name / CACHE_FILE)
            if instance is None and not name.startswith((URL_FOLDER_PREFIX, ID_FOLDER_PREFIX)):
                instance = name  # made for this instance, not synced yet
            records.append(DatabaseRecord(folder, None if instance in ids else instance))
            ids.add(instance)
        return records

    def save(self, records: list[DatabaseRecord]) -> None:
        content = {"version": _VERSION, "databases": [r.to_json() for r in records]}
        try:
            write_text_atomically(self.path, json.dumps(content, indent=2) + "\n")
        except OSError as exc:
            raise DatabasesFileError(
                f"cannot save the list of shared databases to {self.path}: {exc.strerror or exc}"
            ) from exc


def aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def recency(record: DatabaseRecord) -> datetime:
    return record.last_used or datetime.min.replace(tzinfo=UTC)
