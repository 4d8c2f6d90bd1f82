"""Tests for reviewer_app.intake.reader: messy CSV and XLSX exports read faithfully."""

# Curly quotes and full-width letters are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import codecs
import csv
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewer_app.errors import UserError
from reviewer_app.intake.reader import (
    FormResponse,
    ReadResult,
    Rejected,
    cell_text,
    parse_submitted_at,
    read_responses,
    repair_response,
    repair_text,
    write_rejected,
)
from tests.intake.xlsx_support import text_cell, write_sheet_xml

HEADERS = ["Submitted at", "Item ID", "Full name", "E-mail address", "Position", "Why us?"]


def csv_text(rows: list[list[str]], delimiter: str = ",", lineterminator: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return buffer.getvalue()


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    lineterminator: str = "\r\n",
) -> Path:
    path.write_bytes(csv_text(rows, delimiter, lineterminator).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def only(result: ReadResult) -> FormResponse:
    assert len(result.responses) == 1, result
    return result.responses[0]


def answer(response: FormResponse, question: str) -> str:
    return dict(response.answers)[question]


# --- CSV encodings and dialects ---------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_with_and_without_bom_gives_same_headers(tmp_path: Path, encoding: str) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [HEADERS, ["2024-03-05 14:22:10", "r1", "Zoë", "zoe@example.org", "Translator", "Hi"]],
        encoding=encoding,
    )
    result = read_responses(path)
    assert result.headers[0] == "Submitted at"
    response = only(result)
    assert (response.name, response.email, response.response_id) == (
        "Zoë",
        "zoe@example.org",
        "r1",
    )
    assert response.row_number == 2
    assert response.answers == (("Why us?", "Hi"),)
    assert result.warnings == []


def test_semicolon_csv_with_lf_line_ends_is_sniffed(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "Email", "Notes"], ["Ana", "ana@example.org", "a, b, c"]],
        delimiter=";",
        lineterminator="\n",
    )
    response = only(read_responses(path))
    assert response.name == "Ana"
    assert answer(response, "Notes") == "a, b, c"


def test_quoted_newlines_stay_in_the_answer_and_row_numbers_count_records(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["Name", "Email", "Experience"],
            ["Ana", "ana@example.org", "line one\nline two\n\nline four"],
            ["Ben", "ben@example.org", "short"],
        ],
    )
    result = read_responses(path)
    assert answer(result.responses[0], "Experience") == "line one\nline two\n\nline four"
    assert [r.row_number for r in result.responses] == [2, 3]


def test_cp1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "old.csv",
        [["Name", "Email", "Comment"], ["José Müller", "jose@example.org", "I’m “keen” — €5"]],
        encoding="cp1252",
    )
    result = read_responses(path)
    response = only(result)
    assert response.name == "José Müller"
    assert answer(response, "Comment") == "I’m “keen” — €5"
    assert any("Windows-1252" in w for w in result.warnings)


def test_mojibake_is_repaired(tmp_path: Path) -> None:
    garbled = "I’m from Zürich".encode().decode("cp1252")
    assert garbled == "Iâ€™m from ZÃ¼rich"
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "Email", "Why?"], ["JosÃ©", "jose@example.org", garbled]],
    )
    response = only(read_responses(path))
    assert response.name == "José"
    assert answer(response, "Why?") == "I’m from Zürich"


def test_mojibake_repair_is_named_with_file_row_column_before_and_after(tmp_path: Path) -> None:
    long_answer = "x" * 80 + " Iâ€™m from ZÃ¼rich " + "y" * 80
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["Name", "Email", "PosiciÃ³n", "Why?"],
            ["JosÃ©", "jose@example.org", "Translator", "ok"],
            ["Ana", "a@x.org", "Translator", long_answer],
        ],
    )
    result = read_responses(path)
    assert result.headers[2] == "Posición"
    assert result.warnings == [
        "export.csv row 1, column 'Posición': garbled text repaired: 'PosiciÃ³n' → 'Posición'.",
        "export.csv row 2, column 'Name': garbled text repaired: 'JosÃ©' → 'José'.",
        "export.csv row 3, column 'Why?': garbled text repaired: '...xxxxxxxx Iâ€™m from "
        "ZÃ¼rich yyyyyyyyyyyy...' → '...xxxxxxxx I’m from Zürich yyyyyyyyyyyyyyy...'.",
    ]


