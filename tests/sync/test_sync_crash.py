"""Crash safety of sync: a sync process killed (SIGKILL) at every step of push and pull.

Starting Python and importing SQLAlchemy takes seconds here, so one helper process
imports everything once and forks a fresh child for each sync (a child opens its own
cache and connections, as a new process would). The child kills itself at the k-th of
these points, for k = 1, 2, ... until a sync runs through:

- push: inside the server transaction, all of a batch applied but not committed; after
  the server committed (before the laptop records it); inside the local transaction
  that settles the batch, before it commits;
- pull: after a page was read from the server, before any local write; inside the local
  transaction that applied the page and moved the cursor, before it commits; after it
  committed;
- after the count check;
- into an empty cache (a first sync, see reviewer_app/cache/bulk_load.py): once its
  plain indexes are dropped, and once they are built again, before either commits
  (test_first_sync_crash.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import Conflict
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer
from tests.sync_support import add_applications, add_position, cache_rows

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

PAGE_SIZE = 4
BATCH_SIZE = 3
CHECKS = 10
NOTES = 3
DECISIONS = 2
OPERATIONS = CHECKS + NOTES + DECISIONS + 1  # + one position assignment

_FORK_SERVER = r"""
import json, os, signal, sys, traceback
from pathlib import Path
from reviewer_app.cache import LocalCache, bulk_load
from reviewer_app.cache.models import Conflict
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer, pull, push

# Loaded once here rather than in every child: the migration scripts, the driver.
warm = SharedDatabase(sys.argv[1])
warm.check_schema()
warm.dispose()
print("ready", flush=True)
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            points = 0

            def point(label):
                global points
                points += 1
                if points == job["kill_at"]:
                    Path(job["data_dir"], "killed_at").write_text(label)
                    os.kill(os.getpid(), signal.SIGKILL)

            def then_point(module, name, label):
                original = getattr(module, name)

                def wrapper(*args, **kwargs):
                    result = original(*args, **kwargs)
                    point(label)
                    return result

                setattr(module, name, wrapper)

            then_point(push, "apply_batch", "push: server transaction open")
            then_point(push, "settle_batch", "push: local settle open")
            then_point(pull, "read_page", "pull: page read, nothing written")
            then_point(pull, "apply_page", "pull: local page transaction open")
            then_point(bulk_load, "drop_indexes", "bulk: indexes dropped, not committed")
            then_point(bulk_load, "restore_indexes", "bulk: indexes built, not committed")

            def progress(phase, done, total):
                point({"push": "push: server committed", "pull": "pull: page committed"}.get(
                    phase, phase))

            cache = LocalCache.open(Path(job["data_dir"]))
            shared = SharedDatabase(job["url"])
            syncer = Syncer(
                cache, shared, job["reviewer"], progress=progress,
                page_size=job["page_size"], push_batch_size=job["batch_size"],
            )
            syncer.rows_per_part = job.get("rows_per_part")
            syncer.sync()
        except BaseException:
            traceback.print_exc()
            os._exit(2)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    print(json.dumps({"killed": killed, "status": status}), flush=True)
"""


class ForkServer:
    """Runs syncs in child processes of one long-lived helper process."""

    def __init__(self, url: str) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _FORK_SERVER, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert self._readline() == "ready"

    def _readline(self) -> str:
        assert self._process.stdout is not None
        return self._process.stdout.readline().strip()

    def sync_killed_at(self, call: int, **job: Any) -> dict[str, Any]:
        """Runs a sync that kills itself at its ``call``-th progress report."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps({**job, "kill_at": call}) + "\n")
        self._process.stdin.flush()
        result: dict[str, Any] = json.loads(self._readline())
        return result

    def close(self) -> None:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait(timeout=10)
        self._process.stdout.close()


@pytest.fixture
def shared(pg_url: str) -> Iterator[SharedDatabase]:
    db = SharedDatabase(pg_url)
    db.migrate()
    yield db
    db.dispose()


@pytest.fixture
def fork_server(shared: SharedDatabase, pg_url: str) -> Iterator[ForkServer]:
    server = ForkServer(pg_url)
    yield server
    server.close()


