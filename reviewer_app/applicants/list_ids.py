"""An id list queried off the GUI thread, with what the GUI thread needs to apply it fast.

The window's list model holds ids only; a new list that is the old one reordered (a
sort, a search that still matches all) is applied by moving rows, not by a reset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewer_app.applicants.filters import ApplicantFilter, SortKey
from reviewer_app.applicants.search import ApplicantSearch


@dataclass(frozen=True)
class LoadedIds:
    """An id list as queried on the worker, with what the GUI thread needs to apply it fast.

    Attributes:
        ids: The ids in list order.
        same_set: The ids are those shown when the query was asked, maybe reordered.
        rows: The row of each id if they were reordered, else None.
        counts: The toggles' counts within the filter, if asked for.
    """

    ids: list[str]
    same_set: bool
    rows: dict[str, int] | None = None
    counts: dict[str, int] | None = None


def load_ids(
    search: ApplicantSearch,
    applicant_filter: ApplicantFilter,
    sort: SortKey,
    descending: bool,
    shown: Sequence[str],
    *,
    count: bool = False,
    keep: str | None = None,
) -> LoadedIds:
    """Queries the ids and compares them with those shown (runs on a worker; no Qt).

    A search keystroke costs a few milliseconds here (see ApplicantSearch), so nothing
    of the size of the list is built that the GUI thread may not need. With ``count``,
    the toggles' counts too (ApplicantSearch.counts). ``keep``: an id shown that stays
    in its place even if the filter leaves it out (the applicant selected when blind
    review was turned on).
    """
    ids = search.ids(applicant_filter, sort, descending)
    if keep is not None and keep in shown and keep not in ids:
        ids = _with_kept(ids, shown, keep)
    counts = search.counts(applicant_filter) if count else None
    if ids == shown:  # e.g. a search that still matches all: nothing moves
        return LoadedIds(ids, same_set=True, counts=counts)
    same_set = len(ids) == len(shown) and set(ids) == set(shown)
    rows = dict(zip(ids, range(len(ids)), strict=True)) if same_set else None
    return LoadedIds(ids, same_set, rows, counts)


def _with_kept(ids: list[str], shown: Sequence[str], keep: str) -> list[str]:
    """``ids`` with ``keep`` before the first of those after it in ``shown`` still there."""
    present = set(ids)
    later = shown[shown.index(keep) + 1 :]
    following = next((other for other in later if other in present), None)
    at = len(ids) if following is None else ids.index(following)
    return [*ids[:at], keep, *ids[at:]]
