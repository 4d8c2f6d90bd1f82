"""Of two headers of one field, the surer one is the field's: a bare word only alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.intake.reader import read_responses
from tests.intake.test_name_columns import write_csv

# A bare word of the form's language first, then the field's own header.
POSITIONS_AFTER_A_BARE_WORD = [
    ("Cargo", "Position"),
    ("Cargo", "Puesto al que postulas"),
    ("Función", "Puesto al que aplicas"),
    ("Função", "Função pretendida"),
    ("Stelle", "Gewünschte Stelle"),
    ("Poste", "Poste souhaité"),
    ("Functie", "Gewenste functie"),
    ("Vacante", "Position applied for"),
    ("Puesto", "Puesto solicitado"),
]
TIMES_AFTER_A_BARE_WORD = [
    ("Datum", "Submitted At"),
    ("Fecha", "Marca temporal"),
    ("Tarih", "Zaman damgası"),  # noqa: RUF001 (Turkish's dotless i)
    ("Datum", "Zeitstempel"),
    ("Fecha", "Hora de inicio"),
]


def test_a_bare_cargo_before_position_stays_an_answer(tmp_path: Path) -> None:
    lines = ["Name,Email,Cargo,Empresa,Position", "Ana,ana@x.org,CTO,Acme,Mentor"]
    result = read_responses(write_csv(tmp_path, lines))
    [response] = result.responses
    assert response.position_typed == "Mentor"
    assert response.answers == (("Cargo", "CTO"), ("Empresa", "Acme"))
    assert result.warnings == []


@pytest.mark.parametrize(("bare", "header"), POSITIONS_AFTER_A_BARE_WORD)
def test_a_position_header_wins_over_a_bare_word_before_it(
    tmp_path: Path, bare: str, header: str
) -> None:
    lines = [f"Name,Email,{bare},{header}", "Ana,ana@x.org,Engineer,Mentor"]
    [response] = read_responses(write_csv(tmp_path, lines)).responses
    assert response.position_typed == "Mentor"
    assert response.answers == ((bare, "Engineer"),)


@pytest.mark.parametrize(("bare", "header"), TIMES_AFTER_A_BARE_WORD)
def test_a_submitted_time_header_wins_over_a_bare_date_before_it(
    tmp_path: Path, bare: str, header: str
) -> None:
    lines = [f"Name,Email,{bare},{header}", "Ana,ana@x.org,03/04/2026,2026-05-06 07:08:09"]
    [response] = read_responses(write_csv(tmp_path, lines)).responses
    assert response.submitted_at == datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert response.answers == ((bare, "03/04/2026"),)


@pytest.mark.parametrize("bare", ["Cargo", "Stelle", "Vacante"])
def test_a_bare_word_alone_is_still_the_position(tmp_path: Path, bare: str) -> None:
    lines = [f"Name,Email,{bare}", "Ana,ana@x.org,Mentor"]
    [response] = read_responses(write_csv(tmp_path, lines)).responses
    assert response.position_typed == "Mentor"


def test_a_bare_date_alone_is_still_the_submitted_time(tmp_path: Path) -> None:
    lines = ["Nombre,Correo,Fecha,Email", "Ana,x,2026-05-06 07:08:09,ana@x.org"]
    [response] = read_responses(write_csv(tmp_path, lines)).responses
    assert response.submitted_at == datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)


def test_two_equally_sure_headers_still_warn_and_the_first_wins(tmp_path: Path) -> None:
    lines = ["Name,Email,Position,Position applied for", "Ana,ana@x.org,Mentor,Backend"]
    result = read_responses(write_csv(tmp_path, lines))
    assert result.responses[0].position_typed == "Mentor"
    assert result.warnings == [
        "Column 'Position applied for' also looks like the position column; it is kept "
        "as an answer."
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Which position are you applying for?",
        "What role are you interested in?",
        "Which volunteer role are you applying for?",
        "What position would you like to apply for?",
        "Position you are applying for",
        "Role",
    ],
)
def test_a_question_asking_for_the_position_is_its_column(tmp_path: Path, header: str) -> None:
    lines = [f'Name,Email,"{header}",Why', "Ana,ana@x.org,Translator,because"]
    [response] = read_responses(write_csv(tmp_path, lines)).responses
    assert response.position_typed == "Translator"
    assert response.answers == (("Why", "because"),)


@pytest.mark.parametrize(
    "header",
    [
        "Have you applied for a position before?",
        "Which position did you hold at your last job?",
        "What roles have you had?",
    ],
)
def test_a_question_about_other_positions_stays_an_answer(tmp_path: Path, header: str) -> None:
    lines = [f'Name,Email,Position,"{header}"', "Ana,ana@x.org,Translator,Yes"]
    [response] = read_responses(write_csv(tmp_path, lines)).responses
    assert response.position_typed == "Translator"
    assert response.answers == ((header, "Yes"),)


def test_the_position_s_own_header_wins_over_a_question_and_a_bare_role(tmp_path: Path) -> None:
    lines = [
        'Name,Email,Role,"Which position are you applying for?",Position',
        "Ana,ana@x.org,Engineer,Translator,Mentor",
    ]
    result = read_responses(write_csv(tmp_path, lines))
    [response] = result.responses
    assert response.position_typed == "Mentor"
    assert dict(response.answers)["Role"] == "Engineer"
