"""SQLAlchemy models of the local cache: a reviewer's offline copy of the shared database.

Mirrored rows keep the server's primary key and ``revision``; ``revision`` is None for a
row changed here and not yet pushed. Local changes also travel as :class:`OutboxOperation`
rows, in ``seq`` order. The cache has its own declarative base: it is migrated by
:mod:`reviewer_app.cache.migrations`, never by the shared database's migrations.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from reviewer_app.cache.name_keys import key_of_inserted_name
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage, new_id, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A datetime stored as UTC and always read back timezone-aware.

    SQLite keeps no time zone, so without this a value would come back naive.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # Naive values are UTC by convention: the embedded (SQLite) shared database
        # returns its UTC timestamps without a zone.
        if value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _enum(cls: type[enum.StrEnum]) -> Enum:
    # No CHECK constraint: the server is the authority on valid values, and a cache
    # must never refuse a row it is asked to mirror.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


def _application_fk(ondelete: str = "CASCADE") -> ForeignKey:
    # Deferred: a sync page applies rows in server revision order, in which a row may
    # come before the application (or position) it points to.
    return ForeignKey("applications.id", ondelete=ondelete, deferrable=True, initially="DEFERRED")


class CacheBase(DeclarativeBase):
    """Declarative base of the cache, separate from the shared database's base."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Mirrored:
    """Mixin: the server revision of the row, None while a local change is unpushed."""

    revision: Mapped[int | None] = mapped_column(Integer)


