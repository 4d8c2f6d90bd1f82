"""Benchmark of the CSV export: ``uv run python bench/bench_export.py [--count N] [--plain]``.

Fills a temporary local cache with synthetic applications to the seven shipped positions
(bulk inserts through the cache models), then times, in the same run and alternately,
``export_decisions`` and a lower bound: a bare ``csv.writer`` over one SQLite query that
reads the same rows (applications joined with positions and decisions, each
application's checks concatenated by SQLite, notes counted), written to a file with the
same encoding, line endings and fsync, but without check columns, ordering of reviewer
results, neutralisation or the temporary file. Best of 3 each; peak Python memory of
each is measured with tracemalloc in a separate, untimed run.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from reviewer_app.cache.models import (
    SYNC_STATE_ID,
    CachedApplication,
    CachedDecision,
    CachedNote,
    CachedPosition,
    CachedRequirementCheck,
    SyncStateRow,
)
from reviewer_app.cache.store import CACHE_FILE, LocalCache
from reviewer_app.config.paths import positions_dir
from reviewer_app.domain.vocabulary import CheckResult, NoteKind, Stage
from reviewer_app.export.decisions import (
    FIXED_HEADERS,
    ISO_UTC_FORMAT,
    ExportOptions,
    export_decisions,
    format_utc,
)
from reviewer_app.positions.parsing import load_positions

REVIEWERS = ("Ana Souza", "Bo Lindqvist", "Chidi Okafor", "Dana Cohen")
STAGES = (
    (Stage.SCREENING, 30),
    (Stage.INTERVIEW, 15),
    (Stage.ACCEPTED, 10),
    (Stage.DECLINED, 15),
    (Stage.WITHDRAWN, 3),
    (Stage.ON_HOLD, 7),
)
CHUNK = 10_000


def fill_cache(cache: LocalCache, count: int, seed: int = 0) -> None:
    """Inserts ``count`` applications with checks, notes and decisions into ``cache``."""
    rng = random.Random(seed)
    positions = load_positions(positions_dir())
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with cache.session() as session:
        session.execute(
            insert(CachedPosition),
            [
                {
                    "id": number,
                    "slug": p.slug,
                    "version": 1,
                    "title": p.title,
                    "source": p.source,
                    "content_hash": p.content_hash,
                    "revision": number,
                }
                for number, p in enumerate(positions, start=1)
            ],
        )
        session.execute(
            update(SyncStateRow)
            .where(SyncStateRow.id == SYNC_STATE_ID)
            .values(last_sync_at=datetime.now(UTC), last_revision=count)
        )
    stages, weights = zip(*STAGES, strict=True)
    for first in range(0, count, CHUNK):
        apps: list[dict[str, Any]] = []
        checks: list[dict[str, Any]] = []
        notes: list[dict[str, Any]] = []
        decisions: list[dict[str, Any]] = []
        for number in range(first, min(first + CHUNK, count)):
            app_id = str(uuid.UUID(int=rng.getrandbits(128)))
            matched = rng.random() < 0.95
            position_number = rng.randrange(len(positions))
            position = positions[position_number]
            apps.append(
                {
                    "id": app_id,
                    "response_id": f"resp-{number}",
                    "submitted_at": start + timedelta(minutes=rng.randrange(525_600)),
                    "name": f"Applicant {number}",
                    "email": f"applicant{number}@example.org",
                    "position_typed": position.title,
                    "position_id": position_number + 1 if matched else None,
                    "answers": [["Why do you want to volunteer?", "To help. " * 20]],
                    "content_hash": f"{number:064x}",
                    "revision": number,
                }
            )
            if matched and rng.random() < 0.5:
                for reviewer in rng.sample(REVIEWERS, 2):
                    for check in position.checks:
                        result = rng.choice(list(CheckResult))
                        checks.append(
                            {
                                "application_id": app_id,
                                "check_key": check.key,
                                "reviewer_name": reviewer,
                                "result": result,
                                "comment": "",
                            }
                        )
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                notes.append(
                    {
                        "id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "application_id": app_id,
                        "author_name": rng.choice(REVIEWERS),
                        "kind": NoteKind.TRIAGE,
                        "body": "Looks promising; ask about availability.",
                    }
                )
            if rng.random() < 0.8:
                stage = rng.choices(stages, weights)[0]
                decisions.append(
                    {
                        "application_id": app_id,
                        "stage": stage,
                        "reason": "Not enough experience" if stage is Stage.DECLINED else None,
                        "decided_by_name": rng.choice(REVIEWERS),
                        "decided_at": start + timedelta(days=rng.randrange(400)),
                    }
                )
        with cache.session() as session:
            session.execute(insert(CachedApplication), apps)
            if checks:
                session.execute(insert(CachedRequirementCheck), checks)
            if notes:
                session.execute(insert(CachedNote), notes)
            if decisions:
                session.execute(insert(CachedDecision), decisions)


# The lower bound's one query: the same rows and the data of the same columns, with the
# checks as one "name: key=result; ..." text per application instead of check columns.
LOWER_BOUND_SQL = """
SELECT a.id,
       coalesce(strftime(:iso, a.submitted_at), ''),
       a.name,
       a.email,
       coalesce(p.title, a.position_typed),
       coalesce(p.slug, ''),
       coalesce(d.stage, 'new'),
       coalesce(d.reason, ''),
       coalesce(d.decided_by_name, ''),
       coalesce(strftime(:iso, d.decided_at), ''),
       coalesce((SELECT group_concat(c.reviewer_name || ': ' || c.check_key || '=' || c.result,
                                     '; ')
                 FROM requirement_checks AS c WHERE c.application_id = a.id), ''),
       (SELECT count(*) FROM notes AS n WHERE n.application_id = a.id),
       :as_of
