"""Command line of reviewer_app: ``uv run main.py COMMAND ...``.

Running with no command opens the window (see :mod:`reviewer_app.ui.entry`); the
commands here never import Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from reviewer_app import __version__
from reviewer_app.cache import LocalCache
from reviewer_app.config.credentials import (
    PasswordStore,
    choose_password,
    split_password,
    with_password,
)
from reviewer_app.config.paths import positions_dir
from reviewer_app.config.settings import Settings, default_data_dir, resolve_shared_url
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.errors import UserError
from reviewer_app.export.decisions import ExportOptions, export_decisions, format_utc
from reviewer_app.intake.demo_import import load_demo
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import read_responses, write_rejected
from reviewer_app.positions.parsing import Position, load_positions
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.server.publish import publish_positions
from reviewer_app.server.roles import grant_reviewer
from reviewer_app.sync import Syncer

Handler = Callable[[argparse.Namespace, TextIO], int]


def _add_data_dir(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        # A subcommand's default would overwrite a --data-dir given before the command.
        default=None if top_level else argparse.SUPPRESS,
        help="folder of the local cache and settings (default: the user's data folder)",
    )


def _add_shared(parser: argparse.ArgumentParser, *, required_help: str = "") -> None:
    parser.add_argument(
        "--shared",
        metavar="URL",
        help="shared database URL, e.g. postgresql://user@host/db or sqlite:///file "
        "(default: $REVIEWER_SHARED_DB, then the settings, then the embedded database)"
        + required_help,
    )


def _shared_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    *,
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """Adds a command that works on the shared database (--shared, --data-dir)."""
    parser = commands.add_parser(name, help=help, description=description)
    _add_shared(parser)
    _add_data_dir(parser)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Returns the parser of the whole command line."""
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="Triage applications to volunteer positions. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"reviewer_app {__version__}")
    _add_data_dir(parser, top_level=True)
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="open the window, save a PNG of it to PATH and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = commands.add_parser(
        "positions",
        help="check position description files",
        description="Lint position description files (Markdown with YAML frontmatter). "
        "Exits 1 when any file has an error, or when the folder holds no position files.",
    )
    lint.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="folder of position files (default: the shipped content/positions)",
    )
    lint.add_argument("--json", action="store_true", help="print a JSON list, one object a file")
    lint.set_defaults(handler=_cmd_positions)

    _shared_command(
        commands,
        "migrate",
        _cmd_migrate,
        help="create or upgrade the shared database schema",
        description="Create or upgrade the shared database schema. A database made by a "
        "newer version of reviewer_app is refused and left unchanged.",
    )

    publish = _shared_command(
        commands,
        "publish",
        _cmd_publish,
        help="publish position descriptions to the shared database",
        description="Publish position files: new ones get version 1, changed ones a new "
        "version (applicants keep the version they applied to); files with errors are "
        "refused. Exits 1 when any file is refused.",
    )
    publish.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="folder of position files (default: the shipped content/positions)",
    )

    intake = _shared_command(
        commands,
        "import",
        _cmd_import,
        help="import an export of the volunteer form (.xlsx or .csv)",
        description="Import form responses. Idempotent: importing the same file twice "
        "changes nothing. A row without a valid email, or (CSV) with fewer cells than the "
        "header, is rejected; rejected rows are written to FILE.rejected.csv with the "
        "reason. Exits 1 when the file cannot be read or lacks a name or email column.",
    )
    intake.add_argument("file", type=Path, metavar="FILE", help="the export (.xlsx or .csv)")
    intake.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="TOML file naming the columns, overriding header recognition",
    )
    intake.add_argument(
        "--json", action="store_true", help="print the counts as JSON on the last line"
    )

    demo = _shared_command(
        commands,
        "demo",
        _cmd_demo,
        help="fill a shared database with realistic synthetic applications",
        description="Migrate the shared database, publish the shipped positions and import "
        "synthetic applications (deterministic for a seed).",
    )
    demo.add_argument("--count", type=int, default=200, metavar="N", help="how many (200)")
    demo.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")

    erase = _shared_command(
        commands,
        "erase",
        _cmd_erase,
        help="erase an applicant's data (GDPR erasure request)",
        description="Remove an application and everything attached to it (answers, "
        "checks, notes, decision), leaving a tombstone so that every laptop's cache "
        "drops it at its next sync.",
    )
    erase.add_argument(
        "application_id",
        metavar="APPLICATION_ID",
        help="the application's id (the first column of an export) or the form's response id",
    )

    grant = _shared_command(
        commands,
        "grant-reviewer",
        _cmd_grant_reviewer,
        help="grant a PostgreSQL role what reviewers need, and no more",
        description="Create (if needed) a PostgreSQL group role that may read applications "
        "and write reviews, but never delete or rewrite applications. Grant it to login "
        "roles with GRANT ROLE TO user.",
    )
    grant.add_argument(
        "role", metavar="ROLE", help="the group role to create or update, e.g. reviewers"
    )

    sync = _shared_command(
        commands,
        "sync",
        _cmd_sync,
        help="send this laptop's changes to the shared database and fetch new ones",
        description="Push the reviewer's pending changes, then pull everything changed "
        "since the last sync. Exits 1 when the shared database cannot be reached; the "
        "changes stay queued for the next sync.",
    )
    sync.add_argument(
        "--reviewer", metavar="NAME", help="whose changes (default: the name in the settings)"
    )
    sync.add_argument(
        "--json", action="store_true", help="print the counts as JSON on the last line"
    )
    _add_export_command(commands)
    return parser


