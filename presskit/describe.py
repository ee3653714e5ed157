"""Words for records: one-line summaries for lists, plain dicts for JSON and export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from presskit import models as m
from presskit.kinds import MODEL_KIND, kind
from presskit.when import format_local, iso_local

PREMIERE_WORDS = {
    "world": "World premiere",
    "international": "International premiere",
    "continental": "Continental premiere",
    "national": "National premiere",
    "regional": "Regional premiere",
}


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

ORG_KIND_WORDS = {
    "festival": "a festival", "outlet": "a publication", "award_body": "an awards body",
    "broadcaster": "a channel", "venue": "a venue", "company": "a company", "other": "an organization",
}


# Countries whose name takes the article in running text ("in the United States").
_THE_COUNTRIES = {"united states", "united kingdom", "netherlands", "philippines", "czech republic",
                  "united arab emirates", "bahamas", "gambia", "maldives", "dominican republic",
                  "central african republic", "democratic republic of the congo", "republic of korea",
                  "usa", "uk", "us"}


def _in_country(country: str) -> str:
    return f"the {country}" if country.strip().lower() in _THE_COUNTRIES else country


def org_name(org: Any) -> str:
    """The organization as a reader sees it: its name, or for one the sources do not name (``unnamed``), what
    is known of it: 'a festival in the United States', 'a venue in Austin, United States'."""
    if not getattr(org, "unnamed", False):
        return org.name
    where = ", ".join(p for p in (org.city, _in_country(org.country) if org.country else None) if p)
    return f"{ORG_KIND_WORDS.get(str(org.kind), 'an organization')}{' in ' + where if where else ''}"


def festival_name(sel: m.Selection) -> str:
    """'Hot Docs Canadian International Documentary Festival 2013'; an unnamed festival without its year,
    which would read as part of a name it does not have."""
    if getattr(sel.festival, "unnamed", False):
        return org_name(sel.festival)
    return f"{sel.festival.name} {sel.year}"


def capital(text: str) -> str:
    """'A festival in the United States' at the start of a sentence or a list entry."""
    return text[:1].upper() + text[1:]


def is_named(org: Any) -> bool:
    return org is not None and not getattr(org, "unnamed", False)


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
    days = sorted(sc.local_start.date() for sc in sel.screenings
                  if sc.starts_at is not None and sc.removed_at is None and str(sc.status) != "cancelled")
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


def premiere_label(sel: m.Selection) -> str | None:
    tier = str(sel.premiere)
    if tier == "none":
        return None
    if sel.premiere_region and tier not in ("world", "international"):
        return f"{sel.premiere_region} premiere"
    return PREMIERE_WORDS[tier]


def award_name(n: m.Nomination) -> str:
    """'2014 Canadian Screen Awards', '56th CSC Awards (2013)'."""
    name = n.award or org_name(n.body)
    if n.edition:
        return f"{n.edition} {name}"
    return f"{n.year} {name}"


def nominee_label(n: m.Nomination) -> str:
    return n.nominee.name if n.nominee is not None else n.work.title


def place_label(row: Any) -> str:
    if isinstance(row, m.Screening):
        parts = [org_name(row.venue) if row.venue else None, row.room]
        if row.selection is not None and not row.venue:
            parts.insert(0, org_name(row.selection.festival))
        return ", ".join(p for p in parts if p)
    if isinstance(row, m.Event):
        return ", ".join(p for p in [org_name(row.place) if row.place else None, row.address] if p)
    if isinstance(row, m.Broadcast):
        return org_name(row.channel)
    return ""


def summary(row: Any) -> str:
    """One line a publicist recognises: what the record is, then its status if it has one."""
    status = getattr(row, "status", None)
    return f"{label(row)} — {status}" if status is not None else label(row)


def label(row: Any) -> str:
    """What the record is, without its status: the name `history` gives it."""
    k = MODEL_KIND[type(row)]
    if k == "work":
        return f"{row.title} ({row.slug}{', primary' if row.primary else ''})"
    if k == "person":
        return row.name
    if k == "credit":
        return f"{row.person.name} — {row.role} — {row.work.title}"
    if k == "organization":
        tz = f", {row.timezone}" if row.timezone else ""
        return f"{row.name} ({row.kind}{tz})"
    if k == "coverage":
        by = f" by {row.author}" if row.author else ""
        return f"{row.published.isoformat()} {row.outlet.name}: {row.headline}{by} [{row.kind}]"
    if k == "quote":
        return f"“{row.text[:70]}” — {row.coverage.outlet.name}"
    if k == "award":
        who = f"{row.nominee.name}, " if row.nominee else ""
        return f"{award_name(row)} — {who}{row.category}"
    if k == "selection":
        premiere = premiere_label(row)
        where = f", {row.city}" if row.city else ""
        # An unnamed festival's label names its date already ("US festival, March 23, 2013"): no year after it.
        edition = row.festival.name if row.festival.unnamed else f"{row.festival.name} {row.year}"
        return f"{edition}{where}{' — ' + premiere if premiere else ''}"
    if k in ("screening", "broadcast"):
        when = format_local(row.starts_at, row.timezone) if row.starts_at else "on demand"
        return f"{when} — {place_label(row)}"
    if k == "event":
        when = format_local(row.starts_at, row.timezone) if row.starts_at else (
            row.starts_on.isoformat() if row.starts_on else "")
        return f"{when} — {row.title} — {place_label(row)}"
    if k == "action":
        dl = f" (until {format_local(row.deadline, row.timezone)})" if row.deadline else ""
        return f"{row.title}{dl}"
    if k == "media":
        shows = row.person.name if row.person is not None else (row.work.title if row.work else "")
        size = f" {row.width}×{row.height} {row.format} {row.mode}" if row.width else ""
        return f"{str(row.role).replace('_', ' ')} of {shows}: {row.path or row.url}{size} — {row.alt[:60]}"
    return str(row)


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
    k = kind(MODEL_KIND[type(row)])
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
    if isinstance(row, m.Coverage):
        out["quotes"] = [q.text for q in row.quotes]
    if isinstance(row, m.Media) and row.width:
        # What Pillow read from the file when it was added (not user input: not in the data file).
        out.update(width=row.width, height=row.height, format=row.format, mode=row.mode, bytes=row.bytes,
                   sha256=row.sha256)
    if getattr(row, "previous_starts_at", None) is not None:
        out["previous_starts_at"] = iso_local(row.previous_starts_at, tz)
    if getattr(row, "removed_at", None) is not None:
        out["removed"] = True
    return out
