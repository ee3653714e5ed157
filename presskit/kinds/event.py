"""An event: a Q&A screening, exhibition or panel, with its place and RSVP link; a time, or only dates."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from presskit.kinds.base import CalendarEntry, Field, Kind, register
from presskit.kinds.common import (
    DATE,
    SCHEDULE_MOVES,
    TZ,
    WORK,
    YEAR_HINT,
    join_unique,
    length_field,
    status_field,
    timed_end,
)
from presskit.kinds.organization import org_name
from presskit.models.enums import EventKind, OrgKind, ScreeningStatus

if TYPE_CHECKING:
    from datetime import date, datetime

    from sqlalchemy.orm import Session

    from presskit import models as m
    from presskit.journal import Batch
    from presskit.newsitem import Clock, Item


def _place(row: Any) -> str:
    return ", ".join(p for p in [org_name(row.place) if row.place else None, row.address] if p)


def _label(row: Any) -> str:
    from presskit.when import format_local

    when = format_local(row.starts_at, row.timezone) if row.starts_at else (
        row.starts_on.isoformat() if row.starts_on else "")
    return f"{when} — {row.title} — {_place(row)}"


def _adding(s: Session, values: dict[str, Any], extra: dict[str, Any], b: Batch | None) -> None:
    from presskit.errors import InvalidInput

    if not (values.get("starts_at") or values.get("starts_on")):
        raise InvalidInput("event needs {what} (a local time) or {starts_on} (a date)", what="start")


def _calendar(row: Any) -> CalendarEntry:
    from presskit.when import local

    lines = []
    if row.description:
        lines.append(row.description)
    if row.rsvp_url:
        lines.append(f"RSVP: {row.rsvp_url}")
    timed = local(row.starts_at, row.timezone)
    start: datetime | date | None = timed
    end: datetime | date | None = None
    if timed is not None:
        end = timed_end(row, timed, KIND.default_length_minutes, runtime=False)
    elif row.starts_on is not None:
        start = row.starts_on
        end = (row.ends_on or row.starts_on) + timedelta(days=1)  # all-day ends are exclusive
    return CalendarEntry(summary=row.title,
                         location=join_unique(org_name(row.place) if row.place else None, row.address),
                         url=row.rsvp_url, lines=tuple(lines), category="Event", start=start, end=end)


# ------------------------------------------------------------------------------------------------ news

def event_tense(e: m.Event, clock: Clock) -> str | None:
    from presskit.when import tense_of_days, tense_of_times

    if e.starts_at is not None:
        return tense_of_times(e.starts_at, e.ends_at, clock.now)
    return tense_of_days(e.starts_on, e.ends_on, clock.today)


def _news_item(e: m.Event, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, Run, joined, local_date, plain, time_range, was
    from presskit.when import FUTURE, NOW, PAST, date_range

    status = str(e.status)
    tense = event_tense(e, clock)
    prefix = {"cancelled": "Cancelled: "}.get(status, "")
    if status == "rescheduled" and tense == FUTURE:
        prefix = "New time: "
    headline = (Run(prefix + e.title),) if prefix else (Run(e.title),)
    when = time_range(e.starts_at, e.ends_at, e.timezone) or date_range(e.starts_on, e.ends_on)
    if tense == PAST and status != "cancelled" and when:
        when = f"Took place {when}"
    elif tense == NOW and status != "cancelled" and when:
        when = f"Under way: {when}"
    # RSVP while the event is ahead (or, for one of several days, not over); its description is what the
    # team wrote beforehand ("will be present"), so it is left out once the event is over.
    ahead = tense == FUTURE or (tense == NOW and e.starts_at is None)
    links = (Link("RSVP", e.rsvp_url),) if e.rsvp_url and status != "cancelled" and ahead else ()
    city = e.place.city if e.place is not None and not e.address else None  # an address names its city
    first = local_date(e.starts_at, e.timezone) or e.starts_on
    return Item(section="events", headline=headline, summary=plain(headline), when=joined(when, was(e)),
                place=joined(_place(e), city), body=e.description if tense != PAST else None,
                links=links, starts_at=e.starts_at, tense=tense, on=first, **common)


KIND = register(Kind(
    "event", "Event", plural="events", news=True, news_date_field="date",
    status=ScreeningStatus, transitions=SCHEDULE_MOVES, default_status="scheduled", zone_from=("place",),
    default_length_minutes=120,
    help="An event: a Q&A screening, exhibition or panel, with its place and RSVP link.",
    example=(
        'presskit add event --kind qa_screening --title "Screening and Q&A with Ann Shin" --place '
        '"Art Directors Club" --start "Thursday, June 27 7:00pm" --year 2013 --tz '
        'America/New_York --rsvp "http://www.adcglobal.org/adc/events/calendar/#438"'
    ),
    edit_example='presskit edit event 1 --end "2013-06-27 21:00"',
    batched=True, section="events", section_rank=8, label=_label, news_item=_news_item,
    place=_place, adding=_adding,
    calendar=_calendar,
    fields=(
        WORK,
        Field("title", "str", "Title", required=True),
        Field("kind", "enum", "Kind of event", enum=EventKind, default="other"),
        Field("place", "ref", "Place (name, key or id); created if new", ref="organization",
              org_kind=OrgKind.venue),
        Field("address", "str", "Street address"),
        Field("starts_at", "datetime", "Local start", aliases=("--start",)),
        Field("ends_at", "datetime", "Local end", aliases=("--end",)),
        length_field(120, runtime=False),
        Field("starts_on", "date", "First day, when no time is known"),
        Field("ends_on", "date", "Last day, when no time is known"),
        TZ,
        Field("rsvp_url", "url", "RSVP or ticket link", aliases=("--rsvp",)),
        Field("description", "text", "Description"),
        status_field(ScreeningStatus, "scheduled"),
        DATE,
        YEAR_HINT,
    ),
))
