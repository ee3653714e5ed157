"""PostgreSQL as a real second backend: the same commands give the same answers; its own traps are handled.

The rest of the suite already runs on both backends through the `db_url` fixture; these tests compare the two
side by side and check what only PostgreSQL has (timestamptz, the partial unique index, the writers' lock).
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from conftest import DATA, ROOT, invoke
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from presskit import db as dbmod
from presskit import models as m
from presskit.db import open_database, session_scope
from presskit.errors import Conflict, Refused


def _run_both(sqlite_url: str, pg_url: str, *commands: tuple[str, ...]) -> list[tuple[str, str]]:
    outputs = []
    for args in commands:
        a, b = invoke(sqlite_url, *args), invoke(pg_url, *args)
        assert (a.exit_code, a.stderr) == (b.exit_code, b.stderr), args
        outputs.append((a.stdout, b.stdout))
    return outputs


def _unstamped(out: str) -> str:
    """The output without the machine's recording times (``recorded_at``/``created_at`` in a backup), which two
    runs a few seconds apart cannot share."""
    return re.sub(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"', '"<recorded>"', out)


@pytest.mark.postgres
def test_every_record_command_answers_the_same_on_both(tmp_path, pg_url):
    sqlite_url = f"sqlite:///{tmp_path / 'side.db'}"
    outputs = _run_both(
        sqlite_url, pg_url,
        ("init",),
        ("import", str(DATA)),
        ("add", "coverage", "--work", "the-defector", "--outlet", "Le Devoir", "--headline", "Évadé du Nord",
         "--url", "https://ledevoir.example/evade", "--date", "2014-02-01", "--quote", "Bouleversant."),
        ("status", "award", "csa-2014-best-documentary-program", "won", "--date", "2014-03-09"),
        ("status", "screening", "hot-docs-2013-2", "rescheduled", "--start", "2013-04-27 21:30",
         "--date", "2013-04-20"),
        ("edit", "organization", "nknews", "--city", "Seoul"),
        ("remove", "coverage", "1"),
        ("restore", "coverage", "1"),
        *[("list", plural, "--json") for plural in ("coverage", "awards", "selections", "screenings",
                                                    "broadcasts", "events", "actions", "organizations")],
        ("list",),
        ("show", "broadcast", "tvo-2013-06-26-2100"),
        ("history", "--limit", "100"),
        ("export", "--format", "json"),
        ("import", str(DATA)),
    )
    for sqlite_out, pg_out in outputs[1:]:  # `init` prints the database URL, which differs
        assert _unstamped(sqlite_out) == _unstamped(pg_out)
    assert _unstamped(outputs[-2][0]) != outputs[-2][0]  # the backup's recording times were there to set aside
    assert "Wed Jun 26, 2013 9:00 PM EDT" in outputs[-4][1]  # show: the local time with its zone
    assert '"headline": "Évadé du Nord"' in outputs[-2][1]  # export: UTF-8 intact


@pytest.mark.postgres
def test_bad_input_on_postgresql_is_one_line_and_changes_nothing(pg_url):
    assert invoke(pg_url, "init", "--title", "The Defector").exit_code == 0
    ok = invoke(pg_url, "add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--url",
             "https://www.nknews.org/review/", "--date", "2013-05-20")
    assert ok.exit_code == 0, ok.stderr
    dup = invoke(pg_url, "add", "coverage", "--outlet", "Other", "--headline", "Copy", "--url",
              "https://www.NKNEWS.org/review", "--date", "2013-05-21")
    assert dup.exit_code == 1
    assert dup.stderr == ("Error: coverage 1 already has the URL https://www.nknews.org/review;"
                          " edit that one instead\n")
    listed = invoke(pg_url, "list", "organizations", "--json").stdout
    assert "Other" not in listed  # the outlet the failed command would have created was rolled back


@pytest.mark.postgres
def test_times_are_timestamptz_and_independent_of_the_session_zone(pg_url):
    eng = open_database(pg_url)
    try:
        with eng.connect() as conn:
            cols = {c["name"]: c["type"] for c in inspect(conn).get_columns("broadcasts")}
        assert cols["starts_at"].__class__.__name__ == "TIMESTAMP" and cols["starts_at"].timezone is True
        from presskit import datafile

        with session_scope(eng) as s:
            datafile.import_data(s, datafile.load_file(DATA), source=DATA.name)
        with session_scope(eng, write=False) as s:
            s.execute(text("SET TIME ZONE 'Pacific/Kiritimati'"))
            tvo = s.scalar(select(m.Broadcast).where(m.Broadcast.key == "tvo-2013-06-26-2100"))
            assert tvo.starts_at == datetime(2013, 6, 27, 1, 0, tzinfo=UTC)
            assert tvo.local_start.strftime("%Y-%m-%d %H:%M %Z") == "2013-06-26 21:00 EDT"
            abc = s.scalar(select(m.Broadcast).where(m.Broadcast.key == "abc1-2013-06-17-2030"))
            assert abc.local_start.strftime("%Y-%m-%d %H:%M %Z") == "2013-06-17 20:30 AEST"
    finally:
        eng.dispose()


def test_one_entry_cannot_be_carried_twice_for_one_audience(defector):
    """The partial unique index on send_items (released = false) exists on both backends and bites."""
    now = datetime(2014, 2, 1, tzinfo=UTC)
    with session_scope(defector) as s:
        aud = s.scalar(select(m.Audience).where(m.Audience.name == "supporters"))  # every database has it
        entry_id = s.scalar(select(m.JournalEntry.id).order_by(m.JournalEntry.id))
        sends = [m.Send(audience_id=aud.id, subject=f"s{i}", sent_at=now) for i in range(3)]
        s.add_all(sends)
        s.flush()
        s.add(m.SendItem(send_id=sends[0].id, audience_id=aud.id, journal_id=entry_id, released=True))
        s.add(m.SendItem(send_id=sends[1].id, audience_id=aud.id, journal_id=entry_id))
        s.flush()  # a released (undone) carry does not count
    with pytest.raises(Refused) as refused:
        with session_scope(defector) as s:
            s.add(m.SendItem(send_id=sends[2].id, audience_id=aud.id, journal_id=entry_id))
            s.flush()
    assert isinstance(refused.value.__cause__, IntegrityError)
    with session_scope(defector, write=False) as s:
        assert s.scalar(select(m.SendItem.id).where(m.SendItem.send_id == sends[2].id)) is None


def test_a_second_writer_waits_then_gives_a_clear_error(db_url, monkeypatch):
    """Writers queue (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL); a long wait is one line."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 400)
    eng = open_database(db_url)
    try:
        with session_scope(eng) as first:
            first.add(m.Audience(name="press", created_at=datetime(2014, 1, 1, tzinfo=UTC)))
            first.flush()
            started = datetime.now(UTC)
            with pytest.raises(Conflict) as e:
                with session_scope(eng) as second:
                    second.add(m.Audience(name="funders", created_at=datetime(2014, 1, 1, tzinfo=UTC)))
                    second.flush()
            waited = (datetime.now(UTC) - started).total_seconds()
        assert str(e.value) == ("the database is busy: another presskit command kept it locked for 0.4 s;"
                                " nothing was changed, try again")
        assert waited >= 0.35  # it queued before giving up
        with session_scope(eng, write=False) as s:
            assert sorted(s.scalars(select(m.Audience.name))) == ["press", "supporters"]
    finally:
        eng.dispose()


