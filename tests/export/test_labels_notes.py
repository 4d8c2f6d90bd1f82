"""Tests of reviewer_app/export (issue 15, item 5): the export says what it does.

Check labels in "Reviewer results", stages as the window shows them, the optional
"Note texts" column (``--notes``), and a cache that never synced refused.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CachedNote
from reviewer_app.cli import main
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.export.decisions import ExportOptions, NeverSynced, export_decisions
from reviewer_app.export.rows import stage_text
from tests.export.test_decisions import (
    BACKEND,
    add_application,
    add_checks,
    add_decision,
    add_position,
    read_header,
    read_rows,
    set_last_sync,
)

SYNCED = datetime(2024, 7, 1, tzinfo=UTC)


@pytest.fixture
def never_synced(data_dir: Path) -> Iterator[LocalCache]:
    """A cache with the Backend Developer position and one application, never synced."""
    opened = LocalCache.open(data_dir)
    try:
        add_position(opened, 1, "backend-developer", "Backend Developer", BACKEND)
        add_application(opened, "a1")
        yield opened
    finally:
        opened.close()


@pytest.fixture
def synced(never_synced: LocalCache) -> LocalCache:
    """The same cache, synced once."""
    set_last_sync(never_synced, SYNCED)
    return never_synced


def add_note(
    cache: LocalCache,
    app_id: str,
    author: str,
    body: str,
    created: datetime,
    *,
    deleted: bool = False,
) -> None:
    with cache.session() as session:
        session.add(
            CachedNote(
                application_id=app_id,
                author_name=author,
                kind=NoteKind.TRIAGE,
                body=body,
                created_at=created,
                deleted_at=created if deleted else None,
            )
        )


# --- never synced -------------------------------------------------------------------------


def test_a_cache_that_never_synced_is_refused_and_nothing_is_created(
    never_synced: LocalCache, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(NeverSynced, match=r"never synced.*Sync first"):
        export_decisions(never_synced, folder / "out.csv", ExportOptions())
    assert list(folder.iterdir()) == []


def test_a_cache_that_never_synced_keeps_an_existing_file_even_with_force(
    never_synced: LocalCache, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(NeverSynced):
        export_decisions(never_synced, target, ExportOptions(), force=True)
    assert target.read_text() == "old"


def test_cli_export_from_a_cache_that_never_synced_exits_1_and_creates_nothing(
    never_synced: LocalCache, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    out = io.StringIO()
    status = main(
        ["export", "-o", str(target), "--data-dir", str(never_synced.path.parent)], out=out
    )
    assert status == 1
    assert not target.exists()
    assert out.getvalue() == ""
    err = capsys.readouterr().err
    assert err.startswith("error: Nothing exported: this computer has never synced")
    assert "uv run main.py sync" in err


# --- stages and labels --------------------------------------------------------------------


def test_stages_are_written_as_the_window_shows_them(synced: LocalCache, tmp_path: Path) -> None:
    add_application(synced, "a2", submitted=datetime(2024, 5, 2, tzinfo=UTC))
    add_decision(synced, "a2", Stage.ON_HOLD)
    rows = export_decisions_rows(synced, tmp_path / "out.csv")
    assert [row["Stage"] for row in rows] == ["New", "On hold"]
    assert [stage_text(stage.value) for stage in Stage] == [
        "New", "Screening", "Interview", "Accepted", "Declined", "Withdrawn", "On hold",
    ]  # fmt: skip


def test_the_stage_filter_still_takes_the_stage_keys(synced: LocalCache, tmp_path: Path) -> None:
    add_application(synced, "a2", submitted=datetime(2024, 5, 2, tzinfo=UTC))
    add_decision(synced, "a2", Stage.ON_HOLD)
    rows = export_decisions_rows(synced, tmp_path / "out.csv", stages=("on_hold",))
    assert [(row["Application ID"], row["Stage"]) for row in rows] == [("a2", "On hold")]


def test_reviewer_results_use_the_check_labels_not_the_keys(
    synced: LocalCache, tmp_path: Path
) -> None:
    add_checks(synced, "a1", "Ana", python=CheckResult.MET, git_github=CheckResult.NOT_MET)
    add_checks(synced, "a1", "Bo", python=CheckResult.UNSURE, removed_check=CheckResult.MET)
    (row,) = export_decisions_rows(synced, tmp_path / "out.csv")
    # A key no version of the position has keeps its key: there is no label to show.
    assert row["Reviewer results"] == (
        "Ana: Python=met, Git/GitHub=not met; Bo: Python=unsure, removed-check=met"
    )
    assert "python=" not in row["Reviewer results"]


def test_a_label_with_the_grammars_characters_is_escaped(
    never_synced: LocalCache, tmp_path: Path
) -> None:
    add_position(never_synced, 2, "writer", "Writer", (("style", "Tone; style, voice=ok"),))
    add_application(never_synced, "w1", position_id=2)
    set_last_sync(never_synced, SYNCED)
    add_checks(never_synced, "w1", "Ana", style=CheckResult.MET)
    rows = export_decisions_rows(never_synced, tmp_path / "out.csv", positions=("writer",))
    assert rows[0]["Reviewer results"] == "Ana: Tone\\; style\\, voice\\=ok=met"


# --- note texts ---------------------------------------------------------------------------


def test_note_texts_are_left_out_unless_asked_for(synced: LocalCache, tmp_path: Path) -> None:
    add_note(synced, "a1", "Ana", "Strong Python.", datetime(2024, 5, 3, 10, tzinfo=UTC))
    export_decisions(synced, tmp_path / "out.csv", ExportOptions())
    assert "Note texts" not in read_header(tmp_path / "out.csv")
    assert "Strong Python." not in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_note_texts_list_each_note_as_author_date_text_oldest_first(
    synced: LocalCache, tmp_path: Path
) -> None:
    add_application(synced, "a2", submitted=datetime(2024, 5, 2, tzinfo=UTC))
    add_note(synced, "a1", "Bo", "Call back.\nAfter June.", datetime(2024, 5, 4, 9, tzinfo=UTC))
    add_note(synced, "a1", "Ana", "Strong Python. ", datetime(2024, 5, 3, 23, tzinfo=UTC))
    add_note(synced, "a1", "Ana", "Wrong applicant", datetime(2024, 5, 5, tzinfo=UTC), deleted=True)
    report = export_decisions(
        synced, tmp_path / "out.csv", ExportOptions(include_notes=True), force=True
    )
    assert report.columns[-4:] == ["Reviewer results", "Notes", "Note texts", "As of"]
    one, two = read_rows(tmp_path / "out.csv")
    assert one["Notes"] == "2"
    assert one["Note texts"] == (
        "Ana, 2024-05-03: Strong Python.\n\nBo, 2024-05-04: Call back.\nAfter June."
    )
    assert two["Note texts"] == ""


def test_note_texts_are_neutralised(synced: LocalCache, tmp_path: Path) -> None:
    add_note(synced, "a1", "=Ana", "=1+1", datetime(2024, 5, 3, tzinfo=UTC))
    (row,) = export_decisions_rows(synced, tmp_path / "out.csv", include_notes=True)
    assert row["Note texts"] == "'=Ana, 2024-05-03: =1+1"


def test_note_texts_follow_the_chosen_applications(synced: LocalCache, tmp_path: Path) -> None:
    add_application(synced, "a2", submitted=datetime(2024, 5, 2, tzinfo=UTC))
    add_note(synced, "a1", "Ana", "one", datetime(2024, 5, 3, tzinfo=UTC))
    add_note(synced, "a2", "Ana", "two", datetime(2024, 5, 3, tzinfo=UTC))
    export_decisions(
        synced,
        tmp_path / "out.csv",
        ExportOptions(include_notes=True),
        application_ids=["a2"],
    )
    (row,) = read_rows(tmp_path / "out.csv")
    assert (row["Application ID"], row["Note texts"]) == ("a2", "Ana, 2024-05-03: two")


def test_cli_export_notes_adds_the_note_texts(synced: LocalCache, tmp_path: Path) -> None:
    add_note(synced, "a1", "Ana", "Strong Python.", datetime(2024, 5, 3, tzinfo=UTC))
    target = tmp_path / "out.csv"
    args = ["export", "-o", str(target), "--data-dir", str(synced.path.parent), "--notes"]
    assert main(args, out=io.StringIO()) == 0
    (row,) = read_rows(target)
    assert row["Note texts"] == "Ana, 2024-05-03: Strong Python."


def export_decisions_rows(cache: LocalCache, path: Path, **options: object) -> list[dict[str, str]]:
    export_decisions(cache, path, ExportOptions(**options), force=True)  # type: ignore[arg-type]
    return read_rows(path)
