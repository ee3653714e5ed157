"""The journal (what is news, written with the change in the same transaction) and the bulk writer.

``write_journal`` records one newsworthy change and a pending row for every audience. ``batch()`` holds many
adds and status changes and writes them together: the same rows, history and journal, far faster.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func, insert, inspect, literal, select, text, true
from sqlalchemy.orm import Session

from presskit import models as m
from presskit.errors import InvalidInput
from presskit.kinds import MODEL_KIND
from presskit.models.enums import JournalKind


def record_type(row: Any) -> str:
    return MODEL_KIND[type(row)]


if TYPE_CHECKING:
    # A history row not written yet: the StatusChange change_status returns, or in a batch its columns alone.
    Change = m.StatusChange | dict[str, Any]


def write_journal(s: Session, row: Any, kind_: JournalKind, news_date: date, *, now: datetime,
                  status_change: Change | None = None) -> m.JournalEntry | None:
    """One newsworthy change: the entry, and a pending row for every audience (the 'not yet sent').

    Inside a batch the entry is written with the batch's (a few statements in all) and None is returned.
    """
    held = status_change.get("embargo_until") if isinstance(status_change, dict) else getattr(
        status_change, "embargo_until", None)
    release = getattr(row, "embargo_until", None)
    values = {"kind": kind_, "record_type": record_type(row), "record_id": row.id,
              "work_id": getattr(row, "work_id", None), "news_date": news_date, "recorded_at": now,
              # When it may go out: the later of the record's embargo and the change's (presskit.embargo).
              "release_at": max(release, held) if release and held else release or held}
    b = current_batch(s)
    if b is not None:
        if b.news:
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
    """The ids the next ``n`` rows of ``table`` get, taken before they are written (None: the database gives them).

    Rows whose ids are known go in one executemany. Otherwise SQLite, which cannot say which id each row of a
    many-row INSERT got, made SQLAlchemy send one INSERT per row to learn them (most of an import's statements),
    and PostgreSQL got INSERT ... RETURNING statements of a thousand rows, each one a new text that the driver
    parsed again (a third of an import's time).

    - SQLite, without AUTOINCREMENT, gives a new row one more than the largest id; in the write transaction no one
      else inserts, so the ids are these. (An id taken meanwhile would be a primary key error, never a wrong row.)
    - PostgreSQL: the column's own sequence hands out ``n`` values at once, as it would row by row.
    """
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        sequence = conn.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar()
        if sequence is None:
            return None
        return list(conn.execute(text("SELECT nextval(:sequence) FROM generate_series(1, :n) ORDER BY 1"),
                                 {"sequence": sequence, "n": n}).scalars())
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


def _insert_journal(s: Session, journal: list[tuple[dict[str, Any], Change | None]]) -> list[int]:
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


class BatchConflict(InvalidInput):
    """A record of a batch collides with one in the database; the message names the record already."""


@dataclass(eq=False, repr=False)  # (compared by identity; no generated __eq__ or __repr__ to define at start-up)
class Batch:
    """What batch() holds until it writes. ``where`` names the record being added, for errors."""

    where: str = ""
    # False while a backup is restored: its own history, journal and pending rows are written after the records
    # (presskit.backup.restore_sections), so what adding them would journal is not written at all.
    news: bool = True
    after_insert: list[Callable[[], None]] = field(default_factory=list)  # steps that need the rows' ids
    journal: list[tuple[dict[str, Any], Change | None]] = field(default_factory=list)  # entries not written
    taken: dict[tuple[Any, str], set[Any]] = field(default_factory=dict)  # unique values not yet written
    # Unique values to check against the database, all at once before the rows are written.
    checks: dict[tuple[Any, str], list[tuple[Any, Any, str, Callable[[int | None], str]]]] = field(
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


def current_batch(s: Session) -> Batch | None:
    return s.info.get("presskit_batch")


def has_deferred(s: Session) -> bool:
    b = current_batch(s)
    return b is not None and bool(b.after_insert or b.journal or s.new)


@contextmanager
def batch(s: Session, *, news: bool = True) -> Iterator[Batch]:
    """Many adds and status changes written together: the same records, history and journal, far faster.

    One add or status change is several INSERTs, each paying the ORM's per-flush cost; an import of
    thousands of records spent most of its time there. Inside a batch, records of the kinds marked ``batched``
    are inserted together (one statement per table and chunk), then their history rows and journal entries,
    then the entries' pending rows (one INSERT ... SELECT). Values are validated as each record is added;
    uniqueness against the database (key, URL) is checked for the whole batch at once before anything is
    written, and an error names its record (``Batch.where``). Everything stays in the caller's transaction.
    """
    outer = current_batch(s)
    if outer is not None:
        yield outer
        return
    b = s.info["presskit_batch"] = Batch(news=news)

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
    b = current_batch(s)
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


def status_values(row: Any, frm: str | None, to: str, on: date, *, now: datetime, note: str | None = None,
                   url: str | None = None, correction: bool = False, previous: datetime | None = None,
                   new: datetime | None = None, embargo_until: datetime | None = None) -> dict[str, Any]:
    """The columns of a history row: every one, as a batch writes the rows of one table in one executemany."""
    return {"record_type": record_type(row), "record_id": row.id, "from_status": frm, "to_status": to,
            "date": on, "note": note, "source_url": url, "correction": correction, "previous_starts_at": previous,
            "new_starts_at": new, "recorded_at": now, "embargo_until": embargo_until}
