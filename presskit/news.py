"""News as a reader says it: one item per record, in its newest state, with sentences instead of diffs.

"The Defector won the Diversity Award at the 2014 Canadian Screen Awards", never "status: nominated -> won".
Every sentence is written as of the send's clock: a premiere, screening, airing, event or deadline before it
reads in the past ("had its UK premiere", "aired on TVO"), only what is still ahead in the future, and a
ticket, RSVP or "take part" link is offered only while it can be used.

The wording of each kind is one function, registered by kind name in ``WORDING`` (``item_for`` finds it
there). Items are plain data (no Session, no ORM rows) so that any renderer can use them. Times are the
place's local time with its zone's abbreviation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from presskit import models as m
from presskit.describe import (
    FUTURE,
    NOW,
    PAST,
    PREMIERE_WORDS,
    award_name,
    capital,
    ceremony_passed,
    date_range,
    day,
    festival_name,
    is_named,
    org_name,
    place_label,
    premiere_label,
    selection_days,
    selection_tense,
    tense_of_days,
    tense_of_times,
)
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
# A call to action's button, from the verb its title starts with ("Vote for ..." -> "Vote").
ACTION_LABELS = {"vote": "Vote", "watch": "Watch", "try": "Try it", "experience": "Try it", "share": "Share",
                 "sign": "Sign", "donate": "Donate", "read": "Read it", "listen": "Listen", "join": "Join",
                 "register": "Register", "rsvp": "RSVP", "buy": "Get tickets", "support": "Support"}


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
    tense: str | None = None  # PAST, NOW or FUTURE at the send's clock; None when the record has no date
    on: date | None = None  # the record's own (first) date, local to its place
    expired: bool = False  # a call to action past its deadline: told as what it was, never as a thing to do
    count: int = 1  # records told by this one line ("aired on TVO, 4 times")
    last_on: date | None = None  # with a count: the last of their dates

    @property
    def brief(self) -> str | None:
        """The detail of a one-line mention: its time while it is ahead, a festival's city and dates, else
        its date (none for a closed call to action, whose line says when it closed)."""
        if self.expired:
            return None
        if self.tense == FUTURE and self.when:
            return self.when
        if self.section == "festivals" and self.meta:
            return self.meta
        return self.day

    @property
    def day(self) -> str | None:
        """'Jun 26, 2013', or 'June 27–30, 2013' for a line that tells several records."""
        if self.last_on is not None and self.last_on != self.on:
            return date_range(self.on, self.last_on)
        return short_day(self.on)


@dataclass(frozen=True)
class Clock:
    """The send's clock: ``now`` (aware) and ``today``, the date in the team's zone."""

    now: datetime
    today: date

    @classmethod
    def at(cls, now: datetime) -> Clock:
        return cls(now=now, today=now.date())


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


def short_day(d: date | datetime | None) -> str | None:
    """'Jun 26, 2013'."""
    return f"{d:%b} {d.day}, {d.year}" if d is not None else None


Wording = Callable[..., Item]
# The wording of each kind of news, by kind name: one function each, ``(row, clock, **common) -> Item``.
WORDING: dict[str, Wording] = {}


def wording(kind_name: str) -> Callable[[Wording], Wording]:
    def register(fn: Wording) -> Wording:
        WORDING[kind_name] = fn
        return fn
    return register


# ------------------------------------------------------------------------------------------------ awards

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


@wording("award")
def award_item(n: m.Nomination, clock: Clock, **common: Any) -> Item:
    headline = award_sentence(n, clock)
    body = org_name(n.body)
    body_name = body if body not in award_name(n) else None
    ceremony = f"ceremony {day(n.ceremony_on)}" if n.ceremony_on else None
    links = (Link("The announcement", n.url),) if n.url else ()
    section = "wins" if str(n.status) == "won" else "nominations"
    tense = PAST if ceremony_passed(n, clock.today) else (FUTURE if n.ceremony_on else None)
    return Item(section=section, headline=headline, summary=plain(headline), meta=_join(body_name, ceremony),
                links=links, tense=tense, on=n.ceremony_on, **common)


# ------------------------------------------------------------------------------------------- festivals

PREMIERE_VERBS = {PAST: "had", NOW: "is having", FUTURE: "will have"}


def selection_sentence(sel: m.Selection, clock: Clock) -> tuple[Run, ...]:
    """'The Defector will have its UK premiere at Sheffield Doc/Fest 2013', 'had ...' once the festival (its
    dates, else its screenings, else its year) is over; 'SXSW Interactive Festival 2013 selected The
    Defector' when no premiere is claimed."""
    status, fest, t = str(sel.status), festival_name(sel), title_run(sel.work)
    tense = selection_tense(sel, clock.today)
    label = premiere_label(sel)
    if label in PREMIERE_WORDS.values():
        label = label[0].lower() + label[1:]  # "its world premiere"; "its Canadian premiere" stays
    if status == "selected" and label:
        if tense is None:  # this year, no date known: true whether it is over or not
            return (t, Run(f" is selected for its {label} at {fest}"))
        return (t, Run(f" {PREMIERE_VERBS[tense]} its {label} at {fest}"))
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


