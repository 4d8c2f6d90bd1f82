"""What the review panel shows about one application, read from the local cache at once.

One read transaction gives a consistent picture (a sync writing meanwhile is seen
entirely or not at all); the result is plain frozen data, so the interface never holds
a session or a lazily loading row. :func:`read_review_state` reads within a caller's
transaction (:mod:`reviewer_app.review.selection` reads the applicant's detail in the
same one); :func:`load_review_state` opens its own.

Independent review: until the reviewer has recorded their own result for every check
of the application's position, what the other reviewers thought (their check results,
their notes, the reason and author of a decision) is left out, so that it cannot anchor
their judgement; only how many reviewed is said. The stage stays: it is the team's
shared state. "Show anyway" (a :class:`Revealed` row) or the setting off shows it all.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.cache import LocalCache, UnknownApplication
from reviewer_app.cache.models import (
    CachedApplication,
    CachedDecision,
    CachedDecisionHistory,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    CachedReviewer,
    Conflict,
    Draft,
    OutboxOperation,
    Revealed,
)
from reviewer_app.domain.name_order import name_order
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.coordination_state import (
    ContactView,
    InterviewView,
    read_coordination,
)
from reviewer_app.review.hints import Hint, hints_for
from reviewer_app.review.operations import DECISION_ENTITY, SET_DECISION, from_iso

if TYPE_CHECKING:  # the parser imports Markdown, YAML and ftfy: off the window's start
    from reviewer_app.positions.parsing import Position

# Used by load_review_state when given no catalogue: triage flips between applications
# to the same few positions, so even callers that keep none parse each version once.
_SHARED_CATALOGUE = PositionCatalogue()


@dataclass(frozen=True)
class CheckVerdict:
    """One reviewer's result on one check."""

    reviewer_name: str
    result: CheckResult
    comment: str
    updated_at: datetime


@dataclass(frozen=True)
class NoteView:
    """A note as shown; ``mine`` when the current reviewer wrote it (and may edit it)."""

    id: str
    author_name: str
    kind: NoteKind
    body: str
    created_at: datetime
    edited_at: datetime | None
    mine: bool


@dataclass(frozen=True)
class DecisionView:
    """A decision: the current one, or one entry of the history.

    ``pending`` is True for a local decision not yet pushed to the server.
    """

    stage: Stage
    reason: str | None
    decided_by_name: str | None
    decided_at: datetime | None
    pending: bool = False


@dataclass(frozen=True)
class ConflictView:
    """An unresolved conflict on the decision: the server's value and the refused one.

    A side is None when it deleted the decision.
    """

    id: int
    theirs: DecisionView | None
    mine: DecisionView | None


@dataclass(frozen=True)
class ReviewState:
    """Everything the review panel shows about one application.

    Attributes:
        my_checks: The current reviewer's results, by check key (cleared ones left out).
        other_checks: The other reviewers' results, by check key; empty while hidden.
        notes: The notes shown (deleted ones never; only mine while hidden).
        drafts: Work typed but not saved, by slot (``note:new``, ``note:<id>``,
            ``comment:<check key>``, ``decision``): the fields of each.
        others_hidden: How many other reviewers' views independent review hides (0:
            nothing hidden); while it is above 0 the decision's reason and author are
            None too, unless the decision is the current reviewer's own.
        assignees: The reviewers assigned (names, sorted); never hidden.
        contacts: The applicant's recorded contacts, newest first; never hidden.
        interview: The interview time, if one is set.
        hints: The evidence the answers hold for each check, and their links: found as
            the state is read, off the window's thread (0.5 ms of a J press there).
    """

    application_id: str
    applicant_name: str
    answers: tuple[tuple[str, str], ...]
    position: Position | None
    my_checks: dict[str, CheckVerdict]
    other_checks: dict[str, tuple[CheckVerdict, ...]]
    notes: tuple[NoteView, ...]
    decision: DecisionView | None
    history: tuple[DecisionView, ...]
    conflict: ConflictView | None
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    others_hidden: int = 0
    assignees: tuple[str, ...] = ()
    contacts: tuple[ContactView, ...] = ()
    interview: InterviewView | None = None
    hints: tuple[Hint, ...] = ()


