"""A TV broadcast or streaming release: channel, territory, local air time (none: on demand)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from presskit.kinds.base import CalendarEntry, Field, Kind, Spreadsheet, register
from presskit.kinds.common import (
    DATE,
    LOCAL_HEADERS,
    TZ,
    WORK,
    YEAR_HINT,
    capital,
    length_field,
    live,
    local_columns,
    status_field,
    timed_end,
)
from presskit.kinds.organization import org_name
from presskit.models.enums import BroadcastStatus, OrgKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit import models as m
    from presskit.newsitem import Clock, Item, Run

BROADCAST_MOVES = {
    "scheduled": ("rescheduled", "cancelled", "aired"),
    "rescheduled": ("rescheduled", "cancelled", "aired"),
    "cancelled": (), "aired": (),
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _place(row: Any) -> str:
    return org_name(row.channel)


def _label(row: Any) -> str:
    from presskit.when import format_local

    when = format_local(row.starts_at, row.timezone) if row.starts_at else "on demand"
    return f"{when} — {_place(row)}"


def _calendar(row: Any) -> CalendarEntry:
    from presskit.when import local

    line = ", ".join(p for p in (
        f"{'Premiere' if row.premiere else 'Broadcast'} on {org_name(row.channel)}",
        row.territory, f"presented by {row.presenter}" if row.presenter else None) if p) + "."
    start = local(row.starts_at, row.timezone)
    return CalendarEntry(
        summary=f"{row.work.title} on {org_name(row.channel)}" + (" (premiere)" if row.premiere else ""),
        location=org_name(row.channel), url=row.url, lines=(line,), category="Broadcast", start=start,
        end=_end(row, start))


def _end(row: Any, start: Any) -> Any:
    return timed_end(row, start, KIND.default_length_minutes) if start is not None else None


def _spreadsheet_rows(s: Session) -> list[list[Any]]:
    from presskit import models as m

    # Nulls (on-demand releases) sort differently per database: order them in Python, last.
    bcs = sorted(s.scalars(live(m.Broadcast)).unique().all(),
                 key=lambda b: (b.starts_at is None, b.starts_at or _EPOCH, b.id))
    return [[*local_columns(b.starts_at, b.timezone), b.channel.name, b.territory, b.premiere,
             b.presenter, b.status.value, b.url, b.work.slug, b.key] for b in bcs]


# ------------------------------------------------------------------------------------------------ news




def _news_item(b: m.Broadcast, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, Run, joined, local_date, plain, title_run, was
    from presskit.when import FUTURE, PAST, format_local, tense_of_times

    status, ch, t = str(b.status), org_name(b.channel), title_run(b.work)
    tense = PAST if status == "aired" else tense_of_times(b.starts_at, None, clock.now)
    headline: tuple[Run, ...]
    if status == "cancelled":
        headline = (Run("Cancelled: "), t, Run(f" on {ch}"))
    elif b.starts_at is None:  # on demand, no date: worded so it is true whenever it is read
        headline = (t, Run(f" on demand on {ch}"))
    elif tense == FUTURE and status == "rescheduled":
        headline = (Run("New time: "), t, Run(f" on {ch}"))
    elif tense == FUTURE:
        headline = (Run(f"{capital(ch)} {'premieres' if b.premiere else 'airs'} "), t)
    elif b.premiere:
        headline = (t, Run(f" had its TV premiere on {ch}"))
    else:
        headline = (Run(f"{capital(ch)} aired "), t)
    when = format_local(b.starts_at, b.timezone) if b.starts_at is not None else "On demand"
    premiere = None
    if b.premiere:
        premiere = f"{b.territory} TV premiere" if b.territory else "TV premiere"
    meta = joined(b.territory if not b.premiere else None, premiere,
                 f"presented by {b.presenter}" if b.presenter else None)
    usable = status != "cancelled" and (tense == FUTURE or b.starts_at is None)
    links = (Link("TV listing", b.url),) if b.url and usable else ()
    return Item(section="screen", headline=headline, summary=plain(headline), when=joined(when, was(b)),
                meta=meta, links=links, starts_at=b.starts_at, tense=tense,
                on=local_date(b.starts_at, b.timezone), **common)


KIND = register(Kind(
    "broadcast", "Broadcast", plural="broadcasts", news=True, news_date_field="date",
    status=BroadcastStatus, transitions=BROADCAST_MOVES, default_status="scheduled", zone_from=("channel",),
    default_length_minutes=60, schema_type="BroadcastEvent",
    help="A TV broadcast or streaming release: channel, territory, local air time.",
    example=(
        'presskit add broadcast --channel ABC1 --territory Australia --start "Monday June 17 '
        "8.30pm\" --year 2013 --tz Australia/Sydney --premiere --presenter \"Kerry O'Brien\""
    ),
    edit_example='presskit edit broadcast 1 --start "2013-06-17 21:30"',
    batched=True, section="broadcasts", section_rank=7, label=_label, news_item=_news_item,
    place=_place, calendar=_calendar,
    spreadsheet=Spreadsheet((*LOCAL_HEADERS, "Channel", "Territory", "Premiere", "Presenter", "Status", "URL",
                             "Work", "Key"), _spreadsheet_rows),
    fields=(
        WORK,
        Field("channel", "ref", "Channel or service (name, key or id); created if new", required=True,
              ref="organization", org_kind=OrgKind.broadcaster),
        Field("territory", "str", "Territory, e.g. Canada"),
        Field("starts_at", "datetime", "Local air time (omit for on-demand)", aliases=("--start",)),
        TZ,
        length_field(60),
        Field("premiere", "bool", "The premiere in this territory (not a repeat)"),
        Field("presenter", "str", "Presenter"),
        status_field(BroadcastStatus, "scheduled"),
        DATE,
        Field("url", "url", "Link to the listing or stream"),
        YEAR_HINT,
    ),
))
