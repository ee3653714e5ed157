"""The press kit's content, gathered from the records as plain data (no rendering here).

``gather`` reads one work and its companion works (the film's interactive, say) and returns a ``KitData``:
named tuples of strings, numbers and tuples, what a template or a PDF needs, already sorted and worded, so
rendering never sees a Session.
``write`` is the use case behind ``presskit kit``: gather, hand the data to ``presskit.render.kit``, write the
file. Everything a reader could be misled by is decided here: which statuses are shown and with which word,
which URLs may become links or images, and what is missing from the records.

The selection is bounded in SQL (issue 6), so a kit costs what it shows, not what the database holds: the top
quotes; the most recent coverage, nominations, festival selections (with their screenings) and broadcasts, each
with a count of the rest; a handful of laurels; and every win, the oldest ones one line per award.
"""

# No ``from __future__ import annotations``: typing.NamedTuple makes each annotation given as text a ForwardRef,
# compiling it, which was half of what defining the classes below cost every start-up.

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import case, func, or_, select, true
from sqlalchemy.orm import Session, lazyload

from presskit import embargo, validate
from presskit import models as m
from presskit.asof import status_in
from presskit.errors import InvalidInput
from presskit.files import write_atomically
from presskit.images import MediaFolder, default_cache, place
from presskit.kinds.award import AWARD_LABELS, award_name, outcome_open
from presskit.kinds.common import capital
from presskit.kinds.coverage import COVERAGE_LABELS
from presskit.kinds.organization import is_named, org_name
from presskit.kinds.selection import festival_name, premiere_label
from presskit.models.enums import BroadcastStatus, MediaRole, NominationStatus, ScreeningStatus, SelectionStatus
from presskit.sitepaths import site_base
from presskit.validate import image, link
from presskit.when import date_range, day, format_local, home_zone, iso_local, local, resolve_now

# What a journalist reads: a real film has tens of each, all shown; a record that outgrew the page shows its
# strongest and newest, with "…and N more".
QUOTE_LIMIT = 8
COVERAGE_LIMIT = 20
NOMINATION_LIMIT = 12  # nominations that were not won, newest first (every win is shown)
WINS_IN_FULL = 12  # the newest wins as full entries; older ones one line per award
SELECTION_LIMIT = 12  # festival selections: with a screening ahead, then the strongest premiere, newest
SCREENING_LIMIT = 4  # per selection: upcoming first, then the latest
BROADCAST_LIMIT = 12  # upcoming airings, then on-demand releases, then the latest airings
LAUREL_LIMIT = 12  # laurels drawn in the Laurels section (the strongest also on the cover)
FORMATS = ("html", "pdf")
PAPERS = ("a4", "letter")

# The word a reader sees for each award status. Anything not listed (submitted, withdrawn, disqualified) is
# not a public honour and stays out of the kit; "nominated" is never "won": the outcome is open.
SHOWN_SELECTIONS = (SelectionStatus.selected, SelectionStatus.screened)
# A cancelled screening or broadcast would send a journalist to an empty room: it is left out.
SHOWN_SCREENINGS = (ScreeningStatus.scheduled, ScreeningStatus.rescheduled, ScreeningStatus.held)
SHOWN_BROADCASTS = (BroadcastStatus.scheduled, BroadcastStatus.rescheduled, BroadcastStatus.aired)
SELECTION_WORD = "Official Selection"
_PREMIERE_STRENGTH = {"world": 0, "international": 1, "continental": 2, "national": 3, "regional": 4,
                      "none": 5}
_TIERS = sorted(_PREMIERE_STRENGTH, key=_PREMIERE_STRENGTH.__getitem__)
_OPEN_OR_LOST = tuple(status for status in AWARD_LABELS if status != NominationStatus.won)
WORK_KIND_WORDS = {"film": "Film", "interactive": "Interactive", "series": "Series", "other": "Work"}

# Fields of the work a complete kit shows, with the option that fills each (for the "not yet recorded" note).
EXPECTED_FIELDS = (
    ("tagline", "tagline", "--tagline"),
    ("logline", "logline", "--logline"),
    ("synopsis_short", "short synopsis", "--synopsis-short"),
    ("synopsis_long", "long synopsis", "--synopsis-long"),
    ("director_statement", "director's statement", "--director-statement"),
    ("year", "year", "--year"),
    ("runtime_minutes", "runtime", "--runtime"),
    ("countries", "countries", "--countries"),
    ("languages", "languages", "--languages"),
    ("format", "format", "--format"),
    ("website", "website", "--website"),
    ("trailer_url", "trailer", "--trailer-url"),
    ("press_contact", "press contact name", "--press-contact"),
    ("press_email", "press contact email", "--press-email"),
)


# ------------------------------------------------------------------------------------------------- data
# What the kit shows, typed: the templates read the same names (``a.award``), the renderers read the fields.
# Immutable: ``gather`` makes it once; showing pictures (``images.place``) makes new ones (``_replace``), see
# KitData.with_pictures. Named tuples, not frozen dataclasses: a frozen dataclass execs its generated methods
# when it is defined, at every start-up (~0.4 ms a class, a few percent of a cached kit build); a NamedTuple
# costs a fifth of that.


class Moment(NamedTuple):
    """A zoned time as a reader sees it ("Wed Jun 26, 2013 9:00 PM EDT") and as ISO 8601 with its offset."""
    local: str | None
    iso: str | None


NO_TIME = Moment(None, None)


class Picture(NamedTuple):
    """A picture as the kit shows it: its file (absolute, inside the data folder) or its https URL, and, once
    ``images.place`` has placed it for a medium, the ``src`` shown, the ``href`` linked and its size there."""
    id: int
    role: str
    alt: str
    caption: str | None
    credit: str | None
    position: int
    file: str | None
    url: str | None
    name: str  # the original's file name in the site's media/originals/ and the stills zip
    width: int | None
    height: int | None
    original_width: int | None
    original_height: int | None
    format: str | None
    sha256: str | None
    person_id: int | None
    src: str | None = None  # a Markup for paths presskit made
    href: str | None = None
    size_label: str | None = None


