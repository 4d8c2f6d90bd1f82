"""Tests for reviewer_app.intake.board: a board export (monday.com) read as applications."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewer_app.errors import UserError
from reviewer_app.intake.reader import ReadResult, SkippedRow, read_responses

HEADER = ["Name", "Email", "Position", "Creation log", "Hours per week", "Why us?"]
WIDTH = len(HEADER)
BOARD: list[list[object]] = [
    ["Volunteer Applications"],
    ["New applications"],
    HEADER,
    ["Ada Lovelace", "ada@x.org", "Translator", "Ada Lovelace Oct 1, 2026 9:00 AM", 5, "Maths"],
    ["Ben Okri", "ben@x.org", "Designer", "Ben Okri Oct 2, 2026 2:15 PM", 3, "Books"],
    [None, None, None, None, 8],
    [],
    ["Contacted"],
    HEADER,
    ["Chen Wu", "chen@x.org", "Translator", "Chen Wu Sep 30, 2026 11:05 AM", 4, "Languages"],
    [None, None, None, None, 4],
    [],
    ["Reviewed"],
    HEADER,
    ["Dara Ní", "dara@x.org", "Developer", "Dara Ní Sep 1, 2026 8:00 AM", 10, "Code"],
    ["Eve Adams", "eve@x.org", "Developer", "Eve Adams Sep 3, 2026 7:30 PM", 2, "Time"],
    [None, None, None, None, 12],
]
"""A board export: a title, then three groups, each a name, the headers, items, totals."""


def write_board_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for number, row in enumerate(rows, start=1):
        if len(row) == 1:  # the board's title and the groups' names span the board
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=WIDTH)
    book.save(path)
    return path


def write_board_csv(path: Path, rows: list[list[object]]) -> Path:
    # As a spreadsheet saves it: every row as wide as the board, empty cells empty.
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            cells = ["" if cell is None else str(cell) for cell in row]
            writer.writerow(cells + [""] * (WIDTH - len(cells)))
    return path


@pytest.fixture(params=["xlsx", "csv"])
def board_export(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "xlsx":
        return write_board_xlsx(tmp_path / "board.xlsx", BOARD)
    return write_board_csv(tmp_path / "board.csv", BOARD)


def test_a_board_export_is_read_with_its_groups(board_export: Path) -> None:
    result = read_responses(board_export)
    assert result.rejected == []
    assert result.headers == HEADER
    got = [
        (r.row_number, r.name, r.email, r.position_typed, dict(r.answers)["Board group"])
        for r in result.responses
    ]
    assert got == [
        (4, "Ada Lovelace", "ada@x.org", "Translator", "New applications"),
        (5, "Ben Okri", "ben@x.org", "Designer", "New applications"),
        (10, "Chen Wu", "chen@x.org", "Translator", "Contacted"),
        (15, "Dara Ní", "dara@x.org", "Developer", "Reviewed"),
        (16, "Eve Adams", "eve@x.org", "Developer", "Reviewed"),
    ]
    ada = result.responses[0]
    assert ada.answers == (
        ("Hours per week", "5"),
        ("Why us?", "Maths"),
        ("Board group", "New applications"),
    )


def test_the_creation_log_is_the_submitted_time(board_export: Path) -> None:
    result = read_responses(board_export)
    assert [r.submitted_at for r in result.responses] == [
        datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
        datetime(2026, 10, 2, 14, 15, tzinfo=UTC),
        datetime(2026, 9, 30, 11, 5, tzinfo=UTC),
        datetime(2026, 9, 1, 8, 0, tzinfo=UTC),
        datetime(2026, 9, 3, 19, 30, tzinfo=UTC),
    ]
    assert not any("submitted time" in w for w in result.warnings)


def test_every_skipped_row_is_counted(board_export: Path) -> None:
    result = read_responses(board_export)
    assert result.skipped == [
        SkippedRow(1, "title row"),
        SkippedRow(2, "group name"),
        SkippedRow(6, "summary row"),
        SkippedRow(8, "group name"),
        SkippedRow(9, "repeated header"),
        SkippedRow(11, "summary row"),
        SkippedRow(13, "group name"),
        SkippedRow(14, "repeated header"),
        SkippedRow(17, "summary row"),
    ]
    assert result.skipped_summary() == (
        "9 rows skipped: 1 title row (row 1), 3 group names (rows 2, 8, 13), "
        "2 repeated headers (rows 9, 14), 3 summary rows (rows 6, 11, 17)"
    )
    # Every row with content is the header, an application, a rejected or a skipped row.
    filled = [n for n, row in enumerate(BOARD, start=1) if any(c is not None for c in row)]
    assert sorted([3, *(r.row_number for r in result.responses), *_numbers(result)]) == filled


def test_the_xlsx_and_csv_forms_read_the_same(tmp_path: Path) -> None:
    xlsx = read_responses(write_board_xlsx(tmp_path / "board.xlsx", BOARD))
    from_csv = read_responses(write_board_csv(tmp_path / "board.csv", BOARD))
    assert xlsx.responses == from_csv.responses
    assert xlsx.skipped == from_csv.skipped


def test_a_title_above_the_header_without_groups_is_only_a_title(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Volunteer Applications"], HEADER, BOARD[3], BOARD[4]]
    result = read_responses(write_board_csv(tmp_path / "board.csv", rows))
    assert [r.name for r in result.responses] == ["Ada Lovelace", "Ben Okri"]
    assert "Board group" not in dict(result.responses[0].answers)
    assert result.skipped == [SkippedRow(1, "title row")]


@pytest.mark.parametrize(
    "line", ["Generated 2026-03-05", "Exported on 5/3/2026 by Ana", "Report as of March"]
)
def test_a_line_about_the_file_above_the_header_is_a_title_not_a_group(
    tmp_path: Path, line: str
) -> None:
    # It was taken for a board group's name: every applicant got it as an answer.
    rows: list[list[object]] = [["Volunteer form export"], [line], HEADER, BOARD[3]]
    result = read_responses(write_board_csv(tmp_path / "export.csv", rows))
    assert "Board group" not in dict(result.responses[0].answers)
    assert result.skipped == [SkippedRow(1, "title row"), SkippedRow(2, "title row")]


def test_a_form_export_reads_as_before(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, BOARD[3], [None, None, None, None, 8]]
    result = read_responses(write_board_csv(tmp_path / "export.csv", rows))
    assert [r.name for r in result.responses] == ["Ada Lovelace"]
    # Outside a board export, a row without name and email is an error to fix, not totals.
    assert [r.row_number for r in result.rejected] == [3]
    assert result.skipped == []


def test_the_header_is_searched_in_the_first_20_rows(tmp_path: Path) -> None:
    notes: list[list[object]] = [[f"Note {n}"] for n in range(1, 21)]
    found = read_responses(write_board_csv(tmp_path / "a.csv", [*notes[:19], HEADER, BOARD[3]]))
    assert [r.row_number for r in found.responses] == [21]
    # The one-cell row just above the header names a group, below the titles.
    assert [r.kind for r in found.skipped] == ["title row"] * 18 + ["group name"]
    assert dict(found.responses[0].answers)["Board group"] == "Note 19"
    with pytest.raises(UserError, match=r"has no name and no email column\. Headers found: Note 1"):
        read_responses(write_board_csv(tmp_path / "b.csv", [*notes, HEADER, BOARD[3]]))


def test_a_row_naming_name_and_email_is_the_header_before_one_naming_either(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [["Email"], HEADER, BOARD[3]]
    result = read_responses(write_board_csv(tmp_path / "board.csv", rows))
    assert [r.row_number for r in result.responses] == [3]
    assert result.skipped == [SkippedRow(1, "title row")]


def test_a_header_found_below_the_first_row_is_named_when_a_column_is_missing(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [["Board"], ["Volunteer", "Email", "Why"], ["Ada", "a@x.org", "x"]]
    with pytest.raises(UserError) as info:
        read_responses(write_board_csv(tmp_path / "board.csv", rows))
    message = str(info.value)
    assert "has no name column. Headers found: Volunteer, Email, Why" in message
    assert message.endswith(
        "Row 2 was taken as the header: the first row that names a name or email column."
    )


def test_the_mapping_names_the_header_to_find(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Board"],
        ["Volunteer", "Contact", "Position"],
        ["Ada Lovelace", "ada@x.org", "Translator"],
    ]
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nname = "Volunteer"\nemail = "Contact"\n', encoding="utf-8")
    result = read_responses(write_board_csv(tmp_path / "board.csv", rows), mapping)
    assert [(r.name, r.email) for r in result.responses] == [("Ada Lovelace", "ada@x.org")]
    assert result.skipped == [SkippedRow(1, "title row")]


def _numbers(result: ReadResult) -> list[int]:
    return [r.row_number for r in result.rejected] + [r.row_number for r in result.skipped]
