"""The toggles of each application the search holds a text of, kept and patched (no Qt).

A search with a toggle on, and the toggles' counts beside a search, need each
application's toggles: one byte of bits per application, in the order of the search's
texts. Reading them is one pass over the cache (~0.3 s at 100,000 applications). A
review changes the toggles of the applications it names alone, so after one only those
are read again and patched in; the pass was made again after every check recorded with
a search in the box, and the reviewer's next key press waited behind it on the window's
worker (0.5 s, with the list re-read).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import repeat

from reviewer_app.applicants.filters import ApplicantFilter
from reviewer_app.applicants.queries import TOGGLE_KEYS, ApplicantQuery
from reviewer_app.applicants.toggle_counts import KeptToggles, patchable

# Bit i of an application's flags: it has toggle TOGGLE_KEYS[i].
BITS = {key: 1 << number for number, key in enumerate(TOGGLE_KEYS)}


class SearchFlags(KeptToggles):
    """The flags of one list of applications (the search's texts), until a change."""

    def __init__(
        self, query: ApplicantQuery, seed: Callable[[Sequence[str]], bytes | None] | None = None
    ) -> None:
        super().__init__(query)
        self._seed = seed  # the flags of a list, if known already (the list's counts')
        self._ids: Sequence[str] | None = None  # the list the flags are of (by identity)
        self._flags: bytes | None = None

    def _drop(self) -> None:
        self._ids = self._flags = None

    def of(self, ids: Sequence[str], where: Mapping[str, int]) -> bytes:
        """Returns the flags of ``ids``, in their order.

        Args:
            ids: The applications; the same list object as before for the flags kept to
                be used (the search's texts, read once).
            where: The index of each of ``ids``.
        """
        with self._lock:
            if self._ids is ids and self._flags is not None and not self._stale:
                return self._flags
        with self._reading:
            with self._lock:
                epoch = self._epoch
                kept = self._flags if self._ids is ids else None
                stale = self._stale if kept is not None else set(self._stale)
                self._stale = set()
            try:
                if kept is not None and not stale:
                    return kept  # read while this caller waited
                if kept is not None and patchable(len(stale), len(ids)):
                    flags = self._patched(kept, stale, where)
                else:
                    flags = self._read(ids)
            except BaseException:
                self._not_read(epoch, stale)
                raise
            with self._lock:
                if self._epoch == epoch:
                    self._ids, self._flags = ids, flags
            return flags

    def _patched(self, kept: bytes, stale: set[str], where: Mapping[str, int]) -> bytes:
        """``kept`` with the toggles of the ``stale`` applications read again."""
        fresh = self._query.toggle_flags(ApplicantFilter(), sorted(stale))
        flags = bytearray(kept)
        for app_id in stale:
            slot = where.get(app_id)
            if slot is not None:  # else newer than the texts: in no list of them
                flags[slot] = fresh.get(app_id, 0)  # missing: erased
        return bytes(flags)

    def _read(self, ids: Sequence[str]) -> bytes:
        """Every application's toggles: as the list's counts keep them, or in one pass."""
        seeded = self._seed(ids) if self._seed is not None else None
        if seeded is not None:
            return seeded
        flags = self._query.toggle_flags(ApplicantFilter())
        return bytes(map(flags.get, ids, repeat(0)))  # newer than the texts: in no list


__all__ = ["BITS", "SearchFlags"]
