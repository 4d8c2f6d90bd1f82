"""Form responses as read from an export: the taken ones and the rejected rows."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring
from typing import NamedTuple

from reviewer_app.domain.emails import normalise_email

BOARD_GROUP = "Board group"
"""The answer that keeps a board export's group (e.g. "Contacted") on each application."""

# Why a row that is neither a response nor rejected was skipped; see SkippedRow.
TITLE = "title row"
GROUP_NAME = "group name"
REPEATED_HEADER = "repeated header"
SUMMARY = "summary row"
REPEATED_ROW = "repeated row"
_SKIP_KINDS = (TITLE, GROUP_NAME, REPEATED_HEADER, SUMMARY, REPEATED_ROW)
# Row numbers named per kind in the summary line; the rest are counted.
_ROWS_NAMED = 10
# The content hash's serialisation; one encoder, not one built per call by json.dumps.
_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

DERIVED_ID_PREFIX = "sha:"
"""How every id :func:`derived_response_id` makes begins."""


def derived_response_id(submitted_at: datetime | None, email: str, position: str) -> str:
    """Returns the id of a response whose export has no response-id column.

    It depends on the normalised email and the submitted time only, never the name, so
    that the export read in another encoding, or with names corrected, gives the same
    ids and importing it again updates the applications instead of adding them twice.
    Without a submitted time the position as typed (normalised) tells apart the
    applications of one address.
    """
    if submitted_at is not None:
        parts = ["t", submitted_at.isoformat(), normalise_email(email)]
    else:
        parts = ["p", normalise_email(email), folded_position(position)]
    text = "\x1f".join(parts)
    return (
        DERIVED_ID_PREFIX + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    )


def folded_position(position: str) -> str:
    """A typed position as a derived id compares it: NFKC, spaces collapsed, casefolded."""
    return unicodedata.normalize("NFKC", " ".join(position.split())).casefold()


@dataclass(frozen=True, slots=True)
class FormResponse:
    """One application as read from the export, text repaired.

    With slots: an import holds 100,000 of them at once.

    Attributes:
        row_number: 1-based spreadsheet row (the header is row 1).
        response_id: The form tool's id, or a derived ``sha:...`` id when it has none.
        submitted_at: Timezone-aware UTC time, or None when absent or unreadable.
        name: Applicant's name, stripped.
        email: Applicant's email as typed, stripped.
        position_typed: The position as the applicant wrote it, stripped.
        answers: (question text, answer) pairs in column order; empty answers are "".
    """

    row_number: int
    response_id: str
    submitted_at: datetime | None
    name: str
    email: str
    position_typed: str
    answers: tuple[tuple[str, str], ...]

    @property
    def email_key(self) -> str:
        """The email for comparisons: normalised as identity is (see domain.emails)."""
        return normalise_email(self.email)

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) over every field except the row number."""
        return self.stored_form().content_hash

    def stored_form(self) -> StoredForm:
        """The texts stored of the response, and its content hash, from one serialisation.

        The hash is over the JSON of ``[response id, submitted time (ISO), name, email,
        position typed, answers]``; the answers' part of that text is the stored JSON.
        """
        when = self.submitted_at.isoformat() if self.submitted_at is not None else None
        answers = _COMPACT_JSON.encode(self.answers)
        # The fields' JSON as the encoder writes it (its own string function), quicker.
        quote = encode_basestring
        time = quote(when) if when is not None else "null"
        head = f"[{quote(self.response_id)},{time},{quote(self.name)},{quote(self.email)}"
        text = f"{head},{quote(self.position_typed)},{answers}]"
        # surrogatepass: a lone surrogate in a cell must not crash hashing.
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return StoredForm(when, answers, digest)


class StoredForm(NamedTuple):
    """What :meth:`FormResponse.stored_form` gives."""

    submitted_at: str | None
    """The submitted time in ISO form."""
    answers: str
    """The answers as compact JSON: ``[[question, answer], ...]``."""
    content_hash: str


@dataclass(frozen=True)
class Rejected:
    """A row that was not taken, with the reason and its original cells."""

    row_number: int
    reason: str
    values: dict[str, str]


@dataclass(frozen=True)
class SkippedRow:
    """A row that is neither an application nor rejected, and why.

    Attributes:
        row_number: The row (record, in a CSV file) in the export.
        kind: :data:`TITLE` (above the header), :data:`GROUP_NAME` (a board group's
            name, kept as the :data:`BOARD_GROUP` answer), :data:`REPEATED_HEADER`,
            :data:`SUMMARY` (a board group's totals) or :data:`REPEATED_ROW` (the same
            response again).
    """

    row_number: int
    kind: str


@dataclass(frozen=True)
class ReadResult:
    """Everything read from one export."""

    responses: list[FormResponse] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)

    def skipped_summary(self) -> str:
        """Counts the skipped rows by kind, naming the first rows of each; "" if none.

        E.g. "4 rows skipped: 1 title row (row 1), 3 group names (rows 2, 6, 11)".
        """
        if not self.skipped:
            return ""
        rows: defaultdict[str, list[int]] = defaultdict(list)
        for row in self.skipped:
            rows[row.kind].append(row.row_number)
        parts = []
        for kind in sorted(rows, key=_SKIP_KINDS.index):
            numbers = rows[kind]
            named = ", ".join(map(str, numbers[:_ROWS_NAMED]))
            more = f" and {len(numbers) - _ROWS_NAMED} more" if len(numbers) > _ROWS_NAMED else ""
            plural = "s" if len(numbers) != 1 else ""
            parts.append(f"{len(numbers)} {kind}{plural} (row{plural} {named}{more})")
        total = len(self.skipped)
        return f"{total} row{'s' if total != 1 else ''} skipped: {', '.join(parts)}"
