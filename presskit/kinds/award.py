"""An award entry (a nomination): body, edition, category, nominee, and its outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, Kind, Spreadsheet, register
from presskit.kinds.common import DATE, WORK, live, status_dates, status_field
from presskit.kinds.organization import org_name
from presskit.models.enums import NominationStatus, OrgKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit import models as m

NOMINATION_MOVES = {
    "submitted": ("shortlisted", "nominated", "won", "lost", "withdrawn", "disqualified"),
    "shortlisted": ("nominated", "won", "lost", "withdrawn", "disqualified"),
    "nominated": ("won", "lost", "withdrawn", "disqualified"),
    "won": (), "lost": (), "withdrawn": (), "disqualified": (),
}


def award_name(n: m.Nomination) -> str:
    """'2014 Canadian Screen Awards', '56th CSC Awards (2013)'."""
    name = n.award or org_name(n.body)
    if n.edition:
        return f"{n.edition} {name}"
    return f"{n.year} {name}"


def _label(row: Any) -> str:
    who = f"{row.nominee.name}, " if row.nominee else ""
    return f"{award_name(row)} — {who}{row.category}"


def _spreadsheet_rows(s: Session) -> list[list[Any]]:
    from presskit import models as m

    noms = s.scalars(live(m.Nomination).order_by(m.Nomination.year, m.Nomination.id)).unique().all()
    since = status_dates(s, "award", [n.id for n in noms])
    return [[n.year, award_name(n), n.body.name, n.category, n.nominee.name if n.nominee else "",
             n.status.value, since.get(n.id), n.ceremony_on, n.url, n.work.slug, n.key] for n in noms]


KIND = register(Kind(
    "award", "Nomination", plural="awards", aliases=("nomination",), news=True, news_date_field="date",
    status=NominationStatus, transitions=NOMINATION_MOVES, default_status="nominated",
    help="An award entry: body, edition, category, nominee and its outcome.",
    example=(
        'presskit add award --body "Academy of Canadian Cinema & Television" --award "Canadian '
        'Screen Awards" --year 2014 --category "Best Documentary Program" --date 2014-01-14'
    ),
    edit_example='presskit edit award 1 --edition 2nd --ceremony-on 2014-03-09',
    batched=True, section="awards", section_rank=4, label=_label,
    spreadsheet=Spreadsheet(("Year", "Award", "Body", "Category", "Nominee", "Status", "Status since", "Ceremony",
                             "URL", "Work", "Key"), _spreadsheet_rows),
    fields=(
        WORK,
        Field("body", "ref", "Award body (name, key or id); created if new", required=True, ref="organization",
              org_kind=OrgKind.award_body),
        Field("award", "str", "Award or ceremony name (e.g. Canadian Screen Awards)"),
        Field("edition", "str", "Edition, e.g. 56th"),
        Field("year", "int", "Edition year", required=True),
        Field("category", "str", "Category, e.g. Best Documentary Program", required=True),
        Field("nominee", "ref", "Nominee, when a person rather than the work", ref="person"),
        status_field(NominationStatus, "nominated"),
        DATE,
        Field("url", "url", "Source link for the announcement"),
        Field("ceremony_on", "date", "Date of the ceremony"),
    ),
))
