"""Which columns hold the applicant's name: one full-name column, or its parts joined.

Many forms ask for the given name and the family name in two fields (Typeform exports
them as two columns); others ask for the whole name, in the form's language ("Nome
completo", "Imię i nazwisko"). Headers are compared as
:func:`reviewer_app.intake.columns.header_key` reduces them (case, spacing, punctuation
and accents left out), so "Prénom", "PRENOM" and "Pre\u0301nom" agree.

Languages: English, French, German, Spanish, Portuguese, Italian, Dutch, Polish and
Turkish, for the whole name and for its parts alike.
"""

from __future__ import annotations

from collections.abc import Sequence

# The parts, in the order they are joined. Each key is for one part only.
_FIRST = frozenset({
    "firstname", "firstnames", "givenname", "givennames", "forename", "forenames",
    "yourfirstname", "whatsyourfirstname", "whatisyourfirstname", "namefirst",
    "prenom", "prenoms", "vorname", "vornamen", "primeironome", "nomeproprio",
    "primernombre", "voornaam", "voornamen", "imie", "imiona",
})  # fmt: skip
_MIDDLE = frozenset({"middlename", "middlenames", "namemiddle"})
_LAST = frozenset({
    "lastname", "lastnames", "surname", "surnames", "familyname", "yourlastname",
    "yoursurname", "whatsyourlastname", "whatisyourlastname", "namelast",
    "nomdefamille", "nachname", "familienname", "sobrenome", "apellido", "apellidos",
    "primerapellido", "cognome", "achternaam", "familienaam", "nazwisko", "soyad",
    "soyadi", "soyisim",
})  # fmt: skip
_SECOND_LAST = frozenset({"segundoapellido"})
_PARTS = (_FIRST, _MIDDLE, _LAST, _SECOND_LAST)
_PART_NAMES = ("first name", "middle name", "last name", "second last name")

# Words that are a first name only beside a last-name column ("Name" and "Surname",
# "Nome" and "Sobrenome", "Nombre" and "Apellidos", "Ad" and "Soyad"), and one that is
# a last name only beside a first-name column ("Prénom" and "Nom"); alone, each but
# "Ad" and "İsim" is the full name.
_LOOSE_FIRST = frozenset({"name", "yourname", "nome", "nombre", "naam", "ad", "adi", "isim"})
_LOOSE_LAST = frozenset({"nom"})

FULL_NAME_KEYS = frozenset({
    "name", "fullname", "yourname", "yourfullname", "nameandsurname",
    "nom", "nomcomplet", "nometprenom", "prenometnom", "votrenom", "votrenomcomplet",
    "vollstandigername", "vorundnachname", "vornameundnachname", "nachnamevorname",
    "namevorname", "ihrname", "deinname",
    "nombre", "nombrecompleto", "nombreyapellidos", "nombreyapellido", "apellidosynombre",
    "tunombre", "sunombre",
    "nome", "nomecompleto", "nomeesobrenome", "seunome", "seunomecompleto",
    "nomeecognome", "cognomeenome", "ilnome", "iltuonome",
    "naam", "volledigenaam", "voorenachternaam", "uwnaam", "jenaam",
    "imieinazwisko", "nazwiskoiimie",
    "adsoyad", "adisoyadi", "adsoyadi", "isimsoyisim", "adinizsoyadiniz",
})  # fmt: skip
"""Header keys of a column holding the whole name (a bare "Name" is a first name beside
a last-name column)."""

NAME_PART_KEYS = _FIRST | _LAST
"""Header keys that name a part of the name on their own, as a header row's would."""


def name_parts(
    keys: Sequence[str], full_name: frozenset[str], headers: Sequence[str], warnings: list[str]
) -> tuple[int, ...]:
    """The columns of the name's parts, in the order they are joined; () for none.

    There are none when a column holds the full name (a header in ``full_name``), unless
    it is a bare "Name" beside a last-name column: it is then the first name.

    Args:
        keys: Each column's header key, those of columns taken for other fields "".
        full_name: The keys of a full-name column.
        headers: Each column's header, named in warnings.
        warnings: Receives a warning for each further column that looks like a part
            already found; it stays an answer.
    """
    found: list[int | None] = []
    others: list[str] = []
    for synonyms, part in zip(_PARTS, _PART_NAMES, strict=True):
        columns = [index for index, key in enumerate(keys) if key in synonyms]
        found.append(columns[0] if columns else None)
        others.extend(
            f"Column {headers[index]!r} also looks like the {part} column; it is kept as an answer."
            for index in columns[1:]
        )
    first, middle, last, second_last = found
    if first is None and last is not None:
        first = next((i for i, key in enumerate(keys) if key in _LOOSE_FIRST), None)
    elif last is None and first is not None:
        last = next((i for i, key in enumerate(keys) if key in _LOOSE_LAST), None)
    parts = tuple(i for i in (first, middle, last, second_last) if i is not None)
    if first is None and last is None:
        return ()
    if any(key in full_name and index not in parts for index, key in enumerate(keys)):
        return ()
    warnings.extend(others)
    return parts


def full_name_column(keys: Sequence[str]) -> int | None:
    """The column holding the whole name, or None.

    A header that only names the whole name ("Nome completo") wins over one that is a
    first or last name beside another ("Nome"), whatever their order.
    """
    loose = _LOOSE_FIRST | _LOOSE_LAST
    whole = [index for index, key in enumerate(keys) if key in FULL_NAME_KEYS]
    whole.sort(key=lambda index: keys[index] in loose)  # stable: in column order
    return whole[0] if whole else None


def joined_name(text: Sequence[str], parts: Sequence[int]) -> str:
    """The name from a row's cells: its parts' texts, stripped, joined by a space.

    A part left empty is left out: one part alone is the name; none gives "".
    """
    return " ".join(filter(None, (text[index].strip() for index in parts)))
