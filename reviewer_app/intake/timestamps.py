"""Reading the submitted time of a response, and which way round a file writes its dates.

Form tools write times in many forms: ISO ("2026-03-04 09:15:02"), the form tool's own
CSV download ("2026/03/04 9:15:02 AM GMT+1"), a spreadsheet's locale ("3/4/2026 9:00:00"
in the US, "04/03/2026 09:00" in Europe, "04.03.2026" in Germany), Excel serial days.
"3/4/2026" is 3 April or 4 March depending on the locale that wrote it, and one export
is written in one locale: :func:`date_order` decides for the whole file, from the dates
that can only be read one way, else from the order the rows were submitted in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from openpyxl.utils.datetime import from_excel

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
DATE_ORDERS = (DAY_FIRST, MONTH_FIRST)

# A date of numbers, then optionally a time, a meridiem and a zone: "3/4/2026",
# "2026/03/04 9:15:02 AM GMT+1", "04.03.2026 14:22", "3/4/26 13:05", "2026-03-04 10:00 +02:00",
# Italian's "15/03/2026 14.05.09", Latin America's "15/03/2026 2:05:09 p. m.".
_NUMERIC = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{4}|\d{1,2})"
    r"(?:(?:[ T]|, ?)(?P<hour>\d{1,2})(?P<clock>[:.])(?P<minute>\d{2})"
    r"(?:(?P=clock)(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6})\d*)?)?"
    r"(?: ?(?P<meridiem>[AaPp])\.? ?[Mm]\.?)?)?"
    r"(?: ?(?:(?:UTC|GMT|utc|gmt)(?P<offset>[+\-\u2212]\d{1,2}(?::?\d{2})?)?"
    r"|(?P<bare>[+\-]\d{2}:?\d{2})|Z))?"
)


def parse_submitted_at(value: object, day_first: bool | None = None) -> datetime | None:
    """Reads a submitted time from a cell; times without a zone are taken as UTC.

    Args:
        value: The cell: text, a number (Excel serial days or Unix seconds), a date.
        day_first: How to read a date such as "3/4/2026" (the file's order, see
            :func:`date_order`); None: day first, but month first with AM/PM (US
            style). A date impossible in that order is read the other way.

    Returns:
        A timezone-aware UTC datetime, or None when the value is not a time.
    """
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(float(value))
    if not isinstance(value, str):
        return None
    if value[4:5] == "-" and value[:4].isdigit():
        # An ISO time, as most form tools write it: read as it is.
        try:
            return _as_utc(datetime.fromisoformat(value))
        except ValueError:
            pass
    text = " ".join(value.split())
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _from_number(float(text))
    match = _NUMERIC.fullmatch(text)
    if match is not None:
        return _numeric(match, day_first)
    try:
        return _as_utc(datetime.fromisoformat(re.sub(r" ?(UTC|GMT)$", "", text, flags=re.I)))
    except ValueError:
        return _month_name_time(text)


def _numeric(match: re.Match[str], day_first: bool | None) -> datetime | None:
    a, b, c = match["a"], match["b"], match["c"]
    if len(a) == 4:  # year first: always year, month, day
        if len(c) > 2:
            return None
        year, readings = int(a), [(int(b), int(c))]
    elif len(a) <= 2:
        year = int(c) + (2000 if len(c) <= 2 else 0)
        first, second = int(a), int(b)
        if day_first is None:
            # Dots and dashes: Europe's orders; AM/PM: the US's.
            day_first = match["sep"] != "/" or match["meridiem"] is None
        month_day = [(second, first), (first, second)]
        readings = month_day if day_first else month_day[::-1]
    else:
        return None
    clock = _clock(match)
    if clock is None:
        return None
    hour, minute, second_, micro = clock
    for month, day in readings:
        try:
            moment = datetime(year, month, day, hour, minute, second_, micro)
        except ValueError:
            continue
        return _zoned(moment, match)
    return None


def _clock(match: re.Match[str]) -> tuple[int, int, int, int] | None:
    """(hour, minute, second, microsecond) of a match's time groups; None if impossible."""
    hour = int(match["hour"] or 0)
    meridiem = (match["meridiem"] or "").casefold()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    fraction = match.groupdict().get("fraction") or ""
    micro = int(fraction.ljust(6, "0")) if fraction else 0
    return hour, int(match["minute"] or 0), int(match["second"] or 0), micro


def _zoned(moment: datetime, match: re.Match[str]) -> datetime | None:
    offset = match["offset"] or match["bare"]
    if not offset:
        return moment.replace(tzinfo=UTC)
    sign = -1 if offset[0] in "-\u2212" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    if int(hours) > 14 or int(minutes) > 59:
        return None
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return moment.replace(tzinfo=timezone(sign * delta)).astimezone(UTC)


@dataclass(frozen=True)
class DateOrder:
    """How a file's dates such as "3/4/2026" are read, and why.

    Attributes:
        day_first: True: day first; False: month first; None: each date on its own
            (the file mixes both, or has no such date).
        example: A date that could be read either way, when the choice was a guess.
        basis: Why this order, when a warning should say it: "order" (the rows are in
            the order they were submitted only this way), "default" (nothing tells),
            "mixed" (the file has dates of both orders); "" otherwise (the header's
            language broke a tie).
        conflicting: Two dates that can each be read only one way, each its own way.
    """

    day_first: bool | None
    example: str = ""
    basis: str = ""
    conflicting: tuple[str, str] = ("", "")


