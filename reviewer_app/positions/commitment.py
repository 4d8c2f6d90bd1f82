"""The time commitment a position asks for, read from its Expectations/Commitment lines.

Each line is searched for a rate of hours and for how long the volunteer stays (see
:mod:`reviewer_app.positions.time_amounts`: "5-10 hours per week", "10h/month", "1 hour
daily", "Minimum 6 month commitment", "at least 12 weeks"). A minimum is kept as the
page states it, for the label a reviewer reads ("≥ 10 h/month", "≥ 12 weeks"), and as
one comparable figure, hours per week and months, for the hints and the reports.

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
from typing import TypeVar

from reviewer_app.positions.time_amounts import (
    Rate,
    Stay,
    format_number,
    hours_label,
    hours_per_week,
    hours_text,
    months,
    months_label,
    months_text,
    stated_rate,
    stated_stay,
    without_stays,
)

# What other modules have long imported from here.
__all__ = [
    "Commitment",
    "Rate",
    "Stay",
    "commitment_stay",
    "format_number",
    "gives_time",
    "hours_label",
    "hours_per_week",
    "hours_text",
    "is_commitment_item",
    "months",
    "months_label",
    "months_text",
    "other_minimums",
    "parse_commitment",
    "stated_rate",
    "stated_stay",
    "states_experience",
]


@dataclass(frozen=True)
class Commitment:
    """The minimum time a volunteer commits to, as far as the description states one.

    ``min_hours_per_week`` and ``min_months`` are the figures to compare; ``rate`` and
    ``stay`` are the same minimums as the page states them (None in a commitment made
    without them). A rate stated in words ("a few hours a month") has a ``rate`` and no
    ``min_hours_per_week``.
    """

    min_hours_per_week: float | None
    min_months: float | None
    lines: tuple[str, ...]
    # The line each minimum was read from.
    hours_line: str | None = None
    months_line: str | None = None
    rate: Rate | None = None
    stay: Stay | None = None

    @property
    def rate_text(self) -> str | None:
        """The minimum rate as the page states it ("5 h/week", "10 h/month"), or None."""
        if self.rate is not None:
            return self.rate.text
        return None if self.min_hours_per_week is None else hours_text(self.min_hours_per_week)

    @property
    def stay_text(self) -> str | None:
        """The minimum stay as the page states it ("12 weeks", "1 year"), or None."""
        if self.stay is not None:
            return self.stay.text
        return None if self.min_months is None else months_text(self.min_months)


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
# What may stand beside a bare duration ("At least 6 months", "6+ months minimum"), and
# the name of time before it ("Duration: 6 months", as a table's row reads).
_BARE_WORDS = frozenset(
    {"at", "least", "minimum", "min", "a", "an", "of", "or", "more", "longer", "around",
     "about", "roughly", "approximately", "ideally", "the", "duration", "time", "length",
     "period", "term"}
)  # fmt: skip


def states_experience(text: str) -> bool:
    """Whether a text speaks of the past ("3 years of experience", "a member for 1 month")."""
    return _EXPERIENCE.search(text) is not None


def commitment_stay(line: str) -> Stay | None:
    """Returns the stay a commitment line states, or None if its duration is experience."""
    return None if states_experience(line) else stated_stay(line)


def gives_time(sentence: str) -> bool:
    """Whether a sentence is about the volunteer's time ("make a commitment of 5 hours")."""
    return _TIME_TO_GIVE.search(sentence) is not None and not states_experience(sentence)


def _bare_duration(text: str) -> bool:
    words = re.findall(r"[a-z]+", without_stays(text).lower())
    return all(word in _BARE_WORDS for word in words)


def is_commitment_item(item: str) -> bool:
    """Whether a requirement item states time to give rather than a skill.

    "At least 4 hours per week", "10 hours a month", "Able to commit for at least 6
    months" and a bare "At least 12 weeks" are; "At least 2 years of experience managing
    a team", "3+ years writing Python" and "Member of the community for at least 1
    month" are not.
    """
    if states_experience(item):
        return False
    if stated_rate(item) is not None:
        return True
    if stated_stay(item) is None:
        return False
    return gives_time(item) or (_DOING_FOR.search(item) is None and _bare_duration(item))


_Amount = TypeVar("_Amount", Rate, Stay)


def _first(
    lines: tuple[str, ...], reader: Callable[[str], _Amount | None]
) -> tuple[_Amount, str] | None:
    for line in lines:
        value = reader(line)
        if value is not None:
            return value, line
    return None


def _rate_in_figures(line: str) -> Rate | None:
    rate = stated_rate(line)
    return rate if rate is not None and rate.amount is not None else None


def parse_commitment(lines: tuple[str, ...], fallback: tuple[str, ...] = ()) -> Commitment:
    """Reads the minimum rate of hours and stay from a commitment section's lines.

    When several lines state a minimum, the first one counts: descriptions put the
    headline figure first and qualify it below; a rate in figures counts before one in
    words. A line whose duration is experience
    ("Member for at least 1 month") states no minimum stay.

    Args:
        lines: The section's lines, bullet markers and Markdown emphasis removed.
        fallback: Lines that count only for a minimum the section does not state:
            commitments among the requirements, then sentences about the volunteer's time.

    Returns:
        The commitment; a minimum not stated is None. Its ``lines`` are the section's,
        and any fallback line a minimum was read from.
    """
    # A figure ("at least 10 hours a month") wins over words ("a few hours a month").
    rate = (
        _first(lines, _rate_in_figures)
        or _first(lines, stated_rate)
        or _first(fallback, _rate_in_figures)
        or _first(fallback, stated_rate)
    )
    stay = _first(lines, commitment_stay) or _first(fallback, commitment_stay)
    used = [found[1] for found in (rate, stay) if found is not None and found[1] not in lines]
    return Commitment(
        min_hours_per_week=None if rate is None else rate[0].hours_per_week,
        min_months=None if stay is None else stay[0].months,
        lines=lines + tuple(dict.fromkeys(used)),
        hours_line=None if rate is None else rate[1],
        months_line=None if stay is None else stay[1],
        rate=None if rate is None else rate[0],
        stay=None if stay is None else stay[0],
    )


def other_minimums(commitment: Commitment) -> list[str]:
    """The section's lines that ask for more than the minimum read (the first).

    "5 hours per week" then "10 hours per week": the page states two minimums, and the
    check holds the lower. A line that only qualifies it ("ideally 10 hours") is one
    too: the author is asked to say which is the minimum.
    """
    read: list[tuple[str | None, float | None, Callable[[str], Rate | Stay | None]]] = []
    if commitment.rate is not None:
        read.append((commitment.hours_line, commitment.rate.hours_per_week, stated_rate))
    if commitment.stay is not None:
        read.append((commitment.months_line, commitment.stay.months, commitment_stay))
    return [
        line
        for line in commitment.lines
        if any(
            line != read_line and (found := reader(line)) is not None and _more(found, figure)
            for read_line, figure, reader in read
        )
    ]


# A line asking this much more than the minimum read is another minimum; one asking less
# is a part of it ("Meetings: 1 hour per week"), and about as much is the same minimum
# in other units ("20 hours a month", "about 5 hours a week").
_MORE = 1.2


def _more(amount: Rate | Stay, read: float | None) -> bool:
    figure = amount.hours_per_week if isinstance(amount, Rate) else amount.months
    return figure is not None and read is not None and figure > read * _MORE
