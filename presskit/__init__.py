"""presskit: what happens to a film in public, turned into newsletters and press kits.

The library core is usable without the command line::

    from presskit import open_database, session_scope
    from presskit import records

    engine = open_database("presskit.db")
    with session_scope(engine) as s:
        award = records.add(s, "award", {"body": "Hot Docs", "year": 2013, "category": "Best Film"})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.errors import InvalidInput, InvalidTransition, NotFound, PresskitError

if TYPE_CHECKING:
    from presskit.db import open_database, session_scope

__version__ = "0.1.0"

__all__ = [
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "PresskitError",
    "__version__",
    "open_database",
    "session_scope",
]


def __getattr__(name: str) -> Any:
    # The database helpers load on first use: `presskit --help` must not pay for SQLAlchemy.
    if name in ("open_database", "session_scope"):
        from presskit import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
