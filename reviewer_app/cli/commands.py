"""What each command of the command line does; user errors are raised, not printed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reviewer_app.cache import LocalCache
from reviewer_app.cache.salvage import salvage_cache
from reviewer_app.cli.data_folder import existing_data_dir
from reviewer_app.config.credentials import (
    PasswordStore,
    choose_password,
    split_password,
    with_password,
)
from reviewer_app.config.databases import cache_folder_for
from reviewer_app.config.paths import positions_dir
from reviewer_app.config.settings import Settings, resolve_shared_url
from reviewer_app.errors import UserError
from reviewer_app.export.decisions import ExportOptions, export_decisions, format_utc
from reviewer_app.intake.demo_import import load_demo, restrict_embedded_database
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import read_responses, write_rejected
from reviewer_app.intake.storable import reject_unstorable
from reviewer_app.positions.parsing import Position, load_positions
from reviewer_app.server.compaction import compact_erased_space
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.server.publish import publish_positions
from reviewer_app.server.roles import grant_reviewer
from reviewer_app.sync import Syncer
from reviewer_app.sync.check import check_sync


def cmd_migrate(args: argparse.Namespace, out: TextIO) -> int:
    with open_shared(args, check_schema=False) as db:
        result = db.migrate()
    if result.from_revision == result.to_revision:
        out.write(f"{db.url_for_display}: schema is up to date ({result.to_revision})\n")
    else:
        before = result.from_revision or "empty"
        out.write(f"{db.url_for_display}: migrated {before} -> {result.to_revision}\n")
    return 0


def cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    directory: Path = args.directory or positions_dir()
    positions = load_positions(directory)
    with open_shared(args) as db:
        report = publish_positions(db, positions)
    out.write(report.summary() + "\n")
    return 1 if report.refused else 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    name = args.file.name
    result = reject_unstorable(read_responses(args.file, args.mapping), args.file, args.mapping)
    warnings = list(result.warnings)
    # Before the database: a folder that cannot take the file (a read-only share) sends
    # it to the data folder, or stops the import before anything is written.
    rejected_file = write_rejected(args.file, result, fallback_dir=args.data_dir, warnings=warnings)
    with open_shared(args) as db:
        report = import_responses(db, result.responses, rejected=len(result.rejected), source=name)
    for warning in warnings + report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.skipped:
        print(f"skipped: {name}: {result.skipped_summary()}", file=sys.stderr)
    for row in result.rejected:
        print(f"rejected: {name} row {row.row_number}: {row.reason}", file=sys.stderr)
    for refused in report.refused:
        print(f"rejected: {name} row {refused.row_number}: {refused.reason}", file=sys.stderr)
    for number in report.erased_rows:
        print(
            f"erased: {name} row {number}: skipped, this application was erased (an "
            "erasure request) and is not imported again",
            file=sys.stderr,
        )
    if rejected_file is not None:
        print(f"rejected rows written to {rejected_file}", file=sys.stderr)
    if args.json:
        out.write(json.dumps(report.counts()) + "\n")
    else:
        where = f"; rejected rows in {rejected_file}" if rejected_file is not None else ""
        out.write(f"{args.file}: {report.summary()}{where}\n")
    return 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    if args.count < 0:
        raise UserError("--count must be 0 or more")
    with open_shared(args, check_schema=False) as db:
        report = load_demo(db, count=args.count, seed=args.seed)
    out.write(f"{db.url_for_display}: demo data: {report.summary()}\n")
    return 0


def cmd_erase(args: argparse.Namespace, out: TextIO) -> int:
    if args.application_id is None and not args.compact:
        raise UserError(
            "Name the application to erase (its id or form response id), or pass "
            "--compact alone to give back the space of earlier erasures."
        )
    with open_shared(args) as db:
        if args.application_id is not None:
            report = erase_application(db, args.application_id, all_for_email=args.all_for_email)
            out.write(f"{report}\n")
        if args.compact:
            out.write(f"{compact_erased_space(db)}\n")
    return 0


def cmd_grant_reviewer(args: argparse.Namespace, out: TextIO) -> int:
    with open_shared(args) as db:
        grant_reviewer(db, args.role)
    out.write(
        f"{db.url_for_display}: role {args.role!r} may read applications and write "
        f'reviews; grant it to login roles with: GRANT "{args.role}" TO some_user;\n'
    )
    return 0


def cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    if args.check:
        return _check_sync(args, out)
    settings = Settings.load(args.data_dir)
    reviewer = args.reviewer or settings.reviewer_name
    if not reviewer:
        raise UserError(
            "No reviewer name: pass --reviewer NAME, or set your name in the app's settings."
        )
    email = settings.reviewer_email if reviewer == settings.reviewer_name else ""
    # The syncer checks the schema itself, so that every failure is recorded in the cache.
    # The cache of this shared database (one per database, see config/databases.py).
    with (
        open_shared(args, check_schema=False) as db,
        LocalCache.open(cache_folder_for(args.data_dir, db)) as cache,
    ):
        syncer = Syncer(cache, db, reviewer, email, stall_timeout_s=args.stall_timeout)
        result = syncer.sync()
    if result.history_lost is not None:
        print(
            f"The shared database has lost changes this laptop had seen ({result.history_lost}"
            "): it was probably restored from a backup. "
            f"{result.recovered} of your changes it no longer had were sent again, and the "
            "local cache was downloaded afresh (your pending changes were kept). Changes "
            "other laptops made since the backup come back when they sync.",
            file=sys.stderr,
        )
        if result.dropped:
            print(
                f"{result.dropped} of your changes concern applications the restored "
                "database no longer has (imported after the backup, or erased): they "
                "could not be applied. Import the form export again to bring the "
                "applications back, then redo those reviews.",
                file=sys.stderr,
            )
    elif result.rebuilt:
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
    if result.anomaly_count:
        print(f"{result.anomaly_count} unexpected row(s) on the shared database:", file=sys.stderr)
        print("".join(f"  {anomaly}\n" for anomaly in result.anomalies), end="", file=sys.stderr)
    return 0


def _check_sync(args: argparse.Namespace, out: TextIO) -> int:
    with open_shared(args) as db, LocalCache.open(cache_folder_for(args.data_dir, db)) as cache:
        report = check_sync(cache, db, args.stall_timeout)
    if args.json:
        out.write(json.dumps(report.to_json()) + "\n")
    else:
        out.write("".join(f"{line}\n" for line in report.lines()))
    return 0


def cmd_salvage(args: argparse.Namespace, out: TextIO) -> int:
    report = salvage_cache(args.data_dir, force=args.force)
    if args.json:
        out.write(json.dumps(report.to_json()) + "\n")
    else:
        out.write("".join(f"{line}\n" for line in report.lines()))
    return 0


def cmd_positions(args: argparse.Namespace, out: TextIO) -> int:
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
        _print_positions_report(directory, positions, out, table=args.table)
    return 1 if any(p.has_errors for p in positions) else 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    options = ExportOptions(
        positions=tuple(args.position or ()),
        stages=tuple(args.stage or ()),
        since=args.since,
        include_identity=not args.no_identity,
        excel=args.excel,
        include_notes=args.notes,
    )
    with LocalCache.open(existing_data_dir(args.data_dir), for_reading=True) as cache:
        report = export_decisions(cache, args.output, options, force=args.force)
    # export_decisions refuses a cache that never synced, so as_of is known here.
    when = f"as of {format_utc(report.as_of)}" if report.as_of is not None else "never synced"
    if report.unsynced:
        when += f"; {report.unsynced} change(s) of yours not synced yet: run sync to share them"
    noun = "application" if report.rows == 1 else "applications"
    out.write(f"Exported {report.rows} {noun} to {report.path} ({when})\n")
    return 0


@contextmanager
def open_shared(args: argparse.Namespace, *, check_schema: bool = True) -> Iterator[SharedDatabase]:
    """Opens the shared database the arguments name, checking its schema unless told not to.

    A URL without a password takes the one the window stored in the system keyring for
    it, if any; else libpq looks in ``~/.pgpass``.
    """
    url, embedded = resolve_shared_url(args.shared, args.data_dir)
    if embedded:
        # Its folder too (the file itself SharedDatabase checks); the notes are logged,
        # which prints them.
        restrict_embedded_database(args.data_dir)
    bare, given = split_password(url)
    password = choose_password(bare, typed=given, store=PasswordStore(), in_url=None)
    db = SharedDatabase(with_password(bare, password))
    try:
        if check_schema:
            db.check_schema()
        yield db
    finally:
        db.dispose()


def _print_positions_report(
    directory: Path, positions: list[Position], out: TextIO, *, table: bool = False
) -> None:
    width = max([len("label"), *(len(c.label) for p in positions for c in p.checks)])
    for position in positions:
        apply_as = f'  (apply as "{position.apply_as}")' if position.apply_as else ""
        out.write(f"{position.slug}.md: {position.title}{apply_as}\n")
        if table:
            _print_checks_table(position, width, out)
        else:
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


def _print_checks_table(position: Position, width: int, out: TextIO) -> None:
    """Prints the checks as reviewers will see them: label, kind and the full text."""
    if position.checks:
        out.write(f"  {'label':<{width}}  {'kind':<10}  full text\n")
    else:
        out.write("  no checks\n")
    for check in position.checks:
        out.write(f"  {check.label:<{width}}  {check.kind:<10}  {check.text}\n")
    # As the page states them: "10 h/month", "12 weeks".
    rate, stay = position.commitment.rate_text, position.commitment.stay_text
    stated = [f"{text} minimum" for text in (rate, stay) if text is not None]
    out.write(f"  commitment: {', '.join(stated) or 'no minimum stated'}\n")
    for item in position.preferred:
        out.write(f"  nice to have: {item}\n")
