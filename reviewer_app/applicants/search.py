"""The applicant list's search, done in memory so that a keystroke costs one pass (no Qt).

In SQL a search keystroke cost ~40 ms at 100,000 applications (a LIKE scan, then every
match turned into an id), and the toggles' counts with a search ~400 ms. Here each
application's search text (name, email and answers, see
:mod:`reviewer_app.cache.search_index`) is read once, case-folded, and lined up with the
list's ids in list order, so a keystroke is one pass over those texts that yields the
matches in list order; a query that contains an earlier one (a character typed) only
scans that one's matches. The toggles are one byte of flags per application, read once
and patched after a review (:mod:`~reviewer_app.applicants.search_flags`); a count is a
count of bytes.

The texts are read in list order so that they also lie in memory in that order: a pass
over texts strewn across memory is ~5 times slower. A list in another order (sorted by
name, say) reuses them as they lie, and pays that.

A search is words, each of which must occur somewhere (in any order, as in a mail
client's search). Matching folds case and accents (:func:`fold_text`): "jose" finds
"José" and "tromso" "Tromsø". In blind review (``search_identity`` False) only the
answers are searched, as the window shows them then: addresses and the applicant's
name hidden. This is the list's only search: :class:`ApplicantQuery` has none.

Nothing here notices a change of the cache: whoever changes it calls
:meth:`ApplicantSearch.forget`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Collection, Sequence
from itertools import compress

from reviewer_app.applicants.filters import ApplicantFilter, SortKey, search_words
from reviewer_app.applicants.queries import TOGGLE_KEYS, ApplicantQuery
from reviewer_app.applicants.search_flags import BITS, SearchFlags
from reviewer_app.applicants.toggle_counts import ToggleCounts
from reviewer_app.domain.identity import hide_identity
from reviewer_app.domain.letters import PLAIN_LETTERS

# Results kept per list, for narrowing and for going back (a deleted character); one of
# 100,000 matches takes 0.8 MB.
_KEPT_RESULTS = 6

# For each bit, a translation of a flags byte into 1 if it holds the bit, else 0.
_HOLDS = {key: bytes((value & bit) // bit for value in range(256)) for key, bit in BITS.items()}

_Key = tuple[ApplicantFilter, SortKey, bool]


# Combining marks left by NFKD ("é" is "e" and U+0301), and letters that have no
# decomposition but that a reviewer types without their stroke or ring all the same.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold_text(text: str) -> str:
    """Returns ``text`` as the search compares it: case and accents folded away.

    "JOSÉ", "Jose" and "josé" all give "jose"; "Tromsø" gives "tromso", "Straße"
    gives "strasse". Letters of every script are kept.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _MARKS.sub("", decomposed).translate(PLAIN_LETTERS)


def fold(text: str) -> str:
    """Returns a search as it is compared: its words folded, one space between them."""
    return " ".join(fold_text(text).split())


def blind_text(text: str) -> str:
    """Returns a search text as blind review lets it be searched, folded.

    Only the answers, and those as the window shows them: web and email addresses and
    the applicant's name hidden (:func:`hide_identity`), so that a name typed does not
    find the application through a "github.com/name" link.
    """
    name, email, answers = [*text.split("\n", 2), "", ""][:3]
    return fold_text(hide_identity(answers, name, email))


def searched_in_memory(text: str) -> bool:
    """Whether ``text`` is a search at all (blank is none)."""
    return bool(search_words(text))


def _narrows(earlier: str, words: list[str]) -> bool:
    """Whether whatever holds ``words`` holds every word of the ``earlier`` search too."""
    return all(any(word in later for later in words) for word in earlier.split())


