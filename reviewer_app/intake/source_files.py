"""Opening an export for reading: regular files only, and never waiting on one."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from reviewer_app.errors import UserError

# Opening a named pipe for reading waits for a writer; without blocking it returns at
# once, and the check below refuses it. A regular file reads the same either way.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular_file(path: Path) -> BinaryIO:
    """Opens ``path`` for reading in binary, refusing anything but a regular file.

    Pipes, devices and sockets could block forever or never end; a folder has no rows.

    Raises:
        UserError: The file is missing, unreadable or not a regular file.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        raise UserError(f"{path} does not exist. Check the file name.") from exc
    except IsADirectoryError as exc:
        raise _not_regular(path, "a folder") from exc
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "a special file")
            raise _not_regular(path, kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular_file(path: Path) -> bytes:
    """Returns the bytes of ``path``, refusing anything but a regular file.

    Raises:
        UserError: The file is missing, unreadable or not a regular file.
    """
    with open_regular_file(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def _not_regular(path: Path, kind: str) -> UserError:
    return UserError(
        f"{path} is {kind}, not a regular file: nothing was read. Save the form export as a "
        ".csv or .xlsx file and import that file."
    )