def test_readers_do_not_wait_for_a_writer(defector):
    with session_scope(defector) as writer:
        writer.add(m.Audience(name="press", created_at=datetime(2014, 1, 1, tzinfo=UTC)))
        writer.flush()
        with session_scope(defector, write=False) as reader:
            assert reader.scalar(select(m.Nomination.id).limit(1)) is not None
            uncommitted = select(m.Audience.id).where(m.Audience.name == "press")
            assert reader.scalar(uncommitted) is None


@pytest.mark.postgres
def test_two_commands_opening_a_new_database_at_once_both_work(pg_url, tmp_path):
    """Both migrate; the second waits for the first and finds the schema up to date."""
    exe = str(ROOT / ".venv" / "bin" / "presskit")
    procs = [subprocess.Popen([exe, "--db", pg_url, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=tmp_path) for _ in range(3)]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    eng = create_engine(pg_url)
    try:
        with eng.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
                __import__("presskit.migrations", fromlist=["HEAD"]).HEAD]
    finally:
        eng.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_ci_helper_starts_a_throwaway_server_and_removes_it():
    """`.ci/with-postgres CMD` (what .ci/run uses) hands CMD a working URL on loopback and cleans up after."""
    probe = ("import os; from sqlalchemy import create_engine, text; u = os.environ['PRESSKIT_TEST_PG_URL'];"
             " e = create_engine(u); c = e.connect();"
             " print(u.split('@')[1], c.execute(text('SHOW listen_addresses')).scalar()); c.close()")
    r = subprocess.run([str(ROOT / ".ci" / "with-postgres"), sys.executable, "-c", probe],
                       capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    where, listen = r.stdout.split()
    assert where.startswith("127.0.0.1:") and where.endswith("/presskit_test") and listen == "127.0.0.1"
    port = int(where.split(":")[1].split("/")[0])
    import socket

    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("127.0.0.1", port))  # stopped once the command ended