@wording("selection")
def selection_item(sel: m.Selection, clock: Clock, **common: Any) -> Item:
    headline = selection_sentence(sel, clock)
    links = (Link("Festival page", sel.url),) if sel.url else ()
    first, last = selection_days(sel)
    city = sel.city if sel.city and (is_named(sel.festival) or sel.city != sel.festival.city) else None
    meta = _join(city, sel.section, date_range(sel.starts_on, sel.ends_on))
    return Item(section="festivals", headline=headline, summary=plain(headline), meta=meta, links=links,
                tense=selection_tense(sel, clock.today), on=first, **common)


# --------------------------------------------------------------------------------- screenings, airings


def _was(row: m.Screening | m.Broadcast | m.Event) -> str | None:
    if str(row.status) == "rescheduled" and row.previous_starts_at is not None:
        return f"was {format_local(row.previous_starts_at, row.timezone)}"
    return None


def _local_date(dt: datetime | None, tz: str | None) -> date | None:
    value = local(dt, tz)
    return value.date() if value is not None else None


@wording("screening")
def screening_item(sc: m.Screening, clock: Clock, **common: Any) -> Item:
    status = str(sc.status)
    if sc.selection is not None:
        where = org_name(sc.selection.festival)
    else:
        where = org_name(sc.venue) if sc.venue is not None else ""
    at = f" at {where}" if where else ""
    t = title_run(sc.work)
    tense = PAST if status == "held" else tense_of_times(sc.starts_at, None, clock.now)
    ahead = tense == FUTURE
    headline: tuple[Run, ...]
    if status == "cancelled":
        headline = (Run("Cancelled: "), t, Run(at))
    elif ahead and status == "rescheduled":
        headline = (Run("New time: "), t, Run(at))
    elif ahead:
        headline = (t, Run(f" screens{at}"))
    else:
        headline = (t, Run(f" screened{at}"))
    city = sc.venue.city if sc.venue is not None else None
    links = (Link("Get tickets", sc.ticket_url),) if sc.ticket_url and ahead and status != "cancelled" else ()
    return Item(section="screen", headline=headline, summary=plain(headline),
                when=_join(format_local(sc.starts_at, sc.timezone), _was(sc)),
                place=_join(place_label(sc), city), links=links, starts_at=sc.starts_at, tense=tense,
                on=_local_date(sc.starts_at, sc.timezone), **common)


@wording("broadcast")
def broadcast_item(b: m.Broadcast, clock: Clock, **common: Any) -> Item:
    status, ch, t = str(b.status), org_name(b.channel), title_run(b.work)
    tense = PAST if status == "aired" else tense_of_times(b.starts_at, None, clock.now)
    headline: tuple[Run, ...]
    if status == "cancelled":
        headline = (Run("Cancelled: "), t, Run(f" on {ch}"))
    elif b.starts_at is None:  # on demand, no date: worded so it is true whenever it is read
        headline = (t, Run(f" on demand on {ch}"))
    elif tense == FUTURE and status == "rescheduled":
        headline = (Run("New time: "), t, Run(f" on {ch}"))
    elif tense == FUTURE:
        headline = (Run(f"{capital(ch)} {'premieres' if b.premiere else 'airs'} "), t)
    elif b.premiere:
        headline = (t, Run(f" had its TV premiere on {ch}"))
    else:
        headline = (Run(f"{capital(ch)} aired "), t)
    when = format_local(b.starts_at, b.timezone) if b.starts_at is not None else "On demand"
    premiere = None
    if b.premiere:
        premiere = f"{b.territory} TV premiere" if b.territory else "TV premiere"
    meta = _join(b.territory if not b.premiere else None, premiere,
                 f"presented by {b.presenter}" if b.presenter else None)
    usable = status != "cancelled" and (tense == FUTURE or b.starts_at is None)
    links = (Link("TV listing", b.url),) if b.url and usable else ()
    return Item(section="screen", headline=headline, summary=plain(headline), when=_join(when, _was(b)),
                meta=meta, links=links, starts_at=b.starts_at, tense=tense,
                on=_local_date(b.starts_at, b.timezone), **common)


