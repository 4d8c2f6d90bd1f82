"""Which column of a form export holds what: header recognition and the mapping file."""

from __future__ import annotations

import codecs
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer_app.domain.letters import unaccented
from reviewer_app.errors import UserError
from reviewer_app.intake.field_headers import (
    EMAIL_KEYS,
    POSITION_KEYS,
    POSITION_QUESTION,
    START_TIME_KEYS,
    SUBMITTED_AT_KEYS,
    header_date_order,
    header_rank,
)
from reviewer_app.intake.name_columns import (
    FULL_NAME_KEYS,
    NAME_PART_KEYS,
    full_name_column,
    name_parts,
)
from reviewer_app.intake.timestamps import DATE_ORDERS

NAMED_REPEATS = 5
"""How many renamed repeated headers are each told."""

FIELDS = ("name", "email", "position", "submitted_at", "response_id")
"""Columns with a meaning; every other column is an answer."""

# Header keys keep only letters and digits, so "E-mail address" and "Email Address" agree.
# The name's headers, whole or in parts ("First name", "Last name"), are name_columns';
# the email's, the submitted time's and the position's, in nine languages, field_headers'.
_HEADER_SYNONYMS: dict[str, frozenset[str]] = {
    "name": FULL_NAME_KEYS,
    "email": EMAIL_KEYS,
    "position": POSITION_KEYS,
    "submitted_at": SUBMITTED_AT_KEYS,
    "response_id": frozenset({"itemid", "responseid", "id", "submissionid"}),
}

# What a word processor or TextEdit types for a quote: not TOML's.
_CURLY_QUOTES = "\u201c\u201d\u2018\u2019"
# How a message shows the headers recognised as the name and the email, for examples.
_HEADER_EXAMPLES = {"name": ("Name", "Full name"), "email": ("Email", "Email address")}
_PARTS_EXAMPLE = '["First name", "Last name"]'


@dataclass(frozen=True)
class ColumnMapping:
    """What a mapping file chose: a column header per field, the sheet, the date order.

    A name in parts (``name = ["First name", "Last name"]``) is in ``name_parts``, not
    in ``columns``.
    """

    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    dates: str | None = None  # DAY_FIRST or MONTH_FIRST: how "3/4/2026" is read
    name_parts: tuple[str, ...] = ()

    def wanted(self, name: str) -> tuple[str, ...]:
        """The headers the mapping names for a field: one, several (the name's parts), none."""
        if name == "name" and self.name_parts:
            return self.name_parts
        column = self.columns.get(name)
        return () if column is None else (column,)


@dataclass(frozen=True)
class Columns:
    """Where each field is in an export's rows (see :func:`resolve_columns`)."""

    fields: dict[str, int]
    """The column of each field found, but the name."""
    name: tuple[int, ...]
    """The name's column, or its parts' (first name, last name), joined in this order."""
    dates: str | None = None
    """How the submitted-time header's language writes dates (``DAY_FIRST``), if it tells."""

    def taken(self) -> set[int]:
        """Every column that holds a field: none of them is an answer."""
        return {*self.fields.values(), *self.name}


def header_key(header: str) -> str:
    """Returns the header reduced to casefolded letters and digits, without accents.

    "Prénom", "PRENOM" and "Pre\u0301nom" (the accent typed apart) give one key.
    """
    text = header.casefold()
    if not text.isascii():
        text = unaccented(text)  # Turkish's dotless i, ł, ø and đ made plain too
    return "".join(ch for ch in text if ch.isalnum())


def identity_fields(text: str, spec: ColumnMapping) -> set[str]:
    """Which of "name" and "email" a header cell names: none, one, or (oddly) both.

    A cell names a field when it is a column the mapping file names for it, or, when
    the mapping names none, a header recognised as that field (a first or last name
    names the name).
    """
    key = header_key(text)
    found: set[str] = set()
    if not key:
        return found
    for name in ("name", "email"):
        wanted = spec.wanted(name)
        if not wanted:
            if key in _HEADER_SYNONYMS[name] or (name == "name" and key in NAME_PART_KEYS):
                found.add(name)
        elif any(text.strip() == column.strip() or key == header_key(column) for column in wanted):
            found.add(name)
    return found


def identity_wanted(spec: ColumnMapping) -> str:
    """What :func:`identity_fields` looks for, in words: the mapping's columns, else examples."""
    wanted = []
    for name in ("name", "email"):
        columns = spec.wanted(name)
        if len(columns) > 1:
            named = " and ".join(repr(column.strip()) for column in columns)
            wanted.append(f"the {name} columns the mapping file names, {named}")
        elif columns:
            wanted.append(f"the {name} column the mapping file names, {columns[0].strip()!r}")
        else:
            examples = " or ".join(repr(header) for header in _HEADER_EXAMPLES[name])
            if name == "name":
                examples += ", or 'First name' and 'Last name'"
            article = "an" if name == "email" else "a"
            wanted.append(f"{article} {name} column (a header such as {examples})")
    return " or ".join(wanted)


