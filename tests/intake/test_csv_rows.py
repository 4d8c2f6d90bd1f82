"""Tests for reviewer_app.intake.csv_rows: CSV records that cannot swallow rows."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.intake import csv_rows
from reviewer_app.intake.columns import ColumnMapping
from reviewer_app.intake.csv_rows import read_csv_rows
from reviewer_app.intake.reader import read_responses

# The case of the issue, as printf writes it.
STRAY_QUOTE = b'Full name,Email address,Why\nA,a@x.org,"keen\nB,b@x.org,ok\nC,c@x.org,ok\n'


def rows_text(count: int, stray_at: int | None = None, closed_at: int | None = None) -> str:
    """A form export of ``count`` applications; a stray quote opens at row ``stray_at``.

    A second stray quote, at the end of row ``closed_at``, closes it.
    """
    lines = ["Full name,Email address,Why\n"]
    for row in range(2, count + 2):
        why = f"Reason {row}"
        if row == stray_at:
            why = '"' + why
        elif row == closed_at:
            why += '"'
        lines.append(f"Applicant {row},a{row}@example.org,{why}\n")
    return "".join(lines)


def test_the_issues_stray_quote_fails_naming_the_row_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(STRAY_QUOTE)
    with pytest.raises(UserError) as info:
        read_responses(path)
    message = str(info.value)
    assert f"{path} row 2 (line 2), column 'Why'" in message
    assert "never closes" in message and "Nothing was imported" in message
    # The message names where the quote is, and none of the applicants it swallowed.
    assert "b@x.org" not in message and "c@x.org" not in message
    # A quote left open in the last line swallows nothing: its cell is read.
    path.write_bytes(b'Full name,Email address,Why\nA,a@x.org,"keen')
    result = read_responses(path)
    [response] = result.responses
    assert dict(response.answers)["Why"] == "keen"
    # It may be a file cut off: said.
    assert result.warnings == [
        f"{path} row 2 (line 2), column 'Why': a quote (\") opens this cell and the file "
        "ends before it closes; it was read as 'keen'. Is the file cut off? Check this last "
        "row against the form's responses."
    ]


def test_a_stray_quote_in_a_1000_row_file_fails_instead_of_swallowing_990_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(rows_text(1000, stray_at=11), encoding="utf-8")
    with pytest.raises(UserError, match=r"row 11 \(line 11\), column 'Why': a quote"):
        read_responses(path)
    path.write_text(rows_text(1000), encoding="utf-8")
    assert len(read_responses(path).responses) == 1000


@pytest.mark.parametrize("ending", ["\n", ""], ids=["newline", "no newline"])
def test_a_stray_quote_closed_rows_later_fails_when_rows_are_inside_the_cell(
    tmp_path: Path, ending: str
) -> None:
    # An answer over several lines, with commas and addresses, is no such cell.
    references = (
        "My references, whom you may call:\n"
        "Jo Smith, manager, jo@example.org\n"
        "Sam Lee, teacher, sam@example.org\n"
        "\n"
        "Thanks, and see you soon"
    )
    path = tmp_path / "export.csv"
    path.write_text(
        f'Full name,Email address,Why\nAna,ana@x.org,"{references}"{ending}', encoding="utf-8"
    )
    [response] = read_responses(path).responses
    assert dict(response.answers)["Why"] == references
    path.write_text(rows_text(50, stray_at=5, closed_at=20), encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_responses(path)
    message = str(info.value)
    assert "row 5 (line 5), column 'Why'" in message
    assert "closes only 15 lines later" in message and "look like rows" in message


def test_a_stray_quote_closed_by_the_next_rows_quoted_cell_fails(tmp_path: Path) -> None:
    # The walkthrough's export: row 3's stray quote closed where row 4's quoted answer
    # opens, so row 4 was read into row 3's answer and the import said all was well.
    path = tmp_path / "export.csv"
    path.write_text(
        "Full name,Email address,City,Why\n"
        'Ana,ana@x.org,Lisboa 5" screen,"Keen, ""very"" keen"\n'
        'Hana,hana@x.org,"Krakow,Because\n'
        'Kwame,kwame@x.org,,"Quiero ayudar, me encanta"\n'
        "Zoe,zoe@x.org,Porto,ok\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        read_responses(path)
    message = str(info.value)
    assert "row 3 (line 3), column 'City'" in message
    assert "closes 1 line(s) later inside another cell" in message
    assert "Nothing was imported" in message and "kwame@x.org" not in message
    # Without the stray quote every row is read, the quote inside a cell kept as written.
    path.write_text(path.read_text(encoding="utf-8").replace('"Krakow', "Krakow"), "utf-8")
    responses = read_responses(path).responses
    assert [r.email for r in responses] == ["ana@x.org", "hana@x.org", "kwame@x.org", "zoe@x.org"]
    assert dict(responses[0].answers)["City"] == 'Lisboa 5" screen'


@pytest.fixture
def default_field_limit() -> Iterator[None]:
    """The csv module's default field size limit (128 KB), as in a fresh process."""
    before = csv.field_size_limit()
    csv.field_size_limit(128 * 1024)
    yield
    csv.field_size_limit(before)


