"""Typed SQLAlchemy models only: no printing, no rendering, no commit."""

from presskit.models.base import Base
from presskit.models.enums import (
    BroadcastStatus,
    CoverageKind,
    EventKind,
    JournalKind,
    NominationStatus,
    OrgKind,
    PremiereTier,
    ScreeningStatus,
    SelectionStatus,
    WorkKind,
)
from presskit.models.journal import Audience, Edit, JournalEntry, PendingEntry, Send, SendItem, StatusChange
from presskit.models.records import (
    Action,
    Broadcast,
    Coverage,
    Credit,
    Event,
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
    "Edit", "Event", "EventKind", "JournalEntry", "JournalKind", "Nomination", "NominationStatus",
    "OrgKind", "Organization", "PendingEntry", "Person", "PremiereTier", "Quote", "Screening",
    "ScreeningStatus", "Selection", "SelectionStatus", "Send", "SendItem", "StatusChange", "Work",
    "WorkKind", "as_dict",
]
