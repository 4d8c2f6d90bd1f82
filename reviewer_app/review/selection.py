"""The one read of a selected applicant: its detail and its review state, together.

The window shows the selected application in three panes (the applicant, the position,
the review panel); they are read in one transaction, so that they never disagree about
an application that a sync changed between two reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.applicants.detail import read_detail
from reviewer_app.applicants.records import ApplicantDetail
from reviewer_app.cache import LocalCache
from reviewer_app.positions.catalogue import PositionCatalogue
from reviewer_app.review.state import ReviewState, read_review_state


@dataclass(frozen=True)
class Selection:
    """What the window shows of the selected application.

    Attributes:
        detail: The applicant and the position version applied to; None when not read
            (only the review changed: the other panes keep what they show).
        review: What the review panel shows.
    """

    detail: ApplicantDetail | None
    review: ReviewState


def read_selection(
    cache: LocalCache,
    application_id: str,
    reviewer_name: str,
    catalogue: PositionCatalogue,
    *,
    independent: bool = True,
    review_only: bool = False,
) -> Selection:
    """Reads the selected application in one read transaction.

    Args:
        cache: The reviewer's local cache.
        application_id: The application.
        reviewer_name: The current reviewer; their checks and notes are "mine".
        catalogue: Parses the application's position.
        independent: Independent review: the other reviewers' views are hidden until the
            reviewer recorded every check (see :mod:`reviewer_app.review.state`).
        review_only: Read the review state alone (after a check, note or draft: a key
            press's result shows sooner).

    Raises:
        UnknownApplication: The application is not in the cache.
    """
    with cache.read_session() as session:
        detail = None if review_only else read_detail(session, application_id)
        review = read_review_state(
            session, application_id, reviewer_name, catalogue, independent=independent
        )
    return Selection(detail, review)


__all__ = ["Selection", "read_selection"]
