"""Import and export (issue 2, section 3): importing twice changes nothing; export -> import into an empty
database -> export gives the same text, whatever the records went through."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from presskit import datafile, records
from presskit import models as m
from presskit.db import open_database, session_scope
from tests.conftest import DATA, copy_pictures
from tests.database_support import database_state, rows

NOW = datetime(2014, 3, 10, 15, 0, tzinfo=UTC)


def _export(engine, fmt: str = "yaml") -> str:
    with session_scope(engine, write=False) as s:
        return datafile.dump(datafile.export_data(s), fmt)


def _import(engine, path: Path, merge: str | None = None) -> datafile.ImportResult:
    with session_scope(engine) as s:
        return datafile.import_data(s, datafile.load_file(path), source=path.name, now=NOW, merge=merge)


def _empty_database(tmp_path: Path, name: str, db_backend: str, request):
    if db_backend == "sqlite":
        return open_database(f"sqlite:///{tmp_path / name}")
    return open_database(request.getfixturevalue("pg_url"))


def test_importing_the_same_file_twice_changes_nothing(engine, db_url):
    first = _import(engine, DATA)
    assert first.added["award"] == 6 and first.status_changes == 1
    exported, state = _export(engine), database_state(db_url)
    second = _import(engine, DATA)
    assert (second.added, second.updated, second.status_changes, second.changed) == ({}, {}, 0, False)
    assert _export(engine) == exported
    assert database_state(db_url) == state  # not a single row written: no edits, no journal entries


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_import_export_gives_the_same_text(defector, tmp_path, db_backend, request, fmt):
    text = _export(defector, fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    other = _empty_database(tmp_path, "other.db", db_backend, request)
    result = _import(other, path)
    assert sum(result.added.values()) == 71
    assert _export(other, fmt) == text
    other.dispose()


def _a_busy_history(engine) -> None:
    """Records made at the command line (no keys), then corrected, moved, removed and forced back."""
    with session_scope(engine) as s:
        records.add(s, "work", {"title": "The Defector"}, now=NOW)
        records.add(s, "work", {"title": "The Defector Interactive", "kind": "interactive"}, now=NOW)
        records.add(
            s, "organization",
            {"name": "Scotiabank Theatre", "kind": "venue", "timezone": "America/Toronto"},
            now=NOW,
        )
        records.add(
            s, "selection",
            {
                "festival": "Hot Docs",
                "year": 2013,
                "premiere": "national",
                "premiere_region": "Canadian",
                "date": "2013-03-20",
            },
            now=NOW,
        )
        sc = records.add(
            s, "screening",
            {
                "selection": "selection-1",
                "venue": "Scotiabank Theatre",
                "room": "Cinema 4",
                "starts_at": "Sat, Apr 27 9:00 PM",
                "year": "2013",
                "date": "2013-03-20",
            },
            now=NOW,
        )
        records.add(
            s, "screening",
            {"venue": "Scotiabank Theatre", "starts_at": "2013-04-29 15:30", "date": "2013-03-20"},
            now=NOW,
        )
        award = records.add(
            s, "award",
            {
                "body": "Academy of Canadian Cinema & Television",
                "year": 2014,
                "category": "Best Documentary Program",
                "date": "2014-01-14",
                "nominee": "Ann Shin",
            },
            now=NOW,
        )
        cov = records.add(
            s, "coverage",
            {
                "outlet": "NKNews.org",
                "headline": "Film Reveiw",
                "published": "2013-05-20",
                "quote": "A unique documentary",
                "url": "https://www.nknews.org/r/",
            },
            now=NOW,
        )
        records.add(s, "quote", {"coverage": cov.id, "text": "A must-see", "approved": False}, now=NOW)
        records.add(s, "credit", {"person": "Ann Shin", "role": "Director"}, now=NOW)
        records.add(
            s, "broadcast", {"channel": "ABC iview", "territory": "Australia", "date": "2013-06-10"}, now=NOW
        )
        records.add(
            s, "event",
            {
                "title": "Exhibit",
                "starts_at": "2011-11-22 18:00",
                "ends_at": "2011-11-22 19:30",
                "timezone": "America/Toronto",
                "date": "2011-11-20",
            },
            now=NOW,
        )
        records.add(
            s, "action",
            {
                "title": "Vote",
                "deadline": "2011-12-05 23:59",
                "timezone": "America/Toronto",
                "announced": "2011-12-04",
                "work": "the-defector-interactive",
            },
            now=NOW,
        )
    with session_scope(engine) as s:
        records.edit(s, "coverage", cov.id, {"headline": "Film Review"}, now=NOW)
        # moved twice, and the second new time then corrected with edit
        records.change_status(
            s, "screening", sc.id, "rescheduled", start="2013-04-28 21:00", on="2013-04-01", now=NOW
        )
        records.change_status(
            s, "screening", sc.id, "rescheduled",
            start="2013-04-30 21:00",
            on="2013-04-10",
            note="venue change",
            now=NOW,
        )
        records.edit(s, "screening", sc.id, {"starts_at": "2013-04-30 21:30"}, now=NOW)
        records.change_status(s, "screening", 2, "cancelled", on="2013-04-15", now=NOW)
        records.change_status(
            s, "award", award.id, "won", on="2014-03-09", url="https://www.academy.ca", now=NOW
        )
        records.change_status(
            s, "award", award.id, "nominated", on="2014-03-10", force=True, note="too early", now=NOW
        )
        records.change_status(s, "selection", 1, "screened", on="2013-05-05", now=NOW)
        records.remove(s, "coverage", cov.id, now=NOW)


def test_a_busy_history_survives_the_round_trip(engine, tmp_path, db_backend, request):
    _a_busy_history(engine)
    text = _export(engine)
    path = tmp_path / "busy.yaml"
    path.write_text(text, encoding="utf-8")
    other = _empty_database(tmp_path, "other.db", db_backend, request)
    _import(other, path)
    assert _export(other) == text
    # the same records, not just the same text
    for model in (m.Screening, m.Nomination, m.Coverage, m.Selection, m.Broadcast, m.Event, m.Action):
        mine, theirs = rows(engine, model), rows(other, model)
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs, strict=True):
            for attr in (
                "status", "starts_at", "previous_starts_at", "timezone", "removed_at", "headline", "deadline",
                "ends_at",
            ):
                if hasattr(a, attr) and attr != "removed_at":
                    assert getattr(a, attr) == getattr(b, attr), (model.__name__, attr)
            assert (a.removed_at is None) == (b.removed_at is None)
    (moved, cancelled) = rows(other, m.Screening)
    assert moved.local_start.isoformat() == "2013-04-30T21:30:00-04:00"  # the corrected time, not the typo
    assert moved.previous_starts_at.isoformat() == "2013-04-29T01:00:00+00:00"
    assert str(cancelled.status) == "cancelled"
    history = [
        (c.from_status, c.to_status, c.correction) for c in rows(other, m.StatusChange, record_type="award")
    ]
    assert history == [(None, "nominated", False), ("nominated", "won", False), ("won", "nominated", True)]
    other.dispose()


def test_importing_an_export_back_into_its_own_database_changes_nothing(engine, tmp_path, db_url):
    """Records added at the command line have no key; merged, the backup's "award 1" finds award 1 again."""
    _a_busy_history(engine)
    path = tmp_path / "backup.yaml"
    path.write_text(_export(engine), encoding="utf-8")
    state = database_state(db_url)
    result = _import(engine, path, merge="records-only")
    assert not result.changed, (result.added, result.updated, result.status_changes)
    assert database_state(db_url) == state


