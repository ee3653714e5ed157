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


def premiere_label(sel: m.Selection) -> str | None:
    tier = str(sel.premiere)
    if tier == "none":
        return None
    if sel.premiere_region and tier not in ("world", "international"):
        return f"{sel.premiere_region} premiere"
    return PREMIERE_WORDS[tier]


def award_name(n: m.Nomination) -> str:
    """'2014 Canadian Screen Awards', '56th CSC Awards (2013)'."""
    name = n.award or n.body.name
    if n.edition:
        return f"{n.edition} {name}"
    return f"{n.year} {name}"


def nominee_label(n: m.Nomination) -> str:
    return n.nominee.name if n.nominee is not None else n.work.title


def place_label(row: Any) -> str:
    if isinstance(row, m.Screening):
        parts = [row.venue.name if row.venue else None, row.room]
        if row.selection is not None and not row.venue:
            parts.insert(0, row.selection.festival.name)
        return ", ".join(p for p in parts if p)
    if isinstance(row, m.Event):
        return ", ".join(p for p in [row.place.name if row.place else None, row.address] if p)
    if isinstance(row, m.Broadcast):
        return row.channel.name
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
        return f"{row.festival.name} {row.year}{where}{' — ' + premiere if premiere else ''}"
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
