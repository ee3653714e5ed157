"""Exactly once: every piece of news goes out in exactly one newsletter per audience — with random
histories, with two writers at once, and when the sending process is killed half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from database_support import database_state
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from newsletter_support import build, import_film
from sqlalchemy import delete, insert, select

from presskit import datafile, records
from presskit import models as m
from presskit.db import session_scope
from presskit.errors import NothingToSend

UNSUBSCRIBE = "https://www.example.org/unsubscribe"
START = datetime(2014, 1, 4, 9, 0, tzinfo=UTC)  # the sends' clock at first; `tick` moves it on


# ---------------------------------------------------------------------------------------- state machine


def _wipe(s) -> None:
    for table in reversed(m.Base.metadata.sorted_tables):
        s.execute(delete(table))


def _reset(engine) -> None:
    """An empty database with its default audience, as a fresh migration leaves it (works on any backend)."""
    with session_scope(engine) as s:
        _wipe(s)
        s.execute(insert(m.Audience).values(name="supporters", created_at=datetime(2000, 1, 1, tzinfo=UTC)))
        for slug, primary in (("film", True), ("other", False)):
            records.add(s, "work", {"title": slug.title(), "slug": slug, "primary": primary,
                                    "unsubscribe_url": UNSUBSCRIBE})


class Outbox(RuleBasedStateMachine):
    """Random adds, status changes, embargoes, removals, sends (per audience, per work, at a moving clock), undos,
    and backups restored over the database, against a model of which send carried which entry."""

    engine = None  # set by the test

    def __init__(self) -> None:
        super().__init__()
        _reset(self.engine)
        self.record_of: dict[int, tuple[str, int, str]] = {}  # journal id -> (kind, record id, work slug)
        self.audiences = {"supporters"}
        self.pending: dict[str, set[int]] = {"supporters": set()}
        self.carried: dict[int, tuple[str, set[int]]] = {}  # live send id -> (audience, journal ids)
        self.undone: set[int] = set()
        self.removed: set[tuple[str, int]] = set()
        self.nominated: list[int] = []
        self.n = 0
        self.clock = START
        self.embargo: dict[tuple[str, int], datetime | None] = {}  # record -> its embargo
        self.release: dict[int, datetime | None] = {}  # journal id -> when it may go out

    def _journal_since(self, s, before: int) -> list[m.JournalEntry]:
        return list(s.scalars(select(m.JournalEntry).where(m.JournalEntry.id > before)
                              .order_by(m.JournalEntry.id)))

    def _note_news(self, s, before: int, held: datetime | None = None) -> None:
        for e in self._journal_since(s, before):
            slug = s.get(m.Work, e.work_id).slug
            self.record_of[e.id] = (e.record_type, e.record_id, slug)
            times = [t for t in (self.embargo.get((e.record_type, e.record_id)), held) if t is not None]
            self.release[e.id] = max(times) if times else None
            for aud in self.audiences:
                self.pending[aud].add(e.id)

    def _last_journal_id(self) -> int:
        return max(self.record_of, default=0)

    def _held(self, hours: int | None) -> datetime | None:
        # An embargo on the clock's grid: 0 is the very moment of the next send, a negative one is past.
        return None if hours is None else self.clock + timedelta(hours=hours)

    @rule(kind=st.sampled_from(["coverage", "award", "action"]), work=st.sampled_from(["film", "other"]),
          hours=st.sampled_from([None, None, -1, 0, 1, 3]))
    def add(self, kind: str, work: str, hours: int | None) -> None:
        self.n += 1
        given = {
            "coverage": {"outlet": "Outlet", "headline": f"Story {self.n}", "published": "2014-01-02"},
            "award": {"body": "Academy", "year": 2014, "category": f"Category {self.n}",
                      "date": "2014-01-02"},
            "action": {"title": f"Act {self.n}", "announced": "2014-01-02"},
        }[kind]
        held = self._held(hours)
        with session_scope(self.engine) as s:
            before = self._last_journal_id()
            if held is not None:
                given.pop("date", None)  # held news is dated by its release
            row = records.add(s, kind, {**given, "work": work, "embargo_until": held})
            self.embargo[(kind, row.id)] = held
            self._note_news(s, before)
        if kind == "award":
            self.nominated.append(row.id)

    @precondition(lambda self: any(("award", a) not in self.removed for a in self.nominated))
    @rule(data=st.data(), outcome=st.sampled_from(["won", "lost"]), hours=st.sampled_from([None, 0, 2]))
    def decide(self, data, outcome: str, hours: int | None) -> None:
        award = data.draw(st.sampled_from([a for a in self.nominated if ("award", a) not in self.removed]))
        held = self._held(hours)
        with session_scope(self.engine) as s:
            before = self._last_journal_id()
            records.change_status(s, "award", award, outcome, on=None if held else "2014-01-03", embargo_until=held)
            self._note_news(s, before, held)
        self.nominated.remove(award)

    @precondition(lambda self: self.record_of)
    @rule(data=st.data())
    def remove_or_restore(self, data) -> None:
        kind, rid, _ = self.record_of[data.draw(st.sampled_from(sorted(self.record_of)))]
        with session_scope(self.engine) as s:
            if (kind, rid) in self.removed:
                records.restore(s, kind, rid)
                self.removed.discard((kind, rid))
            else:
                records.remove(s, kind, rid)
                self.removed.add((kind, rid))

    @rule(audience=st.sampled_from(["supporters", "press"]), only=st.sampled_from([None, "film", "other"]))
    def send(self, audience: str, only: str | None) -> None:
        # An audience that has had no send yet has seen nothing: all news so far is new to it. (Its row is
        # created by its first send; a send with nothing to say leaves no trace.)
        pending = self.pending.get(audience, set(self.record_of))
        expected = {j for j in pending
                    if self.record_of[j][:2] not in self.removed and only in (None, self.record_of[j][2])
                    and (self.release[j] is None or self.release[j] <= self.clock)}
        try:
            result = build(self.engine, audience=audience, works=[only] if only else [], formats=("text",),
                           mark_sent=True, now=self.clock)
        except NothingToSend:
            assert expected == set()
            return
        with session_scope(self.engine, write=False) as s:
            got = set(s.scalars(select(m.SendItem.journal_id).where(m.SendItem.send_id == result.send_id)))
        assert got == expected
        self.audiences.add(audience)
        self.carried[result.send_id] = (audience, got)
        self.pending[audience] = pending - got

    @rule(hours=st.sampled_from([1, 2]))
    def tick(self, hours: int) -> None:
        self.clock += timedelta(hours=hours)

    @rule()
    def back_up_and_restore(self) -> None:
        """The database is exported, emptied and restored from the file: the outbox must not notice."""
        with session_scope(self.engine, write=False) as s, tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "backup.yaml"
            path.write_text(datafile.dump(datafile.export_data(s), "yaml"), encoding="utf-8")
            data = datafile.load_file(path)
        with session_scope(self.engine) as s:
            _wipe(s)
            datafile.import_data(s, data, source="backup.yaml")

    @precondition(lambda self: self.carried)
    @rule(data=st.data())
    def undo(self, data) -> None:
        send_id = data.draw(st.sampled_from(sorted(self.carried)))
        with session_scope(self.engine) as s:
            from presskit import newsletter

            newsletter.undo_send(s, send_id)
        audience, entries = self.carried.pop(send_id)
        self.undone.add(send_id)
        self.pending[audience] |= entries

    @invariant()
    def each_entry_is_pending_or_in_one_live_send(self) -> None:
        with session_scope(self.engine, write=False) as s:
            for aud in self.audiences:
                pending = set(s.scalars(select(m.PendingEntry.journal_id).join(m.Audience)
                                        .where(m.Audience.name == aud)))
                live = list(s.scalars(select(m.SendItem.journal_id).join(m.Audience, m.Audience.id ==
                                                                         m.SendItem.audience_id)
                                      .where(m.Audience.name == aud, m.SendItem.released.is_(False))))
                assert pending == self.pending[aud]
                assert len(live) == len(set(live))  # no entry in two live sends
                assert pending.isdisjoint(live)
                assert pending | set(live) == set(self.record_of)  # and none lost

    def teardown(self) -> None:
        # Restore everything and send the rest: then every entry is in exactly one live send per audience.
        with session_scope(self.engine) as s:
            for kind, rid in self.removed:
                records.restore(s, kind, rid)
        for aud in sorted(self.audiences):
            try:  # after every embargo
                build(self.engine, audience=aud, formats=("text",), mark_sent=True, now=self.clock + timedelta(days=2))
            except NothingToSend:
                pass
        with session_scope(self.engine, write=False) as s:
            for aud in self.audiences:
                live = list(s.scalars(select(m.SendItem.journal_id).join(m.Send).join(m.Audience)
                                      .where(m.Audience.name == aud, m.Send.undone_at.is_(None))))
                assert sorted(live) == sorted(self.record_of)


@pytest.mark.slow
def test_every_entry_goes_out_exactly_once_per_audience(engine):
    Outbox.engine = engine
    run_state_machine_as_test(Outbox, settings=settings(
        max_examples=int(os.environ.get("PRESSKIT_OUTBOX_EXAMPLES", "25")), stateful_step_count=25,
        deadline=None, suppress_health_check=[HealthCheck.too_slow]))


# ------------------------------------------------------------------------------------- two at once


@pytest.fixture
def film(engine):
    import_film(engine)
    return engine


def _pause_while_composing(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Holds the first newsletter between selecting its entries and recording the send."""
    from presskit.render import email as render_email

    composed, release = threading.Event(), threading.Event()
    real = render_email.render

    def paused(*args, **kwargs):
        if not composed.is_set():
            composed.set()
            assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(render_email, "render", paused)
    return composed, release


