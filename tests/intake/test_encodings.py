"""Exports in legacy encodings: detected, named in a warning, and imported once."""

# Curly quotes and mojibake are the point of some of these tests.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.responses import derived_response_id
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase

YAMADA = "山田太郎"
EXPORT = (
    "Submitted at,Full name,Email address,Why\n"
    f"2026-10-01 09:00:00,{YAMADA},taro@example.jp,ボランティアに参加したいです\n"
    "2026-10-02 10:30:00,Ana Lima,ana@example.org,Because\n"
)


def test_shift_jis_export_is_detected_and_named_in_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(EXPORT.encode("shift_jis"))
    result = read_responses(path)
    assert [r.name for r in result.responses] == [YAMADA, "Ana Lima"]
    assert dict(result.responses[0].answers)["Why"] == "ボランティアに参加したいです"
    assert result.warnings == [
        "export.csv is not UTF-8: its encoding was detected as Shift-JIS (Windows code page "
        "932), and it was read so. Check that names and accented letters look right; if "
        "not, export the responses again as UTF-8."
    ]


def test_short_exports_are_read_in_their_encoding(tmp_path: Path) -> None:
    cases = [
        # Windows-1252 reads these as "ŽR“c‘¾˜Y": Shift-JIS is detected.
        (f"Full name,Email address\n{YAMADA},taro@example.jp\n", "shift_jis"),
        (f"Full name,Email address,Why\n{YAMADA},t@x.jp,翻訳\n", "shift_jis"),
        # Each could be read as Big5 or Shift-JIS too ("I知"): it stays Windows-1252.
        ("Full name,Email address,Why\nAna,a@x.org,I’m keen\n", "cp1252"),
        ("Full name,Email address,Why\nJosé Müller,j@x.org,“keen” — €5\n", "cp1252"),
        ("Full name,Email address,Why\nZoë,z@x.org,naïve\n", "cp1252"),
        # Windows-1252 reads "£ukasz ¯ó³æ", Big5 "ㄆkasz 草單": Central European.
        ("Full name,Email address\nŁukasz Żółć,lukasz@example.pl\n", "cp1250"),
        ("Full name,Email address,Why\nŁukasz Żółć,l@x.pl,Chcę pomóc w tłumaczeniu\n", "cp1250"),
        ("Full name,Email address,Why\nŚliwińska Łęcka,s@x.pl,Paweł Wójcik\n", "cp1250"),
    ]
    path = tmp_path / "export.csv"
    for text, encoding in cases:
        path.write_bytes(text.encode(encoding))
        result = read_responses(path)
        [response] = result.responses
        name, email, *why = text.splitlines()[1].split(",")
        assert (response.name, response.email) == (name, email), text
        assert [answer for _, answer in response.answers] == why, text
        assert len(result.warnings) == 1, text


MAC_ROWS = [
    "José Muñoz,jose@example.org,São Paulo,“I’m keen” – weekends",
    "Zoë Brontë,zoe@example.org,Haworth,It’s what I do",
    "Jürgen Müller,juergen@example.org,Köln,Gern",
    "João Conceição,joao@example.org,Lisboa,Sim",
    "Ana Lima,ana@example.org,Recife,I’m keen to help; it’s what I do",
]


@pytest.mark.parametrize("row", MAC_ROWS)
def test_a_mac_roman_export_is_read_as_mac_roman_and_named_in_the_warning(
    tmp_path: Path, row: str
) -> None:
    # Old Mac Excel's "CSV (Macintosh)": é is 0x8E, read as Windows-1252 "JosŽ Mu–oz";
    # its curly quotes read as Windows-1255's Hebrew points.
    path = tmp_path / "mac.csv"
    path.write_bytes(f"Full name,Email address,City,Why\n{row}\n".encode("mac_roman"))
    result = read_responses(path)
    [response] = result.responses
    name, email, city, why = row.split(",")
    assert (response.name, response.email) == (name, email)
    assert [answer for _, answer in response.answers] == [city, why]
    assert result.warnings == [
        "mac.csv is not UTF-8: its encoding was detected as Mac Roman, and it was read so. "
        "Check that names and accented letters look right; if not, export the responses "
        "again as UTF-8."
    ]


