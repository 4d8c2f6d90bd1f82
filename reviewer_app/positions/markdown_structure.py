"""The structure of a position's Markdown body: its sections and their list items.

Position files are written by many hands, so this reads them loosely: a section is
any ATX heading (H2 and H3 alike) with the lines up to the next heading, and a list
item is a bullet or numbered line with its continuation lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Literal, NamedTuple

from reviewer_app.positions.tables import read_table, table_items

SectionKind = Literal["requirements", "preferred", "commitment", "apply", "other"]

_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HTML_HEADING = re.compile(
    r"^\s*<h(?P<level>[1-6])\b[^<>]{0,200}>(?P<text>[^<>]{1,100})</h(?P=level)>\s*$", re.I
)
# A known section's name alone on its line, in bold or before a colon.
_BOLD_HEADING = re.compile(r"^ {0,3}(\*\*|__)(?P<text>[^*_:]{1,60}?)\s*:?\s*\1\s*:?\s*$")
_COLON_HEADING = re.compile(r"^ {0,3}(?P<text>[A-Za-z][^*_:#<>]{0,59}?)\s*:\s*$")
# Such a line is read as a heading below any "#" heading above it.
_NAMED_LEVEL = 6
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
# A task list's box ("- [ ] Git", "- [x] Git"): no part of the item's text.
_TASK_BOX = re.compile(r"^\[[ xX]\][ \t]+")
# A list item with nothing in it ("-", "1."): it ends the item above, and holds none.
_EMPTY_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])[ \t]*$")
# Each span is bounded: a pattern that scans to the line's end from every opening mark
# took seconds on a 15 KB bullet of unclosed marks ("_a _a _a ...", "[a[a[a ...").
_LINK = re.compile(r"!?\[(?P<text>[^\]\[]{0,300})\]\([^()]{0,1000}\)")
_CODE = re.compile(r"`+([^`]{0,1000})`+")
_STRONG = re.compile(r"(\*\*|__)(?P<text>.{1,150}?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?P<text>\S(?:.{0,150}?\S)?)\1(?![\w*])")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,1000}>")
# What the rendered page drops with its content, never shown, never a check.
_SCRIPT = re.compile(r"<(script|style)\b[^<>]{0,200}>[^<]{0,5000}</\1\s*>", re.IGNORECASE)
# Longer text (a paragraph, never a requirement) loses its marks in one pass each.
_LONG = 2_000
_LINK_TARGET = re.compile(r"\]\([^()]{0,1000}\)")
_MARKS = str.maketrans("", "", "*_`[]")
# Trailing list punctuation, including the "; and" that joins the last two bullets.
_PUNCTUATION = " \t\n;,."
_JOINER = re.compile(r"[;,]\s{0,20}(?:and|or)$", re.IGNORECASE)
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
_CONTRACTIONS = {"re": "are", "ll": "will", "ve": "have"}
_CONTRACTION = re.compile(r"(?<=\w)['\u2019](re|ll|ve)\b")
_COMMITMENT_WORDS = frozenset({"commitment", "expectations", "expectation"})
# The words of section headings a typo ("Requirments", "Committment") is put right to:
# long words, and close enough that no other word of a heading is taken for them.
_SECTION_WORDS = (
    "requirements", "requirement", "qualifications", "qualification", "commitment",
    "commitments", "expectations", "expectation", "preferred", "experience", "experiences",
)  # fmt: skip
_SPELLED_LENGTH = 8
_SPELLING = 0.88


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
    # "What we're looking for" is "what we are looking for".
    text = _CONTRACTION.sub(lambda m: " " + _CONTRACTIONS[m[1]], text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def spelled_heading(title: str) -> str | None:
    """The heading with a misspelt section word put right ("Requirments"), else None."""
    words = normalise_heading(title).split()
    fixed = [
        next(iter(get_close_matches(word, _SECTION_WORDS, n=1, cutoff=_SPELLING)), word)
        if len(word) >= _SPELLED_LENGTH
        else word
        for word in words
    ]
    return " ".join(fixed) if fixed != words else None


def section_kind(title: str) -> SectionKind:
    """Classifies a heading such as "Skills & Experience" or "Duties:" (or "Requirments")."""
    name = spelled_heading(title) or normalise_heading(title)
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
    """Splits a Markdown body at its headings; text before the first heading is level 0.

    Headings are ATX ("## Requirements"), setext (a line underlined with "---" or
    "==="), HTML ("<h3>Requirements</h3>"), and a line of its own that names a known
    section in bold or before a colon ("**Requirements**", "Requirements:"), as pages
    copied from elsewhere write them. HTML comments are left out: a reviewer never
    sees them, so no check may come from them.
    """
    sections: list[Section] = []
    level, title = 0, ""
    lines: list[str] = []
    in_fence = False
    for line in without_comments(body).split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        found = None if in_fence else _heading(line, lines)
        if found is None:
            lines.append(line)
            continue
        if found[0] < 0:  # a setext underline: the line above is the heading
            heading_text = lines.pop()
            found = (-found[0], heading_text.strip())
        sections.append(Section(level, title, tuple(lines)))
        (level, title), lines = found, []
    sections.append(Section(level, title, tuple(lines)))
    return sections


def _heading(line: str, above: list[str]) -> tuple[int, str] | None:
    """(level, title) of a heading line; (-level, "") for a setext underline; else None."""
    if not line.strip():
        return None
    match = _HEADING.match(line)
    if match is not None:
        return len(match["hashes"]), (match["text"] or "").strip()
    if _SETEXT.match(line):
        previous = above[-1] if above else ""
        if previous.strip() and not _in_list_item(above) and len(previous) <= 200:
            return (-1 if line.strip()[0] == "=" else -2), ""
        return None
    for pattern in (_HTML_HEADING, _BOLD_HEADING, _COLON_HEADING):
        match = pattern.match(line)
        if match is not None:
            if section_kind(match["text"]) == "other":
                return None
            return int(match.groupdict().get("level") or _NAMED_LEVEL), match["text"].strip()
    return None


def _in_list_item(above: list[str]) -> bool:
    """Whether the paragraph ending the lines ``above`` is (the end of) a list item.

    A "-" below it is then an empty item, never a setext underline: "- Python\n  with
    async code\n-" made "with async code" a heading and ended the requirements there.
    """
    for line in reversed(above):
        if not line.strip():
            return False
        if _BULLET.match(line) or _EMPTY_BULLET.match(line):
            return True
    return False


def without_comments(body: str) -> str:
    """The body without its HTML comments, each replaced by its line breaks."""
    if "<!--" not in body:
        return body
    parts: list[str] = []
    start = 0
    while (opened := body.find("<!--", start)) >= 0:
        closed = body.find("-->", opened + 4)
        end = len(body) if closed < 0 else closed + 3  # unclosed: hides the rest
        parts += [body[start:opened], "\n" * body.count("\n", opened, end)]
        start = end
    parts.append(body[start:])
    return "".join(parts)


def first_h1(body: str) -> str | None:
    """Returns the text of the first level-1 heading, if any."""
    for section in split_sections(body):
        if section.level == 1 and section.title:
            return clean_inline(section.title)
    return None


def clean_inline(text: str) -> str:
    """Removes Markdown links, code marks, emphasis and HTML tags; collapses whitespace."""
    if len(text) > _LONG:
        text = _LINK_TARGET.sub("", text.replace("![", "[")).translate(_MARKS)
        return " ".join(_TAG.sub("", text).split())
    text = _SCRIPT.sub("", text)
    text = _LINK.sub(lambda m: m["text"], text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m["text"], text)
    text = _EMPHASIS.sub(lambda m: m["text"], text)
    text = _TAG.sub("", text)
    return " ".join(text.split())


def clean_item(text: str) -> str:
    """Cleans a list item for display: plain inline text without trailing ";" or "."."""
    text = clean_inline(text).rstrip(_PUNCTUATION)
    joiner = _JOINER.search(text, max(0, len(text) - 30))
    return text[: joiner.start()].rstrip() if joiner is not None else text


def lead_in(text: str) -> str | None:
    """Returns the bold lead-in of a raw item ("**Tools:** Figma" gives "Tools"), if any."""
    match = _LEAD_IN.match(text)
    if match is None or not text[match.end() :].strip():
        return None
    return clean_inline(match["lead"]).rstrip(" :")


class _Block(NamedTuple):
    """A list item, a table's row (with the intro its marker gives it) or a paragraph."""

    kind: Literal["item", "row", "paragraph"]
    text: str
    intro: str | None = None