class Pictures(NamedTuple):
    """The work's poster (key art if there is no poster), its stills in order, its logo, and the headshots of
    its people by person id. ``more_stills``: stills a medium leaves out (the PDF carries the first few).
    ``files_missing``: pictures recorded with a file that is not in the data folder (left out)."""
    poster: Picture | None = None
    stills: tuple[Picture, ...] = ()
    more_stills: int = 0
    logo: Picture | None = None
    headshots: Mapping[int, Picture] = MappingProxyType({})
    files_missing: int = 0


class WorkFacts(NamedTuple):
    """A work as the kit describes it (the kit's own, or a companion)."""
    slug: str
    title: str
    kind: str
    kind_label: str
    year: int | None
    runtime_minutes: int | None
    runtime: str | None
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    format: str | None
    tagline: str | None
    logline: str | None
    synopsis_short: str | None
    synopsis_long: str | None
    director_statement: str | None
    website: str | None
    trailer_url: str | None
    logo_url: str | None
    company: str | None
    company_website: str | None


class Credit(NamedTuple):
    name: str
    role: str
    bio: str | None
    website: str | None
    person_id: int
    headshot: Picture | None = None


class Contact(NamedTuple):
    name: str | None
    email: str | None


class Contacts(NamedTuple):
    press: Contact
    sales: Contact


class Award(NamedTuple):
    """A nomination as the kit words it: ``word`` is what the reader sees (Winner, Nominee, Shortlisted)."""
    status: str
    word: str
    won: bool
    award: str
    title: str  # the award's own name, else its body's: what a laurel and a group of earlier wins are headed by
    body: str
    edition: str | None
    year: int
    category: str
    nominee: str | None
    work_title: str | None  # a companion work's title; None for the kit's own work
    line: str
    url: str | None
    ceremony: str | None
    ceremony_iso: str | None
    outcome: str | None


class WinLine(NamedTuple):
    line: str
    year: int


class WinGroup(NamedTuple):
    """Earlier wins of one award, one line in the kit."""
    award: str
    wins: tuple[WinLine, ...]


class Awards(NamedTuple):
    wins: tuple[Award, ...]
    recent_wins: tuple[Award, ...]  # the newest WINS_IN_FULL wins, in full
    earlier_wins: tuple[WinGroup, ...]  # the others, one line per award
    nominations: tuple[Award, ...]


class Screening(NamedTuple):
    venue: str | None
    room: str | None
    place: str | None
    city: str | None
    country: str | None
    address: str | None
    start: Moment
    previous: Moment  # the start it moved from, when rescheduled
    status: str
    tickets: str | None  # only while they can be bought


class Selection(NamedTuple):
    festival: str
    edition: str
    named: bool
    year: int
    city: str | None
    country: str | None
    section: str | None
    premiere: str | None
    premiere_tier: str
    dates: str | None
    starts_on: str | None
    ends_on: str | None
    status: str
    url: str | None
    work_title: str | None
    screenings: tuple[Screening, ...]
    more_screenings: int


class Laurel(NamedTuple):
    """A laurel's words: "Winner" / "Nominee" / "Official Selection", the honour, its detail and year."""
    word: str
    name: str
    detail: str | None
    year: str
    kind: str  # award or selection

    @property
    def words(self) -> tuple[str, ...]:
        """What the laurel says, in order, without the parts it leaves out: its label and its file's name."""
        return tuple(p for p in (self.word, self.name, self.detail, self.year) if p)


class Quote(NamedTuple):
    text: str
    outlet: str
    author: str | None
    attribution: str | None  # the publicist's own wording; else author and outlet are shown
    headline: str
    url: str | None
    published: str
    published_iso: str
    work_title: str | None


class CoverageItem(NamedTuple):
    outlet: str
    headline: str
    url: str | None
    published: str
    published_iso: str
    kind: str
    author: str | None
    featured: bool
    work_title: str | None


class Coverage(NamedTuple):
    items: tuple[CoverageItem, ...]
    total: int
    more: int


class Broadcast(NamedTuple):
    channel: str
    territory: str | None
    premiere: bool
    presenter: str | None
    status: str
    url: str | None
    start: Moment
    previous: Moment
    work_title: str | None


class More(NamedTuple):
    """How many records each bounded list leaves out, for its "…and N more" line."""
    nominations: int
    selections: int
    broadcasts: int


class Link(NamedTuple):
    label: str
    url: str | None


class Missing(NamedTuple):
    """A field of the work a complete kit shows, not yet recorded, and the option that fills it."""
    field: str
    label: str
    option: str


class Generated(NamedTuple):
    day: str
    iso: str


class KitData(NamedTuple):
    """Everything the kit shows for one work, sorted and worded."""
    work: WorkFacts
    directors: tuple[str, ...]
    credits: tuple[Credit, ...]
    companions: tuple[WorkFacts, ...]
    contacts: Contacts
    awards: Awards
    selections: tuple[Selection, ...]
    laurels: tuple[Laurel, ...]
    cover_laurel: Laurel | None
    quotes: tuple[Quote, ...]
    cover_quote: Quote | None
    coverage: Coverage
    broadcasts: tuple[Broadcast, ...]
    more: More
    links: tuple[Link, ...]
    pictures: Pictures
    missing: tuple[Missing, ...]
    generated: Generated

    def with_pictures(self, pictures: Pictures) -> "KitData":
        """The same kit showing ``pictures`` (as placed for a medium), the credits' headshots among them."""
        return self._replace(pictures=pictures, credits=tuple(
            c._replace(headshot=pictures.headshots.get(c.person_id)) for c in self.credits))