def load_mapping(path: Path) -> ColumnMapping:
    """Reads a TOML mapping file.

    Raises:
        UserError: The file cannot be read, is not TOML, or names unknown fields.
    """
    try:
        text = _mapping_text(path, path.read_bytes())
        data = tomllib.loads(text)
    except OSError as exc:
        raise UserError(f"Cannot read the mapping file {path}: {exc.strerror or exc}.") from exc
    except tomllib.TOMLDecodeError as exc:
        curly = any(quote in text for quote in _CURLY_QUOTES)
        hint = ' Write its quotes straight ("), not curly (\u201c\u201d).' if curly else ""
        raise UserError(
            f"The mapping file {path} is not valid TOML ({exc}).{hint} Fix it."
        ) from exc
    unknown_top = sorted(set(data) - {"columns", "sheet", "dates"})
    columns = data.get("columns", {})
    sheet = data.get("sheet")
    dates = data.get("dates")
    if unknown_top or not isinstance(columns, dict) or not isinstance(sheet, str | None):
        raise UserError(
            f"The mapping file {path} should have only a [columns] table, a sheet name "
            "and a date order (found "
            f"{', '.join(unknown_top) or 'a value of the wrong type'}). Fix it."
        )
    if dates is not None and dates not in DATE_ORDERS:
        raise UserError(
            f"In the mapping file {path}, dates must be "
            f"{' or '.join(repr(order) for order in DATE_ORDERS)} (found {dates!r})."
        )
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        # TOML puts every line after [columns] in it: a sheet or date order written
        # below the table lands there.
        misplaced = [key for key in unknown if key in ("sheet", "dates")]
        move = (
            f" Move {' and '.join(misplaced)} above the [columns] line: written below it,"
            " they belong to the table."
            if misplaced
            else ""
        )
        raise UserError(
            f"The mapping file {path} names unknown fields {', '.join(unknown)} under "
            f"[columns]; the fields are {', '.join(FIELDS)}.{move}"
        )
    columns = dict(columns)
    parts: tuple[str, ...] = ()
    if isinstance(columns.get("name"), list):
        # name = ["First name", "Last name"]: a name asked in parts, joined in this order.
        listed = columns.pop("name")
        if not listed or not all(isinstance(part, str) and part.strip() for part in listed):
            raise UserError(
                f"In the mapping file {path}, name must be a column name (text) or a list "
                f"of them (name = {_PARTS_EXAMPLE})."
            )
        parts = tuple(listed)
        if len(parts) == 1:
            columns["name"], parts = parts[0], ()
    for key, value in columns.items():
        if not isinstance(value, str) or not value.strip():
            more = f" or a list of them (name = {_PARTS_EXAMPLE})" if key == "name" else ""
            raise UserError(
                f"In the mapping file {path}, {key} must be a column name (text){more}."
            )
    return ColumnMapping(columns, sheet, dates, parts)