def test_mojibake_repair_warnings_stop_at_20_then_count_the_rest(tmp_path: Path) -> None:
    rows = [["Name", "Email"]] + [[f"JosÃ© {n}", f"p{n}@x.org"] for n in range(2, 27)]
    result = read_responses(write_csv(tmp_path / "export.csv", rows))
    assert len(result.responses) == 25
    assert len(result.warnings) == 21
    assert result.warnings[19].startswith("export.csv row 21, column 'Name'")
    assert result.warnings[20] == (
        "export.csv: and 5 more cells with garbled text repaired, in rows 22 to 26."
    )


EXACT_TEXTS = [
    "<b>bold</b> &amp; <script>alert(1)</script> &lt;3",
    "=SUM(A1:A3)",
    "+1 (555) 010-0000",
    "Love it 🌍👩🏽‍💻 ✨",
    "مرحبا، أريد المساعدة في الترجمة",
    "שלום, אני רוצה לעזור",
    "“curly” ‘quotes’ and ﬁ ligature and ＦＵＬＬ width",
    "e\u0301 decomposed accent stays decomposed",
    "tabs\tand  double  spaces  ",
    "x" * 100_000 + "é" * 60_000 + "🙂" * 10_000,
]


@pytest.mark.parametrize("text", EXACT_TEXTS, ids=lambda t: t[:20])
def test_answers_are_kept_exactly_in_csv(tmp_path: Path, text: str) -> None:
    path = write_csv(tmp_path / "export.csv", [["Name", "Email", "Q"], ["Ana", "a@x.org", text]])
    assert answer(only(read_responses(path)), "Q") == text


def test_nul_characters_are_removed_with_a_warning_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b'Name,Email,Q\n"Nul\x00Name",a@x.org,"has a \x00 nul"\nBo,b@x.org,ok\n')
    result = read_responses(path)
    first, second = result.responses
    assert (first.name, answer(first, "Q")) == ("NulName", "has a  nul")
    assert second.name == "Bo"
    assert any("NUL" in w and ": 2." in w for w in result.warnings)


def test_answer_of_more_than_200_kb_is_read_from_csv(tmp_path: Path) -> None:
    big = ("Lorem ipsum dolor sit amet, çà et là. " * 6000)[:250_000]
    path = write_csv(tmp_path / "export.csv", [["Name", "Email", "Q"], ["Ana", "a@x.org", big]])
    assert answer(only(read_responses(path)), "Q") == big


# An Excel cell holds at most 32,767 characters, so the long answer is cut to that.
XLSX_TEXTS = [*EXACT_TEXTS[:-1], ("é🙂x" * 11_000)[:32_767]]


@pytest.mark.parametrize("text", XLSX_TEXTS, ids=lambda t: t[:20])
def test_answers_are_kept_exactly_in_xlsx(tmp_path: Path, text: str) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Email", "Q"])
    sheet.append(["Ana", "a@x.org", None])
    cell = sheet.cell(row=2, column=3)
    cell.value = text
    # The form tool stores "=..." answers as text, never as a formula.
    cell.data_type = "s"
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert answer(only(read_responses(path)), "Q") == text


def test_repair_response_repairs_every_text_and_keeps_the_rest() -> None:
    garbled = "I’m José".encode().decode("cp1252")
    raw = FormResponse(4, "demo-1", None, garbled, "a@x.org", garbled, ((garbled, garbled),))
    fixed = repair_response(raw)
    assert (fixed.name, fixed.position_typed) == ("I’m José", "I’m José")
    assert fixed.answers == (("I’m José", "I’m José"),)
    assert (fixed.row_number, fixed.response_id, fixed.email) == (4, "demo-1", "a@x.org")


def test_repair_text_leaves_clean_text_alone() -> None:
    for text in EXACT_TEXTS[:-1]:
        assert repair_text(text) == text


