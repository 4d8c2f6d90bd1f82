"""Resolving a conflict on an application's decision: keep theirs, or apply mine.

A conflict is a decision of this reviewer that the server refused because someone else
decided first (see :mod:`reviewer_app.sync.push`); the cache already shows theirs.
Either resolution is a step of the undo history: undo opens the conflict again.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import Conflict
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import Stage, utcnow
from reviewer_app.errors import UserError
from reviewer_app.review.operations import SET_DECISION, decision_payload
from reviewer_app.review.snapshots import CONFLICT, DECISION, Entity, Row
from reviewer_app.review.steps import Done, run, spoken
from reviewer_app.review.undo import GUARD, LOCAL, OPERATION, UndoHistory


class UnknownConflict(UserError):
    """The conflict to resolve does not exist."""


def decided(application_id: str) -> Changes:
    """What a decision changes: the decision, the counts, which applications a filter keeps."""
    return Changes.of([application_id], decision=True, counts=True, membership=True)


def keep_theirs(
    cache: LocalCache, history: UndoHistory, reviewer: str, conflict_id: int
) -> Changes:
    """Resolves a conflict by accepting the server's decision (already in the cache).

    Raises:
        UnknownConflict: No such open conflict.
    """
    application_id = _application_of(cache, conflict_id)

    def work(session: Session, _before: list[Row]) -> Done:
        _open_conflict(session, conflict_id).resolved_at = utcnow()
        return Done("Keep their decision")

    touched = [
        (Entity(CONFLICT, application_id, str(conflict_id)), LOCAL),
        # Unchanged, but undo must not open the conflict again over a newer decision.
        (Entity(DECISION, application_id), GUARD),
    ]
    changes = Changes.of([application_id], decision=True, counts=True)
    return run(cache, history, reviewer, application_id, touched, work, changes)


def apply_mine(cache: LocalCache, history: UndoHistory, reviewer: str, conflict_id: int) -> Changes:
    """Resolves a conflict by deciding again, on the server revision now known.

    Raises:
        UnknownConflict: No such open conflict.
        UnknownApplication: The application was erased meanwhile.
    """
    application_id = _application_of(cache, conflict_id)

    def work(session: Session, _before: list[Row]) -> Done:
        conflict = _open_conflict(session, conflict_id)
        mine = conflict.mine or {}
        conflict.resolved_at = utcnow()
        stage = Stage(mine["stage"])
        payload = decision_payload(session, application_id, stage, mine.get("reason"))
        return Done(f"Apply my decision {spoken(stage.value)}", (SET_DECISION, payload))

    touched = [
        (Entity(CONFLICT, application_id, str(conflict_id)), LOCAL),
        (Entity(DECISION, application_id), OPERATION),
    ]
    return run(cache, history, reviewer, application_id, touched, work, decided(application_id))


def _application_of(cache: LocalCache, conflict_id: int) -> str:
    with cache.read_session() as session:
        return _open_conflict(session, conflict_id).application_id


def _open_conflict(session: Session, conflict_id: int) -> Conflict:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise UnknownConflict(f"There is no open conflict with the id {conflict_id}.")
    return conflict


__all__ = ["UnknownConflict", "apply_mine", "decided", "keep_theirs"]
