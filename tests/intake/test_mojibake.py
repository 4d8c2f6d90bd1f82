"""Tests of reviewer_app.intake.mojibake: the quick test never passes by garbled text."""

from __future__ import annotations

import itertools
import re

import pytest
from ftfy.badness import BADNESS_RE, is_bad

from reviewer_app.intake import mojibake
from reviewer_app.intake.mojibake import MOJIBAKE_CHARACTER, repair_cell, repair_cells
from reviewer_app.storage.mojibake_repair import repair_mojibake


def _pattern_characters() -> list[str]:
    """Every character ftfy's pattern names, its ranges expanded, and some ASCII."""
    pattern = BADNESS_RE.pattern
    found = set(pattern) | set("aAzZ .,?!\n")
    for start, end in re.findall(r"(.)-(.)", pattern):
        found |= {chr(code) for code in range(ord(start), ord(end) + 1)}
    return sorted(found)


def test_text_without_a_mojibake_character_is_never_bad() -> None:
    # Every two- and three-character text made of what the pattern names, without
    # one of the quick test's characters: the full test finds nothing either.
    others = [c for c in _pattern_characters() if not MOJIBAKE_CHARACTER.search(c)]
    assert others
    for pair in itertools.product(others, repeat=2):
        assert not is_bad("".join(pair)), pair
    common = [c for c in others if not c.isascii()][:40] + list("a .")
    for triple in itertools.product(common, repeat=3):
        assert not is_bad("".join(triple)), triple


def test_cells_are_repaired_as_the_full_repair_does() -> None:
    cells = [
        "plain ASCII",
        "I\u00e2\u20ac\u2122m keen",  # a typographic apostrophe read as Windows-1252
        "S\u00c3\u00a3o Paulo",
        "Zo\u00eb and \u00c9lodie, caf\u00e9 \u2014 fine as it is",
        "\u043f\u0440\u0438\u0432\u0435\u0442 \U0001f30d",
        "\u0432\u0402\u201d",  # a Windows-1251 reading of an em dash
    ]
    for cell in cells:
        assert repair_cell(cell) == repair_mojibake(cell), cell
    assert repair_cell(cells[1]) == "I\u2019m keen"


def test_a_short_cell_seen_again_is_repaired_alike_without_ftfy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    garbled = "Iâ€™m between jobs, in SÃ£o Paulo"
    assert repair_cell(garbled) == repair_mojibake(garbled)
    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return repair_mojibake(text)

    monkeypatch.setattr(mojibake, "repair_mojibake", counted)
    for _ in range(3):
        assert repair_cell(garbled) == repair_mojibake(garbled)
    assert calls == []  # remembered
    long = "São Paulo " * 40  # over the memo's length: tested every time
    assert repair_cell(long) == long and repair_cell(long) == long
    assert calls == [long, long]


@pytest.mark.parametrize(
    "row",
    [
        ["plain", "ascii only", ""],
        ["José Müller", "Łódź", "São Paulo"],  # accents that are never garbled
        ["Joana", "CafÃ© com leite", "fine"],  # one garbled cell among others
        ["â€œquotedâ€\x9d", "", "Ã¼ber"],
        ["emoji 🌍", "right-to-left مرحبا", "zero\u200bwidth"],
    ],
)
def test_a_row_is_repaired_as_each_of_its_cells_would_be(row: list[str]) -> None:
    assert repair_cells(row, "".join(row)) == [repair_cell(cell) for cell in row]


def test_a_row_with_nothing_to_repair_is_handed_back_itself() -> None:
    row = ["Ana Souza", "ana@example.org", "Python, Git"]
    assert repair_cells(row, "".join(row)) is row


def test_a_closing_quote_whose_last_byte_was_lost_is_repaired() -> None:
    # "”" read as Windows-1252 is "â€" and a byte it leaves undefined, which a tool
    # before us made "�": repaired to "�" alone, re-importing a damaged copy replaced
    # the good answer with a worse one.
    assert repair_mojibake("Zoë said â€œquotesâ€\ufffd today") == "Zoë said “quotes” today"
    assert repair_mojibake("a lone � stays") == "a lone � stays"
