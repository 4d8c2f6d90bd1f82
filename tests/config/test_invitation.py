"""Tests of invitation files: the format add-reviewer writes and the window reads."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.config.invitation import (
    CERTIFICATES,
    INVITATION_FORMAT,
    Invitation,
    InvitationError,
    certificate_file,
    invitation_file_name,
    read_invitation,
    write_invitation,
)
from reviewer_app.errors import UserError
from reviewer_app.server.database import parse_shared_url

PASSWORD = "s3cret-Pa55word-never-shown"
CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def invitation(**changes: Any) -> Invitation:
    fields: dict[str, Any] = {
        "team": "Volunteers 2025",
        "host": "db.example.org",
        "port": 5432,
        "database": "volunteers",
        "login": "alice",
        "password": PASSWORD,
    }
    fields.update(changes)
    return Invitation(**fields)


def document(**changes: Any) -> dict[str, Any]:
    result = {"format": INVITATION_FORMAT, "version": 1, **invitation().to_json()}
    for key, value in changes.items():
        if value is _DROP:
            result.pop(key)
        else:
            result[key] = value
    return result


_DROP = object()


def write_json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_written_invitation_reads_back_equal_and_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "alice.reviewer-invite"
    written = invitation(sslmode="verify-full", sslrootcert=CERTIFICATE)
    write_invitation(path, written)
    assert read_invitation(path) == written
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_rewriting_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "alice.reviewer-invite"
    write_invitation(path, invitation(password="first-password-long"))
    write_invitation(path, invitation(password="second"))
    assert read_invitation(path).password == "second"


def test_the_file_is_documented_json_with_format_and_version(tmp_path: Path) -> None:
    path = tmp_path / "a.reviewer-invite"
    write_invitation(path, invitation())
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored == {
        "format": "reviewer_app-invitation",
        "version": 1,
        "team": "Volunteers 2025",
        "host": "db.example.org",
        "port": 5432,
        "database": "volunteers",
        "login": "alice",
        "password": PASSWORD,
    }


def test_unknown_keys_of_a_version_1_file_are_ignored(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.reviewer-invite", document(comment="hello"))
    assert read_invitation(path) == invitation()


def test_repr_hides_the_password() -> None:
    assert PASSWORD not in repr(invitation())
    assert "alice" in repr(invitation())


def test_url_is_the_bare_postgresql_url_and_label_names_team_host_database() -> None:
    assert invitation().url() == "postgresql://alice@db.example.org:5432/volunteers"
    with_tls = invitation(sslmode="require").url()
    assert with_tls == "postgresql://alice@db.example.org:5432/volunteers?sslmode=require"
    assert PASSWORD not in with_tls
    assert parse_shared_url(with_tls).drivername == "postgresql+psycopg"
    assert invitation().label() == "Volunteers 2025 (db.example.org/volunteers)"
    assert invitation(host="::1").url() == "postgresql://alice@[::1]:5432/volunteers"


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Alice", "Alice.reviewer-invite"),
        ("Alice Smith", "Alice_Smith.reviewer-invite"),
        ("../../etc/passwd", "etc_passwd.reviewer-invite"),
        ("  ", "reviewer.reviewer-invite"),
        ("Zoë", "Zoë.reviewer-invite"),
    ],
)
def test_file_names_are_made_safe_from_the_name(name: str, file_name: str) -> None:
    assert invitation_file_name(name) == file_name


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvitationError, match=r"no invitation file .*nowhere\.reviewer-invite"):
        read_invitation(tmp_path / "nowhere.reviewer-invite")


def test_a_folder_is_not_an_invitation(tmp_path: Path) -> None:
    with pytest.raises(InvitationError, match="is a folder"):
        read_invitation(tmp_path)


def test_too_big_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.reviewer-invite"
    path.write_bytes(b" " * (64 * 1024 + 1))
    with pytest.raises(InvitationError, match=r"big\.reviewer-invite is over 64 KB, too big"):
        read_invitation(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.reviewer-invite"
    os.mkfifo(pipe)
    with pytest.raises(InvitationError, match="is not a regular file"):
        read_invitation(pipe)


@pytest.mark.parametrize(
    "content", [b"not json at all", b"\xff\xfe{\x00}\x00", '{"format": "é"}'.encode("latin-1")]
)
def test_not_json_or_not_utf8_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.reviewer-invite"
    path.write_bytes(content)
    with pytest.raises(InvitationError, match=r"bad\.reviewer-invite is not an invitation file"):
        read_invitation(path)


@pytest.mark.parametrize("value", [[1, 2], "text", document(format="something-else")])
def test_wrong_format_marker_is_refused(tmp_path: Path, value: object) -> None:
    path = write_json(tmp_path / "x.reviewer-invite", value)
    with pytest.raises(InvitationError, match="is not a reviewer_app invitation"):
        read_invitation(path)


def test_a_newer_version_says_update_the_app(tmp_path: Path) -> None:
    path = write_json(tmp_path / "new.reviewer-invite", document(version=2))
    with pytest.raises(InvitationError, match=r"made by a newer reviewer_app.*update"):
        read_invitation(path)


@pytest.mark.parametrize("version", ["1", 0, True, None])
def test_a_bad_version_is_refused(tmp_path: Path, version: object) -> None:
    path = write_json(tmp_path / "v.reviewer-invite", document(version=version))
    with pytest.raises(InvitationError, match="'version'"):
        read_invitation(path)


@pytest.mark.parametrize("field", ["team", "host", "port", "database", "login", "password"])
def test_a_missing_field_is_named(tmp_path: Path, field: str) -> None:
    path = write_json(tmp_path / "m.reviewer-invite", document(**{field: _DROP}))
    with pytest.raises(InvitationError, match=rf"m\.reviewer-invite.*'{field}'"):
        read_invitation(path)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("team", 3),
        ("host", ["db"]),
        ("database", ""),
        ("login", None),
        ("password", 1234),
        ("port", "5432"),
        ("port", 5432.0),
        ("port", True),
        ("sslmode", 1),
        ("sslrootcert", "not a certificate"),
    ],
)
def test_an_ill_typed_field_is_named(tmp_path: Path, field: str, value: object) -> None:
    path = write_json(tmp_path / "t.reviewer-invite", document(**{field: value}))
    with pytest.raises(InvitationError, match=rf"t\.reviewer-invite: the field '{field}'"):
        read_invitation(path)


@pytest.mark.parametrize("port", [0, -1, 65536, 10**9])
def test_a_port_out_of_range_is_refused(tmp_path: Path, port: int) -> None:
    path = write_json(tmp_path / "p.reviewer-invite", document(port=port))
    with pytest.raises(InvitationError, match="'port' must be between 1 and 65535"):
        read_invitation(path)


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("db example.org", "must not hold spaces"),
        ("db.example.org\t", None),  # stripped: fine
        ("postgresql://alice:hunter22@db.example.org/volunteers", "holds a URL"),
        ("db.example.org/volunteers", "holds a URL"),
        ("alice@db.example.org", "holds a URL"),
        ("db.example.org:5432", "must not hold the port"),
        ("[::1]", "must be an IPv6 address without brackets"),
    ],
)
def test_a_host_with_spaces_or_a_url_is_refused(tmp_path: Path, host: str, why: str | None) -> None:
    path = write_json(tmp_path / "h.reviewer-invite", document(host=host))
    if why is None:
        assert read_invitation(path).host == host.strip()
        return
    with pytest.raises(InvitationError, match=f"'host' {why}") as raised:
        read_invitation(path)
    assert "hunter22" not in str(raised.value)


def test_an_ipv6_host_is_accepted(tmp_path: Path) -> None:
    path = write_json(tmp_path / "h.reviewer-invite", document(host="2001:db8::1"))
    assert read_invitation(path).host == "2001:db8::1"


def test_an_unknown_sslmode_is_refused_and_each_known_one_read(tmp_path: Path) -> None:
    path = write_json(tmp_path / "s.reviewer-invite", document(sslmode="always"))
    with pytest.raises(InvitationError, match="'sslmode' must be one of disable, allow"):
        read_invitation(path)
    for mode in ("disable", "allow", "prefer", "require", "verify-ca", "verify-full"):
        write_json(path, document(sslmode=mode))
        assert read_invitation(path).sslmode == mode


def test_errors_never_show_the_password(tmp_path: Path) -> None:
    path = write_json(tmp_path / "pw.reviewer-invite", document(password=["secret-in-a-list"]))
    with pytest.raises(InvitationError) as raised:
        read_invitation(path)
    assert "secret-in-a-list" not in str(raised.value)
    assert isinstance(raised.value, UserError)


def test_a_folder_that_cannot_be_written_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(InvitationError, match="Cannot write the invitation file"):
        write_invitation(blocker / "alice.reviewer-invite", invitation())


def test_the_ca_certificate_is_kept_owner_only_and_named_in_the_url(tmp_path: Path) -> None:
    folder = tmp_path / "data" / CERTIFICATES
    invited = invitation(sslmode="verify-full", sslrootcert=CERTIFICATE)
    path = certificate_file(invited, folder)
    assert path is not None and path.read_text(encoding="utf-8") == CERTIFICATE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    url = parse_shared_url(invited.url(path))
    assert url.query == {"sslmode": "verify-full", "sslrootcert": str(path)}
    assert certificate_file(invited, folder) == path  # the same file again
    assert certificate_file(invitation(), folder) is None
