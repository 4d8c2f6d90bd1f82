"""One applicant's merge values, read from the local cache (the command line's ``compose``)."""

from __future__ import annotations

from reviewer_app.applicants.detail import read_detail
from reviewer_app.cache import LocalCache
from reviewer_app.contact.compose import ApplicantFields, fields_from_detail


def read_applicant_fields(cache: LocalCache, application_id: str) -> ApplicantFields:
    """Returns what a message may say about one application, read in one transaction.

    Raises:
        UnknownApplication: It is not in the cache (never synced, or erased).
    """
    with cache.read_session() as session:
        return fields_from_detail(read_detail(session, application_id))


__all__ = ["read_applicant_fields"]
