"""Naming the columns of an export: repeated and empty headers, however many."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from reviewer_app.errors import UserError
from reviewer_app.intake.columns import (
    NAMED_REPEATS,
    ColumnMapping,
    column_letters,
    load_mapping,
    unique_headers,
)
from reviewer_app.intake.reader import read_responses


def test_repeated_and_empty_headers_are_numbered_and_told() -> None:
    warnings: list[str] = []
    headers = unique_headers(["Q", "Q", "", "Q (3)", "Q"], warnings)
    assert headers == ["Q", "Q (2)", "Column C", "Q (3)", "Q (4)"]
    assert warnings == [
        "The export: two columns are called 'Q'; the later one is 'Q (2)'.",
        "The export: two columns are called 'Q'; the later one is 'Q (4)'.",
    ]


def test_a_header_repeated_thousands_of_times_is_named_at_once_and_told_briefly() -> None:
    warnings: list[str] = []
    start = time.perf_counter()
    headers = unique_headers(["Q"] * 100_000, warnings)
    # Numbering each copy from 2 again took 49 s for 20,000 copies.
    assert time.perf_counter() - start < 2
    assert headers[-1] == "Q (100000)"
    assert len(set(headers)) == 100_000
    assert len(warnings) == NAMED_REPEATS + 1
    assert warnings[-1].startswith("The export: 99,994 more columns repeat an earlier header")


def test_columns_are_lettered_past_any_spreadsheets_last() -> None:
    assert [column_letters(i) for i in (0, 25, 26, 701, 702, 16_383, 18_277, 18_278)] == [
        "A", "Z", "AA", "ZZ", "AAA", "XFD", "ZZZ", "AAAA"
    ]  # fmt: skip


def test_one_row_far_wider_than_the_header_is_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    lines = ["Name,Email,Why", "Ana,ana@example.org,q" + ",x" * 20_000]
    lines += [f"P{n},p{n}@example.org,q" for n in range(5_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    result = read_responses(path)
    # Every row was read as wide as that one: 20,000 cells each.
    assert time.perf_counter() - start < 5
    assert len(result.responses) == 5_001
    assert result.responses[1].answers == (("Why", "q"),)
    [warning] = [w for w in result.warnings if "cells, the header" in w]
    assert "('x', 'x', 'x', 'x', 'x' and 19,995 more)" in warning
    assert "'Column D', 'Column E', 'Column F', 'Column G', 'Column H' and 19,995 more" in warning


_MAPPING = '[columns]\r\nname = "Nome completo"\r\nemail = "Endereço de e-mail"\r\n'


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + _MAPPING.encode("utf-8"),
        codecs.BOM_UTF16_LE + _MAPPING.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + _MAPPING.encode("utf-16-be"),
    ],
    ids=["utf-8 with a byte-order mark", "utf-16 little-endian", "utf-16 big-endian"],
)
def test_a_mapping_file_saved_by_notepad_is_read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "mapping.toml"
    path.write_bytes(data)
    assert load_mapping(path) == ColumnMapping(
        {"name": "Nome completo", "email": "Endereço de e-mail"}
    )


def test_a_mapping_file_in_a_legacy_encoding_is_told_to_be_saved_as_utf8(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mapping.toml"
    path.write_bytes(_MAPPING.encode("cp1252"))
    with pytest.raises(UserError) as info:
        load_mapping(path)
    assert str(info.value) == (
        f"The mapping file {path} is not UTF-8 text (line 3 holds the byte 0xe7): save it "
        "as UTF-8 (in Notepad: File > Save As, Encoding: UTF-8) and import again."
    )


def test_a_mapping_file_with_curly_quotes_says_to_write_them_straight(tmp_path: Path) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text("[columns]\nname = \u201cFull name\u201d\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_mapping(path)
    assert str(info.value) == (
        f"The mapping file {path} is not valid TOML (Invalid value (at line 2, column 8)). "
        'Write its quotes straight ("), not curly (\u201c\u201d). Fix it.'
    )


def test_a_missing_name_column_is_shown_mapped_as_the_name(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Volunteer,Email\nAna Souza,ana@x.org\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_responses(path)
    assert str(info.value) == (
        f"{path} has no name column. Headers found: Volunteer, Email. Rename the column in "
        'the file, or name it in a mapping file (e.g. [columns] name = "Applicant", or '
        'name = ["First name", "Last name"] for a name in two columns).'
    )


def test_a_date_order_written_below_the_columns_table_is_told_where_it_goes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text('[columns]\nname = "Full name"\ndates = "month-first"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"Move dates above the \[columns\] line"):
        load_mapping(path)
