"""Tests for reviewer_app.intake.sheets: the rows of XLSX files, read within bounds."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from reviewer_app.errors import UserError
from reviewer_app.intake import sheets
from reviewer_app.intake.columns import ColumnMapping
from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.sheets import read_xlsx_rows
from reviewer_app.intake.timestamps import parse_submitted_at
from tests.intake.xlsx_support import MAIN, SHEET, text_cell, write_sheet_xml


def test_damaged_sheet_xml_is_a_user_error(tmp_path: Path) -> None:
    path = write_sheet_xml(tmp_path / "export.xlsx", '<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(UserError, match=r"export\.xlsx is not a readable Excel file"):
        read_xlsx_rows(path, ColumnMapping(), None)


# --- bounds -----------------------------------------------------------------------------


def write_zip_bomb(path: Path, unpacked: int) -> Path:
    """Writes an XLSX whose sheet unpacks to ``unpacked`` bytes, mostly blanks."""
    Workbook().save(path)
    with zipfile.ZipFile(path) as source:
        members = [(item, source.read(item)) for item in source.infolist()]
    start = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
    end = f"{rows}</sheetData></worksheet>".encode()
    padding = unpacked - len(start) - len(end)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in members:
            if item.filename != SHEET:
                target.writestr(item, data)
                continue
            with target.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(start)
                chunk = b" " * 2**20
                for _ in range(padding // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b" " * (padding % len(chunk)) + end)
    return path


def test_a_zip_bomb_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_zip_bomb(tmp_path / "export.xlsx", sheets.MAX_UNPACKED_BYTES + 2**20)
    assert path.stat().st_size < 2**20  # a few hundred KB that unpack to 257 MB

    def load_workbook(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(sheets, "load_workbook", load_workbook)
    with pytest.raises(UserError) as info:
        read_responses(path)
    message = str(info.value)
    assert message.startswith(f"{path} would unpack to 257 MB in ")
    assert "zip bomb" in message and "Nothing was read" in message


def test_rows_reaching_the_last_column_count_every_cell_up_to_it(tmp_path: Path) -> None:
    # Each row names only cell XFD, 16,384 cells in: a few KB that read as millions.
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 400))
    path = write_sheet_xml(tmp_path / "export.xlsx", rows)
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(UserError) as info:
        read_responses(path)
    message = str(info.value)
    assert message.startswith(f"{path} holds more than 5,000,000 cells by row 306 ")
    assert "Nothing was read" in message


def test_blank_rows_are_left_out_and_the_others_keep_their_numbers(tmp_path: Path) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"/></row>'
        '<row r="900000"><c r="A900000"><v>2</v></c></row>',
    )
    assert read_xlsx_rows(path, ColumnMapping(), None) == [(1, [1]), (900000, [2])]


# --- what is not read is named ----------------------------------------------------------


def test_merged_cells_are_named_in_a_warning(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Email", "Why", "Also why"])
    sheet.append(["Ana", "ana@x.org", "Because", None])
    sheet.merge_cells("C2:D2")
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = read_responses(path)
    assert dict(result.responses[0].answers) == {"Why": "Because", "Also why": ""}
    assert result.warnings == [
        "export.xlsx sheet 'Sheet' has 1 merged cell range (C2:D2): each was read as its "
        "top-left cell; its other cells were read as empty."
    ]


def test_many_merged_ranges_are_counted(tmp_path: Path) -> None:
    merges = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(1, 31))
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row>',
        after=f'<mergeCells count="30">{merges}</mergeCells>',
    )
    warnings: list[str] = []
    read_xlsx_rows(path, ColumnMapping(), None, warnings)
    assert warnings == [
        "export.xlsx sheet 'Sheet' has 30 merged cell ranges (A1:B1, A2:B2, A3:B3, A4:B4, "
        "A5:B5 and 25 more): each was read as its top-left cell; its other cells were read "
        "as empty."
    ]


def test_other_sheets_are_named_in_a_warning(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Responses"
    first.append(["Name", "Email"])
    first.append(["Ana", "ana@x.org"])
    book.create_sheet("Summary")
    book.create_sheet("Notes")
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Ana"]
    assert result.warnings == [
        "export.xlsx has 3 sheets: only the first, 'Responses', was read; 'Summary', "
        "'Notes' were ignored. To import another sheet, name it in a mapping file "
        '(sheet = "...").'
    ]


@pytest.mark.parametrize(
    "before", [[], [["Read me: answers are below"], ["Export of 4 March"]]], ids=["empty", "notes"]
)
def test_the_responses_are_read_from_the_sheet_that_has_them(
    tmp_path: Path, before: list[list[str]]
) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Instructions"
    for row in before:
        notes.append(row)
    responses = book.create_sheet("Form Responses 1")
    responses.append(["Timestamp", "Full name", "Email address"])
    responses.append(["2026-03-04 09:00:00", "Ana", "ana@x.org"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Ana"]
    assert result.warnings == [
        "export.xlsx has 2 sheets: only the first with a name or email column, "
        "'Form Responses 1', was read; 'Instructions' was ignored. To import another sheet, "
        'name it in a mapping file (sheet = "...").'
    ]


def test_a_hidden_sheet_is_not_read_unless_named(tmp_path: Path) -> None:
    # The lists behind a drop-down, on a hidden first sheet, have a name and email header.
    book = Workbook()
    lists = book.active
    assert lists is not None
    lists.title = "Lists"
    lists.append(["Name", "Email"])
    lists.append(["Coordinator", "coord@x.org"])
    lists.sheet_state = "hidden"
    responses = book.create_sheet("Responses")
    responses.append(["Full name", "Email address"])
    responses.append(["Ana", "ana@x.org"])
    book.active = 1
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Ana"]
    assert result.warnings == [
        "export.xlsx has 2 sheets: only the first visible, 'Responses', was read; 'Lists' "
        "(hidden) was ignored. To import another sheet, name it in a mapping file "
        '(sheet = "...").'
    ]
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('sheet = "Lists"\n', encoding="utf-8")
    assert [r.name for r in read_responses(path, mapping).responses] == ["Coordinator"]


def test_a_chart_sheet_is_named_as_a_chart_and_never_read_as_rows(tmp_path: Path) -> None:
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Responses"
    data.append(["Name", "Email"])
    data.append(["Ana", "ana@x.org"])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Chart", 0).add_chart(chart)
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Ana"]
    assert result.warnings == [
        "export.xlsx has 2 sheets: only the first visible, 'Responses', was read; 'Chart' "
        "(a chart) was ignored. To import another sheet, name it in a mapping file "
        '(sheet = "...").'
    ]
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('sheet = "Chart"\n', encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_responses(path, mapping)
    assert str(info.value) == (
        f"The mapping file {mapping} names the sheet 'Chart', a chart in export.xlsx, not a "
        "sheet of rows. Name the sheet that holds the responses."
    )


def test_a_sheet_named_in_the_mapping_warns_of_no_other(tmp_path: Path) -> None:
    book = Workbook()
    book.create_sheet("Responses").append(["Name", "Email"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    warnings: list[str] = []
    read_xlsx_rows(path, ColumnMapping(sheet="Responses"), None, warnings)
    assert warnings == []


PORTUGUESE_MAPPING = '[columns]\nname = "Nome completo"\nemail = "Endereço de e-mail"\n'


def write_portuguese_book(
    path: Path,
    first: list[list[object]],
    name_header: str = "Nome completo",
    email_header: str = "Endereço de e-mail",
) -> Path:
    """A workbook whose first sheet holds ``first`` and whose second holds the responses."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Resumo"
    for row in first:
        notes.append(row)
    responses = book.create_sheet("Respostas")
    responses.append(["Carimbo de data/hora", name_header, email_header])
    responses.append(["2026-03-04 09:00:00", "Ana Souza", "ana@x.org"])
    book.save(path)
    return path


