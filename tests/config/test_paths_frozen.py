"""A standalone build (PyInstaller) finds content/, resources/ and its licences list."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reviewer_app.config import paths


def _freeze(monkeypatch: pytest.MonkeyPatch, bundle: Path) -> Path:
    """Makes this process look like the build unpacked at ``bundle``."""
    unpacked = bundle / "_internal"
    for name in ("content", "resources"):
        (unpacked / "reviewer_app" / "_data" / name).mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(unpacked), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "reviewer-app"))
    return unpacked


def test_from_source_nothing_is_bundled() -> None:
    assert paths.bundle_dir() is None
    assert paths.third_party_licences() is None
    assert (paths.content_dir() / "positions").is_dir()
    assert (paths.resources_dir() / "app.qss").is_file()


def test_a_build_reads_its_own_unpacked_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unpacked = _freeze(monkeypatch, tmp_path)
    assert paths.bundle_dir() == tmp_path.resolve()
    assert paths.content_dir() == unpacked / "reviewer_app" / "_data" / "content"
    assert paths.resources_dir() == unpacked / "reviewer_app" / "_data" / "resources"


def test_the_licences_list_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _freeze(monkeypatch, tmp_path)
    assert paths.third_party_licences() is None  # a build without it says nothing wrong
    listed = tmp_path / paths.THIRD_PARTY_LICENCES
    listed.write_text("PySide6 LGPL\n", encoding="utf-8")
    assert paths.third_party_licences() == listed.resolve()


def test_the_licences_list_in_a_macos_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contents = tmp_path / "Reviewer App.app" / "Contents"
    (contents / "MacOS").mkdir(parents=True)
    (contents / "Resources").mkdir()
    _freeze(monkeypatch, contents / "MacOS")
    listed = contents / "Resources" / paths.THIRD_PARTY_LICENCES
    listed.write_text("PySide6 LGPL\n", encoding="utf-8")
    assert paths.third_party_licences() == listed.resolve()
