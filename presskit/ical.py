"""Screenings, broadcasts and events as an iCalendar (.ics) file a publicist subscribes to or imports.

Each event carries its place's IANA zone as TZID (with a VTIMEZONE for every zone used), so a Toronto
screening reads 9:00 PM in Toronto on any phone. The VTIMEZONEs are written as most producers write them: one
observance per yearly rule (RRULE), each onset at the zone's own local changeover (02:00 for Toronto's spring
forward), and one DTSTART per one-off change. Every timed entry has an end: the record's length, else (screenings
and broadcasts) the work's runtime, else its kind's default (``Kind.default_length_minutes``); each kind's
module words its entries (``Kind.calendar``).

The UID comes from the record (kind and key, or id), never from its time: a rescheduled screening updates the
entry a calendar already shows instead of adding a second one, and SEQUENCE counts its changes so clients take
the update. DTSTAMP is the command's ``--now``, so the same records and ``--now`` give the same bytes.

``calendar_items`` reads the database into plain data; ``to_ics`` renders it (and alone imports icalendar).
"""

from __future__ import annotations

import calendar as _gregorian
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from presskit import models as m
from presskit.kinds import REGISTERED, Kind
from presskit.when import format_local, home_zone, local, resolve_now, utcnow

if TYPE_CHECKING:
    import icalendar

PRODID = "-//presskit//presskit calendar//EN"
# How often a subscribed calendar app fetches the file again (RFC 7986 REFRESH-INTERVAL, and X-PUBLISHED-TTL
# for Outlook and Google).
REFRESH = timedelta(hours=12)


@dataclass(frozen=True)
class CalendarItem:
    """One calendar entry, as plain data."""

    uid: str
    kind: str  # screening | broadcast | event
    record_id: int
    summary: str
    start: datetime | date  # a datetime is aware, in the place's zone; a date is an all-day entry
    end: datetime | date  # after start; exclusive for all-day entries (RFC 5545)
    timezone: str | None
    cancelled: bool
    location: str | None
    url: str | None
    description: str
    sequence: int
    categories: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CalendarData:
    name: str
    items: list[CalendarItem]
    left_out: list[str]  # records with neither a time nor a date (in the period), said out loud by the command
    zone: str = "UTC"  # the team's (home_zone of the first work named): how a --now without an offset is read


BATCH = 500


def uid_for(kind: str, row: Any) -> str:
    """Stable across reschedules and re-imports: the record's own handle, never its time."""
    handle = f"{kind}-{row.key}" if row.key else f"{kind}-id{row.id}"
    return f"{handle}.{row.work.slug}@presskit"


def _changes(s: Session, kind: str, ids: list[int], now: datetime) -> dict[int, tuple[int, date | None]]:
    """Per record: how many changes after the first status (SEQUENCE) and the day it was first announced.

    A status change held by an embargo at ``now`` is not told yet: the entry reads as before it (embargo.hold),
    so neither it nor a change after it counts until its hour; then the SEQUENCE goes up and calendars update."""
    out: dict[int, tuple[int, date | None]] = {}
    if not ids:
        return out
    SC = m.StatusChange
    held = (select(SC.record_id, func.min(SC.id).label("first"))
            .where(SC.record_type == kind, SC.record_id.in_(ids), SC.embargo_until > now)
            .group_by(SC.record_id).subquery())
    rows = s.execute(
        select(SC.record_id, func.count(SC.id), func.min(SC.date))
        .outerjoin(held, held.c.record_id == SC.record_id)
        .where(SC.record_type == kind, SC.record_id.in_(ids), or_(held.c.first.is_(None), SC.id < held.c.first))
        .group_by(SC.record_id))
    for record_id, n, first in rows:
        # func.min() comes back untyped: SQLite gives text, PostgreSQL a date.
        out[record_id] = (max(n - 1, 0), date.fromisoformat(first) if isinstance(first, str) else first)
    edits = s.execute(
        select(m.Edit.record_id, func.count(m.Edit.id))
        .where(m.Edit.record_type == kind, m.Edit.record_id.in_(ids), m.Edit.action == "edit")
        .group_by(m.Edit.record_id))
    for record_id, n in edits:
        seq, announced = out.get(record_id, (0, None))
        out[record_id] = (seq + n, announced)
    return out


