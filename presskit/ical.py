"""Screenings, broadcasts and events as an iCalendar (.ics) file a publicist subscribes to or imports.

Each event carries its place's IANA zone as TZID (with a VTIMEZONE for every zone used), so a Toronto
screening reads 9:00 PM in Toronto on any phone. The UID comes from the record (kind and key, or id), never
from its time: a rescheduled screening updates the entry a calendar already shows instead of adding a second
one, and SEQUENCE counts its changes so clients take the update.

``calendar_items`` reads the database into plain data; ``to_ics`` renders it (and alone imports icalendar).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from presskit import models as m
from presskit.describe import festival_name, org_name, premiere_label
from presskit.kinds import MODEL_KIND
from presskit.when import format_local, local

PRODID = "-//presskit//presskit calendar//EN"


@dataclass(frozen=True)
class CalendarItem:
    """One calendar entry, as plain data."""

    uid: str
    kind: str  # screening | broadcast | event
    record_id: int
    summary: str
    start: datetime | date  # a datetime is aware, in the place's zone; a date is an all-day entry
    end: datetime | date | None  # exclusive for all-day entries (RFC 5545)
    timezone: str | None
    cancelled: bool
    location: str | None
    url: str | None
    description: str
    sequence: int
    stamp: datetime  # when the record last changed (UTC)
    categories: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CalendarData:
    name: str
    items: list[CalendarItem]
    left_out: list[str]  # records with neither a time nor a date, said out loud by the command


BATCH = 500


def uid_for(kind: str, row: Any) -> str:
    """Stable across reschedules and re-imports: the record's own handle, never its time."""
    handle = f"{kind}-{row.key}" if row.key else f"{kind}-id{row.id}"
    return f"{handle}.{row.work.slug}@presskit"


def _changes(s: Session, kind: str, ids: list[int]) -> dict[int, tuple[int, datetime | None]]:
    """Per record: how many status changes after the first (SEQUENCE) and the newest change time."""
    out: dict[int, tuple[int, datetime | None]] = {}
    if not ids:
        return out
    rows = s.execute(
        select(m.StatusChange.record_id, func.count(m.StatusChange.id), func.max(m.StatusChange.recorded_at))
        .where(m.StatusChange.record_type == kind, m.StatusChange.record_id.in_(ids))
        .group_by(m.StatusChange.record_id))
    for record_id, n, newest in rows:
        out[record_id] = (max(n - 1, 0), _aware(newest))
    edits = s.execute(
        select(m.Edit.record_id, func.count(m.Edit.id), func.max(m.Edit.recorded_at))
        .where(m.Edit.record_type == kind, m.Edit.record_id.in_(ids), m.Edit.action == "edit")
        .group_by(m.Edit.record_id))
    for record_id, n, newest in edits:
        seq, when = out.get(record_id, (0, None))
        newest = _aware(newest)
        out[record_id] = (seq + n, max(w for w in (when, newest) if w is not None))
    return out


def _aware(value: Any) -> datetime | None:
    # func.max() comes back untyped: SQLite gives text, PostgreSQL an aware datetime.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _join(*parts: str | None) -> str | None:
    seen: list[str] = []
    for p in parts:
        if p and p.strip() and p.strip() not in seen:
            seen.append(p.strip())
    return ", ".join(seen) or None


def _in_range(start: datetime | date, end: datetime | date | None, since: date | None, until: date | None,
              tz: str | None) -> bool:
    first = local(start, tz).date() if isinstance(start, datetime) else start
    if isinstance(end, datetime):
        last = local(end, tz).date()
    elif isinstance(end, date):
        last = end - timedelta(days=1)  # all-day ends are exclusive
    else:
        last = first
    return (since is None or last >= since) and (until is None or first <= until)


def _runtime_end(row: Any, start: datetime) -> datetime | None:
    minutes = row.work.runtime_minutes
    return start + timedelta(minutes=minutes) if minutes else None


def calendar_items(s: Session, *, since: date | None = None, until: date | None = None,
                   works: list[str] | None = None) -> CalendarData:
    """Screenings, broadcasts and events (removed ones left out), in time order; dates are local dates."""
    from presskit import lookups

    work_ids = {lookups.get(s, "work", w).id for w in works} if works else None
    items: list[CalendarItem] = []
    left_out: list[str] = []
    for model in (m.Screening, m.Broadcast, m.Event):
        kind = MODEL_KIND[model]
        q = select(model).where(model.removed_at.is_(None)).order_by(model.id)
        if work_ids is not None:
            q = q.where(model.work_id.in_(work_ids))
        # Read in batches: a catalogue's 20,000 screenings never sit in memory as ORM rows at once, and each
        # batch's history query binds a few hundred ids (SQLite allows at most 32,766).
        for rows in s.scalars(q.execution_options(yield_per=BATCH)).partitions():
            changes = _changes(s, kind, [r.id for r in rows])
            for row in rows:
                item = _item(kind, row, changes.get(row.id, (0, None)))
                if item is None:
                    left_out.append(f"{kind} {row.id} ({row.key or 'no key'}): no time or date")
                    continue
                if _in_range(item.start, item.end, since, until, item.timezone):
                    items.append(item)
    items.sort(key=lambda i: (_sort_instant(i), i.kind, i.record_id))
    all_works = s.scalars(select(m.Work).where(m.Work.removed_at.is_(None)).order_by(m.Work.id)).all()
    named = [w for w in all_works if w.id in work_ids] if work_ids else [w for w in all_works if w.primary]
    title = " & ".join(w.title for w in named or all_works[:1]) or "presskit"
    return CalendarData(name=f"{title} — screenings, broadcasts and events", items=items, left_out=left_out)


