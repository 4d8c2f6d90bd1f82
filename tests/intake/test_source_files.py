"""Tests for reviewer_app.intake.source_files: only regular files are read, never waited on."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.intake.reader import read_responses

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def read_within(path: Path, seconds: float = 10) -> BaseException | None:
    """Reads ``path`` in a thread; what it raised, failing the test if it blocks.

    A reader stuck opening a pipe is released by opening the pipe for writing, so that
    a failing test ends instead of hanging the run.
    """
    raised: list[BaseException] = []

    def run() -> None:
        try:
            read_responses(path)
        except BaseException as exc:  # handed to the test
            raised.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(descriptor)
        thread.join(seconds)
        pytest.fail(f"reading {path.name} blocked for {seconds} s")
    return raised[0] if raised else None


@needs_fifo
@pytest.mark.parametrize("name", ["export.csv", "export.xlsx"])
def test_a_named_pipe_is_refused_at_once(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    os.mkfifo(path)
    raised = read_within(path)
    assert isinstance(raised, UserError)
    assert str(raised).startswith(f"{path} is a named pipe (FIFO), not a regular file")
    assert "nothing was read" in str(raised)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
def test_a_device_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.symlink_to("/dev/null")
    with pytest.raises(UserError, match=r"export\.csv is a device, not a regular file"):
        read_responses(path)
    # A link to a regular file is read.
    target = tmp_path / "real.csv"
    target.write_text("Name,Email\nAna,ana@x.org\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(target)
    assert [r.name for r in read_responses(path).responses] == ["Ana"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.mkdir()
    with pytest.raises(UserError, match=r"export\.csv is a folder, not a regular file"):
        read_responses(path)


def test_a_folder_or_a_missing_file_without_a_known_suffix_is_told_so(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        read_responses(tmp_path)
    with pytest.raises(UserError, match="does not exist"):
        read_responses(tmp_path / "export")