def _make_changes(cache: LocalCache, name: str, apps: list[str], position: int) -> None:
    review = ReviewService(cache, name)
    for app in apps[:CHECKS]:
        review.set_check(app, "python", CheckResult.MET, f"{name} checked")
    for app in apps[:NOTES]:
        review.save_note(app, NoteKind.TRIAGE, f"{name}'s note")
    for app in apps[:DECISIONS]:
        review.set_decision(app, Stage.DECLINED, f"{name}'s reason")
    review.assign_position(apps[-1], position)


def _applied_once(shared: SharedDatabase, name: str, position: int) -> dict[str, int]:
    with shared.session() as session:
        reviewer = session.scalars(
            select(models.Reviewer).where(models.Reviewer.name == name)
        ).one()

        def count(model: Any, column: Any) -> int:
            query = select(func.count()).select_from(model).where(column == reviewer.id)
            return int(session.execute(query).scalar_one())

        return {
            "operations": count(models.AppliedOperation, models.AppliedOperation.reviewer_id),
            "checks": count(models.RequirementCheck, models.RequirementCheck.reviewer_id),
            "notes": count(models.Note, models.Note.author_id),
            "history": count(models.DecisionHistory, models.DecisionHistory.decided_by),
            "positions": int(
                session.execute(
                    select(func.count())
                    .select_from(models.Application)
                    .where(models.Application.position_id == position)
                ).scalar_one()
            ),
        }


def _local_bookkeeping(cache: LocalCache) -> tuple[int, int, int]:
    with cache.read_session() as session:
        conflicts = session.scalar(select(func.count()).select_from(Conflict)) or 0
    return cache.sync_state().last_revision, cache.pending_operations(), conflicts


def test_sync_recovers_after_a_kill_at_every_step_of_push_and_pull(
    pg_url: str, shared: SharedDatabase, tmp_path: Path, fork_server: ForkServer
) -> None:
    apps = add_applications(shared, CHECKS)
    position = add_position(shared)
    reference = LocalCache.open(tmp_path / "reference")
    Syncer(reference, shared, "Reference").sync()

    killed_at: list[str] = []
    call = 0
    while True:
        call += 1
        assert call < 200, "the sync never ran through"
        name = f"Reviewer {call}"
        data_dir = tmp_path / f"r{call}"
        with LocalCache.open(data_dir) as cache:
            Syncer(cache, shared, name).sync()
            _make_changes(cache, name, apps, position)

        outcome = fork_server.sync_killed_at(
            call,
            data_dir=str(data_dir),
            url=pg_url,
            reviewer=name,
            page_size=PAGE_SIZE,
            batch_size=BATCH_SIZE,
        )
        marker = data_dir / "killed_at"
        if not outcome["killed"]:
            # Every point of this sync was reached in the runs before.
            assert outcome["status"] == 0 and not marker.exists(), outcome
            break
        killed_at.append(marker.read_text())
        marker.unlink()

        with LocalCache.open(data_dir) as cache:
            result = Syncer(cache, shared, name, page_size=PAGE_SIZE).sync()
            assert result.conflicts == 0
            Syncer(reference, shared, "Reference").sync()
            # Equal to an uninterrupted sync: every mirrored row, the cursor, nothing
            # left pending and no conflict.
            assert cache_rows(cache) == cache_rows(reference), f"kill point {call}"
            assert _local_bookkeeping(cache) == (
                reference.sync_state().last_revision,
                0,
                0,
            ), f"kill point {call}: {killed_at[-1]}"

        # On the server, each operation applied exactly once.
        assert _applied_once(shared, name, position) == {
            "operations": OPERATIONS,
            "checks": CHECKS,
            "notes": NOTES,
            "history": DECISIONS,
            "positions": 1,
        }, f"kill point {call}: {killed_at[-1]}"

    kinds = {label: killed_at.count(label) for label in killed_at}
    assert len(killed_at) >= 20
    assert kinds["push: server transaction open"] >= 3, kinds
    assert kinds["push: server committed"] >= 3, kinds
    assert kinds["push: local settle open"] >= 3, kinds
    assert kinds["pull: page read, nothing written"] >= 3, kinds
    assert kinds["pull: local page transaction open"] >= 3, kinds
    assert kinds["pull: page committed"] >= 3, kinds
    assert kinds["check"] == 1, kinds
    Syncer(reference, shared, "Reference").sync()
    fresh = LocalCache.open(tmp_path / "fresh")
    Syncer(fresh, shared, "Fresh", page_size=PAGE_SIZE).sync()
    assert cache_rows(fresh) == cache_rows(reference)
    fresh.close()
    reference.close()
