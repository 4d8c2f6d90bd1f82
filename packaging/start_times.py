"""Start time of the built bundle against ``uv run main.py``, to the first painted window.

``uv run python packaging/start_times.py dist/reviewer-app [--runs 5]``

Each start is ``--screenshot`` offscreen on a data folder that already holds the synced
demo data (made first with the bundle's ``demo`` and ``sync``): the process starts, opens
the cache, shows the window with the list and the first applicant, paints it to a PNG
and exits. *Cold*: the files of that side (the bundle; or the virtual environment, the
Python installation and the checkout) are first evicted from the page cache with
``posix_fadvise(DONTNEED)``, which touches no other file on the machine; *warm*: the
median of ``--runs`` starts right after. Prints a Markdown table with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def evict(folders: list[Path]) -> None:
    """Drops the files under ``folders`` from the page cache (Linux)."""
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    return time.monotonic() - started


def measure(
    name: str, command: list[str], folders: list[Path], env: dict[str, str], runs: int
) -> str:
    evict(folders)
    cold = timed(command, env)
    warm = statistics.median(timed(command, env) for _ in range(runs))
    load = os.getloadavg()[0]
    return f"| {name} | {cold:.2f} s | {warm:.2f} s | {load:.1f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    exe = args.bundle.resolve() / "reviewer-app"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="reviewer-app-start-") as scratch:
        data = Path(scratch) / "data"
        subprocess.run([exe, "demo", "--data-dir", data], check=True, capture_output=True)
        subprocess.run(
            [exe, "sync", "--data-dir", data, "--reviewer", "Start Time"],
            check=True,
            capture_output=True,
        )
        shot = ["--data-dir", str(data), "--screenshot", str(Path(scratch) / "w.png")]
        venv = Path(sys.prefix)
        python_home = Path(sysconfig.get_paths()["stdlib"]).parent
        source = [venv, python_home, ROOT / "reviewer_app", ROOT / "resources", ROOT / "content"]
        bundle, uv = [str(exe)], ["uv", "run", "main.py"]
        cases = [
            ("bundle: `reviewer-app --screenshot`", [*bundle, *shot], [exe.parent]),
            ("source: `uv run main.py --screenshot`", [*uv, *shot], source),
            ("bundle: `reviewer-app positions`", [*bundle, "positions"], [exe.parent]),
            ("source: `uv run main.py positions`", [*uv, "positions"], source),
        ]
        rows = [
            "| start, to the first painted window | cold | warm (median) | load (1 min) |",
            "|---|---|---|---|",
            *(measure(name, command, folders, env, args.runs) for name, command, folders in cases),
        ]
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