@contextmanager
def _shared(args: argparse.Namespace, *, check_schema: bool = True) -> Iterator[SharedDatabase]:
    """Opens the shared database the arguments name, checking its schema unless told not to.

    A URL without a password takes the one the window stored in the system keyring for
    it, if any; else libpq looks in ``~/.pgpass``.
    """
    url, _embedded = resolve_shared_url(args.shared, args.data_dir)
    bare, given = split_password(url)
    password = choose_password(bare, typed=given, store=PasswordStore(), in_url=None)
    db = SharedDatabase(with_password(bare, password))
    try:
        if check_schema:
            db.check_schema()
        yield db
    finally:
        db.dispose()


def _cmd_migrate(args: argparse.Namespace, out: TextIO) -> int:
    with _shared(args, check_schema=False) as db:
        result = db.migrate()
    if result.from_revision == result.to_revision:
        out.write(f"{db.url_for_display}: schema is up to date ({result.to_revision})\n")
    else:
        before = result.from_revision or "empty"
        out.write(f"{db.url_for_display}: migrated {before} -> {result.to_revision}\n")
    return 0


def _cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    directory: Path = args.directory or positions_dir()
    positions = load_positions(directory)
    with _shared(args) as db:
        report = publish_positions(db, positions)
    out.write(report.summary() + "\n")
    return 1 if report.refused else 0


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    result = read_responses(args.file, args.mapping)
    with _shared(args) as db:
        report = import_responses(db, result.responses, rejected=len(result.rejected))
    rejected_file = write_rejected(args.file, result)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for row in result.rejected:
        print(f"rejected: {args.file.name} row {row.row_number}: {row.reason}", file=sys.stderr)
    if rejected_file is not None:
        print(f"rejected rows written to {rejected_file}", file=sys.stderr)
    if args.json:
        out.write(json.dumps(report.counts()) + "\n")
    else:
        out.write(f"{args.file}: {report.summary()}\n")
    return 0


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    if args.count < 0:
        raise UserError("--count must be 0 or more")
    with _shared(args, check_schema=False) as db:
        report = load_demo(db, count=args.count, seed=args.seed)
    out.write(f"{db.url_for_display}: demo data: {report.summary()}\n")
    return 0


def _cmd_erase(args: argparse.Namespace, out: TextIO) -> int:
    with _shared(args) as db:
        report = erase_application(db, args.application_id)
    out.write(f"{report}\n")
    return 0


def _cmd_grant_reviewer(args: argparse.Namespace, out: TextIO) -> int:
    with _shared(args) as db:
        grant_reviewer(db, args.role)
    out.write(
        f"{db.url_for_display}: role {args.role!r} may read applications and write "
        f'reviews; grant it to login roles with: GRANT "{args.role}" TO some_user;\n'
    )
    return 0