def _in_range(start: datetime | date, end: datetime | date, since: date | None, until: date | None,
              tz: str | None) -> bool:
    first = local(start, tz).date() if isinstance(start, datetime) else start
    if isinstance(end, datetime):
        # An end at midnight is the end of the day before (a screening 22:00-00:00 is on one day).
        last = (local(end, tz) - timedelta(microseconds=1)).date()
    else:
        last = end - timedelta(days=1)  # all-day ends are exclusive
    return (since is None or last >= since) and (until is None or first <= until)


def calendar_items(s: Session, *, since: date | None = None, until: date | None = None,
                   works: list[str] | None = None, now: str | datetime | None = None) -> CalendarData:
    """Screenings, broadcasts and events (removed ones left out), in time order; dates are local dates.

    ``now`` is the calendar's clock (read like every command's --now, in the team's zone; None: the present):
    what an embargo holds then is not in it yet. A record with neither a time nor a date (an on-demand release)
    cannot be an entry: it is listed in ``left_out`` when it was announced in the period (always, without one).
    """
    from presskit import embargo, lookups

    work_ids = {lookups.get(s, "work", w).id for w in works} if works else None
    all_works = s.scalars(select(m.Work).where(m.Work.removed_at.is_(None)).order_by(m.Work.id)).all()
    named = [w for w in all_works if w.id in work_ids] if work_ids else [w for w in all_works if w.primary]
    zone = home_zone(named[0] if named else all_works[0] if all_works else None)
    clock = resolve_now(now, zone) if now is not None else utcnow()
    embargo.hold(s, clock)  # an entry held by an embargo is not in the calendar until then
    items: list[CalendarItem] = []
    left_out: list[str] = []
    for k in REGISTERED:
        if k.calendar is None:
            continue
        kind, model = k.name, k.model
        q = select(model).where(model.removed_at.is_(None)).order_by(model.id)
        if work_ids is not None:
            q = q.where(model.work_id.in_(work_ids))
        # Read in batches: a catalogue's 20,000 screenings never sit in memory as ORM rows at once, and each
        # batch's history query binds a few hundred ids (SQLite allows at most 32,766).
        for rows in s.scalars(q.execution_options(yield_per=BATCH)).partitions():
            changes = _changes(s, kind, [r.id for r in rows], clock)
            for row in rows:
                sequence, announced = changes.get(row.id, (0, None))
                item = _item(k, row, sequence)
                if item is None:
                    if announced is None and not (since or until) or announced is not None and (
                            (since is None or announced >= since) and (until is None or announced <= until)):
                        left_out.append(f"{kind} {row.id} ({row.key or 'no key'}): no time or date")
                    continue
                if _in_range(item.start, item.end, since, until, item.timezone):
                    items.append(item)
    items.sort(key=lambda i: (_sort_instant(i), i.kind, i.record_id))
    title = " & ".join(w.title for w in named or all_works[:1]) or "presskit"
    return CalendarData(name=f"{title} — screenings, broadcasts and events", items=items, left_out=left_out,
                        zone=zone)


def _sort_instant(i: CalendarItem) -> datetime:
    if isinstance(i.start, datetime):
        return i.start.astimezone(UTC)
    # An all-day entry sorts at the start of its day in its own zone.
    from presskit.when import zone

    return datetime(i.start.year, i.start.month, i.start.day, tzinfo=zone(i.timezone) if i.timezone else UTC
                    ).astimezone(UTC)


def _item(k: Kind, row: Any, sequence: int) -> CalendarItem | None:
    """The record's entry as its kind words it (``Kind.calendar``); what every entry shares is added here."""
    assert k.calendar is not None
    entry = k.calendar(row)
    if entry.start is None:
        return None
    tz = row.timezone
    cancelled = str(row.status) == "cancelled"
    lines = list(entry.lines)
    if row.previous_starts_at is not None and str(row.status) == "rescheduled":
        lines.append(f"Rescheduled; it was {format_local(row.previous_starts_at, tz)}.")
    if cancelled:
        lines.insert(0, "CANCELLED.")
    assert entry.end is not None
    return CalendarItem(
        uid=uid_for(k.name, row), kind=k.name, record_id=row.id, summary=entry.summary, start=entry.start,
        end=entry.end, timezone=tz, cancelled=cancelled, location=entry.location, url=entry.url,
        description="\n".join(lines), sequence=sequence, categories=(entry.category,))


