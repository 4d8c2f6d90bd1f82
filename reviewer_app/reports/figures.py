"""What a report holds: the figures of the pipeline, frozen, and their JSON (no Qt).

:func:`reviewer_app.reports.compute.compute_report` makes a :class:`Report` from the
local cache; the window, ``report --json``, ``--csv`` and ``--html`` all show that one
value, so they cannot disagree. ``docs/reports.md`` documents the JSON: keep the two in
step (``REPORT_FORMAT`` says which version of it this is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from reviewer_app.domain.vocabulary import Stage
from reviewer_app.reports.svg import SERIES_COLOURS

REPORT_FORMAT = 1
"""The version of the JSON; a change that breaks a reader of it takes the next one."""

PIPELINE_STAGES: tuple[Stage, ...] = (
    Stage.NEW,
    Stage.SCREENING,
    Stage.INTERVIEW,
    Stage.ON_HOLD,
    Stage.ACCEPTED,
    Stage.DECLINED,
    Stage.WITHDRAWN,
)
"""The stages in the order of the pipeline: open ones first, then the outcomes."""

STAGE_TITLES: dict[Stage, str] = {
    Stage.NEW: "New",
    Stage.SCREENING: "Screening",
    Stage.INTERVIEW: "Interview",
    Stage.ON_HOLD: "On hold",
    Stage.ACCEPTED: "Accepted",
    Stage.DECLINED: "Declined",
    Stage.WITHDRAWN: "Withdrawn",
}

OPEN_STAGES = frozenset({Stage.NEW, Stage.SCREENING})
"""Stages whose applications still wait for the team's review (the backlog)."""

DECIDED_STAGES = frozenset({Stage.ACCEPTED, Stage.DECLINED})
"""The team's outcomes: "time to decision" runs until an application reaches one."""

FUNNEL_STEPS = ("submitted", "first_review", "interview", "accepted")
FUNNEL_TITLES = {
    "submitted": "Submitted",
    "first_review": "First review",
    "interview": "Interview",
    "accepted": "Accepted",
}

UNMATCHED_TITLE = "Unmatched"
"""The pipeline's row of applications linked to no position."""

DEFAULT_WAITING_DAYS = 14


@dataclass(frozen=True)
class ReportOptions:
    """Which applications a report covers.

    Attributes:
        start: Submitted on or after this day (UTC), or None for no lower bound.
        end: Submitted on or before this day (UTC, the whole day), or None.
        position: One position's slug (any version), or None for all and unmatched.
        waiting_days: The waiting list holds applications unreviewed for longer.
    """

    start: date | None = None
    end: date | None = None
    position: str | None = None
    waiting_days: int = DEFAULT_WAITING_DAYS

    @property
    def has_range(self) -> bool:
        """Whether a date bounds the applications (undated ones are then left out)."""
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class PositionTitle:
    """A position as the report names it: its slug (None: unmatched) and title."""

    slug: str | None
    title: str


@dataclass(frozen=True)
class PipelineRow:
    """One position's applications per stage (no decision counts as new)."""

    position: PositionTitle
    counts: dict[Stage, int]

    @property
    def total(self) -> int:
        """The position's applications."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class FunnelStep:
    """How many applications reached one step, and the share of the step before."""

    step: str
    count: int
    of_previous: float | None
    of_submitted: float | None


@dataclass(frozen=True)
class Durations:
    """Days from submission to an event, over the applications that had it.

    ``median_days`` is the middle value (the mean of the two middle ones for an even
    count); ``p90_days`` the nearest-rank 90th percentile. Both None for no values.
    """

    count: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class PositionTimes:
    """Time to first review and to decision of one position's applications."""

    position: PositionTitle
    first_review: Durations
    decision: Durations


@dataclass(frozen=True)
class WaitingApplication:
    """An application submitted more than ``waiting_days`` ago that nobody reviewed."""

    id: str
    name: str
    position: PositionTitle
    submitted_at: datetime
    days_waiting: int


