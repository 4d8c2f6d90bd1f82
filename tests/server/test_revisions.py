"""Tests of revision stamping through SharedDatabase sessions."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.revisions import current_revision

WAIT_S = 10


def test_new_rows_get_consecutive_revisions(db: SharedDatabase) -> None:
    with db.session() as session:
        reviewers = [models.Reviewer(name=f"R{i}") for i in range(3)]
        session.add_all(reviewers)
    assert sorted(r.revision for r in reviewers) == [1, 2, 3]
    with db.session() as session:
        assert current_revision(session) == 3


def test_changed_row_gets_a_new_revision_and_an_unchanged_one_does_not(
    db: SharedDatabase,
) -> None:
    with db.session() as session:
        changed = models.Reviewer(name="Changed")
        untouched = models.Reviewer(name="Untouched")
        session.add_all([changed, untouched])
    with db.session() as session:
        row = session.get_one(models.Reviewer, changed.id)
        row.email = "new@example.org"
        session.get_one(models.Reviewer, untouched.id)
    with db.session() as session:
        assert session.get_one(models.Reviewer, changed.id).revision == 3
        assert session.get_one(models.Reviewer, untouched.id).revision == untouched.revision
        assert current_revision(session) == 3


def test_rolled_back_transaction_gives_its_revisions_back(db: SharedDatabase) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(models.Reviewer(name="Lost"))
        session.flush()
        raise RuntimeError("boom")
    with db.session() as session:
        session.add(kept := models.Reviewer(name="Kept"))
    assert kept.revision == 1


def test_writers_commit_in_revision_order_so_readers_see_no_gaps(pg_url: str) -> None:
    db = SharedDatabase(pg_url)
    db.migrate()
    a_reserved = threading.Event()
    a_may_commit = threading.Event()
    b_reserved = threading.Event()
    done = threading.Event()
    revisions: dict[str, int] = {}
    snapshots: list[list[int]] = []
    errors: list[BaseException] = []

    def writer(name: str, reserved: threading.Event, hold: threading.Event | None) -> None:
        try:
            with db.session() as session:
                session.add(row := models.Reviewer(name=name))
                session.flush()  # takes the revision: the counter row stays locked
                revisions[name] = row.revision
                reserved.set()
                if hold is not None:
                    assert hold.wait(WAIT_S)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def reader() -> None:
        # What a laptop pulling "everything above revision N" would see, again and again.
        try:
            while True:
                # The last snapshot starts after both writers ended.
                last = done.is_set()
                with db.session() as session:
                    snapshots.append(sorted(session.scalars(select(models.Reviewer.revision))))
                if last:
                    break
                time.sleep(0.01)
        except BaseException as exc:
            errors.append(exc)

    thread_reader = threading.Thread(target=reader)
    thread_reader.start()
    thread_a = threading.Thread(target=writer, args=("A", a_reserved, a_may_commit))
    thread_a.start()
    assert a_reserved.wait(WAIT_S)
    thread_b = threading.Thread(target=writer, args=("B", b_reserved, None))
    thread_b.start()

    # B waits for A's lock on the counter row instead of taking the next revision.
    assert not b_reserved.wait(0.5)
    a_may_commit.set()
    thread_a.join(WAIT_S)
    thread_b.join(WAIT_S)
    done.set()
    thread_reader.join(WAIT_S)
    db.dispose()

    assert not errors
    assert revisions["B"] == revisions["A"] + 1
    assert snapshots[0] == []
    assert snapshots[-1] == [revisions["A"], revisions["B"]]
    # No gaps: a row that appears later never has a revision below one already seen.
    highest_seen = 0
    previous: set[int] = set()
    for snapshot in snapshots:
        appeared = set(snapshot) - previous
        assert all(revision > highest_seen for revision in appeared), snapshots
        previous = set(snapshot)
        highest_seen = max([highest_seen, *snapshot])