@pytest.mark.parametrize(
    "first", [[["Total", 1]], [["Leia-me"], ["Nome", "Email"]]], ids=["summary", "notes"]
)
def test_the_sheet_is_chosen_by_the_columns_the_mapping_names(
    tmp_path: Path, first: list[list[object]]
) -> None:
    # The notes sheet names built-in headers; the mapping's are on the second sheet.
    path = write_portuguese_book(tmp_path / "export.xlsx", first)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(PORTUGUESE_MAPPING, encoding="utf-8")
    result = read_responses(path, mapping)
    assert [(r.name, r.email) for r in result.responses] == [("Ana Souza", "ana@x.org")]
    assert "'Respostas', was read" in result.warnings[0]


def test_no_sheet_with_the_mappings_columns_names_the_sheets_and_the_columns(
    tmp_path: Path,
) -> None:
    path = write_portuguese_book(tmp_path / "export.xlsx", [["Total", 1]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nname = "Nome"\nemail = "E-mail"\n', encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_responses(path, mapping)
    assert str(info.value) == (
        f"{path} has no sheet with a header naming the name column the mapping file "
        "names, 'Nome' or the email column the mapping file names, 'E-mail' in its first "
        "20 rows. Sheets looked at: 'Resumo' (first row: 'Total', '1'); 'Respostas' "
        "(first row: 'Carimbo de data/hora', 'Nome completo', 'Endereço de e-mail'). "
        f"Check the column names in the mapping file {mapping}, or name the sheet and its "
        'columns in a mapping file (sheet = "...", and under [columns]: name = "...", '
        'email = "...").'
    )


def test_no_sheet_with_a_recognised_header_names_the_sheets_and_what_was_looked_for(
    tmp_path: Path,
) -> None:
    path = write_portuguese_book(
        tmp_path / "export.xlsx", [], name_header="Quem é você?", email_header="Contato"
    )
    with pytest.raises(UserError) as info:
        read_responses(path)
    message = str(info.value)
    assert message.startswith(
        f"{path} has no sheet with a header naming a name column (a header such as 'Name' "
        "or 'Full name', or 'First name' and 'Last name') or an email column (a header "
        "such as 'Email' or 'Email address') in its first 20 rows. Sheets looked at: "
        "'Resumo' (empty); 'Respostas' (first row: 'Carimbo de data/hora', 'Quem é "
        "você?', 'Contato'). Name the sheet and its columns in a mapping file"
    )


def test_the_sheet_of_a_portuguese_google_form_is_found_and_read(tmp_path: Path) -> None:
    path = write_portuguese_book(tmp_path / "export.xlsx", [])
    [response] = read_responses(path).responses
    assert (response.name, response.email) == ("Ana Souza", "ana@x.org")
    assert response.submitted_at == datetime(2026, 3, 4, 9, tzinfo=UTC)


def test_the_header_is_looked_for_below_blank_rows_as_the_rows_reader_does(
    tmp_path: Path,
) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.append(["Notes"])
    responses = book.create_sheet("Responses")
    responses.append(["Export of 4 March"])
    # 30 blank rows between the title and the header: the reader skips blank rows.
    responses.cell(row=32, column=1, value="Name")
    responses.cell(row=32, column=2, value="Email")
    responses.cell(row=33, column=1, value="Ana")
    responses.cell(row=33, column=2, value="ana@x.org")
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert [r.name for r in read_responses(path).responses] == ["Ana"]


def test_a_line_break_pasted_from_windows_reads_as_a_line_break(tmp_path: Path) -> None:
    # Excel saves a carriage return as "_x000D_"; openpyxl leaves the escape in the text.
    answer = (
        '<c r="C2" t="inlineStr"><is><t>First_x000D_\nsecond_x000d_third&#13;fourth</t></is></c>'
    )
    rows = (
        f'<row r="1">{text_cell("A1", "Name")}{text_cell("B1", "Email")}'
        f"{text_cell('C1', 'Why_x000D_')}</row>"
        f'<row r="2">{text_cell("A2", "Ana")}{text_cell("B2", "ana@x.org")}{answer}</row>'
    )
    path = write_sheet_xml(tmp_path / "export.xlsx", rows)
    result = read_responses(path)
    assert result.headers == ["Name", "Email", "Why"]
    assert result.responses[0].answers == (("Why", "First\nsecond\nthird\nfourth"),)


# --- submitted times --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada Lovelace Oct 1, 2026 9:00 AM", datetime(2026, 10, 1, 9, 0, tzinfo=UTC)),
        ("Ada Lovelace Oct 1, 2026 9:00 PM", datetime(2026, 10, 1, 21, 0, tzinfo=UTC)),
        ("May Smith Sep 30, 2026 12:05 AM", datetime(2026, 9, 30, 0, 5, tzinfo=UTC)),
        ("Zoë Ng December 24, 2026 12:30 pm", datetime(2026, 12, 24, 12, 30, tzinfo=UTC)),
        ("Oct 1, 2026 17:45", datetime(2026, 10, 1, 17, 45, tzinfo=UTC)),
        ("Oct 1, 2026", datetime(2026, 10, 1, tzinfo=UTC)),
    ],
)
def test_a_creation_log_reads_as_the_submitted_time(text: str, expected: datetime) -> None:
    assert parse_submitted_at(text) == expected


