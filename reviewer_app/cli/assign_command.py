"""``assign``: assign a position's applications to reviewers, all or balanced.

Works on the shared database, like the team commands; the laptops see the assignments
at their next sync. An unknown reviewer, position or stage is refused with exit status
2 and nothing written.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from typing import TextIO

from reviewer_app.cli.commands import open_shared
from reviewer_app.config.settings import Settings
from reviewer_app.server.assignments import AssignRefused, assign_in_bulk, parse_stage

SharedCommand = Callable[..., argparse.ArgumentParser]

REFUSED = 2
"""The exit status of a refused assignment (nothing written)."""


def reviewer_names(text: str) -> list[str]:
    """The names of one ``--to``: comma-separated, a name holding a comma in double quotes.

    The rules of a CSV line, so ``Ana, "Smith, Jane"`` is two names and a quote inside a
    name (``Jo "JJ" Lee``) stays as typed.
    """
    try:
        (fields,) = csv.reader([text], skipinitialspace=True, strict=True)
    except (csv.Error, ValueError):
        raise argparse.ArgumentTypeError(
            f"cannot read the names in {text!r}: put a name that holds a comma in double "
            "quotes, closed before the next comma, e.g. --to '\"Smith, Jane\",Bo'"
        ) from None
    return [name.strip() for name in fields if name.strip()]


def cmd_assign(args: argparse.Namespace, out: TextIO) -> int:
    """Runs ``assign``; prints what it did."""
    try:
        stage = parse_stage(args.stage)
        names = args.to
        with open_shared(args) as db:
            done = assign_in_bulk(
                db,
                args.position,
                names,
                stage=stage,
                balance=args.balance,
                assigned_by=Settings.load(args.data_dir).reviewer_name or None,
            )
    except AssignRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return REFUSED
    scope = args.position + (f" at stage {stage.value}" if stage is not None else "")
    total = sum(done.assigned.values())
    out.write(f"{done.matched} applications of {scope}; {total} new assignments.\n")
    for name in done.assigned:
        line = f"  {name}: {done.assigned[name]} assigned"
        if done.already.get(name):
            line += f", {done.already[name]} already"
        out.write(line + "\n")
    if args.balance and done.skipped:
        out.write(f"  {done.skipped} already assigned to someone: left as they were.\n")
    return 0


def add_assign_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    shared_command: SharedCommand,
) -> None:
    """Adds ``assign``."""
    assign = shared_command(
        commands,
        "assign",
        cmd_assign,
        help="assign a position's applications to reviewers (all, or --balance)",
        description="Assign every application of a position (any version), or only those "
        "at one stage, to every named reviewer; with --balance, deal the applications "
        "nobody is assigned to round-robin in submission order, so that each reviewer "
        "gets as many as the next, give or take one. Prints what it did. An unknown "
        "reviewer, position or stage writes nothing and exits 2.",
    )
    assign.add_argument("--position", required=True, metavar="SLUG", help="the position's slug")
    assign.add_argument(
        "--to",
        required=True,
        action="extend",
        type=reviewer_names,
        metavar="NAME[,NAME...]",
        help="the reviewers, comma-separated, or the option repeated (--to Ana --to Bo); "
        "a name that holds a comma goes in double quotes, which the shell needs quoted "
        """in turn: --to '"Smith, Jane"' or --to 'Ana,"Smith, Jane"'""",
    )
    assign.add_argument(
        "--stage", metavar="S", help="only applications at this stage (e.g. new, screening)"
    )
    assign.add_argument(
        "--balance",
        action="store_true",
        help="spread the unassigned applications evenly instead of assigning all to all",
    )