@dataclass(frozen=True)
class ReviewerLoad:
    """One reviewer's work in the range (by when the work was recorded)."""

    name: str
    checks: int
    applications: int
    notes: int


@dataclass(frozen=True)
class CheckRates:
    """The verdicts recorded on one requirement check of one position."""

    position: PositionTitle
    key: str
    label: str
    met: int
    not_met: int
    unsure: int

    @property
    def total(self) -> int:
        """Verdicts recorded (a cleared one is none)."""
        return self.met + self.not_met + self.unsure

    def rate(self, count: int) -> float | None:
        """``count`` as a share of :attr:`total`, None when there is none."""
        return share(count, self.total)


# Positions a weekly chart draws a line of; the others share one line.
CHARTED_POSITIONS = 4
ALL_POSITIONS = "All positions"
"""The name of a weekly chart's line of every position's applications."""


class WeeklyLine(NamedTuple):
    """One line of a weekly chart.

    Attributes:
        name: What the legend calls it.
        counts: Its applications per week.
        total: Whether it is every position's (drawn in the text's colour).
        series: Which of the series' colours it takes: a position keeps its own whatever
            the range shown (its place among the report's positions), the line of the
            others the last one.
    """

    name: str
    counts: tuple[int, ...]
    total: bool = False
    series: int = 0


def week_labels(weeks: Sequence[date]) -> list[str]:
    """Each week's Monday as a chart names it: "7 Sep", with the year when they span two."""
    years = {week.year for week in weeks}
    if len(years) > 1:
        return [f"{week.day} {week:%b %Y}" for week in weeks]
    return [f"{week.day} {week:%b}" for week in weeks]


@dataclass(frozen=True)
class WeeklyIntake:
    """Applications submitted per week (weeks start on Monday, UTC), per position."""

    weeks: tuple[date, ...]
    by_position: tuple[tuple[PositionTitle, tuple[int, ...]], ...]

    @property
    def totals(self) -> tuple[int, ...]:
        """All positions' applications per week."""
        columns = zip(*(counts for _, counts in self.by_position), strict=True)
        return tuple(sum(column) for column in columns) if self.by_position else ()

    def lines(self, most: int = CHARTED_POSITIONS) -> tuple[WeeklyLine, ...]:
        """The lines a chart draws: the ``most`` positions with the most applications
        (most first), the others added up in one line, and the total if more than one.

        One line per position was a tangle with eight of them, the legend covering half
        of the chart.
        """
        numbered = [(n, p, counts) for n, (p, counts) in enumerate(self.by_position) if any(counts)]
        ranked = sorted(numbered, key=lambda item: -sum(item[2]))
        own = len(SERIES_COLOURS) - 1  # the last colour (grey) is the others'
        kept = ranked[:most] if len(ranked) > most + 1 else ranked
        lines: list[WeeklyLine] = []
        for n, position, counts in kept:
            # Its own colour, unless a line drawn already has it (eight positions or more).
            taken = {line.series for line in lines}
            series = next(c % own for c in range(n, n + own) if c % own not in taken)
            lines.append(WeeklyLine(position.title, counts, series=series))
        rest = ranked[len(kept) :]
        if rest:
            columns = zip(*(counts for _, _, counts in rest), strict=True)
            summed = tuple(sum(column) for column in columns)
            lines.append(WeeklyLine(f"{len(rest)} other positions", summed, series=own))
        if len(ranked) > 1:
            lines.append(WeeklyLine(ALL_POSITIONS, self.totals, total=True))
        return tuple(lines)


