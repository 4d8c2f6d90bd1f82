"""The team's reviewers and their PostgreSQL logins, managed by the coordinator.

Each reviewer connects as their own LOGIN role, a member of the team's reviewer group
(the ``team_roles`` row of kind "reviewer", made by :func:`roles.grant_reviewer` the
first time); the server maps ``session_user`` to ``reviewers.login`` to know who wrote
what. :func:`add_reviewer` makes or renews a login with a new random password, which is
handed to the caller once and never stored anywhere by the server but as PostgreSQL's
own SCRAM verifier (hashed here, so that not even a server log of the statement holds
it). :func:`remove_reviewer` turns the login off (NOLOGIN) and keeps the reviewer, and
so the attribution of their work. The embedded SQLite database has no logins.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from reviewer_app.domain.emails import email_problem
from reviewer_app.domain.letters import unaccented
from reviewer_app.domain.name_order import name_order
from reviewer_app.domain.vocabulary import utcnow
from reviewer_app.errors import UserError
from reviewer_app.server import roles
from reviewer_app.server.database import SharedDatabase, SharedDatabasePermissionDenied
from reviewer_app.server.models import Reviewer, TeamRole

GROUP_SUFFIX = "_reviewers"
# 24 random bytes: 192 bits, as 32 URL-safe characters (no quote, no space).
PASSWORD_BYTES = 24
# reviewers.name
MAX_NAME_LENGTH = 200
_INSUFFICIENT_PRIVILEGE = "42501"


@dataclass(frozen=True)
class AddedReviewer:
    """What :func:`add_reviewer` did.

    Attributes:
        name: The reviewer's name.
        email: Their email address.
        login: Their PostgreSQL login role.
        group: The team's reviewer group they are a member of.
        password: The login's new password (never in the repr).
        renewed: Whether the login existed already (its old password no longer works).
    """

    name: str
    email: str
    login: str
    group: str
    password: str = field(repr=False)
    renewed: bool


@dataclass(frozen=True)
class RemovedReviewer:
    """What :func:`remove_reviewer` did.

    Attributes:
        name: The reviewer's name.
        login: Their login role, now unable to connect (None: they never had one).
        was_disabled: Whether they had been removed before.
        ended_sessions: How many of their open sessions were terminated.
        left_sessions: How many could not be (no privilege to signal them).
    """

    name: str
    login: str | None
    was_disabled: bool
    ended_sessions: int
    left_sessions: int


@dataclass(frozen=True)
class TeamMember:
    """One reviewer as ``list-reviewers`` shows them."""

    name: str
    email: str | None
    login: str | None
    created_at: datetime
    disabled_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the reviewer may still connect (not removed)."""
        return self.disabled_at is None

    def to_json(self) -> dict[str, Any]:
        """The member as a JSON object (times in ISO 8601)."""
        return {
            "name": self.name,
            "email": self.email,
            "login": self.login,
            "active": self.active,
            "created_at": self.created_at.isoformat(),
            "disabled_at": self.disabled_at.isoformat() if self.disabled_at else None,
        }


# Latin letters that Unicode does not decompose into a base letter and an accent.
def login_from_name(name: str) -> str:
    """The login role derived from a reviewer's name: lower case without accents, other
    characters ``_`` ("Bruno Araújo" is ``bruno_araujo``, not ``bruno_ara_jo``).

    Raises:
        UserError: The result is not a usable role name (the message suggests --login).
    """
    login = re.sub(r"[^a-z0-9_]", "_", unaccented(name.strip().lower()))
    try:
        return roles.validate_role_name(login)
    except UserError:
        raise UserError(
            f"The login {login!r} made from the name {name!r} is not a usable PostgreSQL "
            "role name; choose one with --login (lower-case letters, digits and "
            "underscores, not starting with a digit), e.g. --login alice_smith."
        ) from None


