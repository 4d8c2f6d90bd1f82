"""Times the first sync of N applications, the syncs after it, and a lower bound for it.

Run: ``uv run python bench/bench_sync.py [--count N] [--pg URL] [--database NAME]``.

Builds a PostgreSQL database (a new one, dropped afterwards; ``--database NAME`` keeps
it, and reuses it when it already holds N applications) filled through
``import_responses`` with ``demo_responses`` applicants whose motivation and experience
answers are padded to realistic lengths (about 1.5 KB of answers per application). Then,
on the same data, each in a fresh subprocess so that the memory of filling the database
is not counted:

- the plain lower bound (issue 19): a psycopg server-side cursor streams every column of
  the shared ``applications`` table, as text, into a SQLite table with only its primary
  key (no other index, no trigger), ``executemany`` in one transaction; the ratio of the
  first sync to it is the figure the goal (at most 1.5x) is about;
- the cache-table bound: the same stream, with the times in the cache's text form, into
  the cache's own ``applications`` table (its indexes and the search table's trigger);
- the first sync into an empty cache (``Syncer.sync``);
- (those three alternate, ``--rounds`` times, best of each) then a sync with nothing to
  do: the first call in a new process (as the CLI runs it); with
  a new ``SharedDatabase`` and ``Syncer`` in a process that synced before (as the
  window runs it every few minutes); and again with the same ``Syncer``;
- a sync after 100 changes on the server (50 decisions and 50 checks by another
  reviewer, pushed as that reviewer's laptop would), as the window runs it.

After filling, the database is vacuumed and analysed, as autovacuum would do.

Memory is the growth of the resident set during the measured call: the peak (VmHWM,
reset just before) minus the resident set before it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

# The driver's SQLAlchemy dialect, loaded here as the bound's driver is by the line above:
# each figure is the work of a process that has its libraries loaded (the window loads
# them once; 0.1-0.3 s counted in the first sync alone made the ratio a measure of
# imports, more so where bytecode is not cached).
import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from reviewer_app.cache import LocalCache
from reviewer_app.cache.models import CacheBase
from reviewer_app.cache.name_keys import NAME_KEY
from reviewer_app.config.paths import positions_dir
from reviewer_app.domain.vocabulary import CheckResult, Stage
from reviewer_app.intake.demo import QUESTIONS, demo_responses
from reviewer_app.intake.demo_import import demo_position
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import FormResponse
from reviewer_app.positions.parsing import load_positions
from reviewer_app.review.actions import ReviewService
from reviewer_app.server import models
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions
from reviewer_app.sync import Syncer, push

CHANGES = 100
PLAIN = "plain lower bound (stream into a table with only its key)"
CACHE_TABLE = "cache-table bound (the same into the cache's own table)"
FIRST = "first sync into an empty cache"
IMPORT_CHUNK = 20_000
PADDED = {QUESTIONS[0], QUESTIONS[1]}  # motivation and experience
# Sentences applicants write when they explain themselves at length.
_SENTENCES = (
    "At my current job I coordinate a team of five people across three time zones.",
    "I have been hosting travellers in my flat for about six years now.",
    "Last year I helped organise a neighbourhood festival with over 2,000 visitors.",
    "I taught myself to program in the evenings and now maintain a small open-source library.",
    "Before that I spent two years working in customer support for a travel start-up.",
    "I speak English, Spanish and some Portuguese, and I am learning Turkish.",
    "What I enjoy most is turning a messy process into something people like to use.",
    "I am used to working remotely and asynchronously, mostly through chat and issues.",
    "During my studies I ran the student exchange society and welcomed newcomers.",
    "I care a lot about privacy and about communities that are not driven by ads.",
    "My weekends are fairly free, and I can usually spare a few evenings a week too.",
    "I would love to learn from more experienced volunteers and grow into a bigger role.",
    "In my last volunteer role I wrote documentation and onboarded new members.",
    "I have reviewed pull requests, triaged bug reports and written release notes.",
)


def padded(response: FormResponse, rng: random.Random) -> FormResponse:
    """Lengthens the motivation and experience answers to realistic sizes."""
    answers = []
    for question, answer in response.answers:
        if question in PADDED:
            extra = rng.sample(_SENTENCES, rng.randint(4, 9))
            answer = " ".join([answer, *extra])
        answers.append((question, answer))
    return dataclasses.replace(response, answers=tuple(answers))


def fill(db: SharedDatabase, count: int) -> None:
    """Publishes the shipped positions and imports ``count`` padded demo applications."""
    db.migrate()
    positions = [p for p in load_positions(positions_dir()) if not p.has_errors]
    publish_positions(db, positions)
    responses = demo_responses([demo_position(p) for p in positions], count=count, seed=1)
    rng = random.Random(2)
    for start in range(0, count, IMPORT_CHUNK):
        chunk = [padded(r, rng) for r in responses[start : start + IMPORT_CHUNK]]
        import_responses(db, chunk)


# --- measurements, each run in its own subprocess --------------------------------------


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def measured(action: Callable[[], Any]) -> dict[str, float]:
    """Runs ``action``; returns its seconds and the growth of the resident set (MB)."""
    # Writing 5 to clear_refs resets the peak (VmHWM) to the current resident set.
    Path("/proc/self/clear_refs").write_text("5")
    before = _rss_kb("VmRSS")
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": (_rss_kb("VmHWM") - before) / 1024}


def _psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _stream(url: str, query: str, local: sqlite3.Connection, insert: str) -> int:
    """Streams ``query``'s rows into ``insert`` in one SQLite transaction; returns how many."""
    rows = 0
    local.execute("BEGIN")
    with psycopg.connect(_psycopg_url(url)) as server, server.transaction():
        cursor = server.cursor(name="lower_bound")
        cursor.itersize = 5000
        cursor.execute(query)
        while batch := cursor.fetchmany(5000):
            local.executemany(insert, batch)
            rows += len(batch)
    local.execute("COMMIT")
    return rows


