"""Tests for reviewer_app.intake.sheets: the rows of XLSX and CSV files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.intake.sheets import read_csv_rows, read_xlsx_rows
from tests.intake.xlsx_support import write_sheet_xml


def test_damaged_sheet_xml_is_a_user_error(tmp_path: Path) -> None:
    path = write_sheet_xml(tmp_path / "export.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(UserError, match=r"export\.xlsx is not a readable Excel file"):
        read_xlsx_rows(path, None, None)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (bytes(range(256)) * 4, "does not look like a CSV export"),
        (b"\x00\x01\x02garbage,more\nName,Email\n", "does not look like a CSV export"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "a ZIP file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "an old-style Excel file (.xls)"),
    ],
    ids=["random bytes", "control characters in the first line", "xlsx", "xls"],
)
def test_binary_file_named_csv_is_a_user_error_saying_so(
    tmp_path: Path, data: bytes, says: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with pytest.raises(UserError, match=re.escape(says)) as info:
        read_csv_rows(path, [])
    assert str(path) in str(info.value)


def test_csv_with_a_nul_below_the_header_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b'Name,Email\n"A\x00na",a@x.org\n')
    assert read_csv_rows(path, []) == [(1, ["Name", "Email"]), (2, ["A\x00na", "a@x.org"])]
