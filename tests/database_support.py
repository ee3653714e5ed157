"""Helpers for the record tests: the whole database as comparable data, and rows to look at.

`database_state` is what "the database is exactly as it was" means in these tests: on SQLite the full SQL dump
of the file (schema, every row, in order), elsewhere every row of every table, sorted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from presskit.db import session_scope


def database_state(db_url: str) -> Any:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        # A fresh connection sees what any other connection would: committed data only (WAL included).
        conn = sqlite3.connect(url.database)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        meta = MetaData()
        meta.reflect(engine)
        state = {}
        with engine.connect() as conn:
            for name, table in sorted(meta.tables.items()):
                state[name] = sorted(tuple(map(repr, row)) for row in conn.execute(select(table)))
        return state
    finally:
        engine.dispose()


def rows(engine, model, **where) -> list:
    """Every row of ``model`` (optionally filtered by equality), by id, loaded for use after the session."""
    # A committing scope (that writes nothing) keeps the rows loaded; a read-only one expires them.
    with session_scope(engine) as s:
        q = select(model)
        for name, value in where.items():
            q = q.where(getattr(model, name) == value)
        return list(s.scalars(q.order_by(model.id)).unique())


def sqlite_path(db_url: str) -> Path:
    return Path(make_url(db_url).database)
