"""Erasing an application and everything recorded about it (a data-subject request).

The erasure leaves a tombstone that carries only the application's random id, so every
laptop deletes its cached copy at its next sync, and an :class:`~models.Erasure` record
that carries only keyed hashes of the form's response id, of the normalised email and
of the fields that tell the application from another of that email
(:mod:`.erasure_marks`), so that importing the same (cumulative) form export again does
not bring it back, however its derived id is read. The shared database keeps no
personal data of the erased person in clear.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from reviewer_app.domain.emails import normalise_email
from reviewer_app.domain.vocabulary import utcnow
from reviewer_app.errors import UserError
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erasure_marks import (
    ErasureMarks,
    MarkedFields,
    keyed_hash,
    make_marks,
    same_application,
)
from reviewer_app.storage.sqlite_files import checkpoint_sqlite

# Tables whose rows belong to one application and go with it.
_ATTACHED: tuple[type[models.Base], ...] = (
    models.RequirementCheck,
    models.Note,
    models.Decision,
    models.DecisionHistory,
    models.Assignment,
    models.Contact,
    models.Interview,
)


def _secret(session: Session, *, create: bool) -> bytes | None:
    """The database's erasure key; made here if ``create`` and migrate made none."""
    key = session.get(models.ErasureKey, 1)
    if key is None and create:
        # Erasures hold the revision counter, so two cannot both make one.
        key = models.ErasureKey(id=1, secret=secrets.token_hex(32))
        session.add(key)
        session.flush()
    return bytes.fromhex(key.secret) if key is not None else None


@dataclass(frozen=True)
class ErasureLookup:
    """Recognises erased responses and email addresses by their keyed hashes.

    Attributes:
        secret: The database's key (None: nothing was ever erased).
        responses: Hashes of the erased response ids.
        emails: Hashes of the erased applications' normalised emails.
        marks: Each email hash's erased applications' marks (None: a record made
            before marks were kept, see :mod:`.erasure_marks`).
    """

    secret: bytes | None = None
    responses: frozenset[str] = field(default_factory=frozenset)
    emails: frozenset[str] = field(default_factory=frozenset)
    marks: Mapping[str, tuple[ErasureMarks | None, ...]] = field(default_factory=dict)

    def response_hash(self, response_id: str) -> str:
        """The keyed hash of a form's response id."""
        assert self.secret is not None
        return keyed_hash(self.secret, "response", response_id)

    def email_hash(self, email: str) -> str | None:
        """The keyed hash of an address's normal form; None for no address."""
        assert self.secret is not None
        normal = normalise_email(email)
        return keyed_hash(self.secret, "email", normal) if normal else None

    def response_erased(self, response_id: str) -> bool:
        """Whether the response with this id was erased."""
        return bool(self.responses) and self.response_hash(response_id) in self.responses

    def email_erased(self, email: str) -> bool:
        """Whether an erased application had this address (in its normal form)."""
        return bool(self.emails) and self.email_hash(email) in self.emails

    def marks_of_email(self, email: str) -> tuple[ErasureMarks | None, ...]:
        """The marks of each erased application with this address; () for none."""
        if not self.emails:
            return ()
        email_hash = self.email_hash(email)
        return self.marks.get(email_hash, ()) if email_hash is not None else ()

    def same_as_marked(self, marks: ErasureMarks, fields: MarkedFields) -> bool:
        """Whether nothing tells a response of the marks' address apart from that one."""
        assert self.secret is not None
        return same_application(self.secret, marks, fields)


def erasure_lookup(session: Session) -> ErasureLookup:
    """Reads the erasure records (hashes only) for an import to check responses against."""
    erasure = models.Erasure
    rows = session.execute(select(erasure.response_hash, erasure.email_hash, erasure.marks)).all()
    if not rows:
        return ErasureLookup()
    marks: dict[str, tuple[ErasureMarks | None, ...]] = {}
    for _, email_hash, stored in rows:
        if email_hash is not None:
            marks[email_hash] = (*marks.get(email_hash, ()), ErasureMarks.from_json(stored))
    return ErasureLookup(
        _secret(session, create=False),
        frozenset(r for r, _, _ in rows),
        frozenset(marks),
        marks,
    )


