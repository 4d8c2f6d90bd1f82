"""The key of a requirement check: frozen, because every review is stored under it.

Reviews in the local caches and on the shared database name their check by this key,
and a laptop parses a published version again with whatever parser it runs. So a key
is derived here exactly as it always was: from the technology names an item mentions
(this module's own table, never extended), or its bold lead-in, or its first few
significant words; never from the label, which may improve, nor from the position in
the list. The key survives the small edits that descriptions get all the time: bullets
reordered, punctuation changed, a typo fixed at the end of a sentence.

Keys are numbered ("skill-python-2") in the order the first parser listed its checks,
so an item that has since become a nice-to-have or a commitment leaves the numbers of
the others alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reviewer_app.positions.commitment import hours_per_week, months
from reviewer_app.positions.markdown_structure import clean_item, lead_in

# Frozen: a name added here would change the key of every item that mentions it.
_KEY_TECHNOLOGIES: tuple[tuple[str, str], ...] = (
    ("Python", r"python"), ("GitHub", r"github"), ("GitLab", r"gitlab"), ("Git", r"git"),
    ("SQLAlchemy", r"sqlalchemy"), ("PostGIS", r"postgis"),
    ("PostgreSQL", r"postgres(?:ql)?"), ("SQL", r"sql"), ("gRPC", r"grpc"),
    ("Protocol Buffers", r"protocol buffers|protobuf"), ("React Native", r"react native"),
    ("React", r"react(?:\.js|js)?"), ("Next.js", r"next\.js|nextjs"),
    ("TypeScript", r"typescript"), ("JavaScript", r"javascript"),
    ("Node.js", r"node\.js|nodejs"), ("HTML", r"html"), ("CSS", r"css"),
    ("Docker", r"docker"), ("Kubernetes", r"kubernetes"), ("Linux", r"linux"),
    ("AWS", r"aws"), ("Django", r"django"), ("Flask", r"flask"), ("Kotlin", r"kotlin"),
    ("Flutter", r"flutter"), ("iOS", r"ios"), ("Android", r"android"), ("Figma", r"figma"),
    ("Penpot", r"penpot"), ("Adobe XD", r"adobe xd"), ("Canva", r"canva"),
    ("WordPress", r"wordpress"), ("Weblate", r"weblate"), ("Crowdin", r"crowdin"),
    ("Instagram", r"instagram"), ("TikTok", r"tiktok"), ("Mastodon", r"mastodon"),
    ("SEO", r"seo"), ("Jest", r"jest"), ("Playwright", r"playwright"),
)  # fmt: skip
_KEY_PATTERNS = tuple(
    (label, re.compile(rf"(?<![\w.]){pattern}(?![\w])", re.IGNORECASE))
    for label, pattern in _KEY_TECHNOLOGIES
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
_KEY_WORDS = 3
_FIRST_COMMITMENT_WORDS = re.compile(r"\b(commit|stay|remain|minimum|at least)", re.IGNORECASE)


def slugify(text: str) -> str:
    """Returns lower-case ASCII words joined by "-" ("Git/GitHub" gives "git-github")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("+", "plus").replace("#", "sharp"))
    return "-".join(words)


def _key_technologies(text: str) -> list[str]:
    found: list[tuple[int, int, str]] = []
    for label, pattern in _KEY_PATTERNS:
        for match in pattern.finditer(text):
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), label))
    names: list[str] = []
    for _, _, label in sorted(found):
        if label not in names:
            names.append(label)
    return names


def skill_key(raw: str) -> str:
    """Returns the stable key of a raw requirement item, e.g. "skill-git-github"."""
    lead = lead_in(raw)
    text = clean_item(raw)
    if lead:
        basis = " ".join(lead.split()[:_KEY_WORDS])
    elif names := _key_technologies(text):
        # Sorted: "Git and GitHub" and "GitHub and Git" are the same check.
        basis = " ".join(sorted(slugify(name) for name in names))
    else:
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP_WORDS]
        basis = " ".join(words[:_KEY_WORDS])
    return "skill-" + (slugify(basis) or "item")


def was_a_commitment(raw: str) -> bool:
    """Whether the first parser read a requirement item as a commitment, not a check."""
    if hours_per_week(raw) is not None:
        return True
    return months(raw) is not None and _FIRST_COMMITMENT_WORDS.search(raw) is not None


class CheckKeys:
    """Hands out the keys of one position's skill checks, each unique.

    Args:
        requirement_items: Every raw item of the position's requirement sections, in
            order: those the first parser made checks of are numbered first, as it did.
    """

    def __init__(self, requirement_items: Sequence[str]) -> None:
        self._seen: set[str] = set()
        self._first: dict[int, str] = {}
        for index, raw in enumerate(requirement_items):
            if clean_item(raw) and not was_a_commitment(raw):
                self._first[index] = self._unique(skill_key(raw))

    def for_requirement(self, index: int, raw: str) -> str:
        """Returns the key of the requirement item at ``index``."""
        return self._first.get(index) or self.for_item(raw)

    def for_item(self, raw: str) -> str:
        """Returns a new unique key for an item the first parser made no check of."""
        return self._unique(skill_key(raw))

    def _unique(self, base: str) -> str:
        key, number = base, 2
        while key in self._seen:
            key, number = f"{base}-{number}", number + 1
        self._seen.add(key)
        return key