def _carried_headlines(engine, send_id: int) -> set[str]:
    with session_scope(engine, write=False) as s:
        ids = s.scalars(select(m.JournalEntry.record_id).join(m.SendItem).where(
            m.SendItem.send_id == send_id, m.JournalEntry.record_type == "coverage"))
        return {s.get(m.Coverage, i).headline for i in ids}


def test_news_committed_while_a_newsletter_is_composed_goes_in_the_next(film, monkeypatch):
    composed, release = _pause_while_composing(monkeypatch)
    results: dict[str, object] = {}

    def send() -> None:
        results["first"] = build(film, formats=("text",), mark_sent=True, now="2014-02-01")

    def write() -> None:
        with session_scope(film) as s:  # another connection
            records.add(s, "coverage", {"outlet": "NOW Magazine", "headline": "Arrived mid-send",
                                        "published": "2014-02-01"})
        results["written"] = True

    sender = threading.Thread(target=send)
    sender.start()
    assert composed.wait(30)
    writer = threading.Thread(target=write)
    writer.start()
    writer.join(0.5)  # on SQLite the writer queues behind the send; on PostgreSQL it commits now
    release.set()
    sender.join(30)
    writer.join(30)
    assert results.get("written") is True
    first = results["first"]
    assert "Arrived mid-send" not in _carried_headlines(film, first.send_id)  # type: ignore[attr-defined]
    second = build(film, formats=("text",), mark_sent=True, now="2014-02-02")
    assert _carried_headlines(film, second.send_id) == {"Arrived mid-send"}