def _when(dt: datetime | None, tz: str | None) -> Moment:
    return Moment(format_local(dt, tz), iso_local(dt, tz)) if dt else NO_TIME


# ----------------------------------------------------------------------------------------------- gather


def _companions(s: Session, work: m.Work, works: list[m.Work] | None = None) -> list[m.Work]:
    """The work's companions: the same production company's works in another medium (the film's interactive).

    Their records are part of the kit, labelled with their title. Films of one company (an agency's
    catalogue) are not each other's companions, and a work without a company has none. ``works``: every live
    work, when they were read already (``lookups.live_works``).
    """
    if work.company_id is None:
        return []
    if works is None:
        return list(s.scalars(select(m.Work).where(
            m.Work.removed_at.is_(None), m.Work.id != work.id, m.Work.company_id == work.company_id,
            m.Work.kind != work.kind).order_by(m.Work.primary.desc(), m.Work.id)))
    return sorted((w for w in works if w.id != work.id and w.company_id == work.company_id and w.kind != work.kind),
                  key=lambda w: (not w.primary, w.id))


def _work_data(w: m.Work) -> WorkFacts:
    return WorkFacts(
        slug=w.slug, title=w.title, kind=str(w.kind), kind_label=WORK_KIND_WORDS.get(str(w.kind), "Work"),
        year=w.year, runtime_minutes=w.runtime_minutes,
        runtime=f"{w.runtime_minutes} min" if w.runtime_minutes else None,
        countries=tuple(w.countries or []), languages=tuple(w.languages or []), format=w.format,
        tagline=w.tagline, logline=w.logline, synopsis_short=w.synopsis_short,
        synopsis_long=w.synopsis_long, director_statement=w.director_statement,
        website=link(w.website), trailer_url=link(w.trailer_url), logo_url=image(w.logo_url),
        company=w.company.name if w.company is not None else None,
        company_website=link(w.company.website) if w.company is not None else None,
    )


def _credits(w: m.Work, headshots: Mapping[int, Picture]) -> tuple[Credit, ...]:
    rows = sorted(w.credits, key=lambda c: (c.position, c.id))
    return tuple(Credit(name=c.person.name, role=c.role, bio=c.person.bio, website=link(c.person.website),
                        person_id=c.person_id, headshot=headshots.get(c.person_id))
                 for c in rows if c.person.removed_at is None)


def _bare(model: Any) -> Any:
    """The kit's reads of ``model`` leave the record's work out (it is joined by default, with the work's
    company): the kit names a companion work by its title, read once (gather's ``titles``). Fewer joins also
    make each read's SQL quicker to build, which is much of what a read costs a kit made once per process."""
    return lazyload(model.work)


class Body(NamedTuple):
    """An award's body as ``org_name`` reads it."""
    name: str
    unnamed: bool
    city: str | None
    country: str | None
    kind: str


class Nominee(NamedTuple):
    """A nomination as the kit reads it: its columns, its body, its nominee's name, and the status it was chosen
    by (``status_in``: while a change is held, the status it reads as). Plain rows, not ORM objects: a film's
    every win is read (hundreds on a long festival run), and building them as objects cost most of the kit's
    reading time."""
    id: int
    work_id: int
    award: str | None
    edition: str | None
    year: int
    category: str
    url: str | None
    ceremony_on: date | None
    body: Body
    nominee: str | None
    status: NominationStatus


def _nominees(s: Session, status: NominationStatus, *where: Any, order: tuple[Any, ...] = (),
              limit: int | None = None) -> list[Nominee]:
    """The nominations of ``status`` (as ``s`` reads them) that match ``where``."""
    N, body, person = m.Nomination, m.Organization, m.Person  # noqa: N806
    q = (select(N.id, N.work_id, N.award, N.edition, N.year, N.category, N.url, N.ceremony_on,
                body.name, body.unnamed, body.city, body.country, body.kind, person.name)
         .join(body, body.id == N.body_id).outerjoin(person, person.id == N.nominee_id)
         .where(N.removed_at.is_(None), status_in(s, N, (status,)), *where).order_by(*order).limit(limit))
    return [Nominee(nid, wid, award, edition, year, category, url, ceremony,
                    Body(name, unnamed, city, country, str(kind)), nominee, status)
            for nid, wid, award, edition, year, category, url, ceremony, name, unnamed, city, country, kind, nominee
            in s.execute(q)]


def _outcome(n: Nominee, today: date) -> str | None:
    """What a reader should know of an open nomination: still to come, or long past and never recorded."""
    if n.status not in (NominationStatus.nominated, NominationStatus.shortlisted):
        return None
    return "outcome not yet announced" if outcome_open(n, today) else "outcome not recorded"


def _award(n: Nominee, own: m.Work, titles: Mapping[int, str], today: date) -> Award:
    nominee = n.nominee
    companion = titles[n.work_id] if n.work_id != own.id else None
    # "Stephen Chung, Best Documentary Cinematography": a person's nomination names the person; a companion
    # work's names the work; the kit's own work is implied.
    line = ", ".join(p for p in (nominee or companion, n.category) if p)
    return Award(
        status=str(n.status), word=AWARD_LABELS[n.status], won=n.status == NominationStatus.won,
        award=award_name(n), title=n.award or org_name(n.body), body=org_name(n.body), edition=n.edition,
        year=n.year, category=n.category, nominee=nominee, work_title=companion, line=line,
        url=link(n.url), ceremony=day(n.ceremony_on) if n.ceremony_on else None,
        ceremony_iso=n.ceremony_on.isoformat() if n.ceremony_on else None,
        outcome=_outcome(n, today),
    )


def _award_order(a: Award) -> tuple[bool, int, str, str]:
    # The kit's own work before a companion's; newest edition first.
    return (a.work_title is not None, -a.year, a.award, a.category)


