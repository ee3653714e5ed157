"""Alembic migrations, shipped inside the package and configured in code (works from an installed wheel).

``HEAD`` is the newest revision; a test checks it against the scripts so the cheap start-up check
(`presskit.db.upgrade_if_needed`) never skips a migration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

HEAD = "0015"


def alembic_config(connection=None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "presskit:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    # As a writer (BEGIN IMMEDIATE / the advisory lock): two commands opening a new database at once
    # migrate one after the other, and the second finds nothing left to do.
    with engine.execution_options(presskit_write=True).begin() as conn:
        command.upgrade(alembic_config(conn), revision)
