"""The reviewer's settings and where their data lives.

Settings are declared once, as data, in :data:`FIELDS`; the file is
``<data dir>/settings.json``. The shared database's password is never stored here: it
is in the system keyring (see :mod:`reviewer_app.config.credentials`), typed once per session,
in REVIEWER_SHARED_DB or in ``~/.pgpass``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from reviewer_app.errors import UserError
from reviewer_app.server.connections import redact_url
from reviewer_app.storage.atomic_files import write_text_atomically

APP_NAME = "reviewer_app"
SHARED_URL_ENV = "REVIEWER_SHARED_DB"
SETTINGS_FILE = "settings.json"
EMBEDDED_DB_FILE = "shared.sqlite3"
# The window's colours: follow the desktop, or always light or dark.
THEMES = ("system", "light", "dark")


class SettingsError(UserError):
    """The settings file is unreadable or holds a bad value."""


def default_data_dir() -> Path:
    """Returns the per-user data folder (platform convention, e.g. ~/.local/share)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    """What a reviewer configures.

    Attributes:
        reviewer_name: The reviewer's display name ("" until first run asks for it).
        reviewer_email: The reviewer's email.
        shared_url: The shared database URL, without password; "" means embedded.
        sync_interval_minutes: How often the window syncs while online.
        blind_review: Hide name, email and links to reduce bias.
        independent_review: Hide the other reviewers' results, notes and reasons on an
            application until the reviewer has recorded their own result for every
            check ("Show anyway" reveals them for one application).
        needs_review_includes_unassigned: "Needs my review" also lists applications
            nobody is assigned to (off: only those assigned to me).
        theme: The window's colours, one of :data:`THEMES` ("system" follows the
            desktop); ``--color-scheme`` wins over it for one session.
    """

    reviewer_name: str = ""
    reviewer_email: str = ""
    shared_url: str = ""
    sync_interval_minutes: int = 5
    blind_review: bool = False
    independent_review: bool = True
    theme: str = "system"
    needs_review_includes_unassigned: bool = True

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        """Reads the settings of ``data_dir``; defaults when the file does not exist.

        Raises:
            SettingsError: The file is not JSON or a value has the wrong type.
        """
        path = data_dir / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SettingsError(f"{path}: cannot read settings ({exc}); fix or delete it") from exc
        if not isinstance(raw, dict):
            raise SettingsError(f"{path}: expected a JSON object of settings")
        settings = cls()
        for field in fields(cls):
            if field.name not in raw:
                continue
            value = raw[field.name]
            expected = type(getattr(settings, field.name))
            # bool is an int subclass: keep "true" out of the interval and 1 out of flags.
            if type(value) is not expected:
                raise SettingsError(
                    f"{path}: setting {field.name!r} must be {expected.__name__}, not {value!r}"
                )
            setattr(settings, field.name, value)
        if settings.sync_interval_minutes < 1:
            raise SettingsError(f"{path}: setting 'sync_interval_minutes' must be at least 1")
        if settings.theme not in THEMES:
            raise SettingsError(
                f"{path}: setting 'theme' must be one of {', '.join(THEMES)}, "
                f"not {settings.theme!r}"
            )
        if settings.shared_url:
            check_shared_url(settings.shared_url, source=f"{path}: setting 'shared_url'")
        return settings

    def save(self, data_dir: Path) -> None:
        """Writes the settings atomically (temporary file renamed into place)."""
        if self.shared_url and make_url(self.shared_url).password is not None:
            raise SettingsError(
                "the shared database password is never saved in settings; "
                "it goes to the system keyring or ~/.pgpass"
            )
        path = data_dir / SETTINGS_FILE
        try:  # the data folder is created if missing (atomic_writer)
            write_text_atomically(path, json.dumps(asdict(self), indent=2))
        except OSError as exc:  # a full disk, a read-only or vanished folder
            raise SettingsError(
                f"cannot save the settings to {path}: {exc.strerror or exc}. The previous "
                "settings file, if any, is unchanged."
            ) from exc


def check_shared_url(url: str, *, source: str) -> None:
    """Raises SettingsError when ``url`` is not a database URL.

    Args:
        url: The URL to check.
        source: Where the URL came from, for the message.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # from None: the parser's message quotes the URL, password and all.
        raise SettingsError(
            f"{source}: {redact_url(url)!r} is not a database URL; use "
            "postgresql://user@host:5432/dbname or sqlite:///path (a port must be a number)"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(
            f"{source}: unsupported database {parsed.get_backend_name()!r}; "
            "use postgresql://… or sqlite:///path"
        )


def embedded_shared_url(data_dir: Path) -> str:
    """Returns the URL of the embedded SQLite shared database in ``data_dir``."""
    return f"sqlite:///{data_dir / EMBEDDED_DB_FILE}"


def resolve_shared_url(cli_value: str | None, data_dir: Path) -> tuple[str, bool]:
    """Picks the shared database URL: option, then environment, then settings, then embedded.

    Returns:
        The URL and whether it is the embedded default.
    """
    if cli_value:
        check_shared_url(cli_value, source="--shared")
        return cli_value, False
    env_value = os.environ.get(SHARED_URL_ENV, "")
    if env_value:
        check_shared_url(env_value, source=SHARED_URL_ENV)
        return env_value, False
    configured = Settings.load(data_dir).shared_url
    if configured:
        return configured, False
    return embedded_shared_url(data_dir), True
