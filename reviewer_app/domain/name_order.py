"""People in a dictionary's order by name, not their code points' (no imports of the app).

SQLite and ``sorted`` compare code points: "ana lima" after "Zoë Adeyemi", "Ágata" and
"Łukasz" after every plain Z. :func:`name_sort_key` makes a key that compares as plain
text in that order; the cache keeps it beside each application's name (``name_key``), so
the list's sort by name is one indexed sort of text, never a Python call per comparison.
"""

from __future__ import annotations

import re

from reviewer_app.domain.letters import unaccented

# Punctuation, symbols and controls: "O'Brien" beside "Obrien", a quoted or bracketed
# name among the others. (Marks are gone already: ``unaccented`` drops them.)
_IGNORED = re.compile(r"[^\w\s]|_")
# Between the primary key and the name that breaks its ties: below every character the
# primary key may hold (controls are ignored), so "Ana" still comes before "Ana Lima".
_TIE = "\x01"


def name_sort_key(name: str) -> str:
    """Returns the text whose code-point order is the dictionary order of ``name``.

    First without case, accents, punctuation and repeated spaces ("Ágata" beside
    "Agata", before "Bruno"); equal so, by the name itself, so the order never depends on
    which row was written first. A name in another script comes after the Latin ones
    (its letters come after theirs); a name with no letter or digit gives "".
    """
    folded = name.casefold()
    plain = folded if folded.isascii() else unaccented(folded)
    words = plain.split(" ")
    if all(word.isalnum() for word in words):
        # Letters and digits between single spaces (most names): nothing to take out.
        # isalnum() is what ``\w`` matches, but the underscore.
        primary = plain
    else:
        primary = " ".join(_IGNORED.sub("", plain).split())
    return f"{primary}{_TIE}{name}" if primary else ""


def name_order(name: str) -> tuple[bool, str, str]:
    """The key to sort names by in Python, in the list's order: nameless ones last.

    A name with no letter or digit ("—", "***") has the key "": first by itself, last in
    the list's sort, and among such names only the name itself tells them apart.
    """
    key = name_sort_key(name)
    return (not key, key, name)


__all__ = ["name_order", "name_sort_key"]
