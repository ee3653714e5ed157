"""Words for records: one-line summaries for lists, plain dicts for JSON and export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from presskit.kinds import KINDS, kind_of
from presskit.when import iso_local


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
            column = KINDS[f.ref or ""].key_column  # a work answers to its slug
            if target is None:
                out[f.name] = None
            elif column != "key":
                out[f.name] = getattr(target, column)
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
