"""Erasing an application and everything recorded about it (a data-subject request).

The erasure leaves a tombstone that carries only the application's random id, so every
laptop deletes its cached copy at its next sync without the shared database keeping
any personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from reviewer_app.domain.vocabulary import utcnow
from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.storage.sqlite_files import checkpoint_sqlite

# Tables whose rows belong to one application and go with it.
_ATTACHED: tuple[type[models.Base], ...] = (
    models.RequirementCheck,
    models.Note,
    models.Decision,
    models.DecisionHistory,
)


@dataclass(frozen=True)
class ErasureReport:
    """What :func:`erase_application` removed (counts only, no personal data).

    Attributes:
        application_id: The erased application's id.
        deleted_rows: Rows deleted per table, the application itself included.
        unlinked_duplicates: Ids of applications that were marked duplicates of it.
        tombstone_revision: The revision at which the erasure reaches the laptops.
    """

    application_id: str
    deleted_rows: dict[str, int]
    unlinked_duplicates: list[str]
    tombstone_revision: int

    def summary(self) -> str:
        """Returns one line for the user."""
        counts = ", ".join(f"{n} {table}" for table, n in self.deleted_rows.items() if n)
        unlinked = len(self.unlinked_duplicates)
        return (
            f"erased application {self.application_id} ({counts}); "
            f"{unlinked} duplicate link(s) cleared; laptops drop it at their next sync "
            f"(revision {self.tombstone_revision})"
        )

    __str__ = summary


def _delete_attached(session: Session, application_id: str) -> dict[str, int]:
    # Explicit deletes rather than ON DELETE CASCADE: the counts go into the report, and
    # nothing depends on SQLite's foreign_keys pragma being on.
    deleted: dict[str, int] = {}
    for model in _ATTACHED:
        column = model.__table__.c.application_id
        result = cast(
            CursorResult[Any], session.execute(delete(model).where(column == application_id))
        )
        deleted[model.__tablename__] = result.rowcount
    return deleted


def erase_application(db: SharedDatabase, application_id: str) -> ErasureReport:
    """Deletes an application with its checks, notes and decisions, in one transaction.

    ``application_id`` is the application's id or the form's response id.

    Applications marked as its duplicates are unlinked (and so get a new revision), and
    a tombstone makes every laptop drop its copy at the next sync.

    Raises:
        UserError: No application has this id or response id.
        SharedDatabaseUnavailable: The database cannot be reached.
    """
    with db.session() as session:
        # The counter before any row, the order every writer takes them in: an erasure
        # that deleted rows first could deadlock with a push changing one of them.
        session.execute(
            select(models.SyncCounter.id).where(models.SyncCounter.id == 1).with_for_update()
        )
        application = session.get(models.Application, application_id)
        if application is None:  # the form's own id, as the erasure request may give it
            application = session.scalars(
                select(models.Application).where(models.Application.response_id == application_id)
            ).one_or_none()
        if application is None:
            raise UserError(
                f"No application has the id or form response id {application_id!r}; copy "
                "the id from an export's first column and try again."
            )
        application_id = application.id
        duplicates = session.scalars(
            select(models.Application).where(
                models.Application.duplicate_of == application_id,
                models.Application.id != application_id,
            )
        ).all()
        now = utcnow()
        for duplicate in duplicates:
            duplicate.duplicate_of = None
            duplicate.updated_at = now
        # The unlinking must reach the database before the row it points at goes.
        session.flush()

        deleted = _delete_attached(session, application_id)
        # A stored push outcome may quote a decision and its reason; "dropped" is what a
        # push of the same operation would get now.
        session.execute(
            update(models.AppliedOperation)
            .where(models.AppliedOperation.application_id == application_id)
            .values(outcome={"status": "dropped"})
        )
        session.delete(application)
        tombstone = models.Tombstone(entity="application", entity_id=application_id)
        session.add(tombstone)
        session.flush()
        deleted[models.Application.__tablename__] = 1
        report = ErasureReport(
            application_id=application_id,
            deleted_rows=deleted,
            unlinked_duplicates=sorted(d.id for d in duplicates),
            tombstone_revision=tombstone.revision,
        )
    if db.dialect == "sqlite":
        # secure_delete overwrote the rows in the file; empty the log that still has them.
        checkpoint_sqlite(db.engine)
    return report
