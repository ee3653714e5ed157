"""Several people on one PostgreSQL database at once, as real `presskit` processes.

Two processes add coverage while a third composes and marks newsletters: every newsworthy entry goes out in
exactly one send. Two `newsletter --mark-sent` started together: one sends, the other waits and finds nothing
left (or says why it stopped), and nothing is sent twice. To make the commands really meet, the test holds
presskit's write lock itself while they start, and lets go once PostgreSQL shows them all waiting for it.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from sqlalchemy import create_engine, text

from presskit.db import PG_WRITE_LOCK

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PRESSKIT = str(ROOT / ".venv" / "bin" / "presskit")
SETTINGS = ROOT / "data" / "newsletter.yaml"
NOW = "2014-02-01 09:00"  # after every record of data/, in the team's zone
EXIT_NOTHING_TO_SEND = 3


def _run(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PRESSKIT, "--db", url, *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def _send(url: str, out: Path) -> str | None:
    """`newsletter --mark-sent` to ``out``: its text, or None when there was nothing to send."""
    r = _run(url, "newsletter", "--mark-sent", "--format", "text", "-o", str(out), "--now", NOW,
             cwd=out.parent)
    assert r.returncode in (0, EXIT_NOTHING_TO_SEND), r.stderr
    return out.read_text(encoding="utf-8") if r.returncode == 0 else None


def _start(url: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([PRESSKIT, "--db", url, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=cwd)


@pytest.fixture
def shared(pg_url: str, tmp_path: Path):
    """The film's records and newsletter settings, with everything so far already sent."""
    for f in (DATA, SETTINGS):
        r = _run(pg_url, "import", str(f), cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    assert _send(pg_url, tmp_path / "first.txt") is not None
    eng = create_engine(pg_url)
    yield pg_url, eng
    eng.dispose()


def _waiting_for_the_lock(eng, n: int, timeout: float = 60) -> None:
    """Until ``n`` other sessions of this database wait on presskit's advisory lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with eng.connect() as conn:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                " WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()"
                " AND l.objid = :key"), {"key": PG_WRITE_LOCK}).scalar()
        if waiting >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"{n} commands never waited for the write lock")


def _carried(eng) -> dict[int, list[int]]:
    """journal entry id -> the sends (not undone) that carried it, for the supporters."""
    with eng.connect() as conn:
        rows = conn.execute(text(
            "SELECT i.journal_id, i.send_id FROM send_items i JOIN sends s ON s.id = i.send_id"
            " JOIN audiences a ON a.id = s.audience_id"
            " WHERE a.name = 'supporters' AND NOT i.released ORDER BY i.send_id")).all()
    out: dict[int, list[int]] = {}
    for journal_id, send_id in rows:
        out.setdefault(journal_id, []).append(send_id)
    return out


def _journal_ids(eng) -> list[int]:
    with eng.connect() as conn:
        return list(conn.execute(text("SELECT id FROM journal_entries ORDER BY id")).scalars())


def test_adds_while_sending_every_entry_goes_out_exactly_once(shared, tmp_path):
    url, eng = shared
    n = 5
    adders = [
        # a shell loop per person: one `presskit add` process after another
        subprocess.Popen(["bash", "-c", " ".join([
            f"for i in $(seq 1 {n}); do",
            f"{PRESSKIT} --db '{url}' add coverage --outlet 'Outlet {who}' --headline \"{who} piece $i\"",
            "--date 2014-01-3$((i % 2)) >/dev/null || exit 1; done"])],
            stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        for who in ("Ann", "Bob")]
    newsletters: list[str | None] = []
    while any(p.poll() is None for p in adders) or not newsletters:
        newsletters.append(_send(url, tmp_path / f"round-{len(newsletters) + 1}.txt"))
    for p in adders:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    newsletters.append(_send(url, tmp_path / "last.txt"))
    sent = [body for body in newsletters if body is not None]

    carried = _carried(eng)
    journal = _journal_ids(eng)
    assert sorted(carried) == journal  # every entry, the film's and the 10 new ones, went out
    twice = {j: sends for j, sends in carried.items() if len(sends) > 1}
    assert twice == {}
    # What the readers got: each new piece in exactly one newsletter.
    for who in ("Ann", "Bob"):
        for i in range(1, n + 1):
            headline = f"{who} piece {i}"
            assert sum(headline + "\n" in body or headline + " " in body for body in sent) == 1, headline
    assert len(sent) >= 2, "the sender never overlapped the adders"
    with eng.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pending_entries")).scalar() == 0


def test_two_mark_sent_at_once_send_once(shared, tmp_path):
    url, eng = shared
    for i in range(3):
        r = _run(url, "add", "coverage", "--outlet", "Example Weekly", "--headline", f"Piece {i}", "--date",
                 "2014-01-30", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    before = set(_carried(eng))
    with eng.connect() as holder:
        # Hold the writers' lock so that both commands are started and waiting before either can go on.
        holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_WRITE_LOCK})
        procs = [_start(url, "newsletter", "--mark-sent", "--format", "text", "-o", f"n{i}.txt", "--now", NOW,
                        cwd=tmp_path) for i in (1, 2)]
        try:
            _waiting_for_the_lock(eng, 2)
        finally:
            holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_WRITE_LOCK})
            holder.commit()
        results = [(p.wait(120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, EXIT_NOTHING_TO_SEND], results
    loser = next(err for code, _, err in results if code != 0)
    # It waited for the winner, then found nothing left: one line, and the exit code a cron job checks.
    assert loser == "Error: no news for 'supporters' since send 2 (2014-02-01); no newsletter written\n"
    written = [p for p in (tmp_path / "n1.txt", tmp_path / "n2.txt") if p.exists()]
    assert len(written) == 1  # no file for the one that had nothing to send
    body = written[0].read_text(encoding="utf-8")
    assert all(f"Piece {i}" in body for i in range(3))
    carried = _carried(eng)
    new = set(carried) - before
    assert len(new) == 3 and all(len(carried[j]) == 1 for j in new)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sends")).scalar() == 2  # the first one, and one more

