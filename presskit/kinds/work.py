"""A work: a film, series or interactive, the thing the news is about. Its slug names it (`--work SLUG`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, FileList, Kind, NestedReader, register
from presskit.models.enums import OrgKind, WorkKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit.journal import Batch


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60] or "work"


# schema.org's type for a kind of work, where it has one with a film's properties (director, duration...).
SCHEMA_TYPES = {"film": "Movie", "series": "TVSeries"}


def _label(row: Any) -> str:
    return f"{row.title} ({row.slug}{', primary' if row.primary else ''})"


def _adding(s: Session, values: dict[str, Any], extra: dict[str, Any], b: Batch | None) -> None:
    from sqlalchemy import func, select

    from presskit import models as m
    from presskit.errors import InvalidInput

    values["slug"] = values.get("slug") or slugify(values["title"])
    if s.scalar(select(m.Work.id).where(m.Work.slug == values["slug"])):
        raise InvalidInput("a work with slug {value!r} exists", what="slug", value=values["slug"],
                           fix="give another {what}")
    values["primary"] = bool(values.get("primary")) or not s.scalar(select(func.count(m.Work.id)))
    values.setdefault("countries", values.get("countries") or [])
    values.setdefault("languages", values.get("languages") or [])
    if values["primary"]:
        for w in s.scalars(select(m.Work).where(m.Work.primary.is_(True))):
            w.primary = False


def _editing(s: Session, row: Any, values: dict[str, Any], extra: dict[str, Any]) -> None:
    from sqlalchemy import select

    from presskit import models as m
    from presskit.errors import InvalidInput

    if values.get("slug"):
        other = s.scalar(select(m.Work.id).where(m.Work.slug == values["slug"], m.Work.id != row.id))
        if other:
            raise InvalidInput(f"work {other} already has the slug {{value!r}}", what="slug", value=values["slug"],
                               fix="choose another {what}")


def _edited(s: Session, row: Any, values: dict[str, Any], now: datetime) -> None:
    from sqlalchemy import select

    from presskit import models as m

    if values.get("primary"):
        # One primary work: --work defaults to it.
        for w in s.scalars(select(m.Work).where(m.Work.primary.is_(True), m.Work.id != row.id)):
            w.primary = False
            s.add(m.Edit(record_type="work", record_id=w.id, action="edit", field="primary", old_value="True",
                         new_value="False", recorded_at=now))


# ------------------------------------------------------------------------------------------------ data file

def _read_credits(file: NestedReader, work: Any, items: list[Any]) -> None:
    """A work's ``credits:``: a person's role on it is one credit, found again on a second import."""
    from sqlalchemy import select

    from presskit import models as m
    from presskit.errors import InvalidInput

    for c in items:
        if not isinstance(c, dict):
            raise InvalidInput("each of 'credits' must be a record with person: and role:")
        person = file.find("person", c.get("person"))
        c, cid, gone = file.split(c)
        credit = file.s.scalar(select(m.Credit).where(m.Credit.work_id == work.id, m.Credit.person_id == person.id,
                                                      m.Credit.role == c.get("role"))) if person else None
        if credit is None:
            credit = file.add("credit", {"work": work.id, **c}, id=cid)
        file.removed("credit", credit, gone)


def _credit_rows() -> Any:
    from sqlalchemy import select

    from presskit import models as m

    c, p = m.Credit.__table__, m.Person.__table__
    return (select(c.c.work_id, p.c.key, p.c.id, c.c.role, c.c.position, c.c.id, c.c.removed_at, c.c.created_at)
            .join(p, p.c.id == c.c.person_id).order_by(c.c.work_id, c.c.position, c.c.id))


def _credit_item(row: Any) -> dict[str, Any]:
    _, key, pid, role, position, cid, gone, created = row
    return {"id": cid, "person": key or f"person-{pid}", "role": role, "position": position or None, "removed": gone,
            "created_at": created}


KIND = register(Kind(
    "work", "Work", plural="works", help="A film, series or interactive: the thing the news is about.",
    example=(
        'presskit add work --title "The Defector Interactive" --kind interactive --year 2013 '
        '--website http://experience.thedefectormovie.com'
    ),
    edit_example=(
        'presskit edit work the-defector-interactive --tagline "Find out if you have what it '
        'takes to #EscapeNorthKorea"'
    ),
    schema_type="CreativeWork", section="works", section_rank=2, key_column="slug", label=_label,
    zone_from=("company",), adding=_adding, editing=_editing, edited=_edited,
    file_lists=(FileList("credits", _read_credits, _credit_rows, _credit_item),),
    fields=(
        Field("title", "str", "Title", required=True),
        Field("slug", "str", "Short name used by --work (default: from the title)"),
        Field("kind", "enum", "Kind of work", enum=WorkKind, default="film"),
        Field("primary", "bool", "The work --work defaults to"),
        Field("year", "int", "Year of release"),
        Field("runtime_minutes", "int", "Runtime in minutes", aliases=("--runtime",)),
        Field("countries", "list", "Countries of production, comma-separated"),
        Field("languages", "list", "Languages, comma-separated"),
        Field("format", "str", "Format / tech specs (e.g. 'HD, 16:9, stereo')"),
        Field("tagline", "text", "Tagline"),
        Field("logline", "text", "One-sentence logline"),
        Field("synopsis_short", "text", "Short synopsis"),
        Field("synopsis_long", "text", "Long synopsis"),
        Field("director_statement", "text", "Director's statement"),
        Field("website", "url", "Official website"),
        Field("trailer_url", "url", "Trailer"),
        Field("logo_url", "url", "Logo or header image (absolute https URL) for emails and the kit"),
        Field("company", "ref", "Production company", ref="organization", org_kind=OrgKind.company),
        Field("press_contact", "str", "Press contact (name)"),
        Field("press_email", "email", "Press contact email"),
        Field("sales_contact", "str", "Sales contact (name)"),
        Field("sales_email", "email", "Sales contact email"),
        Field("sender_name", "str", "Newsletter sender name"),
        Field("sender_email", "email", "Newsletter sender email"),
        Field("list_email", "email", "Mailing-list address for the newsletter's To: header (e.g. the list's"
              " posting address); without it the .eml says 'undisclosed-recipients:;'"),
        Field("postal_address", "str", "Postal address line for the newsletter footer"),
        Field("unsubscribe_url", "url", "Unsubscribe URL (https) for emails sent without a mailing service"),
        Field("web_version_url", "url", "Web version URL of the newsletter, if any"),
        Field("earlier_after_days", "int", "Newsletter: news older than this many days goes to a short"
              " 'Earlier' list, not the headlines (default 90)", aliases=("--earlier-after",)),
    ),
))