_SLASHED = re.compile(r"\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})\b(.*)")


def date_order(
    values: Iterable[object], chosen: str | None = None, language: str | None = None
) -> DateOrder:
    """Decides how the file's day/month dates are read, from all its submitted times.

    A date with a first number above 12 ("25/3/2026") is day first, one with a second
    number above 12 ("3/25/2026") month first. When no date tells, the rows (in file
    order, as a form tool writes them) are in the order they were submitted under one
    reading only, most often: that one; when both readings are as often, the order the
    header's language writes, else day first (month first with AM/PM).

    Args:
        values: The submitted-time cells, in file order.
        chosen: The mapping file's order (``DAY_FIRST`` or ``MONTH_FIRST``), if any.
        language: The order the submitted-time header's language writes dates in
            ("Marca temporal": ``DAY_FIRST``), if it tells one.
    """
    if chosen is not None:
        return DateOrder(chosen == DAY_FIRST)
    day_seen = month_seen = ""
    ambiguous: list[str] = []  # dates either order reads, as written
    meridiem = False
    for value in values:
        if not isinstance(value, str):
            continue
        match = _SLASHED.match(value)
        if match is None:
            continue
        first, second = int(match[1]), int(match[3])
        if first > 12 >= second:
            day_seen = day_seen or value.strip()
        elif second > 12 >= first:
            month_seen = month_seen or value.strip()
        elif first != second:
            meridiem = meridiem or re.sub(r"[\s.]", "", match[5])[-2:].casefold() in ("am", "pm")
            ambiguous.append(value.strip())
    if day_seen and month_seen:
        return DateOrder(None, basis="mixed", conflicting=(day_seen, month_seen))
    if day_seen or month_seen:
        return DateOrder(bool(day_seen))
    if not ambiguous:
        return DateOrder(None)
    example = ambiguous[0]
    as_day = _in_order(parse_submitted_at(text, True) for text in ambiguous)
    as_month = _in_order(parse_submitted_at(text, False) for text in ambiguous)
    if as_day != as_month:
        return DateOrder(as_day > as_month, example, "order")
    if language is not None:
        # Only a tie: a Google Sheet's headers follow the user's language, its dates
        # the sheet's locale, so the language never outweighs the rows' order.
        return DateOrder(language == DAY_FIRST, example)
    return DateOrder(not meridiem, example, "default")


def _in_order(times: Iterable[datetime | None]) -> int:
    """How many neighbours are in time order (later or the same)."""
    count = 0
    previous: datetime | None = None
    for moment in times:
        if previous is not None and moment is not None and moment >= previous:
            count += 1
        previous = moment
    return count


def order_warning(file_name: str, header: str, order: DateOrder) -> str | None:
    """What a reviewer is told of a guessed or mixed date order; None when sure."""
    if order.basis == "mixed":
        day, month = order.conflicting
        return (
            f"{file_name}, column {header!r}: some dates are day first ({day!r}) and some "
            f"month first ({month!r}); each date was read the way it can be, day first "
            "when both can. Check the submitted times, or name the order in a mapping "
            'file (dates = "day-first" or "month-first", above its [columns] line).'
        )
    if order.basis not in ("order", "default") or order.day_first is None:
        return None
    reading = parse_submitted_at(order.example, order.day_first)
    shown = f"{reading:%-d %B %Y}" if reading is not None else "?"
    way = "day" if order.day_first else "month"
    why = (
        "the rows are in the order they were submitted only this way"
        if order.basis == "order"
        else "nothing in the file tells"
    )
    other = MONTH_FIRST if order.day_first else DAY_FIRST
    return (
        f"{file_name}, column {header!r}: dates such as {order.example!r} can be read "
        f"day first or month first; they were read {way} first ({order.example!r} is "
        f"{shown}: {why}). If that is wrong, name the order in a mapping file "
        f'(dates = "{other}") and import the file again.'
    )


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# Full names and their first three letters ("Sept" too), casefolded, to month numbers.
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
# "Oct 1, 2026 9:00 AM" at the end of a text: a board's creation log puts the creator's
# name before it ("Ada Lovelace Oct 1, 2026 9:00 AM").
_MONTH_NAME_TIME = re.compile(
    r"(?:^|\s)(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}),? (?P<year>\d{4})"
    r"(?:,? (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?: ?(?P<meridiem>[AaPp])\.?[Mm]\.?)?)?$"
)


def _month_name_time(text: str) -> datetime | None:
    """Reads "Oct 1, 2026 9:00 AM" (English month names) at the end of ``text``."""
    match = _MONTH_NAME_TIME.search(text)
    month = _MONTHS.get(match["month"].casefold()) if match is not None else None
    clock = _clock(match) if match is not None else None
    if match is None or month is None or clock is None:
        return None
    try:
        return datetime(int(match["year"]), month, int(match["day"]), *clock, tzinfo=UTC)
    except ValueError:
        return None


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _from_number(number: float) -> datetime | None:
    # Large numbers are Unix seconds; small ones Excel serial days (1900 epoch).
    if 1e9 <= number < 1e11:
        return datetime.fromtimestamp(number, UTC)
    if 1 <= number < 2958466:
        serial = from_excel(number)
        return _as_utc(serial) if isinstance(serial, datetime) else None
    return None
