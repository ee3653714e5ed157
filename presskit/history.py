"""Reading the record's history: per record, and the recent changes across the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from presskit import models as m


def _zone(s: Session) -> str:
    """The team's zone (the primary work's company's): a correction is dated on the team's calendar."""
    from presskit.errors import InvalidInput
    from presskit.lookups import default_work
    from presskit.when import home_zone

    try:
        return home_zone(default_work(s))
    except InvalidInput:
        return "UTC"


def record_history(s: Session, kind_name: str, record_id: int) -> list[str]:
    lines = []
    zone = _zone(s)
    for h in s.scalars(select(m.StatusChange).where(m.StatusChange.record_type == kind_name,
                                                    m.StatusChange.record_id == record_id)
                       .order_by(m.StatusChange.id)):
        lines.append(_status_line(h))
    for e in s.scalars(select(m.Edit).where(m.Edit.record_type == kind_name, m.Edit.record_id == record_id)
                       .order_by(m.Edit.id)):
        lines.append(_edit_line(e, zone=zone))
    return lines


def _status_line(h: m.StatusChange, *, names: dict[tuple[str, int], str] | None = None) -> str:
    what = _what(h.record_type, h.record_id, names)
    move = f"{h.from_status} -> {h.to_status}" if h.from_status else f"added as {h.to_status}"
    extra = "".join([f" ({h.note})" if h.note else "", f" <{h.source_url}>" if h.source_url else "",
                     " [correction]" if h.correction else ""])
    return f"{h.date.isoformat()}  {what}{move}{extra}"


def _edit_line(e: m.Edit, *, zone: str, names: dict[tuple[str, int], str] | None = None) -> str:
    from presskit.when import local

    what = _what(e.record_type, e.record_id, names)
    when = local(e.recorded_at, zone).date().isoformat()
    if e.action == "edit":
        return f"{when}  {what}corrected {e.field}: {e.old_value!r} -> {e.new_value!r}"
    return f"{when}  {what}{e.action}d"


def _what(record_type: str, record_id: int, names: dict[tuple[str, int], str] | None) -> str:
    """How a line names its record: nothing in a record's own history, else kind, id and what it is."""
    if names is None:
        return ""
    name = names.get((record_type, record_id))
    return f"{record_type} {record_id} ({name}): " if name else f"{record_type} {record_id}: "


NAME_WIDTH = 60


def _names(s: Session, pairs: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """What each record is (describe.label), one query per kind, cut to NAME_WIDTH characters."""
    from presskit.describe import label
    from presskit.kinds import KINDS

    out: dict[tuple[str, int], str] = {}
    for kind_name in sorted({k for k, _ in pairs}):
        k = KINDS.get(kind_name)
        if k is None:
            continue
        ids = [i for kn, i in pairs if kn == kind_name]
        for row in s.scalars(select(k.model).where(k.model.id.in_(ids))).unique():
            text = " ".join(label(row).split())
            out[(kind_name, row.id)] = text if len(text) <= NAME_WIDTH else text[:NAME_WIDTH - 1].rstrip() + "…"
    return out


def recent(s: Session, limit: int) -> list[str]:
    """Newest first: news from the journal, then corrections (of fields, removals, and statuses forced back),
    merged by when they were recorded."""
    journal = s.scalars(select(m.JournalEntry).order_by(m.JournalEntry.id.desc()).limit(limit)).all()
    edits = s.scalars(select(m.Edit).order_by(m.Edit.id.desc()).limit(limit)).all()
    # A forced status change is a correction, not news: it has no journal entry.
    forced = s.scalars(select(m.StatusChange).where(m.StatusChange.correction.is_(True))
                       .order_by(m.StatusChange.id.desc()).limit(limit)).all()
    named: list[m.Edit | m.StatusChange] = [*edits, *forced]
    names = _names(s, {(j.record_type, j.record_id) for j in journal} | {(e.record_type, e.record_id)
                                                                         for e in named})
    zone = _zone(s)
    items: list[tuple[object, int, str]] = []
    for j in journal:
        if j.status_change is not None:
            line = _status_line(j.status_change, names=names)
        else:
            line = f"{j.news_date.isoformat()}  {_what(j.record_type, j.record_id, names)}added"
        items.append((j.recorded_at, 1, f"news        {line}"))
    for e in edits:
        items.append((e.recorded_at, 0, f"correction  {_edit_line(e, zone=zone, names=names)}"))
    carried = {j.status_change_id for j in journal}
    for c in forced:
        if c.id not in carried:  # one journaled before this rule is shown once, as news
            items.append((c.recorded_at, 0, f"correction  {_status_line(c, names=names)}"))
    items.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [line for _, _, line in items[:limit]]