def _win_groups(wins: tuple[Award, ...]) -> tuple[WinGroup, ...]:
    """Wins as one line per award ("Canadian Screen Awards — Diversity Award (2014); ..."), the award whose
    latest win is newest first: every win stays in the kit, in a few lines instead of a page each."""
    groups: dict[str, list[WinLine]] = {}
    for a in wins:
        groups.setdefault(a.title, []).append(WinLine(a.line, a.year))
    return tuple(WinGroup(award, tuple(lines)) for award, lines in groups.items())


def _awards(s: Session, ids: list[int], own: m.Work, titles: Mapping[int, str], limit: int,
            today: date, total: int) -> tuple[Awards, int]:
    """Every win, and the newest ``limit`` other nominations with a count of the rest.

    Wins are all shown (a film's honours are what a kit is for): the newest WINS_IN_FULL in full, the rest
    one line per award. Each read is an index range of one work (migration 0003).
    """
    N = m.Nomination  # noqa: N806
    wins: list[Nominee] = []
    candidates: list[Nominee] = []
    for wid in ids:
        wins += _nominees(s, NominationStatus.won, N.work_id == wid)
        # The newest `limit` of each status: the newest `limit` of all are among them.
        for status in _OPEN_OR_LOST:
            candidates += _nominees(s, status, N.work_id == wid, order=(N.year.desc(), N.id.desc()), limit=limit)
    # (status_in: a win whose announcement is held reads, is shown and is counted as the nomination it was.)
    candidates.sort(key=lambda n: (n.work_id != own.id, -n.year, -n.id))
    nominations = tuple(sorted((_award(n, own, titles, today) for n in candidates[:limit]), key=_award_order))
    won = tuple(sorted((_award(n, own, titles, today) for n in wins), key=_award_order))
    return Awards(wins=won, recent_wins=won[:WINS_IN_FULL], earlier_wins=_win_groups(won[WINS_IN_FULL:]),
                  nominations=nominations), total - len(nominations)


class Totals(NamedTuple):
    """How many of each list the kit shows in part the records hold: its "…and N more" lines."""
    nominations: int  # not won: open or lost
    selections: int
    broadcasts: int
    coverage: int


def _totals(s: Session, ids: list[int]) -> Totals:
    """The four counts in one read: a COUNT of each kind for each work (an index range of one work each), as
    the public may see them (the held records' criteria reach into each count)."""
    N, S, B, C = m.Nomination, m.Selection, m.Broadcast, m.Coverage  # noqa: N806
    shown: tuple[tuple[Any, tuple[Any, ...]], ...] = (
        (N, (status_in(s, N, _OPEN_OR_LOST),)), (S, (status_in(s, S, SHOWN_SELECTIONS),)),
        (B, (status_in(s, B, SHOWN_BROADCASTS),)), (C, ()))
    counts = [select(func.count()).select_from(model).where(model.work_id == wid, model.removed_at.is_(None),
                                                            *where).scalar_subquery()
              for model, where in shown for wid in ids]
    row = s.execute(select(*counts)).one()
    n = len(ids)
    return Totals(*(sum(row[i * n:(i + 1) * n]) for i in range(len(shown))))


def _screening(sc: m.Screening, now: datetime) -> Screening:
    venue = sc.venue
    return Screening(
        venue=org_name(venue) if venue else None, room=sc.room,
        place=", ".join(p for p in (org_name(venue) if venue else None, sc.room) if p) or None,
        city=venue.city if venue else None, country=venue.country if venue else None,
        address=venue.address if venue else None,
        start=_when(sc.starts_at, sc.timezone),
        previous=_when(sc.previous_starts_at, sc.timezone) if sc.status == ScreeningStatus.rescheduled
        else NO_TIME,
        status=str(sc.status),
        # Tickets only while they can be bought.
        tickets=link(sc.ticket_url) if sc.starts_at is not None and sc.starts_at > now else None,
    )


def _screenings(s: Session, selection_ids: list[int], now: datetime,
                limit: int) -> tuple[dict[int, list[m.Screening]], dict[int, int]]:
    """Up to ``limit`` screenings of each selection, upcoming ones first (soonest first), then the latest, and
    how many each selection has: one ranked read for all the selections, never one read per selection."""
    shown = (m.Screening.selection_id.in_(selection_ids), m.Screening.removed_at.is_(None),
             status_in(s, m.Screening, SHOWN_SCREENINGS))
    ahead = m.Screening.starts_at >= now
    order = (case((ahead, 0), else_=1), case((ahead, m.Screening.starts_at)), m.Screening.starts_at.desc(),
             m.Screening.id)
    ranked = select(m.Screening.id, func.row_number().over(partition_by=m.Screening.selection_id,
                                                           order_by=order).label("n")).where(*shown).subquery()
    rows = s.scalars(select(m.Screening).join(ranked, ranked.c.id == m.Screening.id).where(ranked.c.n <= limit)
                     .options(_bare(m.Screening), lazyload(m.Screening.selection)))
    by_selection: dict[int, list[m.Screening]] = {}
    for sc in rows:
        by_selection.setdefault(sc.selection_id or 0, []).append(sc)
    counts = {sid: n for sid, n in s.execute(select(m.Screening.selection_id, func.count()).where(*shown)
                                             .group_by(m.Screening.selection_id)) if sid is not None}
    return by_selection, counts


