"""The shared database's address for this session; its password never leaves memory or keyring."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewer_app.config.connection_check import ConnectionReport, check_connection
from reviewer_app.config.credentials import (
    PasswordStore,
    choose_password,
    split_password,
    with_password,
)

if TYPE_CHECKING:  # the server's models take 40 ms to import: not on the window's start
    from reviewer_app.server.database import SharedDatabase

__all__ = ["SharedConnection", "split_password"]


@dataclass
class SharedConnection:
    """Where the shared database is, and where its password comes from.

    The password is never written to the settings file. It is, in order: typed in this
    session, in the system keyring, in the URL from REVIEWER_SHARED_DB (or ``--shared``),
    or left to libpq, which reads ``~/.pgpass``.

    Attributes:
        url: The URL without password.
        password: Typed in this session, or None.
        embedded: Whether it is the embedded demo database in the data folder.
        url_password: The password the configured URL held, or None.
        passwords: The system keyring, or None to never look there.
    """

    url: str
    password: str | None = field(default=None, repr=False)
    embedded: bool = False
    url_password: str | None = field(default=None, repr=False)
    passwords: PasswordStore | None = field(default=None, repr=False)

    @classmethod
    def from_url(
        cls, url: str, *, embedded: bool = False, passwords: PasswordStore | None = None
    ) -> SharedConnection:
        """Splits a URL that may hold a password (from the environment or an option)."""
        bare, password = split_password(url)
        return cls(bare, embedded=embedded, url_password=password, passwords=passwords)

    def open(self) -> SharedDatabase:
        """Returns a new SharedDatabase (dispose it when done).

        Reads the keyring, so call it off the GUI thread: it may wait for an unlock prompt.
        """
        from reviewer_app.server.database import SharedDatabase  # not on the window's start

        password = choose_password(
            self.url, typed=self.password, store=self.passwords, in_url=self.url_password
        )
        return SharedDatabase(with_password(self.url, password))

    def check(self, *, timeout_s: float = 10) -> ConnectionReport:
        """Tests the connection with the password :meth:`open` would use (see
        :func:`~reviewer_app.config.connection_check.check_connection`).

        Reads the keyring and waits on the network: call it off the GUI thread.
        """
        password = choose_password(
            self.url, typed=self.password, store=self.passwords, in_url=self.url_password
        )
        return check_connection(self.url, password, timeout_s=timeout_s)

    def display(self) -> str:
        """The URL to show (no password)."""
        return "embedded demo database" if self.embedded else self.url
