"""Charts of a report as inline SVG text, for the HTML file (no Qt, no remote resource).

Each chart is drawn from the report's own numbers and carries a ``<title>`` for screen
readers. Text and axes take their colour from the page's CSS (``currentColor`` and the
``.axis`` and ``.grid`` classes), so the page's light and dark styles both read.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from reviewer_app.domain.vocabulary import Stage

STAGE_COLOURS: dict[Stage, str] = {
    Stage.NEW: "#4e79a7",
    Stage.SCREENING: "#8e6cc9",
    Stage.INTERVIEW: "#d9922e",
    Stage.ON_HOLD: "#8c8c8c",
    Stage.ACCEPTED: "#2e9e5b",
    Stage.DECLINED: "#d1493f",
    Stage.WITHDRAWN: "#6b6b6b",
}
"""One colour per stage, the same in the window's charts and the HTML file."""

SERIES_COLOURS = (
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#8c6d31", "#7f7f7f",
)  # fmt: skip
"""Colours told apart with colour blindness (Okabe and Ito), one per position."""

_FONT = 12


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{_FONT}" '
        f'fill="currentColor"{extra}>{html.escape(text)}</text>'
    )


def _nice_step(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _scale(peak: int) -> tuple[int, int]:
    """A whole tick step and the axis top (a multiple of it, at or above ``peak``)."""
    step = _nice_step(max(peak, 1) / 4)
    return step, step * -(-max(peak, 1) // step)


def bar_chart(
    title: str, labels: Sequence[str], values: Sequence[int], colours: Sequence[str]
) -> str:
    """Vertical bars, one per label, each with its value above it."""
    width, height, left, bottom, top = 640, 260, 44, 40, 16
    plot_w, plot_h = width - left - 10, height - top - bottom
    step, peak = _scale(max(values, default=0))
    parts = [_svg_open(width, height, title)]
    parts += _y_axis(left, top, plot_w, plot_h, step, peak)
    slot = plot_w / max(len(values), 1)
    for number, (label, value, colour) in enumerate(zip(labels, values, colours, strict=True)):
        bar_h = plot_h * value / peak
        x = left + number * slot + slot * 0.15
        y = top + plot_h - bar_h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" '
            f'fill="{colour}"><title>{html.escape(f"{label}: {value}")}</title></rect>'
        )
        parts.append(_text(x + slot * 0.35, y - 4, str(value), "middle"))
        parts.append(_text(x + slot * 0.35, top + plot_h + 16, label, "middle"))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
) -> str:
    """One line per (name, values, colour), over ``x_labels``, with a legend below.

    A colour of "currentColor" draws in the text's colour, thicker (the total)."""
    legend_rows = (len(series) + 2) // 3
    width, left, bottom, top = 640, 44, 34 + 18 * legend_rows, 16
    height = 240 + 18 * legend_rows
    plot_w, plot_h = width - left - 30, height - top - bottom
    step_y, peak = _scale(max((v for _, values, _ in series for v in values), default=0))
    parts = [_svg_open(width, height, title)]
    parts += _y_axis(left, top, plot_w, plot_h, step_y, peak)
    count = len(x_labels)
    step = plot_w / max(count - 1, 1)
    every = max(1, (count + 7) // 8)  # at most 8 labels under the axis
    for number, label in enumerate(x_labels):
        if number % every == 0:
            parts.append(_text(left + number * step, top + plot_h + 16, label, "middle"))
    for name, values, colour in series:
        points = " ".join(
            f"{left + n * step:.1f},{top + plot_h - plot_h * v / peak:.1f}"
            for n, v in enumerate(values)
        )
        if count == 1:
            cx, cy = points.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
        elif points:
            thick = 3 if colour == "currentColor" else 1.5
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                f'stroke-width="{thick}"><title>{html.escape(name)}</title></polyline>'
            )
    for number, (name, _, colour) in enumerate(series):
        x = left + (number % 3) * (plot_w / 3)
        y = top + plot_h + 34 + 18 * (number // 3)
        parts.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, y, name))
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(title: str, steps: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars narrowing step by step, each (its label, its count)."""
    width, row_h = 640, 34
    height = row_h * len(steps) + 8
    first = max((count for _, count in steps), default=0) or 1
    parts = [_svg_open(width, height, title)]
    for number, (label, count) in enumerate(steps):
        bar_w = 340 * count / first
        y = 4 + number * row_h
        x = 290 + (340 - bar_w) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{row_h - 8}" '
            f'fill="{SERIES_COLOURS[0]}" opacity="{1 - number * 0.18:.2f}"/>'
        )
        parts.append(_text(280, y + row_h / 2, label, "end"))
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">'
        f"<title>{html.escape(title)}</title>"
    )


def _y_axis(left: int, top: int, plot_w: int, plot_h: int, step: int, peak: int) -> list[str]:
    parts = []
    for value in range(0, peak + 1, step):
        y = top + plot_h - plot_h * value / peak
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>'
        )
        parts.append(_text(left - 6, y + 4, str(value), "end"))
    parts.append(
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/>'
    )
    return parts


__all__ = ["SERIES_COLOURS", "STAGE_COLOURS", "bar_chart", "funnel_chart", "line_chart"]
