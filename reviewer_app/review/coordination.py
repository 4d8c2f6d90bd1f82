"""What coordinating a team adds to a reviewer's actions: assign, decide in bulk,
record a contact, set an interview time.

Each is recorded like the other actions (:mod:`reviewer_app.review.actions`): the
cached rows change and an operation per application joins the outbox, so that sync
and its conflicts stay per applicant. An action over several applications (or several
reviewers) is ONE step of the undo history, in ONE local transaction: it is checked
before anything is written, undone and redone whole (:func:`run_many`).

Who may assign: any reviewer of the team may assign anyone, themselves included
("Assign to me"); coordinators split the work, reviewers take it. Who did it is the
server's stamp (``assigned_by``, see migration 0009), not the laptop's word.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import CachedApplication, CachedReviewer
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import Stage, new_id, utcnow
from reviewer_app.errors import UserError
from reviewer_app.review.conflicts import decided
from reviewer_app.review.drafts import DECISION as DECISION_DRAFT
from reviewer_app.review.operations import (
    ASSIGN,
    RECORD_CONTACT,
    SET_DECISION,
    SET_INTERVIEW,
    DecisionNeedsReason,
    assign_payload,
    contact_payload,
    decision_payload,
    interview_payload,
)
from reviewer_app.review.snapshots import (
    ASSIGNMENT,
    CONTACT,
    DECISION,
    DRAFT,
    INTERVIEW,
    Entity,
    Row,
    facts,
)
from reviewer_app.review.steps import Done, Work, perform, run, spoken
from reviewer_app.review.undo import ENDED_DRAFT, OPERATION, Step, UndoHistory

# SQLite allows 32766 bound parameters; applications are read in blocks far below it.
_CHUNK = 500

Part = tuple[str, Sequence[tuple[Entity, str]], Work]
"""One application's share of a bulk action: its id, what it touches, its work."""


class UnknownReviewer(UserError):
    """A reviewer to assign is not on the team (as this laptop last synced it)."""


class InvalidInterviewTime(UserError):
    """An interview time without a time zone, or in a zone that does not exist."""


def run_many(
    cache: LocalCache,
    history: UndoHistory,
    reviewer: str,
    parts: Sequence[Part],
    changes: Changes,
    label: str,
) -> Changes:
    """Runs the parts of a bulk action in one transaction, recorded as one undo step.

    Returns:
        What the action changed.

    Raises:
        UnknownApplication: An application is not in the cache (nothing is written).
    """
    with history.working():
        with cache.session() as session:
            applications = _applications(session, [part[0] for part in parts])
            steps: list[Step] = []
            for application_id, touched, work in parts:
                own = changes | Changes.of([application_id])
                step = perform(session, reviewer, applications[application_id], touched, work, own)
                if step is not None:
                    steps.append(step)
        if not steps:
            return changes
        if len(steps) == 1:
            history.record(steps[0])
            return steps[0].changes
        merged = changes
        for step in steps:
            merged |= step.changes
        first = steps[0]
        history.record(
            Step(
                label=label,
                application_id=first.application_id,
                applicant_name=first.applicant_name,
                changes=merged,
                touched=(),
                operation=None,
                op_id=None,
                cursor=first.cursor,
                parts=tuple(steps),
            )
        )
    return merged


def _applications(session: Session, ids: Sequence[str]) -> dict[str, CachedApplication]:
    wanted = sorted(set(ids))
    found: dict[str, CachedApplication] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        query = select(CachedApplication).where(CachedApplication.id.in_(chunk))
        found.update((row.id, row) for row in session.scalars(query))
    missing = [i for i in ids if i not in found]
    if missing:
        raise UnknownApplication(missing[0])
    return found


def check_interview(starts_at: datetime | None, timezone: str | None) -> None:
    """Refuses an interview time that is naive, lacks its zone, or names no IANA zone.

    Raises:
        InvalidInterviewTime: As said, naming the value.
    """
    if starts_at is None and timezone is None:
        return
    if starts_at is None or timezone is None:
        raise InvalidInterviewTime(
            "An interview time needs both a date and time and a time zone (or neither, "
            "to clear it)."
        )
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise InvalidInterviewTime(
            f"The interview time {starts_at.isoformat()} has no time zone offset; give "
            "the time in the zone it is meant in."
        )
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInterviewTime(
            f"{timezone!r} is not a time zone this computer knows; use an IANA name such "
            "as Europe/Lisbon or America/New_York."
        ) from exc