def _chosen_selections(s: Session, ids: list[int], own: m.Work, now: datetime, limit: int) -> list[m.Selection]:
    """The ``limit`` selections a kit shows: those with a screening still to come (soonest first), then the
    strongest premiere tier, newest first, the kit's own work before a companion's."""
    shown = (m.Selection.removed_at.is_(None), status_in(s, m.Selection, SHOWN_SELECTIONS))
    keys: dict[int, tuple] = {}
    for wid in ids:
        ahead = s.execute(select(m.Screening.selection_id, func.min(m.Screening.starts_at))
                          .join(m.Selection, m.Selection.id == m.Screening.selection_id).where(
            m.Screening.work_id == wid, m.Screening.removed_at.is_(None), m.Screening.starts_at >= now,
            status_in(s, m.Screening, SHOWN_SCREENINGS), *shown)
            .group_by(m.Screening.selection_id).order_by(func.min(m.Screening.starts_at)).limit(limit)).all()
        for sid, first in ahead:  # joined to its selection, and starting at or after now: neither is None
            keys[sid] = (0, first.timestamp(), sid)  # type: ignore[index,union-attr]
        found = 0
        # Tier by tier, strongest first: once `limit` are found, a weaker tier cannot displace them.
        for tier in _TIERS:
            if found >= limit:
                break
            for sel_id, year in s.execute(select(m.Selection.id, m.Selection.year).where(
                    m.Selection.work_id == wid, *shown, m.Selection.premiere == tier)
                    .order_by(m.Selection.year.desc(), m.Selection.id.desc()).limit(limit - found)):
                keys.setdefault(sel_id, (1, wid != own.id, _PREMIERE_STRENGTH[tier], -year, -sel_id))
                found += 1
    chosen = sorted(keys, key=keys.__getitem__)[:limit]
    if not chosen:
        return []
    return list(s.scalars(select(m.Selection).where(m.Selection.id.in_(chosen))
                          .options(_bare(m.Selection))).unique())


def _festival_run(sel: m.Selection, shown: list[m.Screening]) -> tuple[bool, date, str, str, int]:
    """Festival-run order: the first date first (the festival's, else its first shown screening's), undated
    last; then the festival's name and city."""
    start = shown[0].local_start if shown else None  # a screening's start is required
    first = sel.starts_on or (start.date() if start else None)
    return (first is None, first or date.min, sel.festival.name, sel.city or "", sel.id)


def _selections(s: Session, ids: list[int], own: m.Work, titles: Mapping[int, str], now: datetime, limit: int,
                screening_limit: int, total: int) -> tuple[tuple[Selection, ...], int]:
    """The chosen selections in festival-run order (first date first), and how many others there are."""
    rows = _chosen_selections(s, ids, own, now, limit)
    screenings, counts = _screenings(s, [sel.id for sel in rows], now, screening_limit) if rows else ({}, {})
    shown = {sel.id: sorted(screenings.get(sel.id, []), key=lambda sc: (sc.starts_at, sc.id)) for sel in rows}
    out = tuple(Selection(
        festival=capital(org_name(sel.festival)),
        # After "US premiere at" an unnamed festival reads in lower case: "at a festival in the United States".
        edition=festival_name(sel) if premiere_label(sel) else capital(festival_name(sel)),
        named=is_named(sel.festival), year=sel.year, city=sel.city or sel.festival.city,
        country=sel.festival.country, section=sel.section, premiere=premiere_label(sel),
        premiere_tier=str(sel.premiere), dates=date_range(sel.starts_on, sel.ends_on),
        starts_on=sel.starts_on.isoformat() if sel.starts_on else None,
        ends_on=sel.ends_on.isoformat() if sel.ends_on else None,
        status=str(sel.status), url=link(sel.url),
        work_title=titles[sel.work_id] if sel.work_id != own.id else None,
        screenings=tuple(_screening(sc, now) for sc in shown[sel.id]),
        more_screenings=counts.get(sel.id, 0) - len(shown[sel.id]),
    ) for sel in sorted(rows, key=lambda sel: _festival_run(sel, shown[sel.id])))
    return out, total - len(out)


_LAUREL_RANK = {"Winner": 0, "Nominee": 1, "Shortlisted": 2}


def _laurels(awards: Awards, selections: tuple[Selection, ...], limit: int) -> tuple[Laurel, ...]:
    """The ``limit`` strongest laurels of the kit's own work: a companion's award on the film's laurels would
    claim it for the film. Strongest first: wins, nominations, then selections by premiere tier; newest first
    within each."""
    ranked: list[tuple[tuple[int, int, int, str, str], Laurel]] = []
    for a in awards.wins + awards.nominations:
        if a.work_title is None:
            year = f"{a.edition} · {a.year}" if a.edition else str(a.year)
            ranked.append(((_LAUREL_RANK[a.word], 0, -a.year, a.title, a.category),
                           Laurel(word=a.word, name=a.title, detail=a.category, year=year, kind="award")))
    seen: set[tuple[str, int]] = set()
    for sel in selections:
        # No laurel for a festival the sources do not name: a laurel is its name.
        if sel.work_title is not None or not sel.named or (sel.festival, sel.year) in seen:
            continue
        seen.add((sel.festival, sel.year))
        strength = _PREMIERE_STRENGTH.get(sel.premiere_tier, 5)
        ranked.append(((3, strength, -sel.year, sel.festival, ""),
                       Laurel(word=SELECTION_WORD, name=sel.festival, detail=sel.premiere, year=str(sel.year),
                              kind="selection")))
    ranked.sort(key=lambda pair: pair[0])
    return tuple(laurel for _, laurel in ranked[:limit])


# Each candidate read is an index range (migration 0002), one work at a time: ranked pieces by rank,
# featured ones and all of them newest first, `limit` of each. The best `limit` in the kit's order are always
# among them (whatever the ranked and featured pieces leave free, the newest fill), so the full order is only
# ever applied to a few rows, and a kit costs the same with 100,000 coverage items as with ten.
_NEWEST = (m.Coverage.published.desc(), m.Coverage.id.desc())


class Piece(NamedTuple):
    """A piece of coverage as the kit reads it: its columns and its outlet, a plain row (no ORM object)."""
    id: int
    work_id: int
    headline: str
    url: str | None
    published: date
    kind: str
    author: str | None
    featured: bool
    rank: int | None
    outlet: Body


