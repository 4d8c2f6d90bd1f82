"""Undo and redo of a reviewer's actions: one window session's history, in memory.

Each action that :class:`~reviewer_app.review.actions.ReviewService` records is a
:class:`Step`: the things it touched, their rows before and after (see
:mod:`reviewer_app.review.snapshots`), and the operation it appended to the outbox.
How a step is taken back or done again is :mod:`reviewer_app.review.steps`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.changes import Changes
from reviewer_app.domain.identity import blind_name
from reviewer_app.errors import UserError
from reviewer_app.review.snapshots import Entity, Row

DEFAULT_LIMIT = 100
"""How many steps a history keeps (the oldest go first)."""

# How a step touched an entity.
OPERATION = "operation"
"""Changed by the step's operation: withdrawn, or taken back by the reverse operation."""
LOCAL = "local"
"""Changed on this laptop only (a conflict's resolution, a draft discarded)."""
GUARD = "guard"
"""Not changed, but a change to it since forbids undo (the decision a conflict kept)."""
ENDED_DRAFT = "ended draft"
"""A draft the step ended by saving it: given back by undo unless a newer one was typed."""


class NothingToUndo(UserError):
    """There is no step to undo (or to redo)."""


class CannotUndo(UserError):
    """What a step changed has changed since; the history was cleared."""


@dataclass(frozen=True)
class Touched:
    """An entity a step touched, with its row before and after the step."""

    entity: Entity
    role: str
    before: Row
    after: Row


@dataclass(frozen=True)
class Step:
    """One undoable action.

    Attributes:
        label: What was done, e.g. "Not met on Python".
        application_id: The application it was done to.
        applicant_name: Its applicant's name, for the undo text.
        changes: What the action changed (and so what its undo changes).
        touched: The entities it touched.
        operation: The kind and payload of the operation it recorded, if any.
        op_id: That operation's id in the outbox.
        cursor: The cache's last pulled revision when the step was recorded.
        parts: A bulk action's steps, one per application, undone and redone together
            (the step itself then touches nothing; empty for an action on one).
    """

    label: str
    application_id: str
    applicant_name: str
    changes: Changes
    touched: tuple[Touched, ...]
    operation: tuple[str, dict[str, Any]] | None
    op_id: str | None
    cursor: int
    parts: tuple[Step, ...] = ()


class UndoHistory:
    """The undo and redo stacks of one window session (in memory only).

    Thread-safe: the window reads :meth:`undo_text` on the GUI thread while its worker
    records, undoes and redoes steps.

    Args:
        limit: How many steps to keep.
        blind: Name applicants as blind review does ("Applicant #1a2b3c4d").
    """

    def __init__(self, limit: int = DEFAULT_LIMIT, *, blind: bool = False) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self._limit = limit
        self._blind = blind
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        # Short holds only (the GUI thread reads the texts under it).
        self._state = threading.Lock()
        # Held by whoever records, undoes or redoes, for the whole database write.
        self._working = threading.RLock()

    def undo_text(self) -> str | None:
        """ "Undo: Not met on Python for Ana Souza", or None when there is nothing."""
        with self._state:
            return None if not self._undo else f"Undo: {self.title(self._undo[-1])}"

    def redo_text(self) -> str | None:
        """ "Redo: ...", or None when there is nothing to redo."""
        with self._state:
            return None if not self._redo else f"Redo: {self.title(self._redo[-1])}"

    def clear(self) -> None:
        """Forgets every step."""
        with self._state:
            self._undo.clear()
            self._redo.clear()

    def set_blind(self, blind: bool) -> None:
        """Names applicants as blind review does (or by name again)."""
        with self._state:
            self._blind = blind

    def title(self, step: Step) -> str:
        """The step's label and applicant: "Not met on Python for Ana Souza"."""
        applications = {part.application_id for part in step.parts}
        if len(applications) > 1:
            return f"{step.label} for {len(applications)} applicants"
        if self._blind:
            name = blind_name(step.application_id)
        else:
            name = step.applicant_name or "(no name)"
        return f"{step.label} for {name}"

    @contextmanager
    def working(self) -> Iterator[None]:
        """Held while a step is recorded, undone or redone: one at a time."""
        with self._working:
            yield

    def record(self, step: Step) -> None:
        """Adds a step just done; what could be redone is forgotten."""
        with self._state:
            self._undo.append(step)
            del self._undo[: -self._limit]
            self._redo.clear()

    def next_undo(self) -> Step:
        """The step an undo takes back.

        Raises:
            NothingToUndo: The history is empty.
        """
        with self._state:
            if not self._undo:
                raise NothingToUndo("There is nothing to undo.")
            return self._undo[-1]

    def next_redo(self) -> Step:
        """The step a redo does again.

        Raises:
            NothingToUndo: Nothing was undone (or something new was done since).
        """
        with self._state:
            if not self._redo:
                raise NothingToUndo("There is nothing to redo.")
            return self._redo[-1]

    def undone(self, step: Step) -> None:
        """Moves ``step`` (the last one) to the redo stack."""
        with self._state:
            if self._undo and self._undo[-1] is step:
                self._undo.pop()
                self._redo.append(step)

    def redone(self, step: Step, again: Step) -> None:
        """Replaces ``step`` (the next redo) with ``again`` on the undo stack."""
        with self._state:
            if self._redo and self._redo[-1] is step:
                self._redo.pop()
                self._undo.append(again)
                del self._undo[: -self._limit]


__all__ = [
    "DEFAULT_LIMIT",
    "ENDED_DRAFT",
    "GUARD",
    "LOCAL",
    "OPERATION",
    "CannotUndo",
    "NothingToUndo",
    "Step",
    "Touched",
    "UndoHistory",
]
