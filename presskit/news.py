"""News as a reader says it: one item per record, in its newest state, with sentences instead of diffs.

"The Defector won the Diversity Award at the 2014 Canadian Screen Awards", never "status: nominated -> won".
Items are plain data (no Session, no ORM rows) so that any renderer — the newsletter, the press kit — can use
them. Times are the place's local time with its zone's abbreviation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from presskit import models as m
from presskit.describe import PREMIERE_WORDS, award_name, date_range, day, place_label, premiere_label
from presskit.kinds import MODEL_KIND
from presskit.when import format_local, local

# Editorial order of a newsletter: the biggest news first.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("wins", "Wins"),
    ("nominations", "Nominations"),
    ("festivals", "Festivals"),
    ("press", "Press"),
    ("screen", "Screenings & broadcasts"),
    ("events", "Events"),
    ("actions", "Take action"),
)

COVERAGE_WORDS = {
    "review": "review", "interview": "interview", "feature": "feature", "list": "list", "op_doc": "Op-Doc",
    "news": "story", "broadcast_segment": "segment",
}
READ_LABELS = {"review": "Read the review", "interview": "Read the interview", "list": "See the list",
               "op_doc": "Watch the Op-Doc", "broadcast_segment": "Watch the segment"}


@dataclass(frozen=True)
class Run:
    """A piece of a sentence; ``title`` marks a work's title, set in italics where the medium allows."""

    text: str
    title: bool = False


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    kind: str
    record_id: int
    key: str | None
    section: str
    headline: tuple[Run, ...]
    summary: str  # the headline as one plain line, for subjects and preheaders
    url: str | None = None  # what the headline links to
    when: str | None = None  # local time with the zone abbreviation, or a date range
    place: str | None = None
    meta: str | None = None  # one small line: outlet and author, festival city and dates, award body
    body: str | None = None
    quote: str | None = None
    quote_by: str | None = None
    links: tuple[Link, ...] = ()
    news_date: date | None = None
    starts_at: datetime | None = None  # orders screenings and airings


def short_title(work: m.Work) -> str:
    # In running text the team writes "The Defector", not "The Defector: Escape from North Korea":
    # a subtitle after the colon is dropped.
    return work.title.split(":", 1)[0].strip() or work.title


def title_run(work: m.Work) -> Run:
    return Run(short_title(work), title=True)


def plain(runs: tuple[Run, ...] | list[Run]) -> str:
    return "".join(r.text for r in runs)


def time_range(start: datetime | None, end: datetime | None, tz: str | None) -> str | None:
    """'Tue Nov 22, 2011 6:00 PM – 7:30 PM EST' — in the place's zone, the end kept short on the same day."""
    if start is None:
        return None
    a, b = local(start, tz), local(end, tz)
    if b is None or a is None:
        return format_local(start, tz)
    if a.date() == b.date():
        return f"{a:%a %b} {a.day}, {a.year} {a:%-I:%M %p} – {b:%-I:%M %p} {b.tzname()}"
    return f"{format_local(start, tz)} – {format_local(end, tz)}"


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return " · ".join(kept) if kept else None


# ------------------------------------------------------------------------------------------------ awards

AWARD_VERBS = {
    "won": "won",
    "nominated": "is nominated for",
    "shortlisted": "is shortlisted for",
    "submitted": "is submitted for",
    "lost": "was nominated for",
    "withdrawn": "has withdrawn from",
    "disqualified": "is no longer in the running for",
}


def category_phrase(category: str) -> str:
    """'the Diversity Award' but 'Best Documentary Program': a named award takes the article."""
    words = category.split()
    if words and words[-1].lower() in ("award", "prize") and words[0].lower() != "the":
        return f"the {category}"
    return category


