"""The structure of a position's Markdown body: its sections and their list items.

Position files are written by many hands, so this reads them loosely: a section is
any ATX heading (H2 and H3 alike) with the lines up to the next heading, and a list
item is a bullet or numbered line with its continuation lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SectionKind = Literal["requirements", "preferred", "commitment", "apply", "other"]

_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`+([^`]*)`+")
_STRONG = re.compile(r"(\*\*|__)(?P<text>.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?P<text>\S(?:.*?\S)?)\1(?![\w*])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# Trailing list punctuation, including the "; and" that joins the last two bullets.
_TRAILING = re.compile(r"(?:[;,]\s*(?:and|or))?[\s;,.]*$", re.IGNORECASE)
_LEAD_IN = re.compile(r"^\s*(\*\*|__)(?P<lead>[^*_]+?)\s*:?\s*\1\s*:?")

_REQUIREMENT_NAMES = frozenset(
    {
        "requirements",
        "requirement",
        "required",
        "required skills",
        "skills",
        "skills and experience",
        "experience and skills",
        "qualifications",
        "what you need",
        "what you will need",
        "what we are looking for",
    }
)
_PREFERRED_NAMES = frozenset(
    {
        "preferred",
        "preferred skills",
        "preferred qualifications",
        "nice to have",
        "nice to haves",
        "bonus",
        "bonus points",
    }
)
_COMMITMENT_WORDS = frozenset({"commitment", "expectations", "expectation"})


@dataclass(frozen=True)
class Section:
    """A heading and the lines below it up to the next heading."""

    level: int
    title: str
    lines: tuple[str, ...]

    @property
    def kind(self) -> SectionKind:
        """What the section holds, judged by its heading."""
        return section_kind(self.title)


def normalise_heading(title: str) -> str:
    """Returns a heading in comparable form: plain, lower case, "&" as "and", no punctuation."""
    text = clean_inline(title).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def section_kind(title: str) -> SectionKind:
    """Classifies a heading such as "Skills & Experience" or "Duties:"."""
    name = normalise_heading(title)
    if name in _PREFERRED_NAMES or name.startswith("preferred"):
        return "preferred"
    if _COMMITMENT_WORDS & set(name.split()):
        return "commitment"
    if name in _REQUIREMENT_NAMES or name.startswith("requirements"):
        return "requirements"
    # "Apply" and "How to apply", but not the "[Apply Here](/volunteer/form)" link heading.
    if name in {"apply", "how to apply", "to apply"}:
        return "apply"
    return "other"


def split_sections(body: str) -> list[Section]:
    """Splits a Markdown body at its ATX headings; text before the first heading is level 0."""
    sections: list[Section] = []
    level, title, lines = 0, "", []
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            lines.append(line)
            continue
        sections.append(Section(level, title, tuple(lines)))
        level, title, lines = len(heading["hashes"]), (heading["text"] or "").strip(), []
    sections.append(Section(level, title, tuple(lines)))
    return sections


def first_h1(body: str) -> str | None:
    """Returns the text of the first level-1 heading, if any."""
    for section in split_sections(body):
        if section.level == 1 and section.title:
            return clean_inline(section.title)
    return None


def clean_inline(text: str) -> str:
    """Removes Markdown links, code marks, emphasis and HTML tags; collapses whitespace."""
    text = _LINK.sub(lambda m: m["text"], text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m["text"], text)
    text = _EMPHASIS.sub(lambda m: m["text"], text)
    text = _TAG.sub("", text)
    return " ".join(text.split())


def clean_item(text: str) -> str:
    """Cleans a list item for display: plain inline text without trailing ";" or "."."""
    return _TRAILING.sub("", clean_inline(text))


def lead_in(text: str) -> str | None:
    """Returns the bold lead-in of a raw item ("**Tools:** Figma" gives "Tools"), if any."""
    match = _LEAD_IN.match(text)
    if match is None or not text[match.end() :].strip():
        return None
    return clean_inline(match["lead"]).rstrip(" :")


def _blocks(lines: tuple[str, ...]) -> list[tuple[bool, str]]:
    """Splits lines into list items and paragraphs, in order, each joined into one raw string.

    Returns:
        (is a list item, raw text) per block.
    """
    blocks: list[tuple[bool, str]] = []
    current: list[str] | None = None
    current_is_item = False

    def flush() -> None:
        if current:
            blocks.append((current_is_item, " ".join(current)))

    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.lstrip().startswith(("|", "<!--")):
            continue
        stripped = line.strip().lstrip("> ").strip()
        bullet = _BULLET.match(line)
        if bullet and bullet["text"].strip():
            flush()
            current, current_is_item = [bullet["text"].strip()], True
        elif not stripped:
            flush()
            current = None
        elif current is None:
            current, current_is_item = [stripped], False
        else:
            # A line right below a bullet continues it (a "lazy" continuation line).
            current.append(stripped)
    flush()
    return blocks


def _is_intro(text: str) -> bool:
    # "An ideal candidate would have:" introduces a list; it is not itself a requirement.
    return clean_inline(text).rstrip().endswith(":")


def section_items(lines: tuple[str, ...]) -> list[str]:
    """Returns the raw items of a section: its list items, else each paragraph.

    Intro lines ending with ":" are not items. A section written as prose instead of a
    list gives one item per paragraph.
    """
    return [item for item, _ in section_items_with_intros(lines)]


def section_blocks(lines: tuple[str, ...]) -> list[str]:
    """Returns every paragraph and list item of a section, raw, in order."""
    return [text for _, text in _blocks(lines)]


def section_items_with_intros(lines: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Returns the raw items of a section (see :func:`section_items`), each with the
    intro line ("Nice to have:") of the list it belongs to, if any."""
    blocks = _blocks(lines)
    has_items = any(is_item for is_item, _ in blocks)
    found: list[tuple[str, str | None]] = []
    intro: str | None = None
    for is_item, text in blocks:
        if _is_intro(text) and not is_item:
            intro = clean_inline(text).rstrip(" :")
        elif is_item == has_items and not _is_intro(text):
            found.append((text, intro))
        elif not is_item:
            intro = None  # a paragraph between two lists ends the first one's intro
    return found


def section_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Returns every non-blank line of a section, bullet markers and emphasis removed."""
    out: list[str] = []
    for line in lines:
        bullet = _BULLET.match(line)
        text = clean_inline(bullet["text"] if bullet else line)
        if text:
            out.append(text)
    return tuple(out)
