"""When the list filters out an applicant the reviewer just reviewed: once they move on.

The list never re-filters under the reviewer's own edits: the row being reviewed stays
where it is while its checks are recorded, even when the last one takes it out of "Needs
my review". But once the reviewer moves to another applicant, a list that still shows
the finished one (and says "159 shown" beside "Needs my review 158") no longer says
what is left to do. So a review that may change what a filter keeps marks the applicant;
when the selection leaves it, the list is queried again (the selection stays).

Only a list of at most :data:`MAX_ROWS`: querying "Needs my review" again over 100,000
applications takes ~0.5 s on the window's one worker, and the key press that follows the
move (a check on the next applicant) would wait for it. Such a list is brought up to date
at its next refresh (a sync, a filter changed).
"""

from __future__ import annotations

from reviewer_app.applicants.filters import ApplicantFilter
from reviewer_app.applicants.queries import TOGGLE_KEYS
from reviewer_app.domain.changes import Changes

MAX_ROWS = 10_000
"""The longest list queried again after a move (~50 ms at this size)."""


class AfterMoving:
    """Remembers the applicant a review may have taken out of the list's filter."""

    def __init__(self) -> None:
        self._reviewed: str | None = None

    def note(
        self, changes: Changes, current: str | None, chosen: ApplicantFilter, rows: int
    ) -> None:
        """After a write: marks ``current`` if the filter may drop it.

        Args:
            changes: What the write changed.
            current: The selected applicant; None: not the reviewer's own write.
            chosen: The list's filter.
            rows: How many applications the list shows.
        """
        toggled = any(getattr(chosen, key) for key in TOGGLE_KEYS)
        narrowed = toggled or chosen.position is not None or chosen.stage is not None
        may_leave = changes.membership or changes.counts
        mine = current is not None and current in changes.applications
        if narrowed and may_leave and mine and rows <= MAX_ROWS:
            self._reviewed = current

    def due(self, current: str | None) -> bool:
        """The selection is now ``current``: whether to query the list again (once)."""
        if self._reviewed is None or current == self._reviewed:
            return False
        self._reviewed = None
        return True


__all__ = ["MAX_ROWS", "AfterMoving"]