def _cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    settings = Settings.load(args.data_dir)
    reviewer = args.reviewer or settings.reviewer_name
    if not reviewer:
        raise UserError(
            "No reviewer name: pass --reviewer NAME, or set your name in the app's settings."
        )
    email = settings.reviewer_email if reviewer == settings.reviewer_name else ""
    # The syncer checks the schema itself, so that every failure is recorded in the cache.
    with _shared(args, check_schema=False) as db, LocalCache.open(args.data_dir) as cache:
        result = Syncer(cache, db, reviewer, email).sync()
    if result.rebuilt:
        print(
            "The local cache did not match the shared database and was downloaded afresh "
            "(your pending changes were kept).",
            file=sys.stderr,
        )
    if args.json:
        out.write(json.dumps(result.counts()) + "\n")
    else:
        out.write(
            f"{db.url_for_display}: pushed {result.pushed}, pulled {result.pulled}, "
            f"deleted {result.deleted}, conflicts {result.conflicts}; "
            f"now at revision {result.revision}\n"
        )
    return 0


def _cmd_positions(args: argparse.Namespace, out: TextIO) -> int:
    directory: Path = args.directory or positions_dir()
    positions = load_positions(directory)
    if not positions:
        raise UserError(
            f"no position files (*.md) in {directory}: nothing was checked. Choose the "
            "folder that holds the position files."
        )
    if args.json:
        json.dump([p.to_json() for p in positions], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_positions_report(directory, positions, out)
    return 1 if any(p.has_errors for p in positions) else 0


def _print_positions_report(directory: Path, positions: list[Position], out: TextIO) -> None:
    for position in positions:
        apply_as = f'  (apply as "{position.apply_as}")' if position.apply_as else ""
        out.write(f"{position.slug}.md: {position.title}{apply_as}\n")
        checks = " · ".join(check.label for check in position.checks) or "none"
        out.write(f"  checks: {checks}\n")
        for problem in position.problems:
            out.write(f"  {problem.severity}: {problem.message}\n")
    errors = sum(p.has_errors for p in positions)
    warnings = sum(1 for p in positions for q in p.problems if q.severity == "warning")
    out.write(
        f"{len(positions)} position file(s) in {directory}: "
        f"{errors} with errors, {warnings} warning(s)\n"
    )


def _add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stages = [stage.value for stage in Stage]
    export = commands.add_parser(
        "export",
        help="write applications and their decisions to a CSV file (works offline)",
        description="Export applications, decisions and requirement checks from the local "
        "cache to one CSV file (columns: docs/export.md). Cells that a spreadsheet would "
        "run as formulas are written as text. Run sync first for the latest data.",
    )
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="the CSV file to write"
    )
    export.add_argument(
        "--position",
        action="append",
        metavar="SLUG",
        help="only this position, any version (repeat for several)",
    )
    export.add_argument(
        "--stage",
        action="append",
        choices=stages,
        metavar="STAGE",
        help=f"only this stage: {', '.join(stages)} (repeat for several; "
        "'new' includes applications without a decision)",
    )
    export.add_argument(
        "--since",
        type=_iso_date,
        metavar="DATE",
        help="only applications submitted on or after DATE (YYYY-MM-DD, UTC)",
    )
    export.add_argument(
        "--no-identity", action="store_true", help="leave out the Name and Email columns"
    )
    encoding = export.add_mutually_exclusive_group()
    encoding.add_argument(
        "--excel",
        dest="excel",
        action="store_true",
        default=True,
        help="UTF-8 with BOM and CRLF line endings, for spreadsheets (default)",
    )
    encoding.add_argument(
        "--plain",
        dest="excel",
        action="store_false",
        help="UTF-8 without BOM and LF line endings, for scripts",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _add_data_dir(export)
    export.set_defaults(handler=_cmd_export)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2024-05-01"
        ) from None


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    options = ExportOptions(
        positions=tuple(args.position or ()),
        stages=tuple(args.stage or ()),
        since=args.since,
        include_identity=not args.no_identity,
        excel=args.excel,
    )
    with LocalCache.open(args.data_dir) as cache:
        report = export_decisions(cache, args.output, options, force=args.force)
    when = (
        f"as of {format_utc(report.as_of)}"
        if report.as_of is not None
        else "never synced — run sync first"
    )
    noun = "application" if report.rows == 1 else "applications"
    out.write(f"Exported {report.rows} {noun} to {report.path} ({when})\n")
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Runs a command line; returns the exit status.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).
        out: Where reports go (default: standard output).
    """
    args = build_parser().parse_args(argv)
    return run_command(args, out or sys.stdout)


def run_command(args: argparse.Namespace, out: TextIO) -> int:
    """Runs the parsed command; user errors are printed, not raised."""
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    handler: Handler = args.handler
    try:
        return handler(args, out)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
