"""Tests for reviewer_app.intake.xlsx_formulas: formula cells without a saved result."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

import openpyxl
import pytest
from openpyxl import Workbook

from reviewer_app.intake import sheets, xlsx_formulas
from reviewer_app.intake.columns import ColumnMapping
from reviewer_app.intake.sheets import read_xlsx_rows
from reviewer_app.intake.xlsx_formulas import MergedCells, UnsavedFormula
from tests.intake.xlsx_support import SHEET, text_cell, write_sheet_xml


def test_formula_written_by_openpyxl_reads_as_unsaved_formula(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Email"])
    sheet.append(["Ana", '=LOWER(A2)&"@example.org"'])
    path = tmp_path / "export.xlsx"
    book.save(path)

    (_, header), (_, cells) = read_xlsx_rows(path, ColumnMapping(), None)
    assert header == ["Name", "Email"]
    assert cells == ["Ana", UnsavedFormula("B2", '=LOWER(A2)&"@example.org"', "B2")]
    assert cells[1].formula == '=LOWER(A2)&"@example.org"'  # type: ignore[attr-defined]


def test_saved_results_are_read_as_values(tmp_path: Path) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c>'
        '<c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="C1" t="str"><f>""</f><v></v></c>'
        '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    )
    # An empty text result is a saved result: the formula chose to be empty.
    assert read_xlsx_rows(path, ColumnMapping(), None) == [(1, [2, "ab", None, "#DIV/0!"])]


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>',
        '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>',
    ],
    ids=["no formulas", "formulas with results"],
)
def test_sheet_without_unsaved_formulas_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str
) -> None:
    path = write_sheet_xml(tmp_path / "export.xlsx", rows)
    loads: list[bool] = []

    def load_workbook(filename: IO[bytes], **options: bool) -> openpyxl.Workbook:
        loads.append(options["data_only"])
        return openpyxl.load_workbook(filename, **options)

    def scan(self: object, source: object) -> None:
        raise AssertionError("the sheet was parsed a second time")

    monkeypatch.setattr(sheets, "load_workbook", load_workbook)
    monkeypatch.setattr(xlsx_formulas._FormulaScan, "run", scan)
    assert len(read_xlsx_rows(path, ColumnMapping(), None)) == 1
    assert loads == [True]


def test_shared_formula_cells_show_their_own_formula(tmp_path: Path) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f>'
        '</c></row><row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/></c></row>'
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>6</v></c></row>',
    )
    rows = read_xlsx_rows(path, ColumnMapping(), None)
    formulas = [cells[1].formula for _, cells in rows[:2]]  # type: ignore[attr-defined]
    assert formulas == ["=A1*2", "=A2*2"]
    assert rows[2] == (3, [3, 6])


def test_array_formula_without_results_marks_its_whole_range(tmp_path: Path) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="array" ref="B1:B2">A1:A2</f></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c></row>',
    )
    rows = read_xlsx_rows(path, ColumnMapping(), None)
    assert [cells[1] for _, cells in rows] == [
        UnsavedFormula("B1", "=A1:A2", "B1"),
        UnsavedFormula("B2", "=A1:A2", "B2"),
    ]


def test_cells_and_rows_without_positions_are_counted(tmp_path: Path) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        "<x:row><x:c><x:v>1</x:v></x:c></x:row>"
        "<x:row><x:c><x:v>2</x:v></x:c><x:c><x:f>A2*2</x:f></x:c></x:row>",
        prefix="x",
    )
    assert read_xlsx_rows(path, ColumnMapping(), None) == [
        (1, [1]),
        (2, [2, UnsavedFormula("B2", "=A2*2", "B2")]),
    ]


@pytest.mark.filterwarnings("ignore:Unknown extension:UserWarning")
def test_formulas_after_the_cells_are_not_cells(tmp_path: Path) -> None:
    # Excel keeps list validations in an extension after the cells: <xm:f>Lists!A1:A5</xm:f>.
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        "<row r='1'>" + text_cell("A1", "<f>Name</f>") + "</row>",
        after='<extLst><ext uri="x"><xm:f xmlns:xm="urn:xm">Lists!A1:A5</xm:f></ext></extLst>',
    )
    with zipfile.ZipFile(path) as archive, archive.open(SHEET) as source:
        assert xlsx_formulas._may_hold_unsaved_formulas(source) is False
    assert read_xlsx_rows(path, ColumnMapping(), None) == [(1, ["<f>Name</f>"])]


@pytest.mark.parametrize(
    ("cell", "suspect"),
    [
        ("<c><f>A2</f><v>3</v></c>", False),
        ("<c><f>A2</f>\n  <v>3</v></c>", False),
        ('<c><f t="shared" si="0"/><v>1</v></c>', False),
        ("<x:c><x:f>A2</x:f><x:v>2</x:v></x:c>", False),
        ("<c><f>A2</f><v /></c>", True),
        ("<c><f>A2</f><v></v></c>", True),
        ("<c><f>A2</f></c>", True),
        ('<c><f t="shared" si="0"/></c>', True),
        ("<x:c><x:f>A2</x:f></x:c>", True),
    ],
)
def test_byte_search_finds_formulas_without_results(cell: str, suspect: bool) -> None:
    for offset in range(xlsx_formulas._READ_CHUNK - 80, xlsx_formulas._READ_CHUNK + 10, 7):
        # The cell moves across the boundary between two chunks read.
        document = "<sheetData>" + " " * offset + cell + "</sheetData>"
        found = xlsx_formulas._may_hold_unsaved_formulas(io.BytesIO(document.encode()))
        assert found is suspect, offset


def test_merged_ranges_after_the_cells_are_found_across_chunk_boundaries() -> None:
    for offset in range(xlsx_formulas._READ_CHUNK - 80, xlsx_formulas._READ_CHUNK + 10, 7):
        # Each range moves across the boundary between two chunks read.
        document = (
            "<sheetData>"
            + " " * offset
            + '</sheetData><mergeCells><mergeCell ref="A1:C1"/>'
            + " " * offset
            + '<x:mergeCell ref="$B$2:$D$3"/></mergeCells>'
        )
        found = xlsx_formulas._search_bytes(io.BytesIO(document.encode()))
        near_top = ((1, 1, 3, 1), (2, 2, 4, 3))
        assert found == (False, MergedCells(2, ("A1:C1", "B2:D3"), near_top)), offset


def test_only_the_merged_ranges_near_the_top_are_kept_whole() -> None:
    # Where a header may span two rows; a sheet may merge cells all the way down.
    merges = "".join(f'<mergeCell ref="A{row}:A{row + 1}"/>' for row in range(1, 400, 2))
    document = f"<sheetData></sheetData><mergeCells>{merges}</mergeCells>"
    _, found = xlsx_formulas._search_bytes(io.BytesIO(document.encode()))
    assert found.count == 200
    assert found.near_top[0] == (1, 1, 1, 2)
    assert {first for _, first, _, _ in found.near_top} == set(range(1, 200, 2))


def test_a_row_of_formulas_without_results_is_added_back(tmp_path: Path) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><f>A1*2</f></c></row>'
        '<row r="4"><c r="A4"><v>4</v></c></row>',
    )
    assert read_xlsx_rows(path, ColumnMapping(), None) == [
        (1, [1]),
        (3, [None, UnsavedFormula("B3", "=A1*2", "B3")]),
        (4, [4]),
    ]
