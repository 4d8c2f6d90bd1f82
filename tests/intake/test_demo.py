"""Tests for reviewer_app.intake.demo and demo_import: realistic applications, kept private."""

# Curly quotes and full-width letters are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import logging
import os
import stat
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest

from reviewer_app.intake.demo import ANCHOR, QUESTIONS, DemoPosition, demo_responses
from reviewer_app.intake.demo_import import ensure_embedded_demo, restrict_embedded_database
from reviewer_app.intake.matching import PositionMatcher
from reviewer_app.intake.reader import repair_text
from reviewer_app.server import private_files

POSITIONS = [
    DemoPosition("backend", "Backend Developer", ("Python", "Django", "Git/GitHub"), 5, 6),
    DemoPosition("frontend", "Frontend Developer", ("React", "TypeScript"), 4, None),
    DemoPosition("translator", "Translator", (), None, 3),
]


def test_same_seed_gives_the_same_responses() -> None:
    assert demo_responses(POSITIONS, seed=7) == demo_responses(POSITIONS, seed=7)


def test_different_seeds_give_different_responses() -> None:
    assert demo_responses(POSITIONS, seed=1) != demo_responses(POSITIONS, seed=2)


def test_count_ids_and_submission_window() -> None:
    responses = demo_responses(POSITIONS, count=150)
    assert len(responses) == 150
    assert [r.response_id for r in responses] == [f"demo-{i:06d}" for i in range(1, 151)]
    times = [r.submitted_at for r in responses]
    assert all(t is not None and ANCHOR - timedelta(days=90) <= t <= ANCHOR for t in times)
    assert times == sorted(times, key=lambda t: (t is None, t))
    assert all(tuple(q for q, _ in r.answers) == QUESTIONS for r in responses)


def test_duplicate_applicants_present() -> None:
    emails = Counter(r.email_key for r in demo_responses(POSITIONS))
    assert any(n > 1 for n in emails.values())


def test_typed_positions_mostly_match_and_some_do_not() -> None:
    matcher = PositionMatcher((p.slug, [p.apply_as_or_title]) for p in POSITIONS)
    responses = demo_responses(POSITIONS)
    matched = Counter(matcher.match(r.position_typed) for r in responses)
    assert matched[None] >= 1
    assert matched[None] < len(responses) // 5
    assert {"backend", "frontend", "translator"} <= set(matched)
    assert len({r.position_typed for r in responses}) > 10


def test_some_answers_are_mojibake_that_intake_repairs() -> None:
    garbled = [a for r in demo_responses(POSITIONS) for _, a in r.answers if "â€" in a]
    assert garbled
    assert all("â€" not in repair_text(a) and "’" in repair_text(a) for a in garbled)


def test_names_include_accents_and_other_scripts() -> None:
    names = {r.name for r in demo_responses(POSITIONS, count=300)}
    assert any(not n.isascii() and n[0].isascii() for n in names)
    assert any("\u0600" <= ch <= "\u06ff" or "\u4e00" <= ch <= "\u9fff" for n in names for ch in n)


def test_emails_are_plausible_and_on_reserved_domains() -> None:
    for response in demo_responses(POSITIONS):
        local, _, domain = response.email.partition("@")
        assert local and local.isascii() and " " not in local
        assert domain.split(".")[-2:] in (
            ["example", "com"],
            ["example", "org"],
            ["example", "net"],
            ["example", "edu"],
            ["mail", "example"],
        )


def test_hours_answers_fall_both_sides_of_the_minimum() -> None:
    hours = [
        int(dict(r.answers)[QUESTIONS[2]])
        for r in demo_responses(POSITIONS, count=400)
        if r.position_typed == "Backend Developer" and dict(r.answers)[QUESTIONS[2]].isdigit()
    ]
    assert min(hours) < 5 < max(hours)


def test_bad_arguments_are_bugs() -> None:
    with pytest.raises(ValueError):
        demo_responses([], count=1)
    with pytest.raises(ValueError):
        demo_responses(POSITIONS, count=-1)
    assert demo_responses(POSITIONS, count=0) == []


def test_the_newest_application_is_a_complete_one_to_backend_developer() -> None:
    matcher = PositionMatcher((p.slug, [p.apply_as_or_title]) for p in POSITIONS)
    for seed in (0, 1, 2):
        newest = max(demo_responses(POSITIONS, seed=seed), key=lambda r: r.submitted_at)
        assert matcher.match(newest.position_typed) == "backend"
        answers = dict(newest.answers)
        assert all(answers[q].strip() for q in QUESTIONS)
        assert "Python" in answers["Tell us about your relevant experience"]
        assert answers["GitHub / portfolio link"].startswith("https://github.com/")
        assert answers == dict(repair_text_pairs(newest.answers))


def repair_text_pairs(answers: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The answers as intake repairs them: a showcase answer needs no repair."""
    return [(q, repair_text(a)) for q, a in answers]


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common default umask, which lets files be made readable by other users."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_embedded_files(data_dir: Path) -> list[Path]:
    """An embedded database, its side files and folder left open by an older app."""
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    files = [data_dir / name for name in ("shared.sqlite3", "shared.sqlite3-wal")]
    for file in files:
        file.write_bytes(b"")
        file.chmod(0o644)
    return files


def test_an_existing_embedded_database_and_its_folder_are_tightened_on_start(
    tmp_path: Path, umask_022: None, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "data"
    files = open_embedded_files(data_dir)
    with caplog.at_level(logging.WARNING):
        assert not ensure_embedded_demo(data_dir)
    assert mode_of(data_dir) == 0o700
    assert [mode_of(file) for file in files] == [0o600, 0o600]
    notes = [record.getMessage() for record in caplog.records]
    assert len(notes) == 3
    assert notes[0].startswith(f"{data_dir} was open to other users of this computer (mode 0755)")
    assert all("applicants' personal data" in note for note in notes)


def test_the_notes_are_returned_for_the_window_once(tmp_path: Path, umask_022: None) -> None:
    data_dir = tmp_path / "data"
    open_embedded_files(data_dir)
    notes = restrict_embedded_database(data_dir)
    assert [note.split(" was open")[0] for note in notes] == [
        str(data_dir),
        str(data_dir / "shared.sqlite3"),
        str(data_dir / "shared.sqlite3-wal"),
    ]
    assert restrict_embedded_database(data_dir) == []


def test_a_data_folder_made_open_before_the_demo_is_private_once_the_demo_is_made(
    tmp_path: Path, umask_022: None
) -> None:
    # e.g. made by saving the settings at first launch, before the demo database.
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    with mock.patch("reviewer_app.intake.demo_import.load_demo"):
        assert ensure_embedded_demo(data_dir)
    assert (mode_of(data_dir), mode_of(data_dir / "shared.sqlite3")) == (0o700, 0o600)


def test_on_windows_modes_are_left_alone_and_nothing_fails(
    tmp_path: Path,
    umask_022: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(private_files, "_POSIX", False)
    data_dir = tmp_path / "data"
    files = open_embedded_files(data_dir)
    with caplog.at_level(logging.WARNING):
        assert not ensure_embedded_demo(data_dir)
        assert restrict_embedded_database(data_dir) == []
    assert [mode_of(path) for path in (data_dir, *files)] == [0o755, 0o644, 0o644]
    assert caplog.records == []
