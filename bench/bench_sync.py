"""Times a first sync of N applications into an empty cache, and the syncs after it.

Run: ``uv run python bench/sync_bench.py [--count N] [--pg URL] [--only sqlite|postgresql]``.
For a shared SQLite file and a PostgreSQL database, each filled through
``import_responses`` with ``demo_responses`` data (like ``bench/import_bench.py``), it
prints the seconds of: the first sync into an empty cache; a sync with nothing to do;
a sync after 100 changes on the server (decisions and checks by another reviewer); and a
hand-written lower bound for the first sync (the application rows streamed straight
into the cache's table with ``executemany`` in one transaction), with the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CacheBase
from reviewer_app.intake.demo import demo_responses
from reviewer_app.intake.demo_import import demo_position
from reviewer_app.intake.importer import import_responses
from reviewer_app.paths import positions_dir
from reviewer_app.positions import load_positions
from reviewer_app.review import ReviewService
from reviewer_app.shared import models
from reviewer_app.shared.database import SharedDatabase
from reviewer_app.shared.publish import publish_positions
from reviewer_app.sync import Syncer

CHANGES = 100


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"  {label:<40} {seconds * 1000:10.0f} ms   peak RSS {peak_mb():6.0f} MB", flush=True)
    return result


def lower_bound(db: SharedDatabase, target: Path) -> int:
    """Streams the shared applications into a fresh cache's table; returns the rows."""
    with LocalCache.open(target) as cache:
        path = cache.path
    table = CacheBase.metadata.tables["applications"]
    names = [c.name for c in table.columns]
    shared = models.Application.__table__
    query = select(*(shared.c[name] for name in names))
    insert = f"INSERT INTO applications ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    answers = names.index("answers")
    rows = 0
    local = sqlite3.connect(path, isolation_level=None)
    try:
        local.execute("BEGIN")
        with db.engine.connect() as connection:
            result = connection.execution_options(stream_results=True, yield_per=2000).execute(
                query
            )
            for partition in result.partitions():
                batch = [list(row) for row in partition]
                for row in batch:
                    row[answers] = json.dumps(row[answers])
                local.executemany(insert, batch)
                rows += len(batch)
        local.execute("COMMIT")
    finally:
        local.close()
    return rows


def change_on_server(db: SharedDatabase, data_dir: Path, count: int) -> None:
    """Makes ``count`` changes as another reviewer (half decisions, half checks)."""
    with LocalCache.open(data_dir) as cache:
        with db.session() as session:
            ids = session.scalars(select(models.Application.id).limit(count)).all()
        # Only these applications in this cache: enough to record and push changes.
        with cache.session() as local, db.engine.connect() as connection:
            rows = connection.execute(
                select(models.Application.__table__).where(models.Application.id.in_(ids))
            ).mappings()
            local.execute(
                CacheBase.metadata.tables["applications"].insert(),
                [{**r, "duplicate_of": None, "position_id": None} for r in rows],
            )
        review = ReviewService(cache, "Changer")
        for index, app in enumerate(ids):
            if index % 2:
                review.set_decision(app, models.Stage.SCREENING)
            else:
                review.set_check(app, "english", models.CheckResult.MET, "bench")
        Syncer(cache, db, "Changer").sync()


def fill(db: SharedDatabase, positions: list[Any], count: int) -> None:
    """Imports ``count`` demo applications (the responses are freed afterwards)."""
    responses = demo_responses([demo_position(p) for p in positions], count=count, seed=1)
    import_responses(db, responses)


def bench(url: str, count: int, tmp: Path) -> None:
    db = SharedDatabase(url)
    try:
        db.migrate()
        positions = load_positions(positions_dir())
        publish_positions(db, positions)
        print(f"{db.dialect}: {count} applications", flush=True)
        timed("import (setup)", lambda: fill(db, positions, count))
        with db.engine.connect() as connection:
            size = connection.execute(
                text("SELECT sum(length(CAST(answers AS TEXT))) FROM applications")
            ).scalar_one()
        print(f"  answers: {size / count:.0f} bytes per application on average")

        rows = timed("lower bound (stream into executemany)", lambda: lower_bound(db, tmp / "lb"))
        assert rows == count, rows
        with LocalCache.open(tmp / f"{db.dialect}-rae") as cache:
            syncer = Syncer(cache, db, "Rae")
            first = timed("first sync into an empty cache", syncer.sync)
            print(f"    pulled {first.pulled} rows, revision {first.revision}")
            timed("sync with nothing to do", syncer.sync)
            change_on_server(db, tmp / f"{db.dialect}-changer", CHANGES)
            after = timed(f"sync after {CHANGES} changes on the server", syncer.sync)
            print(f"    pulled {after.pulled} rows")
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.only in (None, "sqlite"):
            bench(f"sqlite:///{tmp / 'shared.sqlite3'}", args.count, tmp / "sqlite")
        if args.only in (None, "postgresql"):
            name = f"reviewer_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(args.pg).set(database=name).render_as_string(False)
                bench(url, args.count, tmp / "pg")
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
