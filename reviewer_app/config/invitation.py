"""Invitation files: what a reviewer needs to join a team's shared database, in one file.

The coordinator's ``add-reviewer`` writes one per reviewer (``NAME.reviewer-invite``,
owner-only, mode 0600) and sends it by a private channel; the reviewer opens it in the
app. It is a UTF-8 JSON object, at most 64 KB:

.. code-block:: json

    {
      "format": "reviewer_app-invitation",
      "version": 1,
      "team": "Volunteers 2025",
      "host": "db.example.org",
      "port": 5432,
      "database": "volunteers",
      "login": "alice",
      "password": "…",
      "sslmode": "verify-full",
      "sslrootcert": "-----BEGIN CERTIFICATE-----\\n…"
    }

``format`` and ``version`` say what the file is; a reader refuses a version newer than
:data:`INVITATION_VERSION` (the app must be updated), and ignores keys it does not know,
so that a later version 1 writer may add optional ones. ``team`` is a display name
(``add-reviewer`` uses the database's name unless told otherwise). ``sslmode`` (libpq's:
disable, allow, prefer, require, verify-ca, verify-full) and ``sslrootcert`` (the CA
certificate as PEM text, inline, which the app writes to a private file of its own when
it uses it) are optional. The password is the reviewer's login password: anyone who holds
the file can connect as them, until the coordinator runs ``add-reviewer`` again (a new
password) or ``remove-reviewer``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from reviewer_app.errors import UserError
from reviewer_app.server.host_names import host_problem
from reviewer_app.server.private_files import PRIVATE_FILE
from reviewer_app.storage.atomic_files import atomic_writer, write_text_atomically

INVITATION_FORMAT = "reviewer_app-invitation"
INVITATION_VERSION = 1
INVITATION_SUFFIX = ".reviewer-invite"
MAX_INVITATION_BYTES = 64 * 1024
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")

_HOST_PORT = re.compile(r"[^:\[\]]+:\d+")


CERTIFICATES = "certificates"
"""The data folder's folder of the teams' CA certificates."""


class InvitationError(UserError):
    """An invitation file that cannot be used: missing, damaged, or from a newer app."""


@dataclass(frozen=True)
class Invitation:
    """The contents of an invitation file (see the module's docstring).

    Attributes:
        team: The team's display name.
        host: The PostgreSQL server's host name or address.
        port: Its port.
        database: The shared database's name.
        login: The reviewer's PostgreSQL login role.
        password: The login's password (never in the repr).
        sslmode: libpq's sslmode, or None for libpq's default.
        sslrootcert: The CA certificate's PEM text, or None.
    """

    team: str
    host: str
    port: int
    database: str
    login: str
    password: str = field(repr=False)
    sslmode: str | None = None
    sslrootcert: str | None = field(default=None, repr=False)

    def url(self, certificate: Path | None = None) -> str:
        """The shared database's URL as this login, without the password.

        Args:
            certificate: The file holding :attr:`sslrootcert` (see
                :func:`certificate_file`), for the server's certificate to be checked
                against it.
        """
        query = {"sslmode": self.sslmode} if self.sslmode else {}
        if certificate is not None:
            query["sslrootcert"] = str(certificate)
        url = URL.create(
            "postgresql",
            username=self.login,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        )
        return url.render_as_string(hide_password=False)

    def label(self) -> str:
        """How the window names the team: ``TEAM (host/database)``."""
        return f"{self.team} ({self.host}/{self.database})"

    def to_json(self) -> dict[str, Any]:
        """The file's JSON object (password included)."""
        document: dict[str, Any] = {
            "format": INVITATION_FORMAT,
            "version": INVITATION_VERSION,
            "team": self.team,
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "login": self.login,
            "password": self.password,
        }
        if self.sslmode is not None:
            document["sslmode"] = self.sslmode
        if self.sslrootcert is not None:
            document["sslrootcert"] = self.sslrootcert
        return document


def invitation_file_name(name: str) -> str:
    """The file name of a reviewer's invitation: ``NAME.reviewer-invite``, made safe."""
    safe = re.sub(r"[^\w-]+", "_", name.strip()).strip("_") or "reviewer"
    return safe[:100] + INVITATION_SUFFIX


def read_invitation(path: Path) -> Invitation:
    """Reads and checks an invitation file.

    Raises:
        InvitationError: The file is missing, unreadable, too big, not an invitation, made
            by a newer app, or a field is missing or wrong (the message names it).
    """
    try:
        found = path.stat()
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(found.st_mode):
            # A pipe or a device would block or never end.
            raise InvitationError(
                f"{path} is not a regular file; choose the .reviewer-invite file the "
                "coordinator sent."
            )
        with path.open("rb") as handle:
            # At most one byte more than allowed: a file growing meanwhile is caught too.
            raw = handle.read(MAX_INVITATION_BYTES + 1)
        if len(raw) > MAX_INVITATION_BYTES:
            raise InvitationError(
                f"{path} is over {MAX_INVITATION_BYTES // 1024} KB, too big for an "
                "invitation file: choose the .reviewer-invite file the coordinator sent."
            )
    except FileNotFoundError:
        raise InvitationError(
            f"There is no invitation file {path}; check the name and folder of the "
            "file the coordinator sent."
        ) from None
    except IsADirectoryError:
        raise InvitationError(
            f"{path} is a folder; choose the .reviewer-invite file the coordinator sent."
        ) from None
    except OSError as exc:
        raise InvitationError(
            f"Cannot read the invitation file {path} ({exc.strerror or exc}); check that "
            "it is yours to read."
        ) from None
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvitationError(
            f"{path} is not an invitation file (not UTF-8 JSON); it may be damaged: ask "
            "the coordinator to send it again."
        ) from None
    return _parse(path, document)


def _parse(path: Path, document: object) -> Invitation:
    if not isinstance(document, dict) or document.get("format") != INVITATION_FORMAT:
        raise InvitationError(
            f"{path} is not a reviewer_app invitation (its format is not "
            f"{INVITATION_FORMAT!r}); choose the .reviewer-invite file the coordinator sent."
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvitationError(
            f"{path}: 'version' must be a whole number from 1, not {version!r}; ask the "
            "coordinator to send the invitation again."
        )
    if version > INVITATION_VERSION:
        raise InvitationError(
            f"{path} was made by a newer reviewer_app (invitation version {version}; this "
            f"app reads up to {INVITATION_VERSION}); update reviewer_app, then open it again."
        )
    text_fields = {name: _text(path, document, name) for name in _REQUIRED_TEXT}
    port = document.get("port")
    if not isinstance(port, int) or isinstance(port, bool):
        raise _field_error(path, "port", "must be a whole number, e.g. 5432", port)
    if not 1 <= port <= 65535:
        raise _field_error(path, "port", "must be between 1 and 65535", port)
    _check_host(path, text_fields["host"])
    sslmode = _optional_text(path, document, "sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        raise _field_error(path, "sslmode", f"must be one of {', '.join(SSL_MODES)}", sslmode)
    sslrootcert = _optional_text(path, document, "sslrootcert")
    if sslrootcert is not None and "-----BEGIN CERTIFICATE-----" not in sslrootcert:
        raise _field_error(
            path, "sslrootcert", "must hold a PEM certificate (-----BEGIN CERTIFICATE-----)", None
        )
    return Invitation(port=port, sslmode=sslmode, sslrootcert=sslrootcert, **text_fields)


_REQUIRED_TEXT = ("team", "host", "database", "login", "password")


def _field_error(path: Path, name: str, rule: str, value: object) -> InvitationError:
    # Never echo the password, nor a certificate's kilobytes.
    shown = "" if name in ("password", "sslrootcert") or value is None else f", not {value!r}"
    return InvitationError(
        f"{path}: the field {name!r} {rule}{shown}; ask the coordinator to send the "
        "invitation again."
    )


def _text(path: Path, document: dict[str, Any], name: str) -> str:
    if name not in document:
        raise InvitationError(
            f"{path} has no {name!r} field; ask the coordinator to send the invitation again."
        )
    value = document[name]
    if not isinstance(value, str) or not value.strip():
        raise _field_error(path, name, "must be a non-empty text", value)
    return value if name == "password" else value.strip()


def _optional_text(path: Path, document: dict[str, Any], name: str) -> str | None:
    value = document.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _field_error(path, name, "must be a text", value)
    if not value.strip():
        return None
    # A certificate is kept byte for byte; a mode is a word.
    return value if name == "sslrootcert" else value.strip()


def _check_host(path: Path, host: str) -> None:
    if "://" in host or "/" in host or "@" in host:
        # A pasted URL may hold a password: not echoed.
        raise _field_error(
            path, "host", "holds a URL or a login; it must be the host name alone", None
        )
    if any(character.isspace() for character in host):
        raise _field_error(path, "host", "must not hold spaces", host)
    if host.startswith("["):
        raise _field_error(path, "host", "must be an IPv6 address without brackets", host)
    if _HOST_PORT.fullmatch(host):
        raise _field_error(path, "host", "must not hold the port (it has its own field)", host)
    problem = host_problem(host)
    if problem is not None:
        raise _field_error(path, "host", problem, host)


def certificate_file(invitation: Invitation, folder: Path) -> Path | None:
    """Writes the invitation's CA certificate into ``folder``; returns the file, or None.

    Named by its content, so that each team's stays as long as a database uses it, and
    owner-only like the rest of the data folder.

    Raises:
        InvitationError: The file cannot be written.
    """
    if invitation.sslrootcert is None:
        return None
    digest = hashlib.sha256(invitation.sslrootcert.encode("utf-8")).hexdigest()[:16]
    path = folder / f"{digest}.crt"
    try:
        if not path.is_file() or path.read_text(encoding="utf-8") != invitation.sslrootcert:
            write_text_atomically(path, invitation.sslrootcert)
    except OSError as exc:
        raise InvitationError(
            f"Cannot keep the team's CA certificate in {folder}: {exc.strerror or exc}."
        ) from exc
    return path


def write_invitation(path: Path, invitation: Invitation) -> None:
    """Writes an invitation file, owner-only (0600), whole or not at all.

    Raises:
        InvitationError: The file cannot be written (the message says why).
    """
    text = json.dumps(invitation.to_json(), ensure_ascii=False, indent=2) + "\n"
    try:
        # The temporary file is made 0600 (mkstemp) before the password goes in.
        with atomic_writer(path, newline="\n") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), PRIVATE_FILE)
            handle.write(text)
    except OSError as exc:
        raise InvitationError(
            f"Cannot write the invitation file {path} ({exc.strerror or exc}); choose a "
            "folder you can write to."
        ) from None
