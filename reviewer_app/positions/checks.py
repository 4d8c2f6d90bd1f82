"""The checks a reviewer ticks for a position, derived from its requirement items.

A check's key is stored with every review, so it must survive the small edits that
descriptions get all the time: bullets reordered, punctuation changed, a typo fixed
at the end of a sentence. Keys are therefore built from the technology names an item
mentions, or its bold lead-in, or its first few significant words, never from the
whole sentence or its position in the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reviewer_app.positions.commitment import (
    Commitment,
    hours_label,
    hours_per_week,
    months,
    months_label,
)
from reviewer_app.positions.markdown_structure import clean_inline, clean_item, lead_in

MAX_LABEL = 30

# (label, pattern): the names a reviewer recognises at a glance. Ambiguous English words
# ("Go", "Swift", "Sketch", "Slack") are left out; they would turn up in ordinary prose.
_TECHNOLOGIES: tuple[tuple[str, str], ...] = (
    ("Python", r"python"),
    ("GitHub", r"github"),
    ("GitLab", r"gitlab"),
    ("Git", r"git"),
    ("SQLAlchemy", r"sqlalchemy"),
    ("PostGIS", r"postgis"),
    ("PostgreSQL", r"postgres(?:ql)?"),
    ("SQL", r"sql"),
    ("gRPC", r"grpc"),
    ("Protocol Buffers", r"protocol buffers|protobuf"),
    ("React Native", r"react native"),
    ("React", r"react(?:\.js|js)?"),
    ("Next.js", r"next\.js|nextjs"),
    ("TypeScript", r"typescript"),
    ("JavaScript", r"javascript"),
    ("Node.js", r"node\.js|nodejs"),
    ("HTML", r"html"),
    ("CSS", r"css"),
    ("Docker", r"docker"),
    ("Kubernetes", r"kubernetes"),
    ("Linux", r"linux"),
    ("AWS", r"aws"),
    ("Django", r"django"),
    ("Flask", r"flask"),
    ("Kotlin", r"kotlin"),
    ("Flutter", r"flutter"),
    ("iOS", r"ios"),
    ("Android", r"android"),
    ("Figma", r"figma"),
    ("Penpot", r"penpot"),
    ("Adobe XD", r"adobe xd"),
    ("Canva", r"canva"),
    ("WordPress", r"wordpress"),
    ("Weblate", r"weblate"),
    ("Crowdin", r"crowdin"),
    ("Instagram", r"instagram"),
    ("TikTok", r"tiktok"),
    ("Mastodon", r"mastodon"),
    ("SEO", r"seo"),
    ("Jest", r"jest"),
    ("Playwright", r"playwright"),
)
_TECH_PATTERNS = tuple(
    (label, re.compile(rf"(?<![\w.]){pattern}(?![\w])", re.IGNORECASE))
    for label, pattern in _TECHNOLOGIES
)

# Words that say how much of a skill, not which skill; they are skipped at the start of
# a label and ignored in keys so that "Strong experience with X" and "Experience with X"
# are the same check.
_FILLER_PREFIX = re.compile(
    r"^(?:(?:a|an|the|some|good|strong|excellent|solid|great|proven|basic|demonstrated"
    r"|very|you|are|have|can|will|be|experience|experienced|knowledge|familiarity"
    r"|understanding|ability|able|with|in|of|to)\b[\s,]*)+",
    re.IGNORECASE,
)
_STOP_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "of", "with", "in", "on", "for", "to", "at", "by",
        "from", "as", "is", "are", "be", "you", "your", "we", "our", "have", "has", "some",
        "any", "good", "strong", "excellent", "solid", "great", "proven", "basic",
        "demonstrated", "very", "experience", "experienced", "knowledge", "familiarity",
        "understanding", "ability", "able", "can", "will",
    }
)  # fmt: skip
_CLAUSE_BREAK = re.compile(
    r",|;|\(|:| \u2014 | \u2013 | - | such as | including | e\.g\.| who | which "
)
_KEY_WORDS = 3


@dataclass(frozen=True)
class Check:
    """One thing a reviewer checks about an applicant."""

    key: str
    label: str
    kind: Literal["skill", "commitment"]
    text: str


def slugify(text: str) -> str:
    """Returns lower-case ASCII words joined by "-" ("Git/GitHub" gives "git-github")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("+", "plus").replace("#", "sharp"))
    return "-".join(words)


