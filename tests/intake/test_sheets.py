"""Tests for reviewer_app.intake.sheets: the rows of XLSX and CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from xlsx_support import write_sheet_xml

from reviewer_app.errors import UserError
from reviewer_app.intake.sheets import read_xlsx_rows


def test_damaged_sheet_xml_is_a_user_error(tmp_path: Path) -> None:
    path = write_sheet_xml(tmp_path / "export.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(UserError, match=r"export\.xlsx is not a readable Excel file"):
        read_xlsx_rows(path, None, None)
