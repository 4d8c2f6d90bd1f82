"""Publishing position descriptions to the shared database as numbered versions.

A changed description becomes a new version beside the old ones, so an application
keeps pointing at the text its applicant actually read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase


class PublishableProblem(Protocol):
    """What publishing reads of a problem found in a position file."""

    @property
    def severity(self) -> object: ...

    @property
    def message(self) -> str: ...


class PublishablePosition(Protocol):
    """What publishing reads of a parsed position (``reviewer_app.positions.parsing.Position``)."""

    @property
    def slug(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def crumb(self) -> str | None: ...

    @property
    def apply_as(self) -> str | None: ...

    @property
    def source(self) -> str: ...

    @property
    def content_hash(self) -> str: ...

    @property
    def has_errors(self) -> bool: ...

    @property
    def problems(self) -> Sequence[PublishableProblem]: ...


@dataclass(frozen=True)
class Published:
    """One position that now has a new version."""

    slug: str
    version: int


@dataclass(frozen=True)
class Refused:
    """One position that was not published, and why."""

    slug: str
    reason: str


@dataclass
class PublishReport:
    """What :func:`publish_positions` did, per slug."""

    new: list[Published] = field(default_factory=list)
    updated: list[Published] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def summary(self) -> str:
        """Returns one line for the user, e.g. ``2 new, 1 updated, 5 unchanged, 0 refused``."""
        line = (
            f"{len(self.new)} new, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.refused)} refused"
        )
        # The slug is the file's stem: name the file, since that is what needs fixing.
        details = [f"{item.slug}.md refused: {item.reason}" for item in self.refused]
        if details:
            details.append(
                "Fix those files (see `uv run main.py positions DIR`), then publish again."
            )
        return "\n".join([line, *details])


def _is_error(severity: object) -> bool:
    # Severity may be an enum or a plain string; only its name/value matters here.
    value = getattr(severity, "value", severity)
    return str(value).lower() == "error"


def _refusal_reason(position: PublishablePosition) -> str:
    errors = [p.message for p in position.problems if _is_error(p.severity)]
    return "; ".join(errors or [p.message for p in position.problems] or ["has errors"])


def latest_positions(session: Session) -> list[models.Position]:
    """Returns the latest published version of every position, ordered by slug."""
    newest = (
        select(models.Position.slug, func.max(models.Position.version).label("version"))
        .group_by(models.Position.slug)
        .subquery()
    )
    query = (
        select(models.Position)
        .join(
            newest,
            (models.Position.slug == newest.c.slug) & (models.Position.version == newest.c.version),
        )
        .order_by(models.Position.slug)
    )
    return list(session.scalars(query))


def publish_positions(
    db: SharedDatabase, positions: Iterable[PublishablePosition]
) -> PublishReport:
    """Publishes positions in one transaction: a new or changed one gets a new version.

    Positions with errors are refused and nothing of them is written.

    Raises:
        UserError: Two positions share a slug.
        SharedDatabaseUnavailable: The database cannot be reached.
    """
    report = PublishReport()
    to_publish: dict[str, PublishablePosition] = {}
    seen: set[str] = set()
    for position in positions:
        if position.slug in seen:
            raise UserError(
                f"Two position files have the slug {position.slug!r}; rename one of them."
            )
        seen.add(position.slug)
        if position.has_errors:
            report.refused.append(Refused(position.slug, _refusal_reason(position)))
        else:
            to_publish[position.slug] = position
    if not to_publish:
        return report

    with db.session() as session:
        # Two people publishing at once would both pick the same next version: the
        # counter row lock (taken anyway to stamp revisions) makes the second one wait.
        session.execute(
            select(models.SyncCounter.id).where(models.SyncCounter.id == 1).with_for_update()
        )
        latest = {row.slug: row for row in latest_positions(session)}
        for slug in sorted(to_publish):
            position = to_publish[slug]
            previous = latest.get(slug)
            if previous is not None and previous.content_hash == position.content_hash:
                report.unchanged.append(slug)
                continue
            version = 1 if previous is None else previous.version + 1
            session.add(
                models.Position(
                    slug=slug,
                    version=version,
                    title=position.title,
                    crumb=position.crumb,
                    apply_as=position.apply_as,
                    source=position.source,
                    content_hash=position.content_hash,
                )
            )
            (report.new if previous is None else report.updated).append(Published(slug, version))
    return report