class _Texts:
    """Every application's search text, folded, as read at one moment.

    Attributes:
        ids: The applications, in the order their texts were read (and lie in memory).
        texts: The folded text of each, in the same order.
        identity: Whether the texts hold names and emails; else they are the answers
            as blind review shows them (:func:`blind_text`).
        where: The index of each id in ``ids``.
        numbers: 0, 1, 2... as many as ids: one int object each, shared by every list of
            positions (100,000 ints take 2.8 MB).
    """

    def __init__(self, ids: list[str], texts: list[str], *, identity: bool) -> None:
        self.ids = ids
        self.texts = texts
        self.identity = identity
        self.numbers = list(range(len(ids)))
        self.where = dict(zip(ids, self.numbers, strict=True))

    def canonical(self, ids: list[str]) -> list[str]:
        """Returns ``ids`` as the store's id objects (a new one stays), to hold one copy."""
        where, own = self.where, self.ids
        return [own[where[app_id]] if app_id in where else app_id for app_id in ids]


class _Scope:
    """One filter's applications (no search, no toggles) in list order, with their texts.

    Args:
        key: The filter, the sort key and whether descending.
        store: The texts; they must hold every one of ``ids``.
        ids: The ids in list order.

    Raises:
        KeyError: An id has no text in ``store`` (it is newer).
    """

    def __init__(self, key: _Key, store: _Texts, ids: Sequence[str]) -> None:
        self.key = key
        self.store = store
        self._slots = [store.where[app_id] for app_id in ids]
        # The store's id objects, so that the list shares them instead of holding copies.
        self.ids = list(map(store.ids.__getitem__, self._slots))
        self.texts = list(map(store.texts.__getitem__, self._slots))
        self._positions = store.numbers[: len(ids)]
        self._results: dict[str, list[int]] = {}
        self._flags: tuple[bytes, bytes] | None = None  # (the store's flags, the list's)
        self._lock = threading.Lock()

    @classmethod
    def lined_up(cls, key: _Key, store: _Texts, ids: Sequence[str]) -> _Scope | None:
        """Returns the scope, or None if an id has no text in ``store``."""
        try:
            return cls(key, store, ids)
        except KeyError:
            return None

    def find(self, folded: str) -> list[int]:
        """Returns the positions whose text holds every word of ``folded``, in list order."""
        words = sorted(folded.split(), key=len, reverse=True)  # the longest rules out most
        with self._lock:
            found = self._results.pop(folded, None)
            # Whatever holds this search's words holds those of an earlier one within it.
            within = [query for query in self._results if _narrows(query, words)]
            wider = self._results[max(within, key=len)] if within else None
        if found is None:
            texts = self.texts
            first, *others = words
            if wider is None:
                pairs = zip(self._positions, texts, strict=True)
                found = [n for n, text in pairs if first in text]
            else:
                found = [n for n in wider if first in texts[n]]
            for word in others:
                found = [n for n in found if word in texts[n]]
            if len(found) == len(texts):
                found = self._positions  # all of them: one list less to keep
        with self._lock:
            self._results[folded] = found  # the newest last: the oldest go first
            while len(self._results) > _KEPT_RESULTS:
                del self._results[next(iter(self._results))]
        return found

    def ids_at(self, positions: Sequence[int]) -> list[str]:
        """Returns the ids at ``positions``."""
        if len(positions) == len(self.ids):
            return list(self.ids)  # all of them: a copy is far faster than a lookup each
        return list(map(self.ids.__getitem__, positions))

    def flags(self, store_flags: bytes) -> bytes:
        """Returns the toggle flags of the list, from those of the store."""
        cached = self._flags
        if cached is None or cached[0] is not store_flags:
            cached = (store_flags, bytes(map(store_flags.__getitem__, self._slots)))
            self._flags = cached
        return cached[1]

    def flags_at(self, positions: Sequence[int], store_flags: bytes) -> bytes:
        """Returns the toggle flags of the applications at ``positions``."""
        flags = self.flags(store_flags)
        return flags if len(positions) == len(flags) else bytes(map(flags.__getitem__, positions))