class CoordinationActions:
    """The coordination actions of :class:`~reviewer_app.review.actions.ReviewService`."""

    _cache: LocalCache
    _history: UndoHistory
    _reviewer: str

    def assign(
        self, application_ids: Sequence[str], reviewers: Sequence[str], *, remove: bool = False
    ) -> Changes:
        """Assigns each of ``reviewers`` (names) to each application, or removes them.

        "Assign to me" is ``assign([id], [me])``. An assignment already as asked records
        nothing. One undo step for the whole call.

        Returns:
            The applications' assignments, the counts and which applications the
            "assigned to me", "unassigned" and "needs my review" filters keep changed;
            ``applications`` names only those whose assignments changed.

        Raises:
            UnknownReviewer: A name is neither a synced reviewer nor this reviewer.
            UnknownApplication: An application is not in the cache.
        """
        names = list(dict.fromkeys(name.strip() for name in reviewers))
        with self._cache.read_session() as session:
            known = set(session.scalars(select(CachedReviewer.name)))
        known.add(self._reviewer)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise UnknownReviewer(
                f"No reviewer is named {unknown[0]!r} on this team (as last synced); check "
                "the name, or sync to fetch new reviewers."
            )
        verb = "Unassign" if remove else "Assign"

        def work_for(name: str) -> Work:
            entity_assigned = not remove

            def work(_session: Session, before: list[Row]) -> Done | None:
                if facts(Entity(ASSIGNMENT, "", name), before[0])[0] == entity_assigned:
                    return None
                return Done(f"{verb} {name}", (ASSIGN, assign_payload(name, removed=remove)))

            return work

        parts: list[Part] = [
            (
                application_id,
                [(Entity(ASSIGNMENT, application_id, name), OPERATION)],
                work_for(name),
            )
            for application_id in dict.fromkeys(application_ids)
            for name in names
        ]
        # The applications named by the steps alone: those already as asked are not
        # changed, and the window says how many were.
        changes = Changes.of((), assignments=True, membership=True, counts=True)
        label = f"{verb} {', '.join(names)}"
        return run_many(self._cache, self._history, self._reviewer, parts, changes, label)

    def set_decisions(
        self, application_ids: Sequence[str], stage: Stage, reason: str | None = None
    ) -> Changes:
        """Moves every application to ``stage`` with one reason: one operation each
        (conflicts stay per applicant), one undo step, one local transaction.

        Returns:
            As :meth:`ReviewService.set_decision`, for all of them.

        Raises:
            DecisionNeedsReason: ``stage`` is declined and ``reason`` is empty (nothing
                is written).
            UnknownApplication: An application is not in the cache (nothing is written).
        """
        stage = Stage(stage)
        if stage == Stage.DECLINED and not (reason or "").strip():
            raise DecisionNeedsReason(
                "Declined applications need a reason; write one and decide again."
            )

        def work_for(application_id: str) -> Work:
            def work(session: Session, _before: list[Row]) -> Done:
                payload = decision_payload(session, application_id, stage, reason)
                return Done(f"Decision {spoken(stage.value)}", (SET_DECISION, payload))

            return work

        parts: list[Part] = [
            (
                application_id,
                [
                    (Entity(DECISION, application_id), OPERATION),
                    (Entity(DRAFT, application_id, DECISION_DRAFT), ENDED_DRAFT),
                ],
                work_for(application_id),
            )
            for application_id in dict.fromkeys(application_ids)
        ]
        changes = Changes()
        for application_id in application_ids:
            changes |= decided(application_id)
        label = f"Decision {spoken(stage.value)}"
        return run_many(self._cache, self._history, self._reviewer, parts, changes, label)

    def record_contact(
        self, application_ids: Sequence[str], template_slug: str, subject: str
    ) -> Changes:
        """Records that each applicant was contacted with a template ("emailed: decline").

        Who and when are this reviewer and now (the server stamps who on PostgreSQL).

        Returns:
            The applications' contacts changed.

        Raises:
            UserError: ``template_slug`` is empty.
            UnknownApplication: An application is not in the cache (nothing is written).
        """
        if not template_slug.strip():
            raise UserError("Name the template the applicants were contacted with.")
        now = utcnow()

        def part(application_id: str) -> Part:
            contact_id = new_id()

            def work(_session: Session, _before: list[Row]) -> Done:
                payload = contact_payload(contact_id, template_slug, subject, now)
                return Done(f"Contact: {template_slug}", (RECORD_CONTACT, payload))

            return (
                application_id,
                [(Entity(CONTACT, application_id, contact_id), OPERATION)],
                work,
            )

        parts = [part(application_id) for application_id in dict.fromkeys(application_ids)]
        changes = Changes.of(application_ids, contacts=True)
        label = f"Contact: {template_slug}"
        return run_many(self._cache, self._history, self._reviewer, parts, changes, label)

    def set_interview(
        self, application_id: str, starts_at: datetime | None, timezone: str | None
    ) -> Changes:
        """Sets the application's interview time (an aware datetime and its IANA zone);
        None for both clears it.

        Returns:
            The application's interview changed.

        Raises:
            InvalidInterviewTime: A naive time, a missing or unknown zone.
            UnknownApplication: The application is not in the cache.
        """
        check_interview(starts_at, timezone)
        interview = Entity(INTERVIEW, application_id)

        def work(_session: Session, before: list[Row]) -> Done | None:
            wanted = (starts_at, timezone)
            if facts(interview, before[0]) == wanted:
                return None
            label = "Clear the interview time" if starts_at is None else "Interview time"
            return Done(label, (SET_INTERVIEW, interview_payload(starts_at, timezone)))

        changes = Changes.of([application_id], interview=True)
        history, reviewer = self._history, self._reviewer
        touched = [(interview, OPERATION)]
        return run(self._cache, history, reviewer, application_id, touched, work, changes)


__all__ = [
    "CoordinationActions",
    "InvalidInterviewTime",
    "UnknownReviewer",
    "check_interview",
    "run_many",
]
