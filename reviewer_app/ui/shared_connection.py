"""The shared database's address for this session, its password kept in memory only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from reviewer_app.shared.database import SharedDatabase


def split_password(url: str) -> tuple[str, str | None]:
    """Returns ``url`` without its password, and the password (None if it had none)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url, None
    if parsed.password is None:
        return url, None
    return parsed.set(password=None).render_as_string(hide_password=False), str(parsed.password)


@dataclass
class SharedConnection:
    """Where the shared database is.

    The password is never written to the settings file: it lives here for the session;
    otherwise libpq finds it in ``~/.pgpass`` or the URL comes from REVIEWER_SHARED_DB.

    Attributes:
        url: The URL without password.
        password: Typed in this session, or None.
        embedded: Whether it is the embedded demo database in the data folder.
    """

    url: str
    password: str | None = None
    embedded: bool = False

    @classmethod
    def from_url(cls, url: str, *, embedded: bool = False) -> SharedConnection:
        """Splits a URL that may hold a password."""
        bare, password = split_password(url)
        return cls(bare, password, embedded)

    def open(self) -> SharedDatabase:
        """Returns a new SharedDatabase (dispose it when done)."""
        url = self.url
        if self.password is not None:
            url = make_url(url).set(password=self.password).render_as_string(hide_password=False)
        return SharedDatabase(url)

    def display(self) -> str:
        """The URL to show (no password)."""
        return "embedded demo database" if self.embedded else self.url
