"""Reading records as they stood at an earlier moment: before a held status change, or when a send went out.

A session told to read "as before" keeps each record's row as the database has it, and overlays, as each row is
loaded (or refreshed), the values it had then: the status (and start) before a status change, the fields
before the corrections recorded since (``edits``: their old values), not yet removed (or still removed), and a
reference (a screening's venue) pointing at what it pointed at then. The overlay writes committed values, so
a write transaction never stores them back.

``as_sent(s, send)`` sets the overlay for send N (``sends show N`` and the site's page of that send render
what the send carried, worded as then); ``embargo.hold`` uses ``read_as_before`` for status changes held.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, ColumnElement, Date, Enum, Integer, and_, event, func, inspect, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import JSON

from presskit import models as m
from presskit.models.base import UTCDateTime

_HELD = "presskit_held_changes"  # (kind, id) -> the StatusChange the record reads as before
_FIELDS = "presskit_as_of_fields"  # (kind, id) -> {column: value then}
AS_OF = "presskit_as_of"  # when the session's reading stands (a send's recording time), or absent


def read_as_before(s: Session, changes: dict[tuple[str, int], m.StatusChange]) -> None:
    """From here on, each record named in ``changes`` reads in ``s`` as it was before that change (the earliest
    one wins when asked twice): held by an embargo, or made after the send being shown again."""
    held = s.info.setdefault(_HELD, {})
    for key, change in changes.items():
        if key not in held or change.id < held[key].id:
            held[key] = change
    _overlay_loaded(s)


def as_sent(s: Session, send: m.Send, *, public: bool = False) -> None:
    """From here on, ``s`` reads what send N told as it stood when N was recorded (see the module's text).

    ``public``: a record removed since stays removed (the site's page of a send: a removal takes a record off
    every public page), and only the records the send carried are read as then (the page has no 'Coming up').
    Replaces an earlier as_sent or hold overlay of ``s``; rows already loaded are expired and read again.
    """
    clear(s)
    if send.recorded_at is None:
        # Recorded before sends kept their recording time: only the status changes after those it carried.
        read_as_before(s, _changed_after_carried(s, send.id))
        return
    s.info[AS_OF] = send.recorded_at
    s.info[_FIELDS] = _fields_then(s, send.recorded_at, removals=not public)
    SC, J = m.StatusChange, m.JournalEntry
    later = select(SC).where(SC.recorded_at > send.recorded_at)
    if public:
        # The page tells only what the send carried (no 'Coming up'): the later changes of those records alone,
        # not of the whole database for each of a long-running film's sends.
        told = (select(J.record_type, J.record_id).join(m.SendItem, m.SendItem.journal_id == J.id)
                .where(m.SendItem.send_id == send.id).distinct().subquery())
        later = later.join(told, and_(told.c.record_type == SC.record_type, told.c.record_id == SC.record_id))
    read_as_before(s, {(c.record_type, c.record_id): c for c in s.scalars(later.order_by(SC.id.desc()))})


def status_in(s: Session, model: Any, statuses: Iterable[Any]) -> ColumnElement[bool]:
    """``model.status IN statuses`` as ``s`` reads the records: a record whose status change is held (or was made
    after the send being shown) is chosen by the status it reads as, not by the database's. For the queries
    that choose and count by status (the kit's "…and N more"), so that a held win is neither shown as a win nor
    missing from the nominations it still reads among."""
    from presskit.kinds import MODEL_KIND

    wanted = [str(v) for v in statuses]
    chosen = model.status.in_(wanted)
    kind_name = MODEL_KIND[model]
    held = [(i, c.from_status) for (k, i), c in (s.info.get(_HELD) or {}).items()
            if k == kind_name and c.from_status is not None]
    then_out = [i for i, status in held if status not in wanted]
    then_in = [i for i, status in held if status in wanted]
    if then_out:
        chosen = and_(chosen, model.id.not_in(then_out))
    if then_in:
        chosen = or_(chosen, model.id.in_(then_in))
    return chosen


def clear(s: Session) -> None:
    """``s`` reads the database as it is again (no overlay); rows already loaded are expired and read again."""
    s.expire_all()
    s.info[_HELD] = {}
    s.info[_FIELDS] = {}
    s.info.pop(AS_OF, None)


def created_by(s: Session) -> datetime | None:
    """The moment ``s`` reads as of (records created after it did not exist yet), or None: today."""
    return s.info.get(AS_OF)


def moved_ids(s: Session, kind_name: str) -> list[int]:
    """The ids of the records of ``kind_name`` whose fields (a start, a removal) read otherwise than the database
    has them, or whose start a later reschedule moved: those a query by time must look at too."""
    ids = {i for k, i in s.info.get(_FIELDS, {}) if k == kind_name}
    ids |= {i for (k, i), c in s.info.get(_HELD, {}).items()
            if k == kind_name and (c.previous_starts_at is not None or c.new_starts_at is not None)}
    return sorted(ids)


def settle(s: Session) -> None:
    """The lists that leave out removed rows (a coverage's quotes, a work's credits), as they stood: a row
    removed since is in its loaded parent's list again, one restored since is not, one added since is not.
    Called once the records an output tells are loaded."""
    from presskit.kinds import KINDS

    at = s.info.get(AS_OF)
    if at is not None:
        for parent in list(s.identity_map.values()):
            state = inspect(parent)
            for rel in state.mapper.relationships:
                if not rel.uselist or rel.key not in state.dict or "created_at" not in rel.mapper.columns:
                    continue
                rows = state.dict[rel.key]
                then = [r for r in rows if r.created_at is None or r.created_at <= at]
                if len(then) != len(rows):
                    set_committed_value(parent, rel.key, then)

    for (kind_name, row_id), then in (s.info.get(_FIELDS) or {}).items():
        k = KINDS.get(kind_name)
        if k is None or "removed_at" not in then:
            continue
        for rel in inspect(k.model).relationships:
            if rel.direction.name != "MANYTOONE" or not rel.back_populates:
                continue
            listed = rel.mapper.relationships[rel.back_populates]
            if k.model.__table__.c.removed_at not in _columns_of(listed.primaryjoin):
                continue  # a list that keeps removed rows (a selection's screenings): as it is
            (column,) = rel.local_columns
            parent_key = s.scalar(select(column).where(k.model.id == row_id))
            parent = s.identity_map.get(inspect(rel.mapper.class_).identity_key_from_primary_key((parent_key,)))
            if parent is None:
                continue  # not read: nothing of it is told
            rows = [r for r in getattr(parent, rel.back_populates) if r.id != row_id]
            if then["removed_at"] is None:
                rows.append(s.get_one(k.model, row_id))
            order = [c.key for c in listed.order_by or ()]
            set_committed_value(parent, rel.back_populates,
                                sorted(rows, key=lambda r: (*(getattr(r, name) for name in order), r.id)))


def _columns_of(clause: Any) -> set[Any]:
    from sqlalchemy.sql import visitors

    return {c for c in visitors.iterate(clause) if isinstance(c, Column)}


def _changed_after_carried(s: Session, send_id: int) -> dict[tuple[str, int], m.StatusChange]:
    """For each record send N told of: the first status change after the newest one it carried, if any.

    (By id, not by time: it holds for sends recorded before their recording time was kept.)"""
    J, SC = m.JournalEntry, m.StatusChange
    told = (select(J.record_type, J.record_id, func.max(J.status_change_id))
            .join(m.SendItem, m.SendItem.journal_id == J.id).where(m.SendItem.send_id == send_id)
            .group_by(J.record_type, J.record_id))
    out: dict[tuple[str, int], m.StatusChange] = {}
    for record_type, record_id, last in s.execute(told):
        if last is None:
            continue
        later = s.scalar(select(SC).where(SC.record_type == record_type, SC.record_id == record_id, SC.id > last)
                         .order_by(SC.id).limit(1))
        if later is not None:
            out[(record_type, record_id)] = later
    return out


def _fields_then(s: Session, at: datetime, *, removals: bool) -> dict[tuple[str, int], dict[str, Any]]:
    """Each field corrected after ``at``: its value before the first such correction; and (with ``removals``)
    whether each record removed or restored since was there then."""
    from presskit.kinds import KINDS

    out: dict[tuple[str, int], dict[str, Any]] = {}
    E = m.Edit
    # Newest first, so that the earliest correction of a field is the one kept.
    for e in s.scalars(select(E).where(E.recorded_at > at).order_by(E.id.desc())):
        k = KINDS.get(e.record_type)
        if k is None:
            continue
        columns = k.model.__table__.c
        values = out.setdefault((e.record_type, e.record_id), {})
        if e.action == "edit" and e.field is not None and e.field in columns:
            values[e.field] = _value(columns[e.field], e.old_value)
        elif removals and e.action in ("remove", "restore") and "removed_at" in columns:
            # Removed since: it was there then. Restored since: it was removed then.
            values["removed_at"] = None if e.action == "remove" else e.recorded_at
    return {key: v for key, v in out.items() if v}


def _value(column: Any, text: str | None) -> Any:
    """A field's value from the text the correction log keeps (records._text writes it)."""
    if text is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(text)
    if isinstance(kind, Date):
        return date.fromisoformat(text)
    if isinstance(kind, Boolean):
        return text == "True"
    if isinstance(kind, Integer):
        return int(text)
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class(text)
    if isinstance(kind, JSON):
        if text.startswith("["):
            return json.loads(text)
        return [part for part in text.split(", ") if part]
    return text


def _overlay_loaded(s: Session) -> None:
    if s.info.get(_HELD) or s.info.get(_FIELDS):
        _listen()
        for row in list(s.identity_map.values()):
            _overlay(row, s.info)


_listening = False


def _listen() -> None:
    """Overlay each row as it is loaded or refreshed from now on (``_on_load``). Set up by the first overlay
    (read_as_before and as_sent end with one), not on import: most commands read nothing as before, and the
    listeners cost their start-up and every row they load."""
    global _listening
    if not _listening:
        event.listen(m.Base, "load", _on_load, propagate=True)
        event.listen(m.Base, "refresh", _on_refresh, propagate=True)
        _listening = True


def _overlay(row: Any, info: dict[str, Any]) -> None:
    from presskit.kinds import MODEL_KIND

    kind_name = MODEL_KIND.get(type(row))
    row_id = getattr(row, "id", None)
    if not kind_name or row_id is None:
        return
    key = (kind_name, row_id)
    change = info.get(_HELD, {}).get(key)
    if change is not None and change.from_status is not None:
        set_committed_value(row, "status", row.status.__class__(change.from_status))
        if change.previous_starts_at is not None or change.new_starts_at is not None:
            set_committed_value(row, "starts_at", change.previous_starts_at)
    then = info.get(_FIELDS, {}).get(key)
    if then:
        state = inspect(row)
        for name, value in then.items():
            set_committed_value(row, name, value)
        for rel in state.mapper.relationships:
            if rel.direction.name == "MANYTOONE" and any(c.key in then for c in rel.local_columns):
                # What it referred to then is read on first use (by the reference's value then).
                state.dict.pop(rel.key, None)


def _on_load(row: Any, context: Any) -> None:
    session = context.session
    if session is not None and (session.info.get(_HELD) or session.info.get(_FIELDS)):
        _overlay(row, session.info)


def _on_refresh(row: Any, context: Any, attrs: Any) -> None:
    _on_load(row, context)