def test_a_changed_field_in_the_file_is_an_edit_not_news(defector, tmp_path):
    text = DATA.read_text(encoding="utf-8").replace("Nicolle Loughlin", "Nicole Loughlin")
    path = tmp_path / "fixed.yaml"
    path.write_text(text, encoding="utf-8")
    journal_before = len(rows(defector, m.JournalEntry))
    result = _import(defector, path)
    assert (result.added, result.updated, result.status_changes) == ({}, {"coverage": 1}, 0)
    assert len(rows(defector, m.JournalEntry)) == journal_before
    (edit,) = rows(defector, m.Edit)
    assert (edit.record_type, edit.field, edit.old_value, edit.new_value) == (
        "coverage", "author", "Nicolle Loughlin", "Nicole Loughlin",
    )


def test_a_new_history_entry_in_the_file_is_news(defector, tmp_path):
    text = DATA.read_text(encoding="utf-8").replace(
        "      - {status: nominated, date: 2014-01-14}   # inferred: nominations post date (see"
        " header); outcome"
        ' still open ("keep your fingers crossed")',
        "      - {status: nominated, date: 2014-01-14}\n      - {status: won, date: 2014-03-09}",
    )
    assert text != DATA.read_text(encoding="utf-8")
    path = tmp_path / "won.yaml"
    path.write_text(text, encoding="utf-8")
    result = _import(defector, path)
    assert (result.added, result.updated, result.status_changes) == ({}, {}, 1)
    (award,) = rows(defector, m.Nomination, key="csa-2014-best-documentary-program")
    assert str(award.status) == "won"
    entry = rows(defector, m.JournalEntry)[-1]
    assert (entry.kind, entry.record_id, entry.status_change.to_status) == (
        m.JournalKind.status, award.id, "won",
    )


