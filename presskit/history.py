"""Reading the record's history: per record, and the recent changes across the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from presskit import models as m


def record_history(s: Session, kind_name: str, record_id: int) -> list[str]:
    lines = []
    for h in s.scalars(select(m.StatusChange).where(m.StatusChange.record_type == kind_name,
                                                    m.StatusChange.record_id == record_id)
                       .order_by(m.StatusChange.id)):
        lines.append(_status_line(h, with_record=False))
    for e in s.scalars(select(m.Edit).where(m.Edit.record_type == kind_name, m.Edit.record_id == record_id)
                       .order_by(m.Edit.id)):
        lines.append(_edit_line(e, with_record=False))
    return lines


def _status_line(h: m.StatusChange, *, with_record: bool = True) -> str:
    what = f"{h.record_type} {h.record_id}: " if with_record else ""
    move = f"{h.from_status} -> {h.to_status}" if h.from_status else f"added as {h.to_status}"
    extra = "".join([f" ({h.note})" if h.note else "", f" <{h.source_url}>" if h.source_url else "",
                     " [correction]" if h.correction else ""])
    return f"{h.date.isoformat()}  {what}{move}{extra}"


def _edit_line(e: m.Edit, *, with_record: bool = True) -> str:
    what = f"{e.record_type} {e.record_id}: " if with_record else ""
    when = e.recorded_at.date().isoformat()
    if e.action == "edit":
        return f"{when}  {what}corrected {e.field}: {e.old_value!r} -> {e.new_value!r}"
    return f"{when}  {what}{e.action}d"


def recent(s: Session, limit: int) -> list[str]:
    """Newest first: news from the journal, then corrections, merged by when they were recorded."""
    items: list[tuple[object, int, str]] = []
    journal = s.scalars(select(m.JournalEntry).order_by(m.JournalEntry.id.desc()).limit(limit)).all()
    for j in journal:
        if j.status_change is not None:
            line = _status_line(j.status_change)
        else:
            line = f"{j.news_date.isoformat()}  {j.record_type} {j.record_id}: added"
        items.append((j.recorded_at, 1, f"news        {line}"))
    for e in s.scalars(select(m.Edit).order_by(m.Edit.id.desc()).limit(limit)).all():
        items.append((e.recorded_at, 0, f"correction  {_edit_line(e)}"))
    items.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [line for _, _, line in items[:limit]]