@pytest.mark.usefixtures("default_field_limit")
def test_a_header_of_20000_questions_over_128_kb_is_read(tmp_path: Path) -> None:
    questions = [f"Question number {n} of the long form" for n in range(1, 19_999)]
    header = ["Full name", "Email address", *questions]
    answers = ["Ana", "ana@x.org", *(f"answer {n}" for n in range(1, 19_999))]
    path = tmp_path / "export.csv"
    path.write_text(",".join(header) + "\n" + ",".join(answers) + "\n", encoding="utf-8")
    assert len(",".join(header)) > 128 * 1024
    result = read_responses(path)
    [response] = result.responses
    assert len(result.headers) == 20_000
    assert response.answers[-1] == ("Question number 19998 of the long form", "answer 19998")


# --- not CSV text ------------------------------------------------------------------------


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
        read_csv_rows(path, ColumnMapping(), [])
    assert str(path) in str(info.value)


def test_csv_with_a_nul_below_the_header_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b'Name,Email\n"A\x00na",a@x.org\n')
    assert read_csv_rows(path, ColumnMapping(), []) == [
        (1, ["Name", "Email"]),
        (2, ["A\x00na", "a@x.org"]),
    ]


def test_a_file_reads_the_same_whatever_its_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # UTF-8 is decoded a piece at a time, each ending after a line feed: a piece that
    # ends inside a quoted cell, after "\r\n" or "\r", or in a long character changes nothing.
    path = tmp_path / "export.csv"
    text = (
        "\ufeffName,Email,Why\r\n"
        'Zoë 🌍,z@example.org,"two\r\nlines, and\rone more"\r\n'
        "Bo,b@example.org,mac\rline\n"
        'Ana,a@example.org,"quote "" inside\n\nand blank lines"\n'
        "Last,l@example.org,no line end"
    )
    path.write_bytes(text.encode("utf-8"))
    whole = read_csv_rows(path, ColumnMapping(), [])
    for piece in (1, 2, 3, 5, 8, 13):
        monkeypatch.setattr(csv_rows, "_PIECE", piece)
        assert read_csv_rows(path, ColumnMapping(), []) == whole, piece
    assert whole[0] == (1, ["Name", "Email", "Why"])
    assert whole[1][1][0] == "Zoë 🌍"
    assert whole[1][1][2] == "two\nlines, and\none more"


def test_bytes_that_stop_being_utf8_late_are_read_in_the_detected_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_rows, "_PIECE", 16)
    path = tmp_path / "export.csv"
    rows = "".join(f"Person {i},p{i}@example.org,fine\n" for i in range(50))
    path.write_bytes(
        ("Name,Email,Why\n" + rows).encode() + "Zoë,z@example.org,café\n".encode("cp1252")
    )
    warnings: list[str] = []
    read = read_csv_rows(path, ColumnMapping(), warnings)
    assert read[-1] == (52, ["Zoë", "z@example.org", "café"])
    assert len(warnings) == 1 and "not UTF-8" in warnings[0]


