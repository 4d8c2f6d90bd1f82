"""A report as one self-contained HTML file for the board (no Qt).

Everything is inside the file: the style, and the charts as inline SVG. It loads
nothing (no script, font, image or style sheet from anywhere), so it opens offline in
any browser and prints. Every text from the cache is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from reviewer_app.reports.figures import (
    FUNNEL_TITLES,
    PIPELINE_STAGES,
    STAGE_TITLES,
    Durations,
    FunnelStep,
    Report,
    iso_utc,
    week_labels,
)
from reviewer_app.reports.svg import (
    SERIES_COLOURS,
    STAGE_COLOURS,
    bar_chart,
    funnel_chart,
    line_chart,
)
from reviewer_app.storage.atomic_files import write_text_atomically

WAITING_SHOWN = 200
"""Applications the file lists by name in the waiting list (it counts them all)."""

_STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 960px; padding: 0 1em; color: #1d1d1d; background: #ffffff; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 2em; }
.stamp { color: #555555; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border-bottom: 1px solid #d0d0d0; padding: .25em .7em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tfoot td, .total { font-weight: 600; }
svg { max-width: 100%; height: auto; color: #1d1d1d; }
svg .grid { stroke: #e2e2e2; } svg .axis { stroke: #8a8a8a; }
@media (prefers-color-scheme: dark) {
  body { color: #e8e8e8; background: #1f1f1f; } .stamp { color: #b0b0b0; }
  th, td { border-color: #444444; } svg { color: #e8e8e8; }
  svg .grid { stroke: #3a3a3a; } svg .axis { stroke: #9a9a9a; }
}
@media print { h2 { break-after: avoid; } svg, table { break-inside: avoid; } }
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], foot: Sequence[object] = ()
) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    tail = "<tfoot><tr>" + "".join(f"<td>{_e(c)}</td>" for c in foot) + "</tr></tfoot>"
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>{tail if foot else ''}</table>"
    )


def percent(value: float | None) -> str:
    """A share as "45%" ("—" for none); under 1% as "<1%", never "0%" for some."""
    if value is None:
        return "—"
    shown = f"{value * 100:.0f}%"
    if shown == "0%" and value > 0:
        return "<1%"
    if shown == "100%" and value < 1:
        return ">99%"  # not all while some are missing
    return shown


def days(value: float | None) -> str:
    """Days as "3.5" ("—" for none)."""
    return "—" if value is None else f"{value:g}"


def day_text(day: date) -> str:
    """A day as "1 Mar 2026" (built by hand: "%-d" does not exist on Windows)."""
    return f"{day.day} {day:%b %Y}"


def scope_line(report: Report) -> str:
    """The range and position in words: "submitted 1 Mar 2026 to 31 Mar 2026 · all positions"."""
    options = report.options
    start = day_text(options.start) if options.start else "the first application"
    end = day_text(options.end) if options.end else "today"
    if options.start is None and options.end is None:
        when = "all applications"
    else:
        when = f"submitted {start} to {end}"
    where = "all positions"
    if options.position is not None:
        where = next((p.title for p in report.positions), options.position)
    return f"{when} · {where}"


def stamp_line(report: Report) -> str:
    """When the figures are from: "As of last sync 2026-03-30 08:00 UTC" or never synced."""
    if report.as_of is None:
        return "Never synced: these figures are from this laptop's copy alone."
    stamp = f"As of last sync {report.as_of:%Y-%m-%d %H:%M} UTC"
    count = report.unsynced_changes
    if count:
        changes = "1 change" if count == 1 else f"{count:,} changes"
        stamp += f", with {changes} made on this laptop and not synced yet"
    return stamp + "."


def render_html(report: Report, *, include_identity: bool = True) -> str:
    """Returns the report as one HTML document.

    Args:
        report: The figures.
        include_identity: Whether the waiting list names applicants (else their id).
    """
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Applications report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Applications report</h1>",
        f'<p class="stamp">{_e(scope_line(report))}<br>{_e(stamp_line(report))} '
        f"Made {_e(iso_utc(report.generated_at))}.</p>",
    ]
    parts += _pipeline(report)
    parts += _funnel(report)
    parts += _times(report)
    parts += _weekly(report)
    parts += _waiting(report, include_identity)
    parts += _team(report)
    parts += _checks(report)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html(report: Report, path: Path, *, include_identity: bool = True) -> None:
    """Writes :func:`render_html` to ``path``, whole or not at all."""
    write_text_atomically(path, render_html(report, include_identity=include_identity))


def _pipeline(report: Report) -> list[str]:
    titles = [STAGE_TITLES[stage] for stage in PIPELINE_STAGES]
    rows = [
        [row.position.title, *(row.counts[s] for s in PIPELINE_STAGES), row.total]
        for row in report.pipeline
    ]
    foot = ["Total", *(report.stage_totals[s] for s in PIPELINE_STAGES), report.total]
    chart = bar_chart(
        "Applications per stage",
        titles,
        [report.stage_totals[s] for s in PIPELINE_STAGES],
        [STAGE_COLOURS[s] for s in PIPELINE_STAGES],
    )
    return ["<h2>Pipeline</h2>", _table(["Position", *titles, "Total"], rows, foot), chart]


def funnel_lines(steps: Sequence[FunnelStep]) -> list[str]:
    """Each step in words: "Interview: 24 (20% of first review)"."""
    lines = []
    for number, step in enumerate(steps):
        text = f"{FUNNEL_TITLES[step.step]}: {step.count:,}"
        if number and step.of_previous is not None:
            before = FUNNEL_TITLES[steps[number - 1].step].lower()
            text += f" ({percent(step.of_previous)} of {before})"
        lines.append(text)
    return lines


def _funnel(report: Report) -> list[str]:
    steps = [
        (line, s.count) for line, s in zip(funnel_lines(report.funnel), report.funnel, strict=True)
    ]
    rows = [
        [FUNNEL_TITLES[s.step], s.count, percent(s.of_previous), percent(s.of_submitted)]
        for s in report.funnel
    ]
    return [
        "<h2>Funnel</h2>",
        funnel_chart("From submission to acceptance", steps),
        _table(["Step", "Applications", "Of the step before", "Of those submitted"], rows),
    ]


def _durations(value: Durations) -> list[object]:
    return [value.count, days(value.median_days), days(value.p90_days)]


def _times(report: Report) -> list[str]:
    headers = ["Position", "Reviewed", "Median days to review", "90% reviewed within",
               "Decided", "Median days to decide", "90% decided within"]  # fmt: skip
    rows = [
        [t.position.title, *_durations(t.first_review), *_durations(t.decision)]
        for t in (*report.times, report.times_all)
    ]
    return [
        "<h2>Time to first review and to decision</h2>",
        "<p>Days from submission; a decision is accepted or declined.</p>",
        _table(headers, rows),
    ]


def _weekly(report: Report) -> list[str]:
    weekly = report.weekly
    if not weekly.weeks:
        return ["<h2>Applications per week</h2>", "<p>No dated applications.</p>"]
    series: list[tuple[str, Sequence[int], str]] = [
        (line.name, line.counts, "currentColor" if line.total else SERIES_COLOURS[line.series])
        for line in weekly.lines()
    ]
    labels = week_labels(weekly.weeks)
    return ["<h2>Applications per week</h2>", line_chart("Applications per week", labels, series)]


def _waiting(report: Report, include_identity: bool) -> list[str]:
    waiting = report.waiting
    title = f"Waiting more than {report.options.waiting_days} days without a review"
    if not waiting:
        return [f"<h2>{_e(title)}</h2>", "<p>None.</p>"]
    rows = [
        [
            item.name if include_identity else item.id,
            item.position.title,
            f"{item.submitted_at:%Y-%m-%d}",
            item.days_waiting,
        ]
        for item in waiting[:WAITING_SHOWN]
    ]
    more = len(waiting) - len(rows)
    note = f"<p>And {more} more.</p>" if more > 0 else ""
    head = "Applicant" if include_identity else "Application"
    return [
        f"<h2>{_e(title)}: {len(waiting)}</h2>",
        _table([head, "Position", "Submitted", "Days waiting"], rows),
        note,
    ]


def _team(report: Report) -> list[str]:
    rows = [[r.name, r.checks, r.applications, r.notes] for r in report.reviewers]
    backlog = [[p.title, count] for p, count in report.backlog]
    return [
        "<h2>The team</h2>",
        _table(["Reviewer", "Checks", "Applications reviewed", "Notes"], rows)
        if rows
        else "<p>No reviews recorded in the range.</p>",
        "<h2>Backlog: needs review</h2>",
        _table(["Position", "Open applications not fully reviewed"], backlog),
    ]


def _checks(report: Report) -> list[str]:
    if not report.checks:
        return ["<h2>Requirement checks</h2>", "<p>No checks recorded.</p>"]
    rows = [
        [
            f"{c.position.title}: {c.label}",
            c.total,
            percent(c.rate(c.met)),
            percent(c.rate(c.not_met)),
            percent(c.rate(c.unsure)),
        ]
        for c in report.checks
    ]
    return [
        "<h2>Requirement checks</h2>",
        _table(["Check", "Verdicts", "Met", "Not met", "Unsure"], rows),
    ]


__all__ = [
    "WAITING_SHOWN",
    "day_text",
    "days",
    "funnel_lines",
    "percent",
    "render_html",
    "scope_line",
    "stamp_line",
    "write_html",
]
