"""THIRD-PARTY-LICENCES: each distribution the bundle carries, its version and licence.

Which distributions: those owning a module or file that PyInstaller put in the bundle
(the list the spec writes), read from the build environment's metadata, with the licence
texts the distributions ship. Shared libraries copied from the build machine's system
(not from a wheel) are listed by name.
"""

from __future__ import annotations

import platform
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
_CLASSIFIER = "License :: "


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a distribution's metadata declares, in one line."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression).strip()
    classifiers = [
        c.removeprefix(_CLASSIFIER).split(" :: ")[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith(_CLASSIFIER)
    ]
    declared = str(meta.get("License") or "").strip()
    # Some put the whole licence text in the License field: keep its first line only.
    first_line = declared.splitlines()[0].strip() if declared else ""
    if first_line and len(first_line) <= 80 and first_line.upper() != "UNKNOWN":
        return first_line
    if classifiers:
        return " / ".join(classifiers)
    return first_line[:80] or "not declared in the metadata"


def distributions_of(top_level_names: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these top-level import names."""
    owners = metadata.packages_distributions()
    names: set[str] = set()
    for top in top_level_names:
        for name in owners.get(top, []):
            names.add(name)
    found: dict[str, metadata.Distribution] = {}
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[_normal(dist.metadata["Name"])] = dist
    return [found[key] for key in sorted(found)]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in dist.files or []:
        if _LICENCE_FILE.search(str(file)) and ".dist-info/" in str(file):
            try:
                path = Path(str(dist.locate_file(file)))
                texts.append((file.name, path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
    return texts


def render(
    app_name: str,
    app_version: str,
    app_licence: str,
    dists: list[metadata.Distribution],
    system_libraries: Iterable[str] = (),
) -> str:
    """The text of THIRD-PARTY-LICENCES."""
    python = f"Python {platform.python_version()}"
    lines = [
        f"{app_name} {app_version} is licensed under {app_licence}.",
        "",
        "It bundles the following software, each under its own licence.",
        "",
        "Summary",
        "=======",
        "",
        f"{python:<44} PSF-2.0 (the Python interpreter and standard library)",
    ]
    try:
        bootloader = f"PyInstaller {metadata.version('pyinstaller')}"
        lines.append(
            f"{bootloader:<44} GPL-2.0-or-later WITH Bootloader-exception "
            "(the executable's starter)"
        )
    except metadata.PackageNotFoundError:
        pass
    for dist in dists:
        label = f"{dist.metadata['Name']} {dist.version}"
        lines.append(f"{label:<44} {licence_of(dist)}")
    libraries = sorted(set(system_libraries))
    if libraries:
        lines += [
            "",
            "Shared libraries copied from the build system (each under its own",
            "licence, as its distribution's package says):",
            "",
            *(f"  {name}" for name in libraries),
        ]
    lines += [
        "",
        "Qt is used under the GNU LGPL v3: its libraries are the separate files in",
        "this folder, which may be replaced by other builds of the same Qt version.",
        "",
    ]
    for dist in dists:
        texts = _licence_texts(dist)
        if not texts:
            continue
        lines += ["", "=" * 78, f"{dist.metadata['Name']} {dist.version}", "=" * 78]
        for name, text in texts:
            lines += ["", f"--- {name} ---", "", text.rstrip()]
    return "\n".join(lines) + "\n"


def top_level_names(modules: Iterable[str], files: Iterable[str]) -> set[str]:
    """Top-level import names from module names and bundled file paths."""
    names = {m.split(".", 1)[0] for m in modules}
    for path in files:
        first = path.replace("\\", "/").split("/", 1)[0]
        names.add(first.split(".", 1)[0])
    names.discard("")
    return names


if __name__ == "__main__":  # pragma: no cover - a manual look at the build environment
    print(render("reviewer_app", "?", "?", distributions_of(sys.argv[1:])))