# --- the delimiter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        # European Excel: semicolons, and commas inside the unquoted questions and answers.
        (
            [
                "Timestamp;Full name;Email address;Why, in short, do you want to help, and "
                "when, and how?;Anything else, e.g. availability, languages, skills?",
                "01/12/2026 10:00:00;Ana;ana@example.org;Because, well, yes;no, thanks",
                "02/12/2026 11:00:00;Ben;ben@example.org;I can, I think;",
            ],
            ";",
        ),
        # Commas, with semicolons inside a quoted answer.
        (["Name,Email,Why", 'Ana,ana@example.org,"a; b; c; d; e"'], ","),
        # Tabs (Excel's "Unicode text"), commas inside the answers.
        (["Name\tEmail\tWhy", "Ana\tana@example.org\tyes, no, maybe"], "\t"),
        # Headers it does not know: the delimiter that gives every record the same width.
        (
            [
                "When;Who;Contact;Q, R, S, T, U",
                "1;Ana;ana@example.org;a, b",
                "2;Ben;b@example.org;c",
            ],
            ";",
        ),
    ],
    ids=["semicolons and commas", "commas and semicolons", "tabs", "unknown headers"],
)
def test_the_delimiter_is_the_one_the_records_agree_on(
    tmp_path: Path, lines: list[str], delimiter: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = read_csv_rows(path, ColumnMapping(), [])
    width = len(lines[0].split(delimiter))
    assert [len(cells) for _, cells in rows] == [width] * len(lines)
    assert rows[0][1] == lines[0].split(delimiter)


def test_the_delimiter_is_the_one_under_which_the_mappings_columns_are_named(
    tmp_path: Path,
) -> None:
    # Split at commas, the records agree as well (3 cells each), and comma wins ties.
    path = tmp_path / "export.csv"
    path.write_text(
        "Nome completo;Endereço de e-mail;Cidade, estado, país\n"
        "Ana Souza;ana@x.org;Lisboa, Lisboa, Portugal\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\nname = "Nome completo"\nemail = "Endereço de e-mail"\n', encoding="utf-8"
    )
    result = read_responses(path, mapping)
    assert [(r.name, r.email) for r in result.responses] == [("Ana Souza", "ana@x.org")]
    assert result.responses[0].answers == (("Cidade, estado, país", "Lisboa, Lisboa, Portugal"),)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b'Name,Email,Why\r\nAna,ana@x.org,"one\r\ntwo\rthree"\r\n', "utf-8"),
        (b'Name,Email,Why\rAna,ana@x.org,"one\r\ntwo\rthree"\r', "utf-8"),
        ('Name\tEmail\tWhy\r\nAna\tana@x.org\t"one\r\ntwo\rthree"\r\n', "utf-16"),
    ],
    ids=["windows line ends", "old mac line ends", "excel unicode text"],
)
def test_a_quoted_line_break_reads_as_a_line_feed_whatever_the_files_line_ends(
    tmp_path: Path, data: bytes | str, encoding: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    (response,) = read_responses(path).responses
    assert response.answers == (("Why", "one\ntwo\nthree"),)


def test_a_file_whose_later_piece_is_not_utf8_is_read_again_whole_as_detected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # UTF-8 is read a piece at a time without checking the file first: a piece further
    # on that is not UTF-8 (a Windows-1252 export, accents late in it) starts again.
    monkeypatch.setattr(csv_rows, "_PIECE", 64)
    lines = ["Name,Email"] + [f"Ana {n},ana{n}@example.org" for n in range(20)]
    lines += ["José Núñez,jose@example.org", "Zoë Çelik,zoe@example.org"]
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    warnings: list[str] = []
    rows = read_csv_rows(path, ColumnMapping(), warnings)
    assert [cells for _, cells in rows[-2:]] == [
        ["José Núñez", "jose@example.org"], ["Zoë Çelik", "zoe@example.org"],
    ]  # fmt: skip
    assert len(rows) == len(lines)
    assert len([w for w in warnings if "is not UTF-8" in w]) == 1


def test_plain_utf8_read_in_pieces_gives_no_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_rows, "_PIECE", 64)
    lines = ["Name,Email"] + [f"Zoë {n},zoe{n}@example.org" for n in range(30)]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warnings: list[str] = []
    rows = read_csv_rows(path, ColumnMapping(), warnings)
    assert len(rows) == 31 and rows[-1][1] == ["Zoë 29", "zoe29@example.org"]
    assert warnings == []
