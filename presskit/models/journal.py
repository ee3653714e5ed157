"""History: each status a record took, and each correction. (The journal of news and the sends that carried it
are in ``presskit.models.sends``.)"""

# Annotations are real objects, not strings (no `from __future__ import annotations`): SQLAlchemy would
# otherwise eval each of them at every start-up (issue 6). Relationship targets are quoted names.

from datetime import date, datetime

from sqlalchemy import Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from presskit.models.base import Base, held_index


class StatusChange(Base):
    """One dated row per status a record took, the first being its initial status."""

    __tablename__ = "status_changes"
    __table_args__ = (
        Index("ix_status_changes_record", "record_type", "record_id"),
        # The changes an embargo holds (migration 0014): every output asks for them first.
        held_index("status_changes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column()
    record_id: Mapped[int]
    from_status: Mapped[str | None]
    to_status: Mapped[str]
    date: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None]
    correction: Mapped[bool] = mapped_column(default=False)
    previous_starts_at: Mapped[datetime | None]
    new_starts_at: Mapped[datetime | None]
    recorded_at: Mapped[datetime]
    # Held until then: the change is news from that time on (its journal entry's release_at).
    embargo_until: Mapped[datetime | None]


class Edit(Base):
    """A correction of a field, a removal or a restore: recorded, never news."""

    __tablename__ = "edits"
    __table_args__ = (Index("ix_edits_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str]
    record_id: Mapped[int]
    action: Mapped[str]  # edit | remove | restore
    field: Mapped[str | None]
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime]