def group_name_for_database(database: str) -> str:
    """The name of a new reviewer group for ``database``: ``<database>_reviewers``."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())
    if not re.match(r"[a-z_]", base) or base.startswith("pg_"):
        base = f"team_{base}"
    return roles.validate_role_name(base[: 63 - len(GROUP_SUFFIX)] + GROUP_SUFFIX)


def list_reviewers(db: SharedDatabase) -> list[TeamMember]:
    """Every reviewer of the shared database, by name (removed ones too)."""
    db.check_schema()
    with db.session() as session:
        found = sorted(session.scalars(select(Reviewer)), key=lambda r: name_order(r.name))
        return [TeamMember(r.name, r.email, r.login, r.created_at, r.disabled_at) for r in found]


def add_reviewer(
    db: SharedDatabase,
    name: str,
    email: str,
    *,
    login: str | None = None,
    deliver: Callable[[AddedReviewer], None] | None = None,
) -> AddedReviewer:
    """Makes (or renews) a reviewer's login with a new password and records the reviewer.

    Args:
        db: A PostgreSQL shared database, connected as its owner or a coordinator.
        name: The reviewer's name, as the team knows them.
        email: Their email address.
        login: Their login role (default: for a known reviewer, theirs; else one made
            from ``name`` by :func:`login_from_name`).
        deliver: Called with the result inside the transaction, before it commits (to
            write the invitation): if it raises, nothing is changed on the server.

    Raises:
        UserError: SQLite; a bad name, email or login; a login that belongs to someone
            else; a role without the privileges to manage logins.
    """
    require_postgresql(db)
    name = name.strip()
    if not name:
        raise UserError("The reviewer's name is empty; give their name, e.g. add-reviewer Alice.")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(
            f"The reviewer's name is {len(name)} characters long; at most {MAX_NAME_LENGTH}."
        )
    problem = email_problem(email.strip())
    if problem is not None:
        raise UserError(f"--email {email!r} is not an email address: {problem}.")
    if login is not None:
        roles.validate_role_name(login)
    db.check_schema()
    group = reviewer_group(db)
    with _permission_denied(db), db.session() as session:
        conn = session.connection()
        reviewer = session.scalar(select(Reviewer).where(Reviewer.name == name))
        login = _choose_login(session, reviewer, name, login)
        role = conn.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = :login"), {"login": login}
        ).first()
        renewed = role is not None
        if role is not None and role.rolsuper:
            raise UserError(
                f"The login {login!r} is a PostgreSQL superuser; a reviewer's login must "
                "not be. Choose another with --login."
            )
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        quoted = conn.dialect.identifier_preparer.quote(login)
        verifier = _scram_verifier(conn, login, password).replace("'", "''")
        verb = "ALTER" if renewed else "CREATE"
        # Not text(): its ":name" parameters would find some in the verifier's base64.
        conn.exec_driver_sql(f"{verb} ROLE {quoted} LOGIN PASSWORD '{verifier}'")
        conn.execute(text(f"GRANT {conn.dialect.identifier_preparer.quote(group)} TO {quoted}"))
        if reviewer is None:
            reviewer = Reviewer(name=name)
            session.add(reviewer)
        reviewer.email = email.strip()
        reviewer.login = login
        reviewer.disabled_at = None
        session.flush()
        added = AddedReviewer(name, email.strip(), login, group, password, renewed)
        if deliver is not None:
            deliver(added)
    return added


def _choose_login(session: Session, reviewer: Reviewer | None, name: str, given: str | None) -> str:
    """The reviewer's login; refuses one that is someone else's on the server."""
    current = reviewer.login if reviewer is not None else None
    if given is not None and current is not None and given != current:
        raise UserError(
            f"{name!r} already has the login {current!r}; run add-reviewer without --login "
            f"(or with --login {current}) to give them a new password."
        )
    login = given or current or login_from_name(name)
    holder = session.scalar(select(Reviewer).where(Reviewer.login == login))
    if holder is not None and holder is not reviewer:
        raise UserError(
            f"The login {login!r} is {holder.name!r}'s; choose another for {name!r} with "
            f"--login, e.g. --login {login}_2."
        )
    if current is None:
        exists = session.connection().execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}
        )
        if exists.first() is not None:
            raise UserError(
                f"A PostgreSQL role {login!r} already exists on this server and is not "
                f"{name!r}'s login (roles are shared by every database of the server); "
                f"choose another login with --login, e.g. --login {login[:55]}_team."
            )
    return login


def _scram_verifier(conn: Connection, login: str, password: str) -> str:
    """The password as PostgreSQL stores it (SCRAM), computed here by libpq."""
    dbapi: Any = conn.connection.dbapi_connection
    verifier = dbapi.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return bytes(verifier).decode("ascii")


def reviewer_group(db: SharedDatabase) -> str:
    """The team's reviewer group, made (by :func:`roles.grant_reviewer`) if it has none."""
    with db.session() as session:
        row = session.get(TeamRole, roles.REVIEWER_KIND)
        group = row.role_name if row is not None else None
        database = str(session.execute(text("SELECT current_database()")).scalar_one())
        exists = (
            group is not None
            and (
                session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :g"), {"g": group})
            ).first()
            is not None
        )
    if group is not None and exists:
        return group
    group = group or group_name_for_database(database)
    with _permission_denied(db):
        # Records the group in team_roles, too.
        roles.grant_reviewer(db, group)
    return group


