"""The one pass of a report over the rows the cache gave: counts, days, the waiting list.

Column by column with numpy, not row by row: every application gets an index (its
*slot*), every row of the other tables the slot of its application (one dictionary
lookup each, made in C by ``map``), and each figure is a mask, a minimum or a count over
those columns. The rows are streamed into the columns a chunk at a time
(:mod:`reviewer_app.reports.row_columns`), and each text but an application's id is kept
as the code of its distinct value, so no table is ever held as rows.

At 100,000 applications the loops in Python over the ~380,000 rows took about 0.45 s of
CPU (with the report's assembly); this takes less than half
(``bench/bench_reports.py``). numpy's float64 arithmetic is Python's, and every value
given back is a Python number, so the figures are the ones the loops made.

One slot past the applications (:mod:`reviewer_app.reports.application_columns`) takes
the rows of an application not in the cache (there are none: the cache's foreign keys
delete them with it), so that such a row is in no application's figures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.application_columns import (
    ApplicationColumns,
    Flags,
    read_applications,
)
from reviewer_app.reports.figures import DECIDED_STAGES, OPEN_STAGES, ReportOptions
from reviewer_app.reports.reads import (
    VERDICT_SEPARATOR,
    ApplicationRow,
    CheckGroup,
    DecisionRow,
    HistoryRow,
    NoteRow,
)
from reviewer_app.reports.row_columns import (
    Codes,
    Floats,
    Ints,
    floats,
    integers,
    read_columns,
)

_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_ORDINAL_OF_JULIAN_DAY_ZERO = -1721425  # date.fromordinal(julian day number + this)


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
        reviews: Days from submission to first review, per position version, sorted.
        decisions: Days from submission to an outcome (accepted, declined), sorted.
        all_reviews: Every position's ``reviews`` in one sorted list; the same for
            ``all_decisions``.
        waiting: (whole days waited, application id, position version) of each dated
            application nobody reviewed for more than the waiting days.
        verdicts: Per position version, how often each (key, result) was recorded.
        work: Per reviewer with work in the range: (checks, distinct applications,
            notes).
    """

    pipeline: Counter[tuple[int | None, str]] = field(default_factory=Counter)
    funnel: Counter[str] = field(default_factory=Counter)
    backlog: Counter[int | None] = field(default_factory=Counter)
    weeks: Counter[tuple[int | None, int]] = field(default_factory=Counter)
    reviews: dict[int | None, list[float]] = field(default_factory=dict)
    decisions: dict[int | None, list[float]] = field(default_factory=dict)
    all_reviews: list[float] = field(default_factory=list)
    all_decisions: list[float] = field(default_factory=list)
    waiting: list[tuple[int, str, int | None]] = field(default_factory=list)
    verdicts: dict[int, Counter[tuple[str, str]]] = field(default_factory=dict)
    work: dict[str, tuple[int, int, int]] = field(default_factory=dict)


