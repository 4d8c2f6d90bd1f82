"""The coordinator's commands that manage the team: logins, invitations, coordinators."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import URL

from reviewer_app.cli.commands import open_shared
from reviewer_app.cli.terminal_text import display_width
from reviewer_app.config.invitation import (
    Invitation,
    InvitationError,
    invitation_file_name,
    read_invitation,
    write_invitation,
)
from reviewer_app.errors import UserError
from reviewer_app.server.host_names import host_problem
from reviewer_app.server.roles import grant_coordinator
from reviewer_app.server.team import (
    AddedReviewer,
    TeamMember,
    add_reviewer,
    list_reviewers,
    remove_reviewer,
    require_postgresql,
    reviewer_group,
)

Handler = Callable[[argparse.Namespace, TextIO], int]
SharedCommand = Callable[..., argparse.ArgumentParser]

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
DEFAULT_PORT = 5432


def cmd_add_reviewer(args: argparse.Namespace, out: TextIO) -> int:
    folder: Path = args.out or Path.cwd()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--out {folder} is a file; give the folder to write the invitation in.")
    path = folder / invitation_file_name(args.name)
    with open_shared(args, check_schema=False) as db:
        require_postgresql(db)
        url = db.engine.url
        host, port = _public_address(url, args.public_host)

        # Written before the commit, put in place after it: if either fails, the server
        # and the file (a former invitation too) stay as they were.
        pending = path.with_name(f".{path.name}.pending")

        def deliver(added: AddedReviewer) -> None:
            invitation = _invitation(url, added, host, port, args.team)
            _refuse_foreign_file(path, invitation)
            write_invitation(pending, invitation)

        try:
            added = add_reviewer(db, args.name, args.email, login=args.login, deliver=deliver)
            os.replace(pending, path)
        finally:
            # On a read-only or vanished folder the write failed first: its error is
            # the one to tell.
            with suppress(OSError):
                pending.unlink(missing_ok=True)
        where = db.url_for_display
    if host in _LOCAL_HOSTS:
        print(
            f"warning: the invitation says host {host}: it works on this computer only. For "
            "reviewers on other computers, run again with --public-host HOST[:PORT].",
            file=sys.stderr,
        )
    if added.renewed:
        out.write(
            f"{added.name}'s login {added.login!r} has a new password: their old "
            "invitation no longer works.\n"
        )
    out.write(
        f"{added.name} ({added.email}) may connect to {where} as {added.login!r}, a member "
        f"of {added.group!r}.\n"
        f"Invitation written to {path}. It holds {added.login}'s password: send it to "
        f"{added.name} by a private channel (not a shared folder or a group chat), then "
        "delete your copy.\n"
    )
    return 0


def _public_address(url: URL, public: str | None) -> tuple[str, int]:
    """The host and port reviewers connect to: --public-host, else the URL's."""
    if public:
        host, port = _split_host_port(public)
        return host, port or url.port or DEFAULT_PORT
    if not url.host:
        raise UserError(
            "The shared database URL has no host (a local socket), which reviewers cannot "
            "reach; give the host they connect to with --public-host HOST[:PORT]."
        )
    return url.host, url.port or DEFAULT_PORT


def _split_host_port(text: str) -> tuple[str, int | None]:
    text = text.strip()
    host, port_text = text, ""
    if text.startswith("["):  # [IPv6]:port
        host, _, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    problem = host_problem(host) if host else None
    if problem is not None:
        raise UserError(f"--public-host {text!r}: the host name {problem}.")
    if not host or any(c.isspace() or c in "/@" for c in host):
        raise UserError(
            f"--public-host {text!r} is not a host name or address; give it as HOST or "
            "HOST:PORT, e.g. db.example.org:5432."
        )
    if not port_text:
        return host, None
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise UserError(f"--public-host {text!r}: the port must be a number from 1 to 65535.")
    return host, int(port_text)


def _invitation(
    url: URL, added: AddedReviewer, host: str, port: int, team: str | None
) -> Invitation:
    database = url.database or ""
    sslmode = url.query.get("sslmode")
    certificate = url.query.get("sslrootcert")
    return Invitation(
        team=(team or "").strip() or database,
        host=host,
        port=port,
        database=database,
        login=added.login,
        password=added.password,
        sslmode=sslmode if isinstance(sslmode, str) else None,
        sslrootcert=_read_certificate(certificate) if isinstance(certificate, str) else None,
    )


def _read_certificate(path: str) -> str | None:
    """The PEM text of the CA certificate the URL names, to put in the invitation."""
    if path in ("system", ""):  # libpq's "the system's store": nothing to carry
        return None
    try:
        return Path(path).expanduser().read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            f"Cannot read the CA certificate {path} that the URL's sslrootcert names "
            f"({exc}); the invitation needs its text. Fix the path in the URL."
        ) from None


def _refuse_foreign_file(path: Path, invitation: Invitation) -> None:
    """Refuses to replace a file other than this reviewer's earlier invitation."""
    if not path.exists():
        return
    try:
        earlier = read_invitation(path)
    except InvitationError:
        earlier = None
    if earlier is not None and (earlier.login, earlier.database) == (
        invitation.login,
        invitation.database,
    ):
        return  # their own earlier invitation, whose password stops working now
    raise UserError(
        f"{path} exists and is not {invitation.login}'s invitation to {invitation.database}; "
        "nothing was changed. Move it away, or write to another folder with --out DIR."
    )


