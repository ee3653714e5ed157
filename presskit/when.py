"""Dates, times and zones as people type them, parsed strictly.

Everything stored is aware; what is shown is the place's local time with the zone's abbreviation.
The machine's own zone is never used.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, TypeVar, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from presskit.errors import InvalidInput, literal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit import models as m

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
# Each pattern is compiled at its first use (then kept): most commands read no date typed by hand, and
# compiling them all cost every start-up.
_WEEKDAY_RE = cache(lambda: re.compile(
    r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b\.?", re.I))
# 03/04/2014, 03-04-2014 and 3/4 read differently in Toronto and in Sheffield: refused unless the day is > 12.
# (A dotted pair without a year is a time, "8.05pm", not a date.)
_NUMERIC_DMY = cache(lambda: re.compile(
    r"^\s*(\d{1,2})(?:([/-])(\d{1,2})(?:\2\d{2,4})?|\.(\d{1,2})\.\d{2,4})(?![\d/.-])"))
# "8.30pm" (the ABC listings' style): dateutil reads it as 8:00 pm, silently losing the minutes.
_DOTTED_TIME = cache(lambda: re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])"))
# "midnight" after "Wednesday, June 26th" is the first minute of the 27th: too easy to get a day wrong.
_MIDNIGHT = cache(lambda: re.compile(r"\b(midnight)\b", re.I))
_ISO = cache(lambda: re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([+-]\d{2}:?\d{2}|Z)?$"))
_ZONE_WORDS = cache(lambda: re.compile(r"\b(EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|AEST|AEDT)\b", re.I))


MAX_OFFSET = timedelta(hours=14)  # Kiribati's Line Islands; the most negative is -12:00


def zone(name: str) -> ZoneInfo:
    """An IANA zone, or a clear error."""
    try:
        if not name or "/" not in name and name != "UTC":
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise InvalidInput(
            f"unknown time zone {name!r}; use an IANA name such as America/Toronto or Europe/London"
        ) from e


def utcnow() -> datetime:
    return datetime.now(UTC)


_ISO_LENGTH = cache(lambda: re.compile(r"P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", re.I))
_CLOCK_LENGTH = cache(lambda: re.compile(r"(\d+):([0-5]\d)"))
_WORD_LENGTH = cache(lambda: re.compile(
    r"(?:(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\s*)?(?:(\d+)\s*(?:m|mins?|minutes?)?)?", re.I))
MAX_LENGTH_MINUTES = 24 * 60


def parse_length(text: str | int, what: str = "length_minutes") -> int:
    """How long something lasts, in whole minutes: '90m', '90', '1h30', '1h 30m', '1.5h', '1:30', 'PT1H30M'.

    A bare number is minutes (as --runtime is). Negative, zero, over 24 hours, a part of a minute or an unknown
    unit are refused: a screening, airing or event lasts between a minute and a day.
    """
    example = "e.g. 90m, 1h30 or PT1H30M"
    allowed = "minutes or hours, " + example

    def refused(problem: str, fix: str) -> InvalidInput:
        return InvalidInput("{what} {value!r} " + problem, what=what, value=raw, allowed=allowed, fix=fix)

    if isinstance(text, bool):
        raise InvalidInput("{what} {value!r} is not a length", what=what, value=text, allowed=allowed,
                           fix="write it like 90m, 1h30 or PT1H30M")
    if isinstance(text, int):
        minutes: float = text
        raw = str(text)
    else:
        raw = str(text).strip()
        body = raw.lstrip("+-\u2212").strip()
        if not body:
            raise InvalidInput("{what} is empty", what=what, allowed=allowed, fix="write how long it lasts, " + example)
        iso, clock = _ISO_LENGTH().fullmatch(body), _CLOCK_LENGTH().fullmatch(body)
        words = _WORD_LENGTH().fullmatch(body)
        if iso and body.upper() != "P":
            days, hours, mins, secs = (int(g or 0) for g in iso.groups())
            minutes = days * 1440 + hours * 60 + mins + secs / 60
        elif clock:
            minutes = int(clock.group(1)) * 60 + int(clock.group(2))
        elif words and any(words.groups()):
            minutes = float(words.group(1) or 0) * 60 + int(words.group(2) or 0)
        else:
            raise refused("has no unit presskit knows", "use {allowed}")
        if raw[0] in "-\u2212":
            minutes = -minutes
    if minutes < 0:
        raise refused("is negative", "give how long it lasts, " + example)
    if minutes == 0:
        raise refused("is zero", "give how long it lasts, " + example)
    if minutes > MAX_LENGTH_MINUTES:
        raise refused("is over 24 hours", "give the length of one screening, airing or event (an event over"
                      " several days takes {starts_on} and {ends_on})")
    if minutes != int(minutes):
        raise refused("is not a whole number of minutes", "round it, " + example)
    return int(minutes)


# Years a film's public life can have (the first public screenings were in 1895); a date outside them is a typo,
# and near the calendar's ends (year 1, 9999) a zone's shift would leave the calendar.
YEARS = (1870, 2100)
_D = TypeVar("_D", date, datetime)


def _plausible(value: _D, what: str, raw: object) -> _D:
    if not YEARS[0] <= value.year <= YEARS[1]:
        shown = raw if isinstance(raw, str) else raw.isoformat() if isinstance(raw, date) else raw
        raise InvalidInput("{what} {value!r}: the year " + str(value.year) + " is not plausible", what=what,
                           value=shown, allowed=f"{YEARS[0]} to {YEARS[1]}", fix="write a date from {allowed}")
    return value


def _parse(text: str, default_year: int | None, what: str, year_hint: str = " or give {year}"):
    raw = text.strip()

    def refused(problem: str, fix: str | None = None) -> InvalidInput:
        return InvalidInput(problem, what=what, value=raw, fix=fix)

    if not raw:
        raise refused("empty {what}", "write it like 2014-03-09 or 'March 9, 2014'")
    if _ISO().match(raw):
        # The form of data files and scripts, read directly: dateutil (twice, below) was a large part of
        # an import's time.
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            pass  # e.g. 2014-02-30: the general path below says what is wrong
        else:
            return _plausible(value, what, raw), len(raw) > 10, value.tzinfo
    m = _NUMERIC_DMY().match(raw)
    second = int(m.group(3) or m.group(4)) if m else 0
    if m and int(m.group(1)) <= 12 and second <= 12 and int(m.group(1)) != second:
        raise refused("ambiguous {what} {value!r} (day/month or month/day?)",
                      "write it as YYYY-MM-DD, e.g. 2014-03-09")
    if _ZONE_WORDS().search(raw):
        raise refused("{what} {value!r} names a zone abbreviation",
                      "give the local time and {timezone:give} with an IANA name (e.g. America/Toronto), which"
                      " knows about daylight saving")
    word = _MIDNIGHT().search(raw)
    if word:
        raise refused("{what} {value!r} says " + repr(word.group(1)), "write the clock time with its own date"
                      " instead, e.g. '2013-06-27 00:00' for midnight after June 26")
    from dateutil import parser  # only for what is not ISO: loading it is a noticeable part of `add`

    raw = _DOTTED_TIME().sub(r"\1:\2", raw)
    weekday = _WEEKDAY_RE().search(raw)
    probe_a, probe_b = datetime(2000, 1, 1, 0, 0), datetime(2004, 2, 2, 1, 1)
    try:
        a = parser.parse(raw, default=probe_a)
        b = parser.parse(raw, default=probe_b)
    except (ValueError, OverflowError) as e:
        raise refused("cannot read {what} {value!r}",
                      "write it like 2014-03-09, 'March 9, 2014' or 'Sat, Apr 27 9:00 PM'") from e
    if a.month != b.month or a.day != b.day:
        raise refused("{what} {value!r} has no day", "write a full date such as 2014-03-09")
    has_year = a.year == b.year
    has_time = a.hour == b.hour
    year = a.year if has_year else default_year
    if year is None:
        raise refused("{what} {value!r} has no year", "add it, e.g. 'March 9, 2014'" + year_hint)
    try:
        value = a.replace(year=year)
    except ValueError as e:
        raise refused("{what} {value!r}: " + literal(str(e))) from e
    if weekday and _WEEKDAYS[weekday.group(1).lower()] != value.weekday():
        raise refused(f"{{what}} {{value!r}}: {value:%B} {value.day}, {year} is a {value:%A}",
                      "check the date or the year")
    return _plausible(value, what, raw), has_time, a.tzinfo


def parse_date(text: str | date, *, default_year: int | None = None, what: str = "date",
               year_option: bool = False) -> date:
    """A calendar date; ``year_option`` says the command has a --year for dates typed without one."""
    if isinstance(text, datetime):
        return _plausible(text, what, text).date()
    if isinstance(text, date):
        return _plausible(text, what, text)
    value, _, _ = _parse(str(text), default_year, what, " or give {year}" if year_option else "")
    return value.date()


def parse_local_datetime(
    text: str | datetime, tz: str | None, *, default_year: int | None = None, what: str = "time"
) -> datetime:
    """A wall-clock time in the place's zone (``tz``) as an aware datetime.

    An explicit offset in the text wins; a bare local time needs a zone. Nonexistent local times
    (inside a spring-forward gap) are refused rather than silently shifted.
    """
    if isinstance(text, datetime):
        value, has_time, given_tz = _plausible(text, what, text), True, text.tzinfo
    else:
        value, has_time, given_tz = _parse(str(text), default_year, what)
        if not has_time:
            raise InvalidInput("{what} {value!r} has no time of day", what=what, value=text,
                               fix="add one, e.g. '2013-06-26 21:00'")
    if given_tz is not None:
        try:
            offset = value.utcoffset() or timedelta(0)
        except ValueError:  # a day or more: no zone at all
            offset = MAX_OFFSET * 2
        if abs(offset) > MAX_OFFSET:
            raise InvalidInput("{what} {value!r}: a UTC offset is at most 14 hours either way", what=what, value=text,
                               fix="check the offset, or give the local time and {timezone:give} with the place's"
                                   " IANA zone")
        return value.astimezone(UTC)
    if not tz:
        raise InvalidInput("{what} {value!r} needs a time zone", what=what, value=text,
                           fix="give {timezone:give} with an IANA name such as America/Toronto")
    z = zone(tz)
    local = value.replace(tzinfo=z)
    # A wall time that does not exist round-trips to a different wall time.
    back = local.astimezone(UTC).astimezone(z)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise InvalidInput("{what} {value!r} does not exist in " + tz + " (the clocks skip it)", what=what,
                           value=text, fix="check the time")
    if local.utcoffset() != local.replace(fold=1).utcoffset():
        # Guessing would put a screening an hour off; the offset says which of the two is meant.
        std, dst = sorted((local, local.replace(fold=1)), key=lambda d: d.utcoffset() or timedelta(0))
        raise InvalidInput(
            "{what} {value!r} happens twice in " + tz + " (the clocks go back)", what=what, value=text,
            fix=f"add the UTC offset, e.g. '{local:%Y-%m-%d %H:%M}{dst:%z}' for the first or"
                f" '{local:%Y-%m-%d %H:%M}{std:%z}' for the second")
    return local


@overload
def local(dt: datetime, tz: str | None) -> datetime: ...
@overload
def local(dt: None, tz: str | None) -> None: ...
@overload
def local(dt: datetime | None, tz: str | None) -> datetime | None: ...


def local(dt: datetime | None, tz: str | None) -> datetime | None:
    """``dt`` in the zone ``tz`` (UTC without one); None stays None."""
    if dt is None:
        return None
    return dt.astimezone(ZoneInfo(tz) if tz else UTC)


def format_local(dt: datetime | None, tz: str | None, fmt: str = "%a %b %-d, %Y %-I:%M %p") -> str:
    """'Wed Jun 26, 2013 9:00 PM EDT' — the place's time and its zone abbreviation."""
    value = local(dt, tz)
    if value is None:
        return ""
    return f"{value.strftime(fmt)} {value.tzname()}"


