"""The one pass of a report over the rows the cache gave: counts, days, the waiting list.

Plain loops over tuples, no object per application: at 100,000 applications this pass
is a fraction of the report's time (``bench/bench_reports.py``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.figures import DECIDED_STAGES, OPEN_STAGES, ReportOptions
from reviewer_app.reports.reads import (
    VERDICT_SEPARATOR,
    ApplicationRow,
    CheckGroup,
    HistoryRow,
    NoteRow,
)

_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_ORDINAL_OF_JULIAN_DAY_ZERO = -1721425  # date.fromordinal(julian day number + this)
# Stages as the cache stores them (the rows hold text, not Stage members).
_OPEN = frozenset(stage.value for stage in OPEN_STAGES)
_DECIDED = frozenset(stage.value for stage in DECIDED_STAGES)
_AT_INTERVIEW = frozenset({Stage.INTERVIEW.value, Stage.ACCEPTED.value})


def julian_day(moment: datetime) -> float:
    """``moment`` as a Julian day (UTC), as SQLite's ``julianday`` gives it."""
    return moment.timestamp() / 86400 + _UNIX_EPOCH_JULIAN_DAY


def midnight(day: date) -> datetime:
    """The start of ``day`` in UTC."""
    return datetime.combine(day, time(), UTC)


def week_of(day: float) -> int:
    """The ordinal (``date.toordinal``) of the Monday starting the week of Julian ``day``."""
    number = math.floor(day + 0.5)  # Julian day numbers begin at noon; day 0 was a Monday
    return number - number % 7 + _ORDINAL_OF_JULIAN_DAY_ZERO


