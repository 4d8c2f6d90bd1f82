"""How long the GUI thread stalls while the list changes.

Run: ``uv run python bench/list_stall_bench.py [--count N] [--data-dir DIR]``.

Fills a temporary cache like ``bench/list_bench.py`` (100,000 applications), opens the
reviewer's window offscreen (no sync) and, with a 5 ms QTimer heartbeat running, goes
through what a reviewer does to the list: every toggle on and off, a position, a stage,
typing a search, sorting by name, the refresh after a sync, and J fifty times. For each
step it prints the longest gap between heartbeats (the longest the window could not
react) and how long until the new list and counts were shown.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_export import REVIEWERS, fill_cache  # type: ignore[import-not-found]
from list_bench import add_duplicates_and_conflicts  # type: ignore[import-not-found]
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from reviewer_app.applicants.queries import ApplicantQuery
from reviewer_app.cache.store import CACHE_FILE, LocalCache
from reviewer_app.config.settings import Settings
from reviewer_app.review.actions import ReviewService
from reviewer_app.ui.tasks import TaskRunner
from reviewer_app.ui.window.main_window import MainWindow

HEARTBEAT_MS = 5


class Heartbeat:
    """Records the gaps between ticks of a fast timer on the GUI thread."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.gaps: list[int] = []

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.gaps = []
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.gaps.append(now - self.last)
        self.last = now

    def longest(self) -> int:
        # The step itself runs between two ticks, so it counts as a gap too.
        return max([*self.gaps, self.clock.elapsed() - self.last])


def pump_until(app: QApplication, done: Callable[[], bool], timeout_s: float = 60) -> float:
    """Runs the event loop until ``done()``; returns the seconds it took."""
    began = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - began > timeout_s:
            raise TimeoutError("the list never settled")
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000, help="applications (100000)")
    parser.add_argument(
        "--data-dir", type=Path, help="keep the filled cache here and reuse it next time"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        fresh = not (data_dir / CACHE_FILE).exists()
        cache = LocalCache.open(data_dir)
        if fresh:
            fill_cache(cache, args.count)
            add_duplicates_and_conflicts(cache)
        try:
            run_steps(app, cache, Path(tmp))
        finally:
            cache.close()
    return 0


def run_steps(app: QApplication, cache: LocalCache, tmp: Path) -> None:
    """Opens the window over ``cache`` and times the list steps."""
    reviewer = REVIEWERS[0]
    runner = TaskRunner()
    heart = Heartbeat()
    heart.start()
    began = time.perf_counter()
    window = MainWindow(
        cache,
        ReviewService(cache, reviewer),
        ApplicantQuery(cache, reviewer),
        runner,
        Settings(reviewer_name=reviewer),
        tmp,
    )
    window.show()
    listing = window.applicant_list
    built = time.perf_counter() - began
    pump_until(app, lambda: listing.idle and listing.current_id() is not None)
    print(f"{len(listing.model.ids):,} applications")
    print(f"window built in {built * 1000:.0f} ms (list not yet loaded)")
    print(f"list and counts shown after {(time.perf_counter() - began) * 1000:.0f} ms")
    print(f"{'step':36} {'longest stall ms':>17} {'list shown after ms':>20}")
    stalls: list[int] = []

    def step(label: str, action: Callable[[], object]) -> None:
        pump_until(app, lambda: listing.idle)
        heart.start()
        began = time.perf_counter()
        action()
        pump_until(app, lambda: listing.idle)
        took = time.perf_counter() - began
        # Let a few heartbeats run after the result was applied.
        end = time.perf_counter() + 0.05
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)
        stalls.append(heart.longest())
        print(f"{label:36} {heart.longest():17} {took * 1000:20.0f}")

    for key, button in listing.toggles.items():
        step(f"toggle {key} on", lambda b=button: b.setChecked(True))
        step(f"toggle {key} off", lambda b=button: b.setChecked(False))
    step("position: the second one", lambda: listing.position_combo.setCurrentIndex(2))
    step("position: all", lambda: listing.position_combo.setCurrentIndex(0))
    step("stage: declined", lambda: listing.stage_combo.setCurrentIndex(
        listing.stage_combo.findText("Declined")))  # fmt: skip
    step("stage: any", lambda: listing.stage_combo.setCurrentIndex(0))

    def type_search() -> None:
        for text in ("h", "he", "hel", "help"):
            listing.search.setText(text)
            app.processEvents()

    step("search: type 'help'", type_search)
    step("search: clear", lambda: listing.search.setText(""))
    header = listing.table.horizontalHeader()
    step("sort by name", lambda: header.setSortIndicator(0, Qt.SortOrder.AscendingOrder))
    step("sort by submitted", lambda: header.setSortIndicator(3, Qt.SortOrder.DescendingOrder))
    step("refresh after a sync", window.reload)

    def press_j() -> None:
        for _ in range(50):
            listing.step_selection(1)
            app.processEvents()

    heart.start()
    began = time.perf_counter()
    press_j()
    per_move = (time.perf_counter() - began) / 50 * 1000
    print(f"{'J x50 (all panes updated)':36} {heart.longest():17} {'':>20}")
    print(f"  {per_move:.1f} ms per move on average")
    print(f"longest GUI-thread stall over all list steps: {max(stalls)} ms")
    window.close()
    runner.shutdown()


if __name__ == "__main__":
    sys.exit(main())
