"""Typed SQLAlchemy models only: no printing, no rendering, no commit.

The names below load on first use (module ``__getattr__``): ``presskit.models.enums`` is plain Python, and
``presskit --help`` reads the kinds' enums without paying for SQLAlchemy. A model's name loads the records and
their history (``records``, ``journal``); the journal of news and the sends (``sends``) load with one of their
own names, so a kit or a list does not declare them. ``Base`` loads every model module: its metadata is then
complete (Alembic, ``create_all``, backups).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.models.enums import (
    BroadcastStatus,
    CoverageKind,
    EventKind,
    JournalKind,
    MediaRole,
    NominationStatus,
    OrgKind,
    PremiereTier,
    ScreeningStatus,
    SelectionStatus,
    WorkKind,
)

if TYPE_CHECKING:
    from presskit.models.base import Base
    from presskit.models.journal import Edit, StatusChange
    from presskit.models.records import (
        Action,
        Broadcast,
        Coverage,
        Credit,
        Event,
        Media,
        Nomination,
        Organization,
        Person,
        Quote,
        Screening,
        Selection,
        Work,
        as_dict,
    )
    from presskit.models.sends import Audience, JournalEntry, PendingEntry, Send, SendItem

__all__ = [
    "Action", "Audience", "Base", "Broadcast", "BroadcastStatus", "Coverage", "CoverageKind", "Credit",
    "Edit", "Event", "EventKind", "JournalEntry", "JournalKind", "Media", "MediaRole", "Nomination", "NominationStatus",
    "OrgKind", "Organization", "PendingEntry", "Person", "PremiereTier", "Quote", "Screening",
    "ScreeningStatus", "Selection", "SelectionStatus", "Send", "SendItem", "StatusChange", "Work",
    "WorkKind", "as_dict",
]


_SENDS = ("Audience", "JournalEntry", "PendingEntry", "Send", "SendItem")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    every = name in _SENDS or name == "Base"
    for module in (vars(import_module(f"presskit.models.{n}"))
                   for n in ("base", "journal", "records", *(("sends",) if every else ()))):
        for n in __all__:
            # Base only once every model module is loaded: its metadata is complete.
            if n in module and (every or n != "Base"):
                globals()[n] = module[n]
    return globals()[name]