def _sort_instant(i: CalendarItem) -> datetime:
    if isinstance(i.start, datetime):
        return i.start.astimezone(UTC)
    # An all-day entry sorts at the start of its day in its own zone.
    from presskit.when import zone

    return datetime(i.start.year, i.start.month, i.start.day, tzinfo=zone(i.timezone) if i.timezone else UTC
                    ).astimezone(UTC)


def _item(kind: str, row: Any, change: tuple[int, datetime | None]) -> CalendarItem | None:
    sequence, changed_at = change
    stamp = max(t for t in (row.created_at, changed_at) if t is not None).astimezone(UTC)
    tz = row.timezone
    title = row.work.title
    cancelled = str(row.status) == "cancelled"
    lines: list[str] = []
    start: datetime | date | None = local(row.starts_at, tz) if row.starts_at is not None else None
    end: datetime | date | None = None
    if isinstance(row, m.Screening):
        sel = row.selection
        summary = f"{title} at {festival_name(sel)}" if sel is not None else f"Screening: {title}"
        venue = row.venue
        location = _join(org_name(venue) if venue else None, row.room, venue.address if venue else None,
                         venue.city if venue else (sel.city if sel else None))
        url = row.ticket_url
        if sel is not None and premiere_label(sel):
            lines.append(f"{premiere_label(sel)} at {org_name(sel.festival)}.")
        if url:
            lines.append(f"Tickets: {url}")
        categories: tuple[str, ...] = ("Screening",)
        if start is not None:
            end = _runtime_end(row, start)
    elif isinstance(row, m.Broadcast):
        summary = f"{title} on {org_name(row.channel)}" + (" (premiere)" if row.premiere else "")
        location = org_name(row.channel)
        url = row.url
        lines.append(", ".join(p for p in (
            f"{'Premiere' if row.premiere else 'Broadcast'} on {org_name(row.channel)}",
            row.territory, f"presented by {row.presenter}" if row.presenter else None) if p) + ".")
        categories = ("Broadcast",)
        if start is not None:
            end = _runtime_end(row, start)
    else:
        summary = row.title
        location = _join(org_name(row.place) if row.place else None, row.address)
        url = row.rsvp_url
        if row.description:
            lines.append(row.description)
        if url:
            lines.append(f"RSVP: {url}")
        categories = ("Event",)
        if start is not None:
            end = local(row.ends_at, tz) if row.ends_at is not None else None
        elif row.starts_on is not None:
            start = row.starts_on
            end = (row.ends_on or row.starts_on) + timedelta(days=1)
    if start is None:
        return None
    if row.previous_starts_at is not None and str(row.status) == "rescheduled":
        lines.append(f"Rescheduled; it was {format_local(row.previous_starts_at, tz)}.")
    if cancelled:
        lines.insert(0, "CANCELLED.")
    return CalendarItem(
        uid=uid_for(kind, row), kind=kind, record_id=row.id, summary=summary, start=start, end=end,
        timezone=tz, cancelled=cancelled, location=location, url=url, description="\n".join(lines),
        sequence=sequence, stamp=stamp, categories=categories)


def to_ics(data: CalendarData) -> bytes:
    """RFC 5545 bytes (CRLF lines), one VTIMEZONE per zone used, covering only the years the entries span.

    Each event is turned into text as soon as it is made, so 24,000 of them never live as icalendar objects
    at once; the VTIMEZONEs, in TZID order (the same bytes for the same records in every run), come first.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", data.name)
    events: list[bytes] = []
    tzids: set[str] = set()
    years: list[int] = []
    for item in data.items:
        ev = icalendar.Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", item.stamp)
        ev.add("sequence", item.sequence)
        ev.add("summary", item.summary)
        ev.add("dtstart", item.start)
        if item.end is not None:
            ev.add("dtend", item.end)
        ev.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.location:
            ev.add("location", item.location)
        if item.url:
            ev.add("url", item.url)
        if item.description:
            ev.add("description", item.description)
        ev.add("categories", list(item.categories))
        tzids.update(v.params["TZID"] for _, v in ev.property_items(sorted=False)
                     if "TZID" in getattr(v, "params", {}))
        events.append(ev.to_ical())
        years.append(item.start.year)
    for tzid in sorted(tzids):
        # Transitions for the years used only: a VTIMEZONE for 1970-2038 would dwarf the events.
        try:
            cal.add_component(icalendar.Timezone.from_tzid(tzid, first_date=date(min(years) - 1, 1, 1),
                                                           last_date=date(max(years) + 1, 12, 31)))
        except ValueError:  # a zone icalendar does not know: the TZID alone, as add_missing_timezones does
            continue
    end = b"END:VCALENDAR\r\n"
    head = cal.to_ical()
    return head[:-len(end)] + b"".join(events) + end
