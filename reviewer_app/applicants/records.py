"""What the applicant reads return: list rows, details, and the positions applied to.

Frozen records that :mod:`reviewer_app.applicants` reads from the local cache and the
window shows; they hold no session and can cross threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reviewer_app.domain.vocabulary import Stage


def stage_or_new(value: Stage | str | None) -> Stage:
    """Returns the stage of a cached decision's stage column (no decision: new)."""
    return Stage.NEW if value is None else Stage(value)


@dataclass(frozen=True)
class ApplicantRow:
    """What the list shows of one application."""

    id: str
    name: str
    email: str
    submitted_at: datetime | None
    position_title: str | None
    position_typed: str
    stage: Stage
    is_duplicate: bool
    has_conflict: bool
    checks_done: int
    checks_total: int
    # I hold a draft here: a note, comment or decision typed but not saved.
    has_draft: bool = False
    # The reviewers assigned (names, sorted).
    assignees: tuple[str, ...] = ()
    # The interview time, aware, in the zone it was set in (None: none set).
    interview_at: datetime | None = None
    interview_timezone: str | None = None

    @property
    def progress(self) -> str:
        """My checks as "done/total" ("" when the position has no checks)."""
        return f"{self.checks_done}/{self.checks_total}" if self.checks_total else ""


@dataclass(frozen=True)
class ApplicantRef:
    """A short reference to another application (for duplicate hints)."""

    id: str
    name: str
    submitted_at: datetime | None


@dataclass(frozen=True)
class PositionVersion:
    """One cached version of a position."""

    id: int
    slug: str
    version: int
    title: str
    source: str = field(repr=False)


@dataclass(frozen=True)
class ApplicantDetail:
    """Everything the window shows of one application.

    Attributes:
        answers: The form's (question, answer) pairs in order.
        position: The matched position version, None when unmatched.
        duplicate_of: The application this one may duplicate.
        duplicates: Applications that point at this one as their original.
    """

    id: str
    name: str
    email: str
    submitted_at: datetime | None
    position_typed: str
    stage: Stage
    reason: str | None
    answers: list[tuple[str, str]]
    position: PositionVersion | None
    duplicate_of: ApplicantRef | None
    duplicates: list[ApplicantRef]
    has_conflict: bool
