"""SQLAlchemy models of the shared database.

Every row that sync mirrors carries a ``revision`` taken from one monotonic server
counter (see :mod:`reviewer_app.server.revisions`); deletions leave a
:class:`Tombstone`. Laptop clocks are never used to order changes.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, new_id, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}  # noqa: RUF012 (SQLAlchemy API)


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    # Stored as text plus a CHECK constraint: the same on SQLite and PostgreSQL, and a
    # new value is a constraint change rather than an ALTER TYPE.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class Revisioned:
    """Mixin: the server revision at which the row last changed."""

    revision: Mapped[int] = mapped_column(BigInteger, index=True)


class SyncCounter(Base):
    """The single monotonic revision counter (one row, id 1)."""

    __tablename__ = "sync_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class SharedInstance(Base):
    """The identity of this shared database (one row, id 1), made when it is created.

    A local cache records it at its first sync and refuses any other database, whose
    revisions and ids would mix with the ones it holds.
    """

    __tablename__ = "shared_instance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[str] = mapped_column(String(36))


class Reviewer(Revisioned, Base):
    """A member of the review team."""

    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Added by migration 0006 after revision, hence sort_order (as the table has them).
    # The PostgreSQL login role this reviewer connects as (made by add-reviewer); on
    # PostgreSQL the server maps ``session_user`` to the reviewer through it. None for
    # reviewers of the embedded database and those made before logins existed.
    login: Mapped[str | None] = mapped_column(String(63), unique=True, sort_order=1)
    # When the coordinator disabled the login (remove-reviewer); their work stays.
    disabled_at: Mapped[datetime | None] = mapped_column(sort_order=1)


class Position(Revisioned, Base):
    """One published version of a position description."""

    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    crumb: Mapped[str | None] = mapped_column(String(300))
    apply_as: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class Application(Revisioned, Base):
    """One response of the volunteer form."""

    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    response_id: Mapped[str] = mapped_column(String(200), unique=True)
    submitted_at: Mapped[datetime | None] = mapped_column()
    name: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(320), default="", index=True)
    position_typed: Mapped[str] = mapped_column(Text, default="")
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="SET NULL"), index=True
    )
    # Every answer of the form in order, as [question, answer] pairs.
    answers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    duplicate_of: Mapped[str | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RequirementCheck(Revisioned, Base):
    """One reviewer's verdict on one requirement of one application."""

    __tablename__ = "requirement_checks"
    __table_args__ = (UniqueConstraint("application_id", "check_key", "reviewer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    check_key: Mapped[str] = mapped_column(String(100))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), index=True)
    # None: the reviewer cleared their result (migration 0008); the row stays, so the
    # clearing reaches every laptop like any other change.
    result: Mapped[CheckResult | None] = mapped_column(_enum(CheckResult, "check_result"))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Revisioned, Base):
    """A triage or interview note; only its author edits or deletes it."""

    __tablename__ = "notes"
    __table_args__ = (
        # A deleted note is a tombstone: its text is gone from the server too.
        CheckConstraint("deleted_at IS NULL OR body = ''", name="deleted_is_empty"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), index=True)
    kind: Mapped[NoteKind] = mapped_column(_enum(NoteKind, "note_kind"))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    # When its author deleted it (migration 0008, after revision): the row stays, with
    # its body emptied, so the deletion syncs as an update (reviewers cannot DELETE).
    deleted_at: Mapped[datetime | None] = mapped_column(sort_order=1)


class Decision(Revisioned, Base):
    """The current decision on an application (one row per application)."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(
            "stage <> 'declined' OR (reason IS NOT NULL AND reason <> '')",
            name="declined_has_reason",
        ),
    )

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "stage"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The laptop (its cache's device id) that pushed it: a decision pushed on a stale
    # revision conflicts even with the same reviewer's decision from another device.
    decided_device: Mapped[str | None] = mapped_column(String(36), sort_order=1)


class DecisionHistory(Revisioned, Base):
    """Every decision ever recorded, in server order (an audit trail)."""

    __tablename__ = "decision_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "stage"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(Revisioned, Base):
    """A reviewer assigned to an application (migration 0009).

    Any reviewer of the team may assign anyone (coordinators split the work, reviewers
    take it); who did is ``assigned_by``, which the server stamps on PostgreSQL. A
    removal is an update (``removed_at``), never a DELETE, so it syncs like an edit.
    """

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), index=True)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column()


class Contact(Revisioned, Base):
    """An applicant contacted ("emailed: decline, by Ana, 3 Dec"); its uuid is the laptop's.

    ``removed_at`` is set when its author takes it back (undo after a push).
    """

    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"), index=True)
    template_slug: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text, default="")
    contacted_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column()


class Interview(Revisioned, Base):
    """An application's interview time (one row per application; NULL: cleared)."""

    __tablename__ = "interviews"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    starts_at: Mapped[datetime | None] = mapped_column()
    # The IANA zone the time was set in (e.g. "Europe/Lisbon"), to show it as set.
    timezone: Mapped[str | None] = mapped_column(String(64))
    set_by: Mapped[int | None] = mapped_column(ForeignKey("reviewers.id"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class Tombstone(Revisioned, Base):
    """A deletion that every cache applies at its next sync."""

    __tablename__ = "tombstones"
    __table_args__ = (Index("ix_tombstones_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(200))
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppliedOperation(Base):
    """A client operation already applied, so a repeated push applies nothing twice."""

    __tablename__ = "applied_operations"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("reviewers.id"))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the push reported back (e.g. a conflict, quoting decision reasons), returned
    # again on a repeat; an erasure replaces it with a plain "dropped".
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Last, as the migration that added it appends it. No foreign key: the record
    # outlives an erased application, with its outcome scrubbed.
    application_id: Mapped[str | None] = mapped_column(String(36), index=True)


class TeamRole(Base):
    """The PostgreSQL group roles of this database's team, by kind.

    ``kind`` is "reviewer" or "coordinator". Roles are cluster-wide, so each database
    records its own; the server's policies and functions read them.
    """

    __tablename__ = "team_roles"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    role_name: Mapped[str] = mapped_column(String(63))


class ErasureKey(Base):
    """The secret key of the erasure records' hashes (one row, id 1), made by migrate.

    Per database: the hashes of one database say nothing to anyone holding another's.
    """

    __tablename__ = "erasure_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # 32 random bytes in hex.
    secret: Mapped[str] = mapped_column(String(64))


class Erasure(Base):
    """A one-way record of an erased application, so that no import brings it back.

    Only keyed hashes (HMAC-SHA256 with :class:`ErasureKey`) of the form's response id,
    of the normalised email and of the fields that tell its application apart: they
    recognise the same values again, and give nobody the values. Not mirrored: laptops
    never need it.
    """

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # None when the application had no email.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # The erased application's random id (as in its tombstone), so that its other
    # applications can be erased later by the id the coordinator was given.
    application_id: Mapped[str] = mapped_column(String(36), index=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Keyed hashes of its time, answers, name and position (migration 0010,
    # :mod:`reviewer_app.server.erasure_marks`); None in a record made before.
    marks: Mapped[dict[str, Any] | None] = mapped_column(JSON)
