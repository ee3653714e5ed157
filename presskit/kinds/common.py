"""What several kinds share: the fields most news carries, the schedule lifecycle, and small wording helpers.

Nothing here imports SQLAlchemy or another presskit module that knows the kinds (see tests/test_import_cycles.py).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from presskit.kinds.base import Field
from presskit.when import local

WORK = Field("work", "ref", "The work (slug or id); defaults to the only or the primary work", ref="work")
DATE = Field("date", "date", "Date the news was announced (default: today)", virtual=True, editable=False)
YEAR_HINT = Field("year", "int", "Year for dates typed without one (default: this year)", virtual=True,
                  editable=False)
TZ = Field("timezone", "tz", "IANA time zone of the place (default: the venue's, channel's or festival's)",
           aliases=("--tz",))


def status_field(enum: type[StrEnum], default: str) -> Field:
    return Field("status", "enum", f"Status (default: {default})", enum=enum, default=default, virtual=True,
                 editable=False)


# Screenings and events: announced, perhaps moved (again), then held or called off.
SCHEDULE_MOVES = {
    "scheduled": ("rescheduled", "cancelled", "held"),
    "rescheduled": ("rescheduled", "cancelled", "held"),
    "cancelled": (), "held": (),
}


def join_unique(*parts: str | None) -> str | None:
    """'Scotiabank Theatre, Cinema 4, Toronto': the parts given, each once."""
    seen: list[str] = []
    for p in parts:
        if p and p.strip() and p.strip() not in seen:
            seen.append(p.strip())
    return ", ".join(seen) or None


# Spreadsheet columns of a local time: what a person reads, and what a program sorts by.
LOCAL_HEADERS = ("Date", "Local time", "Time zone", "IANA zone", "Start (ISO 8601)")


def local_columns(dt: datetime | None, tz: str | None) -> list[str]:
    value = local(dt, tz)
    if value is None:
        return ["", "", "", tz or "", ""]
    return [value.date().isoformat(), value.strftime("%H:%M"), value.tzname() or "", tz or "UTC",
            value.isoformat()]


def live(model: Any) -> Any:
    """SELECT the records of ``model`` that are not removed."""
    from sqlalchemy import select

    return select(model).where(model.removed_at.is_(None))


def runtime_end(row: Any, start: datetime | None) -> datetime | None:
    """When a showing of the record's work ends: its start plus the work's runtime, if both are known."""
    minutes = row.work.runtime_minutes
    return start + timedelta(minutes=minutes) if start is not None and minutes else None


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
