"""The applicant selected when blind review is turned on stays in the list.

Under blind review the search no longer looks in names and emails, so turning it on
would take an applicant found by name out of the list, and the selection to another
one: the reviewer would lose their place. The applicant selected stays in the list (its
name hidden) until the reviewer moves on; then the list is queried again without it.
"""

from __future__ import annotations


class KeptSelection:
    """The applicant kept in the list since blind review was turned on, if any."""

    def __init__(self) -> None:
        self.id: str | None = None

    def blind_changed(self, blind: bool, current: str | None, search: str) -> None:
        """Blind review was turned on or off; ``current`` is kept if a ``search`` (the
        only filter blind review changes) may have found it by name."""
        self.id = current if blind and search.strip() else None

    def due(self, current: str | None) -> bool:
        """The selection is now ``current``: whether to query the list again (once)."""
        if self.id is None or current == self.id:
            return False
        self.id = None
        return True
