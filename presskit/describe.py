"""Words for records: one-line summaries for lists, plain dicts for JSON and export."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from presskit.kinds import kind_of
from presskit.kinds.award import CEREMONY_GRACE_DAYS, award_name, ceremony_passed, outcome_open
from presskit.kinds.organization import ORG_KIND_WORDS, is_named, org_name
from presskit.kinds.selection import PREMIERE_WORDS, festival_name, premiere_label, selection_days, selection_tense
from presskit.newsitem import capital
from presskit.when import FUTURE, NOW, PAST, date_range, day, iso_local, tense_of_days, tense_of_times

if TYPE_CHECKING:
    from presskit import models as m

# Words a kind's module keeps, used here and by the news, the kit and the report.
__all__ = ["CEREMONY_GRACE_DAYS", "FUTURE", "NOW", "ORG_KIND_WORDS", "PAST", "PREMIERE_WORDS", "award_name",
           "capital", "ceremony_passed", "date_range", "day", "festival_name", "is_named", "label", "nominee_label",
           "org_name", "outcome_open", "place_label", "premiere_label", "selection_days", "selection_tense", "summary",
           "tense_of_days", "tense_of_times", "to_dict"]


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
