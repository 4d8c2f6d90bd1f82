"""The label of a language requirement: the language, and the level asked for.

"Excellent written and spoken English" is "Written & spoken English", "English at C1
level or above" is "English, C1 or better", "Native or near-native command of the
language you translate into" is "Near-native target language", and "Fluent English;
other languages are a plus" is "Fluent English". The language is never left out.
"""

from __future__ import annotations

import itertools
import re

from reviewer_app.positions.label_fitting import MAX_LABEL, Label, fit
from reviewer_app.positions.vocabulary import find_languages

# A language the page does not name: the one translated into, a second one, and so on.
_UNNAMED_LANGUAGES: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:the\s+|your\s+|a\s+)?(?:target\s+language|languages?\s+(?:that\s+)?you"
        r"(?:\s+will|\s+would)?\s+(?:translate|work|are translating)\s+(?:in)?to"
        r"|languages?\s+(?:in)?to\s+which\s+you\s+translate)\b",
        "target language",
    ),
    (r"\b(?:a|one)\s+(?:second|other|more|further)\s+language\b", "second language"),
    (r"\banother\s+language\b", "second language"),
    (r"\b(?:the\s+)?local\s+language\b", "local language"),
)
_CEFR = re.compile(
    r"\b(?P<floor>at\s+least\s+|minimum(?:\s+of)?\s+|min\.?\s+)?(?:level\s+)?"
    r"(?P<level>[ABC][12])\b(?:\s+level)?(?P<above>\s*\+|\s+or\s+(?:above|higher|better|more)"
    r"|\s+and\s+(?:above|higher)|\s+minimum)?",
)
_LEVELS: tuple[tuple[str, str], ...] = (
    (r"\bnative\s+or\s+near[- ]native\b|\bnear[- ]native\b|\bnearly\s+native\b", "near-native"),
    (r"\bnative(?:[- ]level)?\b|\bmother\s+tongue\b|\bfirst\s+language\b", "native"),
    (r"\bbilingual\b", "bilingual"),
    (r"\bfluen(?:t|cy)\b", "fluent"),
    (r"\badvanced\b", "advanced"),
    (r"\b(?:highly\s+)?proficien(?:t|cy)\b", "proficient"),
    (r"\bconversational\b", "conversational"),
    (r"\bintermediate\b", "intermediate"),
)
_MODES: tuple[tuple[str, str], ...] = (
    (r"\bwritten\b|\bwriting\b", "written"),
    (r"\bspoken\b|\bspeaking\b|\boral\b|\bverbal\b", "spoken"),
)
_ARTICLES = frozenset({"a", "an", "the", "good", "great", "very", "strong", "excellent"})


def _mentions(head: str) -> list[tuple[int, int, str]]:
    found = [(m.start, m.end, m.name) for m in find_languages(head)]
    for pattern, name in _UNNAMED_LANGUAGES:
        match = re.search(pattern, head, re.IGNORECASE)
        if match and not any(s < match.end() and match.start() < e for s, e, _ in found):
            found.append((match.start(), match.end(), name))
    return sorted(found)


def _cefr(text: str) -> str | None:
    match = _CEFR.search(text)
    if match is None:
        return None
    if match["floor"] or match["above"]:
        return f"{match['level']} or better"
    return match["level"]


def _first_of(table: tuple[tuple[str, str], ...], text: str) -> str | None:
    for pattern, name in table:
        if re.search(pattern, text, re.IGNORECASE):
            return name
    return None


def _rest_after(head: str, end: int) -> str | None:
    """What else the item asks for after the language: "and a friendly voice (in
    writing)" gives "friendly voice"."""
    rest = re.match(r"\s*(?:,|&|\band\b)\s*(?P<rest>.+)$", head[end:], re.IGNORECASE)
    if rest is None:
        return None
    phrase = re.split(r"\s+(?:in|for|with|on|at|when|while|to)\s+", rest["rest"])[0]
    words = [w for w in phrase.split() if w.lower() not in _ARTICLES]
    if not words or find_languages(" ".join(words)):
        return None
    return " ".join(words)


def language_label(head: str, text: str) -> Label | None:
    """Returns the label of a language requirement, or None if ``head`` names no language.

    Args:
        head: The phrase that names the requirement.
        text: The whole item, where a level may stand in parentheses ("(C1 or above)").
    """
    mentions = _mentions(head)
    if not mentions:
        return None
    names = [name for _, _, name in mentions]
    gaps = [head[a[1] : b[0]] for a, b in itertools.pairwise(mentions)]
    joiner = " or " if any(re.search(r"\bor\b|/", g, re.IGNORECASE) for g in gaps) else " & "
    languages = joiner.join(names)
    before = head[: mentions[0][0]]
    # A level is read before the first language ("Fluent English") or after it
    # ("English, fluent"; "Spanish (native)" is in ``text``).
    level = _first_of(_LEVELS, before) or _first_of(_LEVELS, text)
    modes = [name for pattern, name in _MODES if re.search(pattern, text, re.IGNORECASE)]
    cefr = _cefr(text)
    if level is None and not modes and cefr is None:
        return None  # "Communicating clearly in English": the phrase says it better
    words = [level] if level and not cefr else []
    if modes:
        words.append(" & ".join(modes))
    described = " ".join([*words, languages]).strip()
    described = described[:1].upper() + described[1:]
    if cefr:
        described = f"{described}, {cefr}"
    rest = _rest_after(head, mentions[-1][1])
    if rest:
        fuller = f"{described} & {rest}"
        if len(fuller) <= MAX_LABEL:
            return Label(fuller)
        return Label(fit(described).text, hard=True)
    return fit(described)
