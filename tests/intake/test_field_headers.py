"""The email, submitted-time and position columns found by headers in the form's language."""

# Turkish headers hold the dotless i.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.intake.reader import read_responses
from reviewer_app.intake.timestamps import DAY_FIRST, date_order, parse_submitted_at
from tests.intake.test_name_columns import write_csv, write_mapping, write_xlsx
from tests.intake.test_name_columns_languages import SPELLINGS

EMAIL_HEADERS = [
    "Email address",
    "E-mail",
    "Correo electrónico",
    "Dirección de correo electrónico",
    "Endereço de e-mail",
    "Correio eletrônico",
    "Adresse e-mail",
    "Adresse électronique",
    "Courriel",
    "E-Mail-Adresse",
    "Indirizzo email",
    "Indirizzo di posta elettronica",
    "E-mailadres",
    "Adres e-mail",
    "E-posta adresi",
    "E-posta",
]
# Google Forms' timestamp column, in each language but English.
GOOGLE_TIMESTAMPS = [
    "Marca temporal",
    "Carimbo de data/hora",
    "Horodateur",
    "Zeitstempel",
    "Informazioni cronologiche",
    "Tijdstempel",
    "Sygnatura czasowa",
    "Zaman damgası",
]
# Microsoft Forms' start and completion times.
MICROSOFT_TIMES = [
    ("Start time", "Completion time"),
    ("Hora de inicio", "Hora de finalización"),
    ("Hora de início", "Hora de conclusão"),
    ("Heure de début", "Heure de fin"),
    ("Startzeit", "Fertigstellungszeit"),
    ("Ora di inizio", "Ora di completamento"),
    ("Begintijd", "Tijdstip van voltooien"),
    ("Godzina rozpoczęcia", "Godzina ukończenia"),
    ("Başlangıç saati", "Tamamlanma saati"),
]
POSITION_HEADERS = [
    "Position applied for",
    "Puesto",
    "Cargo pretendido",
    "Vaga",
    "Poste souhaité",
    "Stelle",
    "Posizione",
    "Functie",
    "Stanowisko",
    "Başvurulan pozisyon",
]


@pytest.mark.parametrize("spelling", range(len(SPELLINGS)))
@pytest.mark.parametrize("header", EMAIL_HEADERS)
def test_an_email_header_in_the_forms_language_is_the_email(
    tmp_path: Path, header: str, spelling: int
) -> None:
    typed = SPELLINGS[spelling](header)
    path = write_csv(tmp_path, [f"Nombre,{typed},Why", "Ana Souza,ana@x.org,because"])
    [response] = read_responses(path).responses
    assert response.email == "ana@x.org"
    assert response.answers == (("Why", "because"),)


@pytest.mark.parametrize("spelling", range(len(SPELLINGS)))
@pytest.mark.parametrize("header", GOOGLE_TIMESTAMPS)
def test_a_google_forms_timestamp_in_the_forms_language_is_the_submitted_time(
    tmp_path: Path, header: str, spelling: int
) -> None:
    typed = SPELLINGS[spelling](header)
    path = write_csv(tmp_path, [f"{typed},Name,Email", "15/03/2026 14:05:09,Ana Souza,ana@x.org"])
    [response] = read_responses(path).responses
    assert response.submitted_at == datetime(2026, 3, 15, 14, 5, 9, tzinfo=UTC)
    assert response.answers == ()


@pytest.mark.parametrize(("start", "completion"), MICROSOFT_TIMES)
def test_microsoft_forms_completion_time_is_the_submitted_time_not_its_start_time(
    tmp_path: Path, start: str, completion: str
) -> None:
    path = write_xlsx(
        tmp_path,
        [
            ["ID", start, completion, "Name", "Email"],
            [1, datetime(2026, 3, 4, 9), datetime(2026, 3, 4, 9, 12), "Ana", "ana@x.org"],
        ],
    )
    result = read_responses(path)
    [response] = result.responses
    assert response.submitted_at == datetime(2026, 3, 4, 9, 12, tzinfo=UTC)
    assert [question for question, _ in response.answers] == [start]
    assert result.warnings == []


@pytest.mark.parametrize("start", [start for start, _ in MICROSOFT_TIMES])
def test_a_start_time_alone_is_the_submitted_time(tmp_path: Path, start: str) -> None:
    path = write_xlsx(
        tmp_path, [[start, "Name", "Email"], [datetime(2026, 3, 4, 9), "Ana", "ana@x.org"]]
    )
    [response] = read_responses(path).responses
    assert response.submitted_at == datetime(2026, 3, 4, 9, tzinfo=UTC)


