"""Embargoes: news that exists before it may be told, held from every output until the hour.

A record (``embargo_until`` on the newsworthy kinds) or a status change (``StatusChange.embargo_until``) may be
held. Its journal entry carries ``release_at``, the later of the two: a newsletter takes an entry only once
``release_at <= now`` (in the transaction that records the send, so the pending-entries outbox still carries
each entry exactly once), and dates it by its release.

Outputs read through ``hold(s, now)``: every ORM query of the session then leaves out the records held at
``now``, and a record whose status change is held reads with the status (and start) it had before it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event, exists, or_, select
from sqlalchemy.orm import Session, with_loader_criteria

from presskit import models as m
from presskit.asof import read_as_before
from presskit.errors import InvalidInput
from presskit.kinds import REGISTERED
from presskit.when import home_zone, local, parse_local_datetime

HELP = ("Hold this news from every newsletter, kit, calendar and report until then: a local time in the"
        " team's zone, or with an offset (e.g. '2014-03-09 20:00')")


def parse(s: Session, raw: Any, work_id: int | None, what: str = "embargo_until") -> datetime | None:
    """An embargo as typed: the team's clock (the work's company's zone), or an explicit offset."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime) and raw.tzinfo is not None:
        return raw
    work = s.get(m.Work, work_id) if work_id is not None else None
    return parse_local_datetime(raw, home_zone(work), what=what)


def release_day(s: Session, release: datetime, work_id: int | None) -> date:
    """The date a held piece of news is told: its release, on the team's calendar."""
    work = s.get(m.Work, work_id) if work_id is not None else None
    value = local(release, home_zone(work))
    assert value is not None
    return value.date()


def news_day(s: Session, release: datetime, work_id: int | None, given: date | None) -> date:
    """The date of held news: its release's day; a --date given with it must be that day."""
    day = release_day(s, release, work_id)
    if given is not None and given != day:
        raise InvalidInput(f"{{what}} {{value}} is not the day the embargo lifts ({day.isoformat()})", what="date",
                           value=given.isoformat(), fix="leave {what} out: held news is dated by its release")
    return day


def _news_models() -> tuple[type, ...]:
    return tuple(k.model for k in REGISTERED if k.news)  # every news record has its embargo_until


def hold(s: Session, now: datetime) -> None:
    """From here on, ``s`` reads the database as the public may see it at ``now`` (see the module's text)."""
    again = s.info.get("presskit_hold") is not None
    s.info["presskit_hold"] = now
    holding, changes_held = _holding(s, now)
    s.info[_HOLDING] = holding
    if not again:
        _hold_rows(s)
    # Status changes held at ``now``: the record reads as before the earliest of them. Sorted here, not in SQL:
    # ordered by id, SQLite would read every status change in id order rather than the few the index of held
    # changes names (migration 0014).
    held = sorted(s.scalars(select(m.StatusChange).where(m.StatusChange.embargo_until > now)),
                  key=lambda c: c.id, reverse=True) if changes_held else []
    read_as_before(s, {(c.record_type, c.record_id): c for c in held})


_HOLDING = "presskit_holding"


def _holding(s: Session, now: datetime) -> tuple[tuple[type, ...], bool]:
    """The kinds of news with a record held at ``now``, and whether a status change is held: one read of each
    table's index of held rows (migrations 0014 and 0015). Run on the connection, not through the session, whose
    queries the held rows' criteria change."""
    models = (*_news_models(), m.StatusChange)
    *found, changes = s.connection().execute(select(*(exists().where(model.embargo_until > now)  # type: ignore[attr-defined]
                                                      for model in models))).one()
    return tuple(model for model, held in zip(models[:-1], found, strict=True) if held), bool(changes)


def _hold_rows(s: Session) -> None:
    """Every ORM query of ``s`` leaves out the news records held at the session's ``presskit_hold``.

    Only the kinds that hold a record at that time get the criteria: usually none does, and the criteria cost
    each query more than its SQL (a kit makes about thirty)."""

    def criteria(st: Any) -> None:
        held = s.info[_HOLDING]
        if not held or not st.is_select:
            return
        at = s.info["presskit_hold"]
        # ``at`` is read from the closure as a bound parameter (SQLAlchemy caches the lambda's SQL, not it).
        st.statement = st.statement.options(*(
            with_loader_criteria(model, lambda cls: or_(cls.embargo_until.is_(None), cls.embargo_until <= at),
                                 include_aliases=True)
            for model in held))

    event.listen(s, "do_orm_execute", criteria)


def held_records(s: Session, now: datetime, kind_names: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(kind, row) of the records held at ``now``, soonest release first."""
    from presskit.kinds import KINDS

    out: list[tuple[datetime, str, Any]] = []
    for name in kind_names:
        model = KINDS[name].model
        if not hasattr(model, "embargo_until"):
            continue
        for row in s.scalars(select(model).where(model.embargo_until > now, model.removed_at.is_(None))).unique():
            out.append((row.embargo_until, name, row))
    out.sort(key=lambda t: (t[0], t[1], t[2].id))
    return [(name, row) for _, name, row in out]


def held_changes(s: Session, now: datetime, kind_names: tuple[str, ...]) -> list[m.StatusChange]:
    q = select(m.StatusChange).where(m.StatusChange.embargo_until > now,
                                     m.StatusChange.record_type.in_(kind_names))
    return list(s.scalars(q.order_by(m.StatusChange.embargo_until, m.StatusChange.id)))
