"""Writing an export's CSV file: a target checked first, replaced whole or not at all.

The file is written through :func:`reviewer_app.storage.atomic_files.atomic_writer`; "Excel"
means UTF-8 with a BOM and CRLF line ends, plain means UTF-8 with LF. What goes in the
rows is :mod:`reviewer_app.export.decisions`'s business.
"""

from __future__ import annotations

import csv
import errno
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reviewer_app.errors import UserError
from reviewer_app.storage.atomic_files import atomic_writer


class ExportTargetExists(UserError):
    """The export file already exists and replacing it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} already exists; choose another file name, or use --force to replace it."
        )
        self.path = path


_SQLITE_HEADER = b"SQLite format 3\x00"


def check_target(path: Path, *, force: bool, cache_file: Path) -> None:
    """Raises a UserError naming the fix if ``path`` cannot or may not be written.

    A symbolic link is refused, even with ``force``: the file is renamed into place,
    which would replace the link with a regular file and leave the file it points to as
    it was; and writing through it would write wherever the link points (a link put in
    a shared folder could aim at any file of the user's). The message names both paths.

    Raises:
        ExportTargetExists: ``path`` exists and ``force`` is false.
    """
    if path.is_symlink():
        raise UserError(
            f"Cannot export to {path}: it is a symbolic link (to {_link_target(path)}), "
            "which would be replaced by a new file, not written through. To replace the "
            "file it points to, give that file's own path; else choose another file name."
        )
    if path.is_dir():
        raise UserError(f"Cannot export to {path}: it is a folder; give a file name in it.")
    # Checked here because atomic_writer would create a missing folder, and a mistyped
    # folder should be reported, not made.
    if not path.parent.exists():
        raise UserError(
            f"Cannot export to {path}: the folder {path.parent} does not exist "
            f"({os.strerror(errno.ENOENT)}); create it or choose another folder."
        )
    if not path.parent.is_dir():
        raise UserError(
            f"Cannot export to {path}: {path.parent} is a file, not a folder "
            f"({os.strerror(errno.ENOTDIR)})."
        )
    if path.exists() and not path.is_file():
        # Renaming over a pipe or a device (e.g. /dev/stdout) would replace it, not write
        # to it.
        raise UserError(
            f"Cannot export to {path}: it is not a regular file (a device, pipe or socket); "
            "choose a file name."
        )
    if path.exists() and path.resolve() == cache_file.resolve():
        raise UserError(f"Cannot export to {path}: it is the local cache itself.")
    if path.exists() and _is_sqlite_database(path):
        # The embedded shared database, a backup, another program's data: even with
        # --force, a CSV never replaces a database.
        raise UserError(
            f"Cannot export to {path}: it is a database, not a CSV file; choose another file name."
        )
    if path.exists() and path.resolve() == (cache_file.parent / "settings.json").resolve():
        raise UserError(f"Cannot export to {path}: it holds your settings.")
    if path.exists() and not force:
        raise ExportTargetExists(path)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "somewhere it does not say"


def _is_sqlite_database(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == _SQLITE_HEADER
    except OSError:
        return False


@contextmanager
def csv_file(path: Path, *, excel: bool) -> Iterator[TextIO]:
    """Yields the handle of a new ``path``, renamed into place only if the block succeeds."""
    # utf-8-sig writes the BOM by which Excel recognises UTF-8 (else it guesses the
    # locale's code page and garbles accents).
    encoding = "utf-8-sig" if excel else "utf-8"
    try:
        with atomic_writer(path, encoding=encoding, newline="") as handle:
            yield handle
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UserError(
            f"Cannot write {path}: {reason}. Check that you may write to the folder and "
            "that the disk is not full; any previous file there is unchanged."
        ) from exc


class RowWriter:
    """Writes CSV rows: CRLF for Excel, else LF, quoting whatever needs it.

    Python 3.11's csv module quotes a field for the delimiter, the quote and the
    characters of the line terminator only: with LF, a lone CR in a value would be
    written bare and read back as a line break. Such rows (rare) are quoted whole.
    """

    def __init__(self, handle: TextIO, *, excel: bool) -> None:
        self._handle = handle
        self._excel = excel
        self._writer = csv.writer(handle, lineterminator="\r\n")

    def writerows(self, rows: Sequence[Sequence[object]]) -> None:
        """Writes ``rows``, each ending with the format's line end."""
        if self._excel:
            self._writer.writerows(rows)
            return
        text = _csv_text(rows)
        if "\r" in text:
            # Each row again, so that only a row with a CR is quoted whole.
            text = "".join(_csv_text([row], quote_all="\r" in _csv_text([row])) for row in rows)
        self._handle.write(text)


def _csv_text(rows: Sequence[Sequence[object]], *, quote_all: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerows(rows)
    return buffer.getvalue()
