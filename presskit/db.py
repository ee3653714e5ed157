"""Engine, transactions and migrations.

SQLite gets foreign keys, WAL and a busy timeout on every connection, and write transactions start with
BEGIN IMMEDIATE so that two writers queue instead of failing half-way. PostgreSQL write transactions take one
transaction-scoped advisory lock first, the same queue. SQLite and PostgreSQL are tested; any SQLAlchemy URL
works.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, create_engine, event, func, inspect, or_, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from presskit.errors import Conflict, DiskFull, PresskitError, Refused

DEFAULT_DB = "presskit.db"
BUSY_TIMEOUT_MS = 15_000
# presskit's one advisory lock key (advisory locks are per database, so databases never block each other).
PG_WRITE_LOCK = 0x70726B  # "prk"


def database_url(db: str | None) -> str:
    """A path or an SQLAlchemy URL (``--db`` / ``PRESSKIT_DB``) as a URL."""
    db = db or os.environ.get("PRESSKIT_DB") or DEFAULT_DB
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # pysqlite's own implicit BEGIN would defeat BEGIN IMMEDIATE; we emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # SQLite's lower() folds ASCII letters only; names are matched with Python's (presskit.db.folded).
    dbapi_conn.create_function("presskit_lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def same_name(column: Any, name: str) -> Any:
    """``column`` is ``name`` in any case. A name in ASCII compares with the database's own lower(), which an
    index or a quick scan serves; any other name with ``folded``, which folds every letter on SQLite too."""
    fold = func.lower if name.isascii() else folded
    return or_(column == name, fold(column) == name.lower())


class folded(FunctionElement):
    """lower(x) in SQL, every letter folded on both databases: SQLite's own lower() knows ASCII only."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_default(element: folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _folded_sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"presskit_lower({compiler.process(element.clauses, **kw)})"


def _sqlite_begin(conn) -> None:
    immediate = conn.get_execution_options().get("presskit_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgresql_begin(conn) -> None:
    if conn.get_execution_options().get("presskit_write", False):
        # The counterpart of BEGIN IMMEDIATE: writers queue here before reading anything, so a command never
        # decides on a snapshot that another writer's commit makes stale (and never fails half-way).
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _busy(e: OperationalError) -> bool:
    orig = e.orig
    if getattr(orig, "sqlstate", None) == "55P03":  # PostgreSQL lock_not_available
        return True
    return "database is locked" in str(orig)


def _full(e: OperationalError) -> bool:
    # SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100): the write found no space; the transaction is undone.
    return getattr(e.orig, "sqlstate", None) == "53100" or "database or disk is full" in str(e.orig)


def make_engine(db: str | None = None) -> Engine:
    """An engine for ``db`` without touching the schema."""
    url = database_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise PresskitError(f"cannot read database URL {url!r}: {e}; give a file path or a URL") from e
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            parent = Path(parsed.database).expanduser().parent
            if not parent.is_dir():
                raise PresskitError(f"folder {str(parent)!r} for the database does not exist; create it first")
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, ImportError) as e:
            raise PresskitError(f"cannot use database URL {parsed.render_as_string()!r}: {e}") from e
        if engine.dialect.name == "postgresql":
            event.listen(engine, "begin", _postgresql_begin)
            from presskit.models.base import use_postgresql

            use_postgresql()
    return engine


def open_database(db: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine whose schema is at the newest migration (an old or new database is brought up to date)."""
    engine = make_engine(db)
    if migrate:
        try:
            upgrade_if_needed(engine)
        except BaseException:
            engine.dispose()  # a database that cannot be opened keeps no connection of ours
            raise
    return engine


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as e:  # OperationalError, and DatabaseError for a file that is not a database
        raise PresskitError(f"cannot open database {engine.url.render_as_string()!r}: {e.orig};"
                            " check --db (or PRESSKIT_DB)") from e


def upgrade_if_needed(engine: Engine) -> None:
    # Reading the version is cheap; Alembic itself is only imported when there is work to do.
    from presskit.migrations import HEAD

    if current_revision(engine) == HEAD:
        return
    from presskit.migrations import upgrade

    upgrade(engine)


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One transaction: commit at the end, roll back everything on any error.

    ``write=True`` takes SQLite's write lock at BEGIN, so a command never fails half-way on a busy database.
    """
    from presskit import startup

    startup.resume()
    bind = engine.execution_options(presskit_write=True) if write else engine
    session = Session(bind=bind, expire_on_commit=False, autoflush=True)
    try:
        yield session
        if write:
            session.commit()
        else:
            session.rollback()
    except IntegrityError as e:
        # The checks before each write say what is wrong in the user's words; this is the database's own
        # guard behind them (a change no check foresaw, or another writer's row), named as well as it can be.
        session.rollback()
        raise refused(e) from e
    except OperationalError as e:
        session.rollback()
        if _busy(e):
            raise Conflict(f"the database is busy: another presskit command kept it locked for"
                           f" {BUSY_TIMEOUT_MS / 1000:g} s; nothing was changed, try again") from e
        if _full(e):
            raise DiskFull(str(e.orig).strip().splitlines()[0]) from e
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# Read only when a write fails: compiled then (cache), not at every start-up.
_SQLITE_UNIQUE = cache(lambda: re.compile(r"UNIQUE constraint failed: (\w+)\.(\w+)"))
_PG_KEY = cache(lambda: re.compile(r"Key \(([^)]*)\)="))
_SQLITE_NOT_NULL = cache(lambda: re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)"))


def _plural(table: str | None) -> str | None:
    from presskit.kinds import KINDS

    return next((k.plural for k in KINDS.values() if k.model.__tablename__ == table), None) if table else None


def refused(e: IntegrityError) -> Refused:
    """An IntegrityError as one sentence: what the database refused, and what to do."""
    orig = e.orig
    text_ = str(orig)
    diag = getattr(orig, "diag", None)
    table = getattr(diag, "table_name", None)
    column = getattr(diag, "column_name", None)
    found = _SQLITE_UNIQUE().search(text_)
    key = _PG_KEY().search(getattr(diag, "message_detail", None) or "")
    if found or "duplicate key" in text_ or "UNIQUE" in text_:
        table, column = (found.group(1), found.group(2)) if found else (table, key.group(1) if key else column)
        what = f"{column} of {table}" if table and column else "a value that must be unique"
        plural = _plural(table)
        see = f" (see 'presskit list {plural}')" if plural else ""
        return Refused(f"the database refused a second record with the same {what}; nothing was changed."
                       f" Give another value, or change the record that has it{see}")
    found = _SQLITE_NOT_NULL().search(text_)
    if found or "null value" in text_:
        table, column = (found.group(1), found.group(2)) if found else (table, column)
        return Refused(f"the database refused a record without {column or 'a required value'}"
                       f"{' in ' + table if table else ''}; nothing was changed. Give that value")
    return Refused("the database refused the change: a record it names does not exist (or no longer does);"
                   " nothing was changed. Check the ids and keys given (see 'presskit list') and try again")


STREAM_CHUNK = 500


def stream(s: Session, query: Any, size: int = STREAM_CHUNK) -> Iterator[Any]:
    """The entities of an ORM query, fetched ``size`` at a time (a server-side cursor on PostgreSQL): listing
    100,000 records never holds them all (issue 6).

    A reader that stops early (``any(...)``, a closed pipe) closes the cursor as the generator is dropped,
    not whenever the collector finds it (psycopg warns about a server cursor left open).
    """
    result = s.scalars(query.execution_options(yield_per=size))
    try:
        yield from result
    finally:
        result.close()