def tally(
    options: ReportOptions,
    chosen: frozenset[int] | None,
    check_totals: dict[int, int],
    rows: Iterable[ApplicationRow],
    decided: Iterable[DecisionRow],
    history: Iterable[HistoryRow],
    checks: Iterable[CheckGroup],
    notes: Iterable[NoteRow],
    now: datetime,
) -> Tally:
    """Counts everything a report shows, column by column.

    Each of the rows' iterables is read once, in the order of the arguments, a chunk at
    a time: a cursor's rows are never all held.

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
    apps = read_applications(rows, decided, history)
    # The report's applications; the reviewers' work is bounded by position only.
    in_report = apps.position_flags(
        (lambda _: True) if chosen is None else chosen.__contains__, chosen is None
    )
    covered = in_report[apps.position]
    if options.has_range:
        with np.errstate(invalid="ignore"):  # undated: NaN, outside every range
            covered &= (apps.submitted >= since) & (apps.submitted < until)
    covered[-1] = False
    result = Tally()
    everything = chosen is None and not options.has_range
    result.work, result.verdicts = _reviews(
        apps, checks, notes, check_totals, (in_report, covered, everything, since, until)
    )
    _count(result, apps, covered, check_totals, options.waiting_days, julian_day(now))
    return result


def _reviews(
    apps: ApplicationColumns,
    checks: Iterable[CheckGroup],
    notes: Iterable[NoteRow],
    check_totals: dict[int, int],
    scope: tuple[Flags, Flags, bool, float, float],
) -> tuple[dict[str, tuple[int, int, int]], dict[int, Counter[tuple[str, str]]]]:
    """Reads the checks and notes into each application's first review and full check;
    returns the reviewers' work and the verdicts (their columns go with this call).

    Args:
        scope: Per position code, whether the report has it; per slot, whether the
            report covers it; whether it covers all the work; the work's range.
    """
    in_report, covered, everything, since, until = scope
    names, key_texts, result_texts = Codes(), Codes(), Codes()
    c_slot, c_who, c_first, c_count, c_in, c_keys, c_results = read_columns(
        checks,
        (apps.slots, names.encode, floats, floats, integers, key_texts.encode, result_texts.encode),
    )
    n_slot, n_who, n_time = read_columns(notes, (apps.slots, names.encode, floats))
    apps.slot.clear()  # every row is read: no id is looked up again
    # The first review: the earliest check, note or decision past new (history too).
    np.fmin.at(apps.first_review, c_slot, c_first)
    np.fmin.at(apps.first_review, n_slot, n_time)
    totals = np.array(
        [
            *(math.inf if p is None else check_totals.get(p, math.inf) for p in apps.positions),
            math.inf,
        ]
    )
    full = c_count >= totals[apps.position[c_slot]]
    apps.fully_checked[c_slot[full]] = True
    work_checks = (c_in > 0) & in_report[apps.position[c_slot]]
    if everything:
        work_notes = np.ones(len(n_slot), np.bool_)
    else:
        work_notes = (n_time >= since) & (n_time < until) & in_report[apps.position[n_slot]]
    work = _work(
        apps, names.decoded(), (c_who, c_slot, c_in, work_checks), (n_who, n_slot, work_notes)
    )
    matched = apps.position_flags(lambda p: p is not None, False)
    verdicted = covered[c_slot] & matched[apps.position[c_slot]]
    verdicts = _verdicts(
        apps, c_slot, verdicted, (c_keys, key_texts.decoded()), (c_results, result_texts.decoded())
    )
    return work, verdicts


def _work(
    apps: ApplicationColumns,
    names: Sequence[str],
    checked: tuple[Ints, Ints, npt.NDArray[np.int64], Flags],
    written: tuple[Ints, Ints, Flags],
) -> dict[str, tuple[int, int, int]]:
    """Per reviewer: checks in the range, distinct applications, notes in the range.

    Args:
        names: Each reviewer's name, at the index of its code.
        checked: Per check group: the reviewer's code, the slot, the checks in the range,
            and whether the group counts.
        written: Per note: the author's code, the slot, and whether the note counts.
    """
    c_who, c_slot, c_in, c_counts = checked
    n_who, n_slot, n_counts = written
    c_code, n_code = c_who[c_counts], n_who[n_counts]
    checks = np.bincount(c_code, weights=c_in[c_counts], minlength=len(names))
    notes = np.bincount(n_code, minlength=len(names))
    pairs = np.concatenate(
        (
            c_code * len(apps.position) + c_slot[c_counts],
            n_code * len(apps.position) + n_slot[n_counts],
        )
    )
    pairs.sort()  # then distinct pairs: np.unique hashes, ten times slower here
    distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
    reviewed = np.bincount(distinct // len(apps.position), minlength=len(names))
    return {
        name: (int(checks[number]), int(reviewed[number]), int(notes[number]))
        for number, name in enumerate(names)
        if checks[number] or notes[number]
    }


def _verdicts(
    apps: ApplicationColumns,
    c_slot: Ints,
    counted: Flags,
    keys: tuple[Ints, Sequence[str]],
    results: tuple[Ints, Sequence[str]],
) -> dict[int, Counter[tuple[str, str]]]:
    """Per position version, how often each (key, result) was recorded.

    Args:
        keys: Per check group, the code of its keys' text; and the texts by code.
        results: The same for its results' texts.
    """
    (key_codes, key_texts), (result_codes, result_texts) = keys, results
    width_keys, width_results = len(key_texts) or 1, len(result_texts) or 1
    combined = (
        apps.position[c_slot[counted]] * width_keys + key_codes[counted]
    ) * width_results + result_codes[counted]
    verdicts: dict[int, Counter[tuple[str, str]]] = {}
    # Each distinct text split once, its verdicts counted as often as it was seen.
    for code, seen in _counts(combined):
        rest, result_code = divmod(code, width_results)
        position, key_code = divmod(rest, width_keys)
        position_id = apps.positions[position]
        assert position_id is not None, "only matched applications' checks are counted"
        counted_here = verdicts.setdefault(position_id, Counter())
        for pair in zip(
            key_texts[key_code].split(VERDICT_SEPARATOR),
            result_texts[result_code].split(VERDICT_SEPARATOR),
            strict=True,
        ):
            counted_here[pair] += seen
    return verdicts


def _count(
    result: Tally,
    apps: ApplicationColumns,
    covered: Flags,
    check_totals: dict[int, int],
    waiting_days: int,
    today: float,
) -> None:
    stage_code = {s: number for number, s in enumerate(apps.stages)}

    def at_stage(stages: Sequence[str]) -> Flags:
        return np.isin(apps.stage, [stage_code[s] for s in stages if s in stage_code])

    position, stage, positions = apps.position, apps.stage, apps.positions
    reviewed = apps.first_review < math.inf
    result.pipeline = Counter(
        {
            (positions[key // len(apps.stages)], apps.stages[key % len(apps.stages)]): count
            for key, count in _counts(position[covered] * len(apps.stages) + stage[covered])
        }
    )
    accepted = at_stage([Stage.ACCEPTED.value])
    interviewed = at_stage([Stage.INTERVIEW.value]) | accepted | apps.interviewed
    result.funnel = Counter(
        {
            "submitted": int(np.count_nonzero(covered)),
            "first_review": int(np.count_nonzero(covered & reviewed)),
            "interview": int(np.count_nonzero(covered & interviewed)),
            "accepted": int(np.count_nonzero(covered & accepted)),
        }
    )
    # Fully reviewed: one reviewer judged every check (a position without checks, or
    # unmatched: anyone reviewed it at all).
    has_checks = apps.position_flags(lambda p: p is not None and bool(check_totals.get(p)), False)
    done = np.where(has_checks[position], apps.fully_checked, reviewed)
    waits = covered & at_stage([s.value for s in OPEN_STAGES]) & ~done
    result.backlog = Counter({positions[p]: count for p, count in _counts(position[waits])})
    dated = covered & ~np.isnan(apps.submitted)
    number = np.floor(apps.submitted[dated] + 0.5).astype(np.int64)
    mondays = number - number % 7 + _ORDINAL_OF_JULIAN_DAY_ZERO
    per_week = mondays * len(positions) + position[dated]  # no slot of "no application"
    result.weeks = Counter(
        {
            (positions[key % len(positions)], key // len(positions)): count
            for key, count in _counts(per_week)
        }
    )
    first = dated & reviewed
    result.reviews, result.all_reviews = _days(
        apps, first, apps.first_review[first] - apps.submitted[first]
    )
    outcome = dated & at_stage([s.value for s in DECIDED_STAGES]) & ~np.isnan(apps.decided)
    result.decisions, result.all_decisions = _days(
        apps, outcome, apps.decided[outcome] - apps.submitted[outcome]
    )
    unreviewed = np.flatnonzero(dated & ~reviewed)
    waited = np.floor(today - apps.submitted[unreviewed])
    late = unreviewed[waited > waiting_days]
    result.waiting = list(
        zip(
            map(int, waited[waited > waiting_days].tolist()),
            map(apps.ids.__getitem__, late.tolist()),
            map(positions.__getitem__, position[late].tolist()),
            strict=True,
        )
    )


def _counts(keys: npt.NDArray[np.integer[Any]]) -> list[tuple[int, int]]:
    """Each distinct key and how often it occurs, as Python ints."""
    distinct, counts = np.unique(keys, return_counts=True)
    return list(zip(distinct.tolist(), counts.tolist(), strict=True))


def _days(
    apps: ApplicationColumns, which: Flags, days: Floats
) -> tuple[dict[int | None, list[float]], list[float]]:
    """Per position version and for all, the sorted days (a time before submission: 0)."""
    days = np.maximum(days, 0.0)
    position = apps.position[which]
    per_position = {
        apps.positions[code]: np.sort(days[position == code]).tolist()
        for code in np.unique(position).tolist()
    }
    return per_position, np.sort(days).tolist()


__all__ = ["Tally", "julian_day", "midnight", "tally", "week_of"]
