"""Builds the standalone app for this platform (see docs/packaging.md).

Run: ``uv run --group packaging python packaging/build.py``.

Makes, from the checkout, with PyInstaller (docs/packaging.md says why):

- Linux: ``dist/reviewer-app/`` (the executable ``reviewer-app``, what it needs in
  ``_internal/``, the desktop entry, the invitation file type, icons, AppStream metainfo,
  ``install-desktop-entry.sh``, ``THIRD-PARTY-LICENCES.txt``) and
  ``dist/reviewer-app-VERSION-linux-x86_64.tar.gz``;
- Windows: ``dist/reviewer-app/`` (``reviewer-app.exe`` without a console,
  ``reviewer-app-cli.exe`` with one) and ``dist/reviewer-app-VERSION-windows-x86_64.zip``;
- macOS: ``dist/Reviewer App.app`` (opens ``*.reviewer-invite``) and
  ``dist/reviewer-app-VERSION-macos-ARCH.zip``.

Prints the build time and the sizes; ``--smoke`` then runs packaging/smoke.py on it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import desktop  # noqa: E402
import licences  # noqa: E402

NAME = "reviewer-app"
LICENCES_FILE = "THIRD-PARTY-LICENCES.txt"


def project() -> dict[str, str]:
    """The name, version and licence in pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"version": data["version"], "license": data.get("license", "not declared")}


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``macos-arm64`` ..."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    if system.startswith("linux"):
        system = "linux"
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def folder_size(path: Path) -> int:
    """Bytes of the files under ``path`` (symbolic links not followed)."""
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def run_pyinstaller(dist: Path, work: Path, icons: Path, version: str, modules: Path) -> None:
    """Runs the spec in a child process (PyInstaller keeps global state)."""
    env = dict(
        os.environ,
        REVIEWER_BUILD_ICONS=str(icons),
        REVIEWER_BUILD_VERSION=version,
        REVIEWER_BUILD_APP_ID=desktop.APP_ID,
        REVIEWER_BUILD_MODULES=str(modules),
    )
    command = [
        sys.executable, "-m", "PyInstaller", str(HERE / "reviewer-app.spec"),
        "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def write_licences(target: Path, modules: Path, version: str, licence: str) -> int:
    """Writes THIRD-PARTY-LICENCES.txt from what the spec listed; returns how many."""
    listed = json.loads(modules.read_text(encoding="utf-8"))
    names = licences.top_level_names(listed["modules"], listed["files"])
    dists = [
        d for d in licences.distributions_of(names) if d.metadata["Name"] not in {"reviewer-app"}
    ]
    target.write_text(
        licences.render("reviewer_app", version, licence, dists, listed["system_libraries"]),
        encoding="utf-8",
    )
    return len(dists)


def archive(source: Path, out: Path) -> None:
    """A .tar.gz keeps the executable bits and links; Windows and macOS take a .zip."""
    if out.name.endswith(".tar.gz"):
        with tarfile.open(out, "w:gz", compresslevel=6) as tar:
            tar.add(source, arcname=source.name)
        return
    if sys.platform == "darwin":
        # ditto keeps the .app's symbolic links and extended attributes, as Finder does.
        command = ["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(source), str(out)]
        subprocess.run(command, check=True)
        return
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(source.rglob("*")):
            zf.write(path, path.relative_to(source.parent))


def build(dist: Path, *, keep_work: bool = False, no_archive: bool = False) -> Path:
    """Builds the bundle and its archive in ``dist``; returns the bundle (folder or .app)."""
    started = time.monotonic()
    meta = project()
    version = meta["version"]
    work = ROOT / "build" / "pyinstaller"
    icons = ROOT / "build" / "icons"
    modules = ROOT / "build" / "bundled-modules.json"
    shutil.rmtree(work, ignore_errors=True)
    desktop.icon_files(ROOT / "resources" / "icons" / "app.png", icons)
    shutil.copyfile(ROOT / "resources" / "icons" / "app.svg", icons / "app.svg")

    run_pyinstaller(dist, work, icons, version, modules)
    bundled_at = time.monotonic()

    tag = platform_tag()
    if sys.platform == "darwin":
        bundle = dist / "Reviewer App.app"
        shutil.rmtree(dist / NAME, ignore_errors=True)  # the .app holds its own copy
        licences_path = bundle / "Contents" / "Resources" / LICENCES_FILE
    else:
        bundle = dist / NAME
        licences_path = bundle / LICENCES_FILE
    count = write_licences(licences_path, modules, version, meta["license"])
    if sys.platform.startswith("linux"):
        today = datetime.date.today().isoformat()
        desktop.linux_files(bundle, version, today, meta["license"], icons)
    suffix = "tar.gz" if sys.platform.startswith("linux") else "zip"
    out = dist / f"{NAME}-{version}-{tag}.{suffix}"
    out.unlink(missing_ok=True)
    archiving_at = time.monotonic()
    if not no_archive:
        archive(bundle, out)
    archived_at = time.monotonic()
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    shown = bundle.relative_to(ROOT) if bundle.is_relative_to(ROOT) else bundle
    made = f" and {out.name} ({out.stat().st_size / 1e6:.0f} MB)" if out.exists() else ""
    print(
        f"built {shown} ({folder_size(bundle) / 1e6:.0f} MB unpacked, {count} bundled "
        f"distributions){made} in {elapsed:.0f} s (PyInstaller {bundled_at - started:.0f} s, "
        f"archive {archived_at - archiving_at:.0f} s)"
    )
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--keep-work", action="store_true", help="keep build/pyinstaller")
    parser.add_argument(
        "--no-archive", action="store_true", help="only the folder (CI's smoke test needs no more)"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="then smoke-test the bundle (packaging/smoke.py)"
    )
    args = parser.parse_args(argv)
    bundle = build(args.dist.resolve(), keep_work=args.keep_work, no_archive=args.no_archive)
    if args.smoke:
        import smoke

        return smoke.main([str(bundle)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