def cmd_remove_reviewer(args: argparse.Namespace, out: TextIO) -> int:
    with open_shared(args, check_schema=False) as db:
        removed = remove_reviewer(db, args.name)
    if removed.login is None:
        out.write(f"{removed.name} had no login; they are marked removed.\n")
    else:
        again = " (already removed before)" if removed.was_disabled else ""
        out.write(
            f"{removed.name}'s login {removed.login!r} can no longer connect{again}; "
            f"{removed.ended_sessions} open session(s) ended.\n"
        )
    if removed.left_sessions:
        print(
            f"warning: {removed.left_sessions} open session(s) of {removed.login!r} could "
            "not be ended (this role may not signal them) and can go on working until they "
            "disconnect. A superuser can end them: SELECT pg_terminate_backend(pid) FROM "
            f"pg_stat_activity WHERE usename = '{removed.login}';",
            file=sys.stderr,
        )
    out.write(
        "Their checks, notes and decisions stay, attributed to them. To let them back in, "
        f"run add-reviewer {removed.name!r} again (a new invitation).\n"
    )
    return 0


def cmd_list_reviewers(args: argparse.Namespace, out: TextIO) -> int:
    with open_shared(args) as db:
        members = list_reviewers(db)
    if args.json:
        out.write(json.dumps([member.to_json() for member in members], ensure_ascii=False) + "\n")
        return 0
    for line in _member_lines(members):
        out.write(line + "\n")
    active = sum(member.active for member in members)
    out.write(f"{len(members)} reviewer(s), {active} active\n")
    return 0


def _member_lines(members: list[TeamMember]) -> list[str]:
    """One line per reviewer, its name, email, login and status in aligned columns."""
    rows = [
        (
            member.name,
            f"<{member.email or '(no email)'}>",
            f"login {member.login or '(no login)'}",
            "active"
            if member.disabled_at is None
            else f"disabled {member.disabled_at:%Y-%m-%d %H:%M} UTC",
            f"added {member.created_at:%Y-%m-%d}",
        )
        for member in members
    ]
    widths = [max((display_width(row[i]) for row in rows), default=0) for i in range(4)]
    return [
        "  ".join(
            [
                cell + " " * (width - display_width(cell))
                for cell, width in zip(row[:-1], widths, strict=True)
            ]
            + [row[-1]]
        )
        for row in rows
    ]


def cmd_grant_coordinator(args: argparse.Namespace, out: TextIO) -> int:
    with open_shared(args) as db:
        grant_coordinator(db, args.role)
        # Made now, by the owner: a coordinator could not make it at their first add-reviewer.
        group = reviewer_group(db)
    out.write(
        f"{db.url_for_display}: role {args.role!r} may import, publish, erase, and add and "
        "remove reviewers; reviewers may do none of these. The database owner gives it to "
        "a person's login with:\n"
        f'  GRANT "{args.role}" TO their_login;\n'
        "and, so that they may make and disable reviewers' logins (a superuser's step, as "
        "PostgreSQL does not pass role attributes through groups):\n"
        "  ALTER ROLE their_login CREATEROLE;\n"
        f'  GRANT "{group}" TO their_login WITH ADMIN OPTION;\n'
    )
    return 0


def add_team_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    shared_command: SharedCommand,
) -> None:
    """Adds add-reviewer, remove-reviewer, list-reviewers and grant-coordinator."""
    add = shared_command(
        commands,
        "add-reviewer",
        cmd_add_reviewer,
        help="give a reviewer a PostgreSQL login and write their invitation file",
        description="Create a PostgreSQL login for a reviewer, with a new random password, "
        "member of the team's reviewer group (made the first time), record the reviewer, "
        "and write their invitation file NAME.reviewer-invite (owner-only): send it to them "
        "by a private channel. Run again for the same reviewer to give them a new password "
        "(their old invitation stops working). Run as the database owner or a coordinator; "
        "PostgreSQL only.",
    )
    add.add_argument("name", metavar="NAME", help="the reviewer's name, e.g. Alice")
    add.add_argument("--email", required=True, metavar="EMAIL", help="their email address")
    add.add_argument(
        "--login",
        metavar="LOGIN",
        help=(
            "their PostgreSQL login (default: made from NAME: lower case, accents dropped, "
            "other characters _)"
        ),
    )
    add.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the invitation (default: here)"
    )
    add.add_argument(
        "--public-host",
        metavar="HOST[:PORT]",
        help="the server's address as reviewers reach it (default: the URL's host and port)",
    )
    add.add_argument(
        "--team", metavar="NAME", help="the team's name in the window (default: the database's)"
    )

    remove = shared_command(
        commands,
        "remove-reviewer",
        cmd_remove_reviewer,
        help="disable a reviewer's login (their work stays, attributed to them)",
        description="Disable a reviewer's PostgreSQL login (NOLOGIN) and end their open "
        "sessions. Their checks, notes and decisions stay, attributed to them; "
        "add-reviewer lets them back in with a new invitation.",
    )
    remove.add_argument("name", metavar="NAME", help="the reviewer's name")

    listing = shared_command(
        commands,
        "list-reviewers",
        cmd_list_reviewers,
        help="list the team's reviewers and their logins",
        description="List every reviewer: name, email, login, active or disabled, and when "
        "they were added.",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list")

    coordinator = shared_command(
        commands,
        "grant-coordinator",
        cmd_grant_coordinator,
        help="grant a PostgreSQL role what coordinators need",
        description="Create (if needed) a PostgreSQL group role that may import, publish, "
        "erase and manage reviewers' logins, and record it as the team's coordinator role. "
        "The database owner then grants it to a person's login with GRANT ROLE TO user.",
    )
    coordinator.add_argument(
        "role", metavar="ROLE", help="the group role to create or update, e.g. coordinators"
    )
