"""Tests of reviewer_app/cache/salvage.py: rescuing unsynced work from a damaged cache."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.cache import CACHE_FILE, CacheCorrupt, LocalCache
from reviewer_app.cache.models import CachedNote, OutboxOperation, PushedOperation
from reviewer_app.cli import main
from reviewer_app.domain.vocabulary import NoteKind
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import CacheOwnedByOther, Syncer
from tests.sync_support import add_applications, cache_rows, server_count, server_rows


def _leaf_pages(path: Path, table: str) -> list[int]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        ).fetchall()
    return [int(row[0]) for row in rows]


def _page_size(path: Path) -> int:
    header = path.read_bytes()[:100]
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _corrupt(path: Path, page: int) -> bytes:
    """Overwrites one page of a closed cache with garbage; returns the file's bytes."""
    size = _page_size(path)
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\xde\xad\xbe\xef" * (size // 4))
    return path.read_bytes()


def _salvage(data_dir: Path) -> dict[str, object]:
    out = io.StringIO()
    assert main(["salvage", "--data-dir", str(data_dir), "--json"], out) == 0
    report: dict[str, object] = json.loads(out.getvalue())
    return report


def _note_bodies(cache: LocalCache) -> dict[str, str]:
    with cache.read_session() as session:
        return {note.id: note.body for note in session.scalars(select(CachedNote))}


def test_a_cache_with_a_damaged_page_is_salvaged_with_its_50_notes_which_then_sync(
    db: SharedDatabase, data_dir: Path
) -> None:
    apps = add_applications(db, 300)
    with LocalCache.open(data_dir) as cache:
        Syncer(cache, db, "Rae").sync()
        review = ReviewService(cache, "Rae")
        synced = review.save_note(apps[0], NoteKind.TRIAGE, "pushed before the damage").note_id
        Syncer(cache, db, "Rae").sync()
        notes = {
            review.save_note(apps[i * 5], NoteKind.TRIAGE, f"unsynced note {i}").note_id: (
                f"unsynced note {i}"
            )
            for i in range(50)
        }
        assert cache.pending_operations() == 50
    path = data_dir / CACHE_FILE
    pages = _leaf_pages(path, "applications")
    total = path.stat().st_size // _page_size(path)
    # A page of applications in the middle of the file, far from the outbox's pages.
    middle = min(pages, key=lambda page: abs(page - total // 2))
    assert middle not in _leaf_pages(path, "outbox")
    damaged = _corrupt(path, middle)

    # Found when the cache opens (before, two syncs ran on such a cache unaware), and
    # the advice keeps the notes: salvage, not "move it away".
    with pytest.raises(CacheCorrupt) as excinfo:
        LocalCache.open(data_dir)
    assert "salvage" in str(excinfo.value) and "move" not in str(excinfo.value)

    report = _salvage(data_dir)
    assert report["copied"] == {
        "outbox": 50,
        "pushed_operations": 1,
        "conflicts": 0,
        "revealed": 0,
        "drafts": 0,
    }
    assert report["unreadable"] == {}
    assert report["damage"] != "ok"
    # The damaged file is kept aside, as it was, never deleted.
    aside = Path(str(report["damaged"]))
    assert aside.parent == data_dir and aside.name.startswith("cache.damaged-")
    assert aside.read_bytes() == damaged
    assert not (data_dir / ".cache-salvage").exists()

    with LocalCache.open(data_dir) as cache:
        assert cache.pending_operations() == 50
        # Still Rae's cache, of this shared database.
        with pytest.raises(CacheOwnedByOther):
            Syncer(cache, db, "Sam").sync()
        result = Syncer(cache, db, "Rae").sync()
        assert (result.pushed, result.conflicts) == (50, 0)
        assert cache.pending_operations() == 0
        bodies = _note_bodies(cache)
        assert bodies == {**notes, synced: "pushed before the damage"}
        assert cache_rows(cache) == server_rows(db)
    assert server_count(db, models.Note) == 51


def test_salvage_reads_row_by_row_past_a_damaged_page_of_the_outbox(
    db: SharedDatabase, data_dir: Path
) -> None:
    apps = add_applications(db, 20)
    with LocalCache.open(data_dir) as cache:
        Syncer(cache, db, "Rae").sync()
        review = ReviewService(cache, "Rae")
        for i in range(400):
            review.save_note(apps[i % 20], NoteKind.TRIAGE, f"note {i:03d} " + "x" * 150)
    path = data_dir / CACHE_FILE
    outbox_pages = _leaf_pages(path, "outbox")
    assert len(outbox_pages) > 5
    _corrupt(path, outbox_pages[len(outbox_pages) // 2])

    report = _salvage(data_dir)
    copied = report["copied"]
    assert isinstance(copied, dict)
    unreadable = report["unreadable"]
    assert isinstance(unreadable, dict) and list(unreadable) == ["outbox"]
    lost = sum(last - first + 1 for first, last in unreadable["outbox"])
    # Only the rows of the one damaged page are lost, and the report says which.
    assert 0 < lost < 40
    assert copied["outbox"] == 400 - lost
    with LocalCache.open(data_dir) as cache:
        assert cache.pending_operations() == 400 - lost
        assert Syncer(cache, db, "Rae").sync().pushed == 400 - lost
    assert server_count(db, models.Note) == 400 - lost


def test_salvage_without_a_cache_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["salvage", "--data-dir", str(tmp_path)], io.StringIO()) == 1
    assert "no local cache" in capsys.readouterr().err


def test_a_sound_cache_is_left_as_it_is_and_salvage_says_so(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with LocalCache.open(data_dir) as cache, cache.session() as session:
        session.add(OutboxOperation(kind="save_note", application_id="a", payload={}))
    files = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    out = io.StringIO()
    assert main(["salvage", "--data-dir", str(data_dir)], out) == 0
    assert "no damage found" in out.getvalue()
    assert "nothing was changed" in out.getvalue()
    assert "--force" in out.getvalue()
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == files
    report = _salvage(data_dir)
    assert report["salvaged"] is False
    assert report["damaged"] is None
    assert report["damage"] == "ok"
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == files


def test_a_sound_cache_salvaged_with_force_keeps_its_journal_and_loses_nothing(
    db: SharedDatabase, data_dir: Path
) -> None:
    (app,) = add_applications(db, 1)
    with LocalCache.open(data_dir) as cache:
        Syncer(cache, db, "Rae").sync()
        ReviewService(cache, "Rae").save_note(app, NoteKind.TRIAGE, "pushed")
        Syncer(cache, db, "Rae").sync()
        ReviewService(cache, "Rae").save_note(app, NoteKind.TRIAGE, "pending")
    out = io.StringIO()
    assert main(["salvage", "--data-dir", str(data_dir), "--force"], out) == 0
    assert "damage found: ok" in out.getvalue()
    assert len(list(data_dir.glob("cache.damaged-*.sqlite3"))) == 1
    with LocalCache.open(data_dir) as cache:
        with cache.read_session() as session:
            assert len(session.scalars(select(PushedOperation)).all()) == 1
        Syncer(cache, db, "Rae").sync()
        assert sorted(_note_bodies(cache).values()) == ["pending", "pushed"]


def test_a_cache_whose_schema_cannot_be_read_is_left_in_place(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / CACHE_FILE
    path.write_bytes(b"not a database at all\n" * 500)
    before = path.read_bytes()
    assert main(["salvage", "--data-dir", str(data_dir)], io.StringIO()) == 1
    assert "Nothing can be read" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == [CACHE_FILE]
