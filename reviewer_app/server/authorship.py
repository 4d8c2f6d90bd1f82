"""Who a shared-database session is: trusted, or a reviewer known by their login.

On PostgreSQL the server decides (see :mod:`reviewer_app.server.authorship_sql`): a
session whose role may take revisions itself (superuser, owner, coordinator) is
*trusted* and works as it always did; any other session is a reviewer login, whose
rows the server's triggers stamp with its author and revision. The embedded SQLite
database is single-user, so every session on it is trusted.

The answers are asked once per session and kept in ``Session.info``.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.authorship_sql import (
    LOCK_COUNTER_FUNCTION,
    REVIEWER_FUNCTION,
    TRUSTED_FUNCTION,
)

_TRUSTED_KEY = "reviewer_app.trusted"


class NotAnActiveReviewer(UserError):
    """The login maps to no active reviewer of the shared database."""


def session_trusted(session: Session) -> bool:
    """Whether the session may stamp revisions and authors itself.

    False only on PostgreSQL, for a role that may not UPDATE ``sync_counter`` (a
    reviewer login), once the schema has the authorship functions.
    """
    known = session.info.get(_TRUSTED_KEY)
    if known is None:
        known = _ask_trusted(session)
        session.info[_TRUSTED_KEY] = known
    return bool(known)


def _ask_trusted(session: Session) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return True
    installed = session.execute(
        text("SELECT to_regprocedure(:name) IS NOT NULL"), {"name": TRUSTED_FUNCTION}
    ).scalar_one()
    if not installed:
        # A schema older than server authorship: nothing to ask (migrate refuses
        # everyday work on it anyway).
        return True
    return bool(session.execute(text(f"SELECT {TRUSTED_FUNCTION}")).scalar_one())


def session_reviewer(session: Session) -> models.Reviewer:
    """The active reviewer the session's login maps to (an untrusted session's author).

    Raises:
        NotAnActiveReviewer: No reviewer has this login, or it was disabled.
    """
    reviewer_id = session.execute(text(f"SELECT {REVIEWER_FUNCTION}")).scalar_one()
    reviewer = None if reviewer_id is None else session.get(models.Reviewer, reviewer_id)
    if reviewer is None:
        login = session.execute(text("SELECT session_user")).scalar_one()
        raise NotAnActiveReviewer(
            f"The database login {login!r} is not an active reviewer of this shared "
            "database: ask the coordinator to add it (add-reviewer), or to enable it "
            "again if it was removed."
        )
    return reviewer


def lock_counter(session: Session) -> None:
    """Locks the revision counter row until the session's transaction ends.

    A reviewer may not lock it directly (that needs UPDATE on it): the server's
    function does it for them.
    """
    if session_trusted(session):
        session.execute(
            select(models.SyncCounter.value).where(models.SyncCounter.id == 1).with_for_update()
        )
    else:
        session.execute(text(f"SELECT {LOCK_COUNTER_FUNCTION}"))
