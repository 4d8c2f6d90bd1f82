"""Finding the application a response was imported as under another derived id.

Without a response-id column an application's id is derived from the email and the
submitted time (:func:`reviewer_app.intake.responses.derived_response_id`). How a
file is read changes between versions: a time column newly recognised ("Marca
temporal"), a time format newly read ("14.05.09"), ambiguous dates read the other way
round, another column taken as the position. The same rows then get other ids, and
matched by id alone each applicant would be added again. So a new derived id is
matched to an application of the same email, imported under a derived id, that no
answer and no time contradicts.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.emails import normalise_email
from reviewer_app.intake.guarded_writes import chunks
from reviewer_app.intake.responses import DERIVED_ID_PREFIX, FormResponse
from reviewer_app.server import models
from reviewer_app.server.erasure_marks import swapped_readings


class _Stored(NamedTuple):
    app_id: str
    submitted_at: datetime | None
    name: str
    position_typed: str
    answers: dict[str, str]
    content_hash: str


def earlier_applications(
    session: Session, responses: Sequence[FormResponse], claimed: Collection[str]
) -> dict[str, tuple[str, str]]:
    """Maps the derived id of each response imported before under another id to that
    application's id and content hash.

    Each application is given to one response at most, the earliest in ``responses``.

    Args:
        session: The import's session.
        responses: The responses whose ids are not in the database, in submission order.
        claimed: The ids of the applications other responses of the import are already.
    """
    derived = [r for r in responses if r.response_id.startswith(DERIVED_ID_PREFIX)]
    app = models.Application
    some = select(app.id).where(app.response_id.startswith(DERIVED_ID_PREFIX)).limit(1)
    if not derived or session.execute(some).first() is None:
        return {}  # e.g. a first import: no email normalised for nothing (0.2 s at 100,000)
    emails = {r.email_key for r in derived} - {""}
    # The stored emails' normal form is computed, not stored: one pass over them.
    query = select(app.id, app.email).where(app.response_id.startswith(DERIVED_ID_PREFIX))
    ids = sorted(
        app_id
        for app_id, email in session.execute(query)
        if app_id not in claimed and normalise_email(email) in emails
    )
    stored: dict[str, list[_Stored]] = {}
    columns = (app.id, app.email, app.submitted_at, app.name, app.position_typed, app.answers)
    for chunk in chunks(ids):
        rows = session.execute(select(*columns, app.content_hash).where(app.id.in_(chunk)))
        for app_id, email, at, name, typed, answers, digest in rows:
            when = at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at
            entry = _Stored(app_id, when, name, typed, _answers(answers), digest)
            stored.setdefault(normalise_email(email), []).append(entry)
    found: dict[str, tuple[str, str]] = {}
    for response in derived:
        candidates = stored.get(response.email_key, [])
        match = next((s for s in candidates if _same_response(response, s)), None)
        if match is not None and response.response_id not in found:
            candidates.remove(match)
            found[response.response_id] = (match.app_id, match.content_hash)
    return found


def _answers(stored: Any) -> dict[str, str]:
    return {str(pair[0]): str(pair[1]) for pair in stored or ()}


def _same_response(response: FormResponse, stored: _Stored) -> bool:
    """Whether nothing tells the two apart: no answer to one question, no time differs.

    A time differs unless one is missing or it is the other's day and month swapped.
    Without a question in common the name and the position must be the same.
    """
    if not _same_time(response.submitted_at, stored.submitted_at):
        return False
    answers = dict(response.answers)
    common = answers.keys() & stored.answers.keys()
    if any(answers[question] != stored.answers[question] for question in common):
        return False
    return bool(common) or (response.name, response.position_typed) == (
        stored.name,
        stored.position_typed,
    )


def _same_time(one: datetime | None, other: datetime | None) -> bool:
    if one is None or other is None or one == other:
        return True
    # Swapped on the date the file showed, in its zone: near midnight not UTC's.
    return other in swapped_readings(one)[1:]