@dataclass(frozen=True)
class ErasureReport:
    """What :func:`erase_application` removed (ids and counts only, no personal data).

    Attributes:
        application_id: The id asked for (the application's, even if given by response id).
        deleted_rows: Rows deleted per table, the applications themselves included.
        unlinked_duplicates: Ids of kept applications that were marked duplicates of one.
        tombstone_revision: The revision at which the erasure reaches the laptops.
        also_erased: Other applications with the same email, erased with it.
        same_email: Other applications with the same email, kept (no --all-for-email).
        erased_before: Whether ``application_id`` was erased by an earlier erasure.
    """

    application_id: str
    deleted_rows: dict[str, int]
    unlinked_duplicates: list[str]
    tombstone_revision: int
    also_erased: list[str] = field(default_factory=list)
    same_email: list[str] = field(default_factory=list)
    erased_before: bool = False

    def summary(self) -> str:
        """Returns one line for the user."""
        counts = ", ".join(_rows(table, n) for table, n in self.deleted_rows.items() if n)
        others = (
            f"{len(self.also_erased)} other application(s) with its email address "
            f"({', '.join(self.also_erased)})"
        )
        if self.erased_before:
            what = f"application {self.application_id} was erased before; erased {others}"
        elif self.also_erased:
            what = f"erased application {self.application_id} and {others}"
        else:
            what = f"erased application {self.application_id}"
        line = (
            f"{what} ({counts}); {len(self.unlinked_duplicates)} duplicate link(s) cleared; "
            f"laptops drop it at their next sync (revision {self.tombstone_revision}); "
            "a re-import of the form export will skip it"
        )
        if self.same_email:
            line += (
                f". {len(self.same_email)} other application(s) share its email address "
                f"({', '.join(self.same_email)}) and were kept; to erase them too, run: "
                f"uv run main.py erase {self.application_id} --all-for-email"
            )
        return line

    __str__ = summary


def _rows(table: str, count: int) -> str:
    """A table's rows as the user counts them: "1 application", "3 requirement checks"."""
    noun = table.replace("_", " ")
    return f"{count} {noun[:-1] if count == 1 and noun.endswith('s') else noun}"


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


def _find(session: Session, wanted: str) -> models.Application | None:
    application = session.get(models.Application, wanted)
    if application is None:  # the form's own id, as the erasure request may give it
        application = session.scalars(
            select(models.Application).where(models.Application.response_id == wanted)
        ).one_or_none()
    return application


def _with_email_hash(session: Session, lookup: ErasureLookup, email_hash: str) -> list[str]:
    """Ids of the applications whose normalised email has this keyed hash."""
    app = models.Application
    query = select(app.id, app.email).where(app.email != "").order_by(app.id)
    return [i for i, email in session.execute(query) if lookup.email_hash(email) == email_hash]


def _with_same_email(session: Session, application: models.Application) -> list[str]:
    """Ids of the other applications whose email has the same normal form."""
    normal = normalise_email(application.email)
    if not normal:
        return []
    app = models.Application
    # Normal forms are computed, not stored: one pass over the emails.
    query = select(app.id, app.email).where(app.email != "", app.id != application.id)
    return sorted(i for i, email in session.execute(query) if normalise_email(email) == normal)


def _already_erased(
    session: Session, wanted: str, lookup: ErasureLookup, *, all_for_email: bool
) -> tuple[str, list[str]]:
    """The erased application's id and the ids to erase, when ``wanted`` was erased before.

    Raises:
        UserError: Nothing has this id, or nothing is left to erase.
    """
    record = session.scalars(
        select(models.Erasure).where(
            (models.Erasure.application_id == wanted)
            | (models.Erasure.response_hash == lookup.response_hash(wanted))
        )
    ).first()
    if record is None:
        raise UserError(
            f"No application has the id or form response id {wanted!r}; copy "
            "the id from an export's first column and try again."
        )
    when = record.erased_at.strftime("%Y-%m-%d")
    others = _with_email_hash(session, lookup, record.email_hash) if record.email_hash else []
    if all_for_email and others:
        return record.application_id, others
    if others:
        raise UserError(
            f"Application {wanted} was already erased on {when}. {len(others)} other "
            f"application(s) share its email address ({', '.join(others)}); to erase them "
            f"too, run: uv run main.py erase {wanted} --all-for-email"
        )
    raise UserError(
        f"Application {wanted} was already erased on {when}, and no other application "
        "shares its email address: nothing is left to erase."
    )


