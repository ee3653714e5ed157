"""What several kinds share: the fields most news carries, the schedule lifecycle, and small wording helpers.

Nothing here imports SQLAlchemy or another presskit module that knows the kinds (see tests/test_import_cycles.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from presskit.kinds.base import Field

WORK = Field("work", "ref", "The work (slug or id); defaults to the only or the primary work", ref="work")
DATE = Field("date", "date", "Date the news was announced (default: today)", virtual=True, editable=False)
YEAR_HINT = Field("year", "int", "Year for dates typed without one (default: this year)", virtual=True,
                  editable=False)
TZ = Field("timezone", "tz", "IANA time zone of the place (default: the venue's, channel's or festival's)",
           aliases=("--tz",))


def length_words(minutes: int) -> str:
    """'2 hours', '1 hour 30 minutes', '45 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    return " ".join(parts + ([f"{rest} minute{'s' if rest != 1 else ''}"] if rest or not hours else []))


def length_field(default_minutes: int, *, runtime: bool = True) -> Field:
    # The kind's default_length_minutes must be the same number: a test reads both.
    fallback = f"the work's runtime, else {length_words(default_minutes)}" if runtime else (
        length_words(default_minutes))
    when = "" if runtime else " when no --end is given"
    return Field("length_minutes", "duration", f"How long it lasts{when}, e.g. 90m, 1h30 or PT1H30M"
                 f" (default: {fallback})", aliases=("--length",))


def status_field(enum: type[StrEnum], default: str) -> Field:
    return Field("status", "enum", f"Status (default: {default})", enum=enum, default=default, virtual=True,
                 editable=False)


# Screenings and events: announced, perhaps moved (again), then held or called off.
SCHEDULE_MOVES = {
    "scheduled": ("rescheduled", "cancelled", "held"),
    "rescheduled": ("rescheduled", "cancelled", "held"),
    "cancelled": (), "held": (),
}


def capital(text: str) -> str:
    """'A festival in the United States' at the start of a sentence or a list entry."""
    return text[:1].upper() + text[1:]


def join_unique(*parts: str | None) -> str | None:
    """'Scotiabank Theatre, Cinema 4, Toronto': the parts given, each once."""
    seen: list[str] = []
    for p in parts:
        if p and p.strip() and p.strip() not in seen:
            seen.append(p.strip())
    return ", ".join(seen) or None


# Spreadsheet columns of a local time: what a person reads, and what a program sorts by.
LOCAL_HEADERS = ["Date", "Local start", "Time zone", "IANA zone", "Start (ISO 8601)"]


def local_columns(dt: datetime | None, tz: str | None) -> list[Any]:
    """The LOCAL_HEADERS cells of a zoned time: its local date, its local wall time (naive: neither CSV nor
    xlsx has zones), the zone's abbreviation and IANA name beside it, and the full ISO 8601 time with its offset."""
    from presskit.when import local

    value = local(dt, tz)
    if value is None:
        return [None, None, None, tz, None]
    return [value.date(), value.replace(tzinfo=None, fold=0), value.tzname(), tz or "UTC", value.isoformat()]


def live(model: Any) -> Any:
    """SELECT the records of ``model`` that are not removed."""
    from sqlalchemy import select

    return select(model).where(model.removed_at.is_(None))


def timed_end(row: Any, start: datetime, default_minutes: int | None, *, runtime: bool = True) -> datetime:
    """The end of a timed calendar entry: the record's own end (an event's), else its length, else (a showing of
    the work: ``runtime``) the work's runtime, else the kind's default. Added as elapsed time, so a screening
    across a clock change still lasts its length."""
    from presskit.when import local

    if getattr(row, "ends_at", None) is not None:
        end = local(row.ends_at, row.timezone)
        assert end is not None
        return end
    minutes = row.length_minutes or (row.work.runtime_minutes if runtime else None)
    length = timedelta(minutes=minutes or default_minutes or 0)
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def status_dates(s: Any, kind: str, ids: list[int]) -> dict[int, date]:
    """Per record: the date of its newest status change."""
    from sqlalchemy import select

    from presskit import models as m

    out: dict[int, date] = {}
    q = (select(m.StatusChange.record_id, m.StatusChange.date)
         .where(m.StatusChange.record_type == kind, m.StatusChange.record_id.in_(ids))
         .order_by(m.StatusChange.id))
    for record_id, on in s.execute(q):
        out[record_id] = on  # the newest wins
    return out
