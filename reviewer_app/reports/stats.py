"""The two summaries of durations a report gives: the median and the 90th percentile."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reviewer_app.reports.figures import Durations

_PLACES = 2


def median(values: Sequence[float]) -> float | None:
    """The middle of sorted ``values`` (the mean of the middle two for an even count)."""
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def nearest_rank(values: Sequence[float], percent: float) -> float | None:
    """The nearest-rank percentile of sorted ``values``: the smallest value with at least
    ``percent`` % of the values at or below it (no interpolation, so it is a real value)."""
    if not values:
        return None
    rank = max(1, math.ceil(percent / 100 * len(values)))
    return values[rank - 1]


def summarise(days: list[float]) -> Durations:
    """Returns the count, median and 90th percentile of ``days`` (sorted here, in place)."""
    days.sort()
    middle, p90 = median(days), nearest_rank(days, 90)
    return Durations(
        count=len(days),
        median_days=None if middle is None else round(middle, _PLACES),
        p90_days=None if p90 is None else round(p90, _PLACES),
    )


__all__ = ["median", "nearest_rank", "summarise"]