# --- headers and mapping ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "email", "position", "when", "ident"),
    [
        ("Name", "Email", "Position Applying For", "Timestamp", "Response ID"),
        ("Your name", "Email Address", "position", "Date", "ID"),
        ("FULL NAME:", "e-mail", "Position applying for?", "Creation log", "item_id"),
    ],
)
def test_header_variants_are_recognised(
    tmp_path: Path, name: str, email: str, position: str, when: str, ident: str
) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            [when, name, "Other question", email, position, ident],
            ["2024-03-05 14:22:10", "Ana", "yes", "ana@example.org", "Translator", "r9"],
        ],
    )
    response = only(read_responses(path))
    assert response.name == "Ana"
    assert response.email == "ana@example.org"
    assert response.position_typed == "Translator"
    assert response.response_id == "r9"
    assert response.submitted_at == datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)
    assert response.answers == (("Other question", "yes"),)


def test_answers_keep_question_text_and_column_order_and_empty_answers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Q3", "Name", "Q1", "Email", "Q2"], ["c", "Ana", "", "a@x.org", "b"]],
    )
    assert only(read_responses(path)).answers == (("Q3", "c"), ("Q1", ""), ("Q2", "b"))


def test_mapping_overrides_recognition(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["Applicant", "Contact", "Role", "When", "Ref", "Name"],
            ["Ana", "ana@example.org", "Translator", "05/03/2024 14:22", "R-1", "nickname"],
        ],
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\nname = "Applicant"\nemail = "Contact"\nposition = "Role"\n'
        'submitted_at = "When"\nresponse_id = "Ref"\n',
        encoding="utf-8",
    )
    response = only(read_responses(path, mapping))
    assert (response.name, response.email, response.position_typed) == (
        "Ana",
        "ana@example.org",
        "Translator",
    )
    assert response.response_id == "R-1"
    assert response.submitted_at == datetime(2024, 3, 5, 14, 22, tzinfo=UTC)
    # A recognisable header that the mapping did not choose stays an answer.
    assert response.answers == (("Name", "nickname"),)


def test_mapping_naming_a_missing_column_names_the_mapping_and_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", "a@x.org"]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nposition = "Role"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"mapping\.toml.*'Role'"):
        read_responses(path, mapping)


def test_mapping_with_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", "a@x.org"]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nmail = "Email"\n', encoding="utf-8")
    with pytest.raises(UserError, match="mail"):
        read_responses(path, mapping)


def test_invalid_toml_mapping_is_a_user_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", "a@x.org"]])
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[columns\n", encoding="utf-8")
    with pytest.raises(UserError, match="not valid TOML"):
        read_responses(path, mapping)


@pytest.mark.parametrize(
    ("headers", "missing"),
    [(["Name", "Position"], "email"), (["Email", "Position"], "name")],
)
def test_missing_name_or_email_column_lists_headers_found(
    tmp_path: Path, headers: list[str], missing: str
) -> None:
    path = write_csv(tmp_path / "export.csv", [headers, ["x", "y"]])
    with pytest.raises(UserError, match=f"export.csv has no {missing} column") as info:
        read_responses(path)
    assert "Position" in str(info.value)


@pytest.mark.parametrize("name", ["missing.csv", "missing.xlsx"])
def test_missing_file_is_a_user_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(UserError, match=name):
        read_responses(tmp_path / name)


def test_unknown_extension_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "export.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(UserError, match=r"export\.pdf"):
        read_responses(path)


def test_corrupt_xlsx_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(UserError, match=r"export\.xlsx"):
        read_responses(path)


def test_empty_file_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        read_responses(path)


@pytest.mark.parametrize("name", ["export.csv", "export.xlsx"])
def test_header_only_file_reads_0_rows_with_a_warning(tmp_path: Path, name: str) -> None:
    rows: list[list[str]] = [["Name", "Email", "Why"], ["", "", ""]]
    path = tmp_path / name
    if name.endswith(".csv"):
        write_csv(path, rows)
    else:
        write_xlsx(path, list(rows))
    result = read_responses(path)
    assert (result.responses, result.rejected, result.skipped) == ([], [], [])
    assert result.warnings == [
        f"{name} has a header (row 1) but 0 rows of applications below it: nothing was "
        "imported. If applications were expected, export the responses again."
    ]


# --- rows -------------------------------------------------------------------------------


def test_blank_rows_are_skipped_silently(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "Email"], ["", ""], ["Ana", "a@x.org"], ["  ", ""], []],
    )
    result = read_responses(path)
    assert [r.row_number for r in result.responses] == [3]
    assert result.rejected == []
    assert result.warnings == []


