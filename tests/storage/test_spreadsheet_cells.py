"""Tests of reviewer_app/storage/spreadsheet_cells.py: the formula-neutralisation rule.

The rule is checked on its own, against a slower reference written from Unicode's
properties, and through the rejected-rows file of an import, its other writer (the
export's columns are tested in tests/export/test_neutralisation.py).
"""

# Look-alike and invisible characters are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from reviewer_app.intake.reader import read_responses, write_rejected
from reviewer_app.storage.spreadsheet_cells import (
    FORMULA_TRIGGERS,
    INVISIBLE,
    as_text_cell,
)

# Cells a reader sees as starting with a formula character, which a spreadsheet may run.
FORMULA_LIKE = [
    ' =HYPERLINK("x")',
    "\u200b=1+1",  # zero-width space
    "\ufeff=1",  # byte order mark
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "\u200c\u200d\u2060-1",  # zero-width non-joiner, joiner, word joiner
    "\u00a0\u202e@x",  # no-break space, right-to-left override
    "\u3000\u180e+1",  # ideographic space, Mongolian vowel separator
    "\n\t =1",
    "\U000e0041=1",  # a tag character
    "\ufe66cmd",  # small equals sign
]
# What the rule caught before it saw through invisible characters; still caught.
PLAIN_TRIGGERS = ["=1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
# Text that must come out as it went in, each with a look-alike that must not.
LEGITIMATE = [
    ("Zoë", "\u200b=Zoë"),
    ("Ana-Maria", "－Ana"),
    ("a=b", " =b"),
    ("1+1", "＋1"),
    ("x＝1", "＝x"),
    ("", "\ufeff@"),
    (" ", " -"),
    ("\u200b", "\u200b+"),
    ("名前", "\u3000＝名前"),
    ("Ζωή", "\u2060@Ζωή"),
]
_CONTROL_OR_SPACE = frozenset({"Cc", "Zs", "Zl", "Zp"})


def reference_runs_as_formula(cell: str) -> bool:
    """The rule as the module states it, from unicodedata, one character at a time."""
    if cell[:1] in ("\t", "\r"):
        return True
    for char in cell:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return unicodedata.normalize("NFKC", char) in ("=", "+", "-", "@")
    return False


@pytest.mark.parametrize("cell", FORMULA_LIKE)
def test_formula_like_cells_get_a_leading_quote(cell: str) -> None:
    assert as_text_cell(cell) == "'" + cell


@pytest.mark.parametrize(("text", "look_alike"), LEGITIMATE)
def test_legitimate_text_is_untouched_and_its_look_alike_is_not(text: str, look_alike: str) -> None:
    assert as_text_cell(text) == text
    assert as_text_cell(look_alike) == "'" + look_alike


def test_a_negative_number_in_free_text_becomes_text_as_owasp_documents() -> None:
    assert as_text_cell("-5") == "'-5"
    assert as_text_cell(" -5") == "' -5"


def test_the_rule_agrees_with_the_reference() -> None:
    cells = FORMULA_LIKE + PLAIN_TRIGGERS + [cell for pair in LEGITIMATE for cell in pair]
    disagreeing = [
        cell for cell in cells if (as_text_cell(cell) != cell) != reference_runs_as_formula(cell)
    ]
    assert disagreeing == []


def test_the_triggers_are_every_character_whose_compatibility_form_is_one() -> None:
    derived = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.normalize("NFKC", chr(code)) in ("=", "+", "-", "@")
    }
    assert derived == FORMULA_TRIGGERS


def test_every_space_control_and_format_character_before_a_trigger_is_seen_through() -> None:
    invisible = re.compile(f"[{INVISIBLE}]")
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if (chr(code).isspace() or unicodedata.category(chr(code)) in ("Cc", "Cf"))
        # Visible format characters: Arabic and Syriac signs written before numbers,
        # Kaithi and Egyptian hieroglyph marks; a reader sees them in the cell.
        and not unicodedata.name(chr(code), "").startswith(
            ("ARABIC", "SYRIAC", "KAITHI", "EGYPTIAN")
        )
        and not invisible.fullmatch(chr(code))
    ]
    assert missed == []
    for char in "\u200b\u200c\u200d\u2060\ufeff":
        assert as_text_cell(char + "=1") == "'" + char + "=1"


def test_nothing_visible_is_taken_for_invisible() -> None:
    invisible = re.compile(f"[{INVISIBLE}]")
    visible = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if invisible.fullmatch(chr(code))
        and unicodedata.category(chr(code)) not in {"Cf", "Cn", "Mn", *_CONTROL_OR_SPACE}
        # Hangul fillers are letters (Lo) that render as nothing.
        and "FILLER" not in unicodedata.name(chr(code), "")
    ]
    assert visible == []


@pytest.mark.parametrize("cell", FORMULA_LIKE)
def test_rejected_rows_file_neutralises_the_same_cells(tmp_path: Path, cell: str) -> None:
    # The import's other writer: a row without name and email is rejected and written
    # back, each original cell through the same rule.
    source = tmp_path / "export.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Name", "Email", "Why?", "Also"], ["", "", cell, "Zoë"]])
    source.write_text(buffer.getvalue(), encoding="utf-8")
    target = write_rejected(source, read_responses(source))
    assert target is not None
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[1][2:] == ["", "", "'" + cell, "Zoë"]
