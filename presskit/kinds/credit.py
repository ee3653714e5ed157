"""A credit: a person's role on a work. A person has a role on a work once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, Kind, register
from presskit.kinds.common import WORK

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit.journal import Batch


def _label(row: Any) -> str:
    return f"{row.person.name} — {row.role} — {row.work.title}"


def _check_unique(s: Session, work_id: int, person_id: int, role: str, exclude_id: int | None = None) -> None:
    from sqlalchemy import select

    from presskit import models as m
    from presskit.errors import InvalidInput

    q = select(m.Credit.id).where(m.Credit.work_id == work_id, m.Credit.person_id == person_id,
                                  m.Credit.role == role)
    if exclude_id is not None:
        q = q.where(m.Credit.id != exclude_id)
    other = s.scalar(q)
    if other:
        raise InvalidInput(f"credit {other} already gives that person the role {role!r} on that work;"
                           " see 'presskit list credits'")


def _adding(s: Session, values: dict[str, Any], extra: dict[str, Any], b: Batch | None) -> None:
    _check_unique(s, values["work_id"], values["person_id"], values["role"])


def _editing(s: Session, row: Any, values: dict[str, Any], extra: dict[str, Any]) -> None:
    _check_unique(s, values.get("work_id", row.work_id), values.get("person_id", row.person_id),
                  values.get("role", row.role), exclude_id=row.id)


KIND = register(Kind(
    "credit", "Credit", plural="credits", keyed=False,
    help="A person's role on a work (Director, Director of Photography).",
    example='presskit add credit --person "Stephen Chung" --role "Director of Photography" --position 2',
    edit_example='presskit edit credit 1 --position 1',
    list_loads=("work",), label=_label, adding=_adding, editing=_editing,
    fields=(
        WORK,
        Field("person", "ref", "The person (name, key or id); created if new", required=True, ref="person"),
        Field("role", "str", "Role, e.g. Director", required=True),
        Field("position", "int", "Order in the credits (lower first)", default=0),
    ),
))
