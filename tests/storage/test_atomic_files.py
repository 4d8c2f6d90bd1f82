"""Tests of reviewer_app.storage.atomic_files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reviewer_app.storage.atomic_files import atomic_writer, write_text_atomically


def test_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_text_atomically(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failure_midway_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("good", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_folder_it_makes_is_the_owners_only(tmp_path: Path) -> None:
    target = tmp_path / "data" / "databases.json"
    write_text_atomically(target, "{}")
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
