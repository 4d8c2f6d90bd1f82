"""Hints for a reviewer: what an applicant's answers say about each requirement check.

A hint points at evidence ("States 3 h/week — below the 5 h/week minimum", "Mentions
Python", a GitHub link); it is never recorded as a check result. The reviewer decides.
Answers are free text typed by applicants, so the readers are lenient and a hint that
cannot be sure says so (verdict ``info``) rather than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from reviewer_app.domain.links import find_links
from reviewer_app.positions.commitment import (
    Commitment,
    format_number,
    hours_per_week,
    hours_text,
    months,
    months_text,
)
from reviewer_app.positions.subjects import Subject, label_subjects, word_subject
from reviewer_app.positions.time_amounts import stated_rate, stated_stay

if TYPE_CHECKING:  # the parser imports Markdown, YAML and ftfy: off the window's start
    from reviewer_app.positions.parsing import Check, Position

HintKind = Literal["hours", "months", "link", "skill"]
Verdict = Literal["meets", "below", "mentioned", "not_mentioned", "info"]

HOURS_CHECK_KEY = "hours-per-week"
MONTHS_CHECK_KEY = "months"

# How much of an answer a hint quotes when it cannot read a number from it.
_QUOTE_CHARS = 40

# A bare answer ("5", "4-6 hours") to a question that already says "per week" is read
# as a weekly rate; longer answers must state the rate themselves, since a number in a
# sentence may be about anything.
_BARE_ANSWER_WORDS = 5

_HOURS_QUESTION = re.compile(r"\bhours?\b|\bhrs\b", re.IGNORECASE)
_DURATION_QUESTION = re.compile(
    r"\bhow long\b|\bduration\b|\bmonths?\b|\bperiod\b|\bcommit", re.IGNORECASE
)
# Outside the duration question, a duration counts only in a sentence about committing:
# "3 years working with Python" says nothing about how long someone will stay.
_COMMITMENT_CONTEXT = re.compile(
    r"\bcommit|\bstay\b|\bavailable\b|\bvolunteer|\bfor at least\b|\bfor the next\b",
    re.IGNORECASE,
)
_OPEN_ENDED = re.compile(
    r"\bindefinite(?:ly)?\b|\blong[- ]term\b|\bas long as\b|\bopen[- ]ended\b"
    r"|\bpermanent(?:ly)?\b|\bforever\b|\bno end\b",
    re.IGNORECASE,
)
_NO_ANSWER = frozenset({"", "-", "n/a", "na", "none", "no", "nothing", "."})
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")

_SITES = (
    ("github.com", "GitHub"),
    ("gitlab.com", "GitLab"),
    ("linkedin.com", "LinkedIn"),
    ("behance.net", "Behance"),
    ("dribbble.com", "Dribbble"),
)
_PORTFOLIO_QUESTION = re.compile(r"\bportfolio\b|\bwebsite\b|\bsite\b", re.IGNORECASE)

# Words of a key that name no skill; they would match ordinary prose.
_NOT_SKILLS = frozenset(
    {
        "a", "an", "and", "or", "of", "the", "with", "in", "on", "for", "to", "at", "by",
        "as", "is", "are", "be", "you", "your", "our", "we", "skill", "skills", "good",
        "strong", "very", "some", "experience", "experienced", "knowledge", "ability",
        "able", "can", "will", "other", "similar", "etc", "e.g",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Hint:
    """One piece of evidence from the answers.

    Attributes:
        check_key: The check the hint is about, or None (links, a rate the position
            sets no minimum for).
        kind: What was looked for.
        text: The hint as the reviewer reads it; plain text, may quote the applicant.
        verdict: How the evidence compares with the requirement.
        url: The address a link hint found (None for other hints).
    """

    check_key: str | None
    kind: HintKind
    text: str
    verdict: Verdict
    url: str | None = None


def hints_for(position: Position, answers: Sequence[tuple[str, str]]) -> list[Hint]:
    """Returns the hints for an application, in the order of the position's checks.

    Skill and commitment hints come first, each check's in the description's order; the
    links found in the answers follow.

    Args:
        position: The parsed position the application is for.
        answers: The form's (question, answer) pairs.
    """
    pairs = [(str(question), str(answer)) for question, answer in answers]
    keys = {check.key for check in position.checks}
    hours_key = HOURS_CHECK_KEY if HOURS_CHECK_KEY in keys else None
    months_key = MONTHS_CHECK_KEY if MONTHS_CHECK_KEY in keys else None
    hints: list[Hint] = []
    hours_done = months_done = False
    rate, stay = _minimums(position.commitment)
    for check in position.checks:
        if check.key == hours_key:
            hints.append(_hours_hint(pairs, rate, check.key))
            hours_done = True
        elif check.key == months_key:
            hints.append(_months_hint(pairs, stay, check.key))
            months_done = True
        elif check.kind == "skill":
            hints.append(_skill_hint(check, pairs))
    # A rate the position has no check for is still worth a glance, but only if stated.
    if not hours_done:
        hint = _hours_hint(pairs, None, None)
        if hint.verdict != "not_mentioned":
            hints.append(hint)
    if not months_done:
        hint = _months_hint(pairs, None, None)
        if hint.verdict != "not_mentioned":
            hints.append(hint)
    hints.extend(_link_hints(pairs))
    return hints


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > _QUOTE_CHARS:
        flat = flat[: _QUOTE_CHARS - 1].rstrip() + "…"
    return f"\u201c{flat}\u201d"


class _Minimum(NamedTuple):
    """A position's minimum: the figure compared (hours per week, months) and its words."""

    value: float
    text: str


