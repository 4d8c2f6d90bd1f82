"""Files written whole or not at all: a temporary file beside the target, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_writer(path: Path, *, encoding: str = "utf-8", newline: str = "") -> Iterator[TextIO]:
    """Yields a text handle whose content replaces ``path`` only if the block succeeds.

    A crash or a full disk leaves any previous file at ``path`` untouched. A folder it
    has to make is the owner's only (0700): these files are settings, caches' records,
    invitations.
    """
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            path.parent.chmod(0o700)  # mkdir's mode is cut by the umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Writes ``text`` to ``path`` atomically."""
    with atomic_writer(path, encoding=encoding) as handle:
        handle.write(text)