@pytest.mark.parametrize("header", POSITION_HEADERS)
def test_a_position_header_in_the_forms_language_is_the_position(
    tmp_path: Path, header: str
) -> None:
    path = write_csv(tmp_path, [f"Name,Email,{header}:", "Ana,ana@x.org,Mentor"])
    [response] = read_responses(path).responses
    assert response.position_typed == "Mentor"
    assert response.answers == ()


# --- which way round the dates are read --------------------------------------------------

# Only month first are these rows in the order they were submitted (2 Jan, then 1 Feb).
_MONTH_FIRST_ORDER = ["01/02/2026 10:00:00", "02/01/2026 10:00:00"]


@pytest.mark.parametrize("header", ["Marca temporal", "Carimbo de data/hora", "Hora de inicio"])
def test_the_rows_order_wins_over_a_day_first_headers_language(tmp_path: Path, header: str) -> None:
    # A Google Sheet's headers follow the user's language, its dates the sheet's locale.
    lines = [f"{header},Nombre,Correo electrónico"]
    lines += [f"{when},Ana {i},ana{i}@x.es" for i, when in enumerate(_MONTH_FIRST_ORDER)]
    result = read_responses(write_csv(tmp_path, lines))
    times = [response.submitted_at for response in result.responses]
    assert times == [datetime(2026, 1, 2, 10, tzinfo=UTC), datetime(2026, 2, 1, 10, tzinfo=UTC)]
    [warning] = result.warnings
    assert "read month first" in warning and "only this way" in warning
    assert 'dates = "day-first"' in warning


def test_the_headers_language_breaks_a_tie_in_the_rows_order() -> None:
    # In order either way: 3 April then 5 April, or 4 March then 4 May.
    tie = ["03/04/2026 10:00", "05/04/2026 10:00"]
    assert date_order(tie, language=DAY_FIRST).day_first is True
    assert date_order(tie).basis == "default"
    assert date_order(tie, language=DAY_FIRST).basis == ""


def test_ambiguous_dates_in_order_day_first_are_read_so_without_a_warning(
    tmp_path: Path,
) -> None:
    lines = ["Marca temporal,Nombre,Correo electrónico"]
    lines += ["03/04/2026 10:00:00,Ana,ana@x.es", "05/04/2026 11:00:00,Luis,luis@x.es"]
    result = read_responses(write_csv(tmp_path, lines))
    assert result.responses[0].submitted_at == datetime(2026, 4, 3, 10, tzinfo=UTC)
    assert result.warnings == []


def test_an_english_timestamp_still_goes_by_the_rows_order(tmp_path: Path) -> None:
    lines = ["Timestamp,Name,Email"]
    lines += [f"{when},Ana {i},ana{i}@x.org" for i, when in enumerate(_MONTH_FIRST_ORDER)]
    result = read_responses(write_csv(tmp_path, lines))
    assert result.responses[0].submitted_at == datetime(2026, 1, 2, 10, tzinfo=UTC)


def test_the_mapping_files_date_order_wins_over_the_headers_language(tmp_path: Path) -> None:
    lines = ["Marca temporal,Nombre,Correo electrónico", "03/04/2026 10:00:00,Ana,ana@x.es"]
    mapping = write_mapping(tmp_path, 'dates = "month-first"\n')
    [response] = read_responses(write_csv(tmp_path, lines), mapping).responses
    assert response.submitted_at == datetime(2026, 3, 4, 10, tzinfo=UTC)


def test_the_mapping_files_email_column_wins_over_one_found_by_header(tmp_path: Path) -> None:
    lines = ["Nombre,Correo electrónico,Contacto", "Ana,ana@old.es,ana@new.es"]
    mapping = write_mapping(tmp_path, '[columns]\nemail = "Contacto"\n')
    result = read_responses(write_csv(tmp_path, lines), mapping)
    [response] = result.responses
    assert response.email == "ana@new.es"
    assert response.answers == (("Correo electrónico", "ana@old.es"),)


def test_dates_that_can_be_read_one_way_only_win_over_the_headers_language() -> None:
    order = date_order(["3/25/2026 10:00", "3/4/2026 11:00"], language=DAY_FIRST)
    assert order.day_first is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Italian: the time's parts separated by dots.
        ("15/03/2026 14.05.09", datetime(2026, 3, 15, 14, 5, 9, tzinfo=UTC)),
        ("03/04/2026 9.05", datetime(2026, 4, 3, 9, 5, tzinfo=UTC)),
        # Spanish in Latin America: "p. m.".
        ("15/03/2026 2:05:09 p. m.", datetime(2026, 3, 15, 14, 5, 9, tzinfo=UTC)),
    ],
)
def test_times_written_in_other_locales_are_read(text: str, expected: datetime) -> None:
    assert parse_submitted_at(text, day_first=True) == expected
