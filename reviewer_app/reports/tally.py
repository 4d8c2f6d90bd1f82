"""The one pass of a report over the rows the cache gave: counts, days, the waiting list.

Column by column with numpy, not row by row: every application gets an index (its
*slot*), every row of the other tables the slot of its application (one dictionary
lookup each, made in C by ``map``), and each figure is a mask, a minimum or a count
over those columns. At 100,000 applications the loops in Python over the ~380,000 rows
took about 0.45 s of CPU (with the report's assembly); this takes less than half
(``bench/bench_reports.py``). numpy's float64 arithmetic is Python's, and every value
given back is a Python number, so the figures are the ones the loops made.

One slot past the applications takes the rows of an application not in the cache
(there are none: the cache's foreign keys delete them with it), so that such a row is
in no application's figures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain, compress, repeat
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.figures import DECIDED_STAGES, OPEN_STAGES, ReportOptions
from reviewer_app.reports.reads import (
    VERDICT_SEPARATOR,
    ApplicationRow,
    CheckGroup,
    DecisionRow,
    HistoryRow,
    NoteRow,
)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Flags = npt.NDArray[np.bool_]

_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_ORDINAL_OF_JULIAN_DAY_ZERO = -1721425  # date.fromordinal(julian day number + this)
_NEW = Stage.NEW.value  # stage code 0: an application without a decision


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


def columns(rows: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """The columns of ``rows``, each read in C.

    Not ``zip(*rows)``: its one iterator per row wakes the garbage collector, which then
    walks every row read so far (60 ms for 100,000 rows here, against 4).
    """
    return [list(map(itemgetter(number), rows)) for number in range(width)]


def _floats(values: Sequence[float | None]) -> Floats:
    """A column of Julian days or counts as floats, None as NaN."""
    return np.array(values, dtype=np.float64)


def _codes(values: Sequence[Any], code: dict[Any, int]) -> Ints:
    return np.fromiter(map(code.__getitem__, values), np.intp, len(values))


@dataclass
class _Applications:
    """The per-application columns, indexed by slot (the last one: no application)."""

    ids: list[str]
    slot: dict[str, int]
    positions: list[int | None]  # position code -> version id (None: unmatched)
    position: Ints  # slot -> position code (the last code: no application)
    submitted: Floats
    stages: list[str]  # stage code -> stage text
    stage: Ints
    decided: Floats
    first_review: Floats  # inf: never reviewed
    interviewed: Flags
    fully_checked: Flags

    def slots(self, ids: Sequence[str]) -> Ints:
        """The slot of each application id (the last slot for one not in the cache)."""
        return np.fromiter(map(self.slot.get, ids, repeat(len(self.ids))), np.intp, len(ids))

    def position_flags(self, wanted: Callable[[int | None], bool], missing: bool) -> Flags:
        """Per position code, whether ``wanted`` says so (``missing``: no application)."""
        return np.array([*map(wanted, self.positions), missing], np.bool_)


def tally(
    options: ReportOptions,
    chosen: frozenset[int] | None,
    check_totals: dict[int, int],
    rows: Sequence[ApplicationRow],
    decided: Sequence[DecisionRow],
    history: Sequence[HistoryRow],
    checks: Sequence[CheckGroup],
    notes: Sequence[NoteRow],
    now: datetime,
) -> Tally:
    """Counts everything a report shows, column by column.

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
    apps = _applications(rows, decided, history)
    c_app, c_who, c_first, c_count, c_in_range, c_keys, c_results = columns(checks, 7)
    n_app, n_who, n_written = columns(notes, 3)
    c_slot, n_slot = apps.slots(c_app), apps.slots(n_app)
    n_time = _floats(n_written)
    # The first review: the earliest check, note or decision past new (history too).
    np.fmin.at(apps.first_review, c_slot, _floats(c_first))
    np.fmin.at(apps.first_review, n_slot, n_time)
    totals = np.array(
        [
            *(math.inf if p is None else check_totals.get(p, math.inf) for p in apps.positions),
            math.inf,
        ]
    )
    full = _floats(c_count) >= totals[apps.position[c_slot]]
    apps.fully_checked[c_slot[full]] = True
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
    c_in = np.array(c_in_range, np.int64)
    work_checks = (c_in > 0) & in_report[apps.position[c_slot]]
    if chosen is None and not options.has_range:
        work_notes = np.ones(len(n_slot), np.bool_)
    else:
        work_notes = (n_time >= since) & (n_time < until) & in_report[apps.position[n_slot]]
    result.work = _work(apps, c_who, c_slot, c_in, work_checks, n_who, n_slot, work_notes)
    matched = apps.position_flags(lambda p: p is not None, False)
    verdicted = covered[c_slot] & matched[apps.position[c_slot]]
    result.verdicts = _verdicts(apps, c_slot, verdicted, c_keys, c_results)
    _count(result, apps, covered, check_totals, options.waiting_days, julian_day(now))
    return result


