"""Typed SQLAlchemy models only: no printing, no rendering, no commit.

The names below load on first use (module ``__getattr__``): ``presskit.models.enums`` is plain Python, and
``presskit --help`` reads the kinds' enums without paying for SQLAlchemy. Any model name loads every model
module, so the metadata is always complete (Alembic, ``create_all``, relationships by name).
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
    from presskit.models.journal import (
        Audience,
        Edit,
        JournalEntry,
        PendingEntry,
        Send,
        SendItem,
        StatusChange,
    )
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

__all__ = [
    "Action", "Audience", "Base", "Broadcast", "BroadcastStatus", "Coverage", "CoverageKind", "Credit",
    "Edit", "Event", "EventKind", "JournalEntry", "JournalKind", "Media", "MediaRole", "Nomination", "NominationStatus",
    "OrgKind", "Organization", "PendingEntry", "Person", "PremiereTier", "Quote", "Screening",
    "ScreeningStatus", "Selection", "SelectionStatus", "Send", "SendItem", "StatusChange", "Work",
    "WorkKind", "as_dict",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from presskit.models import base, journal, records

    for module in (base, journal, records):
        for n in __all__:
            if n in vars(module):
                globals()[n] = vars(module)[n]
    return globals()[name]