def _blocks(lines: tuple[str, ...]) -> list[_Block]:
    """Splits lines into list items, table rows and paragraphs, in order, each joined
    into one raw string (a row as "Python: 2+ years"; see
    :mod:`reviewer_app.positions.tables`)."""
    blocks: list[_Block] = []
    current: list[str] | None = None
    current_is_item = False

    def flush() -> None:
        if current:
            blocks.append(_Block("item" if current_is_item else "paragraph", " ".join(current)))

    in_fence = False
    index = -1
    while (index := index + 1) < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        table = None if in_fence else read_table(lines, index)
        if table is not None:
            flush()
            current = None
            blocks += [_Block("row", text, intro) for text, intro in table_items(table[0])]
            index = table[1] - 1
            continue
        if in_fence or line.lstrip().startswith(("|", "<!--")):
            continue
        stripped = line.strip().lstrip("> ").strip()
        bullet = _BULLET.match(line)
        item = _TASK_BOX.sub("", bullet["text"]).strip() if bullet else ""
        if _EMPTY_BULLET.match(line):
            flush()
            current = None
        elif item:
            flush()
            current, current_is_item = [item], True
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
    """Returns every paragraph and list item of a section, raw, in order.

    A table's rows are not among them: a table outside a section of requirements is
    no part of the description's prose."""
    return [block.text for block in _blocks(lines) if block.kind != "row"]


def section_items_with_intros(lines: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Returns the raw items of a section (see :func:`section_items`), each with the
    intro line ("Nice to have:") of the list it belongs to, if any. A table's row is an
    item; a column marking it "Nice to have" or "Must have" is its own intro."""
    blocks = _blocks(lines)
    has_items = any(block.kind != "paragraph" for block in blocks)
    found: list[tuple[str, str | None]] = []
    intro: str | None = None
    for kind, text, own_intro in blocks:
        is_item = kind != "paragraph"
        if _is_intro(text) and not is_item:
            intro = clean_inline(text).rstrip(" :")
        elif is_item == has_items and not _is_intro(text):
            found.append((text, own_intro or intro))
        elif not is_item:
            intro = None  # a paragraph between two lists ends the first one's intro
    return found


def section_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Returns every non-blank line of a section, bullet markers and emphasis removed;
    a table gives its rows ("Time: At least 5 hours per week"), never its header."""
    out: list[str] = []
    index = -1
    while (index := index + 1) < len(lines):
        line = lines[index]
        table = read_table(lines, index)
        if table is not None:
            rows = (clean_inline(text) for text, _ in table_items(table[0]))
            out += [text for text in rows if text]
            index = table[1] - 1
            continue
        bullet = _BULLET.match(line)
        text = clean_inline(bullet["text"] if bullet else line)
        if text:
            out.append(text)
    return tuple(out)
