"""Computes a report from the local cache, so it works offline (no Qt).

The cache is read in one read transaction, one grouped pass per table
(:mod:`reviewer_app.reports.reads`); :mod:`reviewer_app.reports.tally` counts over
those rows' columns, and this module names the positions and assembles the
:class:`Report`. Every figure's definition is in ``docs/reports.md``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from reviewer_app.cache import LocalCache
from reviewer_app.domain.name_order import name_order
from reviewer_app.domain.vocabulary import CheckResult, utcnow
from reviewer_app.errors import UserError
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.reports.figures import (
    FUNNEL_STEPS,
    PIPELINE_STAGES,
    UNMATCHED_TITLE,
    CheckRates,
    FunnelStep,
    PipelineRow,
    PositionTimes,
    PositionTitle,
    Report,
    ReportOptions,
    ReviewerLoad,
    WaitingApplication,
    WeeklyIntake,
    share,
)
from reviewer_app.reports.reads import (
    CachedVersion,
    applications,
    check_groups,
    decision_history,
    decisions,
    last_sync_at,
    named_applications,
    notes,
    position_versions,
    stored_time,
)
from reviewer_app.reports.stats import summarise
from reviewer_app.reports.tally import Tally, midnight, tally

clock: Callable[[], datetime] = utcnow
"""The time a report is made at (tests set it, as both the window and the CLI read it)."""


class UnknownReportPosition(UserError):
    """The position asked for is not in the local cache."""


def compute_report(
    cache: LocalCache,
    options: ReportOptions,
    *,
    catalogue: PositionCatalogue | None = None,
    now: datetime | None = None,
) -> Report:
    """Reads the figures of ``options`` from ``cache``, in one read transaction.

    Args:
        cache: The local cache.
        options: The range and the position.
        catalogue: Parses the positions' checks (the window's; a new one if None).
        now: When the report is made (default: :data:`clock`); waiting counts up to it.

    Raises:
        UserError: The range ends before it starts, the waiting days are negative, the
            position is not in the cache, or the cache cannot be read.
    """
    check_options(options)
    now = clock() if now is None else now
    catalogue = PositionCatalogue() if catalogue is None else catalogue
    since = None if options.start is None else stored_time(midnight(options.start))
    until = None if options.end is None else stored_time(midnight(options.end + timedelta(1)))
    with cache.read_session() as session:
        connection = session.connection()
        versions = position_versions(connection)
        titles = newest_titles(versions)
        if options.position is not None and options.position not in titles:
            known = ", ".join(sorted(titles)) or "none; run sync first"
            raise UnknownReportPosition(
                f"No position {options.position!r} in the local cache; known positions: {known}."
            )
        chosen = [v for v in versions if options.position in (None, v.slug)]
        totals = {v.id: len(catalogue.check_keys(v.slug, v.source)) for v in chosen}
        as_of = last_sync_at(connection)
        unsynced = connection.exec_driver_sql("SELECT count(*) FROM outbox").scalar_one()
        counted = tally(
            options,
            None if options.position is None else frozenset(v.id for v in chosen),
            totals,
            applications(connection),
            decisions(connection),
            decision_history(connection),
            check_groups(connection, since, until),
            notes(connection),
            now,
        )
        named = named_applications(connection, [app_id for _, app_id, _ in counted.waiting])
    report = _assemble(options, as_of, now, versions, titles, counted, named, catalogue)
    return replace(report, unsynced_changes=int(unsynced))


def _assemble(
    options: ReportOptions,
    as_of: datetime | None,
    now: datetime,
    versions: Sequence[CachedVersion],
    titles: dict[str, str],
    counted: Tally,
    named: dict[str, tuple[str, datetime | None]],
    catalogue: PositionCatalogue,
) -> Report:
    positions = [PositionTitle(slug, titles[slug]) for slug in _ordered_slugs(titles, options)]
    if options.position is None:
        positions.append(PositionTitle(None, UNMATCHED_TITLE))
    slug_of: dict[int | None, str | None] = {v.id: v.slug for v in versions}
    pipeline: Counter[tuple[str | None, str]] = Counter()
    for (position_id, stage), count in counted.pipeline.items():
        pipeline[slug_of.get(position_id), stage] += count
    backlog = _by_slug(counted.backlog.items(), slug_of)
    reviews = _lists_by_slug(counted.reviews, slug_of)
    decisions = _lists_by_slug(counted.decisions, slug_of)
    weeks: defaultdict[str | None, Counter[int]] = defaultdict(Counter)
    for (position_id, week), count in counted.weeks.items():
        weeks[slug_of.get(position_id)][week] += count
    by_slug = {p.slug: p for p in positions}
    return Report(
        options=options,
        as_of=as_of,
        generated_at=now,
        positions=tuple(positions),
        pipeline=tuple(
            PipelineRow(p, {stage: pipeline[p.slug, stage.value] for stage in PIPELINE_STAGES})
            for p in positions
        ),
        funnel=_funnel([counted.funnel[step] for step in FUNNEL_STEPS]),
        times_all=PositionTimes(
            PositionTitle(None, "All positions"),
            summarise(counted.all_reviews),
            summarise(counted.all_decisions),
        ),
        times=tuple(
            PositionTimes(
                p, summarise(reviews.get(p.slug, [])), summarise(decisions.get(p.slug, []))
            )
            for p in positions
        ),
        waiting=_waiting(counted.waiting, named, slug_of, by_slug),
        reviewers=tuple(
            ReviewerLoad(name, checks, applications, notes)
            for name, (checks, applications, notes) in sorted(
                counted.work.items(), key=lambda item: name_order(item[0])
            )
        ),
        backlog=tuple((p, backlog.get(p.slug, 0)) for p in positions),
        checks=_check_rates(counted.verdicts, versions, positions, catalogue),
        weekly=_weekly(weeks, positions, options, now.date()),
        stage_totals={
            stage: sum(pipeline[p.slug, stage.value] for p in positions)
            for stage in PIPELINE_STAGES
        },
    )


def _by_slug(
    items: Iterable[tuple[int | None, int]], slug_of: Mapping[int | None, str | None]
) -> dict[str | None, int]:
    totals: defaultdict[str | None, int] = defaultdict(int)
    for position_id, count in items:
        totals[slug_of.get(position_id)] += count
    return totals


def _lists_by_slug(
    lists: Mapping[int | None, list[float]], slug_of: Mapping[int | None, str | None]
) -> dict[str | None, list[float]]:
    merged: defaultdict[str | None, list[float]] = defaultdict(list)
    for position_id, values in lists.items():
        merged[slug_of.get(position_id)].extend(values)
    return merged


def check_options(options: ReportOptions) -> None:
    """Raises UserError for a range that ends before it starts or negative waiting days."""
    if options.start is not None and options.end is not None and options.end < options.start:
        raise UserError(
            f"The range ends ({options.end}) before it starts ({options.start}); swap the dates."
        )
    if options.waiting_days < 0:
        raise UserError(f"Waiting days must be 0 or more, not {options.waiting_days}.")


def newest_titles(versions: Iterable[CachedVersion]) -> dict[str, str]:
    """The title of each slug's newest version."""
    newest: dict[str, CachedVersion] = {}
    for version in versions:
        if version.slug not in newest or version.version > newest[version.slug].version:
            newest[version.slug] = version
    return {slug: version.title for slug, version in newest.items()}