def plain_lower_bound(url: str, data_dir: Path) -> int:
    """Every column of the shared table, as text, into a table with only a primary key."""
    with psycopg.connect(_psycopg_url(url)) as server:
        names = [
            name
            for (name,) in server.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'applications' AND table_schema = current_schema() "
                "ORDER BY ordinal_position"
            )
        ]
    data_dir.mkdir(parents=True, exist_ok=True)
    local = sqlite3.connect(data_dir / "plain.sqlite3", isolation_level=None)
    try:
        key = {"id": " PRIMARY KEY"}
        columns = ", ".join(f"{name} TEXT{key.get(name, '')}" for name in names)
        local.execute(f"CREATE TABLE applications ({columns})")
        query = f"SELECT {', '.join(f'{name}::text' for name in names)} FROM applications"
        insert = f"INSERT INTO applications VALUES ({', '.join('?' * len(names))})"
        return _stream(url, query, local, insert)
    finally:
        local.close()


def lower_bound(url: str, data_dir: Path) -> int:
    """Streams the application rows into a fresh cache's own table; returns how many."""
    with LocalCache.open(data_dir) as cache:
        path = cache.path
    table = CacheBase.metadata.tables["applications"]
    # The columns the server has: the name's sort key is the cache's own, left empty.
    names = [column.name for column in table.columns if column.name != NAME_KEY]
    times = {"submitted_at", "imported_at", "updated_at"}

    def expression(name: str) -> str:
        # The cache's own text forms, made by the server: no per-row work in Python.
        if name in times:
            return f"to_char({name} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        return "answers::text" if name == "answers" else name

    query = f"SELECT {', '.join(map(expression, names))} FROM applications"
    insert = f"INSERT INTO applications ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    local = sqlite3.connect(path, isolation_level=None)
    try:
        return _stream(url, query, local, insert)
    finally:
        local.close()


