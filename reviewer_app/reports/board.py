"""The stage board's data: one position's applications as columns by stage (no Qt).

A card says who applied, how long the application has been in its stage and how many
of its position's checks someone has judged. Moving a card records a decision through
:class:`~reviewer_app.review.actions.ReviewService` (the window does it), so a move syncs
and undoes like any decision; :func:`needs_reason` says which stages ask for a reason.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from reviewer_app.cache import LocalCache
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.reports.compute import check_options, clock
from reviewer_app.reports.figures import PIPELINE_STAGES, ReportOptions
from reviewer_app.reports.reads import parse_stored, stored_time
from reviewer_app.reports.tally import julian_day, midnight

CARDS_PER_COLUMN = 200
"""Cards shown per column (the longest in their stage first); the header counts all."""

STAGES_NEEDING_REASON = frozenset({Stage.DECLINED})
"""A move to these stages asks why (the shared database refuses a decline without)."""


def needs_reason(stage: Stage) -> bool:
    """Whether a decision to ``stage`` must give a reason."""
    return stage in STAGES_NEEDING_REASON


@dataclass(frozen=True)
class BoardCard:
    """One application on the board.

    Attributes:
        days_in_stage: Whole days since its current decision (since submission while it
            has none); None when neither time is known.
        checks_done: The position's checks that at least one reviewer judged.
    """

    id: str
    name: str
    stage: Stage
    submitted_at: datetime | None
    days_in_stage: int | None
    checks_done: int
    checks_total: int


@dataclass(frozen=True)
class BoardColumn:
    """One stage's applications: how many, and the first :data:`CARDS_PER_COLUMN`."""

    stage: Stage
    count: int
    cards: tuple[BoardCard, ...]


_BOARD_SQL = """
SELECT a.id, a.name, a.position_id, a.submitted_at, coalesce(d.stage, 'new'),
       julianday(coalesce(d.decided_at, a.submitted_at)),
       (SELECT count(DISTINCT r.check_key) FROM requirement_checks AS r
        WHERE r.application_id = a.id AND r.result IS NOT NULL)
FROM applications AS a LEFT JOIN decisions AS d ON d.application_id = a.id
WHERE a.position_id IN (SELECT value FROM json_each(?)) {range}
"""


def read_board(
    cache: LocalCache,
    slug: str,
    options: ReportOptions,
    *,
    catalogue: PositionCatalogue | None = None,
    now: datetime | None = None,
    per_column: int = CARDS_PER_COLUMN,
) -> tuple[BoardColumn, ...]:
    """Reads one position's applications (any version) in the range, by stage.

    Args:
        cache: The local cache.
        slug: The position.
        options: The range (its position is ignored: ``slug`` is the board's).
        catalogue: Parses the versions' checks.
        now: When the board is read (default: the report's clock).
        per_column: Cards kept per column.

    Raises:
        UserError: The range ends before it starts, or the cache cannot be read.
    """
    check_options(options)
    today = julian_day(clock() if now is None else now)
    catalogue = PositionCatalogue() if catalogue is None else catalogue
    conditions, params = "", []
    if options.start is not None:
        conditions += " AND a.submitted_at >= ?"
        params.append(stored_time(midnight(options.start)))
    if options.end is not None:
        conditions += " AND a.submitted_at < ?"
        params.append(stored_time(midnight(options.end + timedelta(1))))
    with cache.read_session() as session:
        connection = session.connection()
        versions = connection.exec_driver_sql(
            "SELECT id, source FROM positions WHERE slug = ?", (slug,)
        ).all()
        totals = {pid: len(catalogue.check_keys(slug, source)) for pid, source in versions}
        rows = connection.exec_driver_sql(
            _BOARD_SQL.format(range=conditions), (json.dumps(sorted(totals)), *params)
        ).all()
    by_stage: dict[Stage, list[BoardCard]] = {stage: [] for stage in PIPELINE_STAGES}
    for app_id, name, position_id, submitted, stage, since, done in rows:
        total = totals.get(position_id, 0)
        by_stage[Stage(stage)].append(
            BoardCard(
                id=app_id,
                name=name or "",
                stage=Stage(stage),
                submitted_at=None if submitted is None else parse_stored(submitted),
                days_in_stage=None if since is None else max(0, math.floor(today - since)),
                checks_done=min(done, total),
                checks_total=total,
            )
        )
    columns = []
    for stage, cards in by_stage.items():
        cards.sort(key=lambda c: (c.days_in_stage is None, -(c.days_in_stage or 0), c.id))
        columns.append(BoardColumn(stage, len(cards), tuple(cards[:per_column])))
    return tuple(columns)


__all__ = [
    "CARDS_PER_COLUMN",
    "STAGES_NEEDING_REASON",
    "BoardCard",
    "BoardColumn",
    "needs_reason",
    "read_board",
]