def test_a_row_with_a_cell_far_longer_than_an_answer_is_rejected_and_named(
    tmp_path: Path,
) -> None:
    # A 50 MB answer was imported, kept in the shared database and synced to every laptop.
    huge = "x" * 1_000_001
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "Email", "Why?"], ["Ana", "a@x.org", huge], ["Bo", "b@x.org", "y" * 1_000_000]],
    )
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Bo"]
    [rejected] = result.rejected
    assert rejected.row_number == 2
    assert rejected.reason.startswith("The 'Why?' cell holds 1,000,001 characters, more than")
    assert rejected.values["Why?"] == huge  # kept whole in the rejected rows' file


def test_row_without_name_and_email_is_rejected_with_its_cells(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "Email", "Why?"], ["", "", "I forgot my details"], ["Ana", "a@x.org", "x"]],
    )
    result = read_responses(path)
    assert result.rejected == [
        Rejected(
            2, "No name and no email.", {"Name": "", "Email": "", "Why?": "I forgot my details"}
        )
    ]
    assert only(result).name == "Ana"


def test_row_without_email_is_rejected_naming_the_column(tmp_path: Path) -> None:
    # Nobody could answer the application, nor tell it from the same person's others.
    path = write_csv(
        tmp_path / "export.csv",
        [["Full name", "Email address", "Why?"], ["Ana", "  ", "x"], ["Bo", "b@x.org", "y"]],
    )
    result = read_responses(path)
    [rejected] = result.rejected
    assert rejected.row_number == 2
    assert rejected.reason == (
        "The 'Email address' cell is empty: an application without an email can be "
        "neither answered nor told apart from the same person's other applications."
    )
    assert only(result).name == "Bo"


# What follows the reason of an invalid email.
FIX = ". Correct it in the file and import it again"


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("not-an-email", "is not an email address: it has no @" + FIX),
        (
            "ana@x.org ana@y.org",
            "is not an email address: it holds several addresses: keep one" + FIX,
        ),
        ("ana @x.org", "is not an email address: it holds a space" + FIX),
        ("ana@@x.org", "is not an email address: it has 2 @ signs, an address has one" + FIX),
        ("@x.org", "is not an email address: nothing comes before the @" + FIX),
        ("a@x", "is not an email address: the domain 'x' is not a domain like example.org" + FIX),
        ("=cmd|' /C calc'!A0", "holds a spreadsheet formula, not an email address"),
        ('=HYPERLINK("mailto:a@x.org")', "holds a spreadsheet formula, not an email address"),
    ],
)
def test_row_with_an_invalid_email_is_rejected_quoting_it(
    tmp_path: Path, email: str, why: str
) -> None:
    path = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", email]])
    result = read_responses(path)
    assert result.responses == []
    [rejected] = result.rejected
    assert rejected.reason == f"The 'Email' cell {email!r} {why}."
    assert rejected.values == {"Name": "Ana", "Email": email}


@pytest.mark.parametrize("email", ["a@x.io", "O'Brien+volunteer@sub.example.org", " ana@x.org "])
def test_unusual_but_possible_emails_are_taken(tmp_path: Path, email: str) -> None:
    path = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", email]])
    result = read_responses(path)
    assert only(result).email == email.strip()
    assert result.warnings == []


def test_row_without_name_is_taken_with_a_warning_naming_file_row_and_column(
    tmp_path: Path,
) -> None:
    # The applicant can still be answered; the window shows "(no name)".
    path = write_csv(
        tmp_path / "export.csv",
        [["Full name", "Email", "Q"], ["Ana", "a@x.org", "x"], ["", "b@x.org", "y"]],
    )
    result = read_responses(path)
    assert [(r.row_number, r.name) for r in result.responses] == [(2, "Ana"), (3, "")]
    assert result.warnings == [
        "export.csv row 3, column 'Full name': empty; the application was taken without a name."
    ]


def test_empty_optional_answers_and_position_are_taken_without_a_word(tmp_path: Path) -> None:
    # A Google Forms export: every row has every cell, optional ones are just empty.
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["Timestamp", "Name", "Email", "Position", "Q1", "Q2"],
            ["2024-03-05 10:00:00", "Ana", "a@x.org", "", "", ""],
        ],
    )
    result = read_responses(path)
    assert only(result).answers == (("Q1", ""), ("Q2", ""))
    assert (result.rejected, result.warnings) == ([], [])


