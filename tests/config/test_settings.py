"""Tests of reviewer_app.config.settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.config.credentials import split_password
from reviewer_app.config.settings import (
    SHARED_URL_ENV,
    Settings,
    SettingsError,
    check_shared_url,
    embedded_shared_url,
    resolve_shared_url,
)


def test_missing_settings_file_gives_defaults(data_dir: Path) -> None:
    assert Settings.load(data_dir) == Settings()


def test_settings_round_trip(data_dir: Path) -> None:
    settings = Settings(reviewer_name="Ana", shared_url="postgresql://ana@db/reviews")
    settings.save(data_dir)
    assert Settings.load(data_dir) == settings
    assert not list(data_dir.glob("*.tmp"))


def test_independent_review_is_on_unless_turned_off(data_dir: Path) -> None:
    # A file written before the setting existed keeps the default: on.
    (data_dir / "settings.json").write_text('{"reviewer_name": "Ana"}', encoding="utf-8")
    assert Settings.load(data_dir).independent_review is True
    Settings(reviewer_name="Ana", independent_review=False).save(data_dir)
    assert Settings.load(data_dir).independent_review is False
    assert (
        json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["independent_review"]
        is False
    )


def test_the_theme_follows_the_system_unless_chosen(data_dir: Path) -> None:
    # A file written before the setting existed follows the desktop.
    (data_dir / "settings.json").write_text('{"reviewer_name": "Ana"}', encoding="utf-8")
    assert Settings.load(data_dir).theme == "system"
    Settings(reviewer_name="Ana", theme="dark").save(data_dir)
    assert Settings.load(data_dir).theme == "dark"


def test_password_is_never_saved(data_dir: Path) -> None:
    with pytest.raises(SettingsError, match="password"):
        Settings(shared_url="postgresql://ana:secret@db/reviews").save(data_dir)
    assert not (data_dir / "settings.json").exists()


def test_a_url_typed_with_a_password_is_saved_without_it(data_dir: Path) -> None:
    bare, password = split_password("postgresql://ana:s3cret@db/reviews")
    Settings(shared_url=bare).save(data_dir)
    text = (data_dir / "settings.json").read_text(encoding="utf-8")
    assert password == "s3cret" and "s3cret" not in text
    assert json.loads(text)["shared_url"] == "postgresql://ana@db/reviews"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "cannot read settings"),
        ("[1, 2]", "JSON object"),
        ('{"sync_interval_minutes": "5"}', "'sync_interval_minutes' must be int"),
        ('{"blind_review": 1}', "'blind_review' must be bool"),
        ('{"independent_review": "no"}', "'independent_review' must be bool"),
        ('{"sync_interval_minutes": 0}', "at least 1"),
        ('{"theme": "blue"}', "'theme' must be one of system, light, dark, not 'blue'"),
        ('{"theme": true}', "'theme' must be str"),
        ('{"shared_url": "mysql://x/y"}', "unsupported database"),
        ('{"shared_url": "::nonsense"}', "not a database URL"),
    ],
)
def test_bad_settings_name_file_and_field(data_dir: Path, content: str, fragment: str) -> None:
    (data_dir / "settings.json").write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as excinfo:
        Settings.load(data_dir)
    assert fragment in str(excinfo.value)
    assert str(data_dir / "settings.json") in str(excinfo.value)


def test_shared_url_precedence(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SHARED_URL_ENV, raising=False)
    assert resolve_shared_url(None, data_dir) == (embedded_shared_url(data_dir), True)

    (data_dir / "settings.json").write_text(
        json.dumps({"shared_url": "postgresql://s@h/db"}), encoding="utf-8"
    )
    assert resolve_shared_url(None, data_dir) == ("postgresql://s@h/db", False)

    monkeypatch.setenv(SHARED_URL_ENV, "postgresql://e@h/db")
    assert resolve_shared_url(None, data_dir) == ("postgresql://e@h/db", False)
    assert resolve_shared_url("sqlite:///x.db", data_dir) == ("sqlite:///x.db", False)


def test_bad_shared_url_from_environment_names_the_variable(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHARED_URL_ENV, "redis://localhost")
    with pytest.raises(SettingsError, match=SHARED_URL_ENV):
        resolve_shared_url(None, data_dir)


def test_a_settings_file_that_cannot_be_written_is_a_user_error(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot save the settings"):
        Settings(reviewer_name="Ana").save(blocked)


def test_a_half_typed_url_is_a_settings_error_not_a_crash() -> None:
    # "user:pa" before the "@" reads as a host and a port that is not a number.
    with pytest.raises(SettingsError, match="not a database URL"):
        check_shared_url("postgresql://ana:s", source="settings")
    assert split_password("postgresql://ana:s") == ("postgresql://ana:s", None)


MALFORMED = "postgresql://u:pw-Secret9@h:notaport/db"


def _chain(error: BaseException) -> str:
    """The message of an error and of every error it was raised from or during."""
    texts = []
    current: BaseException | None = error
    while current is not None:
        texts.append(str(current))
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


@pytest.mark.parametrize("where", ["option", "environment", "settings file"])
def test_a_malformed_url_never_shows_its_password(
    where: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    option = None
    if where == "option":
        option = MALFORMED
    elif where == "environment":
        monkeypatch.setenv(SHARED_URL_ENV, MALFORMED)
    else:
        (data_dir / "settings.json").write_text(json.dumps({"shared_url": MALFORMED}))
    with pytest.raises(SettingsError) as excinfo:
        resolve_shared_url(option, data_dir)
    message = str(excinfo.value)
    assert "not a database URL" in message and "port must be a number" in message
    assert "postgresql://u:***@h:notaport/db" in message
    # Nowhere: not in the message, nor in the errors it was raised from.
    assert "pw-Secret9" not in _chain(excinfo.value)


def test_a_malformed_url_from_the_command_line_prints_no_password(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app.cli import main

    for command in (["sync", "--reviewer", "Ana"], ["sync", "--check"], ["migrate"]):
        args = [*command, "--shared", MALFORMED, "--data-dir", str(data_dir)]
        assert main(args) == 1
        captured = capsys.readouterr()
        assert "not a database URL" in captured.err
        assert "pw-Secret9" not in captured.out + captured.err
