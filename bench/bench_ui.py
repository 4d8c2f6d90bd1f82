"""Speed of the reviewer's window on 100,000 applications (issue 5, item 7).

Run: ``uv run python bench/bench_ui.py [--count N] [--data-dir DIR] [--runs N] [--burn]``.

Fills a local cache like ``bench/list_stall_bench.py`` (``fill_cache`` of
``bench/bench_export.py`` plus duplicates and conflicts; ``--data-dir`` keeps it for the
next run), then, each in a fresh offscreen process so that filling the cache counts
neither in the time nor in the memory:

* **start**: from launching the process (and from before the QApplication) to the end of
  the main window's first paint, on the existing cache, as ``main.py`` builds it (no
  sync); ``--runs`` processes, and when the list and the first applicant were shown;
* **search**: ~50 keystrokes of realistic queries, each typed into the search box and
  left alone until its result is applied and the table repainted; timed from the
  debounce timer firing (the work after the 200 ms pause) and from the keystroke;
* **next applicant**: ~100 J presses on the list, each timed from the key press until
  the applicant, read on the window's database worker, is shown in every pane and the
  window repainted (posted events processed);
* **check**: 30 presses of 1, 2 and 3 on a check row of the review panel, each timed
  from the key press until the row shows the result, repainted (the goal of J applies:
  what the reviewer sees), and until the result read back after its write and the list's
  row and toggle counts are up to date (the window idle), repainted (the database's part:
  no goal, it runs on the worker while the window stays free); then 10 more with a
  search in the box (its counts follow each check);
* **memory**: the peak RSS of the process that opened the window and did all of the above.

The offscreen screen is a 1366x768 laptop's, so that the window has the size and the
layout a reviewer first gets. ``--burn`` runs a CPU burner on one core meanwhile (a load
average of about 2 on a shared 2-vCPU machine): the keystrokes' loaded goals apply. Run
without ``PYTHONDONTWRITEBYTECODE`` for a warm start (a user's Python keeps its bytecode).

Goals (issue 19): start to the first painted window < 0.5 s warm; a search keystroke
after the pause and the next applicant (J) each < 16 ms p95 (a frame) on a quiet machine
and < 30 ms p95 with the burner; < 300 MB (issue 5).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REVIEWER = "Ana Souza"  # one of bench_export.REVIEWERS, with checks on ~25 %

# Check key presses timed, after the J presses (a third of them again during a search).
CHECK_PRESSES = 30
SEARCHED = "applicant 4"
GOALS = {"start_s": 0.5, "search_p95_ms": 16.0, "next_p95_ms": 16.0, "rss_mb": 300.0}
# With a CPU burner on one core (--burn): the keystrokes' goals at a load average of 2.
LOADED_GOALS = {**GOALS, "search_p95_ms": 30.0, "next_p95_ms": 30.0}

# What a reviewer types: a name, an email, words from the answers, a typo with no match.
QUERIES = (
    "applicant 4242",
    "applicant17@exa",
    "help. to",
    "zq",
    "Applicant 99",
    "to help",
    "zzz",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the child processes ---------------------------------------------------------------


def _open_window(data_dir: Path) -> tuple[Any, Any, Any]:
    """Builds the QApplication, the services and the window as ``main.py`` does (no sync)."""
    from reviewer_app.config.settings import Settings
    from reviewer_app.ui.window.app import _application, build_services, window_settings
    from reviewer_app.ui.window.appearance import ColorScheme
    from reviewer_app.ui.window.main_window import MainWindow

    app = _application([], ColorScheme.SYSTEM)
    # Each run from the list's first applicant, as before the window reopened on the
    # applicant it showed last (the runs before this one moved it on).
    remembered = window_settings(data_dir)
    remembered.remove("main_window/applicant")
    remembered.sync()
    # As WindowSession.open: the cache's quick check runs first on the window's worker.
    services = build_services(data_dir, Settings.load(data_dir), check_cache=False)
    window = MainWindow(
        services.cache,
        services.review,
        services.query,
        services.runner,
        services.settings,
        data_dir,
        window_settings=window_settings(data_dir),
        catalogue=services.catalogue,
        check_cache=True,
    )
    return app, services, window


def child_start(data_dir: Path, launched: float) -> dict[str, float]:
    """Times one start: to the first paint of the window, and to the first applicant."""
    # What main.py does before it builds the window: read the window's options, and
    # pause the cycle collector until the event loop's first turn (ui/entry.run_window).
    from reviewer_app.storage.gc_pause import pause_for_start
    from reviewer_app.ui.entry import window_arguments

    if window_arguments(["--data-dir", str(data_dir)]) is None:
        raise RuntimeError("main.py would not open the window with these arguments")
    started = pause_for_start()

    before_app = time.time()
    from PySide6.QtCore import QEvent, QObject, QTimer

    marks: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "painted" not in marks:
                marks["paint_began"] = time.time()
                # Children paint in the same pass; it is over when the loop gets back.
                QTimer.singleShot(0, lambda: marks.setdefault("painted", time.time()))
            return False

    app, services, window = _open_window(data_dir)
    QTimer.singleShot(0, started)  # as ui/window/app.run
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    deadline = time.time() + 60
    while time.time() < deadline and not (
        "painted" in marks and window.idle and window.review_panel.application_id is not None
    ):
        app.processEvents()
        time.sleep(0.0005)
    shown = time.time()
    window.close()
    services.runner.shutdown()
    services.cache.close()
    return {
        "start_s": marks["painted"] - launched,
        "start_from_qapp_s": marks["painted"] - before_app,
        "usable_s": shown - launched,
    }


def _wait(app: Any, done: Callable[[], bool], timeout_s: float = 60) -> None:
    """Runs the event loop until ``done()``, sleeping until an event arrives."""
    from PySide6.QtCore import QEventLoop, QTimer

    waker = QTimer()  # never sleeps longer than this, whatever happens
    waker.start(20)
    deadline = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window never got there")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    waker.stop()


def child_interact(data_dir: Path, moves: int) -> dict[str, Any]:
    """Opens the window, types the queries, presses J; returns timings and the peak RSS."""
    from reviewer_app.storage.gc_pause import pause_for_start

    started = pause_for_start()  # as main.py's start (see child_start)
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest

    app, services, window = _open_window(data_dir)
    QTimer.singleShot(0, started)
    window.show()
    listing = window.applicant_list
    _wait(app, lambda: listing.idle and window.review_panel.application_id is not None)

    class Watch(QObject):
        """Counts the window's paint passes; notes the table's paints and the debounce.

        Installed on those three objects only: a filter on the whole application would
        run Python for each of the ~500 events of a J press (~3 ms of the figure).
        """

        def __init__(self) -> None:
            super().__init__()
            self.paints = 0
            self.table_painted = 0.0
            self.debounced = 0.0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind == QEvent.Type.UpdateRequest:  # a paint pass of the window
                self.paints += 1
            elif kind == QEvent.Type.Paint and watched is viewport:
                self.table_painted = time.perf_counter()
            elif kind == QEvent.Type.Timer and watched is listing._debounce:
                self.debounced = time.perf_counter()
            return False

    viewport = listing.table.viewport()
    watch = Watch()
    for watched in (window, viewport, listing._debounce):
        watched.installEventFilter(watch)
    applied = [0.0]
    listing.model.loaded.connect(lambda: applied.__setitem__(0, time.perf_counter()))

    after_debounce: list[float] = []
    from_key: list[float] = []
    counted: list[float] = []
    listing.focus_search()
    for query in QUERIES:
        listing.search.clear()
        _wait(app, lambda: listing.idle)
        for typed in range(1, len(query) + 1):
            text = query[:typed]
            applied[0] = 0.0
            watch.debounced = 0.0
            began = time.perf_counter()
            QTest.keyClicks(listing.search, query[typed - 1])
            wanted = text.strip()
            same = wanted == query[: typed - 1].strip()

            def shown(wanted: str = wanted, same: bool = same) -> bool:
                if same:  # a space after a word: the same search, nothing to show anew
                    return watch.debounced > 0 and listing.idle
                return (
                    applied[0] > 0
                    and listing.model.filter.search == wanted
                    and not listing.model.loading
                    and watch.table_painted > applied[0]
                )

            _wait(app, shown, timeout_s=30)
            end = time.perf_counter()
            after_debounce.append((end - watch.debounced) * 1000)
            from_key.append((end - began) * 1000)
            _wait(app, lambda: listing.idle)
            counted.append((time.perf_counter() - watch.debounced) * 1000)
    listing.search.clear()
    _wait(app, lambda: listing.idle)

    def settle() -> None:
        # Posted layout requests, deferred deletes, zero timers and the repaint they cause.
        quiet = 0
        for _ in range(50):
            before = watch.paints
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
            quiet = quiet + 1 if watch.paints == before else 0
            if quiet >= 2:
                return

    moves_ms: list[float] = []
    listing.table.setFocus()
    settle()

    def shown() -> bool:
        return window.idle and window.review_panel.application_id == listing.current_id()

    for _ in range(moves):
        began = time.perf_counter()
        QTest.keyClick(listing.table, Qt.Key.Key_J)
        _wait(app, shown)
        settle()
        moves_ms.append((time.perf_counter() - began) * 1000)
    moved_to = listing.model.row_of(listing.current_id() or "")
    checks_ms = _press_checks(app, window, settle, CHECK_PRESSES)
    rows = len(listing.model.ids)
    # The same with a search in the box (~41,000 of 100,000 match): its counts follow.
    listing.search.setText(SEARCHED)
    _wait(app, lambda: listing.model.filter.search == SEARCHED and window.idle)
    searched_ms = _press_checks(app, window, settle, CHECK_PRESSES // 3)
    window.close()
    services.runner.shutdown()
    services.cache.close()
    return {
        "rows": rows,
        "search_after_debounce_ms": after_debounce,
        "search_from_key_ms": from_key,
        "search_counts_ms": counted,
        "next_ms": moves_ms,
        "moved_to_row": moved_to,
        "check_shown_ms": checks_ms[0],
        "check_ms": checks_ms[1],
        "check_searched_ms": searched_ms[1],
        "rss_mb": _peak_rss_mb(),
    }


def _press_checks(
    app: Any, window: Any, settle: Callable[[], None], presses: int
) -> tuple[list[float], list[float]]:
    """Records checks with the keys 1, 2 and 3 in turn; times each until shown, and recorded.

    On the first check of the next applicant with checks: from the key press until the
    row shows the result, repainted; and until the result read back, and the list's row
    and counts, are up to date (the window idle), the repaint included.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from reviewer_app.domain.vocabulary import CheckResult

    keys = ((Qt.Key.Key_1, CheckResult.MET), (Qt.Key.Key_2, CheckResult.NOT_MET),
            (Qt.Key.Key_3, CheckResult.UNSURE))  # fmt: skip
    listing, panel = window.applicant_list, window.review_panel
    for _ in range(50):
        if panel.checks.rows:
            break
        listing.step_selection(1)
        _wait(app, lambda: window.idle and panel.application_id == listing.current_id())
    else:
        raise RuntimeError("no applicant with checks among the next 50")
    shown: list[float] = []
    timings: list[float] = []
    for press in range(presses):
        key, result = keys[press % len(keys)]
        row = panel.checks.rows[0]
        settle()
        began = time.perf_counter()
        QTest.keyClick(row, key)
        _wait(app, lambda r=result: panel.checks.rows[0].result == r)
        app.processEvents()  # its repaint
        shown.append((time.perf_counter() - began) * 1000)
        _wait(app, lambda r=result: window.idle and panel.checks.rows[0].result == r)
        settle()
        timings.append((time.perf_counter() - began) * 1000)
    return shown, timings


