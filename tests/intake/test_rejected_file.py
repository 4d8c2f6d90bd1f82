"""Tests of where reviewer_app.intake.reader.write_rejected puts the rejected rows.

Tests run as root, for whom a folder's mode does not stop writes. A read-only folder is
simulated in two ways that hold for root too: the writer (and unlink) monkeypatched to
raise PermissionError in the export's folder, as a read-only network share does; and a
data folder whose parent is a regular file, which no one can create.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.intake.reader import read_responses, write_rejected
from tests.intake.read_only_support import make_read_only

REJECTING = "Name,Email\nAna,ana@example.org\nBo,not-an-email\n"
CLEAN = "Name,Email\nAna,ana@example.org\n"


@pytest.fixture
def share(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "share"
    folder.mkdir()
    yield folder


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_rejected_rows_go_to_the_data_folder_when_the_export_s_folder_is_read_only(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    export = share / "export.csv"
    export.write_text(REJECTING, encoding="utf-8")
    result = read_responses(export)
    make_read_only(monkeypatch, share, code)
    warnings: list[str] = []

    target = write_rejected(export, result, fallback_dir=tmp_path / "data", warnings=warnings)

    assert target == tmp_path / "data" / "rejected" / "export.csv.rejected.csv"
    assert target.read_text(encoding="utf-8-sig").splitlines()[1].startswith("3,")
    assert warnings == [
        f"The rejected rows could not be written beside export.csv in {share} "
        f"({os.strerror(code)}); they were written to {target} instead."
    ]
    assert sorted(p.name for p in share.iterdir()) == ["export.csv"]


def test_nowhere_to_write_them_is_a_user_error_before_anything_else(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = share / "export.csv"
    export.write_text(REJECTING, encoding="utf-8")
    result = read_responses(export)
    make_read_only(monkeypatch, share)
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")

    with pytest.raises(UserError) as error:
        write_rejected(export, result, fallback_dir=blocker / "data")

    message = str(error.value)
    assert message.startswith("Cannot write the rejected rows of export.csv: neither in ")
    assert f"{share} (Read-only file system)" in message
    assert str(blocker / "data" / "rejected") in message
    assert "Nothing was imported." in message and "--data-dir" in message


def test_without_a_rejected_row_nothing_is_written_and_a_stale_file_is_only_a_warning(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = share / "export.csv"
    export.write_text(CLEAN, encoding="utf-8")
    stale = share / "export.csv.rejected.csv"
    stale.write_text("row,reason\n2,old\n", encoding="utf-8")
    result = read_responses(export)
    make_read_only(monkeypatch, share)
    warnings: list[str] = []

    assert write_rejected(export, result, fallback_dir=tmp_path / "data", warnings=warnings) is None

    assert warnings == [
        f"An earlier {stale} could not be removed (Read-only file system); it is from an "
        "earlier import: no row of this one was rejected."
    ]
    assert not (tmp_path / "data").exists()


def test_without_a_rejected_row_or_an_earlier_file_a_read_only_folder_is_no_matter(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Removing a file that is not there fails on a read-only mount too (EROFS).
    export = share / "export.csv"
    export.write_text(CLEAN, encoding="utf-8")
    result = read_responses(export)
    make_read_only(monkeypatch, share)
    warnings: list[str] = []

    assert write_rejected(export, result, fallback_dir=tmp_path / "data", warnings=warnings) is None
    assert warnings == []


def test_a_stale_file_in_the_data_folder_is_removed_when_no_row_was_rejected(
    tmp_path: Path,
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(CLEAN, encoding="utf-8")
    stale = tmp_path / "data" / "rejected" / "export.csv.rejected.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("row,reason\n2,old\n", encoding="utf-8")

    assert write_rejected(export, read_responses(export), fallback_dir=tmp_path / "data") is None
    assert not stale.exists()


def test_the_rejected_file_s_headers_are_as_safe_as_its_cells(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        'Name,Email,"=HYPERLINK(""http://evil"",""x"")",@SUM(1)\nA,bad-email,v,w\n',
        encoding="utf-8",
    )
    result = read_responses(export)
    written = write_rejected(export, result)
    assert written is not None
    header = written.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "'=HYPERLINK" in header and "'@SUM(1)" in header