def award_sentence(n: m.Nomination) -> tuple[Run, ...]:
    """'Stephen Chung is nominated for Best Documentary Cinematography at the 56th ... for The Defector'."""
    status = str(n.status)
    who = [Run(n.nominee.name)] if n.nominee is not None else [title_run(n.work)]
    runs = [*who, Run(f" {AWARD_VERBS[status]} {category_phrase(n.category)} at the {award_name(n)}")]
    if n.nominee is not None:
        runs += [Run(" for "), title_run(n.work)]
    if status == "lost":
        runs.append(Run("; the award went to another nominee"))
    return tuple(runs)


def _award_item(n: m.Nomination, **common: Any) -> Item:
    headline = award_sentence(n)
    body_name = n.body.name if n.body.name not in award_name(n) else None
    ceremony = f"ceremony {day(n.ceremony_on)}" if n.ceremony_on else None
    links = (Link("The announcement", n.url),) if n.url else ()
    section = "wins" if str(n.status) == "won" else "nominations"
    return Item(section=section, headline=headline, summary=plain(headline), meta=_join(body_name, ceremony),
                links=links, **common)


# ------------------------------------------------------------------------------------------- festivals


def festival_name(sel: m.Selection) -> str:
    return f"{sel.festival.name} {sel.year}"


def selection_sentence(sel: m.Selection, today: date) -> tuple[Run, ...]:
    """'The Defector will have its UK premiere at Sheffield Doc/Fest 2013'."""
    status, fest = str(sel.status), festival_name(sel)
    label = premiere_label(sel)
    if label in PREMIERE_WORDS.values():
        label = label[0].lower() + label[1:]  # "its world premiere"; "its Canadian premiere" stays
    if status == "selected" and label:
        last_day = sel.ends_on or sel.starts_on
        verb = "had" if last_day is not None and last_day < today else "will have"
        text = f" {verb} its {label} at {fest}"
    else:
        text = {
            "selected": f" is selected for {fest}",
            "screened": f" screened at {fest}",
            "submitted": f" is submitted to {fest}",
            "not_selected": f" was not selected for {fest}",
            "withdrawn": f" has withdrawn from {fest}",
        }[status]
    return (title_run(sel.work), Run(text))


def _selection_item(sel: m.Selection, today: date, **common: Any) -> Item:
    headline = selection_sentence(sel, today)
    links = (Link("Festival page", sel.url),) if sel.url else ()
    meta = _join(sel.city, sel.section, date_range(sel.starts_on, sel.ends_on))
    return Item(section="festivals", headline=headline, summary=plain(headline), meta=meta, links=links,
                **common)


# --------------------------------------------------------------------------------- screenings, airings


def _was(row: m.Screening | m.Broadcast | m.Event) -> str | None:
    if str(row.status) == "rescheduled" and row.previous_starts_at is not None:
        return f"was {format_local(row.previous_starts_at, row.timezone)}"
    return None


def _screening_item(sc: m.Screening, **common: Any) -> Item:
    status = str(sc.status)
    where = sc.selection.festival.name if sc.selection is not None else (sc.venue.name if sc.venue else "")
    at = f" at {where}" if where else ""
    t = title_run(sc.work)
    headline: tuple[Run, ...] = {
        "scheduled": (t, Run(f" screens{at}")),
        "rescheduled": (Run("New time: "), t, Run(at)),
        "cancelled": (Run("Cancelled: "), t, Run(at)),
        "held": (t, Run(f" screened{at}")),
    }[status]
    city = sc.venue.city if sc.venue is not None else None
    links = (Link("Tickets", sc.ticket_url),) if sc.ticket_url and status != "cancelled" else ()
    return Item(section="screen", headline=headline, summary=plain(headline),
                when=_join(format_local(sc.starts_at, sc.timezone), _was(sc)),
                place=_join(place_label(sc), city), links=links, starts_at=sc.starts_at, **common)