def test_two_senders_at_once_send_each_entry_once(film, monkeypatch):
    composed, release = _pause_while_composing(monkeypatch)
    outcomes: list[object] = []

    def send() -> None:
        try:
            outcomes.append(build(film, formats=("text",), mark_sent=True, now="2014-02-01"))
        except NothingToSend as e:
            outcomes.append(e)

    first, second = threading.Thread(target=send), threading.Thread(target=send)
    first.start()
    assert composed.wait(30)
    second.start()  # waits for the first's lock (BEGIN IMMEDIATE, or FOR UPDATE on PostgreSQL)
    second.join(0.5)
    release.set()
    first.join(30)
    second.join(30)
    sent = [o for o in outcomes if not isinstance(o, NothingToSend)]
    assert len(outcomes) == 2 and len(sent) == 1
    assert isinstance(next(o for o in outcomes if o not in sent), NothingToSend)
    with session_scope(film, write=False) as s:
        carried = list(s.scalars(select(m.SendItem.journal_id)))
        assert sorted(carried) == sorted(s.scalars(select(m.JournalEntry.id)))


# ------------------------------------------------------------------------------------------ kill -9

_KILLED = r"""
import sys, time
import presskit.newsletter as core
from presskit.cli import main

real = core.record_send

def record_then_hang(*args, **kwargs):
    send = real(*args, **kwargs)
    print("MARKED", flush=True)  # the send is written in the open transaction, not committed
    time.sleep(120)
    return send

core.record_send = record_then_hang
sys.argv = ["presskit", "--db", sys.argv[1], "newsletter", "--mark-sent", "--now", "2014-01-28",
            "-o", "killed.html"]
main()
"""


def test_kill_9_between_composing_and_committing_leaves_nothing_sent(film, db_url, cli, tmp_path):
    before = database_state(db_url)
    with subprocess.Popen([sys.executable, "-c", _KILLED, db_url], stdout=subprocess.PIPE, text=True,
                          cwd=tmp_path) as child:
        try:
            assert child.stdout is not None and child.stdout.readline() == "MARKED\n"
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert database_state(db_url) == before
    # Nothing but the lock file the killed process could not remove (harmless: the kernel dropped its lock).
    assert [p.name for p in tmp_path.glob("*killed.html*")] == [".killed.html.presskit-lock"]
    r = cli("newsletter", "--mark-sent", "--now", "2014-01-28", "-o", "after.html")
    assert r.exit_code == 0, r.stderr
    assert "(39 entries)" in r.stdout  # everything, once: the killed send left no trace
    assert len(cli("sends").stdout.splitlines()) == 2  # the header and that one send
