"""The database itself (issue 2, section 2): migrations agree with the models, any command brings a new or
older database to the newest migration, and SQLite runs with foreign keys, WAL and a busy timeout."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from presskit import migrations
from presskit import models as m
from presskit.db import BUSY_TIMEOUT_MS, current_revision, make_engine, open_database, session_scope
from presskit.errors import Refused
from tests.database_support import sqlite_path


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrations.alembic_config())


def _drift(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(ctx, m.Base.metadata)


def test_the_migrations_build_exactly_the_models(engine):
    assert _drift(engine) == []


def test_head_in_the_package_is_the_newest_script():
    scripts = _scripts()
    assert scripts.get_heads() == [migrations.HEAD]  # one head, and the start-up check knows it


def _older_revisions() -> list[str | None]:
    """None (a database no command has touched yet), then every revision before the head."""
    revisions = [r.revision for r in _scripts().walk_revisions()]  # newest first
    return [None, *reversed(revisions[1:])]


@pytest.mark.parametrize("revision", _older_revisions(), ids=lambda r: r or "empty")
@pytest.mark.parametrize("command", [["list"], ["add", "person", "--name", "Ann Shin"], ["history"]])
def test_any_command_brings_a_new_or_older_database_to_head(cli, db_url, revision, command):
    engine = make_engine(db_url)
    if revision is not None:
        migrations.upgrade(engine, revision)
    assert current_revision(engine) == revision
    r = cli(*command)
    assert r.exit_code == 0, r.stderr
    assert current_revision(engine) == migrations.HEAD
    assert _drift(engine) == []
    engine.dispose()


@pytest.mark.sqlite_only("a batch copy of a table that foreign keys point at is SQLite's problem")
@pytest.mark.parametrize("revision", [r for r in _older_revisions() if r is not None])
def test_a_database_with_records_is_brought_to_head_in_place(cli, db_url, revision):
    engine = make_engine(db_url)
    migrations.upgrade(engine, revision)
    with engine.begin() as conn:  # foreign keys on: a migration may not drop a table rows point at
        conn.execute(text("INSERT INTO organizations (id, name, kind, created_at)"
                          " VALUES (1, 'Fathom Film Group', 'company', '2014-01-01')"))
        conn.execute(text('INSERT INTO works (id, slug, title, kind, "primary", countries, languages, created_at,'
                          " company_id) VALUES (1, 'the-defector', 'The Defector', 'film', 1, '[]', '[]',"
                          " '2014-01-01', 1)"))
    r = cli("list", "organizations")
    assert r.exit_code == 0, r.stderr
    assert "Fathom Film Group (company)" in r.stdout
    assert current_revision(engine) == migrations.HEAD
    engine.dispose()


@pytest.mark.sqlite_only("SQLite's own settings")
def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(engine, db_url):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    # WAL is a property of the file: a plain sqlite3 connection sees it too
    raw = sqlite3.connect(sqlite_path(db_url))
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


def test_foreign_keys_are_enforced(engine):
    now = datetime(2014, 1, 1, tzinfo=UTC)
    # The database's own refusal, named (presskit.db.refused), with the driver's error as its cause.
    with pytest.raises(Refused) as refused, session_scope(engine) as s:
        s.add(
            m.Coverage(
                work_id=42,
                outlet_id=42,
                headline="Orphan",
                published=now.date(),
                kind=m.CoverageKind.news,
                created_at=now,
            )
        )
        s.flush()
    assert str(refused.value) == ("the database refused the change: a record it names does not exist (or no longer"
                                  " does); nothing was changed. Check the ids and keys given (see 'presskit list')"
                                  " and try again")


@pytest.mark.sqlite_only("BEGIN IMMEDIATE is SQLite's")
def test_a_write_takes_the_lock_at_begin(engine, db_url):
    """Two commands writing at once queue instead of failing half-way: the write lock is taken at BEGIN."""
    with session_scope(engine) as s:
        s.execute(text("SELECT 1"))
        other = sqlite3.connect(sqlite_path(db_url), timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_open_database_is_idempotent(db_url):
    first = open_database(db_url)
    second = open_database(db_url)
    assert current_revision(first) == current_revision(second) == migrations.HEAD
    first.dispose()
    second.dispose()


def test_a_database_with_the_films_records_goes_back_and_forward_again(film, db_url, defector):
    # Downgrades drop columns in place (ALTER TABLE ... DROP COLUMN), on SQLite too: a batch copy would drop
    # tables that the film's rows point at, and SQLite refuses that with foreign keys on.
    from alembic import command

    before = film("list", "--json")
    assert before.exit_code == 0, before.stderr
    with defector.execution_options(presskit_write=True).begin() as conn:
        command.downgrade(migrations.alembic_config(conn), "0003")
    assert current_revision(defector) == "0003"
    with defector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM screenings")).scalar_one() > 0
    defector.dispose()
    after = film("list", "--json")  # any command brings it to head again
    assert after.exit_code == 0, after.stderr
    assert current_revision(defector) == migrations.HEAD
    assert len(after.stdout.splitlines()) == len(before.stdout.splitlines())