def _mapping_text(path: Path, data: bytes) -> str:
    """The mapping file's text: UTF-8, with or without a byte-order mark (Notepad writes
    one), or UTF-16 with one (Notepad's "Unicode").

    Raises:
        UserError: The file is in another encoding.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(
            f"The mapping file {path} is not UTF-8 text (line {line} holds the byte "
            f"{data[exc.start]:#04x}): save it as UTF-8 (in Notepad: File > Save As, "
            "Encoding: UTF-8) and import again."
        ) from exc


def unique_headers(raw: list[str], warnings: list[str], source: str = "The export") -> list[str]:
    """Names every column uniquely: an empty header is "Column C", a repeated one "Q (2)".

    The first few renamed repeats are each told in ``warnings`` (of ``source``, the
    file's name), the rest counted.
    """
    headers: list[str] = []
    seen: set[str] = set()
    copies: dict[str, int] = {}  # the last copy number given to each repeated header
    renamed: list[str] = []
    for index, text in enumerate(raw):
        base = text.strip() or f"Column {column_letters(index)}"
        name, copy = base, copies.get(base, 1)
        while name in seen:
            copy += 1
            name = f"{base} ({copy})"
        if name != base:
            copies[base] = copy
            if len(renamed) < NAMED_REPEATS:
                warnings.append(
                    f"{source}: two columns are called {base!r}; the later one is {name!r}."
                )
            renamed.append(name)
        seen.add(name)
        headers.append(name)
    if len(renamed) > NAMED_REPEATS:
        warnings.append(
            f"{source}: {len(renamed) - NAMED_REPEATS:,} more columns repeat an earlier header; "
            "each was numbered the same way."
        )
    return headers


def column_letters(index: int) -> str:
    """A spreadsheet's name for the column at ``index`` (0: "A"), beyond "XFD" too."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _choose_by_header(
    headers: list[str], chosen: dict[str, int], name: list[int], warnings: list[str]
) -> None:
    """Adds to ``chosen`` (and ``name``) each field's column found by its header.

    Of a field's columns, the surest header wins (:func:`header_rank`: "Position" over
    a bare "Cargo" before it), then the first. A later column as sure as the one chosen
    is told in ``warnings`` and stays an answer; a bare word or a start time, silently.
    """
    taken = {*chosen.values(), *name}
    found: dict[str, list[tuple[int, int]]] = {}  # field -> (rank, column) of its headers
    for index, header in enumerate(headers):
        key = header_key(header)
        field_name = next((f for f, keys in _HEADER_SYNONYMS.items() if key in keys), None)
        if field_name is None and key in START_TIME_KEYS:
            field_name = "submitted_at"  # Microsoft Forms' start time
        elif field_name is None and POSITION_QUESTION.fullmatch(key):
            field_name = "position"  # "Which position are you applying for?"
        if field_name is not None and index not in taken:
            found.setdefault(field_name, []).append((header_rank(key), index))
    told: list[tuple[int, str]] = []
    for field_name, ranked in found.items():
        ranked.sort()
        best = 0
        if field_name == "name" and not name:
            best, index = ranked.pop(0)
            name.append(index)
        elif field_name != "name" and field_name not in chosen:
            best, chosen[field_name] = ranked.pop(0)
        for rank, index in ranked:
            if rank in (0, best):
                also = f"Column {headers[index]!r} also looks like the {field_name} column"
                told.append((index, f"{also}; it is kept as an answer."))
    warnings.extend(message for _, message in sorted(told))


def _find_header(headers: list[str], wanted: str) -> int | None:
    wanted = wanted.strip()
    if wanted in headers:
        return headers.index(wanted)
    loose = [i for i, header in enumerate(headers) if header_key(header) == header_key(wanted)]
    return loose[0] if len(loose) == 1 else None


def resolve_columns(
    path: Path,
    headers: list[str],
    spec: ColumnMapping,
    mapping: Path | None,
    warnings: list[str],
) -> Columns:
    """Finds each field's column: the mapping's choice, else by header.

    Without a full-name column, a name asked in parts ("First name", "Last name") is
    the name, its parts joined (see :mod:`reviewer_app.intake.name_columns`).

    Raises:
        UserError: A mapped column is missing or used twice, or name or email is missing.
    """
    chosen: dict[str, int] = {}
    name: list[int] = []
    for field_name, wanted in [*spec.columns.items(), *(("name", p) for p in spec.name_parts)]:
        index = _find_header(headers, wanted)
        if index is None:
            raise UserError(
                f"The mapping file {mapping} names the column {wanted!r} for {field_name}, "
                f"but {path.name} has no such column. Its columns are: {', '.join(headers)}. "
                "Fix the mapping file."
            )
        if index in chosen.values() or index in name:
            raise UserError(
                f"The mapping file {mapping} uses the column {wanted!r} for two fields. "
                "Give each field its own column."
            )
        if field_name == "name":
            name.append(index)
        else:
            chosen[field_name] = index
    if not name:
        keys = ["" if i in chosen.values() else header_key(h) for i, h in enumerate(headers)]
        name = list(name_parts(keys, FULL_NAME_KEYS, headers, warnings))
        whole = None if name else full_name_column(keys)
        name = name if whole is None else [whole]
    _choose_by_header(headers, chosen, name, warnings)
    missing = [f for f, found in (("name", bool(name)), ("email", "email" in chosen)) if not found]
    if missing:
        example = (
            f'name = "Applicant", or name = {_PARTS_EXAMPLE} for a name in two columns'
            if missing[0] == "name"
            else 'email = "Contact"'
        )
        raise UserError(
            f"{path} has no {' and no '.join(missing)} column. Headers found: "
            f"{', '.join(headers)}. Rename the column in the file, or name it in a "
            f"mapping file (e.g. [columns] {example})."
        )
    at = chosen.get("submitted_at")
    dates = None if at is None else header_date_order(header_key(headers[at]))
    return Columns(chosen, tuple(name), dates)
