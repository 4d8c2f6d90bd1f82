"""What a check's label is about, as words to look for in an applicant's answers.

A hint follows the label's meaning: "Fluent English" is about English (not about the
word "fluent"), "Git & GitHub" about Git and GitHub, "Team management (2+ years)" about
managing a team, found as "manager", "managed" or "management". The subject's words are
looked for with their common variants: a technology's other spellings ("Postgres",
"psql"), a word's other endings, and for an unnamed language ("Near-native target
language") any language the applicant names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer_app.positions.vocabulary import (
    ANY_LANGUAGE,
    find_languages,
    find_technologies,
    technology,
)

_ASIDES = re.compile(
    r"\(\s*\d+\+?\s*(?:years?|months?)\s*\)|\bor\s+similar\b|\b[ABC][12]\s+or\s+better\b"
    r"|\b[ABC][12]\b",
    re.IGNORECASE,
)
_UNNAMED_LANGUAGE = re.compile(r"\b(?:target|second|local|other)\s+language\b", re.IGNORECASE)
# Words of a label that say how much or which kind, not what.
_NOT_SUBJECTS = frozenset(
    {
        "a", "an", "and", "or", "of", "the", "with", "in", "on", "for", "to", "at", "by",
        "as", "is", "are", "be", "you", "your", "our", "we", "like", "similar", "other",
        "etc", "e.g", "eg", "good", "strong", "very", "some", "experience", "experienced",
        "knowledge", "ability", "able", "skill", "skills", "native", "near-native", "near",
        "fluent", "written", "spoken", "bilingual", "advanced", "intermediate",
        "conversational", "language", "languages", "tools", "tool", "software", "platforms",
        "platform", "years", "year", "months", "month", "level", "better", "plus",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SUFFIXES: tuple[str, ...] = (
    "ership", "ments", "ment", "ions", "ion", "ings", "ing", "ies", "ers", "er", "cy", "es",
    "s", "e", "y",
)  # fmt: skip
_MIN_STEM = 4


@dataclass(frozen=True)
class Subject:
    """One thing a label is about, and how an answer mentions it.

    Attributes:
        name: How a hint names it ("English", "Git", "moderation").
        pattern: What counts as a mention in an answer.
        any_language: Whether it stands for any language; a hint then names the one found.
    """

    name: str
    pattern: re.Pattern[str]
    any_language: bool = False

    def found_in(self, text: str) -> str | None:
        """Returns how a hint names this subject if ``text`` mentions it, else None."""
        match = self.pattern.search(text)
        if match is None:
            return None
        return match.group(0).capitalize() if self.any_language else self.name


def stem(word: str) -> str:
    """Returns the part of a word its variants share: "moderation" gives "moderat"."""
    lower = word.lower()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= _MIN_STEM:
            lower = lower[: -len(suffix)]
            break
    # "management" → "manage" → "manag", so that "managing" and "manager" count too.
    if lower.endswith("e") and len(lower) - 1 >= _MIN_STEM:
        lower = lower[:-1]
    return lower


def word_subject(word: str) -> Subject:
    """Returns the subject of an ordinary word, found with any of its endings."""
    root = stem(word)
    if len(root) < _MIN_STEM:
        pattern = rf"(?<![\w-]){re.escape(word.lower())}s?(?![\w-])"
    else:
        pattern = rf"(?<![\w-]){re.escape(root)}[\w-]*"
    return Subject(word, re.compile(pattern, re.IGNORECASE))


def label_subjects(label: str) -> tuple[Subject, ...]:
    """Returns what a label is about, in the label's order.

    Technologies and languages are looked for by their name and its other spellings;
    any other word of the subject by its stem; words that say how much or which kind
    ("Fluent", "Written", "C1 or better", "(2+ years)") are not looked for.
    """
    text = _ASIDES.sub(" ", label)
    found: list[tuple[int, Subject]] = []
    taken: list[tuple[int, int]] = []
    for mention in find_technologies(text):
        named = technology(mention.name)
        if named is not None:
            found.append((mention.start, Subject(mention.name, named.mention)))
            taken.append((mention.start, mention.end))
    for mention in find_languages(text):
        pattern = re.compile(rf"\b{mention.name}\b", re.IGNORECASE)
        found.append((mention.start, Subject(mention.name, pattern)))
        taken.append((mention.start, mention.end))
    unnamed = _UNNAMED_LANGUAGE.search(text)
    if unnamed is not None:
        found.append((unnamed.start(), Subject("a language", ANY_LANGUAGE, any_language=True)))
        taken.append((unnamed.start(), unnamed.end()))
    for match in _WORD.finditer(text):
        word = match.group(0).strip("'-")
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        if word.lower() in _NOT_SUBJECTS or len(word) < 2:
            continue
        # The label's first word is capitalised as a label, not as a name.
        shown = word.lower() if match.start() == 0 and not word.isupper() else word
        if all(shown.lower() != subject.name.lower() for _, subject in found):
            found.append((match.start(), word_subject(shown)))
    return tuple(subject for _, subject in sorted(found, key=lambda pair: pair[0]))