def to_ics(data: CalendarData, *, now: str | datetime | None = None) -> bytes:
    """RFC 5545 bytes (CRLF lines), subscribable (RFC 7986 NAME and REFRESH-INTERVAL), one VTIMEZONE per zone
    used, its rules from the years the entries span onwards.

    Each event is turned into text as soon as it is made, so 24,000 of them never live as icalendar objects
    at once; the VTIMEZONEs, in TZID order (the same bytes for the same records in every run), come first.
    ``now`` is every DTSTAMP: when this copy of the calendar was made, read like every command's --now
    (``when.resolve_now``, in the team's zone); None is the present moment.
    """
    import icalendar

    stamp = resolve_now(now, data.zone).astimezone(UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # One line: icalendar writes NAME and X-WR-CALNAME unescaped, so a title stored with a line break (before
    # presskit.values refused one) would end the property early.
    name = " ".join(data.name.split())
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    events: list[bytes] = []
    tzids: set[str] = set()
    years: list[int] = []
    for item in data.items:
        ev = icalendar.Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", stamp)
        ev.add("sequence", item.sequence)
        ev.add("summary", item.summary)
        start, end = item.start, item.end
        if isinstance(start, datetime) and isinstance(end, datetime) and (
                _second_of_twice(start) or _second_of_twice(end)):
            # RFC 5545 reads a wall time that happens twice (the hour the clocks go back) as the first one, so
            # the second can only be written in UTC; the start goes with it, as readers that work out the
            # length on the wall clock (Radicale) get a mixed pair wrong.
            start, end = start.astimezone(UTC), end.astimezone(UTC)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        ev.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.location:
            ev.add("location", item.location)
        if item.url:
            ev.add("url", item.url)
        description = item.description
        if description and _begun(item, stamp):
            # Tickets and RSVP only while they can be used: a copy made after the entry says nothing of them.
            description = "\n".join(line for line in description.split("\n")
                                     if not line.startswith(("Tickets: ", "RSVP: ")))
        if description:
            ev.add("description", description)
        ev.add("categories", list(item.categories))
        tzids.update(v.params["TZID"] for _, v in ev.property_items(sorted=False)  # type: ignore[attr-defined]
                     if "TZID" in getattr(v, "params", {}))
        events.append(ev.to_ical())
        years += [item.start.year, item.end.year]
    for tzid in sorted(tzids):
        cal.add_component(vtimezone(tzid, min(years) - 1, max(years) + 1))
    tail = b"END:VCALENDAR\r\n"
    head = cal.to_ical()
    return head[:-len(tail)] + b"".join(events) + tail


def _begun(item: CalendarItem, stamp: datetime) -> bool:
    """The entry has begun by ``stamp`` (an all-day entry: its first day has come, in its own zone)."""
    if isinstance(item.start, datetime):
        return item.start <= stamp
    from presskit.when import zone

    return item.start <= stamp.astimezone(zone(item.timezone) if item.timezone else UTC).date()


def _second_of_twice(value: datetime | date) -> bool:
    return isinstance(value, datetime) and value.fold == 1 and value.utcoffset() != value.replace(fold=0).utcoffset()


# ------------------------------------------------------------------------------------------- VTIMEZONE


@dataclass(frozen=True)
class _Onset:
    local: datetime  # naive wall time of the change, as the clock read just before it (TZOFFSETFROM)
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def _state(z: ZoneInfo, instant: datetime) -> tuple[timedelta, timedelta, str]:
    here = instant.astimezone(z)
    return here.utcoffset() or timedelta(), here.dst() or timedelta(), here.tzname() or ""


def _onsets(z: ZoneInfo, first_year: int, last_year: int) -> tuple[_Onset, list[_Onset]]:
    """The zone's state on January 1 of ``first_year`` (as an onset at that midnight) and every change of
    offset, abbreviation or daylight saving up to the end of ``last_year``, found a day at a time and then to
    the second."""
    t = datetime(first_year, 1, 1, tzinfo=UTC)
    state = _state(z, t)
    start = _Onset(datetime(first_year, 1, 1), state[0], state[0], state[2], state[1] != timedelta())
    out: list[_Onset] = []
    stop = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    day = timedelta(days=1)
    while t < stop:
        after = _state(z, t + day)
        if after != state:
            lo, hi = 0, 86400  # seconds after t: state at lo is the old one, at hi the new one
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _state(z, t + timedelta(seconds=mid)) == state else (lo, mid)
            at = t + timedelta(seconds=hi)
            changed = _state(z, at)
            out.append(_Onset((at + state[0]).replace(tzinfo=None), state[0], changed[0], changed[2],
                              changed[1] != timedelta()))
            state, t = changed, at
            continue
        t += day
    return start, out


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _rules(when: datetime) -> set[str]:
    """The yearly rules (BYDAY or BYMONTHDAY within its month) that ``when``'s day satisfies."""
    nth = (when.day - 1) // 7 + 1
    wd = _WEEKDAYS[when.weekday()]
    rules = {f"{nth}{wd}", f"DAY{when.day}"}
    if when.day + 7 > _gregorian.monthrange(when.year, when.month)[1]:
        rules.add(f"-1{wd}")
    return rules


def _runs(onsets: list[_Onset]) -> list[tuple[list[_Onset], str | None]]:
    """Onsets grouped into yearly rules: the same change, month and wall time in consecutive years, on a day
    one rule gives every year (the 2nd Sunday, the last Sunday, the 21st). A change no rule covers stands alone."""
    open_runs: dict[tuple[Any, ...], tuple[list[_Onset], set[str]]] = {}
    done: list[tuple[list[_Onset], set[str]]] = []
    for o in onsets:
        key = (o.offset_from, o.offset_to, o.name, o.daylight, o.local.month, o.local.time())
        rules = _rules(o.local)
        run = open_runs.get(key)
        if run is not None and run[0][-1].local.year == o.local.year - 1 and run[1] & rules:
            run[0].append(o)
            run[1].intersection_update(rules)
            continue
        if run is not None:
            done.append(run)
        open_runs[key] = ([o], rules)
    done += open_runs.values()
    out: list[tuple[list[_Onset], str | None]] = []
    for members, rules in sorted(done, key=lambda r: r[0][0].local):
        if len(members) == 1:
            out.append((members, None))
            continue
        # A weekday rule counted from the start of the month first, then from its end, then a fixed day.
        rule = min(rules, key=lambda r: (r.startswith("DAY"), r.startswith("-"), r))
        out.append((members, rule))
    return out


def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A VTIMEZONE for ``tzid`` that is right from ``first_year`` on, in the form every reader follows.

    Each observance's DTSTART is the local wall time at which the clocks change, read on the clock before the
    change (RFC 5545 3.6.5): 02:00 for Toronto's spring forward, not the 03:00 it becomes. A yearly rule still
    in force in ``last_year`` carries on (no UNTIL); one that stopped ends with an UNTIL at its last change.
    A change that follows no yearly rule is an observance of its own, never a comma-separated RDATE list
    (which ical.js and vobject read only the first value of).
    """
    import icalendar

    start, onsets = _onsets(ZoneInfo(tzid), first_year, last_year)
    tz = icalendar.Timezone()
    tz.add("tzid", tzid)
    tz.add("x-lic-location", tzid)
    for members, rule in [([start], None), *_runs(onsets)]:
        first = members[0]
        sub = icalendar.TimezoneDaylight() if first.daylight else icalendar.TimezoneStandard()
        sub.add("tzname", first.name)
        sub.add("tzoffsetfrom", first.offset_from)
        sub.add("tzoffsetto", first.offset_to)
        sub.add("dtstart", first.local)
        if rule is not None:
            recur: dict[str, Any] = {"freq": "yearly", "bymonth": first.local.month}
            if rule.startswith("DAY"):
                recur["bymonthday"] = int(rule[3:])
            else:
                recur["byday"] = rule
            last = members[-1]
            if last.local.year < last_year:
                # UNTIL is UTC (RFC 5545), yet some readers compare it with the local onsets: the later of the
                # last onset's UTC time and its wall time keeps that onset in for both, and the next one (a
                # year on) out.
                recur["until"] = max(last.local - last.offset_from, last.local).replace(tzinfo=UTC)
            sub.add("rrule", recur)
        tz.add_component(sub)
    return tz
