"""When the list filters out an applicant the reviewer just reviewed: once they move on.

The list never re-filters under the reviewer's own edits: the row being reviewed stays
where it is while its checks are recorded, even when the last one takes it out of "Needs
my review". But once the reviewer moves to another applicant, a list that still shows
the finished one (and says "159 shown" beside "Needs my review 158") no longer says
what is left to do. So a review that may change what a filter keeps marks the applicant;
when the selection leaves it, the list is queried again (the selection stays).
"""

from __future__ import annotations

from reviewer_app.applicants.filters import ApplicantFilter
from reviewer_app.applicants.queries import TOGGLE_KEYS
from reviewer_app.domain.changes import Changes


class AfterMoving:
    """Remembers the applicant a review may have taken out of the list's filter."""

    def __init__(self) -> None:
        self._reviewed: str | None = None

    def note(self, changes: Changes, current: str | None, chosen: ApplicantFilter) -> None:
        """After a write: marks ``current`` if the filter may drop it (None: not the
        reviewer's own write, or nothing selected)."""
        narrowed = (
            chosen.position is not None
            or chosen.stage is not None
            or any(getattr(chosen, key) for key in TOGGLE_KEYS)
        )
        may_leave = changes.membership or changes.counts
        if narrowed and may_leave and current is not None and current in changes.applications:
            self._reviewed = current

    def due(self, current: str | None) -> bool:
        """The selection is now ``current``: whether to query the list again (once)."""
        if self._reviewed is None or current == self._reviewed:
            return False
        self._reviewed = None
        return True


__all__ = ["AfterMoving"]
