"""The one way the window shows a time: short and relative on screen, absolute on hover.

``short_time`` is for text in a row or a line ("just now", "5 min ago", "today 14:02",
"yesterday 09:10", "3 Nov", "3 Nov 2025"); ``full_time`` for the tooltip beside it
("Tue 3 Nov 2026, 14:02 UTC+1"). Both are in the laptop's time zone, in English month
names whatever the locale, and build the day by hand: ``%-d`` does not exist on Windows.

A relative text is true when it is made. A widget that keeps one on screen either makes
it again on a timer (the status bar's "synced 3 min ago"), or is made again often
enough that it cannot mislead for long (the list's rows when it refreshes, the review
panel's notes and decision when an applicant is shown or a minute has passed): the
"… min ago" form is used only within the hour, then the clock time says it exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# A laptop's clock may run a little ahead of the server's: a time that far in the
# future is still "just now", not "in 2 min".
CLOCK_SKEW = timedelta(minutes=5)


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    # The cache stores UTC; a naive value is UTC without its zone.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz)


def _day(value: datetime) -> str:
    return f"{value.day} {MONTHS[value.month - 1]}"


def short_time(
    value: datetime | None, now: datetime | None = None, *, tz: tzinfo | None = None
) -> str:
    """Returns ``value`` briefly, relative to ``now`` when recent ("" for None).

    Args:
        value: The time; naive means UTC.
        now: The present (default: the clock); naive means UTC.
        tz: The zone to show it in (default: the laptop's).
    """
    if value is None:
        return ""
    local = _local(value, tz)
    today = _local(now or datetime.now(UTC), tz)
    seconds = (today - local).total_seconds()
    if -CLOCK_SKEW.total_seconds() <= seconds < 60:
        return "just now"
    if 0 <= seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    clock = f"{local:%H:%M}"
    if local.date() == today.date():
        return f"today {clock}"
    if local.date() == today.date() - timedelta(days=1):
        return f"yesterday {clock}"
    if local.year == today.year:
        return _day(local)
    return f"{_day(local)} {local.year}"


def short_date(
    value: datetime | None, now: datetime | None = None, *, tz: tzinfo | None = None
) -> str:
    """Returns the day of ``value`` as :func:`short_time` says it, without the clock.

    For a narrow column: "today", "yesterday", "3 Nov", "3 Nov 2025" ("" for None).
    """
    if value is None:
        return ""
    text = short_time(value, now, tz=tz)
    if text in ("just now",) or text.endswith("min ago") or text.startswith("today "):
        return "today"
    return "yesterday" if text.startswith("yesterday ") else text


def full_time(value: datetime | None, *, tz: tzinfo | None = None) -> str:
    """Returns ``value`` with weekday, date, time and zone: "Tue 3 Nov 2026, 14:02 UTC+1"."""
    if value is None:
        return ""
    local = _local(value, tz)
    return f"{WEEKDAYS[local.weekday()]} {_day(local)} {local.year}, {local:%H:%M} {_zone(local)}"


def _zone(value: datetime) -> str:
    offset = value.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
