"""Knowing a response as an erased application whose derived id was read otherwise.

The erasure record keeps the hash of the response id the application had; a file read
anew may derive another id for the same row (:mod:`.earlier_imports` says how), and by
that hash alone the erased person would come back. So a derived response of an erased
address is also taken for the erased application when one of the ids it may have had
before was erased (what a record made before migration 0010 can tell), or when the
erasure's marks (:mod:`reviewer_app.server.erasure_marks`) find nothing that tells the
two apart.
"""

from __future__ import annotations

from collections.abc import Iterator

from reviewer_app.intake.responses import DERIVED_ID_PREFIX, FormResponse, derived_response_id
from reviewer_app.server.erase import ErasureLookup
from reviewer_app.server.erasure_marks import MarkedFields, time_readings


def erased_under_another_id(lookup: ErasureLookup, response: FormResponse) -> bool:
    """Whether a response not in the database is an erased application read anew.

    Args:
        lookup: The database's erasure records.
        response: A response whose own id is neither imported nor erased.
    """
    if not response.response_id.startswith(DERIVED_ID_PREFIX):
        return False  # a form tool's own id does not change with the reading
    records = lookup.marks_of_email(response.email)
    if not records:
        return False
    if any(lookup.response_erased(earlier) for earlier in _ids_it_may_have_had(response)):
        return True
    fields = MarkedFields(
        response.email,
        response.submitted_at,
        response.name,
        response.position_typed,
        response.answers,
    )
    return any(marks is not None and lookup.same_as_marked(marks, fields) for marks in records)


def _ids_it_may_have_had(response: FormResponse) -> Iterator[str]:
    """The ids the response was derived as when read otherwise (its own is not one)."""
    if response.submitted_at is None:
        return  # derived from the position, which may have been typed otherwise
    email = response.email
    for moment in time_readings(response.submitted_at)[1:]:
        yield derived_response_id(moment, email, "")
    # Its time not read then: derived from the position instead.
    yield derived_response_id(None, email, response.position_typed)
