"""The send and its file commit together (issue 15): `newsletter --mark-sent -o FILE` killed at any step leaves
the send and the file agreeing once the next run on FILE has started, and two writers of one FILE never both
record a send."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest
from database_support import database_state
from newsletter_support import import_film

from presskit import sendfile

NOW = "2014-01-28"

# Kills its own process (kill -9: no clean-up runs) at one step of the send.
_KILL_AT = r"""
import os, signal, sys
import presskit.sendfile as sendfile
from presskit.cli import main

step = sys.argv[2]
if step == "staged":  # the file is durable under its staged name; the send is not committed
    real_write = sendfile.Staged.write

    def write_then_die(self, data):
        real_write(self, data)
        os.kill(os.getpid(), signal.SIGKILL)

    sendfile.Staged.write = write_then_die
else:  # "committed": the send is committed; the file is not yet moved into place
    def die(src, dst):
        os.kill(os.getpid(), signal.SIGKILL)

    sendfile._replace = die
sys.argv = ["presskit", "--db", sys.argv[1], "newsletter", "--mark-sent", "--now", "2014-01-28",
            "-o", "out.html"]
main()
"""


@pytest.fixture
def film(engine, cli):
    """The CLI on the film's records with the demo newsletter settings (send-ready)."""
    import_film(engine)
    return cli


def _staged(folder):
    return sorted(p.name for p in folder.iterdir() if sendfile.STAGED in p.name)


def _killed_at(step: str, db_url: str, folder) -> None:
    child = subprocess.run([sys.executable, "-c", _KILL_AT, db_url, step], cwd=folder, capture_output=True,
                           text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert not (folder / "out.html").exists()
    assert len(_staged(folder)) == 1  # fsynced before the kill


@pytest.mark.parametrize("step", ["staged", "committed"])
def test_a_send_killed_at_any_step_ends_with_file_and_send_agreeing(step, film, db_url, tmp_path):
    _killed_at(step, db_url, tmp_path)
    sends = film("sends").stdout.splitlines()
    assert len(sends) == (1 if step == "staged" else 2)  # the header (and the send, once committed)

    r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert r.exit_code == 0, r.stderr
    if step == "staged":  # never sent: the staged file is gone, this run sends everything
        assert r.stdout.startswith("Wrote out.html (html), ")
        found = re.search(r"Recorded send (\d+) \(39 entries\)", r.stdout)  # PostgreSQL's ids skip the rollback's
        assert found, r.stdout
        send_id = found[1]
    else:  # sent: this run moves the file the send recorded into place, and records nothing new
        send_id, subject = sends[1].split()[0], sends[1].split("  ")[-1]
        assert r.stdout == (f"Wrote out.html: send {send_id}, {subject} (recorded by a run that stopped before"
                            " writing its file). Send it, then run again for newer news\n")
    assert _staged(tmp_path) == []
    assert len(film("sends").stdout.splitlines()) == 2  # one send, whichever step was killed
    shown = film("sends", "show", send_id, "--format", "html")
    assert (tmp_path / "out.html").read_text("utf-8") == shown.stdout  # the file is the send's

    again = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert again.exit_code == 3, again.stderr  # nothing new: the news went out exactly once


def test_a_file_that_cannot_be_moved_in_place_says_the_send_is_recorded(film, db_url, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    with monkeypatch.context() as patched:
        patched.setattr(sendfile, "_replace", refuse)
        r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == ("Error: send 1 was recorded, but its file could not be moved onto 'out.html'"
                        " ([Errno 13] Permission denied: 'out.html'); fix that and run the same command again"
                        " to finish it\n")
    r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert r.exit_code == 0 and r.stdout.startswith("Wrote out.html: send 1, "), r.stderr


def test_a_commit_that_fails_leaves_neither_send_nor_file(film, db_url, tmp_path, monkeypatch):
    from sqlalchemy.orm import Session

    def broken_commit(self):
        raise OSError(28, "No space left on device")

    before = database_state(db_url)
    with monkeypatch.context() as patched:
        patched.setattr(Session, "commit", broken_commit)
        r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert r.exit_code == 1 and r.stderr == ("Error: the disk is full (No space left on device); nothing was"
                                             " changed. Free some space and run the same command again\n")
    assert database_state(db_url) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "out.html" in p.name) == []  # no file, no staged file
    r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert r.exit_code == 0 and "(39 entries)" in r.stdout, r.stderr


def test_a_database_that_is_full_at_commit_is_named(film, db_url, tmp_path, monkeypatch):
    # What each database raises when its disk fills during the commit: SQLite's SQLITE_FULL, PostgreSQL's
    # disk_full (SQLSTATE 53100).
    import sqlite3

    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    class DiskFullError(Exception):
        sqlstate = "53100"

    cause = (sqlite3.OperationalError("database or disk is full") if db_url.startswith("sqlite")
             else DiskFullError("could not extend file: No space left on device"))

    def full_commit(self):
        raise OperationalError("COMMIT", {}, cause)

    before = database_state(db_url)
    with monkeypatch.context() as patched:
        patched.setattr(Session, "commit", full_commit)
        r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert r.exit_code == 1 and r.stderr == (f"Error: the disk is full ({cause}); nothing was changed. Free some"
                                             " space and run the same command again\n")
    assert database_state(db_url) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "out.html" in p.name) == []


def test_a_second_writer_of_one_file_stops_before_recording(film, db_url, tmp_path):
    before = database_state(db_url)
    with sendfile.locked(tmp_path / "out.html"):
        r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")
    assert r.stderr == ("Error: another presskit command is writing 'out.html' right now; nothing was recorded:"
                        " wait for it to finish, or give another -o file\n")
    assert (r.exit_code, r.stdout) == (1, "")
    assert database_state(db_url) == before
    assert sorted(os.listdir(tmp_path)) == sorted(p for p in os.listdir(tmp_path) if "out.html" not in p)
    r = film("newsletter", "--mark-sent", "--now", NOW, "-o", "out.html")  # the lock went with its holder
    assert r.exit_code == 0, r.stderr
