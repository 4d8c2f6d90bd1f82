"""The data folder of a command that only reads the local cache (export, report, compose)."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.errors import UserError


def existing_data_dir(data_dir: Path) -> Path:
    """Returns ``data_dir`` if it exists; a mistyped one is an error, never made empty.

    Raises:
        UserError: The folder does not exist, or is a file.
    """
    if data_dir.is_dir():
        return data_dir
    problem = "is a file, not a folder" if data_dir.exists() else "does not exist"
    raise UserError(
        f"The data folder {data_dir} {problem}: nothing was synced there. Check "
        "--data-dir, or run `uv run main.py sync` first."
    )
