"""An award entry (a nomination): body, edition, category, nominee, and its outcome."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from presskit.kinds.base import Field, Kind, Spreadsheet, register
from presskit.kinds.common import DATE, WORK, live, status_dates, status_field
from presskit.kinds.organization import org_name
from presskit.models.enums import NominationStatus, OrgKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit import models as m
    from presskit.newsitem import Clock, Item, Run

NOMINATION_MOVES = {
    "submitted": ("shortlisted", "nominated", "won", "lost", "withdrawn", "disqualified"),
    "shortlisted": ("nominated", "won", "lost", "withdrawn", "disqualified"),
    "nominated": ("won", "lost", "withdrawn", "disqualified"),
    "won": (), "lost": (), "withdrawn": (), "disqualified": (),
}


# The kit's word for a nominee by its status (its laurels and award list).
AWARD_LABELS = {
    NominationStatus.won: "Winner",
    NominationStatus.nominated: "Nominee",
    NominationStatus.lost: "Nominee",
    NominationStatus.shortlisted: "Shortlisted",
}
# The report's words for an outcome, and its short badge.
AWARD_OUTCOMES = {
    "won": "Won", "nominated": "Nominated — outcome not yet announced", "lost": "Nominated — did not win",
    "shortlisted": "Shortlisted", "submitted": "Submitted", "withdrawn": "Withdrawn",
    "disqualified": "Disqualified",
}
AWARD_BADGES = {"won": "Won", "nominated": "Nominated", "lost": "Did not win"}


class Nominated(Protocol):
    """What the award's wording reads of a nomination: an ORM row, or the kit's plain one (``kit.Nominee``)."""

    @property
    def award(self) -> str | None: ...
    @property
    def body(self) -> Any: ...
    @property
    def edition(self) -> str | None: ...
    @property
    def year(self) -> int: ...
    @property
    def status(self) -> Any: ...
    @property
    def ceremony_on(self) -> date | None: ...


def award_name(n: Nominated) -> str:
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


# ------------------------------------------------------------------------------------------------ news

# How long after a ceremony a nomination with no outcome stops reading "not yet announced".
CEREMONY_GRACE_DAYS = 30


def ceremony_passed(n: Nominated, today: date) -> bool:
    """The ceremony is long past: a month after its date, or its year is over when no date is recorded."""
    if n.ceremony_on is not None:
        return (today - n.ceremony_on).days > CEREMONY_GRACE_DAYS
    return n.year < today.year


def outcome_open(n: Nominated, today: date) -> bool:
    """A nomination whose outcome is still to come (not one nobody recorded after the ceremony)."""
    return str(n.status) in ("nominated", "shortlisted", "submitted") and not ceremony_passed(n, today)


AWARD_VERBS = {  # a person nominee, or an outcome
    "won": "won",
    "nominated": "is nominated for",
    "shortlisted": "is shortlisted for",
    "submitted": "is submitted for",
    "lost": "was nominated for",
    "withdrawn": "withdrew from",
    "disqualified": "is no longer in the running for",
}


# Once the ceremony is long past, an open outcome is not told as still to come.
AWARD_VERBS_AFTER = {
    "nominated": "was nominated for", "shortlisted": "was shortlisted for", "submitted": "was submitted for",
    "disqualified": "was disqualified from",
}


# A work nominee's nomination starts with the award ("The 2014 Canadian Screen Awards nominated ...").
AWARD_ACTS = {"nominated": "nominated", "shortlisted": "shortlisted"}


def category_phrase(category: str) -> str:
    """'the Diversity Award' but 'Best Documentary Program': a named award takes the article."""
    words = category.split()
    if words and words[-1].lower() in ("award", "prize") and words[0].lower() != "the":
        return f"the {category}"
    return category


def award_sentence(n: m.Nomination, clock: Clock) -> tuple[Run, ...]:
    """'The Defector won the Diversity Award at the 2014 Canadian Screen Awards'; 'The 2014 Canadian Screen
    Awards nominated The Defector for Best Documentary Program'; 'Stephen Chung was nominated for ...' once
    the ceremony is long past with no outcome recorded."""
    from presskit.newsitem import Run, title_run

    status, award = str(n.status), award_name(n)
    over = ceremony_passed(n, clock.today)
    what = category_phrase(n.category)
    if n.nominee is None and status in AWARD_ACTS and not over:
        return (Run(f"The {award} {AWARD_ACTS[status]} "), title_run(n.work), Run(f" for {what}"))
    verb = (AWARD_VERBS_AFTER.get(status) if over else None) or AWARD_VERBS[status]
    who = [Run(n.nominee.name)] if n.nominee is not None else [title_run(n.work)]
    runs = [*who, Run(f" {verb} {what} at the {award}")]
    if n.nominee is not None:
        runs += [Run(" for "), title_run(n.work)]
    if status == "lost":
        runs.append(Run("; the award went to another nominee"))
    return tuple(runs)


def _news_item(n: m.Nomination, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, joined, plain
    from presskit.when import FUTURE, PAST, day

    headline = award_sentence(n, clock)
    body = org_name(n.body)
    body_name = body if body not in award_name(n) else None
    ceremony = f"ceremony {day(n.ceremony_on)}" if n.ceremony_on else None
    links = (Link("The announcement", n.url),) if n.url else ()
    section = "wins" if str(n.status) == "won" else "nominations"
    tense = PAST if ceremony_passed(n, clock.today) else (FUTURE if n.ceremony_on else None)
    return Item(section=section, headline=headline, summary=plain(headline), meta=joined(body_name, ceremony),
                links=links, tense=tense, on=n.ceremony_on, **common)


KIND = register(Kind(
    "award", "Nomination", plural="awards", aliases=("nomination",), news=True, news_date_field="date",
    status=NominationStatus, transitions=NOMINATION_MOVES, default_status="nominated",
    help="An award entry: body, edition, category, nominee and its outcome.",
    example=(
        'presskit add award --body "Academy of Canadian Cinema & Television" --award "Canadian '
        'Screen Awards" --year 2014 --category "Best Documentary Program" --date 2014-01-14'
    ),
    edit_example='presskit edit award 1 --edition 2nd --ceremony-on 2014-03-09',
    batched=True, section="awards", section_rank=4, label=_label, news_item=_news_item,
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
