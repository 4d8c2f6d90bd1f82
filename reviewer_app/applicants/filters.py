"""The applicant list's filters as SQL over the local cache (no Qt).

:class:`ApplicantFilter` says what the list shows; the functions here turn it into
joins and conditions on the ``applications`` table that :mod:`reviewer_app.applicants.queries`
runs. Every condition is built so that SQLite evaluates it in one pass over the
applications, never with a lookup per row on an unindexed column. The search is the
one part that is not SQL: :mod:`reviewer_app.applicants.search` does it in memory.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    case,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Subquery

from reviewer_app.cache.models import (
    CachedApplication,
    CachedAssignment,
    CachedDecision,
    CachedPosition,
    CachedRequirementCheck,
    Conflict,
    Draft,
)
from reviewer_app.domain.vocabulary import Stage

_T = TypeVar("_T")


class SortKey(enum.StrEnum):
    """What the list is ordered by."""

    SUBMITTED = "submitted"
    NAME = "name"
    STAGE = "stage"


@dataclass(frozen=True)
class ApplicantFilter:
    """Which applications the list shows; every condition given must hold.

    Attributes:
        position: A position slug (any version), or None for all.
        stage: A stage ("new" includes applications without a decision), or None.
        needs_my_review: Only those assigned to me (or unassigned, when the query is
            told so: ``Settings.needs_review_includes_unassigned``) where I have not
            judged every check of the position.
        unmatched: Only those not linked to a position.
        duplicates: Only possible duplicates (pointing at another, or pointed at).
        conflicts: Only those with an unresolved sync conflict.
        drafts: Only those holding a draft of mine (a note, a comment or a decision
            typed but not saved, see :mod:`reviewer_app.review.drafts`).
        assigned_to_me: Only those I am assigned to.
        unassigned: Only those nobody is assigned to.
        search: Words that the name, email or answers contain, each somewhere, whatever
            the case and the accents; searched in memory (ApplicantSearch), never in SQL.
        search_identity: Whether the search looks in names and emails too (not in
            blind review, where finding a name would tell who is behind an application;
            the search then also skips the addresses and names that blind review hides
            in the answers).
    """

    position: str | None = None
    stage: Stage | None = None
    needs_my_review: bool = False
    unmatched: bool = False
    duplicates: bool = False
    conflicts: bool = False
    drafts: bool = False
    assigned_to_me: bool = False
    unassigned: bool = False
    search: str = ""
    search_identity: bool = True

    def base(self) -> ApplicantFilter:
        """Returns this filter without the toggles (what the toggle counts are based on)."""
        return ApplicantFilter(
            position=self.position,
            stage=self.stage,
            search=self.search,
            search_identity=self.search_identity,
        )

    def without_search(self) -> ApplicantFilter:
        """Returns this filter with an empty search."""
        return dataclasses.replace(self, search="")


@dataclass(frozen=True)
class Assigned:
    """Each assigned application once, with whether I am among its assignees: a subquery
    outer-joined to the applications (one lookup per row, whatever the filters ask)."""

    table: Subquery

    @property
    def to_me(self) -> ColumnElement[bool]:
        """Whether I am assigned to the application."""
        return self.table.c.mine == 1

    @property
    def to_nobody(self) -> ColumnElement[bool]:
        """Whether nobody is (a removed assignment is none)."""
        return self.table.c.application_id.is_(None)


def assignments_of(reviewer_name: str, within: Sequence[str] | None = None) -> Assigned:
    """The live assignments grouped per application, read from one covering index.

    Args:
        reviewer_name: Whose assignments are "mine".
        within: Only these applications' (a few); None: every application's.
    """
    a = CachedAssignment
    query = select(
        a.application_id,
        func.max(case((a.reviewer_name == reviewer_name, 1), else_=0)).label("mine"),
    ).where(a.removed_at.is_(None))
    if within is not None:
        query = query.where(a.application_id.in_(within))
    return Assigned(query.group_by(a.application_id).subquery("assigned"))


@dataclass(frozen=True)
class MyProgress:
    """My checks per application (a subquery to join), my assignments, and the "needs my
    review" test (which reads both)."""

    mine: Subquery
    needs: ColumnElement[bool]
    assigned: Assigned


