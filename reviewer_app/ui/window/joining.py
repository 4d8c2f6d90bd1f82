"""Where the window's data comes from, and joining a database once the reviewer chose one.

A :class:`Joined` is a database the join dialog checked (or the demo); :func:`apply_join`
keeps its password, saves it in the settings and remembers it, after which the window
switches to its cache (see ``database_switch.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from reviewer_app.config.credentials import KeyringUnavailable, PasswordStore
from reviewer_app.config.databases import Databases
from reviewer_app.config.settings import SHARED_URL_ENV, Settings

DEMO = "Demo data"
POSTGRES_DRIVER = "postgresql+psycopg"
# PostgreSQL's own port: a URL on it is named without it.
POSTGRESQL_PORT = 5432


@dataclass(frozen=True)
class DataSource:
    """Where the data the window shows comes from.

    Attributes:
        url: The shared database's URL without password; "" for the embedded demo.
        label: The team's database as people call it: "TEAM (host/database)".
        login: The login the laptop connects as.
        override: Why the settings do not choose the database ("REVIEWER_SHARED_DB is
            set"), or None when they do.
    """

    url: str = ""
    label: str = ""
    login: str = ""
    override: str | None = None

    @property
    def embedded(self) -> bool:
        """Whether it is the demo database on this computer."""
        return not self.url

    def describe(self) -> str:
        """ "Demo data" or "Team: NAME (host/database) as LOGIN"."""
        if self.embedded:
            return DEMO
        label = self.label or server_label(self.url)
        return f"Team: {label} as {self.login}" if self.login else f"Team: {label}"


@dataclass(frozen=True)
class Joined:
    """A database the reviewer chose, its connection checked; or the demo (``url`` "").

    Attributes:
        url: Without password.
        instance_id: The shared database's instance id (None for the demo).
        label: "TEAM (host/database)".
        login: The login connected as.
        reviewer_name: The reviewer's name: the server's for the login, or typed (demo).
        reviewer_email: The reviewer's email ("" keeps the one in the settings).
        password: The password to connect with, or None.
    """

    url: str
    instance_id: str | None = None
    label: str = ""
    login: str = ""
    reviewer_name: str = ""
    reviewer_email: str = ""
    password: str | None = field(default=None, repr=False)

    @property
    def source(self) -> DataSource:
        """What the window says of it once joined."""
        return DataSource(self.url, self.label, self.login)


def override_reason(cli_value: str | None = None) -> str | None:
    """Why the settings' database is not the one used: ``--shared`` or the environment."""
    if cli_value:
        return "--shared on the command line sets the database for this session."
    if os.environ.get(SHARED_URL_ENV):
        return (
            f"{SHARED_URL_ENV} is set, so it chooses the database; unset it to choose another here."
        )
    return None


def server_url(host: str, port: int, database: str, login: str) -> str:
    """The URL of a PostgreSQL database (no password)."""
    return URL.create(
        POSTGRES_DRIVER, username=login or None, host=host, port=port, database=database
    ).render_as_string(hide_password=False)


def server_label(url: str) -> str:
    """ "host/database" of a URL, for a database nobody named ("host:port/..." off 5432).

    Two teams' servers on one host, on other ports, are told apart.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return url
    host = parsed.host or "localhost"
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    if parsed.port is not None and parsed.port != POSTGRESQL_PORT:
        host = f"{host}:{parsed.port}"
    return f"{host}/{parsed.database or ''}"


def url_login(url: str) -> str:
    """The login a URL connects as ("" if none)."""
    try:
        return make_url(url).username or ""
    except (ArgumentError, ValueError):
        return ""


def keep_password(passwords: PasswordStore | None, joined: Joined) -> str | None:
    """Stores the password of ``joined`` in the system keyring, where there is one.

    Returns:
        What the reviewer should know when it could not be stored (kept for this
        session only), or None.
    """
    if not joined.url or joined.password is None:
        return None
    if passwords is None or not passwords.available:
        reason = passwords.unavailable_reason if passwords is not None else None
        return (
            f"The system keyring is not available ({reason or 'not set up'}): the password "
            "is kept for this session only. Open the invitation again next time, or put "
            "the password in ~/.pgpass."
        )
    try:
        passwords.set(joined.url, joined.password)
    except KeyringUnavailable as exc:
        return str(exc)
    return None


def apply_join(
    data_dir: Path,
    settings: Settings,
    joined: Joined,
    passwords: PasswordStore | None,
    *,
    remember_password: bool = True,
) -> tuple[Settings, str | None]:
    """Keeps the password, saves the database in the settings and remembers it.

    Args:
        remember_password: False keeps the password for this session only, even with a
            keyring (the reviewer unchecked "Remember").

    Returns:
        The new settings, and what the reviewer should know about the password (None
        when it is in the keyring or there is none).

    Raises:
        UserError: The settings or the list of databases cannot be saved.
    """
    if remember_password:
        note = keep_password(passwords, joined)
    else:
        note = None if joined.password is None else "The password is kept until you quit."
    # A team's name for the reviewer is remembered with its database; the settings' name
    # stays the demo's (its cache is claimed by it), unless there was none yet.
    demo = not joined.url
    new = replace(
        settings,
        shared_url=joined.url,
        reviewer_name=(
            joined.reviewer_name if demo or not settings.reviewer_name else settings.reviewer_name
        )
        or settings.reviewer_name,
        reviewer_email=joined.reviewer_email or settings.reviewer_email,
    )
    new.save(data_dir)
    if not demo and joined.instance_id is not None:
        Databases(data_dir).remember(
            joined.url,
            joined.instance_id,
            label=joined.label,
            login=joined.login,
            reviewer_name=joined.reviewer_name or new.reviewer_name,
        )
    return new, note
