"""Server revisions: one monotonic counter stamped on every row that changes.

Revisions are reserved with ``UPDATE sync_counter ... RETURNING``. The updated counter
row stays locked until the transaction ends, so writers that take revisions commit in
revision order: a reader that has seen revision N can never later find a row committed
below N (no gaps for "pull everything with revision > N").

A reviewer's session on PostgreSQL may not update the counter: the server's triggers
stamp its rows (see :mod:`reviewer_app.server.authorship_sql`), whatever placeholder
the client sends, so the flush stamps nothing for it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from reviewer_app.server.authorship import session_trusted
from reviewer_app.server.models import Revisioned, SyncCounter


def reserve_revisions(session: Session, count: int) -> int:
    """Reserves ``count`` consecutive revisions and returns the first of them.

    Args:
        session: The session whose transaction holds the counter until it ends.
        count: How many revisions to take (at least 1).
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    last = session.execute(
        update(SyncCounter)
        .where(SyncCounter.id == 1)
        .values(value=SyncCounter.value + count)
        .returning(SyncCounter.value)
    ).scalar_one_or_none()
    if last is None:
        raise RuntimeError("sync_counter has no row: the shared schema was not migrated")
    return int(last) - count + 1


def current_revision(session: Session) -> int:
    """Returns the highest revision handed out so far."""
    return int(session.execute(select(SyncCounter.value).where(SyncCounter.id == 1)).scalar_one())


def ensure_counter(session: Session) -> None:
    """Creates the counter row if it is missing (used by migrations)."""
    if session.get(SyncCounter, 1) is None:
        session.execute(insert(SyncCounter).values(id=1, value=0))


def _stamp_revisions(session: Session, _context: Any, _instances: Any) -> None:
    # session.new and session.dirty build a new set on every access: read them once.
    new = [obj for obj in session.new if isinstance(obj, Revisioned)]
    modified = [
        obj for obj in session.dirty if isinstance(obj, Revisioned) and session.is_modified(obj)
    ]
    changed = new + modified
    if not changed or not session_trusted(session):
        return
    first = reserve_revisions(session, len(changed))
    for offset, obj in enumerate(changed):
        obj.revision = first + offset


def install_revision_stamping(factory: sessionmaker[Session]) -> None:
    """Makes every flush of sessions from ``factory`` stamp changed rows with revisions."""
    event.listen(factory, "before_flush", _stamp_revisions)
