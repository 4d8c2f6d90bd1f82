"""Where the shipped content and resources are: in a checkout, an installed package or a
standalone build (packaging/build.py, docs/packaging.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent

THIRD_PARTY_LICENCES = "THIRD-PARTY-LICENCES.txt"


def bundle_dir() -> Path | None:
    """The folder of a standalone build's executable; None when run by Python."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def _data_dir(name: str) -> Path:
    # An installed wheel carries the folders inside the package (see pyproject.toml), and
    # a standalone build as a wheel does, under its unpacked files (sys._MEIPASS); a
    # checkout has them beside the package.
    candidates = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    unpacked = getattr(sys, "_MEIPASS", None)
    if bundle_dir() is not None and unpacked:
        candidates.insert(0, Path(unpacked) / "reviewer_app" / "_data" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reviewer_app is installed without its {name}/ folder")


def content_dir() -> Path:
    """Returns the shipped ``content/`` folder."""
    return _data_dir("content")


def positions_dir() -> Path:
    """Returns the shipped folder of position descriptions."""
    return content_dir() / "positions"


def templates_dir() -> Path:
    """Returns the shipped folder of message templates (see reviewer_app/contact)."""
    return content_dir() / "templates"


def resources_dir() -> Path:
    """Returns the shipped ``resources/`` folder (icons, stylesheets)."""
    return _data_dir("resources")


def third_party_licences() -> Path | None:
    """A standalone build's list of the software it bundles and their licences.

    Beside the executable (Linux, Windows) or in the app's Resources (macOS); None when
    run by Python, which bundles nothing.
    """
    folder = bundle_dir()
    if folder is None:
        return None
    unpacked = Path(getattr(sys, "_MEIPASS", folder))
    for candidate in (folder, folder.parent / "Resources", unpacked):
        if (candidate / THIRD_PARTY_LICENCES).is_file():
            return candidate / THIRD_PARTY_LICENCES
    return None
