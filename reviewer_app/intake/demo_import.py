"""Fills a shared database with demo data; the embedded one in the data folder, kept private."""

from __future__ import annotations

import logging
from pathlib import Path

from reviewer_app.config.paths import positions_dir
from reviewer_app.config.settings import embedded_shared_url
from reviewer_app.intake.demo import DemoPosition, demo_responses
from reviewer_app.intake.importer import ImportReport, import_responses
from reviewer_app.intake.reader import repair_response
from reviewer_app.positions.parsing import Position, load_positions
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.private_files import (
    PRIVATE_FOLDER,
    restrict_mode,
    restrict_sqlite_file,
)
from reviewer_app.server.publish import publish_positions

_log = logging.getLogger(__name__)


def demo_position(position: Position) -> DemoPosition:
    """Describes a position for the demo generator."""
    return DemoPosition(
        slug=position.slug,
        apply_as_or_title=position.apply_as or position.title,
        skills=tuple(c.label for c in position.checks if c.kind == "skill"),
        min_hours_per_week=position.commitment.min_hours_per_week,
        min_months=position.commitment.min_months,
    )


def load_demo(db: SharedDatabase, *, count: int = 200, seed: int = 0) -> ImportReport:
    """Migrates ``db``, publishes the shipped positions and imports demo applications.

    Deterministic for a seed; loading the same demo twice changes nothing.
    """
    db.migrate()
    positions = [p for p in load_positions(positions_dir()) if not p.has_errors]
    publish_positions(db, positions)
    raw = demo_responses([demo_position(p) for p in positions], count=count, seed=seed)
    # The generator writes some answers with mojibake, as real exports have; intake
    # repairs them the same way it repairs an imported file.
    return import_responses(db, [repair_response(r) for r in raw])


def embedded_database_path(data_dir: Path) -> Path:
    """Returns the embedded shared database's file in ``data_dir``."""
    return Path(embedded_shared_url(data_dir).removeprefix("sqlite:///"))


def restrict_embedded_database(data_dir: Path) -> list[str]:
    """Makes the data folder and the embedded database in it owner-only where they are not.

    Files left by an older version of the app, copied in or made by ``demo`` or
    ``migrate`` before they were made private, are tightened on the next start.

    Returns:
        A note for the user for each one that was open to other users; each is also
        logged as a warning (which the command line prints).
    """
    folder_note = restrict_mode(data_dir, PRIVATE_FOLDER) if data_dir.is_dir() else None
    notes = [folder_note] if folder_note is not None else []
    notes += restrict_sqlite_file(embedded_database_path(data_dir))
    for note in notes:
        _log.warning("%s", note)
    return notes


def ensure_embedded_demo(data_dir: Path) -> bool:
    """Creates the embedded shared database with demo data if it does not exist yet.

    An existing one, and the data folder, are made owner-only if they are not (see
    :func:`restrict_embedded_database`).

    Returns:
        True when the demo database was created now.
    """
    target = embedded_database_path(data_dir)
    # Applicants' personal data, even made up: the folder and the file are the owner's
    # only, like the local cache (SQLite gives its -wal and -shm files the same mode).
    data_dir.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    restrict_embedded_database(data_dir)
    if target.exists():
        return False
    # Built aside and renamed into place: an interrupted first launch leaves no
    # half-filled database that the next launch would take for a good one.
    building = target.with_name(target.name + ".building")
    building.unlink(missing_ok=True)
    # SharedDatabase creates the new file owner-only before SQLite opens it.
    db = SharedDatabase(f"sqlite:///{building}")
    try:
        load_demo(db)
    finally:
        db.dispose()
    building.replace(target)
    return True