# --- the parent ------------------------------------------------------------------------


def prepare(data_dir: Path, count: int) -> None:
    """Fills ``data_dir`` with ``count`` applications unless it already holds a cache."""
    from reviewer_app.cache.store import CACHE_FILE, LocalCache
    from reviewer_app.config.settings import Settings

    data_dir.mkdir(parents=True, exist_ok=True)
    if not (data_dir / CACHE_FILE).exists():
        from bench_export import fill_cache  # type: ignore[import-not-found]
        from list_bench import add_duplicates_and_conflicts  # type: ignore[import-not-found]

        began = time.perf_counter()
        with LocalCache.open(data_dir) as cache:
            fill_cache(cache, count)
            add_duplicates_and_conflicts(cache)
        print(f"filled {count:,} applications in {time.perf_counter() - began:.0f} s")
    Settings(reviewer_name=REVIEWER).save(data_dir)
    # The window's first layout, as on a new laptop; the later runs restore what the
    # first one saved, as they would for a reviewer.
    (data_dir / "window.ini").unlink(missing_ok=True)


def _laptop_screen(folder: Path) -> str:
    """Returns the offscreen platform spec of a 1366x768 laptop screen (Qt's is 800x600)."""
    config = folder / "laptop-screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
              "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def _child(*args: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": _laptop_screen(Path(args[1]))}
    launched = time.time()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args, "--launched",
         repr(launched)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _line(label: str, value: float, unit: str, goal: float | None = None) -> None:
    ratio = f"{value / goal:6.2f}x of goal {goal:g}" if goal else ""
    print(f"{label:52} {value:9.1f} {unit:3} {ratio}")