def filtered(
    query: Select[_T],
    filter: ApplicantFilter,
    progress: MyProgress | None,
    *,
    with_decision: bool,
    reviewer_name: str = "",
    assigned: Assigned | None = None,
) -> Select[_T]:
    """Adds the joins and conditions of ``filter`` to ``query`` (over applications).

    All but the search, which is done in memory (:mod:`reviewer_app.applicants.search`).
    ``assigned`` (``progress``'s if None) is joined when given or when a filter needs it.
    """
    app = CachedApplication
    if with_decision:
        query = query.outerjoin(CachedDecision, CachedDecision.application_id == app.id)
    if progress is not None:
        query = query.outerjoin(progress.mine, progress.mine.c.application_id == app.id)
        assigned = assigned or progress.assigned
    if assigned is None and (filter.assigned_to_me or filter.unassigned):
        assigned = assignments_of(reviewer_name)
    if assigned is not None:
        query = query.outerjoin(assigned.table, assigned.table.c.application_id == app.id)
    conditions: list[ColumnElement[bool]] = []
    if filter.position is not None:
        conditions.append(
            app.position_id.in_(
                select(CachedPosition.id).where(CachedPosition.slug == filter.position)
            )
        )
    if filter.stage is not None:
        stage = Stage(filter.stage)
        if stage == Stage.NEW:
            conditions.append(
                or_(CachedDecision.stage.is_(None), CachedDecision.stage == Stage.NEW)
            )
        else:
            conditions.append(CachedDecision.stage == stage)
    if filter.needs_my_review:
        conditions.append(progress.needs if progress is not None else false())
    if filter.unmatched:
        conditions.append(app.position_id.is_(None))
    if filter.duplicates:
        conditions.append(is_duplicate())
    if filter.conflicts:
        conditions.append(has_conflict())
    if filter.drafts:
        conditions.append(has_draft())
    if assigned is not None and filter.assigned_to_me:
        conditions.append(assigned.to_me)
    if assigned is not None and filter.unassigned:
        conditions.append(assigned.to_nobody)
    return query.where(*conditions)


def search_words(text: str) -> list[str]:
    """Returns the words of a search; an application matches when it holds every one."""
    return text.split()


def my_progress(
    check_keys: dict[int, frozenset[str]],
    reviewer_name: str,
    *,
    include_unassigned: bool = True,
    within: Sequence[str] | None = None,
) -> MyProgress | None:
    """Builds "needs my review" (None when no position has checks).

    ``within``: only these applications are asked about (a few), so only their checks
    and assignments are read; None: every application.

    Assigned to me (or, with ``include_unassigned``, assigned to nobody) and not every
    check of the position judged by me.

    My checks are counted per application in one pass over the unique index of
    requirement_checks (it holds every column needed), once per distinct set of
    check keys, and joined to the applications; the cost does not grow with a
    lookup per application. A check whose result I cleared (None) is not done.
    """
    with_checks = {pid: keys for pid, keys in check_keys.items() if keys}
    if not with_checks:
        return None
    key_sets = sorted(set(with_checks.values()), key=sorted)
    column = {keys: f"done_{number}" for number, keys in enumerate(key_sets)}
    rc = CachedRequirementCheck
    mine = (
        select(
            rc.application_id,
            *(
                func.sum(case((rc.check_key.in_(sorted(keys)), 1), else_=0)).label(column[keys])
                for keys in key_sets
            ),
        )
        .where(rc.reviewer_name == reviewer_name, rc.result.is_not(None))
        .where(*([] if within is None else [rc.application_id.in_(within)]))
        .group_by(rc.application_id)
        .subquery("mine")
    )
    app = CachedApplication
    done = case(
        {pid: mine.c[column[keys]] for pid, keys in with_checks.items()},
        value=app.position_id,
        else_=0,
    )
    total = case(
        {pid: len(keys) for pid, keys in with_checks.items()},
        value=app.position_id,
        else_=0,
    )
    assigned = assignments_of(reviewer_name, within)
    mine_to_do = or_(assigned.to_me, assigned.to_nobody) if include_unassigned else assigned.to_me
    needs = and_(
        app.position_id.in_(sorted(with_checks)), func.coalesce(done, 0) < total, mine_to_do
    )
    return MyProgress(mine, needs, assigned)


def is_duplicate() -> ColumnElement[bool]:
    # duplicate_of has no index, so "pointed at" is one subquery SQLite evaluates once,
    # never a lookup per row.
    other = aliased(CachedApplication)
    pointed_at = select(other.duplicate_of).where(other.duplicate_of.is_not(None))
    return or_(CachedApplication.duplicate_of.is_not(None), CachedApplication.id.in_(pointed_at))


def has_conflict() -> ColumnElement[bool]:
    return CachedApplication.id.in_(
        select(Conflict.application_id).where(Conflict.resolved_at.is_(None))
    )


def has_draft() -> ColumnElement[bool]:
    """Whether an application holds a draft (drafts are the local reviewer's alone)."""
    return CachedApplication.id.in_(select(Draft.application_id))


def order_by(sort: SortKey, descending: bool) -> list[ColumnElement[Any]]:
    app = CachedApplication
    key: SQLColumnExpression[Any]
    if sort == SortKey.NAME:
        key = app.name_key  # a dictionary's order (domain/name_order.py)
    elif sort == SortKey.STAGE:
        key = case(
            {stage.value: number for number, stage in enumerate(Stage)},
            value=CachedDecision.stage,
            else_=0,
        )
    else:
        key = app.submitted_at
    ordered = key.desc() if descending else key.asc()
    # Undated and nameless applications last either way; the id keeps the order stable.
    tail: list[ColumnElement[Any]] = [app.id.desc() if descending else app.id.asc()]
    if sort == SortKey.SUBMITTED:
        return [app.submitted_at.is_(None), ordered, *tail]
    if sort == SortKey.NAME:
        return [app.name_key == "", ordered, *tail]
    return [ordered, *tail]