@overload
def iso_local(dt: datetime, tz: str | None) -> str: ...
@overload
def iso_local(dt: None, tz: str | None) -> None: ...
@overload
def iso_local(dt: datetime | None, tz: str | None) -> str | None: ...


def iso_local(dt: datetime | None, tz: str | None) -> str | None:
    """ISO 8601 in the place's zone, to the second: also a valid HTML <time datetime> (at most three decimals)."""
    value = local(dt, tz)
    return value.isoformat(timespec="seconds") if value is not None else None


# ------------------------------------------------------------------------------------------ the team's clock


def home_zone(work: m.Work | None) -> str:
    """The team's clock: the work's production company's zone, else UTC — never the machine's."""
    if work is not None and work.company is not None and work.company.timezone:
        return work.company.timezone
    return "UTC"


def team_today(s: Session, now: datetime, work_id: int | None = None) -> date:
    """The date it is for the team at ``now``: the default news date (a Toronto team's evening is not tomorrow).

    The record's work tells whose team; a record of no work (a person, an outlet) goes by the primary work.
    """
    from sqlalchemy import select  # this module is loaded by commands that never reach the database

    from presskit import models as m

    work = s.get(m.Work, work_id) if work_id is not None else s.scalars(
        select(m.Work).where(m.Work.primary.is_(True), m.Work.removed_at.is_(None)).limit(1)).first()
    value = local(now, home_zone(work))
    assert value is not None  # now is given
    return value.date()


