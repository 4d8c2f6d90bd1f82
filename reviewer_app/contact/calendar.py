"""An interview as an iCalendar file (RFC 5545) for the reviewer's own calendar.

One event: the start in the interview's time zone (``DTSTART;TZID=Europe/Lisbon``, with
the zone's ``VTIMEZONE``, so that every calendar shows the right hour, daylight saving
time included), its duration, the reviewer as organiser and the applicant as attendee. The
file has no ``METHOD``: it is an event to import, not an invitation that a calendar
would send on. Its ``UID`` is the application's, so that importing the file again after
the time changed moves the event instead of adding a second one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, vCalAddress

from reviewer_app.domain.vocabulary import utcnow
from reviewer_app.errors import UserError

DEFAULT_DURATION = timedelta(minutes=45)
"""How long an interview lasts unless told: time to talk and to answer questions."""

_PRODID = "-//reviewer_app//Interview//EN"
_UID_DOMAIN = "reviewer-app.invalid"


def interview_uid(application_id: str) -> str:
    """Returns the event's UID: the same for every file of one application's interview."""
    return f"interview-{application_id}@{_UID_DOMAIN}"


def interview_ics(
    *,
    application_id: str,
    starts_at: datetime,
    timezone: str,
    applicant_name: str,
    applicant_email: str,
    reviewer_name: str,
    reviewer_email: str = "",
    position: str = "",
    duration: timedelta = DEFAULT_DURATION,
    description: str = "",
    location: str = "",
    stamp: datetime | None = None,
) -> bytes:
    """Returns one interview as the bytes of an ``.ics`` file.

    Args:
        application_id: The application; gives the event's UID.
        starts_at: When the interview starts (aware; any zone).
        timezone: The IANA zone the interview is held in ("Europe/Lisbon"); the start
            and end are written in it.
        applicant_name: The attendee's name.
        applicant_email: The attendee's address.
        reviewer_name: The organiser's name.
        reviewer_email: The organiser's address; without one, the event has no
            organiser (iCalendar names people by address).
        position: The position's title, for the summary.
        duration: How long it lasts (:data:`DEFAULT_DURATION`).
        description: The event's text, e.g. the interview questions.
        location: Where, e.g. the link of the video call.
        stamp: When the file was made (default: now).

    Raises:
        UserError: ``timezone`` is not an IANA time zone, or ``duration`` is not positive.
        ValueError: ``starts_at`` is naive (a bug of the caller).
    """
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValueError(f"the interview's start must be aware, not {starts_at!r}")
    zone = _zone(timezone)
    if duration <= timedelta(0):
        raise UserError(f"An interview must last some time, not {duration}.")
    start = starts_at.astimezone(zone)
    summary = f"Interview: {applicant_name}" + (f" ({position})" if position else "")
    attendee = _person(applicant_email, applicant_name, role="REQ-PARTICIPANT")
    event = Event.new(
        uid=interview_uid(application_id),
        stamp=stamp or utcnow(),
        start=start,
        summary=summary,
        description=description or None,
        location=location or None,
        organizer=_person(reviewer_email, reviewer_name, role=None),
        attendees=[attendee] if attendee is not None else None,
    )
    # A DURATION, not a DTEND: the end's local time is ambiguous in the hour that a
    # change of the clocks repeats, an elapsed time never is.
    event.add("DURATION", duration)
    uid = interview_uid(application_id)
    calendar = Calendar.new(prodid=_PRODID, uid=uid, subcomponents=[event])
    # The zone's rules around the interview only: the whole history is kilobytes of dates.
    calendar.add_missing_timezones(
        first_date=date(start.year - 1, 1, 1), last_date=date(start.year + 2, 1, 1)
    )
    ics: bytes = calendar.to_ical()
    return ics


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(
            f"{name!r} is not a time zone; name one as the IANA database does, "
            "e.g. Europe/Lisbon or America/Sao_Paulo."
        ) from exc


def _person(email: str, name: str, *, role: str | None) -> vCalAddress | None:
    address = email.strip()
    if not address:
        return None
    return vCalAddress.new(address, cn=" ".join(name.split()) or None, role=role)


__all__ = ["DEFAULT_DURATION", "interview_ics", "interview_uid"]
