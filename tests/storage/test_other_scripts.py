"""A name or two in Cyrillic, Greek, Arabic or Hebrew among English answers."""

# Turkish names are what some of these tests are about.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from reviewer_app.storage.other_scripts import other_script_reading
from reviewer_app.storage.text_repair import decode_bytes

CASES = [
    (["Иван Петров"], "cp1251", "Windows-1251 (Cyrillic)"),
    (["Дмитрий Кузнецов", "Святослав Шевчук"], "cp1251", "Windows-1251 (Cyrillic)"),
    (["Γιώργος Παπαδόπουλος"], "cp1253", "Windows-1253 (Greek)"),
    (["דוד כהן", "שרה לוי", "משה מזרחי"], "cp1255", "Windows-1255 (Hebrew)"),
    (["محمد علي"], "cp1256", "Windows-1256 (Arabic)"),
]


@pytest.mark.parametrize(("names", "encoding", "named"), CASES)
def test_names_in_another_script_are_not_read_as_accented_latin(
    names: list[str], encoding: str, named: str
) -> None:
    # Windows-1252 read "Иван Петров" as "Èâàí Ïåòðîâ".
    text = "Full name,Email,Why\n" + "".join(
        f"{name},p{number}@example.org,I would like to help\n" for number, name in enumerate(names)
    )
    decoded = decode_bytes(text.encode(encoding))
    assert (decoded.text, decoded.encoding) == (text, named)


@pytest.mark.parametrize(
    "name", ["José Muñoz", "Ærø Øvre", "Þórður Guðrún", "ÉTÉ", "Ìñigo", "Zoë Brontë", "naïve"]
)
def test_western_names_stay_western(name: str) -> None:
    text = f"Full name,Email\n{name},a@example.org\n"
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "Windows-1252")


def test_a_choice_of_another_code_page_is_kept() -> None:
    sample = "Łukasz Żółć".encode("cp1250")
    assert other_script_reading(sample, "cp1250") == "cp1250"
    assert other_script_reading("Èâàí".encode("cp1252"), "cp932") == "cp932"


def test_consonants_alone_are_not_a_cyrillic_reading() -> None:
    # Greek bytes read in Windows-1251 are "Гйюсгпт Рбрбдьрпхлпт": too few vowels.
    sample = "Γιώργος Παπαδόπουλος".encode("cp1253")
    assert other_script_reading(sample, "cp1252") == "cp1253"


def test_the_nordic_letters_as_words_stay_western() -> None:
    text = "Name,Languages\nOle,ÆØÅ og æøå\n"
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "Windows-1252")


@pytest.mark.parametrize("name", ["Ayşe Yılmaz", "Şükrü Yılmaz", "İsmail Doğan"])
def test_turkish_names_in_windows_1254_are_read_so(name: str) -> None:
    # Read as Windows-1252 they were "Ayþe Yýlmaz".
    text = f"Full name,Email\n{name},a@example.org\n"
    decoded = decode_bytes(text.encode("cp1254"))
    assert (decoded.text, decoded.encoding) == (text, "Windows-1254 (Turkish)")


@pytest.mark.parametrize("name", ["Þórður Guðrún", "Sigurður Þorsteinsson", "Zeynep Çelik"])
def test_icelandic_and_letters_alike_in_both_stay_windows_1252(name: str) -> None:
    text = f"Full name,Email\n{name},a@example.org\n"
    decoded = decode_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "Windows-1252")