def technologies(text: str) -> list[str]:
    """Returns the technology names a text mentions, in order of first mention."""
    found: list[tuple[int, int, str]] = []
    for label, pattern in _TECH_PATTERNS:
        for match in pattern.finditer(text):
            # The table lists longer names first, so "React Native" wins over "React".
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), label))
    names: list[str] = []
    for _, _, label in sorted(found):
        if label not in names:
            names.append(label)
    return names


def _shorten(text: str) -> str:
    if len(text) <= MAX_LABEL:
        return text
    words = text[:MAX_LABEL].split()
    if not text[MAX_LABEL - 1].isspace():
        words = words[:-1]  # the last word was cut through, or the "…" would not fit
    # "Written English and a…" reads worse than "Written English…".
    while len(words) > 1 and words[-1].lower().strip(",;:") in _STOP_WORDS:
        words.pop()
    if not words:
        return text[: MAX_LABEL - 1] + "…"
    return " ".join(words).rstrip(" ,;:-\u2013\u2014") + "…"


def _join_names(names: list[str]) -> str:
    label = names[0]
    for name in names[1:]:
        if len(label) + 1 + len(name) > MAX_LABEL:
            break
        label += "/" + name
    return label


def _plain_words(text: str) -> str:
    plain = _FILLER_PREFIX.sub("", text).strip()
    clause = _CLAUSE_BREAK.split(plain, maxsplit=1)[0].strip()
    # A clause break right at the start ("Kind, patient ...") would leave too little.
    if len(clause) >= 12:
        plain = clause
    return plain[:1].upper() + plain[1:] if plain else text


def skill_label(raw: str) -> str:
    """Returns a short UI label for a raw requirement item (at most ~30 characters)."""
    lead = lead_in(raw)
    if lead:
        return _shorten(lead)
    text = clean_item(raw)
    names = technologies(text)
    if names:
        return _join_names(names)
    return _shorten(_plain_words(text))


def skill_key(raw: str) -> str:
    """Returns the stable key of a raw requirement item, e.g. "skill-git-github"."""
    lead = lead_in(raw)
    text = clean_item(raw)
    if lead:
        basis = " ".join(lead.split()[:_KEY_WORDS])
    elif names := technologies(text):
        # Sorted: "Git and GitHub" and "GitHub and Git" are the same check.
        basis = " ".join(sorted(slugify(name) for name in names))
    else:
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP_WORDS]
        basis = " ".join(words[:_KEY_WORDS])
    return "skill-" + (slugify(basis) or "item")


def skill_checks(items: list[str]) -> list[Check]:
    """Returns one skill check per raw requirement item, keys unique in order of appearance."""
    checks: list[Check] = []
    seen: set[str] = set()
    for raw in items:
        text = clean_item(raw)
        if not text:
            continue
        key = base = skill_key(raw)
        number = 2
        while key in seen:
            key, number = f"{base}-{number}", number + 1
        seen.add(key)
        checks.append(Check(key=key, label=skill_label(raw), kind="skill", text=text))
    return checks


def commitment_checks(commitment: Commitment) -> list[Check]:
    """Returns a check for each stated minimum: hours per week, then months."""
    checks: list[Check] = []
    if commitment.min_hours_per_week is not None:
        hours = commitment.min_hours_per_week
        text = _line_stating(commitment.lines, "hours") or hours_label(hours)
        checks.append(Check("hours-per-week", hours_label(hours), "commitment", text))
    if commitment.min_months is not None:
        stay = commitment.min_months
        text = _line_stating(commitment.lines, "months") or months_label(stay)
        checks.append(Check("months", months_label(stay), "commitment", text))
    return checks


def _line_stating(lines: tuple[str, ...], what: Literal["hours", "months"]) -> str | None:
    reader = hours_per_week if what == "hours" else months
    for line in lines:
        if reader(line) is not None:
            return clean_item(clean_inline(line))
    return None