def run(data_dir: Path, runs: int, moves: int, *, burn: bool = False) -> dict[str, Any]:
    """Runs the children (beside a CPU burner on one core if ``burn``), prints the figures."""
    goals = LOADED_GOALS if burn else GOALS
    burner = (
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) if burn else None
    )  # fmt: skip
    try:
        before = os.getloadavg()[0]
        starts = [_child("start", str(data_dir)) for _ in range(runs)]
        inter = _child("interact", str(data_dir), "--moves", str(moves))
        after = os.getloadavg()[0]
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()
    print(f"load average {before:.2f} before, {after:.2f} after"
          + (" (with a CPU burner on one core)" if burn else ""))  # fmt: skip
    start_s = statistics.median(s["start_s"] for s in starts)
    search = inter["search_after_debounce_ms"]
    moves_ms = inter["next_ms"]
    print(f"{inter['rows']:,} applications; {runs} starts, {len(search)} keystrokes, "
          f"{len(moves_ms)} J presses")  # fmt: skip
    print("start runs (s): " + ", ".join(f"{s['start_s']:.2f}" for s in starts))
    _line("start to first painted window (median)", start_s, "s", goals["start_s"])
    _line("  of which from before QApplication (median)",
          statistics.median(s["start_from_qapp_s"] for s in starts), "s")  # fmt: skip
    _line("  list, counts and first applicant shown (median)",
          statistics.median(s["usable_s"] for s in starts), "s")  # fmt: skip
    _line("search keystroke, after the debounce, p95", _percentile(search, 0.95), "ms",
          goals["search_p95_ms"])  # fmt: skip
    _line("  median", statistics.median(search), "ms")
    _line("  from the keystroke (200 ms debounce included), p95",
          _percentile(inter["search_from_key_ms"], 0.95), "ms")  # fmt: skip
    _line("  counts shown too, after the debounce, p95",
          _percentile(inter["search_counts_ms"], 0.95), "ms")  # fmt: skip
    _line("next applicant (J), all panes repainted, p95", _percentile(moves_ms, 0.95), "ms",
          goals["next_p95_ms"])  # fmt: skip
    _line("  median", statistics.median(moves_ms), "ms")
    shown_ms = inter["check_shown_ms"]
    _line("check (1/2/3), the result shown, p95", _percentile(shown_ms, 0.95), "ms",
          goals["next_p95_ms"])  # fmt: skip
    checks_ms = inter["check_ms"]
    _line("  recorded, read back, list and counts too, p95", _percentile(checks_ms, 0.95),
          "ms")  # fmt: skip
    _line("  median", statistics.median(checks_ms), "ms")
    searched_ms = inter["check_searched_ms"]
    _line(f"  with {SEARCHED!r} in the search box, longest", max(searched_ms), "ms")
    rss = max(inter["rss_mb"], *(s.get("rss_mb", 0) for s in starts))
    _line("peak RSS of the window process", rss, "MB", goals["rss_mb"])
    slowest = sorted(zip(search, _typed(), strict=True), reverse=True)[:5]
    print("slowest keystrokes: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in slowest))
    return {"starts": starts, "interact": inter}


def _typed() -> list[str]:
    return [query[:n] for query in QUERIES for n in range(1, len(query) + 1)]


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark (or one of its child processes)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="applications (100000)")
    parser.add_argument("--data-dir", type=Path, help="keep the filled cache here for next time")
    parser.add_argument("--runs", type=int, default=5, help="start processes (5)")
    parser.add_argument("--moves", type=int, default=100, help="J presses (100)")
    parser.add_argument("--burn", action="store_true", help="a CPU burner on one core meanwhile")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, folder = args.child
        if kind == "start":
            result: dict[str, Any] = child_start(Path(folder), args.launched)
            result["rss_mb"] = _peak_rss_mb()
        else:
            result = child_interact(Path(folder), args.moves)
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        prepare(data_dir, args.count)
        run(data_dir, args.runs, args.moves, burn=args.burn)
    return 0


if __name__ == "__main__":
    sys.exit(main())
