"""Tests of reviewer_app/cli/terminal_text.py: what reaches a person's terminal cannot spoof it."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedApplication, CachedPosition, SyncStateRow
from reviewer_app.cli import main
from reviewer_app.cli.terminal_text import display_width, terminal_safe
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase

RLO = "\u202e"
CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
SPOOFED = f"Ana{RLO}vsc.exe{CLEAR}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"Ana{RLO}vsc.exe", "Ana\\u202evsc.exe"),
        (f"red {CLEAR}\x1b[31m", "red \\x1b[2J\\x1b[31m"),
        (TITLE, "\\x1b]0;pwned\\x07"),
        (
            "\u2066isolated\u2069 \u200fmark\u200e \u061c",
            "\\u2066isolated\\u2069 \\u200fmark\\u200e \\u061c",
        ),
        ("over\rwritten", "over\\rwritten"),
        ("one-byte CSI \x9b31m, DEL \x7f, NUL \x00", "one-byte CSI \\x9b31m, DEL \\x7f, NUL \\x00"),
        ("fake\u2028line", "fake\\u2028line"),
    ],
)
def test_bidi_and_terminal_controls_are_shown_as_escapes(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_ordinary_text_of_every_script_is_left_as_it_is() -> None:
    text = "Zoë Łukasiewicz\t山田太郎 שָׁלוֹם مرحبا 👩\u200d💻 a\u00a0b\r\nnext line\n"
    assert terminal_safe(text) == text


def _cache_with_a_spoofing_applicant(data_dir: Path) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.get_one(SyncStateRow, 1).last_sync_at = datetime(2026, 11, 2, tzinfo=UTC)
        session.add(
            CachedPosition(
                id=1,
                slug=f"backend{TITLE}",
                version=1,
                title="Backend Developer",
                source="---\ntitle: Backend Developer\n---\nVolunteer with us.\n",
                content_hash="hash-1",
                revision=1,
            )
        )
        session.flush()
        session.add(
            CachedApplication(
                id="a1",
                response_id="resp-a1",
                submitted_at=datetime(2026, 11, 1, tzinfo=UTC),
                name=SPOOFED,
                email="a1@example.org",
                position_typed="Backend Developer",
                position_id=1,
                content_hash="hash-a1",
                revision=1,
            )
        )


def test_compose_escapes_the_applicants_name_for_the_terminal_and_keeps_it_in_json(
    data_dir: Path,
) -> None:
    _cache_with_a_spoofing_applicant(data_dir)
    argv = ["compose", "a1", "acceptance", "--reviewer", "Bo", "--data-dir", str(data_dir)]
    out = io.StringIO()
    assert main(argv, out) == 0
    shown = out.getvalue()
    assert "Ana\\u202evsc.exe\\x1b[2J" in shown
    assert RLO not in shown and "\x1b" not in shown
    out = io.StringIO()
    assert main([*argv, "--json"], out) == 0
    assert "Ana" + RLO + "vsc.exe" + CLEAR in json.loads(out.getvalue())["body"]


def test_an_error_naming_text_of_the_cache_is_escaped_on_standard_error(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cache_with_a_spoofing_applicant(data_dir)
    argv = ["export", "-o", str(tmp_path / "x.csv"), "--position", "nope"]
    assert main([*argv, "--data-dir", str(data_dir)], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "known positions: backend\\x1b]0;pwned\\x07" in err
    assert "\x1b" not in err and "\x07" not in err


def test_list_reviewers_escapes_names_for_a_person_and_keeps_them_in_json(
    db: SharedDatabase, data_dir: Path
) -> None:
    with db.session() as session:
        session.add(models.Reviewer(name=SPOOFED, email="ana@example.org"))
    url = db.engine.url.render_as_string(hide_password=False)
    argv = ["list-reviewers", "--shared", url, "--data-dir", str(data_dir)]
    out = io.StringIO()
    assert main(argv, out) == 0
    assert out.getvalue().startswith("Ana\\u202evsc.exe\\x1b[2J  <ana@example.org>")
    out = io.StringIO()
    assert main([*argv, "--json"], out) == 0
    assert [member["name"] for member in json.loads(out.getvalue())] == [SPOOFED]


def test_the_export_file_keeps_the_name_as_stored(data_dir: Path, tmp_path: Path) -> None:
    _cache_with_a_spoofing_applicant(data_dir)
    target = tmp_path / "out.csv"
    out = io.StringIO()
    assert main(["export", "-o", str(target), "--data-dir", str(data_dir)], out) == 0
    assert SPOOFED in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("Zoë Brontë", 10),
        ("Zoe\u0308", 3),  # an accent typed as its own character
        ("陈静", 4),
        ("Ana 👩\u200d💻", 6),  # an emoji sequence joined by zero-width joiners: one glyph
        ("Bo\u200bBa", 4),  # a zero-width space
        ("Rosa ❤\ufe0f", 7),  # a variation selector
    ],
)
def test_display_width_counts_the_columns_a_terminal_gives(text: str, columns: int) -> None:
    assert display_width(text) == columns