class CachedReviewer(Mirrored, CacheBase):
    """A member of the review team."""

    __tablename__ = "reviewers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CachedPosition(Mirrored, CacheBase):
    """One published version of a position description."""

    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    slug: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    crumb: Mapped[str | None] = mapped_column(String(300))
    apply_as: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class CachedApplication(Mirrored, CacheBase):
    """One response of the volunteer form."""

    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    response_id: Mapped[str] = mapped_column(String(200), unique=True)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    # Sorted by name_key (v13, cache/name_keys.py); no query looks a name or email up.
    name: Mapped[str] = mapped_column(Text(collation="NOCASE"), default="")
    name_key: Mapped[str] = mapped_column(
        Text, default=key_of_inserted_name, server_default="", index=True
    )
    email: Mapped[str] = mapped_column(String(320, collation="NOCASE"), default="")
    position_typed: Mapped[str] = mapped_column(Text, default="")
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"),
        index=True,
    )
    # Every answer of the form in order, as [question, answer] pairs.
    answers: Mapped[list[Any]] = mapped_column(default=list)
    # Indexed: the applicant view asks which applications point at one (schema v2).
    duplicate_of: Mapped[str | None] = mapped_column(_application_fk("SET NULL"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CachedRequirementCheck(Mirrored, CacheBase):
    """One reviewer's verdict on one requirement of one application.

    Keyed locally by (application, check, reviewer name) so a check can be made offline
    before the server has given it an id.
    """

    __tablename__ = "requirement_checks"
    __table_args__ = (
        UniqueConstraint("application_id", "check_key", "reviewer_name"),
        # "Needs my review" and its counts read one reviewer's recorded results, grouped
        # by application, and the reports every reviewer's with their times (v9):
        # covered by this index, with no lookup of the rows.
        Index(
            "ix_checks_mine",
            "reviewer_name",
            "application_id",
            "check_key",
            "result",
            "updated_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    application_id: Mapped[str] = mapped_column(_application_fk())
    check_key: Mapped[str] = mapped_column(String(100))
    reviewer_name: Mapped[str] = mapped_column(String(200))
    # No foreign keys to reviewers: a row names its reviewer even before they are synced.
    reviewer_id: Mapped[int | None] = mapped_column(Integer)
    # None: the reviewer cleared their result (the row stays, so the clearing syncs).
    result: Mapped[CheckResult | None] = mapped_column(_enum(CheckResult))
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CachedNote(Mirrored, CacheBase):
    """A triage or interview note; its uuid is made here, so it is also the server's id."""

    __tablename__ = "notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(_application_fk(), index=True)
    author_name: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[NoteKind] = mapped_column(_enum(NoteKind))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    # Set when its author deleted it: the row stays as the deletion's tombstone (body
    # emptied), so the deletion syncs like an edit; reads skip it.
    deleted_at: Mapped[datetime | None] = mapped_column()


class CachedDecision(Mirrored, CacheBase):
    """The current decision on an application (one row per application)."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(
            "stage <> 'declined' OR (reason IS NOT NULL AND reason <> '')",
            name="declined_has_reason",
        ),
    )

    application_id: Mapped[str] = mapped_column(_application_fk(), primary_key=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(Integer)
    decided_by_name: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class CachedDecisionHistory(Mirrored, CacheBase):
    """A decision as the server recorded it (the audit trail)."""

    __tablename__ = "decision_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    application_id: Mapped[str] = mapped_column(_application_fk(), index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class CachedAssignment(Mirrored, CacheBase):
    """A reviewer assigned to an application (v10), keyed by the assignee's name as checks
    are; ``removed_at``: removed (the row stays, so that the removal syncs)."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_name"),
        # The list's filters group the live assignments per application from it alone.
        Index("ix_assignments_live", "removed_at", "application_id", "reviewer_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    application_id: Mapped[str] = mapped_column(_application_fk())
    reviewer_id: Mapped[int | None] = mapped_column(Integer)
    reviewer_name: Mapped[str] = mapped_column(String(200))
    assigned_by: Mapped[int | None] = mapped_column(Integer)
    assigned_by_name: Mapped[str | None] = mapped_column(String(200))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column()


class CachedContact(Mirrored, CacheBase):
    """An applicant contacted: template, subject, by whom and when (schema v10)."""

    __tablename__ = "contacts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(_application_fk(), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(Integer)
    reviewer_name: Mapped[str] = mapped_column(String(200))
    template_slug: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text, default="")
    contacted_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column()  # taken back by its author


class CachedInterview(Mirrored, CacheBase):
    """An application's interview time (schema v10): UTC, and the zone it was set in."""

    __tablename__ = "interviews"

    application_id: Mapped[str] = mapped_column(_application_fk(), primary_key=True)
    starts_at: Mapped[datetime | None] = mapped_column()
    timezone: Mapped[str | None] = mapped_column(String(64))
    set_by: Mapped[int | None] = mapped_column(Integer)
    set_by_name: Mapped[str | None] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxOperation(CacheBase):
    """A local change waiting to be pushed, applied on the server in ``seq`` order."""

    __tablename__ = "outbox"
    # AUTOINCREMENT so a seq is never reused after the newest row is pushed and deleted.
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Sent with the push; the server records it so a repeated push applies nothing twice.
    op_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))
    # No foreign key: the operation must survive the application being deleted on the
    # server, so the push can report it.
    application_id: Mapped[str] = mapped_column(String(36), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PushedOperation(CacheBase):
    """An outbox operation the server confirmed (the journal of what this laptop pushed).

    Kept for :data:`JOURNAL_DAYS` after the push: if the shared database is restored
    from a backup older than the push, the operation is missing from the server's record
    of applied operations and goes back into the outbox, under its own ``seq`` and
    ``op_id``. Removed with its application when that is erased.
    """

    __tablename__ = "pushed_operations"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    application_id: Mapped[str] = mapped_column(String(36), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    pushed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # The server's revision counter when the push committed.
    confirmed_revision: Mapped[int] = mapped_column(Integer, default=0)


JOURNAL_DAYS = 90


class Conflict(CacheBase):
    """A local change the server refused because someone else changed the row first."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(50))
    # None when that side deleted the row.
    theirs: Mapped[dict[str, Any] | None] = mapped_column()
    mine: Mapped[dict[str, Any] | None] = mapped_column()
    their_author: Mapped[str | None] = mapped_column(String(200))
    their_time: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)


class Draft(CacheBase):
    """Work a reviewer has typed but not saved, kept as they type; never synced.

    ``slot`` says what it is a draft of: ``note:new`` (a note being written),
    ``note:<note id>`` (an edit of that note), ``comment:<check key>`` (a check's
    comment), ``decision`` (a stage and reason chosen but not saved). ``value`` holds
    the fields of that slot (e.g. ``{"body": ..., "kind": ...}``).
    """

    __tablename__ = "drafts"

    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    slot: Mapped[str] = mapped_column(String(150), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Revealed(CacheBase):
    """An application whose other reviews this reviewer chose to see before their own
    (independent review's "Show anyway"), remembered per application."""

    __tablename__ = "revealed"

    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revealed_at: Mapped[datetime] = mapped_column(default=utcnow)


SYNC_STATE_ID = 1


def new_device_id() -> str:
    """Returns a new random device id for a cache."""
    return new_id()


class SyncStateRow(CacheBase):
    """Where sync stands (a single row, id 1, created with the schema)."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint(f"id = {SYNC_STATE_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=SYNC_STATE_ID)
    # The highest server revision pulled; the next pull asks for rows above it.
    last_revision: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column()
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    reviewer_name: Mapped[str | None] = mapped_column(String(200))
    # The shared database this cache mirrors (its SharedInstance id), set at first sync.
    shared_instance: Mapped[str | None] = mapped_column(String(36))
    # The row that took the server revision ``last_revision`` (the last row pulled): a
    # server whose copy of it is older, or gone without an erasure, has lost history
    # (restored from a backup). Its table, key (as text) and application, if any.
    witness_table: Mapped[str | None] = mapped_column(String(50))
    witness_key: Mapped[str | None] = mapped_column(String(200))
    witness_application: Mapped[str | None] = mapped_column(String(36))
    # Set when the server was found to have lost history: the next sync downloads the
    # cache afresh (kept until that is done, whatever interrupts it).
    rebuild_pending: Mapped[bool] = mapped_column(default=False)
    # This cache's own random id, sent with pushed decisions: the server tells two
    # laptops of the same reviewer apart by it (see Decision.decided_device).
    device_id: Mapped[str | None] = mapped_column(String(36), default=new_device_id)
    # Every outbox seq up to this one was sent to the server at least once (schema v7):
    # it may be applied there even if no answer came back, so undo no longer withdraws
    # it from the outbox but records the reverse change (see review.undo).
    sent_through: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
