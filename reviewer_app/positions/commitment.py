"""The time commitment a position asks for, read from its Expectations/Commitment lines.

Descriptions state the same thing in many ways ("At least 5 hours per Week",
"5-10 hours per week on average", "Minimum 6 month commitment", "At least 1 year"), so
each line is searched for an hours-per-week rate and for a number of months; a range
counts by its lower end, because the reviewer checks a minimum.

A duration is a commitment only when it is time the volunteer will give: "At least 2
years of experience managing a team" and "Member of the community for at least 1
month" are requirements about the past (see :func:`states_experience`). The section's
own figure wins; a requirement item or a sentence about the volunteer's time (in the
description: "make a commitment of 5+ hours per week") counts only where it states none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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

# "2.5" and, as much of Europe writes it, "2,5".
_NUMBER = r"(?:\d+(?:\.\d+|,\d{1,2}(?!\d))?|" + "|".join(_NUMBER_WORDS) + r")"
# "5-10", "5 to 10", or with an en or em dash: only the lower end is kept.
_RANGE = rf"(?P<low>{_NUMBER})(?:\s*(?:-|\u2013|\u2014|to)\s*{_NUMBER})?"

_HOURS_PER_WEEK = re.compile(
    rf"\b{_RANGE}\s*\+?\s*(?:hours?|hrs?|h)\b\s*"
    r"(?:(?:per|a|an|each|every|/)\s*(?:week|wk)\b|weekly\b)",
    re.IGNORECASE,
)
# Words before a figure that make it a most, never a least ("up to 10 hours a week").
_AT_MOST = re.compile(
    r"\b(?:up\s+to|no\s+more\s+than|not\s+more\s+than|at\s+most|max(?:imum)?|"
    r"less\s+than|fewer\s+than|under|below|never\s+more\s+than)\s*$",
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
    # The line each minimum was read from.
    hours_line: str | None = None
    months_line: str | None = None


def _number(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(word.replace(",", "."))


def _at_most(line: str, start: int) -> bool:
    """Whether the figure at ``start`` follows "up to", "no more than" and the like."""
    return _AT_MOST.search(line[max(0, start - 25) : start]) is not None


def hours_per_week(line: str) -> float | None:
    """Returns the minimum hours per week a line states, or None.

    A rate that is not in hours ("1 or more posts every 1-2 weeks") states no minimum.
    """
    for match in _HOURS_PER_WEEK.finditer(line):
        if _at_most(line, match.start()):
            continue
        return _number(match.group("low"))
    return None


def months(line: str) -> float | None:
    """Returns the minimum number of months a line states, or None ("1 year" is 12)."""
    for match in _DURATION.finditer(line):
        before = (match.group("before") or "").strip().lower()
        if before in _RHYTHM_WORDS or _at_most(line, match.start("low")):
            continue
        value = _number(match.group("low"))
        return value * 12 if match.group("unit").lower().startswith("y") else value
    return None


# Words of the past: a duration beside them is experience, never time to give.
_EXPERIENCE = re.compile(
    r"\bexperien|\bmember(?:ship)?\b|\bbeen\b|\bago\b|\bpast\b|\bprevious|\bprior\b"
    r"|\bhistory\b|\btrack record\b|\bbackground\b|\bexpertise\b|\bnotice\b"
    r"|\b(?:years?|yrs?)\s+old\b|\baged?\b|\balready\b",
    re.IGNORECASE,
)
# Among requirements, "3+ years writing Python" and "one year volunteering" (a gerund
# right after the unit) are experience too, unless the item says the time is to give.
_DOING_FOR = re.compile(r"\b(?:months?|years?|yrs?)\s+(?:of\s+)?\w+ing\b", re.IGNORECASE)
# Words saying that the time is the volunteer's to give.
_TIME_TO_GIVE = re.compile(
    r"\bcommit|\bstay|\bremain|\bavailab|\bdedicat|\bdevot|\bpledge|\bfor the next\b"
    r"|\bwith us\b|\bcontinu|\bgive\b|\bspend\b|\bcontribut|\bvolunteer(?:s|ing)?\s+for\b"
    r"|\bask(?:s|ed|ing)?\s+(?:for|you)\b|\bexpect|\bneed(?:s|ed)?\b",
    re.IGNORECASE,
)
# What may stand beside a bare duration ("At least 6 months", "6+ months minimum").
_BARE_WORDS = frozenset(
    {"at", "least", "minimum", "min", "a", "an", "of", "or", "more", "longer", "around",
     "about", "roughly", "approximately", "ideally", "the"}
)  # fmt: skip


def states_experience(text: str) -> bool:
    """Whether a text speaks of the past ("3 years of experience", "a member for 1 month")."""
    return _EXPERIENCE.search(text) is not None


def commitment_months(line: str) -> float | None:
    """Returns the months of a commitment line, or None if its duration is experience."""
    return None if states_experience(line) else months(line)


def gives_time(sentence: str) -> bool:
    """Whether a sentence is about the volunteer's time ("make a commitment of 5 hours")."""
    return _TIME_TO_GIVE.search(sentence) is not None and not states_experience(sentence)


def _bare_duration(text: str) -> bool:
    rest = _DURATION.sub(" ", text)
    words = re.findall(r"[a-z]+", rest.lower())
    return all(word in _BARE_WORDS for word in words)


def is_commitment_item(item: str) -> bool:
    """Whether a requirement item states time to give rather than a skill.

    "At least 4 hours per week", "Able to commit for at least 6 months" and a bare "At
    least 6 months" are; "At least 2 years of experience managing a team", "3+ years
    writing Python" and "Member of the community for at least 1 month" are not.
    """
    if states_experience(item):
        return False
    if hours_per_week(item) is not None:
        return True
    if months(item) is None:
        return False
    return gives_time(item) or (_DOING_FOR.search(item) is None and _bare_duration(item))


def _first(
    lines: tuple[str, ...], reader: Callable[[str], float | None]
) -> tuple[float, str] | None:
    for line in lines:
        value = reader(line)
        if value is not None:
            return value, line
    return None


def parse_commitment(lines: tuple[str, ...], fallback: tuple[str, ...] = ()) -> Commitment:
    """Reads the minimum hours per week and months from a commitment section's lines.

    When several lines state a minimum, the first one counts: descriptions put the
    headline figure first and qualify it below. A line whose duration is experience
    ("Member for at least 1 month") states no minimum stay.

    Args:
        lines: The section's lines, bullet markers and Markdown emphasis removed.
        fallback: Lines that count only for a minimum the section does not state:
            commitments among the requirements, then sentences about the volunteer's time.

    Returns:
        The commitment; a minimum not stated is None. Its ``lines`` are the section's,
        and any fallback line a minimum was read from.
    """
    hours = _first(lines, hours_per_week) or _first(fallback, hours_per_week)
    stay = _first(lines, commitment_months) or _first(fallback, commitment_months)
    used = [found[1] for found in (hours, stay) if found is not None and found[1] not in lines]
    return Commitment(
        min_hours_per_week=None if hours is None else hours[0],
        min_months=None if stay is None else stay[0],
        lines=lines + tuple(dict.fromkeys(used)),
        hours_line=None if hours is None else hours[1],
        months_line=None if stay is None else stay[1],
    )


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
