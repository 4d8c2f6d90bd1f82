"""Where the shipped content and resources are, in a checkout or an installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    # An installed wheel carries the folders inside the package (see pyproject.toml);
    # a checkout has them beside the package.
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reviewer_app is installed without its {name}/ folder")


def content_dir() -> Path:
    """Returns the shipped ``content/`` folder."""
    return _data_dir("content")


def positions_dir() -> Path:
    """Returns the shipped folder of position descriptions."""
    return content_dir() / "positions"


def resources_dir() -> Path:
    """Returns the shipped ``resources/`` folder (icons, stylesheets)."""
    return _data_dir("resources")
