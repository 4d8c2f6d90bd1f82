"""The domain's vocabulary: stages, check results and note kinds, and new ids and times.

Both databases' models (the server's and the laptop's cache) and the window use these;
neither database's schema leans on the other's.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    """Returns the current time in UTC (server side, never a laptop's clock for ordering)."""
    return datetime.now(UTC)


def in_zone(moment: datetime, timezone: str) -> datetime:
    """An aware ``moment`` shown in the IANA zone ``timezone`` (as is if it is unknown)."""
    try:
        return moment.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment


def new_id() -> str:
    """Returns a new random id for rows that clients may create offline."""
    return str(uuid.uuid4())


class Stage(enum.StrEnum):
    """Where an application stands in the pipeline."""

    NEW = "new"
    SCREENING = "screening"
    INTERVIEW = "interview"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ON_HOLD = "on_hold"


class CheckResult(enum.StrEnum):
    """A reviewer's verdict on one requirement check."""

    MET = "met"
    NOT_MET = "not_met"
    UNSURE = "unsure"


class NoteKind(enum.StrEnum):
    """What a note records."""

    TRIAGE = "triage"
    INTERVIEW = "interview"
