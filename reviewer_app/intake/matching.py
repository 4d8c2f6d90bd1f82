"""Matching the position an applicant typed to one of the organisation's positions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Small words that applicants add or drop freely ("Head of Community" / "Community head").
_STOPWORDS = frozenset({"a", "an", "and", "as", "at", "for", "in", "of", "on", "the", "to"})
# A typed word shorter than this is never taken as an abbreviation ("de" is not "developer").
_MIN_ABBREVIATION = 3
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> tuple[str, ...]:
    """Splits text into casefolded words, ignoring punctuation and small stop words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = tuple(_WORD.findall(folded))
    meaningful = tuple(word for word in words if word not in _STOPWORDS)
    # A name made only of stop words still needs something to match on.
    return meaningful or words


@dataclass(frozen=True)
class _Name:
    slug: str
    words: tuple[str, ...]


def _contains_run(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    size = len(needle)
    return any(tuple(haystack[i : i + size]) == tuple(needle) for i in range(len(haystack)))


def _abbreviates(typed: str, word: str) -> bool:
    return len(typed) >= _MIN_ABBREVIATION and word.startswith(typed)


class PositionMatcher:
    """Finds the position slug for typed text, or None when none or several fit.

    A position's name fits when each of its words is among the typed words ("Backend
    Developer (Python/Django)"), or is abbreviated there ("backend dev"). Among fitting
    names the best is, in order: the typed text is exactly the name, no abbreviation was
    needed, the name has more words, its words appear as one run. A tie between two
    positions is ambiguous and gives None.
    """

    def __init__(self, positions: Iterable[tuple[str, Iterable[str | None]]]) -> None:
        """Takes (slug, names) pairs; a name is a title, crumb or apply-as text, or None."""
        names: list[_Name] = []
        for slug, candidates in positions:
            for candidate in candidates:
                if candidate is None:
                    continue
                words = tokens(candidate)
                if words:
                    names.append(_Name(slug, words))
        self._names = tuple(names)
        # Thousands of applicants type the same few strings: match each string once.
        self._memo: dict[str, str | None] = {}

    def match(self, typed: str) -> str | None:
        """Returns the slug of the one best-fitting position, or None."""
        if typed not in self._memo:
            self._memo[typed] = self._match(typed)
        return self._memo[typed]

    def _match(self, typed: str) -> str | None:
        typed_words = tokens(typed)
        if not typed_words:
            return None
        best_key: tuple[bool, bool, int, bool] | None = None
        best_slugs: set[str] = set()
        for name in self._names:
            key = self._fit(typed_words, name.words)
            if key is None:
                continue
            if best_key is None or key > best_key:
                best_key, best_slugs = key, {name.slug}
            elif key == best_key:
                best_slugs.add(name.slug)
        return next(iter(best_slugs)) if len(best_slugs) == 1 else None

    @staticmethod
    def _fit(typed: tuple[str, ...], words: tuple[str, ...]) -> tuple[bool, bool, int, bool] | None:
        """Returns a sort key (higher is better), or None when the name does not fit."""
        present = set(typed)
        if all(word in present for word in words):
            return (typed == words, True, len(words), _contains_run(typed, words))
        if all(any(_abbreviates(t, word) for t in typed) for word in words):
            return (False, False, len(words), False)
        return None
