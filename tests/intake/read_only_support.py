"""A read-only folder for tests that run as root, whom a folder's mode does not stop.

The writer of rejected rows and ``Path.unlink`` are monkeypatched to fail in the folder
as they do on a read-only network share.
"""

from __future__ import annotations

import errno
import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TextIO

import pytest

from reviewer_app.intake import reader


def make_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int = errno.EROFS) -> None:
    """Makes writing and removing files in ``folder`` fail with the error ``code``.

    EROFS as on a share mounted read-only, where removing a file that does not exist
    fails too; EACCES as in a folder without write permission.
    """
    real_writer = reader.atomic_writer
    real_unlink = Path.unlink

    def refused(path: Path) -> OSError:
        return OSError(code, os.strerror(code), str(path))

    def writer(path: Path, **options: str) -> AbstractContextManager[TextIO]:
        if path.parent == folder:
            raise refused(path.parent)
        return real_writer(path, **options)

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.parent == folder and (code == errno.EROFS or path.exists()):
            raise refused(path)
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(reader, "atomic_writer", writer)
    monkeypatch.setattr(Path, "unlink", unlink)