def _candidates(s: Session, ids: list[int], limit: int, *, ranked: bool, quoted: bool) -> list[Piece]:
    C, outlet = m.Coverage, m.Organization  # noqa: N806
    has_quote = select(m.Quote.id).where(m.Quote.coverage_id == C.id, m.Quote.approved.is_(True),
                                         m.Quote.removed_at.is_(None))
    reads: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = [((C.featured == true(),), _NEWEST), ((), _NEWEST)]
    if ranked:
        reads.insert(0, ((C.rank.is_not(None),), (C.rank, C.id)))
    found: dict[int, Piece] = {}
    for wid in ids:
        for where, order in reads:
            q = (select(C.id, C.work_id, C.headline, C.url, C.published, C.kind, C.author, C.featured, C.rank,
                        outlet.name, outlet.unnamed, outlet.city, outlet.country, outlet.kind)
                 .join(outlet, outlet.id == C.outlet_id).where(C.work_id == wid, C.removed_at.is_(None), *where))
            # The quotes' pieces: only those with an approved quote.
            q = q.where(has_quote.exists()) if quoted else q
            for (cid, work_id, headline, url, published, kind, author, featured, rank, name, unnamed, city, country,
                 org_kind) in s.execute(q.order_by(*order).limit(limit)):
                found[cid] = Piece(cid, work_id, headline, url, published, kind, author, featured, rank,
                                   Body(name, unnamed, city, country, str(org_kind)))
    return list(found.values())


def _newest_first(c: Piece) -> tuple:
    return (-c.published.toordinal(), -c.id)


def _quotes(s: Session, ids: list[int], own: m.Work, titles: Mapping[int, str], limit: int) -> tuple[Quote, ...]:
    # Best first: an explicit rank (1 = strongest), then featured pieces, then the newest.
    pieces = sorted(_candidates(s, ids, limit, ranked=True, quoted=True),
                    key=lambda c: (c.rank is None, c.rank or 0, not c.featured, *_newest_first(c)))
    # Their approved quotes, in their order (position, then id), one read for all of them.
    Q = m.Quote  # noqa: N806
    said: dict[int, list[tuple[int, int, str, str | None]]] = {}
    for quote_id, coverage_id, position, text, attribution in s.execute(
            select(Q.id, Q.coverage_id, Q.position, Q.text, Q.attribution)
            .where(Q.coverage_id.in_([c.id for c in pieces]), Q.approved.is_(True), Q.removed_at.is_(None))):
        said.setdefault(coverage_id, []).append((position, quote_id, text, attribution))
    out = [Quote(text=text, outlet=org_name(c.outlet), author=c.author, attribution=attribution,
                 headline=c.headline, url=link(c.url), published=day(c.published),
                 published_iso=c.published.isoformat(), work_title=titles[c.work_id] if c.work_id != own.id else None)
           for c in pieces for _, _, text, attribution in sorted(said.get(c.id, []))]
    return tuple(out[:limit])


def _coverage(s: Session, ids: list[int], own: m.Work, titles: Mapping[int, str], limit: int, total: int) -> Coverage:
    # Featured pieces first, then the newest.
    rows = sorted(_candidates(s, ids, limit, ranked=False, quoted=False),
                  key=lambda c: (not c.featured, *_newest_first(c)))[:limit]
    items = tuple(CoverageItem(
        outlet=org_name(c.outlet), headline=c.headline, url=link(c.url), published=day(c.published),
        published_iso=c.published.isoformat(), kind=COVERAGE_LABELS.get(str(c.kind), str(c.kind)),
        author=c.author, featured=bool(c.featured),
        work_title=titles[c.work_id] if c.work_id != own.id else None,
    ) for c in rows)
    return Coverage(items=items, total=total, more=total - len(items))


def _broadcast(b: m.Broadcast, own: m.Work, titles: Mapping[int, str]) -> Broadcast:
    return Broadcast(
        channel=org_name(b.channel), territory=b.territory, premiere=bool(b.premiere),
        presenter=b.presenter, status=str(b.status), url=link(b.url),
        start=_when(b.starts_at, b.timezone),
        previous=_when(b.previous_starts_at, b.timezone) if b.status == BroadcastStatus.rescheduled else NO_TIME,
        work_title=titles[b.work_id] if b.work_id != own.id else None,
    )


def _broadcasts(s: Session, ids: list[int], own: m.Work, titles: Mapping[int, str], now: datetime,
                limit: int, total: int) -> tuple[tuple[Broadcast, ...], int]:
    """The ``limit`` broadcasts a kit shows, and how many others there are: upcoming airings (soonest first),
    then on-demand releases, then the latest airings. Listed by air time, on-demand releases last."""
    b = m.Broadcast
    reads = [  # (where, order, rank of a row read by it)
        (b.starts_at >= now, (b.starts_at, b.id), lambda r: (0, r.starts_at.timestamp(), r.id)),
        (b.starts_at.is_(None), (b.id,), lambda r: (1, 0.0, r.id)),
        (b.starts_at < now, (b.starts_at.desc(), b.id.desc()), lambda r: (2, -r.starts_at.timestamp(), -r.id)),
    ]
    found: dict[int, tuple[tuple, m.Broadcast]] = {}
    for wid in ids:
        live = (b.work_id == wid, b.removed_at.is_(None), status_in(s, m.Broadcast, SHOWN_BROADCASTS))
        for where, order, rank in reads:
            q = select(b).where(*live, where).order_by(*order).limit(limit).options(_bare(b))
            for row in s.scalars(q).unique():
                found[row.id] = (rank(row), row)
    rows = [row for _, row in sorted(found.values(), key=lambda x: x[0])[:limit]]
    # On-demand releases (no air time) after the dated airings.
    rows.sort(key=lambda r: (r.starts_at is None, r.starts_at or now, r.id))
    return tuple(_broadcast(r, own, titles) for r in rows), total - len(rows)