@dataclass(frozen=True)
class Report:
    """Every figure of one report, read from the local cache in one transaction.

    Attributes:
        as_of: When the cache last synced (None: never): the figures are as of then,
            with this laptop's ``unsynced_changes`` (its outbox) on top.
        generated_at: When the report was made ("days waiting" count up to it).
        positions: Every position of the report, in the pipeline's order.
        backlog: Per position, open applications (new, screening) that no reviewer
            has fully checked (for a position without checks: that nobody reviewed).
    """

    options: ReportOptions
    as_of: datetime | None
    generated_at: datetime
    positions: tuple[PositionTitle, ...]
    pipeline: tuple[PipelineRow, ...]
    funnel: tuple[FunnelStep, ...]
    times_all: PositionTimes
    times: tuple[PositionTimes, ...]
    waiting: tuple[WaitingApplication, ...]
    reviewers: tuple[ReviewerLoad, ...]
    backlog: tuple[tuple[PositionTitle, int], ...]
    checks: tuple[CheckRates, ...]
    weekly: WeeklyIntake
    stage_totals: dict[Stage, int] = field(default_factory=dict)
    unsynced_changes: int = 0

    @property
    def total(self) -> int:
        """Applications in the report."""
        return sum(self.stage_totals.values())


def share(count: int, whole: int) -> float | None:
    """``count / whole`` to four places, None when ``whole`` is 0."""
    return round(count / whole, 4) if whole else None


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 UTC to the second (``2026-05-01T09:30:00Z``), None for None."""
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _durations(value: Durations) -> dict[str, Any]:
    return {"count": value.count, "median_days": value.median_days, "p90_days": value.p90_days}


def _times(value: PositionTimes) -> dict[str, Any]:
    return {
        "position": value.position.slug,
        "first_review": _durations(value.first_review),
        "decision": _durations(value.decision),
    }


def report_to_json(report: Report, *, include_identity: bool = True) -> dict[str, Any]:
    """Returns the report as the JSON object of ``report --json`` (docs/reports.md).

    Args:
        report: The figures.
        include_identity: Whether the waiting list names applicants (else only ids).
    """
    options = report.options
    stages = [stage.value for stage in PIPELINE_STAGES]
    return {
        "format": REPORT_FORMAT,
        "as_of": iso_utc(report.as_of),
        "unsynced_changes": report.unsynced_changes,
        "generated_at": iso_utc(report.generated_at),
        "range": {
            "from": options.start.isoformat() if options.start else None,
            "to": options.end.isoformat() if options.end else None,
        },
        "position": options.position,
        "waiting_days": options.waiting_days,
        "stages": stages,
        "positions": [{"slug": p.slug, "title": p.title} for p in report.positions],
        "pipeline": {
            "rows": [
                {
                    "position": row.position.slug,
                    "counts": {stage.value: row.counts[stage] for stage in PIPELINE_STAGES},
                    "total": row.total,
                }
                for row in report.pipeline
            ],
            "totals": {stage.value: report.stage_totals[stage] for stage in PIPELINE_STAGES},
            "total": report.total,
        },
        "funnel": [
            {
                "step": step.step,
                "count": step.count,
                "of_previous": step.of_previous,
                "of_submitted": step.of_submitted,
            }
            for step in report.funnel
        ],
        "times": {
            "all": _times(report.times_all),
            "by_position": [_times(t) for t in report.times],
        },
        "waiting": {
            "count": len(report.waiting),
            "applications": [
                {
                    "id": item.id,
                    **({"name": item.name} if include_identity else {}),
                    "position": item.position.slug,
                    "submitted_at": iso_utc(item.submitted_at),
                    "days_waiting": item.days_waiting,
                }
                for item in report.waiting
            ],
        },
        "reviewers": [
            {"name": r.name, "checks": r.checks, "applications": r.applications, "notes": r.notes}
            for r in report.reviewers
        ],
        "backlog": [
            {"position": position.slug, "needs_review": count} for position, count in report.backlog
        ],
        "checks": [
            {
                "position": c.position.slug,
                "key": c.key,
                "label": c.label,
                "met": c.met,
                "not_met": c.not_met,
                "unsure": c.unsure,
                "total": c.total,
                "met_rate": c.rate(c.met),
                "not_met_rate": c.rate(c.not_met),
                "unsure_rate": c.rate(c.unsure),
            }
            for c in report.checks
        ],
        "weekly": {
            "weeks": [week.isoformat() for week in report.weekly.weeks],
            "by_position": [
                {"position": position.slug, "counts": list(counts)}
                for position, counts in report.weekly.by_position
            ],
            "totals": list(report.weekly.totals),
        },
    }
