"""Does a first sync of 100,000 applications hold up the window? (issue 19, goal 4)

Run: ``uv run python bench/sync_stall_bench.py [--count N] [--database NAME] [--presses N]``.

Uses the PostgreSQL database of ``bench/bench_sync.py`` (``--database``, default
``bench_sync_100k``; filled the same way when it does not hold ``--count`` applications).
Opens the reviewer's window offscreen on an empty cache, as a new team member's laptop
first does, and starts a sync as the window does (on its own task runner, so on another
thread than the window's database worker; ``--rows-per-part`` as the window's,
0 for whole pages as the command line's ``sync``). As soon as the first page of applications is
in the cache, the list is reloaded and the first applicant with checks is shown. Then,
while the sync goes on, a key press recording a check (1, 2 and 3 in turn: Met, Not met,
Unsure) is sent to its first check row every 200 ms, and a 5 ms heartbeat timer runs on
the GUI thread. Printed:

- for each press, the time from the key press to the row showing its result (shown at
  the press; a failed write shows what is recorded, and why): the longest, the 95th
  percentile and the median, during the sync and (as a reference) after it;
- for each press, the time to its write recorded in the cache (it runs on the window's
  database worker, and waits for the sync's write transaction when one is open);
- the longest gap between heartbeats while the sync ran (the longest the window could
  not react at all);
- how long the sync took, with the window open.

Goals (issue 19): press to result shown and longest stall, both under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_sync import _database, ensure_filled  # type: ignore[import-not-found]
from list_stall_bench import Heartbeat, pump_until  # type: ignore[import-not-found]
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache import LocalCache
from reviewer_app.config.settings import Settings
from reviewer_app.domain.vocabulary import CheckResult
from reviewer_app.review.actions import ReviewService
from reviewer_app.server.database import SharedDatabase
from reviewer_app.sync import Syncer
from reviewer_app.ui.review.check_row import CheckRow
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.app import _application
from reviewer_app.ui.window.appearance import ColorScheme
from reviewer_app.ui.window.main_window import MainWindow
from reviewer_app.ui.window.sync_controller import WINDOW_ROWS_PER_PART

REVIEWER = "Rae Newcomer"
PRESS_EVERY_S = 0.2
GOAL_MS = 50.0
KEYS = ((Qt.Key.Key_1, CheckResult.MET), (Qt.Key.Key_2, CheckResult.NOT_MET),
        (Qt.Key.Key_3, CheckResult.UNSURE))  # fmt: skip


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Presses:
    """Sends the key presses and times each until its result is shown."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        self.app = app
        self.window = window
        self.latencies: list[float] = []
        self.recorded: list[float] = []  # from the key press to the write's commit

    def row(self) -> CheckRow:
        rows = self.window.review_panel.checks.rows
        assert rows, "the applicant shown has no checks"
        return rows[0]

    def press(self, index: int) -> float:
        """Presses; times the result shown, then the write recorded in the cache."""
        key, result = KEYS[index % len(KEYS)]
        row = self.row()
        written: list[float] = []
        panel = self.window.review_panel

        def recorded(_changes: object) -> None:
            written.append(time.perf_counter())

        panel.changed.connect(recorded)
        began = time.perf_counter()
        QTest.keyClick(row, key)
        pump_until(self.app, lambda: self.row().result == result, timeout_s=30)
        took = (time.perf_counter() - began) * 1000
        pump_until(self.app, lambda: bool(written), timeout_s=30)
        panel.changed.disconnect(recorded)  # the window's own slot stays
        self.latencies.append(took)
        self.recorded.append((written[0] - began) * 1000)
        return took


def show_first_applicant_with_checks(app: QApplication, window: MainWindow) -> None:
    """Reloads the list and moves down it to an applicant whose position has checks."""
    listing = window.applicant_list
    window.reload()
    pump_until(app, lambda: listing.idle and listing.current_id() is not None)
    for _ in range(50):
        shown = listing.current_id()
        pump_until(app, lambda s=shown: window.review_panel.application_id == s, timeout_s=10)
        if window.review_panel.checks.rows:
            return
        listing.step_selection(1)
    raise SystemExit("no applicant with checks among the first 50")


def _syncer(
    cache: LocalCache,
    shared: SharedDatabase,
    report: Callable[..., None],
    page_size: int | None,
    rows_per_part: int | None,
) -> Syncer:
    """A Syncer as the window's (see ui/window/sync_controller.py sync_once)."""
    syncer = Syncer(cache, shared, REVIEWER, progress=report, page_size=page_size)
    syncer.rows_per_part = rows_per_part
    return syncer


