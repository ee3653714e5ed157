"""A festival selection, with its premiere tier; a data file may list its screenings inside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, Kind, register
from presskit.kinds.common import DATE, WORK, status_field
from presskit.models.enums import OrgKind, PremiereTier, SelectionStatus

if TYPE_CHECKING:
    from presskit import models as m

SELECTION_MOVES = {
    "submitted": ("selected", "not_selected", "withdrawn"),
    "selected": ("screened", "withdrawn"),
    "not_selected": (), "withdrawn": (), "screened": (),
}
PREMIERE_WORDS = {
    "world": "World premiere",
    "international": "International premiere",
    "continental": "Continental premiere",
    "national": "National premiere",
    "regional": "Regional premiere",
}


def premiere_label(sel: m.Selection) -> str | None:
    tier = str(sel.premiere)
    if tier == "none":
        return None
    if sel.premiere_region and tier not in ("world", "international"):
        return f"{sel.premiere_region} premiere"
    return PREMIERE_WORDS[tier]


def _label(row: Any) -> str:
    premiere = premiere_label(row)
    where = f", {row.city}" if row.city else ""
    return f"{row.festival.name} {row.year}{where}{' — ' + premiere if premiere else ''}"


def _zone_of(row: Any) -> str | None:
    return row.festival.timezone or None


KIND = register(Kind(
    "selection", "Selection", plural="selections", news=True, news_date_field="date",
    status=SelectionStatus, transitions=SELECTION_MOVES, default_status="selected",
    help="A festival selection with its premiere tier.",
    example=(
        'presskit add selection --festival "Hot Docs" --year 2013 --premiere national '
        '--premiere-region Canadian --date 2013-03-20 --key hot-docs-2013'
    ),
    edit_example='presskit edit selection hot-docs-2013 --url http://hotdocs.ca',
    batched=True, section="selections", section_rank=5, nests="screening", label=_label, zone_of=_zone_of,
    fields=(
        WORK,
        Field("festival", "ref", "Festival (name, key or id); created if new", required=True,
              ref="organization", org_kind=OrgKind.festival),
        Field("year", "int", "Festival edition year", required=True),
        Field("section", "str", "Section or programme"),
        Field("premiere", "enum", "Premiere tier", enum=PremiereTier, default="none"),
        Field("premiere_region", "str", "Region word for the premiere, e.g. Canadian, UK, North American"),
        Field("city", "str", "City (when the festival runs in several)"),
        Field("starts_on", "date", "First day of the festival"),
        Field("ends_on", "date", "Last day of the festival"),
        status_field(SelectionStatus, "selected"),
        DATE,
        Field("url", "url", "Festival page for the film"),
    ),
))
