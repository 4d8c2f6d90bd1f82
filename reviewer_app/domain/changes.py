"""What a write changed, so each pane refreshes only what concerns it.

Every write of the core (a check recorded, a note saved, a decision, a position
assigned, a conflict resolved, a sync) returns a :class:`Changes`. The window hands it
to each pane; a pane looks at the fields it shows and ignores the rest, as Anki's
screens do with ``OpChanges``. A note saved, for instance, says nothing about counts,
so no count query runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Changes:
    """An immutable summary of one write.

    Attributes:
        applications: The applications whose rows changed (their list row, detail or
            review panel may show something new).
        applicants: Applications' own data (name, email, answers) changed, or some were
            added or erased.
        membership: Which applications a filter keeps may have changed (an application
            added or erased, a stage or a position changed).
        counts: The filter toggles' counts may have changed.
        checks: Requirement checks changed.
        notes: Notes changed.
        decision: A decision (or a conflict about one) changed.
        drafts: A draft was ended (saved, discarded) or given back (undo).
        positions: Position versions were added or changed.
        assignments: Who is assigned changed (the list's assignee column, the panel's
            assignees; with ``membership`` and ``counts``, as "assigned to me",
            "unassigned" and "needs my review" depend on it).
        contacts: A contact with an applicant was recorded or taken back.
        interview: An interview time was set or cleared.
        everything: The whole cache may differ (rebuilt): refresh everything.
    """

    applications: frozenset[str] = field(default_factory=frozenset)
    applicants: bool = False
    membership: bool = False
    counts: bool = False
    checks: bool = False
    notes: bool = False
    decision: bool = False
    drafts: bool = False
    positions: bool = False
    assignments: bool = False
    contacts: bool = False
    interview: bool = False
    everything: bool = False

    @classmethod
    def of(cls, application_ids: Iterable[str], **flags: bool) -> Changes:
        """A change to ``application_ids`` with the given flags set."""
        return cls(applications=frozenset(application_ids), **flags)

    @classmethod
    def all(cls) -> Changes:
        """Everything may have changed."""
        return cls(
            applicants=True,
            membership=True,
            counts=True,
            checks=True,
            notes=True,
            decision=True,
            drafts=True,
            positions=True,
            assignments=True,
            contacts=True,
            interview=True,
            everything=True,
        )

    def __or__(self, other: Changes) -> Changes:
        """Both changes together."""
        merged = {
            f.name: getattr(self, f.name) or getattr(other, f.name)
            for f in fields(self)
            if f.name != "applications"
        }
        return Changes(applications=self.applications | other.applications, **merged)

    def __bool__(self) -> bool:
        """Whether anything changed."""
        return bool(self.applications) or any(
            getattr(self, f.name) for f in fields(self) if f.name != "applications"
        )

    def touches(self, application_id: str | None) -> bool:
        """Whether what is shown of ``application_id`` may have changed."""
        return application_id is not None and (
            self.everything or application_id in self.applications
        )

    @property
    def review_only(self) -> bool:
        """Whether only checks, notes or drafts changed (and with them the counts)."""
        others = (self.everything, self.applicants, self.membership, self.decision,
                  self.positions, self.assignments, self.contacts, self.interview)  # fmt: skip
        return not any(others) and (self.checks or self.notes or self.drafts)

    @property
    def reorders(self) -> bool:
        """Whether which applications a position or stage filter keeps, or their order
        by name or stage, may have changed (a check or a note changes neither)."""
        return (
            self.everything or self.membership or self.decision or self.applicants or self.positions
        )

    @property
    def list_changed(self) -> bool:
        """Whether the list must be queried again (not just some rows repainted)."""
        return self.everything or self.membership

    @property
    def review_changed(self) -> bool:
        """Whether anything a review panel shows changed."""
        return (
            self.everything
            or self.checks
            or self.notes
            or self.decision
            or self.drafts
            or self.assignments
            or self.contacts
            or self.interview
        )