def test_csv_row_with_fewer_cells_than_the_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Timestamp,Name,Email,Position,Why?,Hours\n"
        "2024-03-05 10:00,Ana,a@x.org,Translator,I like,5\n"
        "2024-03-05 11:00,Bo,b@x.org\n",
        encoding="utf-8",
    )
    result = read_responses(path)
    assert only(result).name == "Ana"
    [rejected] = result.rejected
    assert rejected.row_number == 3
    assert rejected.reason == (
        "This row has 3 cells, the header has 6: a line break inside an unquoted cell? "
        "Fix the row in the file and import it again."
    )
    assert rejected.values["Email"] == "b@x.org"


def test_xlsx_row_whose_last_cells_are_empty_is_not_short(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx", [["Name", "Email", "Q1", "Q2"], ["Ana", "a@x.org", None, None]]
    )
    result = read_responses(path)
    assert only(result).answers == (("Q1", ""), ("Q2", ""))
    assert result.rejected == []


def test_extra_cells_in_one_row_are_its_own_answers_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Name,Email,Why?\nAna,a@x.org,because\nBo,b@x.org,why not,EXTRA,EXTRA2\n",
        encoding="utf-8",
    )
    result = read_responses(path)
    ana, bo = result.responses
    assert ana.answers == (("Why?", "because"),)
    assert bo.answers == (("Why?", "why not"), ("Column D", "EXTRA"), ("Column E", "EXTRA2"))
    assert result.warnings == [
        "export.csv row 3 has 5 cells, the header 3: the values beyond it ('EXTRA', "
        "'EXTRA2') were kept as answers 'Column D' and 'Column E' of this row only. A comma "
        "inside an unquoted cell?"
    ]


def test_a_row_with_extra_cells_leaves_the_other_rows_unchanged(tmp_path: Path) -> None:
    # Otherwise every application imported before would count as changed.
    rows = [["Name", "Email", "Why?"], ["Ana", "a@x.org", "because"]]
    before = only(read_responses(write_csv(tmp_path / "a.csv", rows)))
    after = read_responses(
        write_csv(tmp_path / "b.csv", [*rows, ["Bo", "b@x.org", "why", "EXTRA"]])
    ).responses[0]
    assert after.content_hash == before.content_hash


def test_empty_cells_beyond_the_header_are_ignored_silently(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Name,Email,Why?\nAna,a@x.org,because,,\n", encoding="utf-8")
    result = read_responses(path)
    assert only(result).answers == (("Why?", "because"),)
    assert result.warnings == []


def test_column_without_header_or_values_is_not_an_answer(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "", "Email", "Why?", ""], ["Ana", "", "a@x.org", "because", ""]],
    )
    result = read_responses(path)
    assert only(result).answers == (("Why?", "because"),)
    assert result.warnings == []


def test_column_without_header_but_with_a_value_is_an_answer_of_every_row(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [["Name", "", "Email"], ["Ana", "note", "a@x.org"], ["Bo", "", "b@x.org"]],
    )
    ana, bo = read_responses(path).responses
    assert (ana.answers, bo.answers) == ((("Column B", "note"),), (("Column B", ""),))


def test_xlsx_values_beyond_the_last_header_are_their_rows_own_answers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [["Name", "Email"], ["Ana", "a@x.org"], ["Bo", "b@x.org", None, "a note"]],
    )
    result = read_responses(path)
    ana, bo = result.responses
    assert (ana.answers, bo.answers) == ((), (("Column D", "a note"),))
    assert result.warnings == [
        "export.xlsx row 3 has 4 cells, the header 2: the value beyond it ('a note') was "
        "kept as answer 'Column D' of this row only."
    ]


def test_repeated_identical_response_id_is_dropped_with_a_warning(tmp_path: Path) -> None:
    row = ["r1", "Ana", "a@x.org", "same"]
    path = write_csv(tmp_path / "export.csv", [["ID", "Name", "Email", "Q"], row, row])
    result = read_responses(path)
    assert only(result).row_number == 2
    assert result.rejected == []
    assert result.warnings == [
        "export.csv: 1 row(s) repeated an earlier row exactly and were skipped: 3."
    ]


