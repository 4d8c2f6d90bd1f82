"""The time commitment a position asks for, read from its Expectations/Commitment lines.

Descriptions state the same thing in many ways ("At least 5 hours per Week",
"5-10 hours per week on average", "Minimum 6 month commitment", "At least 1 year"), so
each line is searched for an hours-per-week rate and for a number of months; a range
counts by its lower end, because the reviewer checks a minimum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
# "5-10", "5 to 10", or with an en or em dash: only the lower end is kept.
_RANGE = rf"(?P<low>{_NUMBER})(?:\s*(?:-|\u2013|\u2014|to)\s*{_NUMBER})?"

_HOURS_PER_WEEK = re.compile(
    rf"\b{_RANGE}\s*\+?\s*(?:hours?|hrs?|h)\b\s*"
    r"(?:(?:per|a|an|each|every|/)\s*(?:week|wk)\b|weekly\b)",
    re.IGNORECASE,
)

# "6-month" and "6 month" as well as "6 months"; years become months.
_DURATION = re.compile(
    rf"(?P<before>\b\w+\s+)?\b{_RANGE}\s*\+?\s*-?\s*(?P<unit>months?|years?|yrs?)\b",
    re.IGNORECASE,
)

# "every 3 months" and "per 6 months" are a rhythm, not how long someone stays.
_RHYTHM_WORDS = frozenset({"every", "per", "each", "once", "within"})


@dataclass(frozen=True)
class Commitment:
    """The minimum time a volunteer commits to, as far as the description states one."""

    min_hours_per_week: float | None
    min_months: float | None
    lines: tuple[str, ...]


def _number(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(word)


def hours_per_week(line: str) -> float | None:
    """Returns the minimum hours per week a line states, or None.

    A rate that is not in hours ("1 or more posts every 1-2 weeks") states no minimum.
    """
    match = _HOURS_PER_WEEK.search(line)
    return _number(match.group("low")) if match else None


def months(line: str) -> float | None:
    """Returns the minimum number of months a line states, or None ("1 year" is 12)."""
    for match in _DURATION.finditer(line):
        before = (match.group("before") or "").strip().lower()
        if before in _RHYTHM_WORDS:
            continue
        value = _number(match.group("low"))
        return value * 12 if match.group("unit").lower().startswith("y") else value
    return None


def parse_commitment(lines: tuple[str, ...]) -> Commitment:
    """Reads the minimum hours per week and months from a commitment section's lines.

    When several lines state a minimum, the first one counts: descriptions put the
    headline figure first and qualify it below.

    Args:
        lines: The section's lines, bullet markers and Markdown emphasis removed.

    Returns:
        The commitment; a minimum not stated is None.
    """
    hours: float | None = None
    stay: float | None = None
    for line in lines:
        if hours is None:
            hours = hours_per_week(line)
        if stay is None:
            stay = months(line)
    return Commitment(min_hours_per_week=hours, min_months=stay, lines=lines)


def format_number(value: float) -> str:
    """Returns a whole number without ".0" ("5"), others as short as they go ("2.5")."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def hours_text(value: float) -> str:
    """Returns hours per week as text, e.g. "5 h/week"."""
    return f"{format_number(value)} h/week"


def months_text(value: float) -> str:
    """Returns a duration in months as text, whole years as years: "3 months", "1 year"."""
    if value >= 12 and value % 12 == 0:
        years = int(value // 12)
        return f"{years} year" + ("s" if years > 1 else "")
    return f"{format_number(value)} month" + ("s" if value != 1 else "")


def hours_label(value: float) -> str:
    """Returns the short UI label of an hours-per-week minimum, e.g. "≥ 5 h/week"."""
    return f"≥ {hours_text(value)}"


def months_label(value: float) -> str:
    """Returns the short UI label of a minimum stay, e.g. "≥ 3 months" or "≥ 1 year"."""
    return f"≥ {months_text(value)}"
