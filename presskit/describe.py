"""Words for records: one-line summaries for lists, plain dicts for JSON and export."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from presskit.kinds import kind_of
from presskit.kinds.award import award_name
from presskit.kinds.organization import ORG_KIND_WORDS, is_named, org_name
from presskit.kinds.selection import PREMIERE_WORDS, premiere_label
from presskit.when import iso_local

if TYPE_CHECKING:
    from presskit import models as m

# Words a kind's module keeps, used here and by the news, the kit and the report.
__all__ = ["ORG_KIND_WORDS", "PREMIERE_WORDS", "award_name", "date_range", "day", "festival_name", "is_named",
           "label", "nominee_label", "org_name", "place_label", "premiere_label", "summary", "to_dict"]

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


# ------------------------------------------------------------------------------------ names and times

def festival_name(sel: m.Selection) -> str:
    """'Hot Docs Canadian International Documentary Festival 2013'; an unnamed festival without its year,
    which would read as part of a name it does not have."""
    if getattr(sel.festival, "unnamed", False):
        return org_name(sel.festival)
    return f"{sel.festival.name} {sel.year}"


PAST, NOW, FUTURE = "past", "now", "future"
# How long after a ceremony a nomination with no outcome stops reading "not yet announced".
CEREMONY_GRACE_DAYS = 30


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


def selection_days(sel: m.Selection) -> tuple[date | None, date | None]:
    """A selection's days: the festival's dates, else its screenings' (first to last, local), else none."""
    if sel.starts_on or sel.ends_on:
        return sel.starts_on, sel.ends_on
    days = sorted(start.date() for sc in sel.screenings
                  if sc.removed_at is None and str(sc.status) != "cancelled" and (start := sc.local_start) is not None)
    return (days[0], days[-1]) if days else (None, None)


def selection_tense(sel: m.Selection, today: date) -> str | None:
    """From the festival's dates, then its screenings, then its year; None while its year is this year and
    nothing says when (the sentence is then worded so it is true either way)."""
    first, last = selection_days(sel)
    if first or last:
        return tense_of_days(first, last, today)
    if sel.year < today.year:
        return PAST
    return FUTURE if sel.year > today.year else None


def ceremony_passed(n: m.Nomination, today: date) -> bool:
    """The ceremony is long past: a month after its date, or its year is over when no date is recorded."""
    if n.ceremony_on is not None:
        return (today - n.ceremony_on).days > CEREMONY_GRACE_DAYS
    return n.year < today.year


def outcome_open(n: m.Nomination, today: date) -> bool:
    """A nomination whose outcome is still to come (not one nobody recorded after the ceremony)."""
    return str(n.status) in ("nominated", "shortlisted", "submitted") and not ceremony_passed(n, today)


def nominee_label(n: m.Nomination) -> str:
    return n.nominee.name if n.nominee is not None else n.work.title


def place_label(row: Any) -> str:
    """Where a screening, broadcast or event happens: 'Scotiabank Theatre, Cinema 4'."""
    place = kind_of(row).place
    return place(row) if place is not None else ""


def summary(row: Any) -> str:
    """One line a publicist recognises: what the record is, then its status if it has one."""
    status = getattr(row, "status", None)
    return f"{label(row)} — {status}" if status is not None else label(row)


def label(row: Any) -> str:
    """What the record is, without its status: the name `history` gives it (each kind words its own)."""
    return kind_of(row).label(row)


def _plain(v: Any, tz: str | None) -> Any:
    if isinstance(v, datetime):
        return iso_local(v, tz)
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "value"):
        return v.value
    return v


def to_dict(row: Any) -> dict[str, Any]:
    """Every field by name, references by name, statuses as their names, times in the place's zone."""
    k = kind_of(row)
    tz = getattr(row, "timezone", None)
    out: dict[str, Any] = {"id": row.id}
    if getattr(row, "key", None):
        out["key"] = row.key
    for f in k.fields:
        if f.virtual and f.name not in ("status",):
            continue
        if f.type == "ref":
            target = getattr(row, f.name, None)
            if f.ref == "work":
                out["work"] = target.slug if target is not None else None
            elif target is None:
                out[f.name] = None
            else:
                out[f.name] = getattr(target, "name", None) or getattr(target, "key", None) or target.id
            continue
        out[f.name] = _plain(getattr(row, f.name, None), tz)
    if hasattr(row, "status"):
        out["status"] = _plain(row.status, tz)
    if k.describe_more is not None:
        out.update(k.describe_more(row))
    if getattr(row, "previous_starts_at", None) is not None:
        out["previous_starts_at"] = iso_local(row.previous_starts_at, tz)
    if getattr(row, "removed_at", None) is not None:
        out["removed"] = True
    return out
