"""One CSV row of the decisions export, and the optional note texts.

What each cell holds is documented in ``docs/export.md``; every text cell goes through
the one neutralisation rule of :mod:`reviewer_app.storage.spreadsheet_cells`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from reviewer_app.cache.models import CachedNote
from reviewer_app.domain.vocabulary import Stage
from reviewer_app.export.columns import CheckLayout, ExportedPosition
from reviewer_app.storage.spreadsheet_cells import as_text_cell

# Between two notes of one application in the "Note texts" cell: a blank line.
NOTE_SEPARATOR = "\n\n"

_Row = tuple[str | int, ...]


_STAGE_TEXT = {stage.value: stage.value.replace("_", " ").capitalize() for stage in Stage}


def stage_text(value: str) -> str:
    """A stage as the window shows it: "on_hold" gives "On hold".

    A value this app does not know (written by another program) is kept as it is.
    """
    return _STAGE_TEXT.get(value, value)


def note_texts(session: Session, chosen: Select[str] | None) -> dict[str, str]:
    """Returns, per application, its notes (not deleted) as one cell, oldest first.

    Each note is "author, YYYY-MM-DD: text" (the date it was written, UTC), notes
    separated by a blank line.
    """
    note = CachedNote
    query = (
        select(
            note.application_id,
            func.json_group_array(
                func.json_array(
                    func.strftime("%Y-%m-%d %H:%M:%f", note.created_at),
                    note.id,
                    note.author_name,
                    note.body,
                )
            ),
        )
        .where(note.deleted_at.is_(None))
        .group_by(note.application_id)
    )
    if chosen is not None:
        query = query.where(note.application_id.in_(chosen))
    texts: dict[str, str] = {}
    for app_id, entries in session.execute(query):
        notes = sorted(tuple(entry) for entry in json.loads(entries))
        texts[app_id] = NOTE_SEPARATOR.join(
            f"{author}, {(created or '')[:10]}: {(body or '').strip()}"
            for created, _id, author, body in notes
        )
    return texts


def row_maker(
    versions: Mapping[int, ExportedPosition],
    layout: CheckLayout,
    checks: Mapping[str, str],
    as_of_cell: str,
    *,
    include_identity: bool,
    notes: Mapping[str, str] | None,
) -> Callable[[Sequence[Any]], _Row]:
    """Returns a function from a row of the applications query to a CSV row.

    Args:
        notes: The note texts per application, or None to leave the column out.
    """
    # Everything that depends only on the position version is made once, not per row.
    position_cells = {
        version_id: (as_text_cell(version.title), as_text_cell(version.slug))
        for version_id, version in versions.items()
    }
    no_checks = layout.empty_cells()
    summarise = layout.summarise
    cell = as_text_cell
    as_of_cell = cell(as_of_cell)
    stages: dict[str, str] = {}

    def make_row(row: Sequence[Any]) -> _Row:
        # Every text cell is neutralised here, even ids and stages: they come from the
        # shared database, which other programs may write. Times (formatted by SQLite)
        # and the count of notes cannot start a formula.
        app_id, submitted, name, email, position_id, typed, stage, reason, by, at, count = row
        # Unmatched: what the applicant typed, so the reader still sees what they wanted.
        position = position_cells.get(position_id) or (cell(typed), "")
        entries = checks.get(app_id)
        check_cells: Sequence[str]
        if entries is None:
            check_cells, results = no_checks, ""
        else:
            check_cells, results = summarise(versions.get(position_id), json.loads(entries))
            results = cell(results)
        identity = (cell(name), cell(email)) if include_identity else ()
        stage_cell = stages.get(stage)
        if stage_cell is None:
            stage_cell = stages[stage] = cell(stage_text(stage))
        texts = () if notes is None else (cell(notes.get(app_id, "")),)
        return (
            cell(app_id),
            submitted,
            *identity,
            *position,
            stage_cell,
            cell(reason),
            cell(by),
            at,
            *check_cells,
            results,
            count,
            *texts,
            as_of_cell,
        )

    return make_row
