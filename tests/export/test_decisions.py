"""Tests of reviewer_app/export/decisions.py and the ``export`` command: the decisions CSV."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    SyncStateRow,
)
from reviewer_app.cli import main
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.errors import UserError
from reviewer_app.export.decisions import ExportOptions, export_decisions
from reviewer_app.export.files import ExportTargetExists
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.actions import ReviewService
from reviewer_app.storage import atomic_files
from tests.cache.busy_writer import write_lock_held

MET, NOT_MET, UNSURE = CheckResult.MET, CheckResult.NOT_MET, CheckResult.UNSURE
BACKEND = (("python", "Python"), ("git-github", "Git/GitHub"))
TRANSLATOR = (("written-english", "Written English"), ("python", "Python"))
FIXED_BEFORE = [
    "Application ID",
    "Submitted at",
    "Name",
    "Email",
    "Position",
    "Position slug",
    "Stage",
    "Decision reason",
    "Decided by",
    "Decided at",
]
FIXED_AFTER = ["Reviewer results", "Notes", "As of"]


@pytest.fixture
def cache(data_dir: Path) -> Iterator[LocalCache]:
    """A new, empty local cache, synced once (an export refuses one that never synced)."""
    opened = LocalCache.open(data_dir)
    try:
        set_last_sync(opened, datetime(2024, 7, 1, tzinfo=UTC))
        yield opened
    finally:
        opened.close()


def _source(title: str, checks: tuple[tuple[str, str], ...]) -> str:
    lines = ["---", f'title: "{title}"', "checks:"]
    lines += [f'  - {{key: {key}, label: "{label}"}}' for key, label in checks]
    return "\n".join([*lines, "---", "", "Volunteer with us.", ""])


def add_position(
    cache: LocalCache,
    position_id: int,
    slug: str,
    title: str,
    checks: tuple[tuple[str, str], ...],
    version: int = 1,
) -> None:
    with cache.session() as session:
        session.add(
            CachedPosition(
                id=position_id,
                slug=slug,
                version=version,
                title=title,
                source=_source(title, checks),
                content_hash=f"hash-{position_id}",
                revision=position_id,
            )
        )


def add_application(
    cache: LocalCache,
    app_id: str,
    *,
    position_id: int | None = 1,
    submitted: datetime | None = datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
    name: str = "Ana-Maria Pop",
    email: str = "ana@example.org",
    typed: str = "Backend Developer",
) -> None:
    with cache.session() as session:
        session.add(
            CachedApplication(
                id=app_id,
                response_id=f"resp-{app_id}",
                submitted_at=submitted,
                name=name,
                email=email,
                position_typed=typed,
                position_id=position_id,
                content_hash=f"hash-{app_id}",
                revision=1,
            )
        )


def add_many_applications(cache: LocalCache, count: int) -> None:
    with cache.session() as session:
        session.add_all(
            CachedApplication(
                id=f"a{number:05}",
                response_id=f"resp-{number}",
                position_id=1,
                content_hash="h",
                submitted_at=datetime(2024, 1, 1, tzinfo=UTC),
            )
            for number in range(count)
        )


def add_checks(cache: LocalCache, app_id: str, reviewer: str, **results: CheckResult) -> None:
    with cache.session() as session:
        for key, result in results.items():
            session.add(
                CachedRequirementCheck(
                    application_id=app_id,
                    check_key=key.replace("_", "-"),
                    reviewer_name=reviewer,
                    result=result,
                )
            )


def add_decision(
    cache: LocalCache,
    app_id: str,
    stage: Stage,
    reason: str | None = None,
    by: str = "Bo",
) -> None:
    with cache.session() as session:
        session.add(
            CachedDecision(
                application_id=app_id,
                stage=stage,
                reason=reason,
                decided_by_name=by,
                decided_at=datetime(2024, 6, 2, 14, 0, 5, 123456, tzinfo=UTC),
            )
        )


def add_note(cache: LocalCache, app_id: str) -> None:
    with cache.session() as session:
        session.add(CachedNote(application_id=app_id, author_name="Ana", kind=NoteKind.TRIAGE))


def set_last_sync(cache: LocalCache, when: datetime) -> None:
    with cache.session() as session:
        session.get_one(SyncStateRow, SYNC_STATE_ID).last_sync_at = when


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture
def backend(cache: LocalCache) -> LocalCache:
    """A cache with the Backend Developer position (checks python, git-github)."""
    add_position(cache, 1, "backend-developer", "Backend Developer", BACKEND)
    return cache


def export(cache: LocalCache, path: Path, **options: object) -> list[dict[str, str]]:
    export_decisions(cache, path, ExportOptions(**options), force=True)  # type: ignore[arg-type]
    return read_rows(path)


def test_columns_are_in_documented_order_with_plain_labels_for_one_position(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "a1")
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions())
    expected = [*FIXED_BEFORE, "Python", "Git/GitHub", *FIXED_AFTER]
    assert report.columns == expected
    assert read_header(tmp_path / "out.csv") == expected
    assert report.rows == 1


def test_the_positions_are_parsed_by_the_catalogue_given(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "a1")
    catalogue = PositionCatalogue()
    export_decisions(backend, tmp_path / "out.csv", ExportOptions(), catalogue=catalogue)
    assert catalogue.kept == 1
    with backend.read_session() as session:
        position = session.get_one(CachedPosition, 1)
        parsed = catalogue.parsed(position.slug, position.source)
    assert [check.label for check in parsed.checks] == ["Python", "Git/GitHub"]
    assert catalogue.kept == 1  # the export's parse, used again


def test_a_row_holds_the_application_and_its_decision(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1")
    add_decision(backend, "a1", Stage.DECLINED, reason="Too few hours")
    (row,) = export(backend, tmp_path / "out.csv")
    assert row["Application ID"] == "a1"
    assert row["Submitted at"] == "2024-05-01T09:30:00Z"
    assert (row["Name"], row["Email"]) == ("Ana-Maria Pop", "ana@example.org")
    assert (row["Position"], row["Position slug"]) == ("Backend Developer", "backend-developer")
    assert (row["Stage"], row["Decision reason"]) == ("Declined", "Too few hours")
    assert (row["Decided by"], row["Decided at"]) == ("Bo", "2024-06-02T14:00:05Z")


def test_an_application_without_decision_is_new(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1")
    (row,) = export(backend, tmp_path / "out.csv")
    assert (row["Stage"], row["Decision reason"], row["Decided by"], row["Decided at"]) == (
        "New",
        "",
        "",
        "",
    )


def test_combined_results_are_met_not_met_unsure_mixed_or_empty(
    backend: LocalCache, tmp_path: Path
) -> None:
    for app_id in ("met", "not-met", "unsure", "mixed", "empty"):
        add_application(backend, app_id)
    add_checks(backend, "met", "Ana", python=MET)
    add_checks(backend, "met", "Bo", python=MET)
    add_checks(backend, "not-met", "Ana", python=NOT_MET)
    add_checks(backend, "unsure", "Ana", python=UNSURE)
    add_checks(backend, "unsure", "Bo", python=UNSURE)
    add_checks(backend, "mixed", "Ana", python=MET)
    add_checks(backend, "mixed", "Bo", python=UNSURE)
    rows = {row["Application ID"]: row for row in export(backend, tmp_path / "out.csv")}
    assert {app_id: row["Python"] for app_id, row in rows.items()} == {
        "met": "met",
        "not-met": "not met",
        "unsure": "unsure",
        "mixed": "mixed",
        "empty": "",
    }
    assert all(row["Git/GitHub"] == "" for row in rows.values())


def test_positions_exported_together_get_their_own_columns_never_shifted(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_position(backend, 2, "translator", "Translator", TRANSLATOR)
    add_application(backend, "dev", submitted=datetime(2024, 5, 1, tzinfo=UTC))
    add_application(backend, "tr", position_id=2, submitted=datetime(2024, 5, 2, tzinfo=UTC))
    add_application(
        backend, "lost", position_id=None, typed="Astronaut", submitted=datetime(2024, 5, 3)
    )
    # Both positions have a "python" check: each result must land in its own column.
    add_checks(backend, "dev", "Ana", python=MET, git_github=NOT_MET)
    add_checks(backend, "tr", "Ana", python=UNSURE, written_english=MET)
    add_checks(backend, "lost", "Ana", python=MET)
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions())
    checks = [
        "Backend Developer: Python",
        "Backend Developer: Git/GitHub",
        "Translator: Written English",
        "Translator: Python",
    ]
    assert report.columns == [*FIXED_BEFORE, *checks, *FIXED_AFTER]
    dev, tr, lost = read_rows(tmp_path / "out.csv")
    assert [dev[c] for c in checks] == ["met", "not met", "", ""]
    assert [tr[c] for c in checks] == ["", "", "met", "unsure"]
    assert [lost[c] for c in checks] == ["", "", "", ""]
    assert (lost["Position"], lost["Position slug"]) == ("Astronaut", "")
    assert lost["Reviewer results"] == "Ana: python=met"


def test_only_positions_with_exported_applications_get_columns(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_position(backend, 2, "translator", "Translator", TRANSLATOR)
    add_application(backend, "dev")
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions())
    assert report.columns == [*FIXED_BEFORE, "Python", "Git/GitHub", *FIXED_AFTER]


def test_check_columns_come_from_the_version_applied_to(
    backend: LocalCache, tmp_path: Path
) -> None:
    # Version 2 dropped git-github and added docker; the old applicant keeps version 1.
    add_position(
        backend,
        2,
        "backend-developer",
        "Backend Developer",
        (("python", "Python"), ("docker", "Docker")),
        version=2,
    )
    add_application(backend, "old", position_id=1, submitted=datetime(2024, 1, 1, tzinfo=UTC))
    add_application(backend, "new", position_id=2, submitted=datetime(2024, 2, 1, tzinfo=UTC))
    add_checks(backend, "old", "Ana", python=MET, git_github=UNSURE, docker=MET)
    add_checks(backend, "new", "Ana", python=NOT_MET, git_github=MET, docker=UNSURE)
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions())
    assert report.columns == [*FIXED_BEFORE, "Python", "Docker", "Git/GitHub", *FIXED_AFTER]
    old, new = read_rows(tmp_path / "out.csv")
    assert [old["Python"], old["Docker"], old["Git/GitHub"]] == ["met", "", "unsure"]
    assert [new["Python"], new["Docker"], new["Git/GitHub"]] == ["not met", "unsure", ""]
    # A result for a key the version lacks is still reported, after the version's checks.
    # Results are named by label; a label of another version of the position serves.
    assert old["Reviewer results"] == "Ana: Python=met, Git/GitHub=unsure, Docker=met"
    assert new["Reviewer results"] == "Ana: Python=not met, Docker=unsure, Git/GitHub=met"


def test_reviewer_results_list_reviewers_by_name_in_check_order(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "a1")
    add_checks(backend, "a1", "bo", python=NOT_MET)
    add_checks(backend, "a1", "Ana", git_github=UNSURE, python=MET)
    add_checks(backend, "a1", "Ödön; Jr: x=1, y", python=MET)
    (row,) = export(backend, tmp_path / "out.csv")
    assert row["Reviewer results"] == (
        "Ana: Python=met, Git/GitHub=unsure; bo: Python=not met; "
        "Ödön\\; Jr\\: x\\=1\\, y: Python=met"
    )


def test_no_checks_give_an_empty_reviewer_results_cell(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1")
    (row,) = export(backend, tmp_path / "out.csv")
    assert row["Reviewer results"] == ""


def test_notes_column_counts_notes(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "none", submitted=datetime(2024, 1, 1, tzinfo=UTC))
    add_application(backend, "three", submitted=datetime(2024, 1, 2, tzinfo=UTC))
    for _ in range(3):
        add_note(backend, "three")
    rows = export(backend, tmp_path / "out.csv")
    assert [row["Notes"] for row in rows] == ["0", "3"]


def test_as_of_is_the_last_sync(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1")
    synced = datetime(2024, 7, 1, 8, 15, 30, tzinfo=UTC)
    set_last_sync(backend, synced)
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions(), force=True)
    assert report.as_of == synced
    assert read_rows(tmp_path / "out.csv")[0]["As of"] == "2024-07-01T08:15:30Z"


def test_the_report_counts_the_reviewers_changes_not_synced_yet(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "a1")
    set_last_sync(backend, datetime(2024, 7, 1, 8, 15, 30, tzinfo=UTC))
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions(), force=True)
    assert report.unsynced == 0
    review = ReviewService(backend, "Bo")
    review.set_decision("a1", Stage.DECLINED, "Too few hours")
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions(), force=True)
    assert report.unsynced == 1
    assert read_rows(tmp_path / "out.csv")[0]["Stage"] == "Declined"


def test_rows_are_ordered_by_submitted_time_then_id(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "b", submitted=datetime(2024, 3, 1, tzinfo=UTC))
    add_application(backend, "z", submitted=None)
    add_application(backend, "c", submitted=datetime(2024, 1, 1, tzinfo=UTC))
    add_application(backend, "a", submitted=datetime(2024, 3, 1, tzinfo=UTC))
    rows = export(backend, tmp_path / "out.csv")
    assert [row["Application ID"] for row in rows] == ["c", "a", "b", "z"]
    assert rows[-1]["Submitted at"] == ""


def test_excel_format_is_utf8_with_bom_and_crlf(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1", name="Zoë")
    export_decisions(backend, tmp_path / "out.csv", ExportOptions(excel=True))
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfApplication ID,")
    assert data.count(b"\r\n") == 2
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert "Zoë".encode() in data


def test_plain_format_is_utf8_without_bom_and_lf(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1", name="Zoë")
    export_decisions(backend, tmp_path / "out.csv", ExportOptions(excel=False))
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"Application ID,")
    assert b"\r" not in data
    assert data.count(b"\n") == 2
    assert "Zoë".encode() in data


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x","click")', "+1", "-2", "@SUM(A1:A2)", "\tx", "\rx"],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(
    backend: LocalCache, tmp_path: Path, value: str
) -> None:
    add_application(backend, "a1", name=value, email=value)
    add_application(backend, "a2", position_id=None, typed=value)
    add_decision(backend, "a1", Stage.DECLINED, reason=value, by=value)
    add_checks(backend, "a1", value, python=MET)
    first, second = export(backend, tmp_path / "out.csv")
    safe = "'" + value
    assert [first[c] for c in ("Name", "Email", "Decision reason", "Decided by")] == [safe] * 4
    # A reviewer's name starts the cell ("=" in a name is escaped, which also defuses it).
    assert first["Reviewer results"][0] not in "=+-@\t\r"
    assert second["Position"] == safe


def test_normal_values_are_left_untouched(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1", name="Ana-Maria O'Neil", email="ana-maria@example.org")
    add_decision(backend, "a1", Stage.DECLINED, reason="Hours: 2 - too few, sorry")
    (row,) = export(backend, tmp_path / "out.csv")
    assert row["Name"] == "Ana-Maria O'Neil"
    assert row["Email"] == "ana-maria@example.org"
    assert row["Decision reason"] == "Hours: 2 - too few, sorry"


def test_commas_quotes_and_newlines_survive_a_round_trip(
    backend: LocalCache, tmp_path: Path
) -> None:
    reason = 'Said "no", twice;\nthen left'
    add_application(backend, "a1")
    add_decision(backend, "a1", Stage.DECLINED, reason=reason)
    (row,) = export(backend, tmp_path / "out.csv")
    assert row["Decision reason"] == reason


def test_no_identity_leaves_out_name_and_email(backend: LocalCache, tmp_path: Path) -> None:
    add_application(backend, "a1", name="Secret Person", email="secret@example.org")
    add_checks(backend, "a1", "Ana", python=MET)
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions(include_identity=False))
    assert "Name" not in report.columns
    assert "Email" not in report.columns
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "Secret Person" not in text
    assert "secret@example.org" not in text
    (row,) = read_rows(tmp_path / "out.csv")
    assert row["Reviewer results"] == "Ana: Python=met"


def test_an_existing_file_is_refused_without_force(backend: LocalCache, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    add_application(backend, "a1")
    with pytest.raises(ExportTargetExists) as caught:
        export_decisions(backend, target, ExportOptions())
    assert str(target) in str(caught.value)
    assert "--force" in str(caught.value)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_an_existing_file_is_replaced_with_force(backend: LocalCache, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    add_application(backend, "a1")
    export_decisions(backend, target, ExportOptions(), force=True)
    assert read_rows(target)[0]["Application ID"] == "a1"


def test_a_failure_mid_write_leaves_the_previous_file_intact(
    backend: LocalCache, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous export", encoding="utf-8")
    add_many_applications(backend, 2500)

    def crash(done: int, total: int) -> None:
        if done >= 2000:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        export_decisions(backend, target, ExportOptions(), force=True, progress=crash)
    assert target.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.csv"]


def test_a_full_disk_is_a_user_error_and_keeps_the_previous_file(
    backend: LocalCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous export", encoding="utf-8")
    add_application(backend, "a1")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_files.os, "fsync", disk_full)
    with pytest.raises(UserError) as caught:
        export_decisions(backend, target, ExportOptions(), force=True)
    assert str(target) in str(caught.value)
    assert os.strerror(errno.ENOSPC) in str(caught.value)
    assert target.read_text(encoding="utf-8") == "previous export"


def test_an_unwritable_folder_is_a_user_error(
    backend: LocalCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    target = tmp_path / "out.csv"
    with pytest.raises(UserError) as caught:
        export_decisions(backend, target, ExportOptions())
    assert str(target) in str(caught.value)
    assert os.strerror(errno.EACCES) in str(caught.value)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX modes and a non-root user"
)
def test_a_read_only_folder_is_a_user_error(backend: LocalCache, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        with pytest.raises(UserError, match="Permission denied"):
            export_decisions(backend, folder / "out.csv", ExportOptions())
    finally:
        folder.chmod(0o700)


def test_a_missing_folder_is_a_user_error(backend: LocalCache, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.csv"
    with pytest.raises(UserError) as caught:
        export_decisions(backend, target, ExportOptions())
    assert str(target) in str(caught.value)
    assert "does not exist" in str(caught.value)
    assert not target.parent.exists()


def test_a_file_as_folder_is_a_user_error(backend: LocalCache, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="not a folder"):
        export_decisions(backend, tmp_path / "notes.txt" / "out.csv", ExportOptions())


def test_a_folder_as_target_is_a_user_error(backend: LocalCache, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        export_decisions(backend, tmp_path, ExportOptions(), force=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_as_target_is_refused_even_with_force(backend: LocalCache, tmp_path: Path) -> None:
    pipe = tmp_path / "out.csv"
    os.mkfifo(pipe)
    with pytest.raises(UserError, match="not a regular file"):
        export_decisions(backend, pipe, ExportOptions(), force=True)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_filter_by_position_keeps_every_version_of_the_slug(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_position(backend, 2, "backend-developer", "Backend Developer", BACKEND, version=2)
    add_position(backend, 3, "translator", "Translator", TRANSLATOR)
    add_application(backend, "v1", position_id=1, submitted=datetime(2024, 1, 1, tzinfo=UTC))
    add_application(backend, "v2", position_id=2, submitted=datetime(2024, 1, 2, tzinfo=UTC))
    add_application(backend, "tr", position_id=3)
    add_application(backend, "lost", position_id=None)
    rows = export(backend, tmp_path / "out.csv", positions=("backend-developer",))
    assert [row["Application ID"] for row in rows] == ["v1", "v2"]
    assert "Python" in rows[0]


def test_an_unknown_position_slug_is_a_user_error(backend: LocalCache, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="backend-developer"):
        export_decisions(backend, tmp_path / "out.csv", ExportOptions(positions=("nope",)))


def test_filter_by_stage_treats_no_decision_as_new(backend: LocalCache, tmp_path: Path) -> None:
    for number, app_id in enumerate(("undecided", "new", "declined", "accepted")):
        add_application(backend, app_id, submitted=datetime(2024, 1, number + 1, tzinfo=UTC))
    add_decision(backend, "new", Stage.NEW)
    add_decision(backend, "declined", Stage.DECLINED, reason="No")
    add_decision(backend, "accepted", Stage.ACCEPTED)
    rows = export(backend, tmp_path / "out.csv", stages=("new", "declined"))
    assert [row["Application ID"] for row in rows] == ["undecided", "new", "declined"]
    rows = export(backend, tmp_path / "out.csv", stages=("accepted",))
    assert [row["Application ID"] for row in rows] == ["accepted"]


def test_an_unknown_stage_is_a_user_error_listing_valid_ones(
    backend: LocalCache, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="screening"):
        export_decisions(backend, tmp_path / "out.csv", ExportOptions(stages=("hired",)))


def test_filter_since_keeps_applications_submitted_on_or_after_the_date(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "before", submitted=datetime(2024, 4, 30, 23, 59, 59, tzinfo=UTC))
    add_application(backend, "midnight", submitted=datetime(2024, 5, 1, 0, 0, tzinfo=UTC))
    add_application(backend, "later", submitted=datetime(2024, 6, 1, tzinfo=UTC))
    add_application(backend, "unknown", submitted=None)
    rows = export(backend, tmp_path / "out.csv", since=date(2024, 5, 1))
    assert [row["Application ID"] for row in rows] == ["midnight", "later"]


def test_application_ids_export_exactly_those(backend: LocalCache, tmp_path: Path) -> None:
    for number in range(5):
        add_application(backend, f"a{number}", submitted=datetime(2024, 1, number + 1))
    report = export_decisions(
        backend, tmp_path / "out.csv", ExportOptions(), application_ids=["a3", "a1", "zz"]
    )
    assert report.rows == 2
    assert [row["Application ID"] for row in read_rows(tmp_path / "out.csv")] == ["a1", "a3"]


def test_progress_reports_rows_written_out_of_the_total(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_many_applications(backend, 1500)
    calls: list[tuple[int, int]] = []
    export_decisions(
        backend, tmp_path / "out.csv", ExportOptions(), progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1000, 1500), (1500, 1500)]


def test_cli_export_writes_the_file_and_reports_it(backend: LocalCache, tmp_path: Path) -> None:
    add_position(backend, 2, "translator", "Translator", TRANSLATOR)
    add_application(backend, "a1", name="=cmd()")
    add_application(backend, "a2", position_id=2)
    add_decision(backend, "a1", Stage.DECLINED, reason="No")
    set_last_sync(backend, datetime(2024, 7, 1, 8, 0, tzinfo=UTC))
    target = tmp_path / "out.csv"
    out = io.StringIO()
    status = main(
        [
            "export",
            "-o",
            str(target),
            "--data-dir",
            str(backend.path.parent),
            "--position",
            "backend-developer",
            "--position",
            "translator",
            "--stage",
            "declined",
            "--since",
            "2024-01-01",
            "--no-identity",
            "--plain",
        ],
        out=out,
    )
    assert status == 0
    assert out.getvalue() == f"Exported 1 application to {target} (as of 2024-07-01T08:00:00Z)\n"
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert "Name" not in header
    # Only the backend applicant is left, so its checks have their plain labels.
    assert "Python" in header
    assert not any(column.startswith("Translator") for column in header)
    assert [row[0] for row in rows] == ["a1"]


def test_cli_export_says_as_of_and_refuses_an_existing_file(
    backend: LocalCache, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_application(backend, "a1")
    target = tmp_path / "out.csv"
    args = ["export", "-o", str(target), "--data-dir", str(backend.path.parent)]
    out = io.StringIO()
    assert main(args, out=out) == 0
    assert out.getvalue() == f"Exported 1 application to {target} (as of 2024-07-01T00:00:00Z)\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(args, out=io.StringIO()) == 1
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force"], out=io.StringIO()) == 0


def test_cli_export_forced_onto_a_symbolic_link_refuses_and_keeps_link_and_file(
    backend: LocalCache, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_application(backend, "a1")
    real = tmp_path / "real.csv"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    args = ["export", "-o", str(link), "--force", "--data-dir", str(backend.path.parent)]
    assert main(args, out=io.StringIO()) == 1
    assert f"{link}: it is a symbolic link (to {real})" in capsys.readouterr().err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep"


def test_cli_export_reads_beside_a_writer_without_waiting_for_it(
    backend: LocalCache, tmp_path: Path
) -> None:
    # The window or a sync writing the same cache: WAL lets the export read meanwhile.
    add_application(backend, "a1")
    target = tmp_path / "out.csv"
    args = ["export", "-o", str(target), "--data-dir", str(backend.path.parent)]
    with write_lock_held(backend.path):
        assert main(args, out=io.StringIO()) == 0
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert [row[0] for row in csv.reader(handle)] == ["Application ID", "a1"]


def test_cli_export_rejects_a_bad_date_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", "-o", str(tmp_path / "x.csv"), "--since", "2024-13-01"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--since" in err
    assert "YYYY-MM-DD" in err


def test_cli_export_rejects_an_unknown_stage_listing_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "-o", str(tmp_path / "x.csv"), "--stage", "hired"])
    err = capsys.readouterr().err
    assert "--stage" in err
    assert all(stage.value in err for stage in Stage)


def test_cli_export_excel_and_plain_are_exclusive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "-o", str(tmp_path / "x.csv"), "--excel", "--plain"])
    assert "not allowed with" in capsys.readouterr().err


ROUND_TRIP_VALUES = [
    "Smith, Jane",
    'Jane "JJ" Smith',
    "two\nlines",
    "windows\r\nline break",
    "bare\rreturn inside",
    "emoji 🎉 👩🏽‍💻 ok",
    "مريم الحسيني",
    "שרה לוי, מתנדבת",
    "Zoë Ångström-Łódź",
    " leading and trailing space ",
    "tab\tinside",
]


@pytest.mark.parametrize("excel", [True, False], ids=["excel", "plain"])
@pytest.mark.parametrize("value", ROUND_TRIP_VALUES)
def test_reading_the_file_back_gives_exactly_the_cached_text(
    backend: LocalCache, tmp_path: Path, value: str, excel: bool
) -> None:
    add_application(backend, "a1", name=value, email=value, submitted=datetime(2024, 1, 1))
    add_application(backend, "a2", position_id=None, typed=value, submitted=datetime(2024, 1, 2))
    add_decision(backend, "a1", Stage.DECLINED, reason=value, by=value)
    export_decisions(backend, tmp_path / "out.csv", ExportOptions(excel=excel))
    encoding = "utf-8-sig" if excel else "utf-8"
    with (tmp_path / "out.csv").open(encoding=encoding, newline="") as handle:
        first, second = csv.DictReader(handle)
    assert [first[c] for c in ("Name", "Email", "Decision reason", "Decided by")] == [value] * 4
    assert second["Position"] == value
    assert (first["Application ID"], second["Application ID"]) == ("a1", "a2")


@pytest.mark.parametrize("excel", [True, False], ids=["excel", "plain"])
def test_formula_like_text_reads_back_as_itself_after_the_added_quote(
    backend: LocalCache, tmp_path: Path, excel: bool
) -> None:
    value = '=HYPERLINK("http://x","click"), then\n-1'
    add_application(backend, "a1", name=value)
    export_decisions(backend, tmp_path / "out.csv", ExportOptions(excel=excel))
    encoding = "utf-8-sig" if excel else "utf-8"
    with (tmp_path / "out.csv").open(encoding=encoding, newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["Name"] == "'" + value


def test_a_position_title_and_check_headers_that_look_like_formulas_are_neutralised(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_position(backend, 2, "sum", "@SUM(A1)", (("python", "=Python"),))
    add_application(backend, "dev", submitted=datetime(2024, 1, 1, tzinfo=UTC))
    add_application(backend, "sum", position_id=2, submitted=datetime(2024, 1, 2, tzinfo=UTC))
    add_checks(backend, "sum", "+Bo", python=MET)
    report = export_decisions(backend, tmp_path / "out.csv", ExportOptions())
    assert "@SUM(A1): =Python" in report.columns
    assert read_header(tmp_path / "out.csv") == [
        "'" + column if column[0] in "=+-@" else column for column in report.columns
    ]
    _dev, summed = read_rows(tmp_path / "out.csv")
    assert summed["Position"] == "'@SUM(A1)"
    assert summed["'@SUM(A1): =Python"] == "met"
    assert summed["Reviewer results"] == "'+Bo: \\=Python=met"


def test_filters_combine_with_and_and_repeated_values_with_or(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_position(backend, 2, "translator", "Translator", TRANSLATOR)
    add_position(backend, 3, "designer", "Designer", ())
    cases = [
        ("dev-declined", 1, Stage.DECLINED, datetime(2024, 5, 2, tzinfo=UTC)),
        ("dev-early", 1, Stage.DECLINED, datetime(2024, 4, 1, tzinfo=UTC)),
        ("dev-accepted", 1, Stage.ACCEPTED, datetime(2024, 5, 3, tzinfo=UTC)),
        ("tr-new", 2, None, datetime(2024, 5, 4, tzinfo=UTC)),
        ("designer-new", 3, None, datetime(2024, 5, 5, tzinfo=UTC)),
    ]
    for app_id, position_id, stage, submitted in cases:
        add_application(backend, app_id, position_id=position_id, submitted=submitted)
        if stage is not None:
            add_decision(backend, app_id, stage, reason="No")
    rows = export(
        backend,
        tmp_path / "out.csv",
        positions=("backend-developer", "translator"),
        stages=("declined", "new"),
        since=date(2024, 5, 1),
    )
    assert [row["Application ID"] for row in rows] == ["dev-declined", "tr-new"]


def test_an_export_longer_than_one_chunk_keeps_every_row_in_order(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_many_applications(backend, 2500)
    add_checks(backend, "a02499", "Ana", python=MET)
    add_decision(backend, "a01000", Stage.ACCEPTED)
    rows = export(backend, tmp_path / "out.csv")
    assert [row["Application ID"] for row in rows] == [f"a{n:05}" for n in range(2500)]
    assert rows[1000]["Stage"] == "Accepted"
    assert rows[2499]["Python"] == "met"
    assert rows[2498]["Python"] == ""


def test_a_cleared_result_and_a_deleted_note_are_never_exported(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "a1")
    add_checks(backend, "a1", "Ana", python=MET, git_github=UNSURE)
    add_checks(backend, "a1", "Bo", python=NOT_MET)
    add_note(backend, "a1")
    add_note(backend, "a1")
    with backend.session() as session:
        # Bo cleared his result, and one note was deleted: both rows stay as tombstones.
        check = session.scalars(
            select(CachedRequirementCheck).where(CachedRequirementCheck.reviewer_name == "Bo")
        ).one()
        check.result = None
        note = session.scalars(select(CachedNote)).first()
        assert note is not None
        note.body, note.deleted_at = "", datetime(2024, 6, 3, tzinfo=UTC)
    (row,) = export(backend, tmp_path / "out.csv")
    assert (row["Python"], row["Git/GitHub"]) == ("met", "unsure")
    assert row["Reviewer results"] == "Ana: Python=met, Git/GitHub=unsure"
    assert row["Notes"] == "1"


def test_an_application_whose_only_result_was_cleared_has_empty_check_cells(
    backend: LocalCache, tmp_path: Path
) -> None:
    add_application(backend, "a1")
    with backend.session() as session:
        session.add(
            CachedRequirementCheck(
                application_id="a1", check_key="python", reviewer_name="Ana", result=None
            )
        )
    (row,) = export(backend, tmp_path / "out.csv", positions=("backend-developer",))
    assert (row["Python"], row["Reviewer results"]) == ("", "")