def test_repeated_response_id_with_other_content_rejects_the_later_row(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["ID", "Name", "Email", "Q"],
            ["r1", "Ana", "a@x.org", "one"],
            ["r1", "Ben", "b@x.org", "2"],
        ],
    )
    result = read_responses(path)
    assert only(result).name == "Ana"
    [rejected] = result.rejected
    assert rejected.row_number == 3
    assert "row 2" in rejected.reason and "'r1'" in rejected.reason


def test_missing_response_id_is_derived_stably(tmp_path: Path) -> None:
    rows = [["Name", "Email", "Q"], ["Ana", "a@x.org", "one"], ["Ben", "b@x.org", "two"]]
    first = read_responses(write_csv(tmp_path / "a.csv", rows))
    again = read_responses(write_csv(tmp_path / "b.csv", [rows[0], rows[2], rows[1]]))
    ids = {r.name: r.response_id for r in first.responses}
    assert ids == {r.name: r.response_id for r in again.responses}
    assert all(i.startswith("sha:") and len(i) == 20 for i in ids.values())
    assert ids["Ana"] != ids["Ben"]


def test_empty_response_id_cell_is_derived(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [["ID", "Name", "Email"], ["", "Ana", "a@x.org"]])
    assert only(read_responses(path)).response_id.startswith("sha:")


def test_email_key_and_content_hash() -> None:
    base = FormResponse(2, "r1", None, "Ana", " Ana@Example.ORG ", "Translator", (("Q", "a"),))
    moved = FormResponse(9, "r1", None, "Ana", " Ana@Example.ORG ", "Translator", (("Q", "a"),))
    edited = FormResponse(2, "r1", None, "Ana", " Ana@Example.ORG ", "Translator", (("Q", "b"),))
    assert base.email_key == "ana@example.org"
    assert base.content_hash == moved.content_hash
    assert base.content_hash != edited.content_hash


def test_unreadable_submitted_time_is_none_with_a_warning(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv", [["Timestamp", "Name", "Email"], ["yesterday", "Ana", "a@x.org"]]
    )
    result = read_responses(path)
    assert only(result).submitted_at is None
    assert result.warnings == [
        "export.csv row 2, column 'Timestamp': the submitted time 'yesterday' could not be "
        "read; it was left empty."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T14:22:10Z", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("2024-03-05T15:22:10+01:00", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("2024-03-05 14:22:10", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("05/03/2024 14:22", datetime(2024, 3, 5, 14, 22, tzinfo=UTC)),
        ("05.03.2024 14:22", datetime(2024, 3, 5, 14, 22, tzinfo=UTC)),
        ("3/5/2024 2:22:10 PM", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("03/25/2024 14:22", datetime(2024, 3, 25, 14, 22, tzinfo=UTC)),
        ("2024-03-05 14:22:10 UTC", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("", None),
        ("soon", None),
        ("31/31/2024", None),
    ],
)
def test_parse_submitted_at_formats(text: str, expected: datetime | None) -> None:
    assert parse_submitted_at(text) == expected


def test_parse_submitted_at_excel_serial() -> None:
    assert parse_submitted_at(45356.5) == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_dates_numbers_and_none(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [
            ["Submitted at", "Name", "Email", "Hours", "Rate", "Start", "Empty"],
            [datetime(2024, 3, 5, 14, 22, 10), "Ana", "a@x.org", 10, 2.5, datetime(2024, 4, 1)],
            [datetime(2024, 3, 6, 9, 0), "Ben", "b@x.org", 7.0, 0.1 + 0.2, None, None],
        ],
    )
    first, second = read_responses(path).responses
    assert first.submitted_at == datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)
    assert first.answers == (
        ("Hours", "10"),
        ("Rate", "2.5"),
        ("Start", "2024-04-01"),
        ("Empty", ""),
    )
    assert dict(second.answers)["Hours"] == "7"
    assert dict(second.answers)["Rate"] == "0.3"


def test_xlsx_blank_rows_keep_true_row_numbers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [["Name", "Email"], ["Ana", "a@x.org"], [], [None, None], ["Ben", "b@x.org"]],
    )
    assert [r.row_number for r in read_responses(path).responses] == [2, 5]


