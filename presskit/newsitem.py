"""A news item as plain data (``Item``, made of ``Run``s and ``Link``s) and the small words every kind's wording uses.

Each kind words its own news (``Kind.news_item`` in ``presskit/kinds/<kind>.py``); ``presskit.news.item_for``
finds it. Items hold no Session and no ORM rows, so that any renderer can use them. Times are the place's local
time with its zone's abbreviation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from presskit.when import FUTURE, date_range, format_local, local

if TYPE_CHECKING:
    from presskit import models as m


@dataclass(frozen=True)
class Run:
    """A piece of a sentence; ``title`` marks a work's title, set in italics where the medium allows."""

    text: str
    title: bool = False


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    kind: str
    record_id: int
    key: str | None
    section: str
    headline: tuple[Run, ...]
    summary: str  # the headline as one plain line, for subjects and preheaders
    url: str | None = None  # what the headline links to
    when: str | None = None  # local time with the zone abbreviation, or a date range
    place: str | None = None
    meta: str | None = None  # one small line: outlet and author, festival city and dates, award body
    body: str | None = None
    quote: str | None = None
    quote_by: str | None = None
    links: tuple[Link, ...] = ()
    news_date: date | None = None
    starts_at: datetime | None = None  # orders screenings and airings
    tense: str | None = None  # PAST, NOW or FUTURE at the send's clock; None when the record has no date
    on: date | None = None  # the record's own (first) date, local to its place
    expired: bool = False  # a call to action past its deadline: told as what it was, never as a thing to do
    count: int = 1  # records told by this one line ("aired on TVO, 4 times")
    last_on: date | None = None  # with a count: the last of their dates
    source: str | None = None  # who published it (coverage's outlet): named in a one-line mention

    @property
    def brief(self) -> str | None:
        """The detail of a one-line mention: its time while it is ahead, a festival's city and dates, else
        its date (none for a closed call to action, whose line says when it closed)."""
        if self.expired:
            return None
        if self.tense == FUTURE and self.when:
            return self.when
        if self.section == "festivals" and self.meta:
            return self.meta
        if self.source:
            return joined(self.source, self.day)
        return self.day

    @property
    def day(self) -> str | None:
        """'Jun 26, 2013', or 'June 27–30, 2013' for a line that tells several records."""
        if self.last_on is not None and self.last_on != self.on:
            return date_range(self.on, self.last_on)
        return short_day(self.on)


@dataclass(frozen=True)
class Clock:
    """The send's clock: ``now`` (aware) and ``today``, the date in the team's zone."""

    now: datetime
    today: date

    @classmethod
    def at(cls, now: datetime) -> Clock:
        return cls(now=now, today=now.date())


def short_title(work: m.Work) -> str:
    # In running text the team writes "The Defector", not "The Defector: Escape from North Korea":
    # a subtitle after the colon is dropped.
    return work.title.split(":", 1)[0].strip() or work.title


def title_run(work: m.Work) -> Run:
    return Run(short_title(work), title=True)


def plain(runs: tuple[Run, ...] | list[Run]) -> str:
    return "".join(r.text for r in runs)


def time_range(start: datetime | None, end: datetime | None, tz: str | None) -> str | None:
    """'Tue Nov 22, 2011 6:00 PM – 7:30 PM EST' — in the place's zone, the end kept short on the same day."""
    if start is None:
        return None
    a, b = local(start, tz), local(end, tz)
    if b is None or a is None:
        return format_local(start, tz)
    if a.date() == b.date():
        return f"{a:%a %b} {a.day}, {a.year} {a:%-I:%M %p} – {b:%-I:%M %p} {b.tzname()}"
    return f"{format_local(start, tz)} – {format_local(end, tz)}"


def joined(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return " · ".join(kept) if kept else None


def short_day(d: date | datetime | None) -> str | None:
    """'Jun 26, 2013'."""
    return f"{d:%b} {d.day}, {d.year}" if d is not None else None


def was(row: Any) -> str | None:
    """'was Sat Apr 27, 2013 9:00 PM EDT': a rescheduled record's former time."""
    if str(row.status) == "rescheduled" and row.previous_starts_at is not None:
        return f"was {format_local(row.previous_starts_at, row.timezone)}"
    return None


def local_date(dt: datetime | None, tz: str | None) -> date | None:
    value = local(dt, tz)
    return value.date() if value is not None else None
