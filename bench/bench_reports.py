"""Benchmark of the reports: ``uv run python bench/bench_reports.py [--count N] [--window]``.

Fills a temporary local cache like ``bench/bench_export.py`` (100,000 applications to
the seven shipped positions, two reviewers' checks on half of the matched ones, 0-3
notes each, a decision on 80 %), adds one decision history row per decision, then times,
in the same run and alternately, best of ``--runs`` after a warm-up:

* ``compute_report`` for all applications, for one quarter, and for one position;
* the **lower bound**: every row and column the report depends on read once through
  the sqlite3 module into tuples, by the plainest query per table (applications joined
  with their decision; checks with a result; notes not deleted; the decision history),
  with nothing grouped and no figure computed. No report of these figures reads less.

Each is also timed in CPU time (``time.process_time``: the report and the bound run on
this thread alone), whose ratio moves less than the wall clock's when other work shares
the machine. Each one's **memory** is measured once in a fresh process (Linux): how much
its resident set's peak grew over one run, the positions parsed and the modules imported
before it (in a process that ran something else first, the run would reuse memory that
was freed but kept).

``--window`` also times the Reports window opening (offscreen, 1366x768), in this
process, after importing the main window's modules as the app has when the Reports are
opened: from the import of the Reports window's module to the first report painted (the
pipeline table's figures, what a user first sees), and to its two charts drawn (the
window imports pyqtgraph once the first report is shown).
``--data-dir DIR`` keeps the filled cache and reuses it on the next run.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench_export import fill_cache  # type: ignore[import-not-found]

from reviewer_app.cache.store import CACHE_FILE, LocalCache
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.reports import ReportOptions, compute_report
from reviewer_app.reports.figures import Report

CASES = {
    "all applications": ReportOptions(),
    "one quarter": ReportOptions(start=date(2024, 4, 1), end=date(2024, 6, 30)),
    "one position": ReportOptions(position="backend-developer"),
}
LOWER_BOUND = "lower bound"

LOWER_BOUND_SQL = (
    "SELECT a.id, a.position_id, a.submitted_at, d.stage, d.decided_at "
    "FROM applications AS a LEFT JOIN decisions AS d ON d.application_id = a.id",
    "SELECT application_id, reviewer_name, check_key, result, updated_at "
    "FROM requirement_checks WHERE result IS NOT NULL",
    "SELECT application_id, author_name, created_at FROM notes WHERE deleted_at IS NULL",
    "SELECT application_id, stage, decided_at FROM decision_history",
)


def add_history(cache: LocalCache) -> None:
    """One history row per current decision, as the server records each decision."""
    with cache.session() as session:
        session.connection().exec_driver_sql(
            "INSERT INTO decision_history (id, application_id, stage, reason, decided_at, "
            "revision) SELECT rowid, application_id, stage, reason, decided_at, rowid "
            "FROM decisions"
        )


def lower_bound(cache_file: Path) -> int:
    """Reads every row the report depends on, once, into tuples; returns how many."""
    connection = sqlite3.connect(f"{cache_file.as_uri()}?mode=ro", uri=True)
    try:
        return sum(len(connection.execute(sql).fetchall()) for sql in LOWER_BOUND_SQL)
    finally:
        connection.close()


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Seconds of wall clock and of this process's CPU that ``run`` took."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def measure_peak(data_dir: Path, name: str) -> float:
    """MiB the resident set's peak grows by over one run of case ``name`` (or the lower
    bound), in this process: call it in a fresh one (``--peak-of``)."""
    with LocalCache.open(data_dir) as cache:
        catalogue = PositionCatalogue()
        with cache.read_session() as session:
            for slug, source in session.connection().exec_driver_sql(
                "SELECT slug, source FROM positions"
            ):
                catalogue.parsed(slug, source)
        if name == LOWER_BOUND:
            run: Callable[[], object] = lambda: lower_bound(cache.path)  # noqa: E731
        else:
            run = lambda: compute_report(cache, CASES[name], catalogue=catalogue)  # noqa: E731
        # Writing 5 to clear_refs resets the peak (VmHWM) to the resident set.
        Path("/proc/self/clear_refs").write_text("5")
        before = _rss_kib("VmRSS")
        run()
        return (_rss_kib("VmHWM") - before) / 1024


def peak_in_fresh_process(data_dir: Path, name: str) -> float | None:
    """:func:`measure_peak` in a new interpreter (None: not on Linux)."""
    if not Path("/proc/self/clear_refs").exists():
        return None
    output = subprocess.run(
        [sys.executable, __file__, "--data-dir", str(data_dir), "--peak-of", name],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(output.split()[-1])


def _mib(value: float | None) -> str:
    return "not measured (Linux only)" if value is None else f"{value:.0f} MiB"


def _runs(times: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in times)


def time_window(cache: LocalCache) -> tuple[float, float]:
    """Seconds from importing the Reports window (offscreen, 1366x768 or less) to its first
    report painted on screen (the pipeline table's figures), and to its charts drawn."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    # What the running app has loaded when the Reports are opened (numpy among them,
    # through openpyxl), so that only what opening them adds is timed.
    import reviewer_app.ui.window.main_window  # noqa: F401
    from reviewer_app.positions.catalogue import PositionCatalogue
    from reviewer_app.review.actions import ReviewService
    from reviewer_app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    worker = TaskRunner(max_threads=1)
    painted: list[float] = []

    class FirstPaint(QObject):
        """Notes when the pipeline table is first painted with a report's figures."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and window.report is not None and not painted:
                painted.append(time.perf_counter())
            return False

    began = time.perf_counter()
    from reviewer_app.ui.reports.reports_window import ReportsWindow

    window = ReportsWindow(cache, ReviewService(cache, "Ana Souza"), worker, PositionCatalogue())
    watcher = FirstPaint()
    window.pipeline_view.viewport().installEventFilter(watcher)
    window.show()
    while not window.idle or window.report is None or not painted:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()  # the charts painted
    charts = time.perf_counter() - began
    window.close()
    worker.shutdown()
    return painted[0] - began, charts


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="applications (100000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (5)")
    parser.add_argument("--window", action="store_true", help="also time the window opening")
    parser.add_argument(
        "--data-dir", type=Path, help="keep the filled cache here and reuse it on the next run"
    )
    parser.add_argument("--peak-of", choices=[*CASES, LOWER_BOUND], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peak_of is not None:  # the child of peak_in_fresh_process
        print(f"{measure_peak(args.data_dir, args.peak_of):.1f}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        reuse = (data_dir / CACHE_FILE).exists()
        with LocalCache.open(data_dir) as cache:
            if reuse:
                print(f"reusing the cache in {data_dir} (--count ignored)")
            else:
                began = time.perf_counter()
                fill_cache(cache, args.count)
                add_history(cache)
                print(f"filled {args.count} applications in {time.perf_counter() - began:.1f} s")
            cases = CASES
            results: dict[str, Report] = {}
            for name, options in cases.items():  # warm-up: the page cache, the parses
                results[name] = compute_report(cache, options)
            rows = lower_bound(cache.path)
            times: dict[str, list[float]] = {name: [] for name in cases}
            cpu: dict[str, list[float]] = {name: [] for name in cases}
            bound_times: list[float] = []
            bound_cpu: list[float] = []
            for _ in range(args.runs):
                for name, options in cases.items():
                    wall, used = _timed(lambda o=options: compute_report(cache, o))
                    times[name].append(wall)
                    cpu[name].append(used)
                wall, used = _timed(lambda: lower_bound(cache.path))
                bound_times.append(wall)
                bound_cpu.append(used)
            peaks = {name: peak_in_fresh_process(data_dir, name) for name in [*cases, LOWER_BOUND]}
            window = time_window(cache) if args.window else None
        best_bound = min(bound_times)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"applications:             {results['all applications'].total}")
        print(f"rows the lower bound read: {rows}")
        for name in cases:
            best = min(times[name])
            print(
                f"report, {name + ':':18} best {best:.2f} s, {best / best_bound:.2f}x the "
                f"lower bound  (runs: {_runs(times[name])}; {results[name].total} applications)"
            )
            print(
                f"{'':26}CPU {min(cpu[name]):.2f} s, {min(cpu[name]) / min(bound_cpu):.2f}x "
                "the lower bound's CPU"
            )
            print(f"{'':26}peak RSS growth {_mib(peaks[name])} (a fresh process)")
        print(f"lower bound, best:        {best_bound:.2f} s  (runs: {_runs(bound_times)})")
        print(f"{'':26}CPU {min(bound_cpu):.2f} s, peak RSS growth {_mib(peaks[LOWER_BOUND])}")
        if window is not None:
            print(
                f"window, import to first report painted: {window[0]:.2f} s; "
                f"to its charts drawn (pyqtgraph imported after): {window[1]:.2f} s"
            )
        print(f"load average:             {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
