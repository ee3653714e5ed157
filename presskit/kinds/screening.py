"""A screening: a venue (or a festival's), a local start time and a ticket link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import CalendarEntry, Field, Kind, Spreadsheet, register
from presskit.kinds.common import (
    DATE,
    LOCAL_HEADERS,
    SCHEDULE_MOVES,
    TZ,
    WORK,
    YEAR_HINT,
    join_unique,
    length_field,
    live,
    local_columns,
    status_field,
    timed_end,
)
from presskit.kinds.organization import org_name
from presskit.kinds.selection import festival_name, premiere_label
from presskit.models.enums import OrgKind, ScreeningStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit import models as m
    from presskit.newsitem import Clock, Item, Run


def _place(row: Any) -> str:
    parts = [org_name(row.venue) if row.venue else None, row.room]
    if row.selection is not None and not row.venue:
        parts.insert(0, org_name(row.selection.festival))
    return ", ".join(p for p in parts if p)


def _label(row: Any) -> str:
    from presskit.when import format_local

    when = format_local(row.starts_at, row.timezone) if row.starts_at else "on demand"
    return f"{when} — {_place(row)}"


def _calendar(row: Any) -> CalendarEntry:
    from presskit.when import local

    sel, venue, title = row.selection, row.venue, row.work.title
    lines = []
    if sel is not None and premiere_label(sel):
        lines.append(f"{premiere_label(sel)} at {org_name(sel.festival)}.")
    if row.ticket_url:
        lines.append(f"Tickets: {row.ticket_url}")
    start = local(row.starts_at, row.timezone)
    return CalendarEntry(
        summary=f"{title} at {festival_name(sel)}" if sel is not None else f"Screening: {title}",
        location=join_unique(org_name(venue) if venue else None, row.room, venue.address if venue else None,
                             venue.city if venue else (sel.city if sel else None)),
        url=row.ticket_url, lines=tuple(lines), category="Screening", start=start, end=_end(row, start))


def _end(row: Any, start: Any) -> Any:
    return timed_end(row, start, KIND.default_length_minutes) if start is not None else None


def _spreadsheet_rows(s: Session) -> list[list[Any]]:
    from presskit import models as m
    from presskit.when import local

    scr = s.scalars(live(m.Screening).order_by(m.Screening.starts_at, m.Screening.id)).unique().all()
    return [[*local_columns(x.starts_at, x.timezone),
             f"{x.selection.festival.name} {x.selection.year}" if x.selection else "",
             (premiere_label(x.selection) or "") if x.selection else "",
             x.venue.name if x.venue else "", x.room, x.status.value,
             local(x.previous_starts_at, x.timezone).isoformat() if x.previous_starts_at else "",
             x.ticket_url, x.work.slug, x.key] for x in scr]


# ------------------------------------------------------------------------------------------------ news




def _news_item(sc: m.Screening, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, Run, joined, local_date, plain, title_run, was
    from presskit.when import FUTURE, PAST, format_local, tense_of_times

    status = str(sc.status)
    if sc.selection is not None:
        where = org_name(sc.selection.festival)
    else:
        where = org_name(sc.venue) if sc.venue is not None else ""
    at = f" at {where}" if where else ""
    t = title_run(sc.work)
    tense = PAST if status == "held" else tense_of_times(sc.starts_at, None, clock.now)
    ahead = tense == FUTURE
    headline: tuple[Run, ...]
    if status == "cancelled":
        headline = (Run("Cancelled: "), t, Run(at))
    elif ahead and status == "rescheduled":
        headline = (Run("New time: "), t, Run(at))
    elif ahead:
        headline = (t, Run(f" screens{at}"))
    else:
        headline = (t, Run(f" screened{at}"))
    city = sc.venue.city if sc.venue is not None else None
    links = (Link("Get tickets", sc.ticket_url),) if sc.ticket_url and ahead and status != "cancelled" else ()
    return Item(section="screen", headline=headline, summary=plain(headline),
                when=joined(format_local(sc.starts_at, sc.timezone), was(sc)),
                place=joined(_place(sc), city), links=links, starts_at=sc.starts_at, tense=tense,
                on=local_date(sc.starts_at, sc.timezone), **common)


KIND = register(Kind(
    "screening", "Screening", plural="screenings", news=True, news_date_field="date",
    status=ScreeningStatus, transitions=SCHEDULE_MOVES, default_status="scheduled",
    zone_from=("venue", "selection"), default_length_minutes=120, schema_type="ScreeningEvent",
    help="A screening: venue, local start time and ticket link.",
    example=(
        'presskit add screening --selection hot-docs-2013 --venue "Scotiabank Theatre" --room '
        '"Cinema 4" --start "Sat, Apr 27 9:00 PM" --year 2013 --tz America/Toronto'
    ),
    edit_example='presskit edit screening 1 --room "Cinema 5"',
    batched=True, section="screenings", section_rank=6, label=_label, news_item=_news_item,
    place=_place, calendar=_calendar,
    spreadsheet=Spreadsheet((*LOCAL_HEADERS, "Festival", "Premiere", "Venue", "Room", "Status",
                             "Previous start (ISO 8601)", "Tickets", "Work", "Key"), _spreadsheet_rows),
    fields=(
        WORK,
        Field("selection", "ref", "Festival selection it belongs to (id or key)", ref="selection"),
        Field("venue", "ref", "Venue (name, key or id); created if new", ref="organization",
              org_kind=OrgKind.venue),
        Field("room", "str", "Cinema or room, e.g. Cinema 4"),
        Field("starts_at", "datetime", "Local start, e.g. 'Sat, Apr 27 9:00 PM'", required=True,
              aliases=("--start",)),
        TZ,
        length_field(120),
        Field("ticket_url", "url", "Ticket link", aliases=("--tickets",)),
        status_field(ScreeningStatus, "scheduled"),
        DATE,
        YEAR_HINT,
    ),
))