def test_a_time_corrected_in_the_file_is_an_edit(defector, tmp_path):
    text = DATA.read_text(encoding="utf-8").replace(
        'starts_at: "2013-05-04 18:30"', 'starts_at: "2013-05-04 19:00"'
    )
    path = tmp_path / "time.yaml"
    path.write_text(text, encoding="utf-8")
    assert _import(defector, path).updated == {"screening": 1}
    (regent,) = rows(defector, m.Screening, key="hot-docs-2013-3")
    assert regent.local_start.isoformat() == "2013-05-04T19:00:00-04:00"


def test_export_writes_wall_times_and_zones(defector):
    with session_scope(defector, write=False) as s:
        data = datafile.export_data(s)
    tvo = next(b for b in data["broadcasts"] if b["key"] == "tvo-2013-06-26-2100")
    assert (tvo["starts_at"], tvo["timezone"], tvo["channel"]) == (
        "2013-06-26 21:00", "America/Toronto", "tvo",
    )
    assert tvo["history"] == [{"status": "scheduled", "date": "2013-06-10"}]
    digi = next(a for a in data["awards"] if a["key"] == "digi-2013-cross-platform-non-fiction")
    assert [h["status"] for h in digi["history"]] == ["nominated", "won"]
    hot_docs = [sc["key"] for sc in data["screenings"]]
    assert hot_docs == ["hot-docs-2013-1", "hot-docs-2013-2", "hot-docs-2013-3"]


@pytest.mark.sqlite_only("reading the file happens before any database work")
def test_a_named_pipe_nobody_writes_to_does_not_hang(cli, db_url, tmp_path):
    import os
    import time

    pipe = tmp_path / "records.yaml"
    os.mkfifo(pipe)
    before = database_state(db_url)
    started = time.monotonic()
    r = cli("import", str(pipe))
    assert time.monotonic() - started < 10  # opening a pipe without a writer used to wait forever
    assert r.exit_code == 1 and r.stderr.startswith("Error: records.yaml: "), r.stderr
    assert database_state(db_url) == before


@pytest.mark.sqlite_only("reading the file happens before any database work")
def test_a_pipe_with_a_writer_is_read_like_a_file(cli, tmp_path):
    import os
    import threading

    pipe = tmp_path / "records.yaml"
    os.mkfifo(pipe)
    copy_pictures(tmp_path)

    # The writer is there before presskit opens the pipe, as with the shell's <(...): an idle reader end
    # lets the write end open at once.
    idle = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    end = os.open(pipe, os.O_WRONLY)

    def write() -> None:
        with open(end, "wb") as f:
            f.write(DATA.read_bytes())

    writer = threading.Thread(target=write)
    writer.start()
    r = cli("import", str(pipe))
    writer.join(10)
    os.close(idle)
    assert r.exit_code == 0, r.stderr
    assert "added" in r.stdout and "coverage" in r.stdout