def _decision_from_json(data: dict[str, object] | None, author: str | None) -> DecisionView | None:
    if data is None or "stage" not in data:
        return None
    reason = data.get("reason")
    return DecisionView(
        stage=Stage(str(data["stage"])),
        reason=None if reason is None else str(reason),
        decided_by_name=author,
        decided_at=from_iso(data.get("decided_at")),
    )


def _conflict_view(conflict: Conflict, reviewer_name: str) -> ConflictView:
    theirs = _decision_from_json(conflict.theirs, conflict.their_author)
    # The conflict row records when their decision was made even if the JSON does not.
    if theirs is not None and theirs.decided_at is None:
        theirs = dataclasses.replace(theirs, decided_at=conflict.their_time)
    return ConflictView(conflict.id, theirs, _decision_from_json(conflict.mine, reviewer_name))


def _own_review_done(position: Position | None, mine: dict[str, CheckVerdict]) -> bool:
    """Whether the reviewer has a result for every check of the position (none: done)."""
    return position is None or all(check.key in mine for check in position.checks)


def _hide_others(state: ReviewState, reviewer_name: str) -> ReviewState:
    """``state`` without the other reviewers' views, and how many they are."""
    # "" stands for an author the cache does not know (a decision by a reviewer not
    # synced yet): someone else all the same.
    others = {v.reviewer_name for verdicts in state.other_checks.values() for v in verdicts}
    others |= {note.author_name for note in state.notes if not note.mine}
    decision = state.decision
    if (
        decision is not None
        and decision.decided_by_name != reviewer_name
        and (decision.reason or decision.decided_by_name)
    ):
        others.add(decision.decided_by_name or "")
        decision = dataclasses.replace(decision, reason=None, decided_by_name=None)
    history = []
    for entry in state.history:
        if entry.decided_by_name != reviewer_name and (entry.reason or entry.decided_by_name):
            others.add(entry.decided_by_name or "")
            entry = dataclasses.replace(entry, reason=None, decided_by_name=None)
        history.append(entry)
    others.discard(reviewer_name)
    if not others:
        return state
    return dataclasses.replace(
        state,
        other_checks={},
        notes=tuple(note for note in state.notes if note.mine),
        decision=decision,
        history=tuple(history),
        others_hidden=len(others),
    )


