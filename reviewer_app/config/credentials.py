"""The shared database's password in the system keyring, and which password a connection uses.

The keyring is the platform's: macOS Keychain, Windows Credential Locker, the Secret
Service (GNOME Keyring, KWallet) on Linux. A password is stored under the service
:data:`KEYRING_SERVICE` with the URL without its password as the user name, so a
password only ever goes to the database it was given for.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from reviewer_app.errors import UserError

if TYPE_CHECKING:  # keyring takes 40 ms to import: on first use, not at the window's start
    from keyring.backend import KeyringBackend

KEYRING_SERVICE = "reviewer_app"


class KeyringUnavailable(UserError):
    """The system keyring cannot store or remove a password."""


def split_password(url: str) -> tuple[str, str | None]:
    """Returns ``url`` without its password, and the password (None if it had none)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: "user:pass" half typed reads as a port
        return url, None
    if parsed.password is None:
        return url, None
    # Not parsed.set(password=None): set() ignores None and would keep the password.
    bare = URL.create(
        parsed.drivername,
        parsed.username,
        None,
        parsed.host,
        parsed.port,
        parsed.database,
        parsed.query,
    )
    return bare.render_as_string(hide_password=False), str(parsed.password)


def with_password(url: str, password: str | None) -> str:
    """Returns ``url`` with ``password`` put in (``url`` itself when None)."""
    if password is None:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def takes_password(url: str) -> bool:
    """Whether a password can matter for ``url`` (a server database, not a SQLite file)."""
    try:
        return make_url(url).get_backend_name() != "sqlite"
    except (ArgumentError, ValueError):
        return False


class PasswordStore:
    """Gets, sets and deletes shared database passwords in the system keyring.

    A keyring failure never crashes the app: reading gives no password, writing raises
    :class:`KeyringUnavailable`, and after a failure the store says it is unavailable
    for the rest of the session (so a dismissed unlock prompt is not shown again).

    Args:
        backend: The keyring to use; None finds the system's on first use.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._checked = False
        self._problem: str | None = None
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Whether passwords can be kept in the keyring."""
        return self._usable_backend() is not None

    @property
    def unavailable_reason(self) -> str | None:
        """Why the keyring cannot be used, for the user; None when it can."""
        self._usable_backend()
        return self._problem

    @property
    def name(self) -> str:
        """The keyring's name for the user, e.g. "macOS Keychain"; "" when unavailable."""
        backend = self._usable_backend()
        return "" if backend is None else _friendly_name(backend)

    def get(self, url: str) -> str | None:
        """Returns the password stored for ``url``; None if none is or the keyring fails."""
        backend = self._usable_backend()
        if backend is None:
            return None
        try:
            return backend.get_password(KEYRING_SERVICE, _key(url))
        except Exception as exc:
            # Backends raise their platform's errors (D-Bus, Secret Service, Windows)
            # besides keyring's own: whatever it is, the password is just not there.
            self._fail(exc)
            return None

    def set(self, url: str, password: str) -> None:
        """Stores ``password`` for ``url`` (replacing one stored before).

        Raises:
            KeyringUnavailable: There is no usable keyring, or it refused.
        """
        backend = self._require()
        try:
            backend.set_password(KEYRING_SERVICE, _key(url), password)
        except Exception as exc:
            self._fail(exc)
            raise self._unavailable("cannot store the password") from None

    def delete(self, url: str) -> None:
        """Removes the password stored for ``url``, if there is one.

        Raises:
            KeyringUnavailable: There is no usable keyring, or it refused.
        """
        backend = self._require()
        key = _key(url)
        try:
            if backend.get_password(KEYRING_SERVICE, key) is None:
                return
            backend.delete_password(KEYRING_SERVICE, key)
        except Exception as exc:
            self._fail(exc)
            raise self._unavailable("cannot remove the password") from None

    def _require(self) -> KeyringBackend:
        backend = self._usable_backend()
        if backend is None:
            raise self._unavailable("cannot be used")
        return backend

    def _unavailable(self, what: str) -> KeyringUnavailable:
        return KeyringUnavailable(
            f"The system keyring {what}: {self._problem}. The password is kept for this "
            "session only; to keep it without a keyring, put it in ~/.pgpass."
        )

    def _fail(self, exc: BaseException) -> None:
        with self._lock:
            self._problem = f"{_friendly_name(self._backend)} failed ({_describe(exc)})"

    def _usable_backend(self) -> KeyringBackend | None:
        with self._lock:
            if not self._checked:
                self._checked = True
                self._problem = self._check()
            return self._backend if self._problem is None else None

    def _check(self) -> str | None:
        try:
            import keyring
            from keyring.backends import chainer, fail, null

            if self._backend is None:
                self._backend = keyring.get_keyring()
            backend = self._backend
            if isinstance(backend, fail.Keyring | null.Keyring) or (
                isinstance(backend, chainer.ChainerBackend) and not backend.backends
            ):
                return "no system keyring was found"
            if backend.priority <= 0:
                return f"{_friendly_name(backend)} is not a secure keyring"
        except Exception as exc:
            # Finding the keyring talks to D-Bus on Linux, which may be absent or locked.
            return f"the system keyring cannot be reached ({_describe(exc)})"
        return None


_FRIENDLY_NAMES = {
    "keyring.backends.macOS": "macOS Keychain",
    "keyring.backends.Windows": "Windows Credential Locker",
    "keyring.backends.SecretService": "Secret Service",
    "keyring.backends.libsecret": "Secret Service",
    "keyring.backends.kwallet": "KWallet",
}


def _friendly_name(backend: KeyringBackend | None) -> str:
    if backend is None:
        return "the system keyring"
    module = type(backend).__module__
    return _FRIENDLY_NAMES.get(module, type(backend).__name__)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _key(url: str) -> str:
    # The user name in the keyring: never the password itself.
    return split_password(url.strip())[0]


def choose_password(
    url: str, *, typed: str | None, store: PasswordStore | None, in_url: str | None
) -> str | None:
    """Picks the password to connect to ``url`` with.

    In order: typed this session, the keyring, the one the URL came with (from
    REVIEWER_SHARED_DB or ``--shared``). None leaves it to libpq (``~/.pgpass``).

    Args:
        url: The URL without password.
        typed: Typed in this session, or None.
        store: The keyring, or None to skip it.
        in_url: The password the configured URL held, or None.
    """
    if typed is not None:
        return typed
    if store is not None and takes_password(url):
        stored = store.get(url)
        if stored is not None:
            return stored
    return in_url
