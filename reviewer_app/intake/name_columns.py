"""A name asked in parts: "First name" and "Last name" columns, joined into one name.

Many forms ask for the given name and the family name in two fields (Typeform exports
them as two columns). Headers are compared as :func:`reviewer_app.intake.columns.header_key`
reduces them (case, spacing, punctuation and accents left out), so "Prénom",
"PRENOM" and "Pre\u0301nom" agree.
"""

from __future__ import annotations

from collections.abc import Sequence

# The parts, in the order they are joined. Each key is for one part only.
_FIRST = frozenset({
    "firstname", "firstnames", "givenname", "givennames", "forename", "forenames",
    "yourfirstname", "whatsyourfirstname", "whatisyourfirstname", "namefirst",
    "prenom", "prenoms", "vorname", "vornamen", "primeironome", "nomeproprio",
})  # fmt: skip
_MIDDLE = frozenset({"middlename", "middlenames", "namemiddle"})
_LAST = frozenset({
    "lastname", "lastnames", "surname", "surnames", "familyname", "yourlastname",
    "yoursurname", "whatsyourlastname", "whatisyourlastname", "namelast",
    "nomdefamille", "nachname", "familienname", "sobrenome", "apellido", "apellidos",
    "primerapellido",
})  # fmt: skip
_SECOND_LAST = frozenset({"segundoapellido"})
_PARTS = (_FIRST, _MIDDLE, _LAST, _SECOND_LAST)
_PART_NAMES = ("first name", "middle name", "last name", "second last name")

# Words that are a first name only beside a last-name column ("Name" and "Surname",
# "Nome" and "Sobrenome", "Nombre" and "Apellidos"), and one that is a last name only
# beside a first-name column ("Prénom" and "Nom"); alone, each may be the full name.
_LOOSE_FIRST = frozenset({"name", "yourname", "nome", "nombre"})
_LOOSE_LAST = frozenset({"nom"})

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


def joined_name(text: Sequence[str], parts: Sequence[int]) -> str:
    """The name from a row's cells: its parts' texts, stripped, joined by a space.

    A part left empty is left out: one part alone is the name; none gives "".
    """
    return " ".join(filter(None, (text[index].strip() for index in parts)))