def resolve_now(value: str | datetime | None, tz: str) -> datetime:
    """A command's --now in the team's zone ``tz``: a date alone is that day's midnight there, a bare time is the
    team's local time, an offset wins; None is the present moment."""
    z = zone(tz)
    if value is None:
        return utcnow().astimezone(z)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InvalidInput("{what} needs a zone", what="now", value=value,
                               fix="give an offset, e.g. 2014-01-28T09:00-05:00")
        return value.astimezone(z)
    raw = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise InvalidInput("{what} {value!r} is not a date", what="now", value=raw,
                               fix="write it like 2014-01-28") from None
        return datetime.combine(_plausible(day, "now", raw), datetime.min.time(), z)
    return parse_local_datetime(raw, tz, what="now").astimezone(z)


def day(d: date) -> str:
    """'March 9, 2014'."""
    return f"{d:%B} {d.day}, {d.year}"


def date_range(start: date | None, end: date | None) -> str | None:
    """'March 15–24, 2013', 'April 25 – May 5, 2013', 'December 30, 2013 – January 2, 2014'."""
    if start is None:
        return day(end) if end else None
    if end is None or end == start:
        return day(start)
    if start.year != end.year:
        return f"{day(start)} – {day(end)}"
    if start.month != end.month:
        return f"{start:%B} {start.day} – {end:%B} {end.day}, {end.year}"
    return f"{start:%B} {start.day}–{end.day}, {end.year}"


# ------------------------------------------------------------------------------------------------- tense

PAST, NOW, FUTURE = "past", "now", "future"


def tense_of_times(start: datetime | None, end: datetime | None, now: datetime) -> str | None:
    """Whether a screening, airing, event or deadline is over, under way or ahead at ``now``."""
    if start is None:
        return None
    if (end or start) < now:
        return PAST
    return FUTURE if start > now else NOW


def tense_of_days(start: date | None, end: date | None, today: date) -> str | None:
    """The same for a run of days (a festival's): the last day still counts as under way."""
    if start is None and end is None:
        return None
    first, last = start or end, end or start
    assert first is not None and last is not None
    if last < today:
        return PAST
    return FUTURE if first > today else NOW
