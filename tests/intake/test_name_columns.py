"""A name asked in parts: first and last name columns, found or mapped, joined."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from reviewer_app.config.paths import positions_dir
from reviewer_app.errors import UserError
from reviewer_app.intake.columns import ColumnMapping, identity_fields, load_mapping
from reviewer_app.intake.csv_rows import read_csv_rows
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.responses import FormResponse, derived_response_id
from reviewer_app.intake.storable import reject_unstorable
from reviewer_app.positions.parsing import load_positions
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions
from tests.intake.xlsx_support import text_cell, write_sheet_xml


def write_csv(tmp_path: Path, lines: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "export.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def write_mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def names(path: Path, mapping: Path | None = None) -> list[str]:
    return [response.name for response in read_responses(path, mapping).responses]


# --- found by their headers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("First name", "Last name"),
        ("Given name", "Family name"),
        ("Given Name", "Surname"),
        ("Nome", "Sobrenome"),
        ("Prénom", "Nom"),
        ("Vorname", "Nachname"),
        ("Nombre", "Apellido"),
        ("Nombre", "Apellidos"),
        ("Name", "Surname"),
        ("  FIRST-NAME ", "last_name"),
        ("PRÉNOM", "NOM"),
        ("Prenom", "Nom"),
        (unicodedata.normalize("NFD", "Prénom"), "Nom"),
    ],
)
def test_first_and_last_name_columns_make_the_name(tmp_path: Path, first: str, last: str) -> None:
    path = write_csv(tmp_path, [f"{first},{last},Email,Why", "Ana,Souza,ana@x.org,because"])
    [response] = read_responses(path).responses
    assert response.name == "Ana Souza"
    # The parts are the name, not answers besides it.
    assert response.answers == (("Why", "because"),)


def test_the_parts_are_joined_first_then_last_whatever_the_column_order(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path, ["Nom,Email,Prénom", "Souza,ana@x.org,Ana"])
    assert names(path) == ["Ana Souza"]


def test_a_typeform_export_in_xlsx_joins_the_name(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        [
            ["#", "First name", "Last name", "Email", "Why?"],
            ["a1", "Ana", "Souza", "ana@x.org", "Python"],
            ["a2", "  Bo ", " Li  ", "bo@x.org", "Go"],
        ],
    )
    result = read_responses(path)
    assert [(r.name, r.answers) for r in result.responses] == [
        ("Ana Souza", (("#", "a1"), ("Why?", "Python"))),
        ("Bo Li", (("#", "a2"), ("Why?", "Go"))),
    ]


def test_a_middle_name_column_goes_between_the_first_and_the_last(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, ["Last name,Middle name,First name,Email", "Souza,Maria,Ana,ana@x.org"]
    )
    assert names(path) == ["Ana Maria Souza"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_one_part_left_empty_gives_the_other_and_both_empty_no_name(
    tmp_path: Path, suffix: str
) -> None:
    rows = [
        ["First name", "Last name", "Email"],
        ["Ana", "", "ana@x.org"],
        ["   ", "Souza", "souza@x.org"],
        ["", " ", "nobody@x.org"],
        ["", "", ""],
    ]
    if suffix == "csv":
        path = write_csv(tmp_path, [",".join(row) for row in rows])
    else:
        path = write_xlsx(tmp_path, [[cell or None for cell in row] for row in rows])
    result = read_responses(path)
    assert [(r.name, r.email) for r in result.responses] == [
        ("Ana", "ana@x.org"),
        ("Souza", "souza@x.org"),
        ("", "nobody@x.org"),
    ]
    assert (
        f"{path.name} row 4, columns 'First name' and 'Last name': empty; the application "
        "was taken without a name."
    ) in result.warnings
    # A row without any part and without an email is blank, not an application.
    assert result.rejected == []


def test_a_row_with_neither_name_part_nor_email_is_rejected_as_before(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["First name,Last name,Email,Why", ",,,something"])
    [rejected] = read_responses(path).rejected
    assert rejected.reason == "No name and no email."


@pytest.mark.parametrize("full", ["Full name", "Name"])
def test_a_full_name_column_is_the_name_and_the_parts_stay_answers(
    tmp_path: Path, full: str
) -> None:
    path = write_csv(
        tmp_path,
        [f"{full},First name,Last name,Email", "Ana Souza,Ana,Souza,ana@x.org"],
    )
    [response] = read_responses(path).responses
    assert response.name == "Ana Souza"
    assert response.answers == (("First name", "Ana"), ("Last name", "Souza"))


def test_a_first_name_column_alone_is_the_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["First name,Email", "Ana,ana@x.org"])
    [response] = read_responses(path).responses
    assert (response.name, response.answers) == ("Ana", ())


@pytest.mark.parametrize("header", ["Nom", "Nome", "Nombre", "Naam"])
def test_a_word_that_is_a_name_part_only_beside_another_is_the_whole_name_alone(
    tmp_path: Path, header: str
) -> None:
    path = write_csv(tmp_path, [f"{header},Email", "Ana Souza,ana@x.org"])
    assert names(path) == ["Ana Souza"]


@pytest.mark.parametrize("header", ["Ad", "İsim"])
def test_a_turkish_first_name_word_alone_is_not_the_name(tmp_path: Path, header: str) -> None:
    path = write_csv(tmp_path, [f"{header},Email", "Ana,ana@x.org"])
    with pytest.raises(UserError, match="has no name column"):
        read_responses(path)


def test_a_second_first_name_column_stays_an_answer_and_is_told(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, ["First name,Given name,Last name,Email", "Ana,Aninha,Souza,ana@x.org"]
    )
    result = read_responses(path)
    assert [(r.name, r.answers) for r in result.responses] == [
        ("Ana Souza", (("Given name", "Aninha"),))
    ]
    assert (
        "Column 'Given name' also looks like the first name column; it is kept as an answer."
    ) in result.warnings


def test_a_formula_without_a_saved_result_in_a_name_part_rejects_the_row(
    tmp_path: Path,
) -> None:
    rows = (
        f"<row r='1'>{text_cell('A1', 'First name')}{text_cell('B1', 'Last name')}"
        f"{text_cell('C1', 'Email')}</row>"
        f"<row r='2'>{text_cell('A2', 'Ana')}<c r='B2'><f>UPPER(A2)</f></c>"
        f"{text_cell('C2', 'ana@x.org')}</row>"
    )
    path = write_sheet_xml(tmp_path / "export.xlsx", rows)
    [rejected] = read_responses(path).rejected
    assert rejected.reason.startswith("The 'Last name' cell holds a formula with no saved result.")


# --- where the header is, which delimiter, which sheet -----------------------------------


def test_a_first_or_last_name_header_names_the_name() -> None:
    spec = ColumnMapping()
    assert identity_fields("First name", spec) == {"name"}
    assert identity_fields(" PRÉNOM ", spec) == {"name"}
    assert identity_fields("Surname", spec) == {"name"}
    assert identity_fields("Why?", spec) == set()


def test_the_header_row_is_the_one_naming_the_name_parts_and_the_email(tmp_path: Path) -> None:
    # A board group called "Email" above the header names the email only.
    path = write_csv(tmp_path, ["Email", "First name,Last name,Email", "Ana,Souza,ana@x.org"])
    result = read_responses(path)
    assert [(r.name, r.email) for r in result.responses] == [("Ana Souza", "ana@x.org")]


def test_the_delimiter_is_the_one_under_which_a_first_name_header_is_named(
    tmp_path: Path,
) -> None:
    # Split at commas, the records agree as well (3 cells each), and comma wins ties.
    path = write_csv(tmp_path, ["Prénom;Nom;Ville, région, pays", "Ana;Souza;Lyon, Rhône, France"])
    rows = read_csv_rows(path, ColumnMapping(), [])
    assert rows[0][1] == ["Prénom", "Nom", "Ville, région, pays"]


def test_a_workbook_with_notes_first_reads_the_sheet_with_the_name_parts(
    tmp_path: Path,
) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["Exported for the 2026 intake"])
    responses = book.create_sheet("Responses")
    responses.append(["Vorname", "Nachname", "Kontakt"])
    responses.append(["Ana", "Souza", "ana@x.org"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    mapping = write_mapping(tmp_path, '[columns]\nemail = "Kontakt"\n')
    assert names(path, mapping) == ["Ana Souza"]


def test_no_sheet_with_the_mappings_name_parts_names_them(tmp_path: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["Total", 1])
    book.create_sheet("Data").append(["First name", "Last name", "E-mail"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    mapping = write_mapping(tmp_path, '[columns]\nname = ["Given", "Family"]\nemail = "Contact"\n')
    with pytest.raises(UserError) as info:
        read_responses(path, mapping)
    assert str(info.value).startswith(
        f"{path} has no sheet with a header naming the name columns the mapping file "
        "names, 'Given' and 'Family' or the email column the mapping file names, "
        "'Contact' in its first 20 rows."
    )
    assert f"Check the column names in the mapping file {mapping}" in str(info.value)


# --- named by the mapping file ---------------------------------------------------------


def test_a_mapping_names_the_name_as_a_list_of_columns(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, '[columns]\nname = ["Given", "Family"]\nemail = "Contact"\n')
    assert load_mapping(mapping) == ColumnMapping(
        {"email": "Contact"}, name_parts=("Given", "Family")
    )
    path = write_csv(tmp_path, ["Family,Given,Contact,Q", "Souza,Ana,ana@x.org,a"])
    [response] = read_responses(path, mapping).responses
    assert (response.name, response.answers) == ("Ana Souza", (("Q", "a"),))


def test_a_mapped_name_in_three_parts_is_joined_in_the_mappings_order(tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path,
        '[columns]\nname = ["Nombre", "Primer apellido", "Segundo apellido"]\n',
    )
    path = write_xlsx(
        tmp_path,
        [
            ["Segundo apellido", "Primer apellido", "Nombre", "Correo electrónico"],
            ["Souza", "García", "Ana", "ana@x.org"],
        ],
    )
    mapping.write_text(
        '[columns]\nname = ["Nombre", "Primer apellido", "Segundo apellido"]\n'
        'email = "Correo electrónico"\n',
        encoding="utf-8",
    )
    [response] = read_responses(path, mapping).responses
    assert (response.name, response.answers) == ("Ana García Souza", ())


def test_a_mapping_with_one_name_column_in_a_list_is_that_column(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, '[columns]\nname = ["Full name"]\n')
    assert load_mapping(mapping) == ColumnMapping({"name": "Full name"})


def test_a_mapping_naming_one_full_name_column_still_takes_it_whole(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, '[columns]\nname = "Applicant"\n')
    path = write_csv(
        tmp_path, ["Applicant,First name,Last name,Email", "Ana S.,Ana,Souza,ana@x.org"]
    )
    [response] = read_responses(path, mapping).responses
    assert response.name == "Ana S."
    assert response.answers == (("First name", "Ana"), ("Last name", "Souza"))


def test_a_mapped_name_part_missing_from_the_file_is_named_with_the_files_columns(
    tmp_path: Path,
) -> None:
    mapping = write_mapping(tmp_path, '[columns]\nname = ["First name", "Surname"]\n')
    path = write_csv(tmp_path, ["First name,Last name,Email", "Ana,Souza,ana@x.org"])
    with pytest.raises(UserError) as info:
        read_responses(path, mapping)
    assert str(info.value) == (
        f"The mapping file {mapping} names the column 'Surname' for name, but export.csv "
        "has no such column. Its columns are: First name, Last name, Email. Fix the "
        "mapping file."
    )


def test_a_mapped_name_part_that_is_also_the_email_is_refused(tmp_path: Path) -> None:
    mapping = write_mapping(
        tmp_path, '[columns]\nname = ["First name", "Email"]\nemail = "Email"\n'
    )
    path = write_csv(tmp_path, ["First name,Email", "Ana,ana@x.org"])
    with pytest.raises(UserError, match="uses the column 'Email' for two fields"):
        read_responses(path, mapping)


@pytest.mark.parametrize(
    "value", ["[]", '["First name", ""]', '["First name", 3]', "3", '["First name", ["x"]]']
)
def test_a_name_that_is_no_column_or_list_of_columns_is_refused(tmp_path: Path, value: str) -> None:
    mapping = write_mapping(tmp_path, f"[columns]\nname = {value}\n")
    with pytest.raises(UserError) as info:
        load_mapping(mapping)
    assert str(info.value) == (
        f"In the mapping file {mapping}, name must be a column name (text) or a list of "
        'them (name = ["First name", "Last name"]).'
    )


def test_a_list_for_another_field_is_refused(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, '[columns]\nemail = ["Email", "Other"]\n')
    with pytest.raises(UserError) as info:
        load_mapping(mapping)
    assert str(info.value) == f"In the mapping file {mapping}, email must be a column name (text)."


# --- identity and re-imports ------------------------------------------------------------


def test_the_response_id_and_content_do_not_depend_on_the_order_of_the_parts_columns(
    tmp_path: Path,
) -> None:
    when = "2026-03-04 09:00:00"
    one = write_csv(tmp_path, ["Timestamp,First name,Last name,Email", f"{when},Ana,Souza,a@x.org"])
    other = write_csv(
        tmp_path, ["Timestamp,Last name,First name,Email", f"{when},Souza,Ana,a@x.org"], "b.csv"
    )
    [first] = read_responses(one).responses
    [second] = read_responses(other).responses
    assert first.response_id == derived_response_id(first.submitted_at, "a@x.org", "")
    assert (second.response_id, second.content_hash) == (first.response_id, first.content_hash)


def test_a_response_the_database_cannot_hold_is_rejected_with_its_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["First name,Last name,Email", "Ana,Souza,ana@x.org"])
    result = read_responses(path)
    [response] = result.responses
    too_long = FormResponse(
        response.row_number, "x" * 1000, None, response.name, response.email, "", ()
    )
    refused = reject_unstorable(type(result)([too_long], [], [], result.headers, []), path, None)
    [rejected] = refused.rejected
    # Written whole under the first part: importing the corrected file gives the same name.
    assert rejected.values["First name"] == "Ana Souza"
    assert rejected.values["Email"] == "ana@x.org"
    assert "Last name" not in rejected.values  # written empty


@pytest.fixture
def published(db: SharedDatabase) -> SharedDatabase:
    publish_positions(db, load_positions(positions_dir()))
    return db


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_importing_a_first_and_last_name_export_again_adds_nothing(
    published: SharedDatabase, tmp_path: Path, suffix: str
) -> None:
    rows = [
        ["Submitted At", "First name", "Last name", "Email", "Position", "Why?"],
        ["2026-03-04 09:00:00", "Ana", "Souza", "ana@x.org", "UX designer", "Design"],
        ["2026-03-05 09:00:00", "Bo", "", "bo@x.org", "UX designer", "Research"],
    ]
    if suffix == "csv":
        path = write_csv(tmp_path, [",".join(row) for row in rows])
    else:
        path = write_xlsx(tmp_path, list(rows))
    first = import_responses(published, read_responses(path).responses)
    second = import_responses(published, read_responses(path).responses)
    assert (first.imported, second.imported, second.updated, second.unchanged) == (2, 0, 0, 2)
    with published.session() as session:
        stored = session.execute(
            select(models.Application.name, models.Application.answers).order_by(
                models.Application.name
            )
        ).all()
    assert [tuple(row) for row in stored] == [
        ("Ana Souza", [["Why?", "Design"]]),
        ("Bo", [["Why?", "Research"]]),
    ]


def test_an_export_imported_before_with_the_surname_as_an_answer_is_updated(
    published: SharedDatabase, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path, ["Timestamp,Name,Surname,Email", "2026-03-04 09:00:00,Ana,Souza,a@x.org"]
    )
    [now] = read_responses(path).responses
    # As the import read it when only "Name" was the name: the surname an answer.
    before = FormResponse(
        now.row_number, now.response_id, now.submitted_at, "Ana", now.email, "",
        (("Surname", "Souza"),),
    )  # fmt: skip
    import_responses(published, [before])
    report = import_responses(published, [now])
    assert (report.imported, report.updated) == (0, 1)
    with published.session() as session:
        stored = session.execute(select(models.Application.name, models.Application.answers))
        assert [tuple(row) for row in stored] == [("Ana Souza", [])]