def test_xlsx_first_sheet_unless_mapping_names_one(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(["Name", "Email"])
    first.append(["First", "f@x.org"])
    second = book.create_sheet("Responses")
    second.append(["Name", "Email"])
    second.append(["Second", "s@x.org"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    assert only(read_responses(path)).name == "First"

    mapping = tmp_path / "mapping.toml"
    mapping.write_text('sheet = "Responses"\n', encoding="utf-8")
    assert only(read_responses(path, mapping)).name == "Second"

    mapping.write_text('sheet = "Nope"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"mapping\.toml.*'Nope'.*Responses"):
        read_responses(path, mapping)


def test_cell_text_of_values() -> None:
    assert cell_text(None) == ""
    assert cell_text(3.0) == "3"
    assert cell_text(True) == "TRUE"
    assert cell_text(datetime(2024, 3, 5, 14, 22)) == "2024-03-05 14:22:00"


# --- XLSX formulas without a saved result -----------------------------------------------

RESAVE = "Open the file in Excel or LibreOffice and save it"


def test_unsaved_formulas_in_an_answer_and_the_email_warn_naming_row_and_column(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [
            ["Name", "Email", "Why us?"],
            ["Ana", "a@x.org", '=CONCAT("Because ", A2)'],
            ["Ben", '=LOWER(A3)&"@example.org"', "I like it"],
        ],
    )
    result = read_responses(path)
    assert result.warnings == [
        "export.xlsx row 2, column 'Why us?': a formula (=CONCAT(\"Because \", A2)) with "
        "no saved result, read as empty.",
        "export.xlsx row 3, column 'Email': a formula (=LOWER(A3)&\"@example.org\") with "
        "no saved result, read as empty.",
        f"export.xlsx: {RESAVE}, so that formula results are stored, then import it again.",
    ]
    # An answer can be filled in by importing the saved file again: the row is taken.
    assert (only(result).name, answer(only(result), "Why us?")) == ("Ana", "")


@pytest.mark.parametrize("header", ["Email", "Name", "Position", "Submitted at", "Item ID"])
def test_row_with_an_unsaved_formula_in_a_meaningful_column_is_rejected_saying_why(
    tmp_path: Path, header: str
) -> None:
    # Taken without it, the row would be incomplete, or get another id once saved.
    headers = ["Item ID", "Submitted at", "Name", "Email", "Position"]
    row: list[object] = ["r1", "2024-03-05 10:00", "Ana", "a@x.org", "Translator"]
    row[headers.index(header)] = "=1+1"
    result = read_responses(write_xlsx(tmp_path / "export.xlsx", [headers, row]))
    assert result.responses == []
    (rejected,) = result.rejected
    assert rejected.reason == (
        f"The {header!r} cell holds a formula with no saved result. {RESAVE}, so that "
        "formula results are stored, then import it again."
    )
    assert rejected.values[header] == ""


def test_row_whose_name_and_email_are_unsaved_formulas_names_both(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [["First", "Name", "Email"], ["Ana", "=A2", '=A2&"@x.org"'], ["Ben", "Ben", "b@x.org"]],
    )
    result = read_responses(path)
    assert [(r.row_number, r.reason.split(".")[0]) for r in result.rejected] == [
        (2, "The 'Name' and 'Email' cells hold formulas with no saved result")
    ]
    assert only(result).email == "b@x.org"


def test_row_holding_only_unsaved_formulas_in_name_and_email_is_not_skipped_as_blank(
    tmp_path: Path,
) -> None:
    path = write_xlsx(
        tmp_path / "export.xlsx",
        [["Name", "Email", "Why?"], ["=Sheet2!A1", "=Sheet2!B1", None], [None, None, "=1+1"]],
    )
    result = read_responses(path)
    assert [r.row_number for r in result.rejected] == [2]
    # Row 3 holds nothing else, so it is skipped: its formula is still named.
    assert "export.xlsx row 3, column 'Why?'" in result.warnings[2]


def test_formulas_with_saved_results_import_their_values_without_warning(
    tmp_path: Path,
) -> None:
    path = write_sheet_xml(
        tmp_path / "export.xlsx",
        '<row r="1">'
        + text_cell("A1", "Name")
        + text_cell("B1", "Email")
        + text_cell("C1", "Hours")
        + '</row><row r="2">'
        + text_cell("A2", "Ana")
        + '<c r="B2" t="str"><f>LOWER(A2)&amp;"@x.org"</f><v>ana@x.org</v></c>'
        + '<c r="C2"><f>2*4</f><v>8</v></c></row>',
    )
    result = read_responses(path)
    response = only(result)
    assert (response.email, answer(response, "Hours")) == ("ana@x.org", "8")
    assert result.warnings == []


def test_unsaved_formula_warnings_stop_at_20_then_count_the_rest(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Name", "Email", "Score"]]
    rows += [[f"P{n}", f"p{n}@x.org", f"=LEN(A{n})"] for n in range(2, 32)]
    result = read_responses(write_xlsx(tmp_path / "export.xlsx", rows))
    assert len(result.responses) == 30
    assert len(result.warnings) == 21
    assert result.warnings[19].startswith("export.xlsx row 21, column 'Score': a formula")
    assert result.warnings[20] == (
        "export.xlsx: and 10 more cells with a formula but no saved result, in rows 22 to "
        f"31. {RESAVE}, so that formula results are stored, then import it again."
    )


def test_long_formula_is_shortened_in_the_warning(tmp_path: Path) -> None:
    formula = "=CONCAT(" + ", ".join(["A2"] * 40) + ")"
    path = write_xlsx(
        tmp_path / "export.xlsx", [["Name", "Email", "Q"], ["Ana", "a@x.org", formula]]
    )
    warning = read_responses(path).warnings[0]
    assert f"a formula ({formula[:57]}...) with no saved result" in warning


def test_header_made_of_unsaved_formulas_says_so_in_the_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", [["Name", '="E"&"mail"'], ["Ana", "a@x.org"]])
    with pytest.raises(UserError, match=r"no email column.*header row holds formulas .*\(B1\)"):
        read_responses(path)


# --- rejected file ----------------------------------------------------------------------


def test_write_rejected_beside_source_with_bom_and_original_headers(tmp_path: Path) -> None:
    source = write_xlsx(
        tmp_path / "export.xlsx",
        [["Name", "Email", "Why?"], [None, None, "no details, = é"], ["Ana", "a@x.org", "ok"]],
    )
    result = read_responses(source)
    target = write_rejected(source, result)
    assert target == tmp_path / "export.xlsx.rejected.csv"
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["row", "reason", "Name", "Email", "Why?"],
        ["2", "No name and no email.", "", "", "no details, = é"],
    ]
    # Written through a temporary file that was renamed: nothing else is left behind.
    assert sorted(os.listdir(tmp_path)) == ["export.xlsx", "export.xlsx.rejected.csv"]


def test_write_rejected_keeps_formula_like_cells_from_running_in_a_spreadsheet(
    tmp_path: Path,
) -> None:
    source = write_csv(
        tmp_path / "export.csv",
        [["Name", "Email", "Q"], ["Formula", "=cmd|' /C calc'!A0", "-1"], ["Ana", "a@x.org", "+1"]],
    )
    target = write_rejected(source, read_responses(source))
    assert target is not None
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[1][2:] == ["Formula", "'=cmd|' /C calc'!A0", "'-1"]


def test_write_rejected_writes_nothing_when_nothing_was_rejected(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", "a@x.org"]])
    assert write_rejected(source, read_responses(source)) is None
    assert os.listdir(tmp_path) == ["export.csv"]


def test_write_rejected_removes_a_stale_file_when_nothing_was_rejected(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "export.csv", [["Name", "Email"], ["Ana", "a@x.org"]])
    (tmp_path / "export.csv.rejected.csv").write_text("row,reason\n2,old\n", encoding="utf-8")
    assert write_rejected(source, read_responses(source)) is None
    assert os.listdir(tmp_path) == ["export.csv"]


def test_write_rejected_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    target = tmp_path / "export.csv.rejected.csv"
    target.write_text("old", encoding="utf-8")
    broken = ReadResult(
        rejected=[Rejected(2, "No name and no email.", {"Q": "\ud800"})], headers=["Q"]
    )
    with pytest.raises(UnicodeEncodeError):
        write_rejected(source, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["export.csv.rejected.csv"]


def test_an_email_cell_written_as_a_mail_link_gives_the_address(tmp_path: Path) -> None:
    rows = [["Name", "Email"], ["Bia", "mailto:bia@x.org"], ["Caio", "Caio Lima <caio@x.org>"]]
    result = read_responses(write_csv(tmp_path / "export.csv", rows))
    assert [response.email for response in result.responses] == ["bia@x.org", "caio@x.org"]
    assert result.rejected == []
