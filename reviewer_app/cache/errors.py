"""Errors of the local cache that the user can fix, and the sorting of SQLite errors.

SQLite reports a problem of the disk or the file (full, read-only, locked, damaged) the
same way as a bug in a statement; :func:`translate_sqlite_error` keeps only the former.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from reviewer_app.errors import UserError

_REBUILD_HINT = (
    "Everything in it except unsynced changes can be downloaded again from the shared database."
)


class CacheError(UserError):
    """A problem with the local cache file that the user can fix.

    Attributes:
        path: The cache file.
    """

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class CacheTooNew(CacheError):
    """The cache was written by a newer version of the app; it is left untouched."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"The local cache {path} has schema version {found}, but this version of the "
            f"app knows only up to {supported}. Update the app, or move the file away to "
            f"start a new cache. {_REBUILD_HINT}",
        )
        self.found = found
        self.supported = supported


class CacheCorrupt(CacheError):
    """The cache file is damaged or is not an SQLite database."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            path,
            f"The local cache {path} is damaged ({detail}). Do not delete it: it may hold "
            "changes not yet synced. Quit the app and run "
            f"`uv run main.py salvage --data-dir {path.parent}`: it copies those changes "
            "into a new cache and keeps the damaged file aside; the next sync downloads "
            "everything else again.",
        )


class CacheReadOnly(CacheError):
    """The cache file or its folder cannot be written."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            path,
            f"The local cache {path} cannot be written ({detail}). Check that you own the "
            f"file and its folder and that the disk is not mounted read-only.",
        )


class CacheDiskFull(CacheError):
    """The disk holding the cache is full."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            path,
            f"The disk holding the local cache {path} is full ({detail}). Free some space "
            f"and try again.",
        )


class CacheBusy(CacheError):
    """Another program holds the cache locked for longer than the busy timeout."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            path,
            f"The local cache {path} is locked by another program ({detail}). Close other "
            f"copies of the app and try again.",
        )


class CacheWriteWaited(CacheBusy):
    """Another write of this app (a sync's) held the cache for longer than the busy timeout."""

    def __init__(self, path: Path, seconds: float) -> None:
        CacheError.__init__(
            self,
            path,
            f"The local cache {path} stayed busy with another write of this app (a sync "
            f"or a change) for over {seconds:g} s. Try again in a moment.",
        )


class CacheUnavailable(CacheError):
    """The cache file cannot be opened or read (missing folder, I/O error)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            path,
            f"The local cache {path} cannot be opened or read ({detail}). Check the disk "
            f"and the permissions of its folder.",
        )


class UnknownApplication(UserError):
    """The application is not in the local cache (never synced, or erased).

    Attributes:
        application_id: The application asked for.
    """

    def __init__(self, application_id: str) -> None:
        super().__init__(
            f"No application has the id {application_id!r} in the local cache; sync to "
            "fetch new applications (it may also have been erased)."
        )
        self.application_id = application_id


# Primary SQLite result codes (the low byte of an extended code), see
# https://www.sqlite.org/rescode.html.
_PERM = 3
_BUSY = 5
_LOCKED = 6
_READONLY = 8
_IOERR = 10
_CORRUPT = 11
_FULL = 13
_CANTOPEN = 14
_NOTADB = 26

_USER_FIXABLE: dict[int, Callable[[Path, str], CacheError]] = {
    _CORRUPT: CacheCorrupt,
    _NOTADB: CacheCorrupt,
    _FULL: CacheDiskFull,
    _READONLY: CacheReadOnly,
    _PERM: CacheReadOnly,
    _BUSY: CacheBusy,
    _LOCKED: CacheBusy,
    # IOERR covers a failing disk or a vanished network share, not a bug of ours.
    _IOERR: CacheUnavailable,
    _CANTOPEN: CacheUnavailable,
}


def translate_sqlite_error(exc: BaseException, path: Path) -> CacheError | None:
    """Returns the user-fixable error that ``exc`` stands for, or None for a bug.

    Args:
        exc: An exception from SQLite, bare or wrapped by SQLAlchemy.
        path: The cache file, named in the message.
    """
    error = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    make_error = _USER_FIXABLE.get(code & 0xFF)
    return None if make_error is None else make_error(path, str(error))


def translate_os_error(exc: OSError, path: Path) -> CacheError:
    """Returns the user-fixable error for a failure to make the cache's folder or file."""
    detail = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return CacheReadOnly(path, detail)
    if exc.errno == errno.ENOSPC:
        return CacheDiskFull(path, detail)
    return CacheUnavailable(path, detail)