def _applications(
    rows: Sequence[ApplicationRow], decided: Sequence[DecisionRow], history: Sequence[HistoryRow]
) -> _Applications:
    ids, position_ids, submitted = columns(rows, 3)
    d_app, d_stage, d_at = columns(decided, 3)
    h_app, h_stage, h_at = columns(history, 3)
    positions = list(dict.fromkeys(position_ids))
    position_code = {p: number for number, p in enumerate(positions)}
    stages = list(dict.fromkeys(chain((_NEW, Stage.INTERVIEW.value), d_stage, h_stage)))
    stage_code = {s: number for number, s in enumerate(stages)}
    size = len(ids) + 1
    apps = _Applications(
        ids=ids,
        slot=dict(zip(ids, range(len(ids)), strict=True)),
        positions=positions,
        position=np.append(_codes(position_ids, position_code), len(positions)),
        submitted=np.append(_floats(submitted), math.nan),
        stages=stages,
        stage=np.zeros(size, np.intp),
        decided=np.full(size, math.nan),
        first_review=np.full(size, math.inf),
        interviewed=np.zeros(size, np.bool_),
        fully_checked=np.zeros(size, np.bool_),
    )
    d_slot, d_time, d_code = apps.slots(d_app), _floats(d_at), _codes(d_stage, stage_code)
    apps.stage[d_slot] = d_code
    apps.decided[d_slot] = d_time
    h_slot, h_time, h_code = apps.slots(h_app), _floats(h_at), _codes(h_stage, stage_code)
    past_new = d_code != 0
    np.fmin.at(apps.first_review, d_slot[past_new], d_time[past_new])
    past_new = h_code != 0
    np.fmin.at(apps.first_review, h_slot[past_new], h_time[past_new])
    apps.interviewed[h_slot[h_code == stage_code[Stage.INTERVIEW.value]]] = True
    return apps


def _work(
    apps: _Applications,
    c_who: Sequence[str],
    c_slot: Ints,
    c_in: npt.NDArray[np.int64],
    c_counts: Flags,
    n_who: Sequence[str],
    n_slot: Ints,
    n_counts: Flags,
) -> dict[str, tuple[int, int, int]]:
    """Per reviewer: checks in the range, distinct applications, notes in the range."""
    names = list(dict.fromkeys(chain(c_who, n_who)))
    code = {name: number for number, name in enumerate(names)}
    c_code, n_code = _codes(c_who, code)[c_counts], _codes(n_who, code)[n_counts]
    checks = np.bincount(c_code, weights=c_in[c_counts], minlength=len(names))
    written = np.bincount(n_code, minlength=len(names))
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
        name: (int(checks[number]), int(reviewed[number]), int(written[number]))
        for number, name in enumerate(names)
        if checks[number] or written[number]
    }


def _verdicts(
    apps: _Applications,
    c_slot: Ints,
    counted: Flags,
    keys: Sequence[str],
    results: Sequence[str],
) -> dict[int, Counter[tuple[str, str]]]:
    """Per position version, how often each (key, result) was recorded."""
    chosen = counted.tolist()
    groups = Counter(
        zip(
            apps.position[c_slot[counted]].tolist(),
            compress(keys, chosen),
            compress(results, chosen),
            strict=True,
        )
    )
    verdicts: dict[int, Counter[tuple[str, str]]] = {}
    # Each distinct text split once, its verdicts counted as often as it was seen.
    for (position, key_text, result_text), seen in groups.items():
        position_id = apps.positions[position]
        assert position_id is not None, "only matched applications' checks are counted"
        counted_here = verdicts.setdefault(position_id, Counter())
        for pair in zip(
            key_text.split(VERDICT_SEPARATOR), result_text.split(VERDICT_SEPARATOR), strict=True
        ):
            counted_here[pair] += seen
    return verdicts


def _count(
    result: Tally,
    apps: _Applications,
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
    apps: _Applications, which: Flags, days: Floats
) -> tuple[dict[int | None, list[float]], list[float]]:
    """Per position version and for all, the sorted days (a time before submission: 0)."""
    days = np.maximum(days, 0.0)
    position = apps.position[which]
    per_position = {
        apps.positions[code]: np.sort(days[position == code]).tolist()
        for code in np.unique(position).tolist()
    }
    return per_position, np.sort(days).tolist()


__all__ = ["Tally", "columns", "julian_day", "midnight", "tally", "week_of"]