FROM applications AS a
LEFT JOIN positions AS p ON p.id = a.position_id
LEFT JOIN decisions AS d ON d.application_id = a.id
ORDER BY a.submitted_at IS NULL, a.submitted_at, a.id
"""


def lower_bound(cache_file: Path, target: Path, *, excel: bool) -> None:
    """Writes the rows with one query and a bare csv.writer."""
    connection = sqlite3.connect(f"{cache_file.as_uri()}?mode=ro", uri=True)
    try:
        as_of = connection.execute("SELECT last_sync_at FROM sync_state").fetchone()[0]
        params = {"iso": ISO_UTC_FORMAT, "as_of": as_of}
        with target.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n" if excel else "\n")
            writer.writerow(FIXED_HEADERS)
            writer.writerows(connection.execute(LOWER_BOUND_SQL, params))
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        connection.close()


def _timed(run: Callable[[], object]) -> float:
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def _peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        run()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="applications (100000)")
    parser.add_argument("--plain", action="store_true", help="plain UTF-8 instead of Excel")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (3)")
    parser.add_argument(
        "--data-dir", type=Path, help="keep the filled cache here and reuse it on the next run"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data_dir = args.data_dir or folder / "data"
        reuse = (data_dir / CACHE_FILE).exists()
        with LocalCache.open(data_dir) as cache:
            if reuse:
                print(f"reusing the cache in {data_dir} (--count ignored)")
            else:
                began = time.perf_counter()
                fill_cache(cache, args.count)
                print(f"filled {args.count} applications in {time.perf_counter() - began:.1f} s")
            target = folder / "decisions.csv"
            bound_target = folder / "lower-bound.csv"
            options = ExportOptions(excel=not args.plain)

            def export() -> object:
                return export_decisions(cache, target, options, force=True)

            def bound() -> object:
                return lower_bound(cache.path, bound_target, excel=options.excel)

            # Warm the page cache for both, then alternate so that the machine's load
            # weighs on both alike.
            report = export_decisions(cache, target, options, force=True)
            bound()
            export_times, bound_times = [], []
            for _ in range(args.runs):
                export_times.append(_timed(export))
                bound_times.append(_timed(bound))
            export_peak = _peak_mib(export)
            bound_peak = _peak_mib(bound)
            with bound_target.open(encoding="utf-8-sig", newline="") as handle:
                bound_rows = sum(1 for _ in csv.reader(handle)) - 1
        # ru_maxrss is in KiB on Linux, in bytes on macOS.
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        max_rss_mib = max_rss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        size = target.stat().st_size
        bound_size = bound_target.stat().st_size
        best, best_bound = min(export_times), min(bound_times)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"rows:                     {report.rows} (lower bound: {bound_rows})")
        print(f"columns:                  {len(report.columns)} (lower bound: 13)")
        print(f"export_decisions, best:   {best:.2f} s  (runs: {_runs(export_times)})")
        print(f"lower bound, best:        {best_bound:.2f} s  (runs: {_runs(bound_times)})")
        print(f"ratio export/lower bound: {best / best_bound:.2f}")
        print(
            f"rows/s:                   {report.rows / best:,.0f} "
            f"(lower bound: {bound_rows / best_bound:,.0f})"
        )
        print(
            f"file size:                {size / 1024 / 1024:.1f} MiB "
            f"(lower bound: {bound_size / 1024 / 1024:.1f} MiB)"
        )
        print(
            f"peak traced memory:       {export_peak:.1f} MiB "
            f"(lower bound: {bound_peak:.1f} MiB; Python objects only, tracemalloc)"
        )
        print(f"max RSS of process:       {max_rss_mib:.0f} MiB (includes filling the cache)")
        print(f"load average:             {load}")
        print(f"as of:                    {format_utc(report.as_of) if report.as_of else '-'}")
    return 0


def _runs(times: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in times)


if __name__ == "__main__":
    sys.exit(main())
