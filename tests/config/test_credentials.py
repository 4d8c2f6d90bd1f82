"""Tests of reviewer_app.config.credentials:

Passwords in the system keyring, and which one is used.
"""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.compat import properties
from keyring.errors import KeyringError, KeyringLocked
from sqlalchemy.engine import make_url

from reviewer_app.config.credentials import (
    KEYRING_SERVICE,
    KeyringUnavailable,
    PasswordStore,
    choose_password,
    split_password,
    takes_password,
    with_password,
)

URL = "postgresql://ana@db.example.org/reviews"
OTHER_URL = "postgresql://ana@other.example.org/reviews"


class LockedKeyring(KeyringBackend):
    """A keyring that looks usable but fails every operation, like a locked Secret Service."""

    priority = 1

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        raise self.error


class EmptyChainer(chainer.ChainerBackend):
    """keyring's chainer on a machine where it found nothing to chain."""

    backends = ()


class NoPasswords(KeyringBackend):
    """A backend that never holds a password; the base of those below."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("an unusable keyring was written to")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("an unusable keyring was written to")


class InsecureKeyring(NoPasswords):
    """A backend keyring itself does not recommend (priority 0)."""

    priority = 0


class UnreachableKeyring(NoPasswords):
    """A backend whose priority check fails, as the Secret Service's does without D-Bus."""

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        raise RuntimeError("The Secret Service daemon is neither running nor activatable")


def test_a_password_is_stored_under_the_url_without_password(
    memory_keyring: KeyringBackend,
) -> None:
    store = PasswordStore()
    assert store.available and store.unavailable_reason is None
    store.set("postgresql://ana:typed@db.example.org/reviews", "s3cret")
    assert memory_keyring.get_password(KEYRING_SERVICE, URL) == "s3cret"
    # The user name in the keyring holds no password.
    typed_key = "postgresql://ana:typed@db.example.org/reviews"
    assert memory_keyring.get_password(KEYRING_SERVICE, typed_key) is None
    assert store.get(URL) == "s3cret"


def test_a_password_goes_only_to_the_database_it_was_given_for() -> None:
    store = PasswordStore()
    store.set(URL, "s3cret")
    assert store.get(OTHER_URL) is None
    assert store.get("postgresql://bob@db.example.org/reviews") is None


def test_set_replaces_and_delete_removes(memory_keyring: KeyringBackend) -> None:
    store = PasswordStore(memory_keyring)
    store.set(URL, "old")
    store.set(URL, "new")
    assert store.get(URL) == "new"
    store.delete(URL)
    assert store.get(URL) is None
    store.delete(URL)  # nothing stored: nothing to do
    assert memory_keyring.get_password(KEYRING_SERVICE, URL) is None


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), "no system keyring"),
        (null.Keyring(), "no system keyring"),
        (EmptyChainer(), "no system keyring"),
        (InsecureKeyring(), "not a secure keyring"),
        (UnreachableKeyring(), "neither running nor activatable"),
    ],
    ids=["fail", "null", "empty-chainer", "priority-0", "priority-raises"],
)
def test_without_a_usable_keyring_the_store_is_unavailable_and_says_why(
    backend: KeyringBackend, reason: str
) -> None:
    store = PasswordStore(backend)
    assert not store.available
    assert reason in (store.unavailable_reason or "")
    assert store.name == ""
    assert store.get(URL) is None
    with pytest.raises(KeyringUnavailable, match="session only") as excinfo:
        store.set(URL, "s3cret")
    assert reason in str(excinfo.value) and "s3cret" not in str(excinfo.value)
    with pytest.raises(KeyringUnavailable):
        store.delete(URL)


def test_the_store_uses_the_system_keyring_which_in_tests_is_a_fake(
    memory_keyring: KeyringBackend,
) -> None:
    # The autouse fixture replaced keyring's own choice, which conftest forces to "fail".
    assert keyring.get_keyring() is memory_keyring
    assert PasswordStore().name == "MemoryKeyring"


@pytest.mark.parametrize(
    "error",
    [
        KeyringLocked("Failed to unlock the collection!"),
        KeyringError("D-Bus went away"),
        OSError(5, "I/O"),
    ],
    ids=["locked", "keyring-error", "platform-error"],
)
def test_a_failing_keyring_never_crashes_and_becomes_unavailable(error: Exception) -> None:
    backend = LockedKeyring(error)
    store = PasswordStore(backend)
    assert store.available
    assert store.get(URL) is None
    assert not store.available
    assert type(error).__name__ in (store.unavailable_reason or "")
    # Once failed, the keyring is left alone for the session: no second unlock prompt.
    calls = backend.calls
    assert store.get(URL) is None
    assert backend.calls == calls


def test_a_keyring_that_refuses_to_store_raises_a_clear_error() -> None:
    store = PasswordStore(LockedKeyring(KeyringLocked("Failed to unlock the collection!")))
    with pytest.raises(KeyringUnavailable) as excinfo:
        store.set(URL, "s3cret")
    message = str(excinfo.value)
    assert "cannot store the password" in message and "KeyringLocked" in message
    assert "~/.pgpass" in message and "s3cret" not in message


def test_a_keyring_that_refuses_to_delete_raises_a_clear_error() -> None:
    store = PasswordStore(LockedKeyring(KeyringError("no")))
    with pytest.raises(KeyringUnavailable, match="cannot remove the password"):
        store.delete(URL)


def test_choose_password_prefers_typed_then_keyring_then_the_url() -> None:
    store = PasswordStore()
    assert choose_password(URL, typed=None, store=store, in_url=None) is None
    assert choose_password(URL, typed=None, store=store, in_url="env") == "env"
    store.set(URL, "kept")
    assert choose_password(URL, typed=None, store=store, in_url="env") == "kept"
    assert choose_password(URL, typed="typed", store=store, in_url="env") == "typed"
    assert choose_password(URL, typed=None, store=None, in_url="env") == "env"
    assert choose_password(OTHER_URL, typed=None, store=store, in_url=None) is None


def test_choose_password_never_asks_the_keyring_for_a_sqlite_file() -> None:
    backend = LockedKeyring(KeyringLocked("would prompt"))
    store = PasswordStore(backend)
    assert choose_password("sqlite:///x.sqlite3", typed=None, store=store, in_url=None) is None
    assert backend.calls == 0


def test_split_and_put_back_a_password_with_special_characters() -> None:
    bare, password = split_password("postgresql://ana:p%40ss%3Aw%2Frd@db:5433/reviews?x=1")
    assert (bare, password) == ("postgresql://ana@db:5433/reviews?x=1", "p@ss:w/rd")
    assert make_url(with_password(bare, password)).password == "p@ss:w/rd"
    assert split_password(bare) == (bare, None)
    assert with_password(bare, None) == bare
    assert split_password("not a url") == ("not a url", None)


@pytest.mark.parametrize(
    ("url", "expected"),
    [(URL, True), ("postgres://a@h/d", True), ("sqlite:///x.sqlite3", False), ("", False)],
)
def test_takes_password(url: str, expected: bool) -> None:
    assert takes_password(url) is expected
