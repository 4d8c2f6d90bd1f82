"""The checks a reviewer ticks for a position: one per requirement, one per minimum of time.

A check pairs a stable key (stored with every review; see
:mod:`reviewer_app.positions.keys`) with a label a person reads whole (see
:mod:`reviewer_app.positions.labels`) and the requirement's full text as written, which
the window shows beside the label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reviewer_app.positions.commitment import (
    Commitment,
    hours_label,
    hours_per_week,
    months,
    months_label,
)
from reviewer_app.positions.keys import slugify
from reviewer_app.positions.labels import MAX_LABEL, skill_label
from reviewer_app.positions.markdown_structure import clean_inline, clean_item

__all__ = [
    "MAX_LABEL",
    "Check",
    "LabelledCheck",
    "commitment_checks",
    "skill_check",
    "slugify",
]

HOURS_KEY = "hours-per-week"
MONTHS_KEY = "months"


@dataclass(frozen=True)
class Check:
    """One thing a reviewer checks about an applicant."""

    key: str
    label: str
    kind: Literal["skill", "commitment"]
    text: str


@dataclass(frozen=True)
class LabelledCheck:
    """A derived check, and whether its label had to leave words of the requirement out."""

    check: Check
    shortened_hard: bool


def skill_check(raw: str, key: str) -> LabelledCheck:
    """Returns the skill check of a raw requirement item, under the key it is stored by."""
    label = skill_label(raw)
    check = Check(key=key, label=label.text, kind="skill", text=clean_item(raw))
    return LabelledCheck(check, label.hard)


def commitment_checks(commitment: Commitment) -> list[Check]:
    """Returns a check for each stated minimum: hours per week, then months."""
    checks: list[Check] = []
    if commitment.min_hours_per_week is not None:
        hours = commitment.min_hours_per_week
        line = commitment.hours_line or _line_stating(commitment.lines, "hours")
        text = clean_item(clean_inline(line)) if line else hours_label(hours)
        checks.append(Check(HOURS_KEY, hours_label(hours), "commitment", text))
    if commitment.min_months is not None:
        stay = commitment.min_months
        line = commitment.months_line or _line_stating(commitment.lines, "months")
        text = clean_item(clean_inline(line)) if line else months_label(stay)
        checks.append(Check(MONTHS_KEY, months_label(stay), "commitment", text))
    return checks


def _line_stating(lines: tuple[str, ...], what: Literal["hours", "months"]) -> str | None:
    reader = hours_per_week if what == "hours" else months
    for line in lines:
        if reader(line) is not None:
            return line
    return None