def test_a_creation_log_without_a_possible_time_reads_as_none() -> None:
    assert parse_submitted_at("Ada Lovelace Oct 1, 2026 9:00 AM") is not None
    for text in (
        "Ada Lovelace",
        "Ada Lovelace Foo 1, 2026 9:00 AM",
        "Ada Lovelace Feb 30, 2026 9:00 AM",
        "Ada Lovelace Oct 1, 2026 13:00 PM",
    ):
        assert parse_submitted_at(text) is None, text


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (_OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, "protected with a password"),
        (_OLE + "Workbook".encode("utf-16-le") + b"\x00" * 64, r"old-style Excel file \(\.xls\)"),
    ],
    ids=["password", "xls renamed"],
)
def test_a_compound_file_named_xlsx_is_told_for_what_it_is(
    tmp_path: Path, data: bytes, says: str
) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    with pytest.raises(UserError, match=says):
        read_responses(path)


@pytest.mark.parametrize("team_header", ["Nom", "Nome", "Naam", "Nombre", "Mail", "Courriel"])
def test_a_sheet_naming_the_name_and_the_email_wins_over_an_earlier_naming_one(
    tmp_path: Path, team_header: str
) -> None:
    book = Workbook()
    team = book.active
    assert team is not None
    team.title = "Team"
    team.append([team_header, "Role"])
    team.append(["Carla Dias", "Coordinator"])
    responses = book.create_sheet("Responses")
    responses.append(["Nom complet", "Adresse e-mail", "Pourquoi"])
    responses.append(["Ana Souza", "ana@x.org", "because"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    [response] = read_responses(path).responses
    assert (response.name, response.email) == ("Ana Souza", "ana@x.org")
