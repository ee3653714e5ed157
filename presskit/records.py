"""Use cases on records: add, change status, edit, remove, restore, find, describe.

Functions take a Session, flush, never commit (the caller's ``session_scope`` owns the transaction).
Every newsworthy change writes its journal entry here, in the same transaction as the change.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, event, func, insert, inspect, literal, select, true
from sqlalchemy.orm import Session, joinedload

from presskit import models as m
from presskit import validate
from presskit.db import stream
from presskit.errors import InvalidInput, InvalidTransition, NotFound
from presskit.kinds import KINDS, MODEL_KIND, Field, Kind, kind
from presskit.models.enums import JournalKind
from presskit.when import local, parse_date, parse_local_datetime, utcnow, zone

# ----------------------------------------------------------------------------------------------- lookup


def _cached(s: Session, model: type, text: str, names: bool):
    """A row found by this very lookup earlier in the session, if it still answers to ``text``.

    An import names the same work and outlet thousands of times; each lookup was a query. A hit is checked
    against the row as it is now (an edit may have renamed it), and an add/edit of the model drops the
    entries another row may now answer first (forget_idents), so the precedence id > key > name > slug stays
    what the queries give. A row not written yet is not a hit: the query, and the batch's writing, decide.
    """
    hit = s.info.get("presskit_idents", {}).get(model, {}).get((text, names))
    if hit is None:
        hit = s.info.get("presskit_keys", {}).get(model, {}).get(text)
    if hit is None:
        return None
    row, how = hit
    if row not in s or row.id is None or getattr(row, how) != (int(text) if how == "id" else text) and not (
            how == "name" and row.name.lower() == text.lower()):
        return None
    return row


def forget_idents(s: Session, model: type) -> None:
    """After an add or edit of ``model``: forget the lookups another row may now answer first.

    Those of a key are kept apart ("presskit_keys") and kept: keys are unique, and only an id comes first, for a
    text of digits (those are not kept there).
    """
    s.info.get("presskit_idents", {}).pop(model, None)


def _is_id(text: str) -> bool:
    # ASCII digits only: "²" and "٣" are digits to str.isdigit() but not to int(), and were an internal error.
    return text.isascii() and text.isdigit()


def _remember(s: Session, model: type, text: str, row: Any, how: str, names: bool) -> None:
    if how == "key" and not _is_id(text):
        s.info.setdefault("presskit_keys", {}).setdefault(model, {})[text] = (row, how)
    else:
        s.info.setdefault("presskit_idents", {}).setdefault(model, {})[(text, names)] = (row, how)


def _by_ident(s: Session, model: type, ident: Any, *, include_removed: bool = False, names: bool = False):
    text = str(ident).strip()
    row = _cached(s, model, text, names)
    if row is not None:
        return None if not include_removed and getattr(row, "removed_at", None) is not None else row
    row = _lookup(s, model, text, names)
    if row is None and _has_deferred(s):
        # It may be a record added earlier in this batch (a selection's nested screenings name it).
        flush_batch(s)
        row = _lookup(s, model, text, names)
    if row is not None and not include_removed and getattr(row, "removed_at", None) is not None:
        return None
    return row


def _lookup(s: Session, model: type, text: str, names: bool):
    row = None
    if _is_id(text):
        row = s.get(model, int(text))
    if row is None and hasattr(model, "key"):
        row = s.scalar(select(model).where(model.key == text))
    if row is None and names and hasattr(model, "name"):
        row = s.scalar(select(model).where(func.lower(model.name) == text.lower()))
    if row is None and model is m.Work:
        row = s.scalar(select(m.Work).where(m.Work.slug == text))
    if row is None:
        row = _by_export_key(s, model, text)
    found_by = _found_by(row, text) if row is not None else None
    if found_by is not None:
        _remember(s, model, text, row, found_by, names)
    return row


def _found_by(row: Any, text: str) -> str | None:
    if _is_id(text) and row.id == int(text):
        return "id"
    for attr in ("key", "name", "slug"):
        if getattr(row, attr, None) == text:
            return attr
    if getattr(row, "name", "").lower() == text.lower():
        return "name"
    return None


def _by_export_key(s: Session, model: type, text: str):
    # `presskit export` names a record that has no key of its own "award-3": importing that file back into
    # the same database must find award 3, not add a second one.
    kind_name = MODEL_KIND.get(model)
    found = re.fullmatch(rf"{kind_name}-(\d+)", text) if kind_name else None
    if found is None:
        return None
    row = s.get(model, int(found.group(1)))
    return row if row is not None and getattr(row, "key", None) is None else None


def by_key(s: Session, kind_name: str, key: str):
    """The record whose data-file key is ``key`` (removed ones included), or None."""
    model = kind(kind_name).model
    row = s.scalar(select(model).where(model.key == key))
    if row is None and model is m.Work:  # export names a work by its slug
        row = s.scalar(select(m.Work).where(m.Work.slug == key, m.Work.key.is_(None)))
    return row if row is not None else _by_export_key(s, model, key)


def keys_in_use(s: Session, kind_name: str, keys: list[str]) -> set[str]:
    """Those of ``keys`` that by_key may find, asked in one query per 500 keys instead of one per key.

    Keep it beside by_key: an import looks up only these, so what by_key finds must be in here.
    """
    model = kind(kind_name).model
    kind_name = MODEL_KIND[model]
    found = {key for key in keys if re.fullmatch(rf"{kind_name}-\d+", key)}  # export's names (_by_export_key)
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        found.update(s.scalars(select(model.key).where(model.key.in_(chunk))))
        if model is m.Work:
            found.update(s.scalars(select(m.Work.slug).where(m.Work.slug.in_(chunk), m.Work.key.is_(None))))
    return found


def get(s: Session, kind_name: str, ident: Any, *, include_removed: bool = False):
    k = kind(kind_name)
    if isinstance(ident, k.model):  # the row itself (an import names a record it has just added)
        return ident
    names = k.name in ("person", "organization")
    row = _by_ident(s, k.model, ident, include_removed=include_removed, names=names)
    if row is None:
        hidden = None if include_removed else _by_ident(s, k.model, ident, include_removed=True, names=names)
        if hidden is not None:
            raise NotFound(f"{k.name} {hidden.id} is removed; bring it back first with"
                           f" 'presskit restore {k.name} {hidden.id}'")
        raise NotFound(f"no {k.name} with id or key {str(ident)!r}; see 'presskit list {k.plural}'")
    return row


def home_zone(work: m.Work | None) -> str:
    """The team's clock: the work's production company's zone, else UTC — never the machine's."""
    if work is not None and work.company is not None and work.company.timezone:
        return work.company.timezone
    return "UTC"


def team_today(s: Session, now: datetime, work_id: int | None = None) -> date:
    """The date it is for the team at ``now``: the default news date (a Toronto team's evening is not tomorrow).

    The record's work tells whose team; a record of no work (a person, an outlet) goes by the primary work.
    """
    work = s.get(m.Work, work_id) if work_id is not None else s.scalars(
        select(m.Work).where(m.Work.primary.is_(True), m.Work.removed_at.is_(None)).limit(1)).first()
    return local(now, home_zone(work)).date()


def default_work(s: Session) -> m.Work:
    works = s.scalars(select(m.Work).where(m.Work.removed_at.is_(None)).order_by(m.Work.id)).all()
    if not works:
        raise InvalidInput("no work yet; add the film first: presskit add work --title 'The Film'")
    if len(works) == 1:
        return works[0]
    primary = [w for w in works if w.primary]
    if len(primary) == 1:
        return primary[0]
    slugs = ", ".join(w.slug for w in works)
    raise InvalidInput(f"several works ({slugs}) and none is primary; give --work SLUG")


def resolve_work(s: Session, ident: Any | None) -> m.Work:
    if ident is None or str(ident).strip() == "":
        return default_work(s)
    return get(s, "work", ident)


def _resolve_ref(s: Session, f: Field, value: Any, *, create: bool, now: datetime):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    target = KINDS[f.ref]
    if isinstance(value, target.model):  # the row itself (an import names a record it has just added)
        return value
    if f.ref == "work":
        return resolve_work(s, value)
    names = f.ref in ("person", "organization")
    row = _by_ident(s, target.model, value, names=names)
    if row is not None:
        return row
    if create and f.ref == "organization":
        org = m.Organization(name=validate.name(str(value), f.name), kind=f.org_kind or m.OrgKind.other,
                             created_at=now)
        s.add(org)
        s.flush()
        forget_idents(s, m.Organization)
        return org
    if create and f.ref == "person":
        person = m.Person(name=validate.name(str(value), f.name), created_at=now)
        s.add(person)
        s.flush()
        forget_idents(s, m.Person)
        return person
    raise NotFound(f"{f.option}: no {target.name} {str(value)!r}; see 'presskit list {target.plural}'")


# ---------------------------------------------------------------------------------------------- values


def _coerce(f: Field, raw: Any) -> Any:
    """A plain value for field ``f`` from what a person typed or a data file held."""
    if raw is None:
        return None
    if isinstance(raw, str) and f.type not in ("text", "str"):
        raw = raw.strip()
        if raw == "":
            return None
    t = f.type
    try:
        if t == "str":
            v = str(raw).strip()
            if f.required and not v:
                raise InvalidInput(f"{f.option} is empty; give a value")
            return v or None
        if t == "text":
            v = str(raw).strip()
            return v or None
        if t == "int":
            if isinstance(raw, bool):
                raise ValueError
            return int(raw)
        if t == "bool":
            if isinstance(raw, bool):
                return raw
            low = str(raw).lower()
            if low in ("1", "true", "yes", "y", "on"):
                return True
            if low in ("0", "false", "no", "n", "off"):
                return False
            raise InvalidInput(f"{f.option} {raw!r} is not yes/no")
        if t == "enum":
            assert f.enum is not None
            v = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
            try:
                return f.enum(v)
            except ValueError:
                allowed = ", ".join(e.value for e in f.enum)
                raise InvalidInput(f"{f.option}: unknown {f.name} {raw!r}; use one of: {allowed}") from None
        if t == "url":
            return validate.url(str(raw), f.name)
        if t == "email":
            v = str(raw).strip()
            if v.lower().startswith("mailto:"):
                v = v[7:]
            if not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", v):
                raise InvalidInput(f"{f.option} {raw!r} is not an email address")
            return v
        if t == "tz":
            zone(str(raw))
            return str(raw)
        if t == "list":
            items = raw if isinstance(raw, list) else str(raw).split(",")
            return [str(i).strip() for i in items if str(i).strip()]
        if t == "date":
            return parse_date(raw, what=f.option) if not isinstance(raw, date) else raw
    except (TypeError, ValueError) as e:
        raise InvalidInput(f"{f.option} {raw!r} is not a valid {t}") from e
    return raw  # datetime and ref are resolved by the caller, who knows the zone


def _slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60] or "work"


def _zone_for(k: Kind, values: dict[str, Any], refs: dict[str, Any]) -> str | None:
    if values.get("timezone"):
        return values["timezone"]
    for name in k.zone_from:
        row = refs.get(name)
        if row is None:
            continue
        if isinstance(row, m.Organization) and row.timezone:
            return row.timezone
        if isinstance(row, m.Selection) and row.festival.timezone:
            return row.festival.timezone
        if isinstance(row, m.Work) and row.company is not None and row.company.timezone:
            return row.company.timezone
    return None


_SHAPES: dict[str, tuple[frozenset[str], Field | None, dict[str, str]]] = {}


def _shape(k: Kind) -> tuple[frozenset[str], Field | None, dict[str, str]]:
    """A kind's field names, its --year hint, and the column of each reference (asked for every record added)."""
    shape = _SHAPES.get(k.name)
    if shape is None:
        shape = _SHAPES[k.name] = (frozenset(k.names),
                                   next((f for f in k.fields if f.name == "year" and f.virtual), None),
                                   {f.name: f.attr for f in k.fields if f.type == "ref"})
    return shape


def _prepare(s: Session, k: Kind, given: dict[str, Any], *, now: datetime, partial: bool = False,
             current: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Column values (by attribute) and virtual values for kind ``k`` from user input ``given``."""
    names, year_hint, ref_columns = _shape(k)
    unknown = set(given) - names
    if unknown:
        raise InvalidInput(f"unknown field(s) for {k.name}: {', '.join(sorted(unknown))};"
                           f" fields are: {', '.join(k.names)}")
    values: dict[str, Any] = {}
    refs: dict[str, Any] = {}
    virtual: dict[str, Any] = {}
    for f in k.fields:
        if f.name not in given and partial:
            continue
        raw = given.get(f.name)
        if f.type == "date" and year_hint is not None and isinstance(raw, str) and raw.strip():
            # Kinds with a --year ("for dates typed without one") apply it to their dates as to their times.
            default_year = _coerce(year_hint, given.get("year")) or now.year
            (virtual if f.virtual else values)[f.name] = parse_date(raw, default_year=default_year, what=f.option,
                                                                    year_option=True)
            continue
        if f.type == "ref":
            if f.ref == "work" and not partial:
                refs["work"] = resolve_work(s, raw)
            elif raw is not None:
                refs[f.name] = _resolve_ref(s, f, raw, create=f.org_kind is not None or f.ref == "person", now=now)
            elif f.required and not partial:
                raise InvalidInput(f"missing {f.option}: {f.help[0].lower() + f.help[1:]}")
            else:
                refs[f.name] = None
            continue
        v = raw if f.type == "datetime" else _coerce(f, raw)
        if v is None and f.default is not None and not partial:
            v = _coerce(f, f.default)
        if v is None and f.required and not (partial and f.name not in given):
            raise InvalidInput(f"missing {f.option}: {f.help[0].lower() + f.help[1:]}")
        (virtual if f.virtual else values)[f.name] = v
    # Datetimes last: they need the place's zone and a default year.
    dt_fields = [f for f in k.fields if f.type == "datetime" and values.get(f.name) is not None]
    if dt_fields:
        zone_refs = dict(refs)
        if current is not None:
            for name in k.zone_from:
                zone_refs.setdefault(name, getattr(current, name, None))
        tz = _zone_for(k, values, zone_refs) or (getattr(current, "timezone", None) if current else None)
        if not tz:
            raise InvalidInput(f"{k.name} needs a time zone for {dt_fields[0].option}: give --tz with an IANA"
                               " name (e.g. America/Toronto), or set the place's zone with"
                               " 'presskit edit organization ID --timezone ZONE'")
        values["timezone"] = tz
        default_year = virtual.get("year") or values.get("year") or now.year
        for f in dt_fields:
            values[f.name] = parse_local_datetime(values[f.name], tz, default_year=default_year, what=f.option)
    for name, row in refs.items():
        if row is not None and row.id is None:
            values[name] = row  # added in this batch, no id yet: the relationship orders the inserts
        else:
            values[ref_columns[name]] = row.id if row is not None else None
    return values, {**virtual, "_refs": refs}


# ---------------------------------------------------------------------------------------------- journal


def _record_type(row: Any) -> str:
    return MODEL_KIND[type(row)]


if TYPE_CHECKING:
    # A history row not written yet: the StatusChange change_status returns, or in a batch its columns alone.
    _Change = m.StatusChange | dict[str, Any]


def write_journal(s: Session, row: Any, kind_: JournalKind, news_date: date, *, now: datetime,
                  status_change: _Change | None = None) -> m.JournalEntry | None:
    """One newsworthy change: the entry, and a pending row for every audience (the 'not yet sent').

    Inside a batch the entry is written with the batch's (a few statements in all) and None is returned.
    """
    values = {"kind": kind_, "record_type": _record_type(row), "record_id": row.id,
              "work_id": getattr(row, "work_id", None), "news_date": news_date, "recorded_at": now}
    b = _batch(s)
    if b is not None:
        b.journal.append((values, status_change))
        return None
    assert not isinstance(status_change, dict)  # only a batch makes them
    entry = m.JournalEntry(**values, status_change=status_change)
    s.add(entry)
    s.flush()
    # One statement after the entry exists: on PostgreSQL an audience created concurrently either sees
    # this entry in its backfill or is seen here (see newsletter.ensure_audience).
    s.execute(insert(m.PendingEntry).from_select(
        ["audience_id", "journal_id"], select(m.Audience.id, literal(entry.id))))
    return entry


# ------------------------------------------------------------------------------------------------ batches


def _columns(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs if c.key != "id"}


def _next_ids(s: Session, table: Any, n: int) -> list[int] | None:
    """On SQLite, the ids the next ``n`` rows of ``table`` get (None elsewhere: the database gives them).

    SQLite cannot say which id each row of a many-row INSERT got, so SQLAlchemy sent one INSERT per row to learn
    them: most of an import's statements. Without AUTOINCREMENT, SQLite gives a new row one more than the largest
    id; in the write transaction no one else inserts, so the ids are these, given here, and the rows go in one
    executemany. (An id taken meanwhile would be a primary key error, never a wrong row.)
    """
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        return None
    start = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(start, start + n))


def _insert_returning_ids(s: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    # Core on the table: the ORM's bulk INSERT with ordered RETURNING is several times slower here.
    table = model.__table__
    ids = _next_ids(s, table, len(rows))
    if ids is not None:
        s.connection().execute(insert(table), [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
        return ids
    return list(s.connection().execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                       rows).scalars())


def _give_ids(s: Session) -> None:
    """Ids for the rows a flush is about to insert, as SQLite would give them (see _next_ids).

    The unit of work inserts each table's new rows in the order they were added (insert_order); with their ids
    known it writes them with one executemany instead of an INSERT ... RETURNING per row.
    """
    new: dict[Any, list[Any]] = {}
    for obj in s.new:
        state = inspect(obj)
        if len(state.mapper.primary_key) == 1 and state.mapper.primary_key[0].key == "id" and obj.id is None:
            new.setdefault(state.mapper.local_table, []).append(state)
    for table, states in new.items():
        if len(states) < 2:
            continue  # one row is one INSERT either way
        ids = _next_ids(s, table, len(states))
        if ids is None:
            return
        for state, id_ in zip(sorted(states, key=lambda st: st.insert_order), ids, strict=True):
            state.obj().id = id_


def _insert_journal(s: Session, journal: list[tuple[dict[str, Any], _Change | None]]) -> list[int]:
    """History rows, then journal entries, as bulk INSERTs (no ORM unit of work): the ids of the entries.

    Columns, not ORM objects (making those and reading them back was a tenth of an import); a StatusChange
    that change_status returned stays outside the session and gets its id, as a flushed one would.
    """
    changes = [c for _, c in journal if c is not None]
    change_ids: dict[int, int] = {}
    if changes:
        ids = _insert_returning_ids(s, m.StatusChange, [c if isinstance(c, dict) else _columns(c) for c in changes])
        for c, id_ in zip(changes, ids, strict=True):
            change_ids[id(c)] = id_
            if not isinstance(c, dict):
                c.id = id_
    if not journal:
        return []
    return _insert_returning_ids(s, m.JournalEntry, [
        {**e, "status_change_id": change_ids[id(c)] if c is not None else None} for e, c in journal])


# What a batch defers: many of these arrive at once and nothing else looks them up by name. Works, people,
# organizations and credits are written at once (later records refer to them; they are few).
_DEFERRED = frozenset({"coverage", "quote", "award", "selection", "screening", "broadcast", "event",
                       "action"})


class BatchConflict(InvalidInput):
    """A record of a batch collides with one in the database; the message names the record already."""


@dataclass
class Batch:
    """What records.batch() holds until it writes. ``where`` names the record being added, for errors."""

    where: str = ""
    after_insert: list[Callable[[], None]] = field(default_factory=list)  # steps that need the rows' ids
    journal: list[tuple[dict[str, Any], _Change | None]] = field(default_factory=list)  # entries not written
    taken: dict[tuple[type, str], set[Any]] = field(default_factory=dict)  # unique values not yet written
    # Unique values to check against the database, all at once before the rows are written.
    checks: dict[tuple[type, str], list[tuple[Any, Any, str, Callable[[int | None], str]]]] = field(
        default_factory=dict)

    def unique(self, row: Any, column: str, value: Any, message: Callable[[int | None], str]) -> None:
        """``row``'s ``column`` must be ``value`` alone; ``message(other_id)`` says otherwise."""
        model = type(row)
        seen = self.taken.setdefault((model, column), set())
        if value in seen:
            raise InvalidInput(message(None))
        seen.add(value)
        self.checks.setdefault((model, column), []).append((value, row, self.where, message))

    def check(self, s: Session) -> None:
        checks, self.checks = self.checks, {}
        for (model, column), pending in checks.items():
            col = getattr(model, column)
            values = sorted({v for v, _, _, _ in pending})
            found: dict[Any, int] = {}
            for i in range(0, len(values), 500):
                found.update((v, id_) for v, id_ in s.connection().execute(
                    select(col, model.id).where(col.in_(values[i:i + 500]))))
            for value, row, where, message in pending:
                other = found.get(value)
                if other is not None and other != row.id:
                    raise BatchConflict(f"{where}: {message(other)}" if where else message(other))


def _batch(s: Session) -> Batch | None:
    return s.info.get("presskit_batch")


def _has_deferred(s: Session) -> bool:
    b = _batch(s)
    return b is not None and bool(b.after_insert or b.journal or s.new)


@contextmanager
def batch(s: Session) -> Iterator[Batch]:
    """Many adds and status changes written together: the same records, history and journal, far faster.

    One add or status change is several INSERTs, each paying the ORM's per-flush cost; an import of
    thousands of records spent most of its time there. Inside a batch, records of the kinds in _DEFERRED
    are inserted together (one statement per table and chunk), then their history rows and journal entries,
    then the entries' pending rows (one INSERT ... SELECT). Values are validated as each record is added;
    uniqueness against the database (key, URL) is checked for the whole batch at once before anything is
    written, and an error names its record (``Batch.where``). Everything stays in the caller's transaction.
    """
    outer = _batch(s)
    if outer is not None:
        yield outer
        return
    b = s.info["presskit_batch"] = Batch()

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        # Whatever writes the batch's rows (this or an autoflush), the unique values are checked first.
        b.check(session)
        _give_ids(session)

    event.listen(s, "before_flush", before_flush)
    # A batch makes tens of thousands of objects (rows, their ORM state) that live until it is written; the
    # cyclic collector's young-generation passes over them were an eighth of an import. Far fewer while it runs.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield b
        flush_batch(s)
    finally:
        gc.set_threshold(*thresholds)
        event.remove(s, "before_flush", before_flush)
        s.info.pop("presskit_batch", None)


def flush_batch(s: Session) -> None:
    """Write what the current batch holds (a no-op outside a batch)."""
    b = _batch(s)
    if b is None:
        return
    while b.after_insert:
        s.flush()
        steps, b.after_insert = b.after_insert, []
        for step in steps:
            step()
    s.flush()
    b.taken.clear()  # written now: the database and its checks see them
    ids = _insert_journal(s, b.journal)
    b.journal = []
    for i in range(0, len(ids), 500):
        # As in write_journal: one statement, after the entries exist.
        s.execute(insert(m.PendingEntry).from_select(
            ["audience_id", "journal_id"],
            select(m.Audience.id, m.JournalEntry.id).join(m.JournalEntry, true())
            .where(m.JournalEntry.id.in_(ids[i:i + 500]))))


def _status_values(row: Any, frm: str | None, to: str, on: date, *, now: datetime, note: str | None = None,
                   url: str | None = None, correction: bool = False, previous: datetime | None = None,
                   new: datetime | None = None) -> dict[str, Any]:
    """The columns of a history row."""
    return {"record_type": _record_type(row), "record_id": row.id, "from_status": frm, "to_status": to,
            "date": on, "note": note, "source_url": url, "correction": correction, "previous_starts_at": previous,
            "new_starts_at": new, "recorded_at": now}


# ------------------------------------------------------------------------------------------- use cases


def add(s: Session, kind_name: str, given: dict[str, Any], *, key: str | None = None,
        now: datetime | None = None, id: int | None = None) -> Any:
    """Add a record; a newsworthy one writes its history row and journal entry in this transaction.

    ``id``: the record's id in a backup being restored (see presskit.backup); else the database gives one.
    """
    now = now or utcnow()
    k = kind(kind_name)
    b = _batch(s)
    if b is not None and k.name not in _DEFERRED:
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
        _remember(s, k.model, key, row, "key", False)  # a file's records name outlets and selections by key
    if b is not None:
        b.after_insert.append(lambda: _added(s, k, row, extra, now=now))
        return row
    s.flush()
    _added(s, k, row, extra, now=now)
    s.flush()
    return row


def _new_row(s: Session, k: Kind, given: dict[str, Any], *, key: str | None, now: datetime, b: Batch | None):
    given = {n: v for n, v in given.items() if v is not None}
    values, extra = _prepare(s, k, given, now=now)
    if k.name == "work":
        values["slug"] = values.get("slug") or _slugify(values["title"])
        if s.scalar(select(m.Work.id).where(m.Work.slug == values["slug"])):
            raise InvalidInput(f"a work with slug {values['slug']!r} exists; give another --slug")
        values["primary"] = bool(values.get("primary")) or not s.scalar(select(func.count(m.Work.id)))
        values.setdefault("countries", values.get("countries") or [])
        values.setdefault("languages", values.get("languages") or [])
        if values["primary"]:
            for w in s.scalars(select(m.Work).where(m.Work.primary.is_(True))):
                w.primary = False
    if k.name in ("person", "organization"):
        values["name"] = validate.name(values.get("name"), "name")
        _check_unique_name(s, k, values["name"])
    if k.name == "credit":
        _check_unique_credit(s, values["work_id"], values["person_id"], values["role"])
    if k.name == "coverage" and values.get("url"):
        if b is None:
            _check_unique_url(s, values["url"])
        url = values["url"]
        values["url"] = validate.normalize_url(url)
    if k.name == "coverage" and values.get("published") is None:
        values["published"] = team_today(s, now, values.get("work_id"))
    if k.name == "action" and values.get("announced") is None:
        values["announced"] = team_today(s, now, values.get("work_id"))
    if k.name == "event" and not (values.get("starts_at") or values.get("starts_on")):
        raise InvalidInput("event needs --start (a local time) or --starts-on (a date)")
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
    if k.news:  # only news is dated; an outlet or a person is not (and would cost a query for the team's zone)
        extra["_news_date"] = news_date or team_today(s, now, values.get("work_id"))
    # As added: in a batch, later status changes move the row before its first history row is written.
    extra["_first"] = (str(status), values.get("starts_at"))
    row = k.model(**values)
    if b is not None:
        # Checked with the rest of the batch, in one query per column, before anything is written.
        if key is not None:
            b.unique(row, "key", key, lambda _other: f"a {k.name} with key {key!r} exists already")
        if k.name == "coverage" and values.get("url"):
            b.unique(row, "url", values["url"], lambda other: _url_taken(other, url))
    return row, extra


def _url_taken(other: int | None, url: str) -> str:
    if other is None:
        return f"another coverage item of this import has the URL {url}; keep one of them"
    return f"coverage {other} already has the URL {url}; edit that one instead"


def _added(s: Session, k: Kind, row: Any, extra: dict[str, Any], *, now: datetime) -> None:
    """What goes with a new row once it has its id: its pull quote, first history row and journal entry."""
    if k.name == "coverage" and extra.get("quote"):
        s.add(m.Quote(coverage_id=row.id, text=extra["quote"], approved=True, position=0))
    if k.news:
        news_date = extra["_news_date"]
        change: _Change | None = None
        if k.status is not None:
            status, starts_at = extra["_first"]
            values = _status_values(row, None, status, news_date, now=now, new=starts_at)
            change = values if _batch(s) is not None else m.StatusChange(**values)
        write_journal(s, row, JournalKind.added, news_date, now=now, status_change=change)


_ID_WHERE: dict[tuple[type, str], Any] = {}


def _id_where(s: Session, model: type, column: str, value: Any, *,
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
    q = select(k.model).where(func.lower(k.model.name) == name.lower())
    if exclude_id is not None:
        q = q.where(k.model.id != exclude_id)
    other = s.scalars(q).first()
    if other is not None:
        raise InvalidInput(f"{k.name} {other.id} is already called {other.name!r};"
                           f" see 'presskit show {k.name} {other.id}'")


def _check_unique_credit(s: Session, work_id: int, person_id: int, role: str, exclude_id: int | None = None) -> None:
    q = select(m.Credit.id).where(m.Credit.work_id == work_id, m.Credit.person_id == person_id,
                                  m.Credit.role == role)
    if exclude_id is not None:
        q = q.where(m.Credit.id != exclude_id)
    other = s.scalar(q)
    if other:
        raise InvalidInput(f"credit {other} already gives that person the role {role!r} on that work;"
                           " see 'presskit list credits'")


def _check_unique_url(s: Session, url: str, exclude_id: int | None = None) -> None:
    other = _id_where(s, m.Coverage, "url", validate.normalize_url(url), exclude_id=exclude_id)
    if other:
        raise InvalidInput(_url_taken(other, url))


def allowed_moves(k: Kind, current: str) -> tuple[str, ...]:
    return k.transitions.get(current, ())


def change_status(s: Session, kind_name: str, ident: Any, new_status: str, *, on: Any = None,
                  note: str | None = None, url: str | None = None, force: bool = False,
                  start: Any = None, now: datetime | None = None, include_removed: bool = False) -> m.StatusChange:
    """A news event: the record moves along its lifecycle; a backwards move needs ``force`` (a correction)."""
    now = now or utcnow()
    k = kind(kind_name)
    if k.status is None:
        raise InvalidInput(f"a {k.name} has no status; statuses exist for: award, selection, screening,"
                           " broadcast, event")
    row = get(s, k.name, ident, include_removed=include_removed)
    try:
        new = k.status(str(new_status).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise InvalidInput(f"unknown {k.name} status {new_status!r}; use one of: "
                           f"{', '.join(e.value for e in k.status)}") from None
    current = str(row.status)
    on_date = parse_date(on, what="--date") if on is not None else team_today(s, now, getattr(row, "work_id", None))
    src = validate.url(url, "url")
    correction = False
    moves = allowed_moves(k, current)
    if new.value not in moves:
        if row.id is None:
            flush_batch(s)  # added in this batch: the message names it by its id
        if new.value == current and new.value != "rescheduled":
            raise InvalidTransition(f"{k.name} {row.id} is already '{current}'")
        if not force:
            allowed = ", ".join(moves) if moves else "none (it is final)"
            raise InvalidTransition(
                f"{k.name} {row.id} cannot go from '{current}' to '{new.value}'; allowed: {allowed}."
                " Use --force to record a correction")
        correction = True
    previous = new_start = None
    if new.value == "rescheduled":
        if start is None:
            raise InvalidInput("rescheduled needs --start with the new local time")
        previous = row.starts_at
        new_start = parse_local_datetime(start, row.timezone, default_year=row.starts_at.year
                                         if row.starts_at else now.year, what="--start")
        row.previous_starts_at = previous
        row.starts_at = new_start
    elif start is not None:
        raise InvalidInput("--start goes with 'rescheduled' only; to fix a typo use 'presskit edit'")
    change = m.StatusChange(**_status_values(
        row, current, new.value, on_date, now=now, note=(note or "").strip() or None, url=src, correction=correction,
        previous=previous, new=new_start))
    row.status = new

    def journal() -> None:
        change.record_id = row.id  # a row added in this batch has its id only now
        write_journal(s, row, JournalKind.status, on_date, now=now, status_change=change)

    b = _batch(s)
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
         include_removed: bool = False) -> list[m.Edit]:
    """A correction of fields: recorded in the edit log, not news."""
    now = now or utcnow()
    flush_batch(s)  # a correction works on written rows
    k = kind(kind_name)
    row = get(s, k.name, ident, include_removed=include_removed)
    given = {n: v for n, v in given.items() if v is not None}
    if not given:
        raise InvalidInput(f"nothing to change; give at least one option, see 'presskit edit {k.name} --help'")
    for n in given:
        if n in ("status",):
            raise InvalidInput(f"status changes are news: use 'presskit status {k.name} {row.id} NEW_STATUS'")
        if n in k.names and not k.field(n).editable:
            raise InvalidInput(f"{k.field(n).option} cannot be edited; see 'presskit edit {k.name} --help'")
    values, _ = _prepare(s, k, given, now=now, partial=True, current=row)
    columns = k.model.__mapper__.columns
    for attr, new in values.items():
        if new is None and attr in columns and not columns[attr].nullable:
            f = next((f for f in k.fields if f.attr == attr), None)
            raise InvalidInput(f"{f.option if f else attr} cannot be empty; give a value")
    if k.name == "coverage" and values.get("url"):
        _check_unique_url(s, values["url"], exclude_id=row.id)
        values["url"] = validate.normalize_url(values["url"])
    if k.name in ("person", "organization") and "name" in values:
        values["name"] = validate.name(values["name"], "name")
        _check_unique_name(s, k, values["name"], exclude_id=row.id)
    if k.name == "work" and values.get("slug"):
        other = s.scalar(select(m.Work.id).where(m.Work.slug == values["slug"], m.Work.id != row.id))
        if other:
            raise InvalidInput(f"work {other} already has the slug {values['slug']!r}; choose another --slug")
    if k.name == "credit":
        _check_unique_credit(s, values.get("work_id", row.work_id), values.get("person_id", row.person_id),
                             values.get("role", row.role), exclude_id=row.id)
    if values.get("timezone") and values["timezone"] != getattr(row, "timezone", values["timezone"]):
        # A wrong zone is corrected, not the clock time people read in the listing: 8:30 PM stays 8:30 PM.
        for f in k.fields:
            if f.type == "datetime" and f.name not in values and getattr(row, f.name) is not None:
                wall = local(getattr(row, f.name), row.timezone).replace(tzinfo=None)
                values[f.name] = parse_local_datetime(wall, values["timezone"], what=f.option)
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
    if k.name == "work" and values.get("primary"):
        # One primary work: --work defaults to it.
        for w in s.scalars(select(m.Work).where(m.Work.primary.is_(True), m.Work.id != row.id)):
            w.primary = False
            s.add(m.Edit(record_type="work", record_id=w.id, action="edit", field="primary", old_value="True",
                         new_value="False", recorded_at=now))
    if edits:
        forget_idents(s, k.model)
    s.flush()
    return edits


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
    if k.model is m.Quote:
        q = q.options(joinedload(m.Quote.coverage))
    elif k.model is m.Credit:
        q = q.options(joinedload(m.Credit.work))
    yield from stream(s, q)
