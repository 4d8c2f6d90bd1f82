"""Times reading and importing a form export against a hand-written lower bound.

Run: ``uv run python bench/import_bench.py [--rows N] [--repeat N] [--only sqlite|postgresql]``
(``--pg URL``: the PostgreSQL server). With ``--repeat``, each step runs N times,
interleaved, and the fastest run of each is shown: the machine is shared.

For each database, in the same run, each step in a fresh process of its own (so that
the peak memory printed is that step's, not the export generator's):

- the **lower bound**: plain code, none of the app's layers: ``csv.reader`` over the
  file, a sha256 per row, the answers as JSON pairs, and one ``COPY`` (PostgreSQL; on
  SQLite one ``executemany``) into a fresh table with a primary key (a random id, as the
  applications' own), a unique response id and an email index, in one transaction;
- the **app**: ``read_responses`` then ``import_responses`` (what ``import`` runs), then
  a second import of the same responses (everything unchanged: the cost of idempotency);
- the **ratio** of the app's read + import to the lower bound, by the clock and by the
  CPU time of the process and of the database server's processes for it.

The load average is printed with the figures: the machine is shared, compare ratios.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import multiprocessing
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reviewer_app.config.paths import positions_dir
from reviewer_app.intake.demo import demo_responses
from reviewer_app.intake.demo_import import demo_position
from reviewer_app.intake.importer import import_responses
from reviewer_app.intake.reader import read_responses
from reviewer_app.positions.parsing import load_positions
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions

Figures = dict[str, float]


def write_export(path: Path, rows: int) -> None:
    """Writes a realistic CSV export of ``rows`` demo responses."""
    positions = [demo_position(p) for p in load_positions(positions_dir())]
    responses = demo_responses(positions, count=rows, seed=1)
    questions = [q for q, _ in responses[0].answers]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Item ID", "Submitted at", "Name", "Email", "Position", *questions])
        for r in responses:
            writer.writerow(
                [r.response_id, r.submitted_at.isoformat() if r.submitted_at else "", r.name,
                 r.email, r.position_typed, *(a for _, a in r.answers)]
            )  # fmt: skip


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (VmHWM: reset by exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load() -> str:
    """The load averages (1, 5, 15 minutes), for the figures' context."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def server_cpu(url: str, pids: list[int] | None = None) -> float:
    """CPU seconds the database server's processes for ``url`` used so far (0 on SQLite).

    The processes of the database's sessions (or of ``pids``), read from /proc: the
    server runs on this machine. With the process's own CPU time it gives a figure that
    the machine's other work slows far less than the clock.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return 0.0
    if pids is None:
        admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
        with psycopg.connect(admin, autocommit=True) as conn:
            query = "SELECT pid FROM pg_stat_activity WHERE datname = %s"
            pids = [pid for (pid,) in conn.execute(query, (parsed.database,))]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


# --- the lower bound: plain code, none of the app's layers ------------------------------

_LOWER_COLUMNS = "id, response_id, submitted_at, name, email, position_typed, answers, content_hash"


def _lower_rows(export: Path):  # type: ignore[no-untyped-def]
    """Yields each row of the export as the lower bound's table takes it."""
    with export.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        questions = next(reader)[5:]
        for cells in reader:
            answers = json.dumps(list(zip(questions, cells[5:], strict=True)), ensure_ascii=False)
            digest = hashlib.sha256("\x1f".join([*cells[:5], answers]).encode()).hexdigest()
            yield (str(uuid.uuid4()), *cells[:5], answers, digest)


