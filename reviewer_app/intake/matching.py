"""Matching the position an applicant typed to one of the organisation's positions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reviewer_app.positions.name_words import tokens

# A typed word shorter than this is never taken as an abbreviation ("de" is not "developer").
_MIN_ABBREVIATION = 3


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
    positions is ambiguous and gives None, and so is a text that also names another
    position in words apart ("UX Designer, Translator": both were applied for).
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
        self._several: set[str] = set()  # typed texts that name several positions

    def match(self, typed: str) -> str | None:
        """Returns the slug of the one best-fitting position, or None."""
        if typed not in self._memo:
            self._memo[typed] = self._match(typed)
        return self._memo[typed]

    def names_several(self, typed: str) -> bool:
        """Whether ``typed`` names several positions in words apart (so matches none)."""
        self.match(typed)
        return typed in self._several

    def _match(self, typed: str) -> str | None:
        typed_words = tokens(typed)
        if not typed_words:
            return None
        fitting: list[tuple[tuple[bool, bool, int, bool], frozenset[int], str]] = []
        for name in self._names:
            fit = self._fit(typed_words, name.words)
            if fit is not None:
                fitting.append((*fit, name.slug))
        if not fitting:
            return None
        best_key = max(key for key, _, _ in fitting)
        best = {slug for key, _, slug in fitting if key == best_key}
        used = frozenset().union(*(words for key, words, _ in fitting if key == best_key))
        if len(best) != 1:
            # A tie; in words apart ("Translator; Moderator"), it names both positions.
            tied = [(words, slug) for key, words, slug in fitting if key == best_key]
            if any(a != b and not (x & y) for x, a in tied for y, b in tied):
                self._several.add(typed)
            return None
        # Another position named in words apart from the best one's ("UX Designer,
        # Translator"): the applicant applied for both, and the coordinator decides. One
        # that shares words with it ("Python Developer" in "Backend Python Developer")
        # is a reading of the same words, and the better reading stands.
        if any(slug not in best and not words & used for _, words, slug in fitting):
            self._several.add(typed)
            return None
        return next(iter(best))

    @staticmethod
    def _fit(
        typed: tuple[str, ...], words: tuple[str, ...]
    ) -> tuple[tuple[bool, bool, int, bool], frozenset[int]] | None:
        """A sort key (higher is better) and the typed words used; None: no fit."""
        present = set(typed)
        if all(word in present for word in words):
            used = frozenset(i for i, t in enumerate(typed) if t in words)
            return (typed == words, True, len(words), _contains_run(typed, words)), used
        if all(any(_abbreviates(t, word) for t in typed) for word in words):
            used = frozenset(
                i for i, t in enumerate(typed) if any(_abbreviates(t, word) for word in words)
            )
            return (False, False, len(words), False), used
        return None


# Rows named in a warning at most; the count says the rest.
_ROWS_NAMED = 10


def several_positions_warning(source: str, rows: Sequence[int]) -> str:
    """The import's warning about rows whose position names several positions."""
    named = ", ".join(str(row) for row in rows[:_ROWS_NAMED])
    more = f" and {len(rows) - _ROWS_NAMED} more" if len(rows) > _ROWS_NAMED else ""
    which = "row" if len(rows) == 1 else "rows"
    return (
        f"{source} {which} {named}{more}: the position named there is more than one "
        'of the positions (e.g. "UX Designer, Translator"); left unmatched, for a '
        "coordinator to choose each one's position (the Unmatched filter)"
    )
