"""Use cases on records: add, change status, edit, remove, restore, count and list.

Functions take a Session, flush, never commit (the caller's ``session_scope`` owns the transaction).
Every newsworthy change writes its journal entry here, in the same transaction as the change.
Finding records is ``presskit.lookups``; their values, ``presskit.values``; the journal and the bulk writer,
``presskit.journal``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session, joinedload

from presskit import embargo, validate
from presskit import models as m
from presskit import values as checks  # `values` names a record's columns here
from presskit.db import same_name, stream
from presskit.errors import InvalidInput, InvalidTransition
from presskit.journal import (
    Batch,
    current_batch,
    flush_batch,
    status_values,
    write_journal,
)
from presskit.kinds import REGISTERED, Kind, kind, kind_of
from presskit.lookups import forget_idents, get, remember
from presskit.models.enums import JournalKind
from presskit.values import prepare
from presskit.when import local, parse_date, parse_local_datetime, team_today, utcnow

if TYPE_CHECKING:
    from presskit.journal import Change



def add(s: Session, kind_name: str, given: dict[str, Any], *, key: str | None = None,
        now: datetime | None = None, id: int | None = None) -> Any:
    """Add a record; a newsworthy one writes its history row and journal entry in this transaction.

    ``id``: the record's id in a backup being restored (see presskit.backup); else the database gives one.
    """
    now = now or utcnow()
    k = kind(kind_name)
    key = checks.key(key)
    b = current_batch(s)
    if b is not None and not k.batched:
        flush_batch(s)
        b = None
    # In a batch, a check's query must not flush the batch's rows one by one; the batch checks its own.
    with s.no_autoflush if b is not None else nullcontext():
        row, extra = _new_row(s, k, given, key=key, now=now, b=b)
    if id is not None:
        row.id = id
    s.add(row)
    forget_idents(s, k.model)
    if key is not None:
        remember(s, k.model, key, row, "key", False)  # a file's records name outlets and selections by key
    if b is not None:
        b.after_insert.append(lambda: _added(s, k, row, extra, now=now))
        return row
    s.flush()
    _added(s, k, row, extra, now=now)
    s.flush()
    return row


def _new_row(s: Session, k: Kind, given: dict[str, Any], *, key: str | None, now: datetime, b: Batch | None):
    given = {n: v for n, v in given.items() if v is not None}
    values, extra = prepare(s, k, given, now=now)
    prepared = dict(values) if b is not None and k.checks is not None else values
    if k.named:
        values["name"] = validate.name(values.get("name"), "name")
        _check_unique_name(s, k, values["name"])
    if k.adding is not None:
        k.adding(s, values, extra, b)
    dated_by = k.news_date_field
    if dated_by in values and values[dated_by] is None:  # a news date not given (a column, not --date) is today
        values[dated_by] = team_today(s, now, values.get("work_id"))
    if key is not None:
        if b is None and _id_where(s, k.model, "key", key):
            raise InvalidInput(f"a {k.name} with key {key!r} exists already")
        values["key"] = key
    status = extra.get("status")
    if k.status is not None:
        values["status"] = status
    if hasattr(k.model, "created_at"):
        values["created_at"] = now
    news_date = values.get(k.news_date_field) if k.news_date_field in values else extra.get("date")
    if k.news and extra.get("embargo_until") is not None:
        values["embargo_until"] = embargo.parse(s, extra["embargo_until"], values.get("work_id"))
        # Held news is told on the day it is released.
        news_date = embargo.news_day(s, values["embargo_until"], values.get("work_id"), extra.get("date"))
    if k.news:  # only news is dated; an outlet or a person is not (and would cost a query for the team's zone)
        extra["_news_date"] = news_date or team_today(s, now, values.get("work_id"))
    # As added: in a batch, later status changes move the row before its first history row is written.
    extra["_first"] = (str(status), values.get("starts_at"))
    row = k.model(**values)
    if b is not None:
        # Checked with the rest of the batch, in one query per column, before anything is written.
        if key is not None:
            b.unique(row, "key", key, lambda _other: f"a {k.name} with key {key!r} exists already")
        if k.checks is not None:
            k.checks(b, row, prepared)
    return row, extra


def _added(s: Session, k: Kind, row: Any, extra: dict[str, Any], *, now: datetime) -> None:
    """What goes with a new row once it has its id: what its kind adds (a pull quote), its first history row and
    journal entry."""
    if k.added is not None:
        k.added(s, row, extra)
    if k.news:
        news_date = extra["_news_date"]
        change: Change | None = None
        if k.status is not None:
            status, starts_at = extra["_first"]
            values = status_values(row, None, status, news_date, now=now, new=starts_at)
            change = values if current_batch(s) is not None else m.StatusChange(**values)
        write_journal(s, row, JournalKind.added, news_date, now=now, status_change=change)


_ID_WHERE: dict[tuple[type, str], Any] = {}


def _id_where(s: Session, model: Any, column: str, value: Any, *,
              exclude_id: int | None = None) -> int | None:
    """The id of a row whose ``column`` is ``value`` (another than ``exclude_id``), or None.

    These checks run for every record added: the statement is built once and run on the session's
    connection, a fraction of the cost of building an ORM query each time. Rows pending in the session
    are not seen: outside a batch there are none, and a batch checks its own (Batch.unique).
    """
    stmt = _ID_WHERE.get((model, column))
    if stmt is None:
        col = getattr(model, column)
        stmt = _ID_WHERE[(model, column)] = select(model.id).where(
            col == bindparam("value"), model.id != bindparam("exclude")).limit(1)
    return s.connection().execute(stmt, {"value": value, "exclude": -1 if exclude_id is None else exclude_id}
                                  ).scalar()


def _check_unique_name(s: Session, k: Kind, name: str, exclude_id: int | None = None) -> None:
    # Case-insensitive: "NKNews.org" and "nknews.org" are one outlet, and --outlet finds either.
    q = select(k.model).where(same_name(k.model.name, name))
    if exclude_id is not None:
        q = q.where(k.model.id != exclude_id)
    other = s.scalars(q).first()
    if other is not None:
        raise InvalidInput(f"{k.name} {other.id} is already called {other.name!r};"
                           f" see 'presskit show {k.name} {other.id}'")


def allowed_moves(k: Kind, current: str) -> tuple[str, ...]:
    return k.transitions.get(current, ())


def change_status(s: Session, kind_name: str, ident: Any, new_status: str, *, on: Any = None,
                  note: str | None = None, url: str | None = None, force: bool = False,
                  start: Any = None, now: datetime | None = None, include_removed: bool = False,
                  embargo_until: Any = None) -> m.StatusChange:
    """A news event: the record moves along its lifecycle; a backwards move needs ``force`` (a correction).

    ``embargo_until``: the change is held from every output until then, and told on that day.
    """
    now = now or utcnow()
    k = kind(kind_name)
    if k.status is None:
        with_status = ", ".join(other.name for other in REGISTERED if other.status is not None)
        raise InvalidInput(f"a {k.name} has no status; statuses exist for: {with_status}")
    row = get(s, k.name, ident, include_removed=include_removed)
    try:
        new = k.status(str(new_status).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise InvalidInput(f"unknown {k.name} status {{value!r}}", what="status", value=new_status,
                           allowed=", ".join(e.value for e in k.status), fix="use one of: {allowed}") from None
    current = str(row.status)
    held = embargo.parse(s, embargo_until, getattr(row, "work_id", None))
    on_date = parse_date(on, what="date") if on is not None else None
    if held is not None:
        on_date = embargo.news_day(s, held, row.work_id, on_date)
    on_date = on_date or team_today(s, now, getattr(row, "work_id", None))
    src = checks.url(url)
    note = checks.text(note, "note", multiline=True, limit=checks.LIMITS["note"])
    if isinstance(start, str):
        start = checks.text(start, "start", limit=checks.LIMITS["datetime"])
    correction = False
    moves = allowed_moves(k, current)
    if new.value not in moves:
        if row.id is None:
            flush_batch(s)  # added in this batch: the message names it by its id
        if new.value == current and new.value != "rescheduled":
            raise InvalidTransition(f"{k.name} {row.id} is already '{current}'")
        if not force:
            raise InvalidTransition(
                f"{k.name} {row.id} cannot go from '{current}' to '{new.value}'; allowed: {{allowed}}. {{fix}}",
                what="status", value=new.value, allowed=", ".join(moves) if moves else "none (it is final)",
                fix="{force:use} to record a correction")
        correction = True
    previous = new_start = None
    if new.value == "rescheduled":
        if start is None:
            raise InvalidInput("rescheduled needs {what} with the new local time", what="start")
        previous = row.starts_at
        new_start = parse_local_datetime(start, row.timezone, default_year=row.starts_at.year
                                         if row.starts_at else now.year, what="start")
        row.previous_starts_at = previous
        row.starts_at = new_start
    elif start is not None:
        raise InvalidInput("{what} goes with 'rescheduled' only", what="start", value=start,
                           fix="to fix a typo use 'presskit edit'")
    change = m.StatusChange(**status_values(
        row, current, new.value, on_date, now=now, note=note, url=src, correction=correction,
        previous=previous, new=new_start))
    change.embargo_until = held
    row.status = new

    def journal() -> None:
        change.record_id = row.id  # a row added in this batch has its id only now
        if correction:
            # A move forced backwards corrects the record; it is not news (no newsletter tells it).
            s.add(change)
            s.flush()
            return
        write_journal(s, row, JournalKind.status, on_date, now=now, status_change=change)

    b = current_batch(s)
    if b is not None:
        b.after_insert.append(journal)
    else:
        journal()
    return change


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, list):
        return ", ".join(v)
    return str(v)


def edit(s: Session, kind_name: str, ident: Any, given: dict[str, Any], *, now: datetime | None = None,
         include_removed: bool = False, keep_clock: bool = True) -> list[m.Edit]:
    """A correction of fields: recorded in the edit log, not news.

    A new zone keeps the local clock times ("8:30 PM" stays 8:30 PM there) unless ``keep_clock`` is false (the
    instants stay, and the clock times shown move). A venue's, channel's or festival's new zone reaches the
    records that were in its zone (``zone_followers``), the same way.
    """
    now = now or utcnow()
    flush_batch(s)  # a correction works on written rows
    k = kind(kind_name)
    row = get(s, k.name, ident, include_removed=include_removed)
    given = {n: v for n, v in given.items() if v is not None}
    if not given:
        raise InvalidInput(f"nothing to change; give at least one option, see 'presskit edit {k.name} --help'")
    _check_editable(k, row, given)
    values, extra = prepare(s, k, given, now=now, partial=True, current=row)
    _check_not_emptied(k, values)
    if k.named and "name" in values:
        values["name"] = validate.name(values["name"], "name")
        _check_unique_name(s, k, values["name"], exclude_id=row.id)
    if k.editing is not None:
        k.editing(s, row, values, extra)
    followers = []
    if values.get("timezone") and values["timezone"] != getattr(row, "timezone", values["timezone"]):
        followers = zone_followers(s, row)
    if keep_clock and values.get("timezone") and values["timezone"] != getattr(row, "timezone", values["timezone"]):
        _keep_wall_times(k, row, values)
    edits = []
    for attr, new in values.items():
        old = getattr(row, attr)
        if old == new:
            continue
        setattr(row, attr, new)
        e = m.Edit(record_type=k.name, record_id=row.id, action="edit", field=attr, old_value=_text(old),
                   new_value=_text(new), recorded_at=now)
        s.add(e)
        edits.append(e)
    if k.edited is not None:
        k.edited(s, row, values, now)
    if edits:
        forget_idents(s, k.model)
    s.flush()
    for kind_name, follower in followers:
        # The records that took their zone from this place follow it (and keep their clock times, unless asked).
        edits += edit(s, kind_name, follower.id, {"timezone": values["timezone"]}, now=now, include_removed=True,
                      keep_clock=keep_clock)
    return edits


def _check_editable(k: Kind, row: Any, given: dict[str, Any]) -> None:
    for n in given:
        if n in ("status",):
            raise InvalidInput(f"status changes are news: use 'presskit status {k.name} {row.id} NEW_STATUS'")
        if n in k.names and not k.field(n).editable:
            raise InvalidInput("{what} cannot be edited", what=n, fix=f"see 'presskit edit {k.name} --help'")


def _check_not_emptied(k: Kind, values: dict[str, Any]) -> None:
    columns = k.model.__mapper__.columns
    for attr, new in values.items():
        if new is None and attr in columns and not columns[attr].nullable:
            f = next((f for f in k.fields if f.attr == attr), None)
            raise InvalidInput("{what} cannot be empty", what=f.name if f else attr, fix="give a value")


def _keep_wall_times(k: Kind, row: Any, values: dict[str, Any]) -> None:
    # A wrong zone is corrected, not the clock time people read in the listing: 8:30 PM stays 8:30 PM.
    for f in k.fields:
        if f.type == "datetime" and f.name not in values and getattr(row, f.name) is not None:
            wall = local(getattr(row, f.name), row.timezone).replace(tzinfo=None)
            values[f.name] = parse_local_datetime(wall, values["timezone"], what=f.name)


def zone_followers(s: Session, row: Any) -> list[tuple[str, Any]]:
    """The records whose zone is ``row``'s own, taken from it through their kind's ``zone_from``: a venue's
    screenings, a channel's broadcasts, a place's events, a festival's screenings that have no venue, the calls to
    action of a company's works. A record whose zone differs from ``row``'s was given its own, and stays."""
    tz = getattr(row, "timezone", None)
    if not tz:
        return []
    origin = kind_of(row).name
    out: list[tuple[str, Any]] = []
    for k in REGISTERED:
        if "timezone" not in k.names:
            continue
        reach = _taking_zone(k, k.model, origin, row.id)
        if reach is not None:
            out += [(k.name, r) for r in s.scalars(select(k.model).where(k.model.timezone == tz, reach)).unique()]
    return sorted(out, key=lambda t: (t[0], t[1].id))


def _taking_zone(k: Kind, model: Any, origin: str, origin_id: int) -> Any:
    """Where a record of ``k`` takes its zone from the ``origin`` record: by the first of its ``zone_from``
    references it has, directly or through a record of a kind with no zone of its own (a selection's festival);
    None when no path leads there."""
    ways = []
    for i, name in enumerate(k.zone_from):
        f = k.field(name)
        target = kind(f.ref or "")
        column = getattr(model, f.attr)
        if target.name == origin:
            way = column == origin_id
        elif "timezone" not in target.names and (inner := _taking_zone(target, target.model, origin, origin_id)) \
                is not None:
            way = column.in_(select(target.model.id).where(inner))
        else:
            continue
        before = [getattr(model, k.field(earlier).attr).is_(None) for earlier in k.zone_from[:i]]
        ways.append(and_(*before, way))
    return or_(*ways) if ways else None


def remove(s: Session, kind_name: str, ident: Any, *, now: datetime | None = None) -> Any:
    """Hide a record everywhere; recorded, and undone with ``restore``."""
    now = now or utcnow()
    flush_batch(s)  # a correction works on written rows
    k = kind(kind_name)
    if not hasattr(k.model, "removed_at"):
        raise InvalidInput(f"a {k.name} cannot be removed on its own; edit or remove its record instead")
    row = get(s, k.name, ident)
    row.removed_at = now
    s.add(m.Edit(record_type=k.name, record_id=row.id, action="remove", recorded_at=now))
    s.flush()
    return row


def restore(s: Session, kind_name: str, ident: Any, *, now: datetime | None = None) -> Any:
    now = now or utcnow()
    flush_batch(s)  # a correction works on written rows
    k = kind(kind_name)
    row = get(s, k.name, ident, include_removed=True)
    if getattr(row, "removed_at", None) is None:
        raise InvalidInput(f"{k.name} {row.id} is not removed")
    row.removed_at = None
    s.add(m.Edit(record_type=k.name, record_id=row.id, action="restore", recorded_at=now))
    s.flush()
    return row


def count_records(s: Session, kind_name: str, *, include_removed: bool = False) -> int:
    """How many list_records would return, counted by the database (not by loading every row)."""
    k = kind(kind_name)
    q = select(func.count()).select_from(k.model)
    if hasattr(k.model, "removed_at") and not include_removed:
        q = q.where(k.model.removed_at.is_(None))
    return s.scalar(q) or 0


def list_records(s: Session, kind_name: str, *, include_removed: bool = False) -> Iterator[Any]:
    """The records of a kind by id, streamed: 100,000 coverage items are read 500 at a time (issue 6)."""
    k = kind(kind_name)
    q = select(k.model).order_by(k.model.id)
    if hasattr(k.model, "removed_at") and not include_removed:
        q = q.where(k.model.removed_at.is_(None))
    # The references a listing names, loaded with each batch rather than one query per row.
    if k.list_loads:
        q = q.options(*(joinedload(getattr(k.model, name)) for name in k.list_loads))
    yield from stream(s, q)
