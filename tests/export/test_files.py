"""Tests of reviewer_app/export/files.py: where an export may go, and its CSV line ends."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.export.files import RowWriter, check_target


def _written(rows: list[list[object]], *, excel: bool) -> str:
    handle = io.StringIO(newline="")
    RowWriter(handle, excel=excel).writerows(rows)
    return handle.getvalue()


def test_plain_rows_end_in_lf_and_only_a_row_with_a_lone_cr_is_quoted_whole() -> None:
    text = _written([["a1", "plain"], ["a2", "bare\rreturn"]], excel=False)
    assert text == 'a1,plain\n"a2","bare\rreturn"\n'
    assert _written([["a1", "plain"]], excel=True) == "a1,plain\r\n"


def test_the_local_cache_itself_is_never_a_target(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.sqlite3"
    cache_file.write_bytes(b"")
    with pytest.raises(UserError, match="the local cache itself"):
        check_target(cache_file, force=True, cache_file=cache_file)
    check_target(tmp_path / "out.csv", force=False, cache_file=cache_file)  # a new file is fine


def test_no_export_replaces_a_database_or_the_settings_even_forced(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.sqlite3"
    shared = tmp_path / "shared.sqlite3"
    sqlite3.connect(shared).execute("CREATE TABLE t (x)").connection.close()
    settings = tmp_path / "settings.json"
    settings.write_text("{}")
    with pytest.raises(UserError, match="it is a database"):
        check_target(shared, force=True, cache_file=cache_file)
    with pytest.raises(UserError, match="settings"):
        check_target(settings, force=True, cache_file=cache_file)


def test_a_symbolic_link_is_refused_even_forced_naming_it_and_where_it_points(
    tmp_path: Path,
) -> None:
    cache_file = tmp_path / "cache.sqlite3"
    real = tmp_path / "real.csv"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "decisions.csv"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "gone.csv")
    for target, points_to in ((link, real), (dangling, tmp_path / "gone.csv")):
        for force in (False, True):
            with pytest.raises(UserError, match="symbolic link") as excinfo:
                check_target(target, force=force, cache_file=cache_file)
            assert str(target) in str(excinfo.value)
            assert str(points_to) in str(excinfo.value)
    check_target(real, force=True, cache_file=cache_file)  # the file itself, by its path
