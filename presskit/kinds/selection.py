"""A festival selection, with its premiere tier; a data file may list its screenings inside it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, Kind, register
from presskit.kinds.common import DATE, WORK, capital, status_field
from presskit.kinds.organization import is_named, org_name
from presskit.models.enums import OrgKind, PremiereTier, SelectionStatus

if TYPE_CHECKING:
    from presskit import models as m
    from presskit.newsitem import Clock, Item, Run

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
    # An unnamed festival's label names its date already ("US festival, March 23, 2013"): no year after it.
    edition = row.festival.name if row.festival.unnamed else f"{row.festival.name} {row.year}"
    return f"{edition}{where}{' — ' + premiere if premiere else ''}"


# ------------------------------------------------------------------------------------------------ news

def festival_name(sel: m.Selection) -> str:
    """'Hot Docs Canadian International Documentary Festival 2013'; an unnamed festival without its year,
    which would read as part of a name it does not have."""
    if getattr(sel.festival, "unnamed", False):
        return org_name(sel.festival)
    return f"{sel.festival.name} {sel.year}"


def selection_days(sel: m.Selection) -> tuple[date | None, date | None]:
    """A selection's days: the festival's dates, else its screenings' (first to last, local), else none."""
    if sel.starts_on or sel.ends_on:
        return sel.starts_on, sel.ends_on
    days = sorted(start.date() for sc in sel.screenings
                  if sc.removed_at is None and str(sc.status) != "cancelled" and (start := sc.local_start) is not None)
    return (days[0], days[-1]) if days else (None, None)


def selection_tense(sel: m.Selection, today: date) -> str | None:
    """From the festival's dates, then its screenings, then its year; None while its year is this year and
    nothing says when (the sentence is then worded so it is true either way)."""
    from presskit.when import FUTURE, PAST, tense_of_days

    first, last = selection_days(sel)
    if first or last:
        return tense_of_days(first, last, today)
    if sel.year < today.year:
        return PAST
    return FUTURE if sel.year > today.year else None


def selection_sentence(sel: m.Selection, clock: Clock) -> tuple[Run, ...]:
    """'The Defector will have its UK premiere at Sheffield Doc/Fest 2013', 'had ...' once the festival (its
    dates, else its screenings, else its year) is over; 'SXSW Interactive Festival 2013 selected The
    Defector' when no premiere is claimed."""
    from presskit.newsitem import Run, title_run
    from presskit.when import FUTURE, NOW, PAST

    verbs = {PAST: "had", NOW: "is having", FUTURE: "will have"}  # a premiere's, by its tense
    status, fest, t = str(sel.status), festival_name(sel), title_run(sel.work)
    tense = selection_tense(sel, clock.today)
    label = premiere_label(sel)
    if label is not None and label in PREMIERE_WORDS.values():
        label = label[0].lower() + label[1:]  # "its world premiere"; "its Canadian premiere" stays
    if status == "selected" and label:
        if tense is None:  # this year, no date known: true whether it is over or not
            return (t, Run(f" is selected for its {label} at {fest}"))
        return (t, Run(f" {verbs[tense]} its {label} at {fest}"))
    if status == "selected":
        return (Run(f"{capital(fest)} selected "), t)
    past = tense == PAST
    text = {
        "screened": f" screened at {fest}",
        "submitted": f" {'was' if past else 'is'} submitted to {fest}",
        "not_selected": f" was not selected for {fest}",
        "withdrawn": f" withdrew from {fest}",
    }[status]
    return (t, Run(text))


def _news_item(sel: m.Selection, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, joined, plain
    from presskit.when import date_range

    headline = selection_sentence(sel, clock)
    links = (Link("Festival page", sel.url),) if sel.url else ()
    first, last = selection_days(sel)
    city = sel.city if sel.city and (is_named(sel.festival) or sel.city != sel.festival.city) else None
    meta = joined(city, sel.section, date_range(sel.starts_on, sel.ends_on))
    return Item(section="festivals", headline=headline, summary=plain(headline), meta=meta, links=links,
                tense=selection_tense(sel, clock.today), on=first, **common)


KIND = register(Kind(
    "selection", "Selection", plural="selections", news=True, news_date_field="date",
    status=SelectionStatus, transitions=SELECTION_MOVES, default_status="selected",
    help="A festival selection with its premiere tier.",
    example=(
        'presskit add selection --festival "Hot Docs" --year 2013 --premiere national '
        '--premiere-region Canadian --date 2013-03-20 --key hot-docs-2013'
    ),
    edit_example='presskit edit selection hot-docs-2013 --url http://hotdocs.ca',
    batched=True, section="selections", section_rank=5, nests="screening", label=_label, news_item=_news_item,
    zone_from=("festival",),
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
