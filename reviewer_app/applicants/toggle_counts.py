"""The toggles' counts of the applicant list, kept and brought up to date (no Qt).

Counting every toggle over 100,000 applications is one SQL pass of ~0.2 s (each
application's checks, assignments, conflicts and drafts); the list asked for it after
every check a reviewer recorded, and the next key press's write waited behind it on the
window's one database worker. A review changes the toggles of the applications it
names alone, so once the counts are known with each application's toggles (one byte of
bits), a review costs reading those few applications' toggles again (milliseconds) and
moving the totals by the difference.

Any other change (a sync that added applications, a new position, a rebuilt cache)
drops what is kept: the next counts are one SQL pass again. That pass reads each
application's toggles, not only the totals (~15 % more than the totals alone): read at
the first review after it instead, as was done, they held that review's counts, and the
next key press's write, for a whole pass. The search takes them too (:meth:`of_everyone`).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Sequence
from itertools import repeat

from reviewer_app.applicants.filters import ApplicantFilter
from reviewer_app.applicants.queries import TOGGLE_KEYS, ApplicantQuery

# Reading one application's toggles again costs ~8 times what it costs in the pass over
# all of them (a query per 500 ids): past that share of the applications, that pass. A
# few are always read alone (milliseconds).
_PATCH_COST = 8
_PATCH_ALWAYS = 64


class KeptToggles:
    """Toggles read once and kept until a change; after a review, its applications alone
    are read again (:meth:`forget`).

    Safe to call from any thread; :meth:`forget` never waits for a read.

    Args:
        query: The list's queries over the cache.
    """

    def __init__(self, query: ApplicantQuery) -> None:
        self._query = query
        self._lock = threading.Lock()  # held only to swap what is kept, never to read
        self._reading = threading.Lock()  # one reader: what is kept is patched in place
        self._epoch = 0  # what was read before a forget() of everything is not kept
        self._stale: set[str] = set()  # applications a review changed since

    def forget(self, changed: Collection[str] | None = None) -> None:
        """Says what changed in the cache.

        Args:
            changed: The only applications whose toggles may have changed (a review of
                them); None: any may have (applications added or erased, positions...).
        """
        with self._lock:
            if changed is None:
                self._epoch += 1
                self._drop()
                self._stale.clear()
            else:
                self._stale.update(changed)

    def _drop(self) -> None:
        """Drops what is kept (called holding the lock)."""
        raise NotImplementedError

    def _not_read(self, epoch: int, stale: set[str]) -> None:
        """Puts back the applications a failed read was to read again."""
        with self._lock:
            if self._epoch == epoch:
                self._stale |= stale


class ToggleCounts(KeptToggles):
    """The counts of one base filter (:meth:`ApplicantQuery.counts`), kept until a change."""

    def __init__(self, query: ApplicantQuery) -> None:
        super().__init__(query)
        self._base: ApplicantFilter | None = None
        self._counts: dict[str, int] | None = None
        self._flags: dict[str, int] | None = None  # each application's toggle bits

    def _drop(self) -> None:
        self._base = self._counts = self._flags = None

    def counts(self, base_filter: ApplicantFilter) -> dict[str, int]:
        """Returns how many applications each toggle keeps within ``base_filter``.

        As :meth:`ApplicantQuery.counts` (keys ``COUNT_KEYS``); ``base_filter``
        without a search.
        """
        with self._reading:
            return dict(self._up_to_date(base_filter.base())[0])

    def bits(self, base_filter: ApplicantFilter, ids: Sequence[str]) -> bytes:
        """Returns the toggle bits of ``ids`` within ``base_filter``, in their order.

        Brought up to date as :meth:`counts` (one pass, or the reviewed ones alone); an
        application the filter does not keep has none.
        """
        with self._reading:  # no patch meanwhile
            flags = self._up_to_date(base_filter.base())[1]
            return bytes(map(flags.get, ids, repeat(0)))

    def _up_to_date(self, base: ApplicantFilter) -> tuple[dict[str, int], dict[str, int]]:
        """The counts and flags of ``base``, read or patched as needed (holding _reading)."""
        with self._lock:  # the named ones are read now; any named later, next time
            epoch, stale, self._stale = self._epoch, self._stale, set()
            kept = self._base == base and self._counts is not None
            counts, flags = (self._counts, self._flags) if kept else (None, None)
        try:
            if counts is not None and flags is not None and not stale:
                return counts, flags
            if counts is not None and flags is not None and patchable(len(stale), len(flags)):
                fresh = self._query.toggle_flags(base, sorted(stale))
                counts = _patched(counts, flags, stale, fresh)
            else:  # nothing kept, or too many reviews since to read them alone
                flags = self._query.toggle_flags(base)
                counts = _tallied(flags)
        except BaseException:
            self._not_read(epoch, stale)
            raise
        with self._lock:
            if self._epoch == epoch:
                self._base, self._counts, self._flags = base, counts, flags
        return counts, flags

    def of_everyone(self, ids: Sequence[str]) -> bytes | None:
        """The toggle bits of ``ids``, in their order, if those of every application are
        kept and up to date (the counts of a list with no position or stage filter, no
        review since); else None. An id read since has none."""
        with self._reading:  # no patch meanwhile
            with self._lock:
                base, flags = self._base, self._flags
                if flags is None or base is None or self._stale:
                    return None
            if base.position is not None or base.stage is not None:
                return None
            return bytes(map(flags.get, ids, repeat(0)))


def patchable(named: int, kept: int) -> bool:
    """Whether reading ``named`` applications alone beats the pass over all ``kept``."""
    return named <= max(_PATCH_ALWAYS, kept // _PATCH_COST)


def _tallied(flags: dict[str, int]) -> dict[str, int]:
    """The counts of applications with these toggle bits."""
    values = Counter(flags.values())
    counts = {"all": len(flags)}
    for bit, key in enumerate(TOGGLE_KEYS):
        counts[key] = sum(number for value, number in values.items() if value >> bit & 1)
    return counts


def _patched(
    counts: dict[str, int], flags: dict[str, int], stale: set[str], fresh: dict[str, int]
) -> dict[str, int]:
    """Moves ``counts`` and ``flags`` (in place) to the toggles read again.

    Args:
        counts: The counts before.
        flags: Every application's bits before; updated.
        stale: The applications read again.
        fresh: Their bits now, of those the filter keeps now (one it no longer keeps,
            or erased, is missing).
    """
    counts = dict(counts)
    for app_id in stale:
        for value, sign in ((flags.pop(app_id, None), -1), (fresh.get(app_id), 1)):
            if value is None:
                continue
            counts["all"] += sign
            for bit, key in enumerate(TOGGLE_KEYS):
                counts[key] += sign * (value >> bit & 1)
    flags.update(fresh)
    return counts


__all__ = ["KeptToggles", "ToggleCounts", "patchable"]