def _picture(row: Any, folder: MediaFolder | None) -> Picture | None:
    """A picture as the kit shows it: its file (absolute, checked to be inside the data folder) or its https URL.

    A file that went missing or moved out of the data folder since it was recorded is left out, not shown
    broken; so is a URL that is not https on a public host.
    """
    from presskit.images import ImageProblem

    source: Path | None = None
    if row.path:
        if folder is None:
            return None
        try:
            source = folder.find(row.path)[1]
        except ImageProblem:
            return None
    url = image(row.url) if row.url else None
    if source is None and url is None:
        return None
    name = PurePosixPath(row.path).name if row.path else PurePosixPath(urlsplit(url or "").path).name
    return Picture(
        id=row.id, role=str(row.role), alt=row.alt, caption=row.caption, credit=row.credit,
        position=row.position, file=str(source) if source else None, url=url,
        name=f"{row.id:03d}-{name or 'picture'}", width=row.width, height=row.height,
        original_width=row.width, original_height=row.height,
        format=row.format, sha256=row.sha256, person_id=row.person_id,
    )


def _pictures(s: Session, own: m.Work, data_dir: Path | None) -> Pictures:
    """The work's poster (key art if there is no poster), its stills in order, and the headshots of its
    people. Pictures of a companion work stay with that work."""
    media = m.Media
    # Plain rows of the columns shown, not ORM objects: a sales company's kit has a hundred stills.
    rows = s.execute(select(media.id, media.role, media.work_id, media.person_id, media.path, media.url, media.alt,
                            media.caption, media.credit, media.position, media.width, media.height, media.format,
                            media.sha256)
                     .where(media.removed_at.is_(None), or_(
                         media.work_id == own.id,
                         media.person_id.in_(select(m.Credit.person_id).where(m.Credit.work_id == own.id))))
                     .order_by(media.position, media.id)).all()
    by_role: dict[str, list[Picture]] = {}
    headshots: dict[int, Picture] = {}
    files_missing = 0
    folder = MediaFolder(data_dir) if data_dir is not None else None
    for row in rows:
        pic = _picture(row, folder)
        if pic is None:
            files_missing += bool(row.path)
            continue
        if row.role == MediaRole.headshot:
            if row.person_id is not None:
                headshots.setdefault(row.person_id, pic)
        elif row.work_id == own.id:
            by_role.setdefault(str(row.role), []).append(pic)
    cover = next(iter(by_role.get("poster") or by_role.get("key_art") or []), None)
    return Pictures(poster=cover, stills=tuple(by_role.get("still", [])),
                    logo=next(iter(by_role.get("logo") or []), None), headshots=headshots,
                    files_missing=files_missing)


def _missing(w: m.Work) -> tuple[Missing, ...]:
    return tuple(Missing(name, label, option)
                 for name, label, option in EXPECTED_FIELDS if getattr(w, name) in (None, "", []))


def gather(s: Session, work: str | int | None = None, *, now: str | datetime | None = None,
           quote_limit: int = QUOTE_LIMIT, coverage_limit: int = COVERAGE_LIMIT,
           data_dir: Path | None = None) -> KitData:
    """Everything the kit shows for ``work`` (slug or id; default: the primary work), sorted and worded.

    ``now`` is the "generated" time: an aware datetime, or text read like the newsletter's --now (a date is
    midnight in the team's zone, a bare time is the team's local time, an offset wins). It also decides which
    screenings and broadcasts are still to come.
    """
    from presskit.lookups import default_work, live_works, resolve_work

    # With no work named, the primary one and its companions come from one read of the works.
    works = live_works(s) if work is None or not str(work).strip() else None
    own = default_work(s, works) if works is not None else resolve_work(s, work)
    # The team's zone (their company's), so "generated February 1" is their February 1.
    zone = home_zone(own)
    now = resolve_now(now, zone)
    embargo.hold(s, now)  # news held at the kit's clock is not in it
    companions = _companions(s, own, works)
    ids = [own.id, *(c.id for c in companions)]
    pictures = _pictures(s, own, data_dir)
    credits = _credits(own, pictures.headshots)
    titles = {w.id: w.title for w in (own, *companions)}
    totals = _totals(s, ids)
    awards, more_nominations = _awards(s, ids, own, titles, NOMINATION_LIMIT, local(now, zone).date(),
                                       totals.nominations)
    selections, more_selections = _selections(s, ids, own, titles, now, SELECTION_LIMIT, SCREENING_LIMIT,
                                              totals.selections)
    broadcasts, more_broadcasts = _broadcasts(s, ids, own, titles, now, BROADCAST_LIMIT, totals.broadcasts)
    laurels = _laurels(awards, selections, LAUREL_LIMIT)
    quotes = _quotes(s, ids, own, titles, quote_limit)
    links = [Link("Website", link(own.website)), Link("Trailer", link(own.trailer_url))]
    for companion in companions:
        links.append(Link(f"{companion.title} ({WORK_KIND_WORDS.get(str(companion.kind), 'Work').lower()})",
                          link(companion.website)))
    return KitData(
        work=_work_data(own),
        directors=tuple(c.name for c in credits if c.role.strip().lower() == "director"),
        credits=credits,
        companions=tuple(_work_data(c) for c in companions),
        contacts=Contacts(press=Contact(own.press_contact, own.press_email),
                          sales=Contact(own.sales_contact, own.sales_email)),
        awards=awards,
        selections=selections,
        laurels=laurels,
        cover_laurel=laurels[0] if laurels else None,
        quotes=quotes,
        cover_quote=next((q for q in quotes if q.work_title is None), None),
        coverage=_coverage(s, ids, own, titles, coverage_limit, totals.coverage),
        broadcasts=broadcasts,
        more=More(nominations=more_nominations, selections=more_selections, broadcasts=more_broadcasts),
        links=tuple(links),
        pictures=pictures,
        missing=_missing(own),
        generated=Generated(day(now.date()), now.isoformat()),
    )


