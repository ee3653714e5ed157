"""The film's public record: works, people, organizations and what happened to the works."""

# Annotations are real objects, not strings (no `from __future__ import annotations`): SQLAlchemy would
# otherwise eval each of them at every start-up (issue 6). Relationship targets are quoted names.

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from presskit.models.base import Base, enum_column, held_index, partial_index
from presskit.models.enums import (
    BroadcastStatus,
    CoverageKind,
    EventKind,
    MediaRole,
    NominationStatus,
    OrgKind,
    PremiereTier,
    ScreeningStatus,
    SelectionStatus,
    WorkKind,
)


class Keyed:
    """Every record has an id and an optional stable key (the data files' handle for it)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(unique=True)
    created_at: Mapped[datetime]
    # Removal is recorded and undoable: the row stays, marked.
    removed_at: Mapped[datetime | None]
    # Names of fields whose value is inferred, not read from a source: `presskit check` lists them until they
    # are confirmed (the list cleared).
    inferred: Mapped[list[str] | None] = mapped_column(JSON)


class WorkOwned(Keyed):
    # News may be held (a festival's line-up, a broadcaster's schedule): until then in no output.
    embargo_until: Mapped[datetime | None]

    @declared_attr
    def work_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("works.id"), index=True)

    @declared_attr
    def work(cls) -> Mapped["Work"]:
        return relationship("Work", lazy="joined", innerjoin=True)


class Zoned:
    """A start in a place: an aware UTC instant plus the IANA zone it is shown in, and how long it lasts."""

    starts_at: Mapped[datetime | None]
    timezone: Mapped[str | None]
    previous_starts_at: Mapped[datetime | None]
    # Whole minutes (migration 0006); None means the work's runtime or the kind's default (see kinds.py).
    length_minutes: Mapped[int | None]

    @property
    def local_start(self) -> datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at.astimezone(ZoneInfo(self.timezone or "UTC"))


class Organization(Keyed, Base):
    __tablename__ = "organizations"

    name: Mapped[str] = mapped_column(unique=True)
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    timezone: Mapped[str | None]
    city: Mapped[str | None]
    country: Mapped[str | None]
    address: Mapped[str | None]
    website: Mapped[str | None]
    # The sources do not give its name: ``name`` is then only the team's label for their own lists, and
    # every output describes it by kind and place ("a festival in the United States"), with no laurel.
    unnamed: Mapped[bool] = mapped_column(default=False, server_default=false())


class Person(Keyed, Base):
    __tablename__ = "people"

    name: Mapped[str] = mapped_column(unique=True)
    bio: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None]


class Work(Keyed, Base):
    __tablename__ = "works"

    slug: Mapped[str] = mapped_column(unique=True)
    title: Mapped[str]
    kind: Mapped[WorkKind] = mapped_column(enum_column(WorkKind), default=WorkKind.film)
    primary: Mapped[bool] = mapped_column(default=False)
    year: Mapped[int | None]
    runtime_minutes: Mapped[int | None]
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    format: Mapped[str | None]
    tagline: Mapped[str | None] = mapped_column(Text)
    logline: Mapped[str | None] = mapped_column(Text)
    synopsis_short: Mapped[str | None] = mapped_column(Text)
    synopsis_long: Mapped[str | None] = mapped_column(Text)
    director_statement: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None]
    trailer_url: Mapped[str | None]
    logo_url: Mapped[str | None]
    company_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    press_contact: Mapped[str | None]
    press_email: Mapped[str | None]
    sales_contact: Mapped[str | None]
    sales_email: Mapped[str | None]
    # Newsletter settings: the footer of every email about this work.
    sender_name: Mapped[str | None]
    sender_email: Mapped[str | None]
    list_email: Mapped[str | None]
    earlier_after_days: Mapped[int | None]
    postal_address: Mapped[str | None]
    unsubscribe_url: Mapped[str | None]
    web_version_url: Mapped[str | None]

    company: Mapped["Organization | None"] = relationship(lazy="joined")
    # The credits every output shows: a removed one is left out.
    credits: Mapped[list["Credit"]] = relationship(
        primaryjoin="and_(Credit.work_id == Work.id, Credit.removed_at.is_(None))", order_by="Credit.position",
        back_populates="work", cascade="all, delete-orphan",
    )


class Credit(Base):
    __tablename__ = "credits"
    __table_args__ = (UniqueConstraint("work_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str]
    position: Mapped[int] = mapped_column(default=0)
    removed_at: Mapped[datetime | None]
    # When it was added (None: before migration 0012): a send shown again leaves out what came after it.
    created_at: Mapped[datetime | None]

    work: Mapped["Work"] = relationship(back_populates="credits")
    person: Mapped["Person"] = relationship(lazy="joined")


class Coverage(WorkOwned, Base):
    __tablename__ = "coverage"
    __table_args__ = (
        held_index("coverage"),
        Index("ix_coverage_published", "published"),
        # The press kit's bounded reads (migration 0002): a work's live coverage newest first, its count (from
        # the index alone: it ends with the embargo, migration 0015), and its few featured and ranked pieces,
        # each an index range however much coverage there is.
        Index("ix_coverage_work_live_published", "work_id", "removed_at", "published", "id", "embargo_until"),
        partial_index("ix_coverage_work_featured", "work_id", "removed_at", "published", "id",
                      sqlite_where=text("featured = 1"), postgresql_where=text("featured = true")),
        partial_index("ix_coverage_work_ranked", "work_id", "removed_at", "rank", "id",
                      sqlite_where=text("rank IS NOT NULL"), postgresql_where=text("rank IS NOT NULL")),
    )

    outlet_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    headline: Mapped[str]
    url: Mapped[str | None] = mapped_column(unique=True)
    published: Mapped[date]
    kind: Mapped[CoverageKind] = mapped_column(enum_column(CoverageKind), default=CoverageKind.news)
    author: Mapped[str | None]
    featured: Mapped[bool] = mapped_column(default=False)
    rank: Mapped[int | None]

    outlet: Mapped["Organization"] = relationship(lazy="joined", innerjoin=True)
    # The quotes every output shows: a removed one is left out.
    quotes: Mapped[list["Quote"]] = relationship(
        primaryjoin="and_(Quote.coverage_id == Coverage.id, Quote.removed_at.is_(None))", order_by="Quote.position",
        back_populates="coverage", cascade="all, delete-orphan", lazy="selectin",
    )


class Quote(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverage.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str | None]
    approved: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    removed_at: Mapped[datetime | None]
    # When it was added (None: before migration 0012): a send shown again leaves out what came after it.
    created_at: Mapped[datetime | None]

    coverage: Mapped["Coverage"] = relationship(back_populates="quotes")


class Nomination(WorkOwned, Base):
    __tablename__ = "nominations"
    # The press kit's reads (migration 0003): a work's wins, and its newest nominations of each status with their
    # count, each an index range.
    __table_args__ = (
        held_index("nominations"),
        Index("ix_nominations_work_live_status_year", "work_id", "removed_at", "status", "year", "id"),
    )

    body_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    award: Mapped[str | None]
    edition: Mapped[str | None]
    year: Mapped[int]
    category: Mapped[str]
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[NominationStatus] = mapped_column(enum_column(NominationStatus))
    url: Mapped[str | None]
    ceremony_on: Mapped[date | None]

    body: Mapped["Organization"] = relationship(lazy="joined", innerjoin=True)
    nominee: Mapped["Person | None"] = relationship(lazy="joined")


class Selection(WorkOwned, Base):
    __tablename__ = "selections"
    # The press kit's reads (migration 0003): a work's selections of one premiere tier newest first; the status
    # last so that the count of the shown ones reads the index alone.
    __table_args__ = (
        held_index("selections"),
        Index("ix_selections_work_live_premiere_year", "work_id", "removed_at", "premiere", "year", "id", "status"),
    )

    festival_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int]
    section: Mapped[str | None]
    premiere: Mapped[PremiereTier] = mapped_column(enum_column(PremiereTier), default=PremiereTier.none)
    premiere_region: Mapped[str | None]
    city: Mapped[str | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[SelectionStatus] = mapped_column(enum_column(SelectionStatus))
    url: Mapped[str | None]

    festival: Mapped["Organization"] = relationship(lazy="joined", innerjoin=True)
    screenings: Mapped[list["Screening"]] = relationship(back_populates="selection", order_by="Screening.starts_at")


class Screening(Zoned, WorkOwned, Base):
    __tablename__ = "screenings"
    __table_args__ = (
        held_index("screenings"),
        Index("ix_screenings_starts_at", "starts_at"),
        # The press kit's read of a work's upcoming screenings (migration 0003).
        Index("ix_screenings_work_live_starts_at", "work_id", "removed_at", "starts_at"),
    )

    selection_id: Mapped[int | None] = mapped_column(ForeignKey("selections.id"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    room: Mapped[str | None]
    ticket_url: Mapped[str | None]
    status: Mapped[ScreeningStatus] = mapped_column(enum_column(ScreeningStatus))

    # selectin, not joined: a LEFT JOIN to selections (with their own inner joins) makes SQLite materialize
    # and scan every selection for each screening query (issue 6: 40 ms per query on the large database).
    selection: Mapped["Selection | None"] = relationship(back_populates="screenings", lazy="selectin")
    venue: Mapped["Organization | None"] = relationship(lazy="joined")


class Broadcast(Zoned, WorkOwned, Base):
    __tablename__ = "broadcasts"
    __table_args__ = (
        held_index("broadcasts"),
        Index("ix_broadcasts_starts_at", "starts_at"),
        # The press kit's reads (migration 0003): a work's upcoming, on-demand and latest airings and their count.
        Index("ix_broadcasts_work_live_starts_at", "work_id", "removed_at", "starts_at", "id", "status"),
    )

    channel_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    territory: Mapped[str | None]
    premiere: Mapped[bool] = mapped_column(default=False)
    presenter: Mapped[str | None]
    status: Mapped[BroadcastStatus] = mapped_column(enum_column(BroadcastStatus))
    url: Mapped[str | None]

    channel: Mapped["Organization"] = relationship(lazy="joined", innerjoin=True)


class Event(Zoned, WorkOwned, Base):
    __tablename__ = "events"
    __table_args__ = (held_index("events"),)

    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), default=EventKind.other)
    title: Mapped[str]
    place_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    address: Mapped[str | None]
    ends_at: Mapped[datetime | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    rsvp_url: Mapped[str | None]
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ScreeningStatus] = mapped_column(enum_column(ScreeningStatus))

    place: Mapped["Organization | None"] = relationship(lazy="joined")

    @property
    def local_end(self) -> datetime | None:
        if self.ends_at is None:
            return None
        return self.ends_at.astimezone(ZoneInfo(self.timezone or "UTC"))


class Action(WorkOwned, Base):
    """A call to action: vote, watch, share — with an optional deadline."""

    __tablename__ = "actions"
    __table_args__ = (held_index("actions"),)

    title: Mapped[str]
    text: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None]
    deadline: Mapped[datetime | None]
    timezone: Mapped[str | None]
    announced: Mapped[date]

    @property
    def local_deadline(self) -> datetime | None:
        if self.deadline is None:
            return None
        return self.deadline.astimezone(ZoneInfo(self.timezone or "UTC"))


class Media(Keyed, Base):
    """A picture: a poster, key art, a still, a headshot or a logo.

    Either a file in the data folder (``path``, relative, POSIX) or an https ``url``. For a file, Pillow's
    reading of it is stored (real size, format, colour mode, content hash): the kit and the site show what
    was checked when it was added.
    """

    __tablename__ = "media"
    __table_args__ = (Index("ix_media_work_live_role", "work_id", "removed_at", "role", "position", "id"),)

    role: Mapped[MediaRole] = mapped_column(enum_column(MediaRole))
    work_id: Mapped[int | None] = mapped_column(ForeignKey("works.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    path: Mapped[str | None]
    url: Mapped[str | None]
    alt: Mapped[str] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    credit: Mapped[str | None]
    position: Mapped[int] = mapped_column(default=0)
    width: Mapped[int | None]
    height: Mapped[int | None]
    format: Mapped[str | None] = mapped_column(String(10))
    mode: Mapped[str | None] = mapped_column(String(10))
    bytes: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))

    work: Mapped["Work | None"] = relationship(lazy="joined")
    person: Mapped["Person | None"] = relationship(lazy="joined")


def as_dict(obj: Any) -> dict[str, Any]:
    """Column values of a row, by attribute name."""
    return {c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs}
