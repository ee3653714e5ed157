"""A coverage report for funders: what the film achieved in a period, every line dated and sourced.

``gather`` reads the records of a period into plain data (totals first, then coverage grouped by kind and
outlet with pull quotes, awards with their outcomes, festival selections with screenings, broadcasts by
territory). ``write`` renders it the press kit's way (the shared Jinja environment, WeasyPrint for the PDF,
the same named fonts and local-only fetcher) or as one flat CSV table.

What falls in a period: coverage by publication date; an award when it was announced or decided then; a
festival selection when the festival (or one of its screenings) ran then; a broadcast by its local air date,
an on-demand release by its announcement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from presskit import embargo, validate
from presskit import models as m
from presskit.db import stream
from presskit.errors import InvalidInput
from presskit.files import write_atomically
from presskit.kinds.award import AWARD_BADGES, AWARD_OUTCOMES, award_name, outcome_open
from presskit.kinds.common import capital
from presskit.kinds.coverage import COVERAGE_GROUPS
from presskit.kinds.organization import org_name
from presskit.kinds.selection import festival_name, premiere_label
from presskit.validate import link
from presskit.when import date_range, day, format_local, home_zone, iso_local, local, resolve_now

FORMATS = ("html", "pdf", "csv", "xlsx")
PAGE = "report/report.html.j2"



def _in(d: date | None, since: date | None, until: date | None) -> bool:
    return d is not None and (since is None or d >= since) and (until is None or d <= until)


def _overlaps(first: date | None, last: date | None, since: date | None, until: date | None) -> bool:
    if first is None:
        return False
    last = last or first
    return (since is None or last >= since) and (until is None or first <= until)


def _rank(order: list[str], kind: str) -> int:
    return order.index(kind) if kind in order else len(order)


def period_label(since: date | None, until: date | None) -> str:
    if since and until:
        return f"{day(since)} – {day(until)}"
    if since:
        return f"since {day(since)}"
    if until:
        return f"up to {day(until)}"
    return "all records"


class _Change(NamedTuple):
    date: date
    source_url: str | None


def _history(s: Session, kind: str) -> dict[int, list[_Change]]:
    # Two columns per status change, not ORM rows: a catalogue has hundreds of thousands of them.
    out: dict[int, list[_Change]] = {}
    for record_id, on, source_url in s.execute(
            select(m.StatusChange.record_id, m.StatusChange.date, m.StatusChange.source_url)
            .where(m.StatusChange.record_type == kind).order_by(m.StatusChange.date, m.StatusChange.id)):
        out.setdefault(record_id, []).append(_Change(on, source_url))
    return out


# ------------------------------------------------------------------------------------------------- data
# What the report shows, typed: the template reads the same names (``c.headline``), the CSV and workbook read
# them in ``to_rows``. Frozen: the data is made once by ``gather`` and only read after.


@dataclass(frozen=True, slots=True)
class Start:
    """A zoned start: as written for a reader, as ISO 8601 with its offset, its local date, the instant and
    its zone (for the spreadsheet's time columns)."""
    local: str | None
    iso: str | None
    date: dt.date | None
    at: datetime | None
    tz: str | None


NO_START = Start(None, None, None, None, None)


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of coverage, with its approved pull quotes."""
    date: dt.date
    day: str
    headline: str
    author: str | None
    url: str | None
    outlet: str
    work_title: str
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outlet:
    outlet: str
    items: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class CoverageGroup:
    """One kind of coverage (reviews, interviews…), its outlets by name."""
    kind: str
    label: str
    count: int
    outlets: tuple[Outlet, ...]


@dataclass(frozen=True, slots=True)
class Award:
    """A nomination whose news (announcement or outcome) falls in the period."""
    award: str
    body: str
    category: str
    nominee: str | None
    work_title: str
    status: str
    outcome: str
    open: bool
    badge: str
    announced: dt.date | None
    announced_day: str | None
    decided: dt.date | None
    decided_day: str | None
    date: dt.date | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Status:
    """A screening's or airing's status as of the report's clock (see ``_status``)."""
    status: str
    status_label: str
    flag: str | None


@dataclass(frozen=True, slots=True)
class Screening:
    start: Start
    status: str
    status_label: str
    flag: str | None
    place: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Selection:
    """A festival selection, with its screenings (those in the period when the report has one)."""
    festival: str
    edition: str
    year: int
    city: str | None
    country: str | None
    premiere: str | None
    section: str | None
    status: str
    work_title: str
    dates: str | None
    date: dt.date | None
    url: str | None
    screenings: tuple[Screening, ...]


@dataclass(frozen=True, slots=True)
class Broadcast:
    """An airing (or an on-demand release, which has no start)."""
    channel: str
    territory: str
    premiere: bool
    presenter: str | None
    start: Start
    status: str
    status_label: str
    flag: str | None
    date: dt.date
    day: str
    url: str | None
    work_title: str
    on_demand: bool


@dataclass(frozen=True, slots=True)
class Territory:
    territory: str
    items: tuple[Broadcast, ...]


@dataclass(frozen=True, slots=True)
class Totals:
    """The counts shown first ("At a glance") and printed by the command."""
    coverage: int
    outlets: int
    quotes: int
    wins: int
    nominations: int
    open: int
    unrecorded: int
    selections: int
    screenings: int
    broadcasts: int
    territories: tuple[str, ...]
    lines: int
    unsourced: int  # lines without a source link: said once, under the totals; each such line carries a mark


@dataclass(frozen=True, slots=True)
class Period:
    since: dt.date | None
    until: dt.date | None
    label: str


@dataclass(frozen=True, slots=True)
class Generated:
    day: str
    iso: str


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows, sorted for reading."""
    title: str
    main_title: str  # lines about another work than the first say which; the first one's go without
    works: tuple[str, ...]
    period: Period
    generated: Generated
    totals: Totals
    coverage: tuple[CoverageGroup, ...]
    awards: tuple[Award, ...]
    selections: tuple[Selection, ...]
    broadcasts: tuple[Territory, ...]


# ----------------------------------------------------------------------------------------------- gather


def _when(at: datetime | None, tz: str | None) -> Start:
    if at is None:
        return Start(None, None, None, None, tz)
    value = local(at, tz)
    return Start(format_local(at, tz), iso_local(at, tz), value.date() if value else None, at, tz)


def _status(status: str, start: datetime | None, on: date | None, now: datetime, today: date) -> Status:
    """A screening's or airing's status as of the report's clock: one still 'scheduled' (or 'rescheduled') when
    its time has passed was never confirmed to have happened, and says so rather than reading as upcoming.

    ``status_label`` is the status as written (CSV, xlsx); ``flag`` the part the HTML shows beside the line
    (nothing for what is upcoming or went as planned)."""
    past = start < now if start is not None else on is not None and on < today
    label = f"{status} (not confirmed)" if status in ("scheduled", "rescheduled") and past else status
    return Status(status, label, None if label in ("scheduled", "aired", "held") else label)


def _coverage(s: Session, work_ids: list[int], since: date | None, until: date | None) -> tuple[CoverageGroup, ...]:
    q = select(m.Coverage).where(m.Coverage.removed_at.is_(None), m.Coverage.work_id.in_(work_ids))
    if since is not None:
        q = q.where(m.Coverage.published >= since)
    if until is not None:
        q = q.where(m.Coverage.published <= until)
    groups: dict[str, dict[str, list[Piece]]] = {}
    for c in stream(s, q.order_by(m.Coverage.published, m.Coverage.id)):
        groups.setdefault(str(c.kind), {}).setdefault(org_name(c.outlet), []).append(Piece(
            date=c.published, day=day(c.published), headline=c.headline, author=c.author, url=link(c.url),
            outlet=org_name(c.outlet), work_title=c.work.title,
            quotes=tuple(q.text for q in c.quotes if q.approved)))
    order = list(COVERAGE_GROUPS)
    return tuple(CoverageGroup(kind=k, label=COVERAGE_GROUPS.get(k, k), count=sum(len(v) for v in outlets.values()),
                               outlets=tuple(Outlet(o, tuple(outlets[o])) for o in sorted(outlets, key=str.lower)))
                 for k, outlets in sorted(groups.items(), key=lambda kv: _rank(order, kv[0])))


def _outcome(n: m.Nomination, today: date) -> str:
    """'Nominated — outcome not yet announced' while the ceremony is ahead; once it is long past with no
    outcome recorded, 'Nominated — outcome not recorded' (the team has not said, not the jury)."""
    status = str(n.status)
    if status == "nominated" and not outcome_open(n, today):
        return "Nominated — outcome not recorded"
    return AWARD_OUTCOMES.get(status, status)


_AWARD_RANK = {"won": 0, "lost": 1, "nominated": 1, "shortlisted": 2}


def _award_order(a: Award) -> tuple[int, date, str, str]:
    """Wins first, then nominations and losses, then shortlists; oldest news first within each."""
    return (_AWARD_RANK.get(a.status, 3), a.date or date.min, a.award, a.category)


def _awards(s: Session, work_ids: list[int], since: date | None, until: date | None,
            today: date) -> tuple[Award, ...]:
    history = _history(s, "award")
    out = []
    for n in stream(s, select(m.Nomination).where(m.Nomination.removed_at.is_(None),
                                                  m.Nomination.work_id.in_(work_ids))):
        changes = history.get(n.id, [])
        dates = [h.date for h in changes]
        if not any(_in(d, since, until) for d in dates):
            continue
        announced = changes[0] if changes else None
        decided = changes[-1] if len(changes) > 1 else None
        source = next((h.source_url for h in reversed(changes) if h.source_url), None) or n.url
        latest = decided or announced
        out.append(Award(
            award=award_name(n), body=org_name(n.body), category=n.category,
            nominee=n.nominee.name if n.nominee else None, work_title=n.work.title,
            status=str(n.status), outcome=_outcome(n, today), open=outcome_open(n, today),
            badge=AWARD_BADGES.get(str(n.status), AWARD_OUTCOMES.get(str(n.status), str(n.status))),
            announced=announced.date if announced else None,
            announced_day=day(announced.date) if announced else None,
            decided=decided.date if decided else None,
            decided_day=day(decided.date) if decided else None,
            date=latest.date if latest else None,
            url=link(source),
        ))
    return tuple(sorted(out, key=_award_order))


def _selections(s: Session, work_ids: list[int], since: date | None, until: date | None, now: datetime,
                today: date) -> tuple[Selection, ...]:
    history = _history(s, "selection")
    out = []
    for sel in stream(s, select(m.Selection).where(m.Selection.removed_at.is_(None),
                                                   m.Selection.work_id.in_(work_ids))
                      .options(selectinload(m.Selection.screenings))):
        if str(sel.status) not in ("selected", "screened"):
            continue
        screenings = [_screening(sc, now, today) for sc in sorted(
            (x for x in sel.screenings if x.removed_at is None),
            key=lambda x: (x.starts_at is None, x.starts_at or datetime.min, x.id))]
        in_period = [sc for sc in screenings if _in(sc.start.date, since, until)]
        announced = history.get(sel.id, [None])[0]
        first = sel.starts_on or (in_period[0].start.date if in_period else None)
        if not (_overlaps(sel.starts_on, sel.ends_on, since, until) or in_period
                or (sel.starts_on is None and not screenings and announced is not None
                    and _in(announced.date, since, until))):
            continue
        out.append(Selection(
            festival=capital(org_name(sel.festival)), edition=capital(festival_name(sel)),
            year=sel.year, city=sel.city or sel.festival.city,
            country=sel.festival.country, premiere=premiere_label(sel), section=sel.section,
            status=str(sel.status), work_title=sel.work.title,
            dates=date_range(sel.starts_on, sel.ends_on),
            date=first or (announced.date if announced else None),
            url=link(sel.url), screenings=tuple(in_period if (since or until) else screenings),
        ))
    return tuple(sorted(out, key=lambda x: (x.date or date.max, x.festival, x.city or "")))


def _screening(sc: m.Screening, now: datetime, today: date) -> Screening:
    status = _status(str(sc.status), sc.starts_at, None, now, today)
    return Screening(start=_when(sc.starts_at, sc.timezone), status=status.status,
                     status_label=status.status_label, flag=status.flag,
                     place=", ".join(p for p in (org_name(sc.venue) if sc.venue else None, sc.room) if p) or None,
                     url=link(sc.ticket_url))


def _broadcasts(s: Session, work_ids: list[int], since: date | None, until: date | None, now: datetime,
                today: date) -> tuple[Territory, ...]:
    history = _history(s, "broadcast")
    items = []
    for b in stream(s, select(m.Broadcast).where(m.Broadcast.removed_at.is_(None),
                                                 m.Broadcast.work_id.in_(work_ids))):
        start = _when(b.starts_at, b.timezone)
        announced = history.get(b.id, [None])[0]
        on = start.date or (announced.date if announced else None)
        if on is None or not _in(on, since, until):
            continue
        status = _status(str(b.status), b.starts_at, on, now, today)
        items.append(Broadcast(
            channel=org_name(b.channel), territory=b.territory or "Territory not recorded",
            premiere=bool(b.premiere), presenter=b.presenter, start=start,
            status=status.status, status_label=status.status_label, flag=status.flag,
            date=on, day=day(on), url=link(b.url), work_title=b.work.title,
            on_demand=b.starts_at is None,
        ))
    items.sort(key=lambda b: (b.date, b.start.iso or "~", b.channel))
    territories: dict[str, list[Broadcast]] = {}
    for b in items:
        territories.setdefault(b.territory, []).append(b)
    return tuple(Territory(t, tuple(territories[t]))
                 for t in sorted(territories, key=lambda t: (territories[t][0].date, t)))


def gather(s: Session, *, since: date | None = None, until: date | None = None,
           works: list[str] | None = None, now: str | datetime | None = None) -> ReportData:
    """Everything the report shows, sorted for reading.

    ``now`` is the "generated" time, read like every command's --now (``when.resolve_now``): a date alone is
    that day in the team's zone.
    """
    from presskit.lookups import get

    if since and until and since > until:
        raise InvalidInput(f"--from {since.isoformat()} is after --to {until.isoformat()}; swap them")
    all_works = s.scalars(select(m.Work).where(m.Work.removed_at.is_(None)).order_by(
        m.Work.primary.desc(), m.Work.id)).all()
    if not all_works:
        raise InvalidInput("no work yet; add the film first: presskit add work --title 'The Film'")
    chosen = [get(s, "work", w) for w in works] if works else list(all_works)
    ids = [w.id for w in chosen]
    zone = home_zone(chosen[0])
    now = resolve_now(now, zone)
    embargo.hold(s, now)  # news held at the report's clock is not in it
    today = now.date()
    coverage = _coverage(s, ids, since, until)
    awards = _awards(s, ids, since, until, today)
    selections = _selections(s, ids, since, until, now, today)
    broadcasts = _broadcasts(s, ids, since, until, now, today)
    pieces = [i for g in coverage for o in g.outlets for i in o.items]
    airings = [b for t in broadcasts for b in t.items if b.status != "cancelled"]
    screenings = [sc for x in selections for sc in x.screenings]
    lines: list[Piece | Award | Selection | Screening | Broadcast] = [
        *pieces, *awards, *selections, *screenings, *(b for t in broadcasts for b in t.items)]
    totals = Totals(
        coverage=len(pieces), outlets=len({p.outlet for p in pieces}),
        quotes=sum(len(p.quotes) for p in pieces),
        wins=sum(1 for a in awards if a.status == "won"),
        nominations=sum(1 for a in awards if a.status in ("nominated", "lost", "won", "shortlisted")),
        open=sum(1 for a in awards if a.status == "nominated" and a.open),
        unrecorded=sum(1 for a in awards if a.status == "nominated" and not a.open),
        selections=len(selections),
        screenings=sum(1 for sc in screenings if sc.status != "cancelled"),
        broadcasts=len(airings),
        territories=tuple(sorted({b.territory for b in airings})),
        lines=len(lines),
        unsourced=sum(1 for x in lines if not x.url),
    )
    return ReportData(
        title=" & ".join(w.title for w in chosen),
        main_title=chosen[0].title,
        works=tuple(w.title for w in chosen),
        period=Period(since, until, period_label(since, until)),
        generated=Generated(day(local(now, zone).date()), iso_local(now, zone)),
        totals=totals,
        coverage=coverage,
        awards=awards,
        selections=selections,
        broadcasts=broadcasts,
    )


# --------------------------------------------------------------------------------------------- rendering


def header() -> list[str]:
    from presskit.kinds.common import LOCAL_HEADERS

    return ["Section", *LOCAL_HEADERS, "Start (UTC)", "What", "Outlet / body / festival / channel", "Detail",
            "Status", "Territory", "Source"]


def _times(on: date | None, start: Start | None = None) -> list[Any]:
    # A line's date, then its start in columns of their own (local wall time beside its zone, ISO 8601 with the
    # offset, and UTC, which sorts every line in time order whatever its zone), empty when it has no time.
    from presskit.kinds.common import local_columns

    if start is None or start.at is None:
        return [on, None, None, None, None, None]
    return [*local_columns(start.at, start.tz), start.at.astimezone(UTC).replace(tzinfo=None)]


def to_rows(data: ReportData) -> Iterator[list[Any]]:
    """One flat table: a line per piece, award, screening and airing, each with its date and source (made
    as the CSV or workbook is written, not held beside the data)."""
    for g in data.coverage:
        for o in g.outlets:
            for c in o.items:
                by = [f"by {c.author}"] if c.author else []
                detail = " | ".join(by + [f"“{q}”" for q in c.quotes])
                yield [f"Coverage: {g.label}", *_times(c.date), c.headline, c.outlet, detail, "", "", c.url]
    for a in data.awards:
        who = ", ".join(p for p in (a.nominee, a.category) if p)
        yield ["Award", *_times(a.date), a.award, a.body, who, a.outcome, "", a.url]
    for sel in data.selections:
        yield ["Festival selection", *_times(sel.date), sel.edition, sel.festival,
               ", ".join(p for p in (sel.premiere, sel.city, sel.dates) if p), sel.status, "", sel.url]
        for sc in sel.screenings:
            yield ["Screening", *_times(sc.start.date, sc.start), sc.start.local, sel.festival, sc.place,
                   sc.status_label, "", sc.url]
    for t in data.broadcasts:
        for b in t.items:
            what = b.start.local or "On demand"
            kind = "Premiere" if b.premiere else "Repeat"
            yield ["Broadcast", *_times(b.date, b.start), what, b.channel, kind, b.status_label, b.territory, b.url]


@dataclass
class ReportFile:
    path: Path
    format: str
    size: int
    pages: int | None
    totals: Totals
    period: str
    notes: list[str] = field(default_factory=list)


def output_format(output: Path | None, fmt: str | None) -> str:
    """--format wins; else the extension; else HTML."""
    return validate.output_format(output, fmt, FORMATS)


def render(data: ReportData, fmt: str, *, paper: str = "a4", templates: Path | str | None = None,
           bom: bool = True) -> tuple[bytes, int | None, list[str]]:
    """The report's bytes (and pages, notes for a PDF): HTML and PDF the press kit's way, or one table as CSV or
    an .xlsx workbook."""
    if fmt == "csv":
        from presskit.spreadsheet import to_csv

        return to_csv(header(), to_rows(data), bom=bom), None, []
    if fmt == "xlsx":
        from presskit.spreadsheet import to_xlsx

        return to_xlsx(header(), to_rows(data), sheet="Report"), None, []
    from presskit.render import TEMPLATES, environment, render_template, user_folder, variables
    from presskit.render.kit import PDF_FALLBACK_FONTS, PDF_FONTS, break_long_runs

    user = user_folder(templates, "report")
    html = render_template(environment(user, finalize=break_long_runs), PAGE,
                           {**variables(data), "format": fmt})
    if fmt == "html":
        return html.encode("utf-8"), None, []
    from presskit.render.pdf import html_to_pdf

    root = Path(templates).expanduser().resolve() if templates is not None else None
    result = html_to_pdf(html, paper=paper, base_dir=(root or TEMPLATES) / "report",
                         read_dirs=[p for p in (root, TEMPLATES) if p], fonts=PDF_FONTS,
                         fallback_fonts=PDF_FALLBACK_FONTS, title=f"{data.title} — report")
    return result.pdf, result.pages, result.notes


def write(s: Session, output: Path | None = None, *, fmt: str | None = None, since: date | None = None,
          until: date | None = None, works: list[str] | None = None, paper: str = "a4",
          templates: Path | None = None, now: str | datetime | None = None, bom: bool = True) -> ReportFile:
    """Gather the period's records and write the report (default ``report.html``), whole or not at all."""
    f = output_format(output, fmt)
    output = output or Path(f"report.{f}")
    if not output.parent.resolve().is_dir():
        raise InvalidInput(f"folder {str(output.parent)!r} does not exist; create it first")
    data = gather(s, since=since, until=until, works=works, now=now)
    content, pages, notes = render(data, f, paper=paper, templates=templates, bom=bom)
    write_atomically(output, content)
    return ReportFile(path=output, format=f, size=len(content), pages=pages, totals=data.totals,
                      period=data.period.label, notes=notes)
