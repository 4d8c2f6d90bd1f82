"""What a position asks of an applicant, read from its body the way a careful reviewer does.

Three questions are answered here, section by section:

- Which items are requirements to check, and which are only wishes ("Experience with
  Figma is a plus", items below "Nice to have:"; see
  :mod:`reviewer_app.positions.nice_to_have`).
- Which durations are time the volunteer will give, and which are experience ("At
  least 2 years of experience managing a team" is a requirement to check, never the
  commitment; see :mod:`reviewer_app.positions.commitment`).
- What the commitment is: the Expectations/Commitment section's figures first, then a
  commitment among the requirements, then a sentence about the volunteer's time
  anywhere else in the description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer_app.positions.checks import LabelledCheck, skill_check
from reviewer_app.positions.commitment import (
    Commitment,
    gives_time,
    is_commitment_item,
    months,
    parse_commitment,
    stated_rate,
    stated_stay,
    states_experience,
)
from reviewer_app.positions.keys import CheckKeys
from reviewer_app.positions.markdown_structure import (
    Section,
    clean_inline,
    clean_item,
    section_blocks,
    section_items,
    section_items_with_intros,
    section_lines,
    split_sections,
)
from reviewer_app.positions.nice_to_have import is_nice_to_have, is_nice_to_have_intro

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c(])")


@dataclass(frozen=True)
class Requirements:
    """What a position's body asks for."""

    checks: tuple[LabelledCheck, ...]
    preferred: tuple[str, ...]
    commitment: Commitment


@dataclass
class _Reading:
    """What the sections gave, in the order they gave it."""

    # ("required", raw item, its list's intro) or ("preferred", raw item, None).
    items: list[tuple[str, str, str | None]]
    commitment_lines: list[str]
    commitment_items: list[str]
    prose: list[str]


def _read_sections(body: str) -> _Reading:
    reading = _Reading([], [], [], [])
    owner: Section | None = None
    for section in split_sections(body):
        kind = section.kind
        # An empty "### Requirements" with "#### Technical" and "#### People" below holds
        # its items in subsections; one with items of its own is followed by other topics.
        if kind == "other" and owner is not None and section.level > owner.level:
            kind = owner.kind
        else:
            empty = kind != "other" and not section_items(section.lines)
            owner = section if empty else None
        if kind == "requirements":
            reading.items += [
                ("required", raw, intro) for raw, intro in section_items_with_intros(section.lines)
            ]
        elif kind == "preferred":
            reading.items += [("preferred", raw, None) for raw in section_items(section.lines)]
        elif kind == "commitment":
            reading.commitment_lines += section_lines(section.lines)
            reading.commitment_items += section_items(section.lines)
        elif kind == "other":
            reading.prose += _sentences(section_blocks(section.lines))
    return reading


def _sentences(blocks: list[str]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        found += [s.strip() for s in _SENTENCE_END.split(clean_inline(block)) if s.strip()]
    return found


def _states_time(sentence: str) -> bool:
    if not gives_time(sentence):
        return False
    return stated_rate(sentence) is not None or stated_stay(sentence) is not None


def read_requirements(body: str) -> Requirements:
    """Reads a position's checks, wishes and commitment from its Markdown body.

    Args:
        body: The Markdown below the frontmatter.

    Returns:
        The skill checks in the description's order (keys as the first parser gave
        them), the preferred items (the Preferred section's and the wishes found among
        the requirements, in order), and the commitment.
    """
    reading = _read_sections(body)
    required = [raw for kind, raw, _ in reading.items if kind == "required"]
    keys = CheckKeys(required)
    checks: list[LabelledCheck] = []
    preferred: list[str] = []
    time_to_give: list[str] = []
    index = -1
    for kind, raw, intro in reading.items:
        text = clean_item(raw)
        if kind == "required":
            index += 1
        if not text:
            continue
        wished = intro is not None and is_nice_to_have_intro(intro)
        if kind == "preferred" or wished or is_nice_to_have(text):
            preferred.append(text)
        elif is_commitment_item(text):
            time_to_give.append(clean_inline(raw))
        else:
            checks.append(skill_check(raw, keys.for_requirement(index, raw)))
    # "Member of Couchers.org for at least 1 month" under Expectations is a requirement.
    for raw in reading.commitment_items:
        text = clean_item(raw)
        if states_experience(text) and months(text) is not None and not is_nice_to_have(text):
            checks.append(skill_check(raw, keys.for_item(raw)))
    fallback = (*time_to_give, *(s for s in reading.prose if _states_time(s)))
    commitment = parse_commitment(tuple(reading.commitment_lines), fallback)
    return Requirements(tuple(checks), tuple(preferred), commitment)
