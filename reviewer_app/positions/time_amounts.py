"""Amounts of time a line states: a rate of hours, and how long a volunteer stays.

Pages state time in many ways ("At least 5 hours per Week", "10h/month", "1 hour daily",
"4 hours every two weeks", "Minimum 6 month commitment", "at least 12 weeks", "a year
and a half"). A range counts by its lower end, because the reviewer checks a minimum;
"up to 10 hours" is a most, and "every 1-2 weeks" a rhythm, so neither is one.

Each amount is kept as the page states it (:class:`Rate`, :class:`Stay`), for the label
a reviewer reads ("≥ 10 h/month", "≥ 12 weeks"), and gives one comparable figure: hours
per week, months. Whether an amount is time to give or experience is decided in
:mod:`reviewer_app.positions.commitment`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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

# The first reader's pattern, kept as it was: :func:`hours_per_week` reads it for the
# check keys (see :mod:`reviewer_app.positions.keys`) and for an applicant's answers.
_HOURS_PER_WEEK = re.compile(
    rf"\b{_RANGE}\s*\+?\s*(?:hours?|hrs?|h)\b\s*"
    r"(?:(?:per|a|an|each|every|/)\s*(?:week|wk)\b|weekly\b)",
    re.IGNORECASE,
)
# A rate in any period: "2 hours a day", "10h/month", "1 hour daily", "30 min a day",
# "4 hours every two weeks", "a few hours each month".
_RATE = re.compile(
    rf"(?:\b{_RANGE}|\b(?P<words>a\s+few|a\s+couple(?:\s+of)?|several|some))"
    r"\s*\+?\s*(?P<unit>hours?|hrs?|h|minutes?|mins?)\b\s*"
    r"(?:(?:(?:per|an?|each|every|in\s+an?)\s+|/\s*)"
    r"(?P<per>days?|weeks?|wks?|fortnights?|months?|mos?|mths?)\b"
    r"|(?:per|each|every)\s+(?:two|2|other)\s+(?P<two_weeks>weeks?)\b"
    r"|(?P<adverb>daily|weekly|fortnightly|monthly)\b)",
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
# Also weeks, "a year" (after "at least", "for"...), "half a year", "a year and a half".
_STAY = re.compile(
    rf"(?P<before>\b(?!half\b)\w+\s+)?(?:\b{_RANGE}(?P<and_half>\s+and\s+a\s+half)?"
    r"|\b(?P<article>an?)\s+|\b(?P<half>half)[\s-]+(?:an?\s+)?)"
    r"\s*\+?\s*-?\s*(?P<unit>months?|years?|yrs?|weeks?|wks?)\b"
    r"(?P<half_after>\s+and\s+a\s+half\b)?",
    re.IGNORECASE,
)
# A duration followed by these is a date or a break, not a stay ("2 weeks in advance").
_NOT_A_STAY_AFTER = re.compile(r"\s*(?:in\s+advance|ahead|beforehand|off|ago)\b", re.IGNORECASE)

# "every 3 months" and "per 6 months" are a rhythm, not how long someone stays.
_RHYTHM_WORDS = frozenset({"every", "per", "each", "once", "within", "twice", "times"})
# "a year" is a stay only after these ("at least a year", "for a month").
_ARTICLE_STAY_WORDS = frozenset({"least", "for", "of", "over", "minimum", "min"})

RatePeriod = Literal["day", "week", "fortnight", "month"]
_WEEKS_IN = {"day": 1 / 7, "week": 1.0, "fortnight": 2.0, "month": 52 / 12}
_PERIODS: dict[str, RatePeriod] = {
    "d": "day", "w": "week", "f": "fortnight", "m": "month",
    "daily": "day", "weekly": "week", "fortnightly": "fortnight", "monthly": "month",
}  # fmt: skip


@dataclass(frozen=True)
class Rate:
    """A rate of time as the page states it: 10 h a month, 30 min a day, a few hours a week.

    Attributes:
        amount: The figure (a range's lower end), or None where the page gives words
            instead ("a few hours each month").
        unit: "h" or "min".
        per: The period the page states.
        words: The amount in words, as the page gives it ("a few"), when there is no figure.
    """

    amount: float | None
    unit: Literal["h", "min"]
    per: RatePeriod
    words: str = ""

    @property
    def hours_per_week(self) -> float | None:
        """The same rate in hours per week (2 decimals unless weekly), or None if in words."""
        if self.amount is None:
            return None
        hours = self.amount / 60 if self.unit == "min" else self.amount
        return hours if self.per == "week" else round(hours / _WEEKS_IN[self.per], 2)

    @property
    def text(self) -> str:
        """The rate as the page states it, short: "10 h/month", "a few hours/week"."""
        if self.amount is None:
            return f"{self.words} hours/{self.per}"
        return f"{format_number(self.amount)} {self.unit}/{self.per}"

    @property
    def label(self) -> str:
        """The check's label: "≥ 10 h/month"; a rate in words as it is ("A few hours/week")."""
        if self.amount is None:
            return self.text[:1].upper() + self.text[1:]
        return f"≥ {self.text}"


@dataclass(frozen=True)
class Stay:
    """How long a volunteer stays, as the page states it: in weeks, or in months (years are
    counted in months, and written back as years where whole)."""

    amount: float
    unit: Literal["week", "month"]

    @property
    def months(self) -> float:
        """The same stay in months (weeks to 2 decimals)."""
        return self.amount if self.unit == "month" else round(self.amount * 12 / 52, 2)

    @property
    def text(self) -> str:
        """The stay as text: "12 weeks", "3 months", "1 year"."""
        if self.unit == "month":
            return months_text(self.amount)
        return f"{format_number(self.amount)} week" + ("s" if self.amount != 1 else "")

    @property
    def label(self) -> str:
        """The check's label: "≥ 12 weeks", "≥ 1 year"."""
        return f"≥ {self.text}"


def _number(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(word.replace(",", "."))


def _at_most(line: str, start: int) -> bool:
    """Whether the figure at ``start`` follows "up to", "no more than" and the like."""
    return _AT_MOST.search(line[max(0, start - 25) : start]) is not None


def hours_per_week(line: str) -> float | None:
    """Returns the minimum hours per week a line states as a weekly rate, or None.

    Only a weekly rate, as the first reader read it: the check keys depend on it. A
    rate that is not in hours ("1 or more posts every 1-2 weeks") states no minimum;
    one in another period ("10 hours per month") is read by :func:`stated_rate`.
    """
    for match in _HOURS_PER_WEEK.finditer(line):
        if _at_most(line, match.start()):
            continue
        return _number(match.group("low"))
    return None


def stated_rate(line: str) -> Rate | None:
    """Returns the minimum rate of hours a line states, in its own period, or None.

    A figure wins over words ("a few hours a week, at least 3 hours a week" is 3 h/week).
    "Up to 10 hours a week" states no minimum, and neither does a rhythm that is not in
    hours ("a call once a month", "1 post every 1-2 weeks") nor a meeting's length ("a
    1-hour weekly call").
    """
    in_words: Rate | None = None
    for match in _RATE.finditer(line):
        if _at_most(line, match.start()):
            continue
        if match.group("adverb"):
            per = _PERIODS[match.group("adverb").lower()]
        elif match.group("two_weeks"):
            per = "fortnight"
        else:
            per = _PERIODS[match.group("per")[0].lower()]
        unit: Literal["h", "min"] = "min" if match.group("unit")[0] in "mM" else "h"
        if match.group("low") is not None:
            return Rate(_number(match.group("low")), unit, per)
        if in_words is None:
            in_words = Rate(None, unit, per, " ".join(match.group("words").lower().split()))
    return in_words


def months(line: str) -> float | None:
    """Returns the minimum months a line states in months or years, or None ("1 year" is 12).

    Only months and years, as the first reader read them: the check keys depend on it.
    :func:`stated_stay` reads weeks and "half a year" too.
    """
    for match in _DURATION.finditer(line):
        before = (match.group("before") or "").strip().lower()
        if before in _RHYTHM_WORDS or _at_most(line, match.start("low")):
            continue
        value = _number(match.group("low"))
        return value * 12 if match.group("unit").lower().startswith("y") else value
    return None


def stated_stay(line: str) -> Stay | None:
    """Returns the minimum stay a line states, in weeks or months, or None.

    "Every 1-2 weeks" is a rhythm, "up to 6 months" a most, "2 weeks in advance" a date.
    """
    for match in _STAY.finditer(line):
        before = (match.group("before") or "").strip().lower()
        amount_at = min(i for i in (match.start("low"), match.start("article"),
                                    match.start("half")) if i >= 0)  # fmt: skip
        if before in _RHYTHM_WORDS or _at_most(line, amount_at):
            continue
        if _NOT_A_STAY_AFTER.match(line, match.end()):
            continue
        half = match.group("half_after") or match.group("and_half")
        if match.group("article") and not half and before not in _ARTICLE_STAY_WORDS:
            continue  # "4 events a year", "once a month"
        if match.group("half"):
            value = 0.5
        else:
            value = 1.0 if match.group("low") is None else _number(match.group("low"))
            value += 0.5 if half else 0
        unit = match.group("unit").lower()
        if unit.startswith("w"):
            return Stay(value, "week")
        return Stay(value * 12 if unit.startswith("y") else value, "month")
    return None


def without_stays(text: str) -> str:
    """Returns the text with every duration taken out ("At least 6 months" -> "At least")."""
    return _STAY.sub(" ", text)


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
