"""Fills a shared database with demo data: the shipped positions and synthetic applicants."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer_app.config.paths import positions_dir
from reviewer_app.config.settings import embedded_shared_url
from reviewer_app.intake.demo import DemoPosition, demo_responses
from reviewer_app.intake.importer import ImportReport, import_responses
from reviewer_app.intake.reader import repair_response
from reviewer_app.positions.parsing import Position, load_positions
from reviewer_app.server.database import SharedDatabase
from reviewer_app.server.publish import publish_positions


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


def ensure_embedded_demo(data_dir: Path) -> bool:
    """Creates the embedded shared database with demo data if it does not exist yet.

    Returns:
        True when the demo database was created now.
    """
    target = Path(embedded_shared_url(data_dir).removeprefix("sqlite:///"))
    if target.exists():
        return False
    # Built aside and renamed into place: an interrupted first launch leaves no
    # half-filled database that the next launch would take for a good one.
    building = target.with_name(target.name + ".building")
    building.unlink(missing_ok=True)
    # Applicants' personal data, even made up: the folder and the file are the owner's
    # only, like the local cache (SQLite gives its -wal and -shm files the same mode).
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(building, os.O_RDWR | os.O_CREAT, 0o600))
    db = SharedDatabase(f"sqlite:///{building}")
    try:
        load_demo(db)
    finally:
        db.dispose()
    building.replace(target)
    return True
