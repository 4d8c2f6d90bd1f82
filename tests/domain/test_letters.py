"""Tests of reviewer_app/domain/letters.py: letters without their accents."""

from __future__ import annotations

import pytest

from reviewer_app.domain.letters import unaccented


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Bruno Araújo", "Bruno Araujo"),
        ("Araúj\u0301o", "Araujo"),  # an accent typed as its own character
        ("Łódź", "Lodz"),
        ("Tromsø, Ærø", "Tromso, AEro"),
        ("Þóra Guðmundsdóttir", "THora Gudmundsdottir"),
        ("straße", "strasse"),
        ("Iş\u0131k", "Isik"),
        ("Œuvre", "OEuvre"),
        ("陈静 Ñandú", "陈静 Nandu"),  # other scripts are kept
    ],
)
def test_unaccented_spells_each_letter_as_typed_without_its_accent(text: str, plain: str) -> None:
    assert unaccented(text) == plain