def read_review_state(
    session: Session,
    application_id: str,
    reviewer_name: str,
    catalogue: PositionCatalogue,
    *,
    independent: bool = True,
) -> ReviewState:
    """Reads what the panel shows about an application, within ``session``'s transaction.

    Args:
        session: A session of the local cache.
        application_id: The application.
        reviewer_name: The current reviewer; their checks and notes are "mine".
        catalogue: Parses the application's position.
        independent: Independent review (see the module): the other reviewers' views are
            hidden until the reviewer recorded every check, unless revealed.

    Raises:
        UnknownApplication: The application is not in the cache.
    """
    application = session.get(CachedApplication, application_id)
    if application is None:
        raise UnknownApplication(application_id)
    position: Position | None = None
    if application.position_id is not None:
        cached = session.get(CachedPosition, application.position_id)
        if cached is not None:
            position = catalogue.parsed(cached.slug, cached.source)

    mine: dict[str, CheckVerdict] = {}
    others: defaultdict[str, list[CheckVerdict]] = defaultdict(list)
    checks = sorted(
        session.scalars(
            select(CachedRequirementCheck).where(
                CachedRequirementCheck.application_id == application_id
            )
        ),
        key=lambda check: name_order(check.reviewer_name),
    )
    for check in checks:
        if check.result is None:
            continue  # cleared: the row stays so that the clearing syncs, but is no result
        verdict = CheckVerdict(
            check.reviewer_name, check.result, check.comment or "", check.updated_at
        )
        if check.reviewer_name == reviewer_name:
            mine[check.check_key] = verdict
        else:
            others[check.check_key].append(verdict)

    notes = tuple(
        NoteView(
            id=note.id,
            author_name=note.author_name,
            kind=note.kind,
            body=note.body,
            created_at=note.created_at,
            edited_at=note.edited_at,
            mine=note.author_name == reviewer_name,
        )
        for note in session.scalars(
            select(CachedNote)
            .where(CachedNote.application_id == application_id, CachedNote.deleted_at.is_(None))
            .order_by(CachedNote.created_at, CachedNote.id)
        )
    )

    row = session.get(CachedDecision, application_id)
    decision = (
        None
        if row is None
        else DecisionView(
            row.stage, row.reason, row.decided_by_name, row.decided_at, row.revision is None
        )
    )

    names = {r.id: r.name for r in session.scalars(select(CachedReviewer))}
    history = tuple(
        DecisionView(
            entry.stage,
            entry.reason,
            None if entry.decided_by is None else names.get(entry.decided_by),
            entry.decided_at,
        )
        for entry in session.scalars(
            select(CachedDecisionHistory)
            .where(CachedDecisionHistory.application_id == application_id)
            .order_by(CachedDecisionHistory.decided_at.desc(), CachedDecisionHistory.id.desc())
        )
    )
    # The server writes its history as it takes each decision: until then, the decisions
    # this laptop has not sent yet (each one, as the server will record them).
    history = (
        tuple(
            DecisionView(
                Stage(op.payload["stage"]),
                op.payload.get("reason"),
                reviewer_name,
                op.created_at,
                pending=True,
            )
            for op in session.scalars(
                select(OutboxOperation)
                .where(
                    OutboxOperation.application_id == application_id,
                    OutboxOperation.kind == SET_DECISION,
                )
                .order_by(OutboxOperation.seq.desc())
            )
        )
        + history
    )

    open_conflict = session.scalars(
        select(Conflict)
        .where(
            Conflict.application_id == application_id,
            Conflict.entity == DECISION_ENTITY,
            Conflict.resolved_at.is_(None),
        )
        .order_by(Conflict.id.desc())
        .limit(1)
    ).one_or_none()
    # A conflict stays whole: it is about the reviewer's own decision, to be resolved.
    conflict = None if open_conflict is None else _conflict_view(open_conflict, reviewer_name)

    drafts = {
        draft.slot: dict(draft.value)
        for draft in session.scalars(select(Draft).where(Draft.application_id == application_id))
    }

    coordination = read_coordination(session, application_id)
    answers = tuple(
        (str(pair[0]), str(pair[1]))
        for pair in application.answers or []
        if isinstance(pair, list | tuple) and len(pair) == 2
    )
    state = ReviewState(
        application_id=application.id,
        applicant_name=application.name,
        answers=answers,
        hints=() if position is None else tuple(hints_for(position, answers)),
        position=position,
        my_checks=mine,
        other_checks={key: tuple(values) for key, values in others.items()},
        notes=notes,
        decision=decision,
        history=history,
        conflict=conflict,
        drafts=drafts,
        assignees=coordination.assignees,
        contacts=coordination.contacts,
        interview=coordination.interview,
    )
    if (
        not independent
        or _own_review_done(position, mine)
        or session.get(Revealed, application_id) is not None
    ):
        return state
    return _hide_others(state, reviewer_name)


def load_review_state(
    cache: LocalCache,
    application_id: str,
    reviewer_name: str,
    catalogue: PositionCatalogue | None = None,
    *,
    independent: bool = True,
) -> ReviewState | None:
    """Reads what the panel shows about an application (None if it is not cached).

    One read transaction; :func:`reviewer_app.review.selection.read_selection` reads the
    applicant's detail in it too.

    Args:
        cache: The reviewer's local cache.
        application_id: The application.
        reviewer_name: The current reviewer; their checks and notes are "mine".
        catalogue: Parses the application's position; a catalogue shared by every
            caller that passes none if None.
        independent: Independent review (see :func:`read_review_state`).
    """
    with cache.read_session() as session:
        try:
            return read_review_state(
                session,
                application_id,
                reviewer_name,
                _SHARED_CATALOGUE if catalogue is None else catalogue,
                independent=independent,
            )
        except UnknownApplication:
            return None
