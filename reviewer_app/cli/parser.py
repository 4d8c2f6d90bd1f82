"""The command line's parser: its commands, their options and their help."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from reviewer_app import __version__
from reviewer_app.cli.assign_command import add_assign_command
from reviewer_app.cli.commands import (
    cmd_demo,
    cmd_erase,
    cmd_export,
    cmd_grant_reviewer,
    cmd_import,
    cmd_migrate,
    cmd_positions,
    cmd_publish,
    cmd_salvage,
    cmd_sync,
)
from reviewer_app.cli.contact_commands import add_contact_commands
from reviewer_app.cli.report_command import add_report_command
from reviewer_app.cli.team_commands import add_team_commands
from reviewer_app.domain.vocabulary import Stage

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
        "With no command, opens the window; with an invitation file "
        "(main.py NAME.reviewer-invite), opens it to join a team.",
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
    output = lint.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON list, one object a file")
    output.add_argument(
        "--table",
        action="store_true",
        help="print each position's checks as label, kind and full text, and its "
        "commitment: what reviewers will see, to proofread",
    )
    lint.set_defaults(handler=cmd_positions)

    _shared_command(
        commands,
        "migrate",
        cmd_migrate,
        help="create or upgrade the shared database schema",
        description="Create or upgrade the shared database schema. A database made by a "
        "newer version of reviewer_app is refused and left unchanged.",
    )

    publish = _shared_command(
        commands,
        "publish",
        cmd_publish,
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
        cmd_import,
        help="import an export of the volunteer form (.xlsx or .csv)",
        description="Import form responses. Idempotent: importing the same file twice "
        "changes nothing. A row without a valid email, (CSV) with fewer cells than the "
        "header, or with a value the database cannot hold (e.g. an over-long response id) "
        "is rejected; rejected rows are written to FILE.rejected.csv with the reason (in "
        "the data folder's rejected/ when FILE's folder is read-only). Applications erased "
        "earlier are skipped and counted as erased. Exits 1 when the file cannot be read "
        "or lacks a name or email column; nothing is imported then.",
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
        cmd_demo,
        help="fill a shared database with realistic synthetic applications",
        description="Migrate the shared database, publish the shipped positions and import "
        "synthetic applications (deterministic for a seed).",
    )
    demo.add_argument("--count", type=int, default=200, metavar="N", help="how many (200)")
    demo.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")

    erase = _shared_command(
        commands,
        "erase",
        cmd_erase,
        help="erase an applicant's data (GDPR erasure request)",
        description="Remove an application and everything attached to it (answers, "
        "checks, notes, decision), leaving a tombstone so that every laptop's cache "
        "drops it at its next sync, and a one-way record (keyed hashes, no personal data) "
        "so that importing the form export again skips it. Says how many other "
        "applications share its email address.",
    )
    erase.add_argument(
        "application_id",
        nargs="?",
        metavar="APPLICATION_ID",
        help="the application's id (the first column of an export) or the form's response id",
    )
    erase.add_argument(
        "--all-for-email",
        action="store_true",
        help="also erase the person's other applications (same email address, normalised); "
        "works with the id of an application erased before, too",
    )
    erase.add_argument(
        "--compact",
        action="store_true",
        help="then give back the space of erased rows so no erased text stays in the "
        "files: VACUUM FULL on PostgreSQL (locks the tables while it runs), VACUUM on "
        "SQLite; alone, compacts only",
    )

    grant = _shared_command(
        commands,
        "grant-reviewer",
        cmd_grant_reviewer,
        help="grant a PostgreSQL role what reviewers need, and no more",
        description="Create (if needed) a PostgreSQL group role that may read applications "
        "and write reviews, but never delete or rewrite applications. Grant it to login "
        "roles with GRANT ROLE TO user.",
    )
    grant.add_argument(
        "role", metavar="ROLE", help="the group role to create or update, e.g. reviewers"
    )
    add_team_commands(commands, _shared_command)
    add_assign_command(commands, _shared_command)

    sync = _shared_command(
        commands,
        "sync",
        cmd_sync,
        help="send this laptop's changes to the shared database and fetch new ones",
        description="Push the reviewer's pending changes, then pull everything changed "
        "since the last sync. When the shared database was restored from a backup, the "
        "changes of this laptop that it lost are sent again and the cache is downloaded "
        "afresh, keeping every pending change. Exits 1 when the shared database cannot be "
        "reached or the connection stalls; the changes stay queued for the next sync.",
    )
    sync.add_argument(
        "--reviewer", metavar="NAME", help="whose changes (default: the name in the settings)"
    )
    sync.add_argument(
        "--json", action="store_true", help="print the counts as JSON on the last line"
    )
    sync.add_argument(
        "--check",
        action="store_true",
        help="change nothing: report what differs (revisions, pending changes, changes "
        "the shared database lost, rows per table)",
    )
    sync.add_argument(
        "--stall-timeout",
        type=_seconds,
        metavar="S",
        help="give up when the shared database sends nothing for S seconds "
        "(default: $REVIEWER_SYNC_STALL_TIMEOUT, else 60; 0: wait for ever)",
    )
    _add_salvage_command(commands)
    _add_export_command(commands)
    add_report_command(commands)
    add_contact_commands(commands)
    return parser


def _add_salvage_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    salvage = commands.add_parser(
        "salvage",
        help="rescue unsynced changes from a damaged local cache into a new one",
        description="Copy the pending changes (the outbox), the record of pushed changes, "
        "unresolved conflicts and drafts out of a damaged local cache, whatever can still "
        "be read, into a new cache; the damaged file is renamed aside, never deleted. "
        "Quit the app first. Then sync: everything else is downloaded again. A cache that "
        "passes SQLite's quick check (the app's own check) is left as it is, and the "
        "command says so.",
    )
    salvage.add_argument("--json", action="store_true", help="print the report as JSON")
    salvage.add_argument(
        "--force",
        action="store_true",
        help="rebuild the cache even when it passes the quick check (which does not compare "
        "indexes with their tables)",
    )
    _add_data_dir(salvage)
    salvage.set_defaults(handler=cmd_salvage)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


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
    export.add_argument(
        "--notes",
        action="store_true",
        help="add a 'Note texts' column: each note as 'author, date: text'",
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
    export.set_defaults(handler=cmd_export)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2024-05-01"
        ) from None
