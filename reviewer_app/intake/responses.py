"""Form responses as read from an export: the taken ones and the rejected rows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FormResponse:
    """One application as read from the export, text repaired.

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
        """The email for comparisons: stripped and casefolded."""
        return self.email.strip().casefold()

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) over every field except the row number."""
        when = self.submitted_at.isoformat() if self.submitted_at is not None else None
        payload = [
            self.response_id,
            when,
            self.name,
            self.email,
            self.position_typed,
            [list(pair) for pair in self.answers],
        ]
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        # surrogatepass: a lone surrogate in a cell must not crash hashing.
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Rejected:
    """A row that was not taken, with the reason and its original cells."""

    row_number: int
    reason: str
    values: dict[str, str]


@dataclass(frozen=True)
class ReadResult:
    """Everything read from one export."""

    responses: list[FormResponse] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
