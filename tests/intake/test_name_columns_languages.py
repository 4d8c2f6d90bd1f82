"""The name's column found by its header in the form's language, whole or in parts."""

# Turkish headers hold the dotless i.
# ruff: noqa: RUF001

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from reviewer_app.intake import name_columns
from reviewer_app.intake.columns import ColumnMapping, header_key, identity_fields
from reviewer_app.intake.reader import read_responses
from tests.intake.test_name_columns import write_csv, write_mapping, write_xlsx

FULL_NAME_HEADERS = [
    "Full name",
    "Nome completo",
    "Nombre completo",
    "Nombre y apellidos",
    "Nom complet",
    "Nom et prénom",
    "Vollständiger Name",
    "Vor- und Nachname",
    "Volledige naam",
    "Imię i nazwisko",
    "Nome e cognome",
    "Ad soyad",
    "Adı Soyadı",
    "Nome",
    "Nombre",
    "Nom",
    "Naam",
    "Name",
]
# How people type a header: stray spaces, a colon, a required field's asterisk, capitals,
# the accent left out or typed apart.
SPELLINGS = [
    lambda header: header,
    lambda header: f"  {header}  ",
    lambda header: f"{header}:",
    lambda header: f"{header} *",
    lambda header: header.upper(),
    lambda header: "".join(
        c for c in unicodedata.normalize("NFD", header) if not unicodedata.combining(c)
    ),
    lambda header: unicodedata.normalize("NFD", header),
]


@pytest.mark.parametrize("spelling", range(len(SPELLINGS)))
@pytest.mark.parametrize("header", FULL_NAME_HEADERS)
def test_a_full_name_header_in_the_forms_language_is_the_name(
    tmp_path: Path, header: str, spelling: int
) -> None:
    typed = SPELLINGS[spelling](header)
    path = write_csv(tmp_path, [f"{typed},Email,Why", "Ana Souza,ana@x.org,because"])
    [response] = read_responses(path).responses
    assert (response.name, response.answers) == ("Ana Souza", (("Why", "because"),))
    assert identity_fields(typed, ColumnMapping()) == {"name"}


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Nome", "Cognome"),
        ("Voornaam", "Achternaam"),
        ("Imię", "Nazwisko"),
        ("Ad", "Soyad"),
        ("Adı", "Soyadı"),
    ],
)
def test_first_and_last_name_headers_in_the_same_languages_are_joined(
    tmp_path: Path, first: str, last: str
) -> None:
    path = write_csv(tmp_path, [f"{first},{last},Email", "Ana,Souza,ana@x.org"])
    [response] = read_responses(path).responses
    assert (response.name, response.answers) == ("Ana Souza", ())


def test_no_first_or_last_name_header_is_a_full_name_header() -> None:
    parts = name_columns.NAME_PART_KEYS | name_columns._MIDDLE | name_columns._SECOND_LAST
    assert parts.isdisjoint(name_columns.FULL_NAME_KEYS)
    assert {header_key(h) for h in FULL_NAME_HEADERS} <= name_columns.FULL_NAME_KEYS


@pytest.mark.parametrize(
    "header", ["Nome,Nome completo,Sobrenome", "Nombre,Apellidos,Nombre completo"]
)
def test_a_full_name_column_wins_over_a_first_name_word_before_it(
    tmp_path: Path, header: str
) -> None:
    cells = {"Nome": "Ana", "Nombre": "Ana", "Sobrenome": "Souza", "Apellidos": "Souza"}
    row = ",".join(cells.get(h, "Ana Maria Souza") for h in header.split(","))
    path = write_csv(tmp_path, [f"{header},Email", f"{row},ana@x.org"])
    result = read_responses(path)
    [response] = result.responses
    assert response.name == "Ana Maria Souza"
    assert dict(response.answers) == {h: v for h, v in cells.items() if h in header}


def test_a_full_name_column_in_another_language_is_found_in_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        [["Notas"], [], ["Nombre completo:", "Correo", "Email *"], ["José Muñoz", "x", "j@x.es"]],
    )
    [response] = read_responses(path).responses
    assert (response.name, response.email) == ("José Muñoz", "j@x.es")


def test_a_mapping_file_still_wins_over_a_recognised_full_name(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, '[columns]\nname = "Applicant"\n')
    path = write_csv(
        tmp_path, ["Nome completo,Applicant,Email", "Ana Maria Souza,Ana S.,ana@x.org"]
    )
    result = read_responses(path, mapping)
    [response] = result.responses
    assert response.name == "Ana S."
    assert response.answers == (("Nome completo", "Ana Maria Souza"),)