def _broadcast_item(b: m.Broadcast, **common: Any) -> Item:
    status, ch, t = str(b.status), b.channel.name, title_run(b.work)
    if status == "scheduled":
        verb = "premieres on" if b.premiere else ("airs on" if b.starts_at is not None else "is available on")
        headline: tuple[Run, ...] = (t, Run(f" {verb} {ch}"))
    else:
        headline = {
            "rescheduled": (Run("New time: "), t, Run(f" on {ch}")),
            "cancelled": (Run("Cancelled: "), t, Run(f" on {ch}")),
            "aired": (t, Run(f" aired on {ch}")),
        }[status]
    when = format_local(b.starts_at, b.timezone) if b.starts_at is not None else "On demand"
    premiere = None
    if b.premiere:
        premiere = f"{b.territory} TV premiere" if b.territory else "TV premiere"
    meta = _join(b.territory if not b.premiere else None, premiere,
                 f"presented by {b.presenter}" if b.presenter else None)
    links = (Link("Listing", b.url),) if b.url and status != "cancelled" else ()
    return Item(section="screen", headline=headline, summary=plain(headline), when=_join(when, _was(b)),
                meta=meta, links=links, starts_at=b.starts_at, **common)


def _event_item(e: m.Event, **common: Any) -> Item:
    status = str(e.status)
    prefix = {"cancelled": "Cancelled: ", "rescheduled": "New time: "}.get(status, "")
    headline = (Run(prefix + e.title),) if prefix else (Run(e.title),)
    when = time_range(e.starts_at, e.ends_at, e.timezone) or date_range(e.starts_on, e.ends_on)
    links = (Link("RSVP", e.rsvp_url),) if e.rsvp_url and status != "cancelled" else ()
    city = e.place.city if e.place is not None and not e.address else None  # an address names its city
    return Item(section="events", headline=headline, summary=plain(headline), when=_join(when, _was(e)),
                place=_join(place_label(e), city), body=e.description, links=links, starts_at=e.starts_at,
                **common)


# ------------------------------------------------------------------------------------- press, actions


def _coverage_item(c: m.Coverage, **common: Any) -> Item:
    kind = str(c.kind)
    by = f"{COVERAGE_WORDS[kind]} by {c.author}" if c.author else COVERAGE_WORDS[kind]
    quote = next((q for q in c.quotes if q.approved), None)
    quote_by = None
    if quote is not None:
        quote_by = quote.attribution or (f"{c.author}, {c.outlet.name}" if c.author else c.outlet.name)
    links = (Link(READ_LABELS.get(kind, "Read it"), c.url),) if c.url else ()
    return Item(section="press", headline=(Run(c.headline),), summary=f"{c.outlet.name}: {c.headline}",
                url=c.url, meta=_join(c.outlet.name, by, day(c.published)),
                quote=quote.text if quote else None, quote_by=quote_by, links=links, **common)


def _action_item(a: m.Action, **common: Any) -> Item:
    deadline = f"Deadline: {format_local(a.deadline, a.timezone)}" if a.deadline is not None else None
    links = (Link("Take part", a.url),) if a.url else ()
    return Item(section="actions", headline=(Run(a.title),), summary=a.title, when=deadline, body=a.text,
                links=links, **common)


def item_for(row: Any, *, today: date, news_date: date | None = None) -> Item:
    """The newsletter item of a record in its current state; ``today`` decides 'will have' or 'had'."""
    kind = MODEL_KIND[type(row)]
    common = {"kind": kind, "record_id": row.id, "key": row.key, "news_date": news_date}
    if kind == "award":
        return _award_item(row, **common)
    if kind == "selection":
        return _selection_item(row, today, **common)
    if kind == "screening":
        return _screening_item(row, **common)
    if kind == "broadcast":
        return _broadcast_item(row, **common)
    if kind == "event":
        return _event_item(row, **common)
    if kind == "coverage":
        return _coverage_item(row, **common)
    if kind == "action":
        return _action_item(row, **common)
    raise ValueError(f"{kind} records are not news")
