"""The ``report`` command: the pipeline's figures from the local cache (works offline).

``report`` prints a summary; ``--json`` the figures as one JSON object
(``docs/reports.md``); ``--csv DIR`` one CSV file per table; ``--html FILE`` one
self-contained HTML file for the board. All show the same :class:`Report` as the
window's Reports.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TextIO

from reviewer_app.cache import LocalCache
from reviewer_app.cli.data_folder import existing_data_dir
from reviewer_app.errors import UserError
from reviewer_app.export.files import check_target
from reviewer_app.reports import ReportOptions, compute_report, report_to_json
from reviewer_app.reports.csv_files import CSV_FILES, write_csv_folder
from reviewer_app.reports.figures import DEFAULT_WAITING_DAYS, FUNNEL_TITLES, STAGE_TITLES, Report
from reviewer_app.reports.html import percent, scope_line, stamp_line, write_html


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Computes the report the arguments ask for and prints or writes it."""
    options = ReportOptions(
        start=args.start,
        end=args.end,
        position=args.position,
        waiting_days=args.waiting_days,
    )
    include_identity = not args.no_identity
    with LocalCache.open(existing_data_dir(args.data_dir), for_reading=True) as cache:
        if args.html is not None:
            # As an export's: never a folder, device, pipe, database or the cache.
            check_target(args.html, force=args.force, cache_file=cache.path)
        elif args.csv is not None:
            _check_csv_folder(args.csv, force=args.force, cache_file=cache.path)
        report = compute_report(cache, options)
    if args.json:
        json.dump(report_to_json(report, include_identity=include_identity), out, indent=2)
        out.write("\n")
    elif args.csv is not None:
        files = write_csv_folder(report, args.csv, include_identity=include_identity)
        out.write(f"Wrote {len(files)} CSV files to {args.csv} ({stamp_line(report)})\n")
    elif args.html is not None:
        try:
            write_html(report, args.html, include_identity=include_identity)
        except OSError as exc:
            raise UserError(
                f"Cannot write {args.html}: {exc.strerror or exc}. Check that you may write "
                "to the folder and that the disk is not full; any previous file there is "
                "unchanged."
            ) from exc
        out.write(f"Wrote {args.html} ({stamp_line(report)})\n")
    else:
        out.write(summary(report))
    return 0


def _check_csv_folder(folder: Path, *, force: bool, cache_file: Path) -> None:
    """Raises a UserError if the report's files may not be written into ``folder``.

    Each file is checked as an export's (never through a link, onto a device, a database
    or the cache); files of an earlier report are replaced only with ``force``.
    """
    if not folder.is_dir():
        return  # made by write_csv_folder, or refused there if it is a file
    for name in CSV_FILES:
        check_target(folder / name, force=True, cache_file=cache_file)
    existing = [name for name in CSV_FILES if (folder / name).exists()]
    if existing and not force:
        raise UserError(
            f"{folder} already holds {', '.join(existing)}; choose another folder, or use "
            "--force to replace them."
        )


def summary(report: Report) -> str:
    """The report in a few lines for the terminal."""
    lines = [f"Applications: {report.total} ({scope_line(report)})", stamp_line(report)]
    stages = ", ".join(
        f"{STAGE_TITLES[stage]} {count}" for stage, count in report.stage_totals.items() if count
    )
    lines.append(f"By stage: {stages or 'none'}")
    lines.append(
        "Funnel: "
        + " → ".join(f"{FUNNEL_TITLES[s.step]} {s.count}" for s in report.funnel)
        + f" ({percent(report.funnel[-1].of_submitted)} accepted)"
    )
    times = report.times_all
    if times.first_review.median_days is not None:
        lines.append(
            f"Days to first review: median {times.first_review.median_days:g}, "
            f"90% within {times.first_review.p90_days:g}"
        )
    if times.decision.median_days is not None:
        lines.append(
            f"Days to decision: median {times.decision.median_days:g}, "
            f"90% within {times.decision.p90_days:g}"
        )
    lines.append(
        f"Waiting more than {report.options.waiting_days} days without a review: "
        f"{len(report.waiting)}"
    )
    return "".join(f"{line}\n" for line in lines)


def add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``report`` to the command line's subcommands."""
    report = commands.add_parser(
        "report",
        help="pipeline, funnel, waiting times and the team's load (works offline)",
        description="Report on the applications in the local cache, as of its last sync: "
        "counts per position and stage, the funnel, time to first review and to "
        "decision, the applications waiting without a review, each reviewer's work, "
        "the requirement checks' results and applications per week (docs/reports.md). "
        "Run sync first for the latest data.",
    )
    report.add_argument(
        "--from",
        dest="start",
        type=_iso_date,
        metavar="DATE",
        help="only applications submitted on or after DATE (YYYY-MM-DD, UTC); reviewers' "
        "work done on or after it",
    )
    report.add_argument(
        "--to",
        dest="end",
        type=_iso_date,
        metavar="DATE",
        help="only applications submitted on or before DATE (the whole day, UTC)",
    )
    report.add_argument("--position", metavar="SLUG", help="only this position, any version")
    report.add_argument(
        "--waiting-days",
        type=_days,
        default=DEFAULT_WAITING_DAYS,
        metavar="N",
        help=f"list applications unreviewed for more than N days ({DEFAULT_WAITING_DAYS})",
    )
    report.add_argument(
        "--no-identity",
        action="store_true",
        help="leave the applicants' names out of the waiting list",
    )
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the figures as JSON")
    output.add_argument(
        "--csv", type=Path, metavar="DIR", help="write one CSV file per table into DIR"
    )
    output.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="write one self-contained HTML file (charts inside, opens offline)",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="replace the --html file, or the --csv files, if they exist",
    )
    report.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder of the local cache and settings (default: the user's data folder)",
    )
    report.set_defaults(handler=cmd_report)


_FIRST_YEAR = 1900
_LAST_YEAR = 9000


def _iso_date(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-03-01"
        ) from None
    # A report counts whole days after its end and weeks around it: far years overflow.
    if not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range; give a date between {_FIRST_YEAR} and {_LAST_YEAR}"
        )
    return value


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (0 or more)")
    return value


__all__ = ["add_report_command", "cmd_report", "summary"]