def _ordered_slugs(titles: dict[str, str], options: ReportOptions) -> list[str]:
    slugs = [s for s in titles if options.position in (None, s)]
    return sorted(slugs, key=lambda slug: (titles[slug].casefold(), slug))


def _funnel(counts: Sequence[int]) -> tuple[FunnelStep, ...]:
    submitted = counts[0]
    return tuple(
        FunnelStep(
            step,
            count,
            None if number == 0 else share(count, counts[number - 1]),
            share(count, submitted),
        )
        for number, (step, count) in enumerate(zip(FUNNEL_STEPS, counts, strict=True))
    )


def _waiting(
    waiting: list[tuple[int, str, int | None]],
    named: dict[str, tuple[str, datetime | None]],
    slug_of: Mapping[int | None, str | None],
    positions: Mapping[str | None, PositionTitle],
) -> tuple[WaitingApplication, ...]:
    items = []
    for days, app_id, position_id in waiting:
        name, submitted = named[app_id]  # read in the same transaction
        assert submitted is not None, "only dated applications wait"
        slug = slug_of.get(position_id)
        position = positions.get(slug) or PositionTitle(slug, slug or UNMATCHED_TITLE)
        items.append(WaitingApplication(app_id, name, position, submitted, days))
    items.sort(key=lambda item: (-item.days_waiting, item.submitted_at, item.id))
    return tuple(items)


def _check_rates(
    verdicts: Mapping[int, Counter[tuple[str, str]]],
    versions: Sequence[CachedVersion],
    positions: Sequence[PositionTitle],
    catalogue: PositionCatalogue,
) -> tuple[CheckRates, ...]:
    by_id = {v.id: v for v in versions}
    counts: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for position_id, pairs in verdicts.items():
        version = by_id.get(position_id)
        if version is None:
            continue
        for (key, result), count in pairs.items():
            counts[version.slug, key][result] += count
    # Labels and order from the newest version that has the check.
    labels: dict[tuple[str, str], tuple[int, int, str]] = {}
    for version in versions:  # oldest first: a newer version's label wins
        for number, check in enumerate(catalogue.parsed(version.slug, version.source).checks):
            labels[version.slug, check.key] = (-version.version, number, check.label)
    rows = []
    for position in positions:
        if position.slug is None:
            continue  # an unmatched application has no checks
        slug = position.slug
        keys = sorted(
            (key for s, key in counts if s == slug),
            key=lambda key: labels.get((slug, key), (1, 0, key)),
        )
        for key in keys:
            tally = counts[slug, key]
            rows.append(
                CheckRates(
                    position,
                    key,
                    labels.get((slug, key), (0, 0, key))[2],
                    met=tally[CheckResult.MET.value],
                    not_met=tally[CheckResult.NOT_MET.value],
                    unsure=tally[CheckResult.UNSURE.value],
                )
            )
    return tuple(rows)


def _weekly(
    weeks: Mapping[str | None, Mapping[int, int]],
    positions: Sequence[PositionTitle],
    options: ReportOptions,
    today: date,
) -> WeeklyIntake:
    seen = [week for counts in weeks.values() for week in counts]
    first = _monday(options.start) if options.start is not None else min(seen, default=None)
    # With no end, up to this week: weeks with no application since the last one show
    # as such (the chart ended at the last application's week, hiding a drop to none).
    last = _monday(options.end) if options.end is not None else None
    if last is None and seen:
        last = max(*seen, _monday(today))
    if first is None or last is None or last < first:
        return WeeklyIntake((), tuple((p, ()) for p in positions))
    ordinals = range(first, last + 1, 7)
    return WeeklyIntake(
        tuple(date.fromordinal(o) for o in ordinals),
        tuple((p, tuple(weeks.get(p.slug, {}).get(o, 0) for o in ordinals)) for p in positions),
    )


def _monday(day: date) -> int:
    return day.toordinal() - day.weekday()


__all__ = [
    "UnknownReportPosition",
    "check_options",
    "clock",
    "compute_report",
    "newest_titles",
]
