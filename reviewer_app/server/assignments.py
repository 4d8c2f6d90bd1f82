"""Assigning a position's applications to reviewers in bulk, on the shared database.

What ``assign --position SLUG --to NAMES [--stage S] [--balance]`` does: every
application of the position (any version), optionally only those at one stage, is
assigned to every named reviewer; or, balanced, the applications nobody is assigned to
are dealt round-robin in submission order, so that the reviewers' new shares differ by
at most one. One transaction: a name, slug or stage that does not exist writes nothing.

Rows take revisions like any other write and reach the laptops with their next sync.
On PostgreSQL a reviewer's login is stamped as ``assigned_by`` by the server; a
trusted session (owner, coordinator) records the reviewer it names, if any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.vocabulary import Stage, utcnow
from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase


class AssignRefused(UserError):
    """A reviewer, position or stage named for a bulk assignment does not exist."""


@dataclass(frozen=True)
class BulkAssignment:
    """What a bulk assignment did.

    Attributes:
        matched: Applications of the position (and stage) found.
        assigned: New assignments per reviewer name, in the order given.
        already: Assignments that were already there (not balanced) per reviewer name.
        skipped: Applications left out because someone is assigned (balanced only).
    """

    matched: int
    assigned: dict[str, int] = field(default_factory=dict)
    already: dict[str, int] = field(default_factory=dict)
    skipped: int = 0


def parse_stage(text: str | None) -> Stage | None:
    """The stage named ``text`` (its value, e.g. "on_hold"), None for None.

    Raises:
        AssignRefused: No stage has that name.
    """
    if text is None:
        return None
    try:
        return Stage(text.strip().lower())
    except ValueError:
        names = ", ".join(stage.value for stage in Stage)
        raise AssignRefused(f"No stage is called {text!r}; use one of {names}.") from None


def _reviewers(session: Session, names: Sequence[str]) -> list[models.Reviewer]:
    found = {
        row.name: row
        for row in session.scalars(select(models.Reviewer).where(models.Reviewer.name.in_(names)))
    }
    for name in names:
        reviewer = found.get(name)
        if reviewer is None:
            raise AssignRefused(
                f"No reviewer is called {name!r} in the shared database; list them with "
                "list-reviewers."
            )
        if reviewer.disabled_at is not None:
            raise AssignRefused(f"The reviewer {name!r} was removed (remove-reviewer).")
    return [found[name] for name in names]


def _applications(session: Session, slug: str, stage: Stage | None) -> list[str]:
    positions = list(
        session.scalars(select(models.Position.id).where(models.Position.slug == slug))
    )
    if not positions:
        # `positions` lints files and shows no slug: the message names the published ones.
        slugs = sorted(set(session.scalars(select(models.Position.slug))))
        published = ", ".join(slugs) if slugs else "none yet"
        raise AssignRefused(
            f"No position has the slug {slug!r} in the shared database (published: "
            f"{published}); check the slug, or publish its file first."
        )
    app = models.Application
    query = (
        select(app.id)
        .outerjoin(models.Decision, models.Decision.application_id == app.id)
        .where(app.position_id.in_(positions))
        # Submission order; undated last, the id keeps it stable.
        .order_by(app.submitted_at.is_(None), app.submitted_at, app.id)
    )
    if stage == Stage.NEW:
        query = query.where((models.Decision.stage.is_(None)) | (models.Decision.stage == stage))
    elif stage is not None:
        query = query.where(models.Decision.stage == stage)
    return list(session.scalars(query))


def assign_in_bulk(
    db: SharedDatabase,
    slug: str,
    names: Sequence[str],
    *,
    stage: Stage | None = None,
    balance: bool = False,
    assigned_by: str | None = None,
) -> BulkAssignment:
    """Assigns the position's applications to ``names`` (see the module).

    Args:
        db: The shared database.
        slug: The position's slug.
        names: Reviewer names, in the order a balanced deal starts with.
        stage: Only applications at this stage ("new" includes undecided ones).
        balance: Deal the unassigned applications round-robin instead.
        assigned_by: The reviewer recorded as having assigned, on a trusted session
            (a reviewer login's own is stamped by the server whatever this says).

    Raises:
        AssignRefused: An unknown reviewer, position or stage; nothing is written.
    """
    names = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    if not names:
        raise AssignRefused("Name at least one reviewer to assign (--to NAME[,NAME...]).")
    with db.session() as session:
        reviewers = _reviewers(session, names)
        ids = _applications(session, slug, stage)
        by = None
        if assigned_by:
            by = session.scalars(
                select(models.Reviewer.id).where(models.Reviewer.name == assigned_by)
            ).first()
        existing = {
            (row.application_id, row.reviewer_id): row
            for row in session.scalars(
                select(models.Assignment).where(models.Assignment.application_id.in_(ids))
            )
        }
        live = {application for (application, _), row in existing.items() if row.removed_at is None}
        if balance:
            free = [application for application in ids if application not in live]
            pairs = [(app_id, reviewers[n % len(reviewers)]) for n, app_id in enumerate(free)]
        else:
            free = ids
            pairs = [(app_id, reviewer) for app_id in ids for reviewer in reviewers]
        result = BulkAssignment(len(ids), dict.fromkeys(names, 0), {}, len(ids) - len(free))
        now = utcnow()
        for application_id, reviewer in pairs:
            row = existing.get((application_id, reviewer.id))
            if row is not None and row.removed_at is None:
                result.already[reviewer.name] = result.already.get(reviewer.name, 0) + 1
                continue
            if row is None:
                row = models.Assignment(application_id=application_id, reviewer_id=reviewer.id)
                session.add(row)
            row.assigned_at, row.removed_at, row.assigned_by = now, None, by
            result.assigned[reviewer.name] += 1
    return result


__all__ = ["AssignRefused", "BulkAssignment", "assign_in_bulk", "parse_stage"]
