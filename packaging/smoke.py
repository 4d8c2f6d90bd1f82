"""Smoke test of a built bundle: ``python packaging/smoke.py dist/reviewer-app``.

Runs the bundle's executable as a reviewer's computer would, with a clean home and data
folder and no Python environment: ``--version``, ``positions --json`` on the bundled
content, every module of the app imported (``REVIEWER_APP_CHECK_IMPORTS=1``: nothing the
build left out), the window drawn offscreen (``--screenshot``: the PNG must show a real window),
then ``demo``, ``sync`` and ``export`` into that data folder. Exits 1, saying what failed,
when the bundle does not start or any step fails. Needs only the standard library.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

TIMEOUT_S = 180
MIN_SIZE = (1000, 600)  # the screenshot's default size is 1320x740
MIN_COLOURS = 64  # text, icons and antialiasing; a blank or one-colour window has a few
MAX_SHARE_OF_ONE_COLOUR = 0.9


class SmokeFailure(Exception):
    """A step of the smoke test failed."""


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a fresh account: no Python, uv or virtualenv variables."""
    env = {
        "PATH": "/usr/bin:/bin" if os.name != "nt" else os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for name in ("SYSTEMROOT", "TEMP", "TMP", "LOCALAPPDATA", "APPDATA", "USERPROFILE"):
        if name in os.environ:  # Windows cannot start a process without some of these
            env[name] = os.environ[name]
    return env


def run(exe: Path, args: list[str], env: dict[str, str], cwd: Path) -> tuple[str, float]:
    """Runs the bundle; returns its output and how long it took."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [str(exe), *args],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"{exe.name} {' '.join(args)}: no answer in {TIMEOUT_S} s") from exc
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SmokeFailure(
            f"{exe.name} {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return done.stdout, elapsed


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixels of an 8-bit RGB or RGBA, non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeFailure("the screenshot is not a PNG file")
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise SmokeFailure(f"unexpected PNG format (depth {depth}, colour type {colour})")
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                row[i] = (row[i] + pred) & 0xFF
        rows.append(row)
        previous = row
    pixels = [bytes(row[x : x + 3]) for row in rows for x in range(0, stride, channels)]
    return width, height, pixels


def check_window_picture(path: Path) -> str:
    """Raises SmokeFailure unless the PNG at ``path`` shows a drawn window."""
    if not path.is_file() or path.stat().st_size == 0:
        raise SmokeFailure(f"no screenshot was written to {path}")
    width, height, pixels = png_pixels(path.read_bytes())
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise SmokeFailure(f"the screenshot is {width}x{height}, smaller than a window")
    counts = collections.Counter(pixels)
    share = counts.most_common(1)[0][1] / len(pixels)
    if len(counts) < MIN_COLOURS or share > MAX_SHARE_OF_ONE_COLOUR:
        raise SmokeFailure(
            f"the screenshot looks blank: {len(counts)} colours, {share:.0%} of one colour"
        )
    return f"{width}x{height}, {len(counts)} colours, {share:.0%} the most common"


def executable(bundle: Path) -> Path:
    """The command-line executable in a bundle folder (or a .app)."""
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / "reviewer-app"
    for name in ("reviewer-app-cli.exe", "reviewer-app.exe", "reviewer-app"):
        if (bundle / name).is_file():
            return bundle / name
    raise SmokeFailure(f"no reviewer-app executable in {bundle}")


def smoke(bundle: Path, work: Path) -> list[str]:
    """Runs every step; returns one line of what each showed."""
    exe = executable(bundle)
    home = work / "home"
    data = work / "data"
    home.mkdir()
    env = clean_env(home)
    said: list[str] = []

    out, took = run(exe, ["--version"], env, work)
    if not out.startswith("reviewer_app "):
        raise SmokeFailure(f"--version said {out!r}")
    said.append(f"--version: {out.strip()} ({took:.1f} s)")

    out, took = run(exe, ["positions", "--json"], env, work)
    positions = json.loads(out)
    if not positions or any(p.get("errors") for p in positions):
        raise SmokeFailure(f"positions --json: no positions, or errors: {out[:500]}")
    said.append(f"positions --json: {len(positions)} positions, no errors ({took:.1f} s)")

    # Every module, the reports' charts and the mail templates too, not only those the
    # window's first screen loads.
    out, took = run(exe, [], {**env, "REVIEWER_APP_CHECK_IMPORTS": "1"}, work)
    said.append(f"{out.strip().removeprefix('reviewer_app: ')} ({took:.1f} s)")

    picture = work / "window.png"
    out, took = run(exe, ["--data-dir", str(data), "--screenshot", str(picture)], env, work)
    said.append(f"--screenshot: {check_window_picture(picture)} ({took:.1f} s)")

    run(exe, ["demo", "--data-dir", str(data)], env, work)
    run(exe, ["sync", "--data-dir", str(data), "--reviewer", "Smoke Test"], env, work)
    exported = work / "decisions.csv"
    run(exe, ["export", "--data-dir", str(data), "-o", str(exported)], env, work)
    with exported.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SmokeFailure("export wrote no applications")
    said.append(f"demo, sync, export: {len(rows)} applications exported")
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="dist/reviewer-app (or the .app)")
    parser.add_argument("--keep", type=Path, help="do the work in this (empty) folder, kept")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="reviewer-app-smoke-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        try:
            said = smoke(args.bundle.resolve(), work.resolve())
        except (SmokeFailure, json.JSONDecodeError, OSError) as exc:
            print(f"smoke test of {args.bundle} FAILED: {exc}", file=sys.stderr)
            return 1
    for line in said:
        print(f"  {line}")
    print(f"smoke test of {args.bundle}: passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