def lower_bound_postgresql(url: str, export: Path) -> Figures:
    """COPYs the export into a fresh table in one transaction; returns seconds and MB."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo) as conn:
        conn.execute(
            "CREATE TABLE lower_bound (id text PRIMARY KEY, response_id text NOT NULL UNIQUE, "
            "submitted_at text, name text, email text, position_typed text, answers json, "
            "content_hash text)"
        )
        conn.execute("CREATE INDEX lower_bound_email ON lower_bound (email)")
        conn.commit()
        server = [conn.info.backend_pid]
        cpu = time.process_time() + server_cpu(url, server)
        start = time.perf_counter()
        statement = f"COPY lower_bound ({_LOWER_COLUMNS}) FROM STDIN"
        with conn.transaction(), conn.cursor() as cur, cur.copy(statement) as copy:
            for row in _lower_rows(export):
                copy.write_row(row)
        seconds = time.perf_counter() - start
        cpu = time.process_time() + server_cpu(url, server) - cpu
        conn.execute("DROP TABLE lower_bound")
        conn.commit()
    return {"seconds": seconds, "peak": peak_mb(), "cpu": cpu}


def lower_bound_sqlite(url: str, export: Path) -> Figures:
    """Inserts the export with one ``executemany`` in one transaction; seconds and MB."""
    path = Path(make_url(url).database or "").with_name("lower_bound.sqlite3")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(
            "CREATE TABLE lower_bound (id TEXT PRIMARY KEY, response_id TEXT NOT NULL UNIQUE, "
            "submitted_at TEXT, name TEXT, email TEXT, position_typed TEXT, answers TEXT, "
            "content_hash TEXT)"
        )
        conn.execute("CREATE INDEX lower_bound_email ON lower_bound (email)")
        cpu = time.process_time()
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO lower_bound ({_LOWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _lower_rows(export),
        )
        conn.execute("COMMIT")
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
    finally:
        conn.close()
        path.unlink()
    return {"seconds": seconds, "peak": peak_mb(), "cpu": cpu}


# --- the app ------------------------------------------------------------------------------


def app_import(url: str, export: Path) -> Figures:
    """Reads the export and imports it twice (new, then unchanged); seconds and MB."""
    db = SharedDatabase(url)
    try:
        db.migrate()
        publish_positions(db, load_positions(positions_dir()))
        cpu = time.process_time() + server_cpu(url)
        start = time.perf_counter()
        result = read_responses(export)
        read = time.perf_counter() - start
        report = import_responses(db, result.responses)
        imported = time.perf_counter() - start - read
        cpu = time.process_time() + server_cpu(url) - cpu
        peak = peak_mb()
        start = time.perf_counter()
        again = import_responses(db, result.responses)
        unchanged = time.perf_counter() - start
        assert report.imported == len(result.responses) == again.unchanged, (report, again)
    finally:
        db.dispose()
    return {"read": read, "import": imported, "peak": peak, "unchanged": unchanged, "cpu": cpu}


def checkpoint(url: str) -> None:
    """Writes out what the server holds of earlier steps (PostgreSQL), before the next.

    The step before wrote ~100,000 rows: without it, the server's checkpoint of them
    (its writes, and the first change to each page after it) fell in the next step's
    time, the bound's or the app's as it came.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    with psycopg.connect(parsed.set(drivername="postgresql").render_as_string(False)) as conn:
        conn.execute("CHECKPOINT")


def in_child(step: Callable[[str, Path], Figures], url: str, export: Path) -> Figures:
    """Runs one step in a fresh interpreter, so that its peak memory is its own."""
    checkpoint(url)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(step, (url, export))


def line(label: str, rows: int, seconds: float, peak: float | None = None) -> str:
    memory = f" peak {peak:6.0f} MB" if peak is not None else ""
    return f"{label:<40} {rows:>7} rows {seconds:7.2f} s {rows / seconds:9.0f} rows/s{memory}"


def best(runs: list[Figures], key: Callable[[Figures], float]) -> Figures:
    """The fastest of several runs: the one least slowed by the machine's other work."""
    return min(runs, key=key)


def bench(url: str, export: Path, rows: int, repeat: int) -> None:
    name = make_url(url).get_backend_name()
    lower_step = lower_bound_postgresql if name == "postgresql" else lower_bound_sqlite
    print(f"-- {name} (load average before: {load()})")
    lowers: list[Figures] = []
    apps: list[Figures] = []
    for run in range(repeat):
        lowers.append(in_child(lower_step, url, export))
        # A fresh database for each run of the app: every response is new again.
        apps.append(in_child(app_import, _fresh(url, run), export))
    lower = best(lowers, lambda f: f["seconds"])
    app = best(apps, lambda f: f["read"] + f["import"])
    if repeat > 1:
        print(f"(best of {repeat} runs of each, interleaved)")
    print(line(f"lower bound ({name})", rows, lower["seconds"], lower["peak"]))
    print(line("read export", rows, app["read"]))
    print(line(f"import into {name} (new)", rows, app["import"], app["peak"]))
    print(line(f"import into {name} (unchanged)", rows, app["unchanged"]))
    total = app["read"] + app["import"]
    print(
        f"ratio (read + import) / lower bound ({name}): {total:.2f} s / "
        f"{lower['seconds']:.2f} s = {total / lower['seconds']:.2f}x; "
        f"app peak {app['peak']:.0f} MB (load average after: {load()})"
    )
    print(
        f"cpu seconds (this process + the database server's), less slowed by other work: "
        f"{app['cpu']:.2f} / {lower['cpu']:.2f} = {app['cpu'] / lower['cpu']:.2f}x"
    )


def _fresh(url: str, run: int) -> str:
    """The database for a run of the app: the first is ``url``, later ones new beside it."""
    if run == 0:
        return url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        return f"sqlite:///{path.with_name(f'{path.stem}_{run}{path.suffix}')}"
    name = f"{parsed.database}_{run}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.csv"
        write_export(export, args.rows)
        print(f"export: {export.stat().st_size / 1e6:.1f} MB, {args.rows} rows")
        if args.only != "postgresql":
            bench(f"sqlite:///{Path(tmp) / 'shared.sqlite3'}", export, args.rows, args.repeat)
        if args.only == "sqlite":
            return
        name = f"reviewer_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(args.pg).set(database=name).render_as_string(False)
        try:
            bench(url, export, args.rows, args.repeat)
        finally:
            with admin.connect() as conn:
                for run in range(args.repeat):
                    suffix = f"_{run}" if run else ""
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}{suffix}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
