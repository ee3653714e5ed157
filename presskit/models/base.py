"""Declarative base, naming convention and the column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Enum, Index, MetaData, String, TypeDecorator, text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC (SQLite has no zones); the place's IANA zone lives beside it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a zoned column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum: type[StrEnum], length: int = 20) -> Enum:
    # Stored by value as plain strings (no native/CHECK enum) so adding a status is not a table rebuild.
    return Enum(
        enum,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        create_constraint=False,
        length=length,
        validate_strings=True,
    )


_POSTGRESQL_WHERE: list[tuple[Index, Any]] = []
_postgresql = False  # use_postgresql() was called: an index declared later (presskit.models.sends) gets it at once


def partial_index(name: str, *columns: str, sqlite_where: Any, postgresql_where: Any, **kw: Any) -> Index:
    """An index over the rows that match a WHERE, written per backend.

    The PostgreSQL condition is attached by use_postgresql(), not here: naming a ``postgresql_*`` option loads
    SQLAlchemy's whole PostgreSQL dialect (all its drivers' modules, ~0.1 s), which every command on SQLite
    paid at start-up.
    """
    index = Index(name, *columns, sqlite_where=sqlite_where, **kw)
    _POSTGRESQL_WHERE.append((index, postgresql_where))
    if _postgresql:
        index.dialect_kwargs["postgresql_where"] = postgresql_where
    return index


def held_index(table: str) -> Index:
    """An index of a table's rows an embargo holds (``embargo_until`` set; migrations 0014 and 0015): every output
    first asks which kinds hold anything at its clock, and the answer costs what is held, usually nothing."""
    return partial_index(f"ix_{table}_held", "embargo_until", sqlite_where=text("embargo_until IS NOT NULL"),
                         postgresql_where=text("embargo_until IS NOT NULL"))


def use_postgresql() -> None:
    """Give the partial indexes their PostgreSQL condition (called for a PostgreSQL engine or migration)."""
    global _postgresql
    _postgresql = True
    for index, where in _POSTGRESQL_WHERE:
        index.dialect_kwargs["postgresql_where"] = where


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), str: String()}