def remove_reviewer(db: SharedDatabase, name: str) -> RemovedReviewer:
    """Turns a reviewer's login off (NOLOGIN), marks them removed, ends their sessions.

    Their rows stay, attributed to them; ``add-reviewer`` with the same name lets them
    back in with a new password.

    Raises:
        UserError: SQLite; no such reviewer; the role connected is theirs; no privilege.
    """
    require_postgresql(db)
    db.check_schema()
    with _permission_denied(db), db.session() as session:
        conn = session.connection()
        reviewer = session.scalar(select(Reviewer).where(Reviewer.name == name.strip()))
        if reviewer is None:
            raise UserError(
                f"There is no reviewer named {name!r} in {db.url_for_display}; "
                "list-reviewers shows their names."
            )
        login = reviewer.login
        if login is not None:
            me = conn.execute(text("SELECT session_user")).scalar_one()
            if login == me:
                raise UserError(
                    f"{login!r} is the role this command is connected as; run "
                    "remove-reviewer as the database owner or another coordinator."
                )
            if conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login}
            ).first():
                quoted = conn.dialect.identifier_preparer.quote(login)
                conn.execute(text(f"ALTER ROLE {quoted} NOLOGIN"))
        was_disabled = reviewer.disabled_at is not None
        if not was_disabled:
            reviewer.disabled_at = utcnow()
        found_name = reviewer.name
    ended, left = _end_sessions(db, login) if login is not None else (0, 0)
    return RemovedReviewer(found_name, login, was_disabled, ended, left)


def _end_sessions(db: SharedDatabase, login: str) -> tuple[int, int]:
    """Terminates the login's open sessions; returns how many ended and how many not."""
    with db.engine.connect() as conn:
        pids = (
            conn.execute(
                text(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE usename = :login AND pid <> pg_backend_pid()"
                ),
                {"login": login},
            )
            .scalars()
            .all()
        )
        conn.rollback()
        ended = left = 0
        for pid in pids:
            try:
                with conn.begin():
                    done = conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                    ended += bool(done.scalar_one())
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
                    raise
                left += 1
    return ended, left


def require_postgresql(db: SharedDatabase) -> None:
    """Refuses the embedded SQLite database, which has no logins.

    Raises:
        UserError: ``db`` is SQLite (the message says to use PostgreSQL for a team).
    """
    if db.dialect != "postgresql":
        raise UserError(
            f"The shared database {db.url_for_display} is SQLite, which is single-user: "
            "reviewers' logins are a PostgreSQL feature. Give a team a PostgreSQL shared "
            "database (--shared postgresql://owner@host/dbname)."
        )


@contextmanager
def _permission_denied(db: SharedDatabase) -> Iterator[None]:
    # Making logins needs CREATEROLE (a coordinator) or the owner; say so, not SQLSTATE.
    try:
        yield
    except (DBAPIError, SharedDatabasePermissionDenied) as exc:
        if isinstance(exc, DBAPIError) and (
            getattr(exc.orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE
        ):
            raise
        detail = str(exc.orig).splitlines()[0] if isinstance(exc, DBAPIError) else str(exc)
        raise SharedDatabasePermissionDenied(
            f"The role connected to {db.url_for_display} may not manage reviewers' logins "
            f"({detail}). Run this as the database owner or a coordinator (see "
            "grant-coordinator)."
        ) from None
