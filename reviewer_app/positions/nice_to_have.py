"""Whether an item of a requirements list is in fact a nice-to-have.

Pages mark a wish inside the list itself: "Experience with Figma is a plus", "QA
experience is a big plus but not required", "Some copywriting experience preferred",
"A portfolio (optional but encouraged)", "Bonus: Kotlin". Such an item is not a
requirement. A marker that qualifies only a part of the item leaves it a requirement:
in "Fluent English; other languages are a plus" the English is required, and only the
other languages are a plus.

The rule: a marker in the item's first clause, or at its start, or in a later clause
that says nothing but the marker ("(ideal but not required)", ", which is a plus")
qualifies the whole item. A later clause with a subject of its own ("other languages
are a plus", "Django a plus") qualifies only that part.
"""

from __future__ import annotations

import re

_MARKER = re.compile(
    r"\b(?:a\s+|an\s+)?(?:(?:big|huge|definite|great|nice|real|strong|major|added|extra)\s+)?"
    r"(?:plus|bonus|advantage|asset)\b(?!-)"
    r"|\badvantageous\b|\bnice[- ]to[- ]haves?\b|\boptional(?:ly)?\b|\bdesir(?:able|ed)\b"
    r"|\b(?:not|isn't|aren't|never)\s+(?:strictly\s+|absolutely\s+)?"
    r"(?:required|necessary|essential|mandatory|needed|a must|a requirement)\b"
    # "Copywriting experience preferred", but not "in your preferred time zone".
    r"|\b(?:highly\s+|strongly\s+)?preferred\b(?!\s+(?!but\b|though\b|although\b|over\b)[a-z])"
    r"|\bpreferabl[ey]\b|\bideally\b|\bideal\b(?=\s*(?:$|but\b|though\b|[,;)]))"
    r"|\bencouraged\b|\b(?:is|are|would be)\s+(?:also\s+)?(?:nice|great|helpful|welcome|useful"
    r"|appreciated)\b|\bbonus\s+points?\b|\bextra credit\b",
    re.IGNORECASE,
)
# An item that opens with a marker: "Bonus: Kotlin", "Ideally, a degree in design".
_LEADING_MARKER = re.compile(
    r"^\s*(?:bonus(?:\s+points?)?(?:\s+(?:for|if))?|nice[- ]to[- ]haves?|optional(?:ly)?"
    r"|preferred|preferabl[ey]|ideally|desirable|(?:a\s+)?plus(?=\s*:)|extra credit)\b",
    re.IGNORECASE,
)
# "Spanish is a plus, but English is required": the item still asks for something.
_STILL_REQUIRED = re.compile(
    r"(?<!not )(?<!n't )\b(?:is|are)\s+(?:required|a must|essential|mandatory)\b|\bmust\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"\s*(?:[;,()\[\]]|\s[-\u2013\u2014]\s|\u2014|\.\s|:\s)\s*")
# Words that may stand beside a marker in a clause that qualifies the whole item.
_BESIDE_MARKER = frozenset(
    {
        "but", "though", "although", "which", "that", "this", "it", "is", "are", "would",
        "will", "be", "very", "much", "also", "really", "a", "an", "the", "definitely",
        "certainly", "strongly", "highly", "not", "required", "necessary", "so", "and", "or",
        "encouraged", "ideal", "ideally", "optional", "plus", "bonus", "advantage", "asset",
        "preferred", "welcome", "desirable", "big", "huge", "great", "nice", "strictly",
        "always", "of", "course", "in", "any", "case", "still", "obviously",
    }
)  # fmt: skip


def _clauses(text: str) -> list[str]:
    return [clause for clause in _CLAUSE_BREAK.split(text) if clause.strip()]


def _only_marker(clause: str) -> bool:
    rest = _MARKER.sub(" ", clause)
    return all(word in _BESIDE_MARKER for word in re.findall(r"[a-z0-9']+", rest.lower()))


def is_nice_to_have(text: str) -> bool:
    """Whether a requirement item, as plain text, is a wish rather than a requirement."""
    if _LEADING_MARKER.match(text):
        return True
    clauses = _clauses(text)
    if not clauses:
        return False
    head, rest = clauses[0], clauses[1:]
    if _MARKER.search(head):
        return not any(_STILL_REQUIRED.search(clause) for clause in rest)
    return any(_MARKER.search(clause) and _only_marker(clause) for clause in rest)


def is_nice_to_have_intro(text: str) -> bool:
    """Whether a line that introduces a list ("Nice to have:", "Bonus points if you have:")
    makes the items below it wishes."""
    return bool(_LEADING_MARKER.match(text) or _MARKER.search(text))


def is_only_a_wish(text: str) -> bool:
    """Whether a text says nothing but that something is a wish ("Nice to have",
    "Optional", "Bonus"), as a table's cell that marks its row does."""
    if not (_LEADING_MARKER.match(text) or _MARKER.search(text)):
        return False
    return _only_marker(_LEADING_MARKER.sub(" ", text))


def without_wished_parts(text: str) -> str:
    """Returns a required item without its wished-for parts, for its label.

    "Fluent English; other languages are a plus" gives "Fluent English"; an item
    without such a part is returned whole.
    """
    clauses = _clauses(text)
    if len(clauses) > 1 and _MARKER.search(clauses[0]) and not _only_marker(clauses[0]):
        # "Spanish is a plus, but English is required": the requirement comes after.
        first_break = _CLAUSE_BREAK.search(text)
        if first_break is not None:
            return re.sub(r"^(?:but|and|though|although)\s+", "", text[first_break.end() :].strip())
    match = None
    for clause_break in _CLAUSE_BREAK.finditer(text):
        following = text[clause_break.end() :]
        next_break = _CLAUSE_BREAK.search(following)
        clause = following[: next_break.start()] if next_break else following
        if _MARKER.search(clause) and not _only_marker(clause):
            match = clause_break
            break
    return text if match is None else text[: match.start()].rstrip(" ,;:-\u2013\u2014")