@dataclass
class Tally:
    """What one pass counted, keyed by position version id (None: unmatched) or stage.

    Attributes:
        reviews: Days from submission to first review, per position version.
        decisions: Days from submission to an outcome (accepted, declined).
        waiting: (whole days waited, application id, position version) of each dated
            application nobody reviewed for more than the waiting days.
        verdicts: Per position version, how often each (key, result) was recorded.
        work: Per reviewer, [checks, notes] recorded in the range.
        reviewed: (reviewer, application) pairs with work in the range.
    """

    pipeline: Counter[tuple[int | None, str]] = field(default_factory=Counter)
    funnel: Counter[str] = field(default_factory=Counter)
    backlog: Counter[int | None] = field(default_factory=Counter)
    weeks: Counter[tuple[int | None, int]] = field(default_factory=Counter)
    reviews: defaultdict[int | None, list[float]] = field(default_factory=lambda: defaultdict(list))
    decisions: defaultdict[int | None, list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    waiting: list[tuple[int, str, int | None]] = field(default_factory=list)
    verdicts: dict[int, Counter[tuple[str, str]]] = field(default_factory=dict)
    work: defaultdict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    reviewed: set[tuple[str, str]] = field(default_factory=set)


def tally(
    options: ReportOptions,
    chosen: frozenset[int] | None,
    check_totals: dict[int, int],
    rows: Iterable[ApplicationRow],
    decided: dict[str, tuple[str, float | None]],
    history: Iterable[HistoryRow],
    checks: Iterable[CheckGroup],
    notes: Iterable[NoteRow],
    now: datetime,
) -> Tally:
    """Counts everything a report shows in one pass over each table's rows.

    Args:
        options: The range (of submission, and of the reviewers' work) and the waiting
            days.
        chosen: The position versions of the report (None: all, and unmatched).
        check_totals: How many checks each position version has.
        rows: Every application (see :func:`reads.applications`).
        decided: Each decided application's stage and decision time.
        history: Every decision the server recorded.
        checks: Every reviewer's checks per application (its in-range count made by SQL).
        notes: Every note not deleted.
        now: When the report is made.
    """
    since = -math.inf if options.start is None else julian_day(midnight(options.start))
    until = math.inf if options.end is None else julian_day(midnight(options.end + timedelta(1)))
    ranged = options.start is not None or options.end is not None
    # Every application's position, when one bounds the reviewers' work (their work is
    # bounded by position only), and the applications the report covers.
    position_of: dict[str, int | None] = {}
    if chosen is not None:
        rows = list(rows)
        position_of = {app_id: position_id for app_id, position_id, _ in rows}
    if chosen is None and not ranged:
        covered = rows
    else:
        covered = [
            row
            for row in rows
            if (chosen is None or row[1] in chosen)
            and (not ranged or (row[2] is not None and since <= row[2] < until))
        ]
    no_decision = ("new", None)
    # [position, submitted, stage, decided] of each application covered.
    scope = {
        app_id: (position_id, submitted, *decided.get(app_id, no_decision))
        for app_id, position_id, submitted in covered
    }
    first = {
        app_id: facts[3]
        for app_id, facts in scope.items()
        if facts[2] != "new" and facts[3] is not None
    }
    result = Tally()
    interviewed: set[str] = set()
    for app_id, stage, at in history:
        if app_id not in scope or stage == "new":
            continue
        if stage == "interview":
            interviewed.add(app_id)
        if at < first.get(app_id, math.inf):
            first[app_id] = at
    fully_checked: set[str] = set()
    # (position, keys, results) of each reviewer's checks: a few distinct ones repeat.
    verdict_texts: list[tuple[int, str, str]] = []
    work, reviewed = result.work, result.reviewed
    for app_id, reviewer, checked_first, count, in_range, key_text, result_text in checks:
        if in_range and (chosen is None or position_of.get(app_id) in chosen):
            work[reviewer][0] += in_range
            reviewed.add((reviewer, app_id))
        facts = scope.get(app_id)
        if facts is None:
            continue
        if checked_first < first.get(app_id, math.inf):
            first[app_id] = checked_first
        position_id = facts[0]
        if position_id is not None:
            verdict_texts.append((position_id, key_text, result_text))
            if count >= check_totals.get(position_id, math.inf):
                fully_checked.add(app_id)
    if chosen is None and not ranged:  # every note counts: counted in C, not per row
        notes = notes if isinstance(notes, list) else list(notes)
        for author, written_count in Counter(map(itemgetter(1), notes)).items():
            work[author][1] += written_count
        reviewed.update(map(itemgetter(1, 0), notes))
    else:
        for app_id, author, written in notes:
            if since <= written < until and (chosen is None or position_of.get(app_id) in chosen):
                work[author][1] += 1
                reviewed.add((author, app_id))
    first_review = first.get
    for app_id, _, written in notes:
        if written < first_review(app_id, math.inf) and app_id in scope:
            first[app_id] = written
    # Each distinct text split once, its verdicts counted as often as it was seen.
    for (position_id, key_text, result_text), seen in Counter(verdict_texts).items():
        counted = result.verdicts.setdefault(position_id, Counter())
        for pair in zip(
            key_text.split(VERDICT_SEPARATOR), result_text.split(VERDICT_SEPARATOR), strict=True
        ):
            counted[pair] += seen
    _count(result, scope, first, interviewed, fully_checked, check_totals, options, now)
    return result


def _count(
    result: Tally,
    scope: dict[str, tuple[int | None, float | None, str, float | None]],
    first: dict[str, float],
    interviewed: set[str],
    fully_checked: set[str],
    check_totals: dict[int, int],
    options: ReportOptions,
    now: datetime,
) -> None:
    today = julian_day(now)
    waiting_days = options.waiting_days
    # Keys are gathered in lists and counted once by Counter (in C): a "+= 1" per
    # application is slower than the rest of the loop.
    pipeline: list[tuple[int | None, str]] = []
    backlog: list[int | None] = []
    weeks: list[tuple[int | None, int]] = []
    steps: list[str] = []
    reviews, decisions = result.reviews, result.decisions
    first_review = first.get
    for app_id, (position_id, submitted, stage, decided) in scope.items():
        pipeline.append((position_id, stage))
        reviewed_at = first_review(app_id)
        if reviewed_at is not None:
            steps.append("first_review")
        if stage in _AT_INTERVIEW or app_id in interviewed:
            steps.append("interview")
            if stage == "accepted":
                steps.append("accepted")
        if stage in _OPEN:
            # Fully reviewed: one reviewer judged every check (a position without checks:
            # anyone reviewed it at all).
            if position_id is not None and check_totals.get(position_id):
                done = app_id in fully_checked
            else:
                done = reviewed_at is not None
            if not done:
                backlog.append(position_id)
        if submitted is None:
            continue
        number = math.floor(submitted + 0.5)
        weeks.append((position_id, number - number % 7 + _ORDINAL_OF_JULIAN_DAY_ZERO))
        if reviewed_at is not None:
            reviews[position_id].append(max(0.0, reviewed_at - submitted))
        else:
            waited = math.floor(today - submitted)
            if waited > waiting_days:
                result.waiting.append((waited, app_id, position_id))
        if decided is not None and stage in _DECIDED:
            decisions[position_id].append(max(0.0, decided - submitted))
    result.pipeline = Counter(pipeline)
    result.backlog = Counter(backlog)
    result.weeks = Counter(weeks)
    result.funnel = Counter(steps)
    result.funnel["submitted"] = len(scope)


__all__ = ["Tally", "julian_day", "midnight", "tally", "week_of"]
