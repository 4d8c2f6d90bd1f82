"""The checks a reviewer ticks for a position: one per requirement, one per minimum of time.

A check pairs a stable key (stored with every review; see
:mod:`reviewer_app.positions.keys`) with a label a person reads whole (see
:mod:`reviewer_app.positions.labels`) and the requirement's full text as written, which
the window shows beside the label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reviewer_app.positions.commitment import Commitment
from reviewer_app.positions.keys import slugify
from reviewer_app.positions.labels import MAX_LABEL, skill_label
from reviewer_app.positions.markdown_structure import clean_inline, clean_item
from reviewer_app.positions.time_amounts import (
    hours_label,
    months_label,
    stated_rate,
    stated_stay,
)

__all__ = [
    "MAX_LABEL",
    "Check",
    "LabelledCheck",
    "commitment_checks",
    "skill_check",
    "slugify",
]

# Stored with every review, so never changed: the rate check keeps "hours-per-week" and
# the stay check "months" whatever period or unit the page states ("≥ 10 h/month" and
# "≥ 12 weeks" are the same two checks); the label says what the page says.
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
    """Returns a check for each stated minimum: the rate of hours, then the stay.

    Each is labelled as the page states it ("≥ 10 h/month", "≥ 12 weeks").
    """
    checks: list[Check] = []
    if commitment.rate is not None or commitment.min_hours_per_week is not None:
        label = _rate_label(commitment)
        line = commitment.hours_line or _line_stating(commitment.lines, "hours")
        text = clean_item(clean_inline(line)) if line else label
        checks.append(Check(HOURS_KEY, label, "commitment", text))
    if commitment.stay is not None or commitment.min_months is not None:
        label = _stay_label(commitment)
        line = commitment.months_line or _line_stating(commitment.lines, "months")
        text = clean_item(clean_inline(line)) if line else label
        checks.append(Check(MONTHS_KEY, label, "commitment", text))
    return checks


def _rate_label(commitment: Commitment) -> str:
    if commitment.rate is not None:
        return commitment.rate.label
    assert commitment.min_hours_per_week is not None
    return hours_label(commitment.min_hours_per_week)


def _stay_label(commitment: Commitment) -> str:
    if commitment.stay is not None:
        return commitment.stay.label
    assert commitment.min_months is not None
    return months_label(commitment.min_months)


def _line_stating(lines: tuple[str, ...], what: Literal["hours", "months"]) -> str | None:
    for line in lines:
        found = stated_rate(line) if what == "hours" else stated_stay(line)
        if found is not None:
            return line
    return None