# ------------------------------------------------------------------------------------------------ write


def _social(data: KitData, base: str | None, cache: Path) -> dict[str, Any]:
    """The page's preview tags written alone: title and description always; with the site's address
    ``base``, its canonical URL, feeds and preview image (the web copy ``presskit site`` publishes of the
    poster, else the first still) and each picture's original for JSON-LD."""
    from presskit import sitepaths as paths
    from presskit.images import WEB_BOX, Hashes, copy_for

    w = data.work
    social: dict[str, Any] = {"url": None, "description": w.logline or w.synopsis_short or w.tagline,
                              "image": None, "images": [], "feeds": []}
    if base is None:
        return social
    shown = [p for p in (data.pictures.poster, *data.pictures.stills) if p and p.src]
    lead = next((p for p in shown if p.file), None)
    if lead is not None and lead.file:
        original = Path(lead.file)
        hashes = Hashes(cache)
        made = copy_for(original, cache, WEB_BOX[lead.role], sha256=hashes.of(original), index=hashes)
        hashes.save()
        social["image"] = {"url": f"{base}media/{made.name}", "width": made.width, "height": made.height,
                           "alt": lead.alt}
    elif shown:
        social["image"] = {"url": shown[0].src, "width": None, "height": None, "alt": shown[0].alt}
    social.update(url=base, feeds=[
        {"type": "application/atom+xml", "title": f"{w.title}: news", "href": base + paths.ATOM},
        {"type": "application/feed+json", "title": f"{w.title}: news", "href": base + paths.JSON_FEED}])
    social["images"] = [{"@type": "ImageObject", "contentUrl": str(p.href), "caption": p.caption or p.alt,
                         "creditText": p.credit, "width": p.original_width, "height": p.original_height}
                        for p in shown if p.href]
    return social


def prune_cache(s: Session, cache: Path, used: set[str]) -> int:
    """Drop the cache's old copies of pictures no record shows any more (see ``images.prune``): those of this
    build's originals and of every picture recorded in the database are kept."""
    from presskit.images import prune

    def recorded() -> list[str]:
        return [d for d in s.scalars(select(m.Media.sha256).where(m.Media.removed_at.is_(None))) if d]

    return prune(cache, used, also_kept=recorded)


class KitFile(NamedTuple):
    """What ``write`` wrote: the file, its format, paper and pages (a PDF's), size, and what the kit lacks."""
    path: Path
    format: str
    paper: str | None
    pages: int | None
    size: int
    missing: tuple[Missing, ...]
    work_slug: str
    notes: list[str]


def output_format(output: Path | None, fmt: str | None) -> str:
    """--format wins; else the extension; else HTML."""
    return validate.output_format(output, fmt, FORMATS)


def write(s: Session, output: Path | None = None, *, fmt: str | None = None, work: str | int | None = None,
          paper: str = "a4", templates: Path | None = None, now: str | datetime | None = None,
          data_dir: Path | None = None, cache: Path | None = None, base_url: str | None = None) -> KitFile:
    """Build the press kit of ``work`` and write it to ``output`` (default ``press-kit.html|pdf``).

    Pictures kept in ``data_dir`` are shown from copies made in ``cache``: inlined in the HTML (one file to
    send), at print resolution in the PDF.

    The page carries OpenGraph and Twitter card tags. Those that must be absolute addresses (the canonical
    URL, the preview image) and a link from each picture to its original need the address ``presskit site``
    publishes at: ``base_url``, else the work's https website. Without one the page is a file on its own:
    its pictures are inline and link nowhere, since it cannot link files it does not write.

    The file appears whole or not at all: it is written beside the target and renamed into place.
    """
    from presskit.render import kit as render_kit

    f = output_format(output, fmt)
    if f == "pdf" and base_url is not None:
        # The address is for the page's links and preview tags; a printed kit links no site, so an address given
        # with a PDF would be dropped without a word.
        raise InvalidInput("{what} applies to the press kit's web page, not to a PDF (a printed kit links no site)",
                           what="base_url", fix="drop {base_url}, or write the page: -o press-kit.html")
    paper = (paper or "a4").strip().lower()
    if paper not in PAPERS:
        raise InvalidInput(f"unknown --paper {paper!r}; use a4 or letter")
    output = output or Path(f"press-kit.{f}")
    if not output.parent.resolve().is_dir():
        raise InvalidInput(f"folder {str(output.parent)!r} does not exist; create it first")
    if output.is_dir():
        raise InvalidInput(f"{str(output)!r} is a folder; give a file name such as"
                           f" {output / ('press-kit.' + f)}")
    data = gather(s, work, now=now, data_dir=data_dir)
    cache = cache or default_cache()
    used: set[str] = set()
    base = site_base(base_url, data.work.website, data.work.slug, required=False) if f == "html" else None
    data = data.with_pictures(place(data.pictures, "pdf" if f == "pdf" else "page", cache=cache, used=used,
                                    originals=base))
    social = _social(data, base, cache) if f == "html" else None
    prune_cache(s, cache, used)
    built = render_kit.build(data, fmt=f, paper=paper, templates=templates, read_dirs=[cache], social=social,
                             cache=cache)
    write_atomically(output, built.content)
    notes = list(built.notes)
    if data.pictures.files_missing and data_dir is not None:  # (no folder given: pictures are not asked for)
        n = data.pictures.files_missing
        notes.append(f"{n} picture{'s' if n > 1 else ''} left out: {'its file is' if n == 1 else 'their files are'}"
                     f" not in the data folder {str(data_dir)!r}; give --data DIR, the folder the data file's"
                     " pictures are in (see 'presskit check --data DIR')")
    return KitFile(path=output, format=f, paper=paper if f == "pdf" else None, pages=built.pages,
                   size=len(built.content), missing=data.missing, work_slug=data.work.slug,
                   notes=notes)
