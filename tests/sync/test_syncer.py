"""Tests of sync between local caches and the shared database (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import (
    CacheBase,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedRequirementCheck,
    Conflict,
    OutboxOperation,
)
from reviewer_app.cli import main
from reviewer_app.config.settings import Settings
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import NotYourNote, ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.erase import erase_application
from reviewer_app.sync import CacheOfOtherDatabase, CacheOwnedByOther, Syncer, SyncUnavailable
from tests.sync_support import (
    OpenCache,
    add_applications,
    add_position,
    cache_rows,
    server_count,
    server_rows,
)


class Interrupted(Exception):
    """Raised by a progress callback to cut a sync short."""


@pytest.fixture
def shared(shared_url: str) -> Iterator[SharedDatabase]:
    """A migrated shared database, on SQLite and on PostgreSQL."""
    db = SharedDatabase(shared_url)
    db.migrate()
    yield db
    db.dispose()


def interrupt_at(phase: str, call: int) -> Callable[[str, int, int], None]:
    """Returns a progress callback that raises at its ``call``-th report of ``phase``."""
    seen = 0

    def progress(reported: str, _done: int, _total: int) -> None:
        nonlocal seen
        if reported == phase:
            seen += 1
            if seen == call:
                raise Interrupted(f"{phase} #{call}")

    return progress


def _decision(cache: LocalCache, application_id: str) -> tuple[Any, ...] | None:
    with cache.read_session() as session:
        row = session.get(CachedDecision, application_id)
        return None if row is None else (row.stage, row.reason, row.decided_by_name)


def _conflicts(cache: LocalCache) -> list[Conflict]:
    with cache.read_session() as session:
        return list(session.scalars(select(Conflict).order_by(Conflict.id)))


def test_push_then_pull_round_trip_between_two_reviewers(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    app, _other = add_applications(shared, 2)
    position = add_position(shared)
    rae, sam = open_cache("rae"), open_cache("sam")
    first = Syncer(rae, shared, "Rae", "rae@example.org").sync()
    assert (first.pushed, first.pulled) == (0, 3)
    Syncer(sam, shared, "Sam").sync()

    review = ReviewService(rae, "Rae")
    review.set_check(app, "python", CheckResult.MET, "PyPI packages")
    note_id = review.save_note(app, NoteKind.TRIAGE, "Strong candidate").note_id
    review.set_decision(app, Stage.INTERVIEW)
    review.assign_position(app, position)
    result = Syncer(rae, shared, "Rae", "rae@example.org").sync()
    assert (result.pushed, result.conflicts) == (4, 0)
    assert rae.pending_operations() == 0
    assert rae.sync_state().last_revision == result.revision

    pulled = Syncer(sam, shared, "Sam").sync()
    assert pulled.revision == result.revision
    assert cache_rows(sam) == cache_rows(rae)
    with sam.read_session() as session:
        check = session.scalars(select(CachedRequirementCheck)).one()
        note = session.get_one(CachedNote, note_id)
        assert session.get_one(CachedApplication, app).position_id == position
    assert (check.reviewer_name, check.result, check.comment) == (
        "Rae",
        CheckResult.MET,
        "PyPI packages",
    )
    assert (note.author_name, note.body) == ("Rae", "Strong candidate")
    assert _decision(sam, app) == (Stage.INTERVIEW, None, "Rae")
    assert server_count(shared, models.DecisionHistory, application_id=app) == 1


def test_push_is_idempotent_when_the_reply_is_lost(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.set_decision(app, Stage.SCREENING)
    review.save_note(app, NoteKind.TRIAGE, "Call back")
    review.set_check(app, "english", CheckResult.UNSURE)

    # The server commits the batch; the laptop fails before it hears back.
    with pytest.raises(Interrupted):
        Syncer(rae, shared, "Rae", progress=interrupt_at("push", 1)).sync()
    assert rae.pending_operations() == 3
    assert server_count(shared, models.AppliedOperation) == 3

    result = Syncer(rae, shared, "Rae").sync()
    assert (result.pushed, result.conflicts) == (3, 0)
    assert rae.pending_operations() == 0
    assert server_count(shared, models.AppliedOperation) == 3
    assert server_count(shared, models.DecisionHistory) == 1
    assert server_count(shared, models.Note) == 1
    assert server_count(shared, models.RequirementCheck) == 1
    assert _decision(rae, app) == (Stage.SCREENING, None, "Rae")


def test_concurrent_decisions_conflict_and_the_server_keeps_the_first(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    rae, sam = open_cache("rae"), open_cache("sam")
    for cache, name in ((rae, "Rae"), (sam, "Sam")):
        Syncer(cache, shared, name).sync()
    ReviewService(rae, "Rae").set_decision(app, Stage.ACCEPTED)
    sams_review = ReviewService(sam, "Sam")
    sams_review.set_decision(app, Stage.DECLINED, "No availability")

    assert Syncer(rae, shared, "Rae").sync().conflicts == 0
    result = Syncer(sam, shared, "Sam").sync()
    assert result.conflicts == 1
    (conflict,) = _conflicts(sam)
    assert conflict.theirs is not None
    assert (conflict.theirs["stage"], conflict.theirs["reason"]) == ("accepted", None)
    assert conflict.mine == {"stage": "declined", "reason": "No availability"}
    assert conflict.their_author == "Rae"
    assert conflict.their_time is not None
    # The server kept Rae's decision, and Sam's cache shows it.
    with shared.session() as session:
        assert session.get_one(models.Decision, app).stage == Stage.ACCEPTED
    assert _decision(sam, app) == (Stage.ACCEPTED, None, "Rae")

    sams_review.apply_mine(conflict.id)
    assert Syncer(sam, shared, "Sam").sync().conflicts == 0
    Syncer(rae, shared, "Rae").sync()
    assert _decision(rae, app) == (Stage.DECLINED, "No availability", "Sam")
    assert server_count(shared, models.DecisionHistory, application_id=app) == 2

    # Rae, unaware, answers from her old base: now she gets the conflict, and keeps Sam's.
    with rae.session() as session:
        session.execute(delete(CachedDecision))  # forget Sam's decision: a stale base
    ReviewService(rae, "Rae").set_decision(app, Stage.ON_HOLD)
    assert Syncer(rae, shared, "Rae").sync().conflicts == 1
    (theirs,) = _conflicts(rae)
    ReviewService(rae, "Rae").keep_theirs(theirs.id)
    assert rae.pending_operations() == 0
    assert _decision(rae, app) == (Stage.DECLINED, "No availability", "Sam")


def test_a_reviewer_never_conflicts_with_their_own_offline_edits(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.set_decision(app, Stage.SCREENING)
    review.set_decision(app, Stage.INTERVIEW)
    review.set_decision(app, Stage.INTERVIEW)
    result = Syncer(rae, shared, "Rae").sync()
    assert result.conflicts == 0
    assert _decision(rae, app) == (Stage.INTERVIEW, None, "Rae")
    assert server_count(shared, models.DecisionHistory, application_id=app) == 2


def test_checks_and_notes_of_two_reviewers_never_conflict(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    caches = {"Rae": open_cache("rae"), "Sam": open_cache("sam")}
    for name, cache in caches.items():
        Syncer(cache, shared, name).sync()
    for name, cache in caches.items():
        review = ReviewService(cache, name)
        review.set_check(app, "python", CheckResult.MET, f"{name} says yes")
        review.save_note(app, NoteKind.TRIAGE, f"{name}'s note")
    results = [Syncer(cache, shared, name).sync() for name, cache in caches.items()]
    assert [r.conflicts for r in results] == [0, 0]
    Syncer(caches["Rae"], shared, "Rae").sync()
    assert cache_rows(caches["Rae"]) == cache_rows(caches["Sam"])
    with caches["Rae"].read_session() as session:
        checks = session.execute(
            select(CachedRequirementCheck.reviewer_name, CachedRequirementCheck.comment)
        ).all()
        notes = session.scalars(select(CachedNote.body)).all()
    assert sorted(checks) == [("Rae", "Rae says yes"), ("Sam", "Sam says yes")]
    assert sorted(notes) == ["Rae's note", "Sam's note"]


def test_editing_another_reviewers_note_is_refused_locally_and_on_the_server(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    rae, sam = open_cache("rae"), open_cache("sam")
    Syncer(rae, shared, "Rae").sync()
    note_id = ReviewService(rae, "Rae").save_note(app, NoteKind.TRIAGE, "Mine").note_id
    Syncer(rae, shared, "Rae").sync()
    Syncer(sam, shared, "Sam").sync()
    with pytest.raises(NotYourNote):
        ReviewService(sam, "Sam").save_note(app, NoteKind.TRIAGE, "Theirs", note_id)
    # A forged operation (a tampered cache) gets no further on the server.
    with sam.session() as session:
        session.add(
            OutboxOperation(
                kind="save_note",
                application_id=app,
                payload={
                    "note_id": note_id,
                    "kind": "triage",
                    "body": "Forged",
                    "created_at": None,
                    "edited_at": None,
                },
            )
        )
    Syncer(sam, shared, "Sam").sync()
    with shared.session() as session:
        assert session.get_one(models.Note, note_id).body == "Mine"


def test_erasure_removes_the_application_its_rows_and_pending_operations(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    erased, kept = add_applications(shared, 2)
    rae, sam = open_cache("rae"), open_cache("sam")
    Syncer(sam, shared, "Sam").sync()
    ReviewService(sam, "Sam").save_note(erased, NoteKind.TRIAGE, "Synced note")
    ReviewService(sam, "Sam").set_decision(erased, Stage.SCREENING)
    Syncer(sam, shared, "Sam").sync()
    Syncer(rae, shared, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.set_check(erased, "python", CheckResult.MET)
    review.set_check(kept, "python", CheckResult.MET)

    erase_application(shared, erased)
    # Rae's pending check on the erased application is dropped on the server.
    result = Syncer(rae, shared, "Rae").sync()
    assert result.deleted == 1
    assert rae.pending_operations() == 0
    with rae.read_session() as session:
        assert session.get(CachedApplication, erased) is None
        assert session.get(CachedApplication, kept) is not None
        for model in (CachedRequirementCheck, CachedNote, CachedDecision):
            ids = session.scalars(select(model.application_id)).all()
            assert erased not in ids
    assert server_count(shared, models.RequirementCheck, application_id=erased) == 0

    # Sam has a pending change to it too; a pull (here without the push before it)
    # applies the tombstone, which drops the change.
    ReviewService(sam, "Sam").set_check(erased, "english", CheckResult.MET)
    assert Syncer(sam, shared, "Sam").pull_into(sam).deleted == 1
    assert sam.pending_operations() == 0
    assert cache_rows(sam)["applications"] == cache_rows(rae)["applications"]


def test_pull_resumes_where_an_interrupted_pull_stopped(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    apps = add_applications(shared, 12)
    add_position(shared)
    writer = open_cache("writer")
    Syncer(writer, shared, "Rae").sync()
    review = ReviewService(writer, "Rae")
    for app in apps[:6]:
        review.set_check(app, "python", CheckResult.MET)
        review.set_decision(app, Stage.SCREENING)
    erase_application(shared, apps[-1])
    Syncer(writer, shared, "Rae").sync()

    reference = open_cache("reference")
    Syncer(reference, shared, "Ref").sync()
    resumed = open_cache("resumed")
    with pytest.raises(Interrupted):
        Syncer(resumed, shared, "Res", page_size=5, progress=interrupt_at("pull", 3)).sync()
    cursor = resumed.sync_state().last_revision
    assert 0 < cursor < reference.sync_state().last_revision
    seen: list[int] = []
    result = Syncer(
        resumed, shared, "Res", page_size=5, progress=lambda p, d, t: seen.append(d)
    ).sync()
    assert result.revision == reference.sync_state().last_revision
    assert cache_rows(resumed) == cache_rows(reference)
    # It went on from the cursor rather than starting again.
    assert result.pulled < sum(len(rows) for rows in cache_rows(reference).values())


def test_count_mismatch_downloads_the_cache_afresh_keeping_local_work(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    first, second, third = add_applications(shared, 3)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.set_decision(first, Stage.SCREENING)
    # Behind the syncer's back: a row goes missing.
    with rae.session() as session:
        session.execute(delete(CachedApplication).where(CachedApplication.id == second))

    def edit_during_sync(phase: str, _done: int, _total: int) -> None:
        # A change made in the window while the sync runs: pending when the check runs.
        if phase == "push":
            review.set_check(third, "python", CheckResult.NOT_MET, "kept")

    result = Syncer(rae, shared, "Rae", progress=edit_during_sync).sync()
    assert result.rebuilt
    # The counts say that everything came down again.
    assert result.pulled >= 3
    assert rae.pending_operations() == 1
    with rae.read_session() as session:
        assert session.get(CachedApplication, second) is not None
        check = session.scalars(select(CachedRequirementCheck)).one()
    assert (check.comment, check.revision) == ("kept", None)
    assert not (rae.path.parent / ".cache-rebuild").exists()

    assert not Syncer(rae, shared, "Rae").sync().rebuilt
    reference = open_cache("reference")
    Syncer(reference, shared, "Ref").sync()
    assert cache_rows(rae) == cache_rows(reference)


def test_unreachable_database_raises_and_records_the_failure(
    pg_url: str, open_cache: OpenCache
) -> None:
    shared = SharedDatabase(pg_url)
    shared.migrate()
    (app,) = add_applications(shared, 1)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    ReviewService(rae, "Rae").set_decision(app, Stage.SCREENING)
    before = cache_rows(rae)
    shared.dispose()

    down = SharedDatabase("postgresql://postgres@127.0.0.1:1/nowhere")
    with pytest.raises(SyncUnavailable, match=r"127\.0\.0\.1:1"):
        Syncer(rae, down, "Rae").sync()
    state = rae.sync_state()
    assert state.last_error is not None and "127.0.0.1:1" in state.last_error
    assert state.last_attempt_at is not None
    assert cache_rows(rae) == before
    assert rae.pending_operations() == 1

    shared = SharedDatabase(pg_url)
    Syncer(rae, shared, "Rae").sync()
    assert rae.sync_state().last_error is None
    shared.dispose()


def test_a_cache_is_synced_by_its_own_reviewer_only(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    with pytest.raises(CacheOwnedByOther, match="Rae"):
        Syncer(rae, shared, "Sam").sync()


def test_a_cache_never_mixes_two_shared_databases(
    shared: SharedDatabase, open_cache: OpenCache, tmp_path: Path
) -> None:
    add_applications(shared, 2)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    before = cache_rows(rae)
    other = SharedDatabase(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other.migrate()
    add_applications(other, 3)
    try:
        with pytest.raises(CacheOfOtherDatabase, match="another shared database"):
            Syncer(rae, other, "Rae").sync()
    finally:
        other.dispose()
    assert cache_rows(rae) == before
    assert Syncer(rae, shared, "Rae").sync().pulled == 0


def test_pull_never_passes_a_revision_still_in_flight(pg_url: str, open_cache: OpenCache) -> None:
    shared = SharedDatabase(pg_url)
    shared.migrate()
    add_applications(shared, 1)
    cache = open_cache("reader")
    Syncer(cache, shared, "Reader").sync()
    start = cache.sync_state().last_revision

    a_has_revision = threading.Event()
    a_may_commit = threading.Event()
    b_committed = threading.Event()
    errors: list[BaseException] = []

    def writer_a() -> None:
        try:
            with shared.session() as session:
                session.add(models.Reviewer(name="A"))
                session.flush()  # A holds its revision (and the counter) uncommitted
                a_has_revision.set()
                assert a_may_commit.wait(10)
        except BaseException as exc:
            errors.append(exc)

    def writer_b() -> None:
        try:
            with shared.session() as session:
                session.add(models.Reviewer(name="B"))
            b_committed.set()
        except BaseException as exc:
            errors.append(exc)

    a = threading.Thread(target=writer_a)
    a.start()
    assert a_has_revision.wait(10)
    b = threading.Thread(target=writer_b)
    b.start()
    # B cannot take a revision, let alone commit, while A's is in flight...
    assert not b_committed.wait(0.5)
    # ...and a pull in between neither waits for them nor passes A's revision.
    result = Syncer(cache, shared, "Reader").sync()
    assert result.revision == start
    a_may_commit.set()
    a.join(10)
    b.join(10)
    assert not errors
    result = Syncer(cache, shared, "Reader").sync()
    assert result.revision == start + 2
    with cache.read_session() as session:
        names = set(session.scalars(select(models.Reviewer.name).select_from(models.Reviewer)))
    assert {"A", "B"} <= names
    shared.dispose()


def test_cli_sync_prints_counts_as_json(
    shared_url: str, shared: SharedDatabase, tmp_path: Path
) -> None:
    add_applications(shared, 2)
    data_dir = tmp_path / "cli"
    Settings(reviewer_name="Rae").save(_made(data_dir))
    out = io.StringIO()
    assert main(["sync", "--shared", shared_url, "--data-dir", str(data_dir), "--json"], out) == 0
    counts = json.loads(out.getvalue().splitlines()[-1])
    assert counts == {
        "pushed": 0,
        "pulled": 2,
        "deleted": 0,
        "conflicts": 0,
        "revision": 2,
        "recovered": 0,
    }


def test_cli_sync_exits_1_when_the_database_is_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _made(tmp_path / "cli")
    url = "postgresql://postgres@127.0.0.1:1/nowhere"
    args = ["sync", "--shared", url, "--data-dir", str(data_dir), "--reviewer", "Rae"]
    assert main(args, io.StringIO()) == 1
    assert "127.0.0.1:1" in capsys.readouterr().err
    with LocalCache.open(data_dir) as cache:
        assert cache.sync_state().last_error is not None
        assert cache_rows(cache)["applications"] == []


def test_cli_sync_needs_a_reviewer_name(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["sync", "--shared", sqlite_url, "--data-dir", str(_made(tmp_path / "cli"))]
    assert main(args, io.StringIO()) == 1
    assert "--reviewer" in capsys.readouterr().err


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_pulled_row_does_not_overwrite_a_pending_local_change(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    rae, sam = open_cache("rae"), open_cache("sam")
    for cache, name in ((rae, "Rae"), (sam, "Sam")):
        Syncer(cache, shared, name).sync()
    ReviewService(sam, "Sam").set_decision(app, Stage.ACCEPTED)
    Syncer(sam, shared, "Sam").sync()
    ReviewService(rae, "Rae").set_decision(app, Stage.ON_HOLD)

    # A pull alone (as when a change is made while a sync runs) keeps Rae's edit...
    Syncer(rae, shared, "Rae").pull_into(rae)
    assert _decision(rae, app) == (Stage.ON_HOLD, None, "Rae")
    assert rae.pending_operations() == 1
    # ...and the next sync pushes it, finds Sam's newer decision, and shows the conflict.
    assert Syncer(rae, shared, "Rae").sync().conflicts == 1
    assert _decision(rae, app) == (Stage.ACCEPTED, None, "Sam")
    Syncer(sam, shared, "Sam").sync()
    assert cache_rows(rae) == cache_rows(sam)


def test_a_page_boundary_between_a_row_and_its_newer_application_does_not_break_pull(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    # A check made before its application changed again (a position assigned, a
    # re-import) has a lower revision than the application: on a first sync the check's
    # page comes before the application's.
    apps = add_applications(shared, 3)
    position = add_position(shared)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    review = ReviewService(rae, "Rae")
    for app in apps:
        review.set_check(app, "python", CheckResult.MET)
        review.save_note(app, NoteKind.TRIAGE, "note")
        review.set_decision(app, Stage.SCREENING)
    Syncer(rae, shared, "Rae").sync()
    for app in apps:
        review.assign_position(app, position)
    Syncer(rae, shared, "Rae").sync()

    for page_size in (1, 2, 3, 5):
        fresh = open_cache(f"fresh-{page_size}")
        result = Syncer(fresh, shared, "Fresh", page_size=page_size).sync()
        assert not result.rebuilt
        assert result.revision == rae.sync_state().last_revision
        assert cache_rows(fresh) == cache_rows(rae), f"page size {page_size}"


def test_a_change_made_while_the_cache_is_downloaded_afresh_is_kept(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    first, second, third = add_applications(shared, 3)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    review = ReviewService(rae, "Rae")
    review.set_decision(first, Stage.SCREENING)
    with rae.session() as session:
        session.execute(delete(CachedApplication).where(CachedApplication.id == second))
    phases: list[str] = []

    def edit_during_rebuild(phase: str, _done: int, _total: int) -> None:
        # The window stays usable while the fresh copy downloads (after the check).
        if phase == "pull" and "check" in phases and "edited" not in phases:
            phases.append("edited")
            review.set_check(third, "python", CheckResult.MET, "during rebuild")
            review.set_decision(first, Stage.INTERVIEW)
        phases.append(phase)

    result = Syncer(rae, shared, "Rae", progress=edit_during_rebuild).sync()
    assert result.rebuilt and "edited" in phases
    assert rae.pending_operations() == 2
    with rae.read_session() as session:
        check = session.scalars(select(CachedRequirementCheck)).one()
        assert session.get(CachedApplication, second) is not None
    assert (check.comment, check.revision) == ("during rebuild", None)
    assert _decision(rae, first) == (Stage.INTERVIEW, None, "Rae")

    Syncer(rae, shared, "Rae").sync()
    assert rae.pending_operations() == 0
    reference = open_cache("reference")
    Syncer(reference, shared, "Ref").sync()
    assert cache_rows(rae) == cache_rows(reference)
    assert server_count(shared, models.RequirementCheck) == 1


def test_erasure_leaves_no_personal_data_in_the_record_of_applied_operations(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    erased, kept = add_applications(shared, 2)
    rae, sam = open_cache("rae"), open_cache("sam")
    for cache, name in ((rae, "Rae"), (sam, "Sam")):
        Syncer(cache, shared, name).sync()
    ReviewService(rae, "Rae").set_decision(erased, Stage.DECLINED, "Rae's private reason")
    Syncer(rae, shared, "Rae").sync()
    sams = ReviewService(sam, "Sam")
    sams.set_decision(erased, Stage.DECLINED, "Sam's private reason")
    sams.set_decision(kept, Stage.DECLINED, "Kept reason")
    # The server commits Sam's push (a conflict quoting both reasons); Sam never hears.
    with pytest.raises(Interrupted):
        Syncer(sam, shared, "Sam", progress=interrupt_at("push", 1)).sync()

    erase_application(shared, erased)
    with shared.session() as session:
        outcomes = json.dumps(session.scalars(select(models.AppliedOperation.outcome)).all())
    assert "private reason" not in outcomes

    # Pushed again, the operation on the erased application is simply dropped.
    result = Syncer(sam, shared, "Sam").sync()
    assert (result.conflicts, sam.pending_operations()) == (0, 0)
    assert _conflicts(sam) == []
    assert _decision(sam, kept) == (Stage.DECLINED, "Kept reason", "Sam")


@pytest.mark.parametrize("table", ["reviewers", "positions", "decision_history"])
def test_count_check_covers_every_mirrored_table(
    shared: SharedDatabase, open_cache: OpenCache, table: str
) -> None:
    (app,) = add_applications(shared, 1)
    add_position(shared)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    ReviewService(rae, "Rae").set_decision(app, Stage.SCREENING)
    Syncer(rae, shared, "Rae").sync()
    with rae.session() as session:
        session.execute(delete(CacheBase.metadata.tables[table]))

    assert Syncer(rae, shared, "Rae").sync().rebuilt
    reference = open_cache("reference")
    Syncer(reference, shared, "Ref").sync()
    assert cache_rows(rae) == cache_rows(reference)


def test_a_failure_that_is_not_the_users_to_fix_is_recorded_too(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    (app,) = add_applications(shared, 1)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    succeeded_at = rae.sync_state().last_sync_at
    ReviewService(rae, "Rae").set_decision(app, Stage.SCREENING)

    def broken(_phase: str, _done: int, _total: int) -> None:
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        Syncer(rae, shared, "Rae", progress=broken).sync()
    state = rae.sync_state()
    assert state.last_error is not None and "a bug" in state.last_error
    assert state.last_attempt_at is not None and state.last_attempt_at > succeeded_at
    assert state.last_sync_at == succeeded_at


def test_acceptance_alice_offline_bob_online(pg_url: str, open_cache: OpenCache) -> None:
    shared = SharedDatabase(pg_url)
    shared.migrate()
    app, _other = add_applications(shared, 2)
    alice, bob = open_cache("alice"), open_cache("bob")
    Syncer(alice, shared, "alice").sync()
    Syncer(bob, shared, "bob").sync()

    # Alice works offline: everything goes to her cache and outbox only.
    review = ReviewService(alice, "alice")
    review.set_check(app, "python", CheckResult.MET, "PyPI packages")
    review.set_check(app, "english", CheckResult.UNSURE)
    note_id = review.save_note(app, NoteKind.TRIAGE, "Strong candidate").note_id
    review.set_decision(app, Stage.INTERVIEW)
    offline = cache_rows(alice)
    down = SharedDatabase("postgresql://postgres@127.0.0.1:1/x")
    with pytest.raises(SyncUnavailable, match=r"127\.0\.0\.1:1"):
        Syncer(alice, down, "alice").sync()
    down.dispose()
    assert cache_rows(alice) == offline
    assert alice.pending_operations() == 4
    assert alice.sync_state().last_error is not None

    # Bob, online, decides the same application differently.
    ReviewService(bob, "bob").set_decision(app, Stage.DECLINED, "No availability")
    assert Syncer(bob, shared, "bob").sync().conflicts == 0

    # Alice is back: her checks and note arrive, the decision is hers to resolve.
    result = Syncer(alice, shared, "alice").sync()
    assert (result.pushed, result.conflicts) == (4, 1)
    assert alice.pending_operations() == 0
    assert alice.sync_state().last_error is None
    (conflict,) = _conflicts(alice)
    assert conflict.application_id == app
    assert conflict.theirs is not None
    assert (conflict.theirs["stage"], conflict.theirs["reason"]) == ("declined", "No availability")
    assert conflict.mine == {"stage": "interview", "reason": None}
    assert conflict.their_author == "bob"
    assert conflict.their_time is not None
    assert _decision(alice, app) == (Stage.DECLINED, "No availability", "bob")

    # Nothing lost, nothing twice: on the server, each of alice's rows once, bob's decision.
    assert server_count(shared, models.AppliedOperation) == 5
    assert server_count(shared, models.RequirementCheck, application_id=app) == 2
    assert server_count(shared, models.Note, id=note_id) == 1
    assert server_count(shared, models.Note) == 1
    assert server_count(shared, models.Decision) == 1
    assert server_count(shared, models.DecisionHistory, application_id=app) == 1
    with shared.session() as session:
        assert session.get_one(models.Note, note_id).body == "Strong candidate"
        assert session.get_one(models.Decision, app).stage == Stage.DECLINED

    Syncer(bob, shared, "bob").sync()
    assert cache_rows(alice) == cache_rows(bob) == server_rows(shared)
    shared.dispose()


def test_nothing_of_an_erased_applicant_stays_in_the_cache_files(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    erased, _kept = add_applications(shared, 2)
    with shared.session() as session:
        application = session.get_one(models.Application, erased)
        secrets = [application.name.encode(), application.email.encode()]
    cache = open_cache("rae")
    Syncer(cache, shared, "Rae").sync()
    ReviewService(cache, "Rae").save_note(erased, NoteKind.TRIAGE, "Quibbleworth notes")
    secrets.append(b"Quibbleworth")
    erase_application(shared, erased)
    assert Syncer(cache, shared, "Rae").sync().deleted == 1
    # While the cache is open: closing it would empty the log anyway.
    files = [path for path in cache.path.parent.iterdir() if path.name.startswith("cache")]
    assert files
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret not in content, f"{secret!r} still in {path.name}"
    with cache.engine.connect() as connection:  # whatever the platform's default
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar_one() == 1


def test_a_sync_says_which_applications_it_changed(
    shared: SharedDatabase, open_cache: OpenCache
) -> None:
    apps = add_applications(shared, 5)
    rae, sam = open_cache("rae"), open_cache("sam")
    first = Syncer(rae, shared, "Rae").sync()
    # The first sync fills an empty cache: everything is new.
    assert first.changes.everything and first.changes.touches(apps[0])
    Syncer(sam, shared, "Sam").sync()

    sam_review = ReviewService(sam, "Sam")
    sam_review.set_check(apps[0], "python", CheckResult.MET)
    sam_review.save_note(apps[1], NoteKind.TRIAGE, "Keen")
    sam_review.set_decision(apps[2], Stage.SCREENING)
    Syncer(sam, shared, "Sam").sync()

    changes = Syncer(rae, shared, "Rae").sync().changes
    assert changes.applications == frozenset(apps[:3])
    assert changes.checks and changes.notes and changes.decision
    assert not changes.everything
    nothing = Syncer(rae, shared, "Rae").sync().changes
    assert not nothing


def test_a_damaged_cache_is_never_rebuilt_into(
    shared: SharedDatabase, open_cache: OpenCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.cache import CacheCorrupt

    first, second = add_applications(shared, 2)
    rae = open_cache("rae")
    Syncer(rae, shared, "Rae").sync()
    ReviewService(rae, "Rae").set_decision(first, Stage.SCREENING)
    with rae.session() as session:
        session.execute(delete(CachedApplication).where(CachedApplication.id == second))
    checked: list[Path] = []

    def damaged(cache: LocalCache) -> None:
        checked.append(cache.path)
        raise CacheCorrupt(cache.path, "a damaged page")

    monkeypatch.setattr(LocalCache, "check_integrity", damaged)
    # The count check asks for a rebuild; the quick check comes first and stops it.
    with pytest.raises(CacheCorrupt, match="salvage"):
        Syncer(rae, shared, "Rae").sync()
    assert checked == [rae.path]
    # Pushed and pulled as usual, but nothing swapped in: the missing row stays missing.
    assert rae.pending_operations() == 0
    with rae.read_session() as session:
        assert session.get(CachedApplication, second) is None
    assert not (rae.path.parent / ".cache-rebuild").exists()