def _minimums(commitment: Commitment) -> tuple[_Minimum | None, _Minimum | None]:
    """The rate and stay a commitment asks for, worded as its page states them.

    "the 10 h/month minimum (2.31 h/week)", "the 12-week minimum": the reviewer compares
    with the page, and the figure the hint compares is shown where it differs.
    """
    rate = stay = None
    hours, rated = commitment.min_hours_per_week, commitment.rate
    if hours is not None:
        text = hours_text(hours)
        if rated is not None and rated.per != "week":
            text = f"{rated.text} ({text})"
        rate = _Minimum(hours, text)
    if commitment.min_months is not None:
        stayed = commitment.stay
        if stayed is not None and stayed.unit == "week":
            text = f"{format_number(stayed.amount)}-week"
        else:
            text = _months_minimum(commitment.min_months)
        stay = _Minimum(commitment.min_months, text)
    return rate, stay


def _compare(
    kind: HintKind, check_key: str | None, stated: str, value: float, minimum: _Minimum | None
) -> Hint:
    if minimum is None:
        return Hint(check_key, kind, f"States {stated}", "info")
    if value >= minimum.value:
        text = f"States {stated} — meets the {minimum.text} minimum"
        return Hint(check_key, kind, text, "meets")
    return Hint(check_key, kind, f"States {stated} — below the {minimum.text} minimum", "below")


def _months_minimum(value: float) -> str:
    # An adjective before "minimum": "the 3-month minimum", "the 1-year minimum".
    if value >= 12 and value % 12 == 0:
        return f"{int(value // 12)}-year"
    return f"{format_number(value)}-month"


def _stated_hours(question: str, answer: str) -> tuple[float, str] | None:
    """The hours per week an answer states, and how it states them ("10 h/month")."""
    stated = hours_per_week(answer)
    if stated is not None:
        return stated, hours_text(stated)
    rate = stated_rate(answer)  # a day's or a month's ("10 hours a month")
    if rate is not None and rate.hours_per_week is not None:
        return rate.hours_per_week, rate.text
    if not _HOURS_QUESTION.search(question) or len(answer.split()) > _BARE_ANSWER_WORDS:
        return None
    # The question supplies the unit; commitment's reader then handles number words,
    # ranges (lower end) and "10+" exactly as it does for position descriptions.
    bare = hours_per_week(f"{answer} per week") or hours_per_week(f"{answer} hours per week")
    return None if bare is None else (bare, hours_text(bare))