def run(
    app: QApplication,
    url: str,
    data_dir: Path,
    presses_after: int,
    page_size: int | None,
    rows_per_part: int | None,
) -> dict[str, Any]:
    """Opens the window on an empty cache, syncs, and presses keys while it runs."""
    cache = LocalCache.open(data_dir)
    worker_runner = TaskRunner()
    sync_runner = TaskRunner()
    window = MainWindow(
        cache,
        ReviewService(cache, REVIEWER),
        ApplicantQuery(cache, REVIEWER),
        worker_runner,
        Settings(reviewer_name=REVIEWER),
        data_dir,
    )
    window.show()
    pump_until(app, lambda: window.applicant_list.idle)
    progress: dict[str, int] = {"done": 0, "total": 0}
    finished: list[object] = []
    shared = SharedDatabase(url)

    def report(phase: str, done: int, total: int) -> None:
        if phase == "pull":
            progress.update(done=done, total=total)

    began = time.perf_counter()
    sync_runner.run_with_progress(
        lambda reporter: _syncer(cache, shared, reporter, page_size, rows_per_part).sync(),
        on_done=finished.append,
        on_error=finished.append,
        on_progress=report,
    )
    pump_until(app, lambda: progress["done"] > 0 or bool(finished), timeout_s=120)
    first_page = time.perf_counter() - began
    show_first_applicant_with_checks(app, window)
    presses = Presses(app, window)
    heart = Heartbeat()
    heart.start()
    index = 0
    while not finished:
        presses.press(index)
        index += 1
        deadline = time.perf_counter() + PRESS_EVERY_S
        while time.perf_counter() < deadline and not finished:
            app.processEvents()
            time.sleep(0.001)
    stall = heart.longest()
    synced = time.perf_counter() - began
    heart.timer.stop()
    if isinstance(finished[0], BaseException):
        raise SystemExit(f"the sync failed: {finished[0]!r}")
    during = presses.latencies
    # The window reloads the list after the sync: the reference presses come after that.
    pump_until(app, lambda: window.applicant_list.idle, timeout_s=60)
    pump_until(app, _later(1.0))
    after = Presses(app, window)
    for press in range(presses_after):
        after.press(index + press)
        pump_until(app, _later(PRESS_EVERY_S), timeout_s=5)
    window.close()
    worker_runner.shutdown()
    sync_runner.shutdown()
    shared.dispose()
    cache.close()
    return {
        "sync_s": synced,
        "first_page_s": first_page,
        "pulled": progress["done"],
        "presses": len(during),
        "press_max_ms": max(during, default=0.0),
        "press_p95_ms": _percentile(during, 0.95) if during else 0.0,
        "press_median_ms": statistics.median(during) if during else 0.0,
        "recorded_max_ms": max(presses.recorded, default=0.0),
        "recorded_median_ms": statistics.median(presses.recorded) if during else 0.0,
        "after_max_ms": max(after.latencies, default=0.0),
        "after_median_ms": statistics.median(after.latencies) if after.latencies else 0.0,
        "stall_ms": float(stall),
        "during_ms": during,
        "after_ms": after.latencies,
    }


def _later(seconds: float) -> Callable[[], bool]:
    end = time.perf_counter() + seconds
    return lambda: time.perf_counter() >= end


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--database", default="bench_sync_100k")
    parser.add_argument("--presses-after", type=int, default=10)
    parser.add_argument("--page-size", type=int, help="the sync's rows per page (its default)")
    parser.add_argument(
        "--rows-per-part",
        type=int,
        default=WINDOW_ROWS_PER_PART,
        help="rows of a part, after which the sync commits if a write waits; 0: whole pages",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # As the app makes it (its style sheet, and its threads' turns at the interpreter).
    app = _application([], ColorScheme.SYSTEM)
    with _database(args.pg, args.database) as url, tempfile.TemporaryDirectory() as tmp:
        shared = SharedDatabase(url)
        try:
            ensure_filled(shared, args.count)
        finally:
            shared.dispose()
        load = os.getloadavg()[0]
        figures = run(
            app,
            url,
            Path(tmp) / "data",
            args.presses_after,
            args.page_size,
            args.rows_per_part or None,
        )
    print(f"load average {load:.2f} before the run")
    print(
        f"first sync of {figures['pulled']:,} rows with the window open: "
        f"{figures['sync_s']:.2f} s (first page in after {figures['first_page_s']:.2f} s)"
    )
    print(f"key presses during the sync: {figures['presses']:.0f}")
    print(
        f"  press to result shown, longest {figures['press_max_ms']:.0f} ms "
        f"(goal {GOAL_MS:.0f}), p95 {figures['press_p95_ms']:.0f} ms, "
        f"median {figures['press_median_ms']:.0f} ms"
    )
    print(
        f"  press to its write recorded in the cache, longest "
        f"{figures['recorded_max_ms']:.0f} ms, median {figures['recorded_median_ms']:.0f} ms"
    )
    print(
        f"  longest GUI-thread stall (5 ms heartbeat): {figures['stall_ms']:.0f} ms "
        f"(goal {GOAL_MS:.0f})"
    )
    print(
        f"after the sync: press to result shown, longest {figures['after_max_ms']:.0f} ms, "
        f"median {figures['after_median_ms']:.0f} ms"
    )
    print("each press during the sync (ms):", " ".join(f"{ms:.0f}" for ms in figures["during_ms"]))
    print("each press after it (ms):", " ".join(f"{ms:.0f}" for ms in figures["after_ms"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
