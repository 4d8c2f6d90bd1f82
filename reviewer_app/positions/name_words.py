"""The words of a position's name as applicants are matched by them (no imports of the app).

Applicants type the position they apply for in their own words; the import matches them
to a position by the words of its title, crumb or "apply as" name
(:mod:`reviewer_app.intake.matching`), and the position files' check warns of two
positions whose names have the same words (:mod:`reviewer_app.positions.clashes`).
"""

from __future__ import annotations

import re
import unicodedata

# Small words that applicants add or drop freely ("Head of Community" / "Community head").
_STOPWORDS = frozenset({"a", "an", "and", "as", "at", "for", "in", "of", "on", "the", "to"})
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> tuple[str, ...]:
    """Splits text into casefolded words, ignoring punctuation and small stop words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = tuple(_WORD.findall(folded))
    meaningful = tuple(word for word in words if word not in _STOPWORDS)
    # A name made only of stop words still needs something to match on.
    return meaningful or words


__all__ = ["tokens"]
