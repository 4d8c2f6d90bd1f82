"""A SQLite shared database's files, kept to their owner: it holds applicants' personal data.

New files and folders are made owner-only (0600 and 0700), like the local cache's;
existing ones found open to other users are tightened, with a note that says so. On
Windows, which has no such mode bits (``chmod`` only sets read-only there), nothing is
changed: the user's own folders' permissions keep the data private.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

_POSIX = os.name == "posix"


def create_private_sqlite_file(path: Path) -> None:
    """Creates the empty file ``path`` and its missing folders, for their owner only.

    Made before SQLite opens it, so that it is never readable by others, not even for a
    moment; SQLite gives its -wal and -shm files the database file's mode. What cannot be
    made is left to SQLite, whose own open then says why.
    """
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    except OSError:
        return


def restrict_sqlite_file(path: Path) -> list[str]:
    """Makes a SQLite file and its -wal and -shm files, where they exist, owner-only.

    Returns:
        A note for each file that was open to other users (see :func:`restrict_mode`).
    """
    candidates = (path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm"))
    # Only files: a folder where the file should be is SQLite's error to report.
    notes = (restrict_mode(file, PRIVATE_FILE) for file in candidates if file.is_file())
    return [note for note in notes if note is not None]


def restrict_mode(path: Path, mode: int) -> str | None:
    """Takes from ``path``, if it exists, every permission beyond ``mode`` (POSIX only).

    Returns:
        None when nothing needed changing, else a note for the user: what was tightened,
        or why it could not be and the command that does it.
    """
    if not _POSIX:
        return None
    try:
        found = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    if not found & ~mode:
        return None
    try:
        path.chmod(found & mode)
    except OSError as exc:
        return (
            f"{path} is open to other users of this computer (mode {found:04o}) and could "
            f"not be made private ({exc.strerror or exc}); run: chmod {mode:o} '{path}'"
        )
    return (
        f"{path} was open to other users of this computer (mode {found:04o}); it is now "
        f"its owner's only ({found & mode:04o}), as it holds applicants' personal data."
    )
