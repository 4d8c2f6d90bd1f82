"""Tests of reviewer_app/contact/calendar.py: the interview's .ics, parsed back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from reviewer_app.contact.calendar import DEFAULT_DURATION, interview_ics, interview_uid
from reviewer_app.errors import UserError

LISBON = "Europe/Lisbon"


def ics(**given: object) -> bytes:
    arguments: dict[str, object] = {
        "application_id": "app-1",
        "starts_at": datetime(2026, 12, 10, 14, 30, tzinfo=UTC),
        "timezone": LISBON,
        "applicant_name": "José Souza",
        "applicant_email": "jose@example.org",
        "reviewer_name": "Ana Pop",
        "reviewer_email": "ana@couchers.org",
        "position": "Backend Developer",
        "stamp": datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    }
    arguments.update(given)
    return interview_ics(**arguments)  # type: ignore[arg-type]


def parsed_event(data: bytes) -> Event:
    calendar = Calendar.from_ical(data)
    (event,) = calendar.events
    return event


def test_the_event_parses_back_with_attendee_organiser_start_and_duration() -> None:
    data = ics()
    event = parsed_event(data)
    assert str(event["SUMMARY"]) == "Interview: José Souza (Backend Developer)"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:jose@example.org"
    assert attendee.params["CN"] == "José Souza"
    assert str(event["ORGANIZER"]) == "mailto:ana@couchers.org"
    assert event["ORGANIZER"].params["CN"] == "Ana Pop"
    assert event.start == datetime(2026, 12, 10, 14, 30, tzinfo=ZoneInfo(LISBON))
    assert event.duration == DEFAULT_DURATION == timedelta(minutes=45)
    assert b"DTSTART;TZID=Europe/Lisbon:20261210T143000" in data
    assert b"METHOD" not in data


def test_the_start_is_written_in_the_interview_zone_with_its_vtimezone() -> None:
    # 14:00 UTC in July is 11:00 in São Paulo.
    data = ics(starts_at=datetime(2026, 7, 10, 14, 0, tzinfo=UTC), timezone="America/Sao_Paulo")
    calendar = Calendar.from_ical(data)
    assert [tz.tz_name for tz in calendar.timezones] == ["America/Sao_Paulo"]
    event = calendar.events[0]
    assert event["DTSTART"].params["TZID"] == "America/Sao_Paulo"
    assert event.start.replace(tzinfo=None) == datetime(2026, 7, 10, 11, 0)
    assert event.start == datetime(2026, 7, 10, 14, 0, tzinfo=UTC)


def test_a_duration_is_a_parameter_and_exact_across_a_change_of_the_clocks() -> None:
    # Lisbon's clocks go back from 02:00 to 01:00 on 25 October 2026: an end at 01:30
    # local time would be ambiguous, a duration is not.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo(LISBON))
    data = ics(starts_at=start, duration=timedelta(hours=2))
    event = parsed_event(data)
    assert event.duration == timedelta(hours=2)
    assert b"DURATION:PT2H" in data
    assert b"DTEND" not in data


def test_the_uid_is_stable_per_application() -> None:
    first = parsed_event(ics())
    moved = parsed_event(ics(starts_at=datetime(2027, 1, 5, 9, tzinfo=UTC)))
    other = parsed_event(ics(application_id="app-2"))
    assert str(first["UID"]) == str(moved["UID"]) == interview_uid("app-1")
    assert str(other["UID"]) != str(first["UID"])


def test_description_and_location_are_kept() -> None:
    event = parsed_event(ics(description="Why us?\nYour Python?", location="https://meet/x"))
    assert str(event["DESCRIPTION"]) == "Why us?\nYour Python?"
    assert str(event["LOCATION"]) == "https://meet/x"


def test_without_a_reviewer_email_there_is_no_organiser() -> None:
    assert "ORGANIZER" not in parsed_event(ics(reviewer_email=""))


def test_an_unknown_zone_is_a_user_error() -> None:
    with pytest.raises(UserError, match="'Mars/Olympus' is not a time zone"):
        ics(timezone="Mars/Olympus")


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        ics(starts_at=datetime(2026, 12, 10, 14, 30))


def test_a_duration_of_nothing_is_a_user_error() -> None:
    with pytest.raises(UserError, match="must last some time"):
        ics(duration=timedelta(0))
