"""The journal of news, its audiences and the sends that carried it: what the newsletter reads and writes.

Apart from ``presskit.models.journal`` so that a command that sends nothing (a kit, a list) does not declare
them: ``presskit.models`` loads this module when one of its names, or ``Base``, is asked for.
"""

# Annotations are real objects, not strings (no `from __future__ import annotations`): SQLAlchemy would
# otherwise eval each of them at every start-up (issue 6). Relationship targets are quoted names.

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from presskit.models.base import Base, enum_column, partial_index
from presskit.models.enums import JournalKind
from presskit.models.journal import StatusChange  # noqa: F401  (JournalEntry.status_change names it)


class JournalEntry(Base):
    """One newsworthy change, written in the same transaction as the change itself."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        Index("ix_journal_entries_record", "record_type", "record_id"),
        Index("ix_journal_entries_news_date", "news_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[JournalKind] = mapped_column(enum_column(JournalKind, 10))
    record_type: Mapped[str]
    record_id: Mapped[int]
    work_id: Mapped[int | None] = mapped_column(ForeignKey("works.id"), index=True)
    status_change_id: Mapped[int | None] = mapped_column(ForeignKey("status_changes.id"))
    news_date: Mapped[date]
    recorded_at: Mapped[datetime]
    # When the entry may first go out: the later of its record's and its status change's embargoes.
    release_at: Mapped[datetime | None]

    status_change: Mapped["StatusChange | None"] = relationship(lazy="joined")


class Audience(Base):
    """A mailing stream (supporters, press, ...). Each has its own 'not yet sent'."""

    __tablename__ = "audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime]


class PendingEntry(Base):
    """A journal entry that no send for this audience has carried yet.

    Written with the entry for every audience, deleted when a send carries it. "Since last send" is then
    an index range on (audience_id, journal_id): its cost follows what is new, not the journal's size.
    """

    __tablename__ = "pending_entries"

    audience_id: Mapped[int] = mapped_column(ForeignKey("audiences.id"), primary_key=True)
    journal_id: Mapped[int] = mapped_column(
        ForeignKey("journal_entries.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Send(Base):
    __tablename__ = "sends"

    id: Mapped[int] = mapped_column(primary_key=True)
    audience_id: Mapped[int] = mapped_column(ForeignKey("audiences.id"), index=True)
    subject: Mapped[str]
    preheader: Mapped[str | None]
    sent_at: Mapped[datetime]
    works: Mapped[str | None]  # comma-separated slugs when the send was limited with --work
    undone_at: Mapped[datetime | None]
    # The token in the name of the send's staged output file (presskit.sendfile): a run stopped after the
    # commit and before the file's move is finished by the next run on the same file.
    file_token: Mapped[str | None] = mapped_column(String(32))
    # The shape as sent, so `sends show` renders the same issue: its opening paragraph and the age
    # past which news went to the 'Earlier' list.
    intro: Mapped[str | None] = mapped_column(Text)
    earlier_after_days: Mapped[int | None]
    # When the send was recorded, by the machine's clock (sent_at is its --now): `sends show` undoes the
    # corrections recorded after it (presskit.asof). None for sends recorded before migration 0011.
    recorded_at: Mapped[datetime | None]
    # The address of the work's `presskit site` the send was made with (--base-url, or the work's https website):
    # its lead picture and web-version link. `sends show` uses it, not today's website. None: made without one,
    # or recorded before migration 0013.
    base_url: Mapped[str | None]

    audience: Mapped["Audience"] = relationship(lazy="joined", innerjoin=True)
    items: Mapped[list["SendItem"]] = relationship(back_populates="send", order_by="SendItem.journal_id")


class SendItem(Base):
    """Exactly which journal entries a send carried."""

    __tablename__ = "send_items"
    __table_args__ = (
        # The database itself refuses to carry one entry twice for one audience (undone sends excepted).
        partial_index(
            "uq_send_items_audience_journal",
            "audience_id",
            "journal_id",
            unique=True,
            sqlite_where=text("released = 0"),
            postgresql_where=text("released = false"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    send_id: Mapped[int] = mapped_column(ForeignKey("sends.id"), index=True)
    audience_id: Mapped[int] = mapped_column(ForeignKey("audiences.id"))
    journal_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    released: Mapped[bool] = mapped_column(default=False, server_default=false())

    send: Mapped["Send"] = relationship(back_populates="items")
    entry: Mapped["JournalEntry"] = relationship(lazy="joined", innerjoin=True)
