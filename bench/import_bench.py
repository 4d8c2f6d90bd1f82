"""Times reading and importing a 100,000-row form export into SQLite and PostgreSQL.

Run: ``uv run python bench/import_bench.py [--rows N] [--pg URL]``. Prints rows, seconds,
rows per second and peak memory for each phase; a second import of the same file
(everything unchanged) shows the cost of idempotency.
"""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
import uuid
from pathlib import Path

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
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, rows: int, action) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {rows:>7} rows {seconds:7.2f} s {rows / seconds:9.0f} rows/s "
          f"peak {peak_mb():6.0f} MB")  # fmt: skip
    return result


def bench(url: str, export: Path, rows: int) -> None:
    db = SharedDatabase(url)
    try:
        db.migrate()
        publish_positions(db, load_positions(positions_dir()))
        result = timed("read export", rows, lambda: read_responses(export))
        name = db.dialect
        timed(f"import into {name} (new)", rows, lambda: import_responses(db, result.responses))
        timed(f"import into {name} (unchanged)", rows,
              lambda: import_responses(db, result.responses))  # fmt: skip
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.csv"
        write_export(export, args.rows)
        print(f"export: {export.stat().st_size / 1e6:.1f} MB, {args.rows} rows")
        bench(f"sqlite:///{Path(tmp) / 'shared.sqlite3'}", export, args.rows)

        name = f"reviewer_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            bench(make_url(args.pg).set(database=name).render_as_string(False), export, args.rows)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
