"""What the shared database can hold of a response, checked before anything is written.

The same limits on SQLite (which stores any text) and PostgreSQL (which refuses an
over-long value, a NUL character or a lone surrogate), so that a file imports alike
into either, and a row the database would refuse is rejected with its number instead
of failing the whole import.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain
from pathlib import Path

from reviewer_app.intake.columns import ColumnMapping, load_mapping, resolve_columns
from reviewer_app.intake.responses import FormResponse, ReadResult, Rejected
from reviewer_app.server import models


def _length(column: str) -> int:
    length = getattr(models.Application.__table__.c[column].type, "length", None)
    assert isinstance(length, int), f"applications.{column} has no length"
    return length


# The columns of limited length that a response fills, with what the user calls them.
_LIMITED = (("response id", "response_id"), ("email", "email"))
_LIMITS = tuple((label, column, _length(column)) for label, column in _LIMITED)


def storage_problem(response: FormResponse) -> str | None:
    """Says why the shared database cannot hold a response; None when it can."""
    for label, column, limit in _LIMITS:
        value = getattr(response, column)
        if len(value) > limit:
            return (
                f"The {label} is {len(value)} characters long; the shared database holds "
                f"at most {limit}. Correct it in the file and import it again."
            )
    # All the texts at once first: one check for the 100,000 responses that have nothing.
    texts = [response.response_id, response.name, response.email, response.position_typed]
    joined = "".join(chain(texts, chain.from_iterable(response.answers)))
    if "\x00" not in joined:
        try:
            joined.encode("utf-8")  # refuses half of a character (a lone surrogate)
            return None
        except UnicodeEncodeError:
            pass
    return _cell_problem(response)


def _cell_problem(response: FormResponse) -> str | None:
    """Names the first cell that holds a NUL character or half of a character."""
    cells = [("", response.response_id), ("", response.name), ("", response.email)]
    cells.append(("", response.position_typed))
    for question, answer in response.answers:
        cells += [(f" (answer to {question!r})", answer), (" (a question)", question)]
    for label, value in cells:
        if "\x00" in value:
            return f"A cell{label} holds a NUL character. Remove it in the file and import again."
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (
                f"A cell{label} holds U+{ord(value[exc.start]):04X}, half of a character (a "
                "damaged export). Correct the cell in the file and import it again."
            )
    return None


def reject_unstorable(result: ReadResult, path: Path, mapping: Path | None) -> ReadResult:
    """Moves the responses the database cannot hold (:func:`storage_problem`) to rejected.

    Their cells are put back under the file's headers, for the rejected-rows file.

    Args:
        result: What the reader read from ``path``.
        path: The export, named in messages.
        mapping: The mapping file the reader used, if any.
    """
    refused = [(r, problem) for r in result.responses if (problem := storage_problem(r))]
    if not refused:
        return result
    spec = load_mapping(mapping) if mapping is not None else ColumnMapping()
    columns = resolve_columns(path, result.headers, spec, mapping, [])
    header = {name: result.headers[index] for name, index in columns.fields.items()}
    # A name in parts is written whole under its first part's header, the others left
    # empty: importing the corrected file gives the same name.
    header["name"] = result.headers[columns.name[0]]
    rejected = list(result.rejected)
    for response, problem in refused:
        values = dict(response.answers)
        submitted = response.submitted_at.isoformat() if response.submitted_at else ""
        for name, value in (
            ("response_id", response.response_id),
            ("name", response.name),
            ("email", response.email),
            ("position", response.position_typed),
            ("submitted_at", submitted),
        ):
            if name in header:
                values[header[name]] = value
        rejected.append(Rejected(response.row_number, problem, values))
    gone = {id(r) for r, _ in refused}
    return replace(
        result,
        responses=[r for r in result.responses if id(r) not in gone],
        rejected=sorted(rejected, key=lambda r: r.row_number),
    )