class ApplicantSearch:
    """The applicant list's ids and counts, with the search done in memory.

    Gives the ids and counts of a filter with a search, as :meth:`ApplicantQuery.ids`
    and :meth:`ApplicantQuery.counts` give those of one without; without a search it
    asks them, or filters the list it read last by the toggles' bits the counts keep.
    What it reads is kept until :meth:`forget`: the search texts (~40 MB at 100,000
    applications), the toggles' flags, and one filter's ids in one order (the last one
    listed or searched). Safe to call from any thread; :meth:`forget` never waits for a
    read.

    Args:
        query: The list queries over the local cache.
    """

    def __init__(self, query: ApplicantQuery) -> None:
        self._query = query
        self._lock = threading.Lock()  # held only to swap what is kept, never to read
        # Held to read: a caller on another worker waits for the first one's reading (the
        # window's list has two) instead of reading it all again beside it.
        self._reading = threading.Lock()
        self._epoch = 0  # what was read before a forget() is not kept
        self._store: _Texts | None = None
        self._listed: tuple[_Key, list[str]] | None = None  # a list without search, toggles
        self._scope: _Scope | None = None
        self._order: tuple[SortKey, bool] = (SortKey.SUBMITTED, True)  # the last listed
        self._counts = ToggleCounts(query)  # those without a search
        self._flags = SearchFlags(query, self._counts.of_everyone)  # of self._store's ids

    def ids(
        self,
        filter: ApplicantFilter | None = None,
        sort: SortKey = SortKey.SUBMITTED,
        descending: bool = True,
    ) -> list[str]:
        """Returns the ids of the applications ``filter`` keeps, in list order."""
        filter = filter or ApplicantFilter()
        self._order = (sort, descending)
        if not searched_in_memory(filter.search):
            with self._lock:
                epoch, store, listed = self._epoch, self._store, self._listed
            key = (_unfiltered(filter), sort, descending)
            if listed is not None and listed[0] == key:  # the list as read: toggles only
                return self._toggled(filter, listed[1])
            ids = self._query.ids(filter, sort, descending)
            if store is not None:
                ids = store.canonical(ids)
            if filter == _unfiltered(filter):
                # What a search of this list scans: kept, so that it is not read again.
                self._keep((filter, sort, descending), ids, epoch)
            return ids
        scope = self._scope_for(_unfiltered(filter), sort, descending)
        positions = scope.find(fold(filter.search))
        toggles = [key for key in TOGGLE_KEYS if getattr(filter, key)]
        if toggles:
            flags = scope.flags_at(positions, self._flags_of(scope.store))
            held = [flags.translate(_HOLDS[key]) for key in toggles]
            kept = held[0] if len(held) == 1 else bytes(map(min, *held))
            positions = list(compress(positions, kept))
        return scope.ids_at(positions)

    def _toggled(self, filter: ApplicantFilter, listed: list[str]) -> list[str]:
        """The applications of ``listed`` (the list without toggles) that ``filter``'s
        toggles keep, by the bits the counts keep: not a query (0.1-0.3 s at 100,000)."""
        mask = sum(bit for key, bit in BITS.items() if getattr(filter, key))
        if not mask:
            return list(listed)
        bits = self._counts.bits(filter, listed)
        return list(compress(listed, (value & mask == mask for value in bits)))

    def counts(self, base_filter: ApplicantFilter | None = None) -> dict[str, int]:
        """Returns how many applications each toggle would show (see ApplicantQuery.counts)."""
        base = (base_filter or ApplicantFilter()).base()
        if not searched_in_memory(base.search):
            return self._counts.counts(base)
        sort, descending = self._order
        scope = self._scope_for(_unfiltered(base), sort, descending)
        positions = scope.find(fold(base.search))
        flags = scope.flags_at(positions, self._flags_of(scope.store))
        toggled = {key: flags.translate(_HOLDS[key]).count(1) for key in TOGGLE_KEYS}
        return {"all": len(positions), **toggled}

    def warm(
        self,
        filter: ApplicantFilter | None = None,
        sort: SortKey = SortKey.SUBMITTED,
        descending: bool = True,
    ) -> None:
        """Reads now what a search of this list and its counts will need.

        With a search in ``filter``, searches it too: the ids and counts of that filter
        then take well under a millisecond.
        """
        filter = filter or ApplicantFilter()
        self._order = (sort, descending)
        scope = self._scope_for(_unfiltered(filter), sort, descending)
        scope.flags(self._flags_of(scope.store))
        if searched_in_memory(filter.search):
            scope.find(fold(filter.search))

    def forget(
        self, *, texts: bool = True, changed: Collection[str] | None = None, scope: bool = True
    ) -> None:
        """Drops what was read: the cache has changed (or may have).

        Args:
            texts: Also the search texts; False after a change of reviews only
                (decisions, checks, positions), which never changes them.
            changed: The only applications whose toggles may have changed (a review of
                them): their toggles alone are read again. None: any.
            scope: Which applications a position or stage filter keeps, or their order,
                may have changed (a decision, a position): the list a search scans is
                read again if it is filtered or sorted by those. False (a check, a note)
                keeps it, and the results kept.
        """
        self._counts.forget(changed)
        self._flags.forget(None if texts else changed)
        with self._lock:
            if scope and not texts and changed is not None:  # a review: as it may file them
                keys = [] if self._scope is None else [self._scope.key]
                keys += [] if self._listed is None else [self._listed[0]]
                scope = any(map(_filed_by_review, keys))
            if scope or texts or changed is None:
                self._epoch += 1
                self._listed = self._scope = None
            if texts:
                self._store = None

    def _keep(self, key: _Key, ids: list[str], epoch: int) -> None:
        with self._lock:
            if self._epoch == epoch:
                self._listed = (key, list(ids))  # a copy: the caller owns ids

    def _scope_for(self, unfiltered: ApplicantFilter, sort: SortKey, descending: bool) -> _Scope:
        key = (unfiltered, sort, descending)
        with self._lock:
            scope = self._scope
        if scope is not None and scope.key == key:
            return scope
        with self._reading:
            return self._read_scope(key)

    def _read_scope(self, key: _Key) -> _Scope:
        unfiltered, sort, descending = key
        with self._lock:
            epoch, scope, store, listed = self._epoch, self._scope, self._store, self._listed
        if scope is not None and scope.key == key:
            return scope  # read while this caller waited
        if listed is not None and listed[0] == key:
            ids = listed[1]
        else:
            ids = self._query.ids(unfiltered, sort, descending)
        identity = unfiltered.search_identity
        usable = store is not None and store.identity == identity
        scope = _Scope.lined_up(key, store, ids) if store is not None and usable else None
        if scope is None:  # never read, read for the other mode, or older than the list
            store = self._read_texts(ids, unfiltered)
            scope = _Scope(key, store, ids)
        with self._lock:
            if self._epoch == epoch:
                self._store = store
                self._scope = scope
        return scope

    def _read_texts(self, ids: list[str], unfiltered: ApplicantFilter) -> _Texts:
        """Reads every application's text: those of ``ids`` first, in their order."""
        order = ids
        if unfiltered.position is not None or unfiltered.stage is not None:
            # The others too, so that another filter needs no reading.
            inside = set(ids)
            order = ids + [i for i in self._query.ids() if i not in inside]
        raw = self._query.search_texts(order)
        if unfiltered.search_identity:
            return _Texts(order, [fold_text(text) for text in raw], identity=True)
        return _Texts(order, [blind_text(text) for text in raw], identity=False)

    def _flags_of(self, store: _Texts) -> bytes:
        """Returns the toggle flags of the store's applications (kept, patched after reviews)."""
        return self._flags.of(store.ids, store.where)


def _filed_by_review(key: _Key) -> bool:
    """Whether a review (a decision, a position) may change which applications a list
    holds or their order: by a position or stage filter, or sorted by stage."""
    unfiltered, sort, _descending = key
    return unfiltered.position is not None or unfiltered.stage is not None or sort == SortKey.STAGE


def _unfiltered(filter: ApplicantFilter) -> ApplicantFilter:
    """Returns the filter without its search and toggles: the list a search scans."""
    return filter.base().without_search()


__all__ = ["ApplicantSearch", "blind_text", "fold", "fold_text", "searched_in_memory"]