def change_on_server(db: SharedDatabase, data_dir: Path, count: int) -> None:
    """Makes ``count`` changes as another reviewer (half decisions, half checks)."""
    with LocalCache.open(data_dir) as cache:
        with db.engine.connect() as connection:
            rows = connection.execute(
                select(models.Application.__table__).order_by(func.random()).limit(count)
            ).mappings()
            apps = [{**row, "duplicate_of": None, "position_id": None} for row in rows]
        # Only these applications in this laptop's cache: enough to record the changes.
        with cache.session() as local:
            local.execute(CacheBase.metadata.tables["applications"].insert(), apps)
        review = ReviewService(cache, "Changer")
        for index, app in enumerate(apps):
            if index % 2:
                review.set_decision(app["id"], Stage.SCREENING)
            else:
                review.set_check(app["id"], "english", CheckResult.MET, "bench")
        # Pushed as Syncer.sync pushes, without the pull that would download everything.
        with cache.read_session() as session:
            batch = push.read_batch(session, 10**9, 10**9)
        with db.session() as server:
            push.apply_batch(server, "Changer", "", batch)


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    ordered = sorted(runs, key=lambda figures: figures["seconds"])
    return {**ordered[len(ordered) // 2], "worst_seconds": ordered[-1]["seconds"]}


def measure(kind: str, url: str, work: Path) -> dict[str, Any]:
    """Runs one measurement (in this fresh process) and returns its figures."""
    if kind == "plain":
        figures = measured(lambda: plain_lower_bound(url, work / "plain"))
        return {PLAIN: figures}
    if kind == "lower":
        figures = measured(lambda: lower_bound(url, work / "lower"))
        return {CACHE_TABLE: figures}
    with LocalCache.open(work / "rae") as cache:
        results: list[Any] = []

        def window_sync() -> None:
            # As the window does: a new database object and Syncer for every sync.
            db = SharedDatabase(url)
            try:
                results.append(Syncer(cache, db, "Rae").sync())
            finally:
                db.dispose()

        if kind == "first":
            figures = measured(window_sync)
            figures["rows"] = results[-1].pulled
            return {FIRST: figures}
        out: dict[str, Any] = {}
        out["no-change sync, first call in a new process (as the CLI)"] = measured(window_sync)
        out["no-change sync, new database and Syncer (as the window)"] = _median(
            [measured(window_sync) for _ in range(5)]
        )
        db = SharedDatabase(url)
        try:
            syncer = Syncer(cache, db, "Rae")
            syncer.sync()
            out["no-change sync, same Syncer again"] = _median(
                [measured(syncer.sync) for _ in range(5)]
            )
            runs = []
            for round_ in range(3):
                change_on_server(db, work / f"changer-{round_}", CHANGES)
                runs.append(measured(window_sync))
                runs[-1]["rows"] = results[-1].pulled
        finally:
            db.dispose()
        out[f"sync after {CHANGES} changes on the server (as the window)"] = _median(runs)
        return out


def run_measurement(kind: str, url: str, work: Path) -> dict[str, Any]:
    # Each load leaves ~230 MB for the system to write out: flushed here, so that no
    # measurement pays for the one before it (the first sync followed the cache-table
    # bound, the plain bound the first sync).
    os.sync()
    output = subprocess.run(
        [sys.executable, __file__, "--measure", kind, "--url", url, "--work", str(work)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.splitlines()[-1])
    return figures


# --- the run ---------------------------------------------------------------------------


@contextmanager
def _database(admin_url: str, name: str | None) -> Iterator[str]:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    keep = name is not None
    name = name or f"reviewer_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def ensure_filled(db: SharedDatabase, count: int) -> None:
    """Migrates and fills the database with ``count`` applications, unless it holds them."""
    db.migrate()
    with db.engine.connect() as connection:
        have = connection.execute(select(func.count()).select_from(models.Application))
        existing = have.scalar_one()
    if existing == count:
        return
    if existing:
        raise SystemExit(f"the database holds {existing} applications, not {count}")
    start = time.perf_counter()
    fill(db, count)
    print(f"filled in {time.perf_counter() - start:.0f} s", flush=True)
    # What autovacuum does on a live server (it may be off on a test server):
    # without it count(*) reads the whole table instead of an index.
    with db.engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.execute(text("VACUUM ANALYZE"))


def bench(url: str, count: int, work: Path, rounds: int) -> None:
    db = SharedDatabase(url)
    try:
        ensure_filled(db, count)
        with db.engine.connect() as connection:
            size = connection.execute(
                text(
                    "SELECT avg(length(answers::text)), avg(octet_length(answers::text)) "
                    "FROM applications"
                )
            ).one()
    finally:
        db.dispose()
    print(
        f"postgresql: {count} applications, answers {size[0]:.0f} characters "
        f"({size[1]:.0f} bytes) on average",
        flush=True,
    )
    figures: dict[str, Any] = {}
    # The three loads alternate, ``rounds`` times, and the best of each counts: on a
    # shared machine, a burst of someone else's work must not decide the ratio.
    loads: dict[str, Any] = {}
    for round_ in range(rounds):
        timings: list[str] = []
        for kind in ("plain", "lower", "first"):
            for label, values in run_measurement(kind, url, work / f"{kind}-{round_}").items():
                timings.append(f"{kind} {values['seconds'] * 1000:.0f} ms")
                if label not in loads or values["seconds"] < loads[label]["seconds"]:
                    loads[label] = values
        print(f"  round {round_ + 1}: {', '.join(timings)}", flush=True)
    # The steady syncs run on the cache of the last first sync.
    steady = run_measurement("steady", url, work / f"first-{rounds - 1}")
    for label, values in [*loads.items(), *steady.items()]:
        rows = f"   {values['rows']} rows" if "rows" in values else ""
        if "worst_seconds" in values:
            rows += f"   (median; worst {values['worst_seconds'] * 1000:.0f} ms)"
        print(
            f"  {label:<58} {values['seconds'] * 1000:8.0f} ms   "
            f"memory +{values['peak_mb']:5.0f} MB{rows}",
            flush=True,
        )
        figures[label] = values
    first = figures[FIRST]["seconds"]
    print(f"  first sync / plain lower bound: {first / figures[PLAIN]['seconds']:.2f}x (goal 1.5x)")
    print(f"  first sync / cache-table bound: {first / figures[CACHE_TABLE]['seconds']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--database", help="keep the database under this name (and reuse it)")
    parser.add_argument("--rounds", type=int, default=3, help="best of N for the three loads")
    kinds = ["plain", "lower", "first", "steady"]
    parser.add_argument("--measure", choices=kinds, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.url, args.work)))
        return
    with tempfile.TemporaryDirectory() as work_name, _database(args.pg, args.database) as url:
        bench(url, args.count, Path(work_name), args.rounds)


if __name__ == "__main__":
    main()
