"""What an erasure record keeps to know the erased application read under another id.

A derived response id changes when a file is read anew (its dates read the other way
round, a time zone newly read, the position column retyped): by its response id's hash
alone the erased application would be imported again. So the record also keeps keyed
hashes to compare a response with the erased application as
:mod:`reviewer_app.intake.earlier_imports` compares one with a live application: the
submitted time (to the minute), each answer under its question, and the name with the
position. Each is keyed with the database's erasure key and the normalised email, so
none can be checked without knowing the person's address.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from reviewer_app.domain.emails import normalise_email

# Zone offsets run from -12:00 to +14:00, in quarter hours (Nepal's +05:45).
_ZONE_STEP = timedelta(minutes=15)
_ZONE_STEPS = range(-14 * 4, 14 * 4 + 1)


def keyed_hash(secret: bytes, kind: str, value: str) -> str:
    """HMAC-SHA256 (hex) of a value; the kind keeps one kind from matching another."""
    message = f"{kind}\x1f{value}".encode("utf-8", "surrogatepass")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def swapped_readings(submitted_at: datetime) -> list[datetime]:
    """A submitted time, then itself with its day and month swapped, as read the other way.

    Swapped as the clock of any zone showed the date (near midnight, not UTC's date): the
    file's date was that zone's.
    """
    moment = _as_utc(submitted_at)
    read = [moment]
    for step in sorted(_ZONE_STEPS, key=abs):  # UTC's own date first
        shift = step * _ZONE_STEP
        local = moment + shift
        try:
            swapped = local.replace(month=local.day, day=local.month) - shift
        except ValueError:
            continue
        if swapped not in read:
            read.append(swapped)
    return read


def time_readings(submitted_at: datetime) -> list[datetime]:
    """The times a submitted time may have been read as before, itself first.

    Its day and month swapped (:func:`swapped_readings`), and each of these in every
    other time zone (a zone read, or not, in the time's text).
    """
    read = swapped_readings(submitted_at)
    return read + [t + step * _ZONE_STEP for t in read for step in _ZONE_STEPS if step]


@dataclass(frozen=True)
class ErasureMarks:
    """Keyed hashes of an erased application's fields (see the module's docstring).

    Attributes:
        time: The submitted time's, to the minute; None when it had none.
        answers: Each question's hash mapped to its answer's.
        name_position: The name's and the typed position's together.
    """

    time: str | None
    answers: Mapping[str, str]
    name_position: str

    def to_json(self) -> dict[str, Any]:
        """The form the ``erasures.marks`` column stores."""
        return {
            "time": self.time,
            "answers": dict(self.answers),
            "name_position": self.name_position,
        }

    @classmethod
    def from_json(cls, stored: Any) -> ErasureMarks | None:
        """The marks of a stored column; None for a record made before marks were kept."""
        if not isinstance(stored, dict):
            return None
        answers = stored.get("answers") or {}
        return cls(stored.get("time"), dict(answers), str(stored.get("name_position")))


@dataclass(frozen=True)
class MarkedFields:
    """The fields of a response or an application that the marks are made of."""

    email: str
    submitted_at: datetime | None
    name: str
    position_typed: str
    answers: Sequence[Sequence[str]]


def make_marks(secret: bytes, fields: MarkedFields) -> ErasureMarks:
    """The marks of an application, made as it is erased."""
    email = normalise_email(fields.email)
    at = fields.submitted_at
    return ErasureMarks(
        _time_hash(secret, email, at) if at is not None else None,
        _answer_hashes(secret, email, fields.answers),
        _name_position_hash(secret, email, fields),
    )


def same_application(secret: bytes, marks: ErasureMarks, fields: MarkedFields) -> bool:
    """Whether nothing tells a response (of the marks' email) apart from the application.

    As a live application is found again: the times do not differ (one is missing, or
    one is a reading of the other, see :func:`time_readings`), no question in common
    has another answer, and without a question in common name and position are the same.
    """
    email = normalise_email(fields.email)
    at = fields.submitted_at
    if marks.time is not None and at is not None:
        readings = {_time_hash(secret, email, t) for t in time_readings(at)}
        if marks.time not in readings:
            return False
    answers = _answer_hashes(secret, email, fields.answers)
    common = answers.keys() & marks.answers.keys()
    if any(answers[question] != marks.answers[question] for question in common):
        return False
    return bool(common) or _name_position_hash(secret, email, fields) == marks.name_position


def _as_utc(moment: datetime) -> datetime:
    # SQLite gives the stored times back without their zone; they are UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _time_hash(secret: bytes, email: str, moment: datetime) -> str:
    # To the minute: seconds come and go with a time's format (and Excel's rounding).
    minute = _as_utc(moment).replace(second=0, microsecond=0)
    return keyed_hash(secret, "time", f"{email}\x1f{minute.isoformat()}")


def _answer_hashes(secret: bytes, email: str, answers: Iterable[Sequence[str]]) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for question, answer in answers:
        asked = keyed_hash(secret, "question", question)
        hashes[asked] = keyed_hash(secret, "answer", f"{email}\x1f{question}\x1f{answer}")
    return hashes


def _name_position_hash(secret: bytes, email: str, fields: MarkedFields) -> str:
    value = f"{email}\x1f{fields.name}\x1f{fields.position_typed}"
    return keyed_hash(secret, "name-position", value)