def _erase_one(
    session: Session, application: models.Application, lookup: ErasureLookup
) -> tuple[dict[str, int], models.Tombstone]:
    application_id = application.id
    deleted = _delete_attached(session, application_id)
    # A stored push outcome may quote a decision and its reason; "dropped" is what a
    # push of the same operation would get now.
    session.execute(
        update(models.AppliedOperation)
        .where(models.AppliedOperation.application_id == application_id)
        .values(outcome={"status": "dropped"})
    )
    response_hash = lookup.response_hash(application.response_id)
    recorded = select(models.Erasure.id).where(models.Erasure.response_hash == response_hash)
    if session.scalars(recorded).first() is None:
        session.add(
            models.Erasure(
                response_hash=response_hash,
                email_hash=lookup.email_hash(application.email),
                application_id=application_id,
                marks=_marks(lookup, application).to_json(),
            )
        )
    session.delete(application)
    tombstone = models.Tombstone(entity="application", entity_id=application_id)
    session.add(tombstone)
    deleted[models.Application.__tablename__] = 1
    return deleted, tombstone


def _marks(lookup: ErasureLookup, application: models.Application) -> ErasureMarks:
    assert lookup.secret is not None
    fields = MarkedFields(
        application.email,
        application.submitted_at,
        application.name,
        application.position_typed,
        [(str(question), str(answer)) for question, answer in application.answers or ()],
    )
    return make_marks(lookup.secret, fields)


def _unlink_duplicates(session: Session, erased: Iterable[str]) -> list[str]:
    """Clears the duplicate mark of kept applications that point at an erased one."""
    gone = set(erased)
    duplicates = session.scalars(
        select(models.Application).where(
            models.Application.duplicate_of.in_(gone), models.Application.id.not_in(gone)
        )
    ).all()
    now = utcnow()
    for duplicate in duplicates:
        duplicate.duplicate_of = None
        duplicate.updated_at = now
    # The unlinking must reach the database before the rows it points at go.
    session.flush()
    return sorted(d.id for d in duplicates)


def erase_application(
    db: SharedDatabase, application_id: str, *, all_for_email: bool = False
) -> ErasureReport:
    """Deletes an application with its checks, notes and decisions, in one transaction.

    ``application_id`` is the application's id or the form's response id. An erasure
    record (keyed hashes only) makes later imports skip the response. Applications
    marked as its duplicates are unlinked (and so get a new revision), and a tombstone
    makes every laptop drop its copy at the next sync.

    Args:
        db: The shared database.
        application_id: The application's id or its form response id; with
            ``all_for_email``, also the id of one erased earlier.
        all_for_email: Also erase every other application whose email has the same
            normal form; else the report lists them.

    Raises:
        UserError: No application has this id or response id (or, erased before,
            nothing is left to erase).
        SharedDatabaseUnavailable: The database cannot be reached.
    """
    with db.session() as session:
        # The counter before any row, the order every writer takes them in: an erasure
        # that deleted rows first could deadlock with a push changing one of them.
        session.execute(
            select(models.SyncCounter.id).where(models.SyncCounter.id == 1).with_for_update()
        )
        lookup = ErasureLookup(_secret(session, create=True))
        application = _find(session, application_id)
        earlier = application is None
        if application is None:
            application_id, targets = _already_erased(
                session, application_id, lookup, all_for_email=all_for_email
            )
            same_email: list[str] = []
        else:
            application_id = application.id
            same_email = _with_same_email(session, application)
            targets = [application_id, *same_email] if all_for_email else [application_id]
        unlinked = _unlink_duplicates(session, targets)
        deleted: dict[str, int] = {}
        tombstones = []
        for target in targets:
            counts, tombstone = _erase_one(
                session, session.get_one(models.Application, target), lookup
            )
            for table, n in counts.items():
                deleted[table] = deleted.get(table, 0) + n
            tombstones.append(tombstone)
        session.flush()
        report = ErasureReport(
            application_id=application_id,
            deleted_rows=deleted,
            unlinked_duplicates=unlinked,
            tombstone_revision=max(t.revision for t in tombstones),
            also_erased=[t for t in targets if t != application_id],
            same_email=[] if all_for_email else same_email,
            erased_before=earlier,
        )
    if db.dialect == "sqlite":
        # secure_delete overwrote the rows in the file; empty the log that still has them.
        checkpoint_sqlite(db.engine)
    return report