def event_tense(e: m.Event, clock: Clock) -> str | None:
    if e.starts_at is not None:
        return tense_of_times(e.starts_at, e.ends_at, clock.now)
    return tense_of_days(e.starts_on, e.ends_on, clock.today)


@wording("event")
def event_item(e: m.Event, clock: Clock, **common: Any) -> Item:
    status = str(e.status)
    tense = event_tense(e, clock)
    prefix = {"cancelled": "Cancelled: "}.get(status, "")
    if status == "rescheduled" and tense == FUTURE:
        prefix = "New time: "
    headline = (Run(prefix + e.title),) if prefix else (Run(e.title),)
    when = time_range(e.starts_at, e.ends_at, e.timezone) or date_range(e.starts_on, e.ends_on)
    if tense == PAST and status != "cancelled" and when:
        when = f"Took place {when}"
    elif tense == NOW and status != "cancelled" and when:
        when = f"Under way: {when}"
    # RSVP while the event is ahead (or, for one of several days, not over); its description is what the
    # team wrote beforehand ("will be present"), so it is left out once the event is over.
    ahead = tense == FUTURE or (tense == NOW and e.starts_at is None)
    links = (Link("RSVP", e.rsvp_url),) if e.rsvp_url and status != "cancelled" and ahead else ()
    city = e.place.city if e.place is not None and not e.address else None  # an address names its city
    first = _local_date(e.starts_at, e.timezone) or e.starts_on
    return Item(section="events", headline=headline, summary=plain(headline), when=_join(when, _was(e)),
                place=_join(place_label(e), city), body=e.description if tense != PAST else None,
                links=links, starts_at=e.starts_at, tense=tense, on=first, **common)


# ------------------------------------------------------------------------------------- press, actions


@wording("coverage")
def coverage_item(c: m.Coverage, clock: Clock, **common: Any) -> Item:
    kind, outlet = str(c.kind), org_name(c.outlet)
    by = f"{COVERAGE_WORDS[kind]} by {c.author}" if c.author else COVERAGE_WORDS[kind]
    quote = next((q for q in c.quotes if q.approved), None)
    quote_by = None
    if quote is not None:
        quote_by = quote.attribution or (f"{c.author}, {outlet}" if c.author else outlet)
    links = (Link(READ_LABELS.get(kind, "Read it"), c.url),) if c.url else ()
    return Item(section="press", headline=(Run(c.headline),), summary=f"{capital(outlet)}: {c.headline}",
                url=c.url, meta=_join(outlet, by, day(c.published)),
                quote=quote.text if quote else None, quote_by=quote_by, links=links,
                on=c.published, **common)


def action_label(a: m.Action) -> str:
    """'Vote', 'Watch the trailer', 'Try it': the button says what the reader does."""
    words = a.title.split()
    verb = words[0].lower().strip(",.:!") if words else ""
    if verb == "watch" and "trailer" in a.title.lower():
        return "Watch the trailer"
    return ACTION_LABELS.get(verb, "Take part")


@wording("action")
def action_item(a: m.Action, clock: Clock, **common: Any) -> Item:
    tense = tense_of_times(a.deadline, None, clock.now)
    if tense == PAST:
        # Told as what it was, never as a thing to do: no link, no appeal.
        closed = f"closed {day(local(a.deadline, a.timezone) or clock.today)}"
        headline = (Run(f"“{a.title}” {closed}"),)
        return Item(section="actions", headline=headline, summary=plain(headline), tense=PAST, expired=True,
                    on=_local_date(a.deadline, a.timezone), **common)
    deadline = f"Deadline: {format_local(a.deadline, a.timezone)}" if a.deadline is not None else None
    links = (Link(action_label(a), a.url),) if a.url else ()
    return Item(section="actions", headline=(Run(a.title),), summary=a.title, when=deadline, body=a.text,
                links=links, tense=tense, on=_local_date(a.deadline, a.timezone), **common)


def item_for(row: Any, *, now: datetime, news_date: date | None = None) -> Item:
    """The newsletter item of a record in its current state, worded as of ``now`` (aware, team's zone)."""
    kind = MODEL_KIND[type(row)]
    fn = WORDING.get(kind)
    if fn is None:
        raise ValueError(f"{kind} records are not news")
    return fn(row, Clock.at(now), kind=kind, record_id=row.id, key=row.key, news_date=news_date)