@pytest.mark.parametrize("row", MAC_ROWS)
def test_the_same_export_in_windows_1252_is_still_read_as_windows_1252(
    tmp_path: Path, row: str
) -> None:
    path = tmp_path / "windows.csv"
    text = f"Full name,Email address,City,Why\n{row} — “really” for 5 €…\n"
    path.write_bytes(text.encode("cp1252"))
    result = read_responses(path)
    [response] = result.responses
    name, email, city, why = text.splitlines()[1].split(",")
    assert (response.name, response.email) == (name, email)
    assert [answer for _, answer in response.answers] == [city, why]
    [warning] = result.warnings
    assert warning.startswith("windows.csv is not UTF-8")
    assert "as Windows-1252." in warning or "as Windows-1252," in warning


def test_a_windows_1251_export_is_read_right(tmp_path: Path) -> None:
    text = (
        "Full name,Email,Why\nИван Петров,ivan@x.ru,Хочу помогать\n"
        "Ольга Смирнова,olga@x.ru,Люблю переводить тексты\n"
    )
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1251"))
    result = read_responses(path)
    assert [r.name for r in result.responses] == ["Иван Петров", "Ольга Смирнова"]
    assert "Windows-1251" in result.warnings[0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_export_is_read_with_or_without_a_byte_order_mark(
    tmp_path: Path, encoding: str
) -> None:
    # Excel's "Unicode text" is UTF-16 with tabs, and a byte-order mark.
    text = EXPORT.replace(",", "\t").encode(encoding)
    path = tmp_path / "export.txt"
    path.write_bytes(text)
    result = read_responses(path)
    assert [r.name for r in result.responses] == [YAMADA, "Ana Lima"]
    order = "little" if encoding.endswith("le") else "big"
    assert result.warnings == [
        f"export.txt is not UTF-8: its encoding was detected as UTF-16 ({order}-endian), "
        "and it was read so. Check that names and accented letters look right; if not, "
        "export the responses again as UTF-8."
    ]
    bom = codecs.BOM_UTF16_LE if order == "little" else codecs.BOM_UTF16_BE
    path.write_bytes(bom + text)
    marked = read_responses(path)
    assert [r.name for r in marked.responses] == [YAMADA, "Ana Lima"]
    assert marked.warnings == []  # the mark says what it is


def test_the_derived_id_ignores_the_name_and_the_encoding(tmp_path: Path) -> None:
    garbled = EXPORT.encode("shift_jis").decode("cp1252")
    assert YAMADA not in garbled
    first = read_responses(_write(tmp_path / "garbled.csv", garbled.encode()))
    fixed = read_responses(_write(tmp_path / "fixed.csv", EXPORT.encode("shift_jis")))
    renamed = read_responses(
        _write(tmp_path / "renamed.csv", EXPORT.replace("Ana Lima", "Ana M. Lima").encode())
    )
    ids = [r.response_id for r in first.responses]
    assert ids == [r.response_id for r in fixed.responses]
    assert ids == [r.response_id for r in renamed.responses]
    assert first.responses[0].name != fixed.responses[0].name


def test_the_derived_id_is_the_normalised_email_and_the_submitted_time() -> None:
    when = datetime(2026, 10, 1, 9, tzinfo=UTC)
    one = derived_response_id(when, "Ana@Example.org", "Translator")
    assert one == derived_response_id(when, " ana@example.org\u200b", "Designer")
    assert one != derived_response_id(when + timedelta(minutes=1), "ana@example.org", "")
    assert one != derived_response_id(when, "ben@example.org", "Translator")
    # Without a time, the position tells apart the applications of one address.
    plain = derived_response_id(None, "Ana@Example.org", "Translator")
    assert plain == derived_response_id(None, "ana@example.org", " translator ")
    assert plain != derived_response_id(None, "ana@example.org", "Designer")


def test_reimporting_the_fixed_export_updates_instead_of_duplicating(
    db: SharedDatabase, tmp_path: Path
) -> None:
    # The export as an earlier import garbled it, then the same export read right.
    garbled = EXPORT.encode("shift_jis").decode("cp1252").encode()
    first = import_responses(db, read_responses(_write(tmp_path / "a.csv", garbled)).responses)
    fixed = read_responses(_write(tmp_path / "b.csv", EXPORT.encode("shift_jis")))
    again = import_responses(db, fixed.responses)
    assert (first.imported, again.imported, again.updated, again.unchanged) == (2, 0, 1, 1)
    with db.session() as session:
        names = session.scalars(select(models.Application.name)).all()
    assert sorted(names) == sorted([YAMADA, "Ana Lima"])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
