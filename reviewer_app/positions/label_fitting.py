"""Making a label fit: shorter forms of the same phrase first, leaving words out last.

A label that is too long is first written more tightly ("and" as "&", no articles), then
loses its trailing qualifier ("… for occasional client work"); only when that is not
enough does it lose whole parts of the requirement, and such a label is marked ``hard``
so that ``positions`` can say so. A label never ends in "…" nor in half a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LABEL = 32
"""The longest label, in characters: about what a check row shows on one line."""

_ARTICLES = re.compile(r"\b(?:a|an|the)\s+", re.IGNORECASE)
_PREPOSITION = re.compile(
    r"\s+(?:for|in|on|with|at|across|within|from|by|into|about|through|via|using|when"
    r"|while|under|over|of)\s+",
    re.IGNORECASE,
)
_DANGLING = frozenset(
    {"a", "an", "the", "and", "or", "of", "with", "in", "on", "for", "to", "at", "by", "&",
     "from", "as", "your", "our", "their", "its", "is", "are", "be", "who", "that"}
)  # fmt: skip


@dataclass(frozen=True)
class Label:
    """A check's label, and whether words of the requirement had to go to make it fit."""

    text: str
    hard: bool = False


def _tighter(text: str) -> list[str]:
    """The same phrase written ever more tightly, without leaving any part out."""
    forms = [text]
    no_articles = _ARTICLES.sub("", text)
    forms.append(no_articles[:1].upper() + no_articles[1:])
    ampersand = re.sub(r"\s+and\s+", " & ", forms[-1])
    forms.append(ampersand)
    if ampersand.count(" & ") == 1 and "," not in ampersand:
        forms.append(ampersand.replace(" & ", ", "))
    return forms


def _without_qualifier(text: str) -> str | None:
    """ "Testing React components in isolation" without "in isolation": the phrase
    before its last preposition, if a phrase of two words or more is left."""
    for match in reversed(list(_PREPOSITION.finditer(text))):
        if re.search(r"[,&]", text[match.end() :]):
            return None  # the preposition heads a list: nothing trailing to drop
        if len(text[: match.start()].split()) >= 2:
            return text[: match.start()]
    return None


def _first_parts(text: str, limit: int) -> str | None:
    """The leading parts of a list that fit: "Kind, patient, a good listener" gives
    "Kind, patient"."""
    parts = re.split(r"\s*(?:,|&|\bor\b|\band\b)\s*", text)
    kept = ""
    for part in parts:
        candidate = f"{kept}, {part}" if kept else part
        if len(candidate) > limit:
            break
        kept = candidate
    return kept or None


def _whole_words(text: str, limit: int) -> str:
    words = text[: limit + 1].split()
    if len(text) > limit and not text[limit].isspace():
        words = words[:-1]  # the last word was cut through
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-\u2013\u2014&") or text[:limit]


def fit(text: str, limit: int = MAX_LABEL) -> Label:
    """Returns ``text`` as a label of at most ``limit`` characters.

    Tighter forms of the whole phrase come first; then the phrase without its trailing
    qualifier; then (``hard``) its leading parts, or its leading whole words.
    """
    text = " ".join(text.split())
    for form in _tighter(text):
        if len(form) <= limit:
            return Label(form)
    tight = _tighter(text)[-1]
    shorter = _without_qualifier(text)
    while shorter is not None:
        for form in _tighter(shorter):
            if len(form) <= limit:
                return Label(form)
        shorter = _without_qualifier(shorter)
    parts = _first_parts(tight, limit)
    if parts and len(parts.split()) > 1:
        return Label(parts, hard=True)
    return Label(_whole_words(tight, limit), hard=True)


def join_names(names: list[str], connector: str, *, similar: bool = False) -> Label:
    """Joins names as a label: "Git & GitHub", "Figma or Sketch", "React, Vue or Svelte".

    Args:
        names: The names, in the order written.
        connector: "&" when all are asked for, "or" when any one will do.
        similar: Whether the page accepts a similar tool too ("Canva or similar").
    """
    suffix = " or similar" if similar else ""
    if len(names) == 1:
        return fit(names[0] + suffix)
    spelled = ", ".join(names[:-1]) + f" {connector} {names[-1]}" + suffix
    if len(spelled) <= MAX_LABEL:
        return Label(spelled)
    slashed = "/".join(names) + suffix
    if len(slashed) <= MAX_LABEL:
        return Label(slashed)
    kept = names[0]
    for name in names[1:]:
        if len(f"{kept}/{name}") > MAX_LABEL:
            break
        kept += "/" + name
    return Label(kept, hard=True)
