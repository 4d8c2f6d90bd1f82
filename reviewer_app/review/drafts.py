"""Work a reviewer has typed but not saved, kept in the local cache as they type.

A draft belongs to one application and one *slot*: the note being written
(:data:`NEW_NOTE`), an edit of one of the reviewer's notes (:func:`note_slot`), a
check's comment (:func:`comment_slot`) or the decision being chosen (:data:`DECISION`).
The window writes them here, a moment after each change, so that they survive moving to
another applicant, closing the window, a crash or a kill. They are the reviewer's own:
nothing here touches the outbox, so a draft never syncs.

What ends a draft lives with the actions: saving the note, the check or the decision
(:class:`reviewer_app.review.actions.ReviewService` deletes the draft in the same
transaction), or discarding it (``ReviewService.discard_draft``, which undo can take
back). The panel reads an application's drafts with its review state; the list marks
and filters the applications that hold one (:mod:`reviewer_app.applicants.filters`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.applicants.filters import has_draft
from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, Draft
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.vocabulary import utcnow

NEW_NOTE = "note:new"
"""The slot of a note being written."""

DECISION = "decision"
"""The slot of a stage and reason chosen but not saved: ``{"stage": ..., "reason": ...}``."""

DraftValue = dict[str, Any]


def note_slot(note_id: str | None) -> str:
    """The slot of a note being written (None) or of an edit of note ``note_id``.

    Its value: ``{"kind": <NoteKind value>, "body": <Markdown>}``.
    """
    return NEW_NOTE if note_id is None else f"note:{note_id}"


def comment_slot(check_key: str) -> str:
    """The slot of a comment being typed on one check; its value: ``{"comment": ...}``."""
    return f"comment:{check_key}"


def note_of_slot(slot: str) -> str | None:
    """The note a note slot edits (None for a new note).

    Raises:
        ValueError: ``slot`` is not a note's.
    """
    if slot == NEW_NOTE:
        return None
    if not slot.startswith("note:"):
        raise ValueError(f"not a note's slot: {slot!r}")
    return slot.removeprefix("note:")


def drafts_changed(application_id: str) -> Changes:
    """What a draft appearing or going changes: the application's row mark and the counts."""
    return Changes.of([application_id], drafts=True, counts=True)


def save_drafts(
    cache: LocalCache, application_id: str, values: Mapping[str, DraftValue | None]
) -> Changes:
    """Stores the drafts of one application, in one transaction; a None value removes one.

    Args:
        cache: The reviewer's local cache.
        application_id: The application the drafts belong to.
        values: The new value of each slot given (see the module); other slots stay.

    Returns:
        :func:`drafts_changed` when the application started or stopped holding a draft
        (its row in the list changes), else an empty Changes.

    Raises:
        CacheError: The cache could not be written (busy, disk full).
    """
    if not values:
        return Changes()
    with cache.session() as session:
        had = _holds_draft(session, application_id)
        now = utcnow()
        for slot, value in values.items():
            row = session.get(Draft, (application_id, slot))
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(
                    Draft(application_id=application_id, slot=slot, value=value, updated_at=now)
                )
            else:
                row.value = dict(value)  # a new object: JSON columns miss changes in place
                row.updated_at = now
        session.flush()
        has = _holds_draft(session, application_id)
    return drafts_changed(application_id) if had != has else Changes()


def save_draft(
    cache: LocalCache, application_id: str, slot: str, value: DraftValue | None
) -> Changes:
    """Stores one draft (None removes it); see :func:`save_drafts`."""
    return save_drafts(cache, application_id, {slot: value})


def applications_with_drafts(cache: LocalCache) -> frozenset[str]:
    """The cached applications that hold at least one draft.

    Drafts of an application no longer cached (erased since) are left out.
    """
    with cache.read_session() as session:
        return frozenset(session.scalars(select(CachedApplication.id).where(has_draft())))


def _holds_draft(session: Session, application_id: str) -> bool:
    return (
        session.scalar(select(Draft.slot).where(Draft.application_id == application_id).limit(1))
        is not None
    )