def _hours_hint(
    pairs: list[tuple[str, str]], minimum: _Minimum | None, check_key: str | None
) -> Hint:
    unclear: str | None = None
    # The answer to the hours question is the applicant's own figure; a rate mentioned
    # elsewhere ("I can do 3 hours a week") counts only when that answer has none.
    ordered = sorted(pairs, key=lambda pair: not _HOURS_QUESTION.search(pair[0]))
    for question, answer in ordered:
        stated = _stated_hours(question, answer)
        if stated is not None:
            return _compare("hours", check_key, stated[1], stated[0], minimum)
        if (
            unclear is None
            and _HOURS_QUESTION.search(question)
            and answer.strip().lower() not in _NO_ANSWER
        ):
            unclear = answer
    if unclear is not None:
        return Hint(check_key, "hours", f"No number of hours: {_quote(unclear)}", "info")
    return Hint(check_key, "hours", "No hours per week stated", "not_mentioned")


def _is_duration_question(question: str) -> bool:
    return bool(_DURATION_QUESTION.search(question)) and not _HOURS_QUESTION.search(question)


def _months_hint(
    pairs: list[tuple[str, str]], minimum: _Minimum | None, check_key: str | None
) -> Hint:
    unclear: str | None = None
    ordered = sorted(pairs, key=lambda pair: not _is_duration_question(pair[0]))
    for question, answer in ordered:
        asked = _is_duration_question(question)
        for sentence in _SENTENCE_END.split(answer):
            if not asked and not _COMMITMENT_CONTEXT.search(sentence):
                continue
            stated = months(sentence)
            if stated is not None:
                return _compare("months", check_key, months_text(stated), stated, minimum)
            stay = stated_stay(sentence)  # in weeks ("for 10 weeks")
            if stay is not None:
                return _compare("months", check_key, stay.text, stay.months, minimum)
            if _OPEN_ENDED.search(sentence):
                return Hint(check_key, "months", f"Open-ended: {_quote(sentence)}", "info")
        if unclear is None and asked and answer.strip().lower() not in _NO_ANSWER:
            unclear = answer
    if unclear is not None:
        return Hint(check_key, "months", f"No number of months: {_quote(unclear)}", "info")
    return Hint(check_key, "months", "No commitment length stated", "not_mentioned")


def check_subjects(check: Check) -> tuple[Subject, ...]:
    """Returns what a skill check is about, as the hint looks for it in the answers.

    The label's subject ("Fluent English" is about English; "Git & GitHub" about Git
    and GitHub), with common variants; a label that names nothing to look for (a
    declared "Skills") falls back on the words of the check's key.
    """
    subjects = label_subjects(check.label)
    if subjects:
        return subjects
    key = re.sub(r"-\d+$", "", check.key.removeprefix("skill-"))
    words = [w for w in key.split("-") if len(w) >= 2 and not w.isdigit()]
    return tuple(word_subject(w) for w in words if w not in _NOT_SKILLS)


def skill_terms(check: Check) -> list[str]:
    """Returns the names of what a skill check is about, lower case ("git", "github")."""
    return [subject.name.lower() for subject in check_subjects(check)]


def _skill_hint(check: Check, pairs: list[tuple[str, str]]) -> Hint:
    subjects = check_subjects(check)
    # Answers only: the form's questions ("GitHub / portfolio link") are not evidence.
    text = "\n".join(answer for _, answer in pairs)
    found: list[str] = []
    for subject in subjects:
        name = subject.found_in(text)
        if name is not None and name not in found:
            found.append(name)
    if found:
        return Hint(check.key, "skill", f"Mentions {', '.join(found)}", "mentioned")
    if not subjects:
        return Hint(check.key, "skill", "Nothing to look for in the answers", "info")
    names = ", ".join(subject.name for subject in subjects)
    return Hint(check.key, "skill", f"No mention of {names}", "not_mentioned")


def _link_hints(pairs: list[tuple[str, str]]) -> list[Hint]:
    hints: list[Hint] = []
    seen: set[str] = set()
    for question, answer in pairs:
        for url in find_links(answer):
            if url.lower() in seen:
                continue
            seen.add(url.lower())
            hints.append(Hint(None, "link", f"{_site(url, question)}: {url}", "info", url))
    return hints


def _site(url: str, question: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
    for domain, name in _SITES:
        if host == domain or host.endswith("." + domain):
            return name
    return "Portfolio" if _PORTFOLIO_QUESTION.search(question) else "Link"
