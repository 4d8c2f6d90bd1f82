"""Tests of reviewer_app.intake.header_rows: a workbook's header of two rows read as one."""

# The joined header's dash is an en dash.
# ruff: noqa: RUF001

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from reviewer_app.intake.reader import read_responses


def write_book(path: Path, rows: list[list[object]], merges: list[str]) -> Path:
    """A workbook of ``rows`` from A1, with ``merges`` merged (e.g. "A1:A2")."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def availability_book(path: Path, *, top: list[list[object]] | None = None) -> Path:
    """Email in A1:A2, "Availability" over B and C (B1:C1), the name in D1:D2."""
    above = top or []
    first = len(above) + 1
    rows: list[list[object]] = [
        *above,
        ["Email", "Availability", None, "Name"],
        [None, "Hours per week", "Months", None],
        ["ana@example.org", 10, 6, "Ana Souza"],
        ["bo@example.org", 4, 3, "Bo Li"],
    ]
    second = first + 1
    merges = [f"A{first}:A{second}", f"B{first}:C{first}", f"D{first}:D{second}"]
    return write_book(path, rows, merges)


def test_a_header_of_two_rows_with_merged_cells_is_read_as_one(tmp_path: Path) -> None:
    path = availability_book(tmp_path / "export.xlsx")
    result = read_responses(path)
    assert result.rejected == []
    assert [(r.name, r.email, r.answers) for r in result.responses] == [
        (
            "Ana Souza",
            "ana@example.org",
            (("Availability – Hours per week", "10"), ("Availability – Months", "6")),
        ),
        (
            "Bo Li",
            "bo@example.org",
            (("Availability – Hours per week", "4"), ("Availability – Months", "3")),
        ),
    ]
    assert (
        "export.xlsx sheet 'Sheet' has a header of two rows, 1 and 2 (merged cells): they "
        "were read as one header, each column's texts joined (e.g. 'Availability – Hours "
        "per week'). A mapping file names a column by its joined header."
    ) in result.warnings


def test_a_header_of_two_rows_below_a_title_is_read_as_one(tmp_path: Path) -> None:
    path = availability_book(tmp_path / "export.xlsx", top=[["Volunteers, November"], []])
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Ana Souza", "Bo Li"]
    assert result.rejected == []
    assert "has a header of two rows, 3 and 4" in result.warnings[-1]


def test_a_mapping_names_a_column_by_its_joined_header(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Full name", "Contact", None, "Why"],
            [None, "Work address", "Phone", None],
            ["Ana Souza", "ana@example.org", "555", "because"],
        ],
        ["A1:A2", "B1:C1", "D1:D2"],
    )
    mapping = tmp_path / "mapping.toml"
    # Typed with a hyphen: headers are compared without their punctuation.
    mapping.write_text('[columns]\nemail = "Contact - Work address"\n', encoding="utf-8")
    [response] = read_responses(path, mapping).responses
    assert (response.name, response.email) == ("Ana Souza", "ana@example.org")
    assert response.answers == (("Contact – Phone", "555"), ("Why", "because"))


def test_a_field_named_under_a_banner_is_still_found_by_its_own_name(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Timestamp", "Applicant", None, "Why"],
            [None, "Full name", "Email address", None],
            ["2026-11-02 10:00:00", "Ana Souza", "ana@example.org", "because"],
        ],
        ["A1:A2", "B1:C1", "D1:D2"],
    )
    result = read_responses(path)
    [response] = result.responses
    assert (response.name, response.email) == ("Ana Souza", "ana@example.org")
    assert response.submitted_at is not None
    assert response.answers == (("Why", "because"),)


def test_a_sheet_with_a_header_of_one_row_is_read_as_before(tmp_path: Path) -> None:
    # Merged cells in the rows (one answer over two applications, a note across two
    # columns) and across the header: no header row continues below.
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Name", "Email", "Team", None],
            ["Ana Souza", "ana@example.org", "North", "note"],
            ["Bo Li", "bo@example.org", None, "Stays"],
        ],
        ["C1:D1", "C2:C3"],
    )
    result = read_responses(path)
    assert [(r.name, r.email, r.answers) for r in result.responses] == [
        ("Ana Souza", "ana@example.org", (("Team", "North"), ("Column D", "note"))),
        ("Bo Li", "bo@example.org", (("Team", ""), ("Column D", "Stays"))),
    ]
    assert not any("header of two rows" in warning for warning in result.warnings)


def test_a_second_row_with_answers_under_the_headers_is_an_application(tmp_path: Path) -> None:
    # A1:A2 merged, but row 2 holds text under "Email": it is an application.
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Name", "Email"],
            [None, "bo@example.org"],
            ["Ana Souza", "ana@example.org"],
        ],
        ["A1:A2"],
    )
    result = read_responses(path)
    assert [r.email for r in result.responses] == ["bo@example.org", "ana@example.org"]


def test_a_referees_name_and_email_under_a_banner_stay_joined(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Name", "Email", "Reference", None],
            [None, None, "Name", "Email"],
            ["Ana Souza", "ana@example.org", "Carla Dias", "carla@example.org"],
        ],
        ["A1:A2", "B1:B2", "C1:D1"],
    )
    result = read_responses(path)
    [response] = result.responses
    assert (response.name, response.email) == ("Ana Souza", "ana@example.org")
    assert response.answers == (
        ("Reference – Name", "Carla Dias"),
        ("Reference – Email", "carla@example.org"),
    )


def test_an_interview_date_under_a_banner_is_no_submitted_time(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Name", "Email", "Interview", None],
            [None, None, "Date", "Position"],
            ["Ana Souza", "ana@example.org", "2026-11-02 10:00:00", "Mentor"],
        ],
        ["A1:A2", "B1:B2", "C1:D1"],
    )
    [response] = read_responses(path).responses
    assert response.submitted_at is None
    assert response.position_typed == ""
    assert response.answers == (
        ("Interview – Date", "2026-11-02 10:00:00"),
        ("Interview – Position", "Mentor"),
    )


def test_merged_cells_in_the_rows_below_a_one_row_header_join_no_rows(tmp_path: Path) -> None:
    # C2:C3 merged and a note in D3: rows 2 and 3 are not a header, however they merge.
    path = write_book(
        tmp_path / "export.xlsx",
        [
            ["Name", "Email", "Team", "Note"],
            ["Ana Souza", "ana@example.org", "North", None],
            [None, None, None, "see row 2"],
        ],
        ["C2:C3"],
    )
    result = read_responses(path)
    assert [(r.row_number, r.name, r.answers) for r in result.responses] == [
        (2, "Ana Souza", (("Team", "North"), ("Note", ""))),
    ]
    assert [row.row_number for row in result.rejected] == [3]
    assert not any("header of two rows" in warning for warning in result.warnings)
