"""Newsletters: what changed since the last send, composed into an issue, rendered, and recorded as a send.

"Since last" is the outbox of ``PendingEntry`` rows (one per audience and journal entry, written with the
entry): a newsletter reads it with an indexed join, so its cost follows what is new, not the journal's size.
Marking a send happens in the caller's transaction, the same one that selected the entries: the send row, one
``SendItem`` per entry carried, and the pending rows deleted. On SQLite the write transaction began with
BEGIN IMMEDIATE; on PostgreSQL the pending rows are selected FOR UPDATE, so a second sender waits and then
sees only what the first left. Either way an entry goes out exactly once per audience, and an entry
committed while a newsletter is composed stays pending for the next one.

Functions take a Session, flush, never commit. Rendering gets plain data (an ``Issue``), never a Session.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import String, and_, cast, delete, func, insert, literal, or_, select, text, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from presskit import asof, embargo, values
from presskit import models as m
from presskit.bounds import MAX_ID
from presskit.errors import Conflict, InvalidInput, NotFound, NothingToSend
from presskit.kinds import KINDS, REGISTERED
from presskit.lookups import default_work, get
from presskit.mailing import NAMES
from presskit.news import SECTIONS, Item, Run, item_for, short_title
from presskit.when import FUTURE, NOW, PAST, day, format_local, home_zone, resolve_now, utcnow

DEFAULT_AUDIENCE = "supporters"
ESPS = NAMES  # presskit.mailing
FORMATS = ("html", "text", "eml", "mjml")
COMING_UP_DAYS = 60
COMING_UP_LIMIT = 12
# News older than this (days before the send) goes to the short 'Earlier' list; a work's
# earlier_after_days or --earlier-after changes it.
EARLIER_AFTER_DAYS = 90
# Items told in full per section; the rest of a section is one line each, so a catch-up send of 40 items
# stays within a few phone screens.
SECTION_LIMIT = 4
INTRO_LIMIT = 2000  # characters of --intro: an opening paragraph or two, not a second newsletter
# Comfortably under SQLite's limit on bound parameters, for IN lists of a large backlog.
_CHUNK = 500
_AUDIENCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_ENTRY_COLUMNS = (m.JournalEntry.id, m.JournalEntry.record_type, m.JournalEntry.record_id,
                  m.JournalEntry.news_date)


# ------------------------------------------------------------------------------------------- plain data


@dataclass(frozen=True)
class Since:
    """Which entries a newsletter covers: ``last`` (not yet sent), ``date``, ``send`` (after send N), or
    ``carried`` (exactly what send N carried, for ``sends show``)."""

    mode: str
    on: date | None = None
    send_id: int | None = None


@dataclass(frozen=True)
class Footer:
    sender_name: str
    sender_email: str | None
    list_email: str | None
    postal_address: str | None
    unsubscribe_url: str | None
    web_version_url: str | None
    website: str | None
    logo_url: str | None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]  # told in full
    more: tuple[Item, ...] = ()  # past the section's limit: one line each

    @property
    def count(self) -> int:
        return len(self.items) + len(self.more)


@dataclass(frozen=True)
class Issue:
    """Everything a template needs, as plain values."""

    title: str  # the film's title, for the header
    short_title: str
    date_label: str  # 'January 28, 2014', in the sender's zone
    now: datetime  # aware, in the sender's zone
    audience: str
    subject: str
    preheader: str
    sections: tuple[Section, ...]
    coming_up: tuple[Item, ...]
    coming_up_more: int  # upcoming dates past the block's limit
    coming_up_days: int
    footer: Footer
    campaign: str  # utm_campaign: '2014-01-28-supporters'
    own_hosts: tuple[str, ...]  # hosts of the works' own sites (they get UTM parameters)
    lead: Item | None = None  # the top news (a win first), told first and in full
    intro: tuple[str, ...] = ()  # the opening paragraphs (--intro), before the lead
    earlier: tuple[Item, ...] = ()  # news older than earlier_days, and closed calls to action: one line each
    earlier_days: int = EARLIER_AFTER_DAYS
    lead_image: dict[str, Any] | None = None  # src (absolute https), alt, width (≤ 600): see sitepaths.lead_picture

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item the issue tells, in reading order (a one-line item may tell several records)."""
        lead = (self.lead,) if self.lead is not None else ()
        return lead + tuple(i for sec in self.sections for i in (*sec.items, *sec.more)) + self.earlier

    @property
    def records(self) -> int:
        """How many records the issue tells."""
        return sum(i.count for i in self.items)


@dataclass(frozen=True)
class Composed:
    issue: Issue
    audience: str
    entry_ids: tuple[int, ...]  # every journal entry the issue carries, removed records' excepted
    works: tuple[str, ...]  # slugs given with --work
    base_url: str | None = None  # the site address its lead picture and web-version link come from (_with_site)


@dataclass(frozen=True)
class Result:
    issue: Issue
    subject: str
    outputs: dict[str, bytes]
    send_id: int | None
    entries: int


@dataclass(frozen=True)
class SendRow:
    id: int
    sent: str
    audience: str
    subject: str
    items: int
    entries: int
    works: str | None
    undone: str | None


# ------------------------------------------------------------------------------------------------ input


def parse_since(value: str | Since | None) -> Since:
    """``last``, ``YYYY-MM-DD`` or ``send:N``."""
    if isinstance(value, Since):
        return value
    raw = (value or "last").strip()
    if raw.lower() == "last":
        return Since("last")
    if raw.lower().startswith("send:"):
        n = raw[5:].strip()
        if not (n.isascii() and n.isdigit()) or int(n) > MAX_ID:
            raise InvalidInput("{what} {value!r}: {fix}", what="since", value=raw,
                               fix="write send:N with a send id from 'presskit sends', e.g. send:3")
        return Since("send", send_id=int(n))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return Since("date", on=date.fromisoformat(raw))
        except ValueError:
            pass
    raise InvalidInput("{what} {value!r}: {fix}", what="since", value=raw,
                       allowed="'last' (the default), a date such as 2014-01-01, or send:N", fix="use {allowed}")


def audience_name(name: str | None) -> str:
    n = (name or DEFAULT_AUDIENCE).strip().lower()
    if not _AUDIENCE_NAME.match(n):
        raise InvalidInput("{what} {value!r}: {fix}", what="audience", value=name,
                           allowed="a short name of letters, digits, '-' or '_'", fix="use {allowed}, e.g. press")
    return n


def check_choice(value: str, choices: Sequence[str], what: str) -> str:
    v = (value or "").strip().lower()
    if v not in choices:
        raise InvalidInput("{what} {value!r}: {fix}", what=what, value=value, allowed=", ".join(choices),
                           fix="use one of {allowed}")
    return v


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _is_postgres(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


# --------------------------------------------------------------------------------------------- audiences


def get_audience(s: Session, name: str) -> m.Audience | None:
    return s.scalar(select(m.Audience).where(m.Audience.name == name))


def ensure_audience(s: Session, name: str, *, now: datetime | None = None) -> m.Audience:
    """The audience called ``name``; a new one starts with every journal entry not yet sent to it."""
    aud = get_audience(s, name)
    if aud is not None:
        return aud
    if _is_postgres(s):
        # Blocks writers of journal entries until we commit: an entry committed before this sees no new
        # audience but is in the backfill below; one written after sees the audience (journal.write_journal).
        s.execute(text("LOCK TABLE journal_entries IN SHARE MODE"))
    aud = m.Audience(name=name, created_at=now or utcnow())
    s.add(aud)
    try:
        s.flush()
    except IntegrityError as e:
        raise Conflict(f"audience {name!r} was created by another command at the same moment;"
                       " run again") from e
    s.execute(insert(m.PendingEntry).from_select(["audience_id", "journal_id"],
                                                 select(literal(aud.id), m.JournalEntry.id)))
    return aud


# ------------------------------------------------------------------------------------------- composition


def _works(s: Session, works: Iterable[str]) -> list[m.Work]:
    found: list[m.Work] = []
    for w in works:
        row = get(s, "work", w)
        if row not in found:
            found.append(row)
    return found


def _footer(s: Session, work: m.Work) -> Footer:
    """The work's newsletter settings; one it lacks comes from the primary work (the team's own list)."""
    try:
        primary: m.Work | None = default_work(s)
    except InvalidInput:
        primary = None

    def setting(name: str) -> Any:
        return getattr(work, name) or (getattr(primary, name) if primary is not None else None)

    company = work.company or (primary.company if primary is not None else None)
    sender = setting("sender_name") or (company.name if company is not None else None) or work.title
    return Footer(sender_name=sender, sender_email=setting("sender_email"), list_email=setting("list_email"),
                  postal_address=setting("postal_address"), unsubscribe_url=setting("unsubscribe_url"),
                  web_version_url=setting("web_version_url"), website=work.website,
                  logo_url=_logo(setting("logo_url")))


def _logo(url: str | None) -> str | None:
    """An image every mail client may load: https on a public host (an http one is asked for over https);
    anything else is left out, and the header shows the title instead."""
    from presskit.validate import image

    if url and url.lower().startswith("http://"):
        url = "https://" + url[len("http://"):]
    return image(url)


def _own_hosts(s: Session) -> tuple[str, ...]:
    hosts = set()
    # The works themselves, not a column: read as they stood (presskit.asof) when a send is shown again.
    for work in s.scalars(select(m.Work)).unique():
        if work.removed_at is not None or not work.website:
            continue
        host = (urlsplit(work.website).hostname or "").lower()
        if host:
            hosts.add(host.removeprefix("www."))
    return tuple(sorted(hosts))


def _work_filter(q, work_ids: list[int]):
    return q.where(m.JournalEntry.work_id.in_(work_ids)) if work_ids else q


def _last_send(s: Session, aud: m.Audience | None) -> m.Send | None:
    if aud is None:
        return None
    return s.scalar(select(m.Send).where(m.Send.audience_id == aud.id, m.Send.undone_at.is_(None))
                    .order_by(m.Send.id.desc()).limit(1))


def _get_send(s: Session, send_id: int) -> m.Send:
    send = s.get(m.Send, send_id)
    if send is None:
        raise NotFound(f"no send {send_id}; see 'presskit sends'")
    return send


def _select_entries(s: Session, since: Since, aud: m.Audience | None, work_ids: list[int], *, lock: bool,
                    now: datetime):
    J = m.JournalEntry
    if since.mode == "last":
        if aud is None:
            # An audience that does not exist yet has been sent nothing: everything is new to it.
            q = select(*_ENTRY_COLUMNS)
        else:
            q = select(*_ENTRY_COLUMNS).join(m.PendingEntry, m.PendingEntry.journal_id == J.id).where(
                m.PendingEntry.audience_id == aud.id)
            if lock:
                # PostgreSQL: a second sender waits here, then skips the rows the first one deleted.
                # (SKIP LOCKED would let it send around entries still in flight.) SQLite ignores this.
                q = q.with_for_update(of=m.PendingEntry)
    elif since.mode == "date":
        q = select(*_ENTRY_COLUMNS).where(J.news_date >= since.on)
    elif since.mode == "send":
        assert aud is not None
        later = (select(m.SendItem.journal_id).join(m.Send, m.Send.id == m.SendItem.send_id)
                 .where(m.Send.audience_id == aud.id, m.Send.id > since.send_id, m.Send.undone_at.is_(None),
                        m.SendItem.released.is_(False)))
        pending = select(m.PendingEntry.journal_id).where(m.PendingEntry.audience_id == aud.id)
        q = select(*_ENTRY_COLUMNS).where(J.id.in_(union(later, pending).scalar_subquery()))
    else:  # carried
        q = select(*_ENTRY_COLUMNS).join(m.SendItem, m.SendItem.journal_id == J.id).where(
            m.SendItem.send_id == since.send_id)
    if since.mode != "carried":
        # Held news stays pending until its release, and goes out with the first send after it (exactly once:
        # the outbox row is deleted by the send that carries it, in this same transaction).
        q = q.where(or_(J.release_at.is_(None), J.release_at <= now))
    return list(s.execute(_work_filter(q, work_ids).order_by(J.id)))


def _load_records(s: Session, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    by_type: dict[str, list[int]] = {}
    for rt, rid in keys:
        by_type.setdefault(rt, []).append(rid)
    rows: dict[tuple[str, int], Any] = {}
    for rt, ids in sorted(by_type.items()):
        model = KINDS[rt].model
        # A selection without festival dates takes its tense from its screenings: read them in one go.
        options = (selectinload(m.Selection.screenings),) if model is m.Selection else ()
        for chunk in _chunks(sorted(ids)):
            for row in s.scalars(select(model).where(model.id.in_(chunk)).options(*options)).unique():
                rows[(rt, row.id)] = row
    return rows


def _visible(row: Any) -> bool:
    # Removed records stay out of newsletters; their entries stay pending in case they are restored.
    return row is not None and row.removed_at is None and getattr(row, "work", None) is not None \
        and row.work.removed_at is None


_SECTION_RANK = {key: n for n, (key, _) in enumerate(SECTIONS)}


def _sort_key(item: Item):
    if item.section == "screen":
        return (item.starts_at is None, item.starts_at or datetime.min.replace(tzinfo=UTC), item.kind,
                item.record_id)
    return (-(item.news_date.toordinal() if item.news_date else 0), item.kind, item.record_id)


def _coming_up(s: Session, now: datetime, days: int, work_ids: list[int],
               shown: set[tuple[str, int]]) -> tuple[list[Item], int]:
    """Screenings, airings and events in the next ``days`` days, even if an earlier send announced them.

    At most COMING_UP_LIMIT, soonest first, and how many more there are: an agency's database with many
    works must not turn the block into a listing (Gmail clips a long email) nor read every future row.
    """
    if days <= 0:
        return [], 0
    until = now + timedelta(days=days)
    upcoming: list[tuple[datetime, Item]] = []
    total = 0
    for k in REGISTERED:
        if k.calendar is None:  # what has a date to come: screenings, broadcasts, events
            continue
        kind_name, model, by_day = k.name, k.model, "starts_on" in k.names
        when = and_(model.starts_at >= now, model.starts_at < until)
        if by_day:
            when = or_(when, and_(model.starts_at.is_(None), model.starts_on >= now.date(),
                                  model.starts_on < until.date()))
        # (asof.status_in: a cancellation still held reads, and is chosen, as the screening it was.)
        where = [when, asof.status_in(s, model, ("scheduled", "rescheduled")), model.removed_at.is_(None)]
        if work_ids:
            where.append(model.work_id.in_(work_ids))
        already = [rid for k, rid in shown if k == kind_name]
        if already:
            where.append(model.id.not_in(already))
        at = asof.created_by(s)
        if at is None:
            total += s.scalar(select(func.count()).select_from(model).where(*where)) or 0
            order = [model.starts_at.is_(None), model.starts_at]  # NULLs last on SQLite and PostgreSQL alike
            if by_day:
                order.append(model.starts_on)
            rows = list(s.scalars(select(model).where(*where).order_by(*order, model.id)
                                  .limit(COMING_UP_LIMIT)).unique())
        else:
            # As a send stood (sends show): what existed then, in the window now or moved since (asof), read as it
            # was then and chosen here, whatever its status and removal today.
            then = select(model).where(model.created_at <= at, or_(when, model.id.in_(asof.moved_ids(s, kind_name))))
            if work_ids:
                then = then.where(model.work_id.in_(work_ids))
            rows = [r for r in s.scalars(then).unique() if _ahead(r, now, until, by_day, work_ids, shown)]
            total += len(rows)
        for row in rows:
            if _visible(row):
                start = row.starts_at or datetime.combine(row.starts_on, datetime.min.time(), now.tzinfo)
                upcoming.append((start, item_for(row, now=now)))
    upcoming.sort(key=lambda t: (t[0], t[1].kind, t[1].record_id))
    items = [item for _, item in upcoming[:COMING_UP_LIMIT]]
    return items, max(total - len(items), 0)


def _ahead(row: Any, now: datetime, until: datetime, by_day: bool, work_ids: list[int],
           shown: set[tuple[str, int]]) -> bool:
    """_coming_up's query, asked of a row read as it stood (presskit.asof)."""
    from presskit.kinds import MODEL_KIND

    if row.starts_at is not None:
        when = now <= row.starts_at < until
    else:
        when = by_day and row.starts_on is not None and now.date() <= row.starts_on < until.date()
    return (when and str(row.status) in ("scheduled", "rescheduled") and row.removed_at is None
            and (not work_ids or row.work_id in work_ids) and (MODEL_KIND[type(row)], row.id) not in shown)


def _preheader(items: list[Item], issue_title: str, date_label: str) -> str:
    if len(items) > 1:
        rest = [i.summary for i in items[1:3]]
        more = len(items) - 3
        text_ = "Also: " + "; ".join(rest) + (f"; and {more} more" if more > 0 else "")
    else:
        only = items[0]
        text_ = " · ".join(p for p in (only.when, only.place, only.meta) if p)
    text_ = text_ or f"News from {issue_title}, {date_label}"
    if len(text_) > 150:
        text_ = text_[:149].rsplit(" ", 1)[0] + "…"
    return text_


def intro_paragraphs(text_: str | None) -> tuple[str, ...]:
    """--intro as paragraphs (separated by a blank line), each on one line."""
    if text_ is None:
        return ()
    if len(text_) > INTRO_LIMIT:
        raise InvalidInput("{what} is {value} characters", what="intro", value=f"{len(text_):,}",
                           allowed=f"{INTRO_LIMIT:,}", fix="keep the opening to {allowed} (a paragraph or two)")
    paragraphs = tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text_) if p.strip())
    if not paragraphs:
        raise InvalidInput("{what} is empty", what="intro", fix="give a sentence or two, or leave it out")
    return paragraphs


def earlier_days(value: int | None, work: m.Work) -> int:
    days = value if value is not None else work.earlier_after_days
    if days is None:
        return EARLIER_AFTER_DAYS
    if days < 0:
        raise InvalidInput("{what} {value}: {fix}", what="earlier_after", value=days, allowed="0 or more",
                           fix=f"give a number of days, {{allowed}} (default {EARLIER_AFTER_DAYS})")
    return days


def _is_earlier(item: Item, cutoff: date) -> bool:
    """Closed calls to action, and old news about what is over (an old announcement of something still
    ahead is still news)."""
    if item.expired:
        return True
    return item.news_date is not None and item.news_date < cutoff and item.tense not in (FUTURE, NOW)


def _shape(items: list[Item], cutoff: date, section_limit: int) -> tuple[Item | None, list[Section],
                                                                         list[Item]]:
    """The lead (the top news), the sections (each with at most ``section_limit`` items in full), and the
    'Earlier' list (newest first)."""
    # Newest first by the record's own date (an announcement's when it has none).
    earlier = sorted((i for i in items if _is_earlier(i, cutoff)),
                     key=lambda i: (-(i.on or i.news_date or date.min).toordinal(), _SECTION_RANK[i.section],
                                    i.kind, i.record_id))
    fresh = [i for i in items if not _is_earlier(i, cutoff)]
    by_section = {key: sorted((i for i in fresh if i.section == key), key=_sort_key) for key, _ in SECTIONS}
    ordered = [i for key, _ in SECTIONS for i in by_section[key]]
    lead = ordered[0] if ordered else None
    sections = []
    for key, title in SECTIONS:
        rest = [i for i in by_section[key] if i is not lead]
        if rest:
            sections.append(Section(key, title, tuple(rest[:section_limit]),
                                    tuple(_collapse(rest[section_limit:]))))
    return lead, sections, _collapse(earlier)


def _collapse(items: list[Item]) -> list[Item]:
    """One line for past records that read the same ("The Defector aired on TVO", four airings): 'The Defector
    aired on TVO, 4 times · June 27–30, 2013', where the first of them stood. What is still ahead keeps a
    line each, with its own time."""
    groups: dict[tuple[str, str] | int, list[Item]] = {}
    for n, i in enumerate(items):
        groups.setdefault((i.section, i.summary) if i.tense == PAST else n, []).append(i)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        dates = sorted(i.on for i in group if i.on is not None)
        links = first.links if all(i.links == first.links for i in group) else ()
        out.append(replace(first, headline=(*first.headline, Run(f", {len(group)} times")), links=links,
                           count=len(group), on=dates[0] if dates else None,
                           last_on=dates[-1] if dates else None))
    return out


def compose(s: Session, *, audience: str | None = None, since: str | Since = "last",
            works: Iterable[str] = (), now: str | datetime | None = None, subject: str | None = None,
            coming_up_days: int = COMING_UP_DAYS, lock: bool = False, intro: str | None = None,
            earlier_after: int | None = None, section_limit: int = SECTION_LIMIT) -> Composed:
    """The issue for ``audience``: every entry ``since`` selects, one item per record in its newest state,
    worded as of ``now``: the lead, the sections, then the 'Earlier' list."""
    since_ = parse_since(since)
    work_rows = _works(s, works)
    lead = work_rows[0] if work_rows else default_work(s)
    tz = home_zone(lead)
    now_ = resolve_now(now, tz)
    name = audience_name(audience)
    if since_.mode in ("send", "carried"):
        send = _get_send(s, since_.send_id or 0)
        if audience is not None and name != send.audience.name:
            raise InvalidInput(f"send {send.id} went to '{send.audience.name}', not '{name}'; drop --audience"
                               " or pick a send of that audience")
        name = send.audience.name
    aud = get_audience(s, name)
    if since_.mode == "send" and aud is None:
        raise NotFound(f"no audience {name!r}")
    work_ids = [w.id for w in work_rows]
    embargo.hold(s, now_)  # what is held at the issue's clock is in no part of it
    entries = _select_entries(s, since_, aud, work_ids, lock=lock, now=now_)

    groups: dict[tuple[str, int], list[Any]] = {}
    for e in entries:
        groups.setdefault((e.record_type, e.record_id), []).append(e)
    rows = _load_records(s, groups)
    asof.settle(s)  # a send shown again: the quotes as they stood too
    items: list[Item] = []
    carried: list[int] = []
    for key, es in groups.items():
        row = rows.get(key)
        if not _visible(row):
            continue
        items.append(item_for(row, now=now_, news_date=max(e.news_date for e in es)))
        carried += [e.id for e in es]
    if not items:
        raise NothingToSend(_nothing_message(s, since_, name, aud, work_rows, removed=bool(groups)))

    days = earlier_days(earlier_after, lead)
    top, sections, earlier = _shape(items, now_.date() - timedelta(days=days), section_limit)
    ordered = [*([top] if top else []), *(i for sec in sections for i in (*sec.items, *sec.more)), *earlier]
    date_label = day(now_.date())
    subject_ = " ".join((subject or ordered[0].summary).split())
    if not subject_:
        raise InvalidInput("--subject is empty; give a subject or leave it out to use the top news")
    preheader = _preheader(ordered, short_title(lead), date_label)
    if preheader == subject_:
        preheader = f"News from {short_title(lead)}, {date_label}"
    shown = set(groups)
    coming_up, coming_up_more = _coming_up(s, now_, coming_up_days, work_ids, shown)
    issue = Issue(
        title=lead.title, short_title=short_title(lead), date_label=date_label, now=now_, audience=name,
        subject=subject_, preheader=preheader, sections=tuple(sections),
        coming_up=tuple(coming_up), coming_up_more=coming_up_more, coming_up_days=coming_up_days,
        footer=_footer(s, lead), campaign=f"{now_:%Y-%m-%d}-{name}", own_hosts=_own_hosts(s),
        lead=top, intro=intro_paragraphs(intro), earlier=tuple(earlier), earlier_days=days,
    )
    return Composed(issue=issue, audience=name, entry_ids=tuple(sorted(carried)),
                    works=tuple(w.slug for w in work_rows))


def _nothing_message(s: Session, since: Since, name: str, aud: m.Audience | None, works: list[m.Work],
                     *, removed: bool) -> str:
    scope = f" for {', '.join(w.slug for w in works)}" if works else ""
    if since.mode == "date":
        what = f"no news{scope} dated on or after {since.on.isoformat()}"  # type: ignore[union-attr]
    elif since.mode in ("send", "carried"):
        send = _get_send(s, since.send_id or 0)
        after = "in" if since.mode == "carried" else "since"
        what = f"no news{scope} {after} send {send.id} ({send.sent_at.date().isoformat()}) for '{name}'"
    else:
        last = _last_send(s, aud)
        if last is None:
            what = f"no news{scope} for '{name}' yet"
        else:
            what = f"no news{scope} for '{name}' since send {last.id} ({last.sent_at.date().isoformat()})"
    if removed:
        what += " (only removed records have news; 'presskit restore' brings one back)"
    return f"{what}; no newsletter written"


# ------------------------------------------------------------------------------------------------- sends


def record_send(s: Session, aud: m.Audience, composed: Composed, *, subject: str, now: datetime,
                file_token: str | None = None) -> m.Send:
    """The send and exactly the entries it carried; those entries leave the audience's pending list.

    ``file_token`` names the send's staged output file (presskit.sendfile).
    """
    ids = list(composed.entry_ids)
    send = m.Send(audience_id=aud.id, subject=subject, preheader=composed.issue.preheader,
                  sent_at=now, recorded_at=utcnow(), works=",".join(composed.works) or None, file_token=file_token,
                  intro="\n\n".join(composed.issue.intro) or None, earlier_after_days=composed.issue.earlier_days,
                  base_url=composed.base_url)
    s.add(send)
    s.flush()
    try:
        s.execute(insert(m.SendItem), [{"send_id": send.id, "audience_id": aud.id, "journal_id": j,
                                        "released": False} for j in ids])
    except IntegrityError as e:
        raise Conflict("another send to this audience carried some of these entries at the same moment;"
                       " nothing was recorded: run the command again") from e
    deleted = 0
    for chunk in _chunks(ids):
        deleted += s.execute(delete(m.PendingEntry).where(m.PendingEntry.audience_id == aud.id,
                                                          m.PendingEntry.journal_id.in_(chunk))
                             .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    if deleted != len(ids):
        raise Conflict("some entries were no longer pending (another send took them); nothing was recorded:"
                       " run the command again")
    s.flush()
    return send


def _check_send_ready(issue: Issue, formats: Sequence[str], esp: str, slug_hint: str) -> None:
    f = issue.footer
    if esp == "generic" and not (f.unsubscribe_url or "").lower().startswith("https://"):
        raise InvalidInput(
            "no unsubscribe link, so the newsletter is not send-ready: set an https one with 'presskit edit"
            f" work {slug_hint} --unsubscribe-url https://...', or name your mailing service with --esp"
            " (mailchimp, listmonk, buttondown, brevo)")
    if "eml" in formats:
        if esp != "generic":
            raise InvalidInput(f"--format eml is a message you send yourself; --esp {esp} is for pasting"
                               " the HTML into that service: drop one of them")
        if not f.sender_email:
            raise InvalidInput(f"--format eml needs a sender address: presskit edit work {slug_hint}"
                               " --sender-email news@example.org")


def build(s: Session, *, audience: str | None = None, since: str | Since = "last", works: Iterable[str] = (),
          now: str | datetime | None = None, subject: str | None = None, formats: Sequence[str] = ("html",),
          esp: str = "generic", templates: str | Path | None = None, mark_sent: bool = False,
          coming_up_days: int = COMING_UP_DAYS, file_token: str | None = None, intro: str | None = None,
          earlier_after: int | None = None, section_limit: int = SECTION_LIMIT, base_url: str | None = None,
          data_dir: Path | None = None) -> Result:
    """Compose, render and — with ``mark_sent`` — record the send, all in the caller's transaction.

    ``base_url`` is the address of the work's ``presskit site`` (default: the work's website, when https): the
    email then leads with the lead story's picture from there, and its web version is the site's page of this
    send (unless the work names another).
    Raises NothingToSend (exit code 3) when there is no news; nothing is recorded then.
    """
    if subject is not None and subject.strip():
        # A subject is one header line: its line breaks and runs of spaces read as one space.
        subject = values.text(" ".join(subject.split()), "subject", limit=values.LIMITS["subject"])
    formats = [check_choice(f, FORMATS, "format") for f in formats]
    esp = check_choice(esp, ESPS, "esp")
    since_ = parse_since(since)
    works = list(works)
    if mark_sent and since_.mode != "last":
        raise InvalidInput("--mark-sent records what no send has carried yet, so it goes with --since last"
                           f" (the default); --since {since} could repeat entries an earlier send carried."
                           " Preview with --since, send with --since last")
    if mark_sent:
        ensure_audience(s, audience_name(audience), now=_clock(s, works, now))
    composed = compose(s, audience=audience, since=since_, works=works, now=now, subject=subject,
                       coming_up_days=coming_up_days, lock=mark_sent, intro=intro, earlier_after=earlier_after,
                       section_limit=section_limit)
    from presskit.sitepaths import site_base

    lead_work = _works(s, works)[0] if works else default_work(s)
    base = site_base(base_url, lead_work.website, lead_work.slug, required=False)
    if base:
        composed = _with_site(s, composed, base, data_dir)
    return _render_and_record(s, composed, formats, esp, templates, mark_sent=mark_sent, file_token=file_token)


def _with_site(s: Session, composed: Composed, base_url: str, data_dir: Path | None) -> Composed:
    """The issue leading with its picture from the site at ``base_url`` and linking its web version there; a send
    shown again (``s`` reads as of it) takes the pictures as they stood then."""
    from presskit import sitepaths as site
    from presskit.images import default_data_dir

    base = base_url
    issue = composed.issue
    picture = site.lead_picture(s, issue, base, data_dir or default_data_dir(), then=asof.created_by(s))
    footer = issue.footer
    if not footer.web_version_url and base.startswith("https://"):
        footer = replace(footer, web_version_url=base + site.web_version_path(issue.campaign))
    return replace(composed, issue=replace(issue, lead_image=picture, footer=footer), base_url=base)


def _clock(s: Session, works: list[str], now: str | datetime | None) -> datetime:
    rows = _works(s, works)
    lead = rows[0] if rows else default_work(s)
    return resolve_now(now, home_zone(lead))


def _render_and_record(s: Session, composed: Composed, formats: Sequence[str], esp: str,
                       templates: str | Path | None, *, mark_sent: bool,
                       file_token: str | None = None) -> Result:
    issue = composed.issue
    slug = composed.works[0] if composed.works else default_work(s).slug
    _check_send_ready(issue, formats, esp, slug)
    from presskit.render import email as render_email  # jinja2, mjml and premailer load only here

    rendered = render_email.render(issue, formats, esp=esp, templates=templates)
    send_id = None
    if mark_sent:
        aud = get_audience(s, composed.audience)
        assert aud is not None
        send_id = record_send(s, aud, composed, subject=rendered.subject, now=issue.now.astimezone(UTC),
                              file_token=file_token).id
    return Result(issue=replace(issue, subject=rendered.subject), subject=rendered.subject,
                  outputs=rendered.outputs, send_id=send_id, entries=len(composed.entry_ids))


def list_sends(s: Session, audience: str | None = None) -> list[SendRow]:
    """Past sends, oldest first, with the number of items (records) and journal entries each carried."""
    J = m.JournalEntry
    record = J.record_type + ":" + cast(J.record_id, String)
    counts = (select(m.SendItem.send_id, func.count(func.distinct(record)).label("n_items"),
                     func.count(m.SendItem.id).label("n_entries"))
              .join(J, J.id == m.SendItem.journal_id).group_by(m.SendItem.send_id).subquery())
    q = (select(m.Send, counts.c.n_items, counts.c.n_entries).outerjoin(counts, counts.c.send_id == m.Send.id)
         .order_by(m.Send.id))
    if audience is not None:
        q = q.join(m.Audience, m.Audience.id == m.Send.audience_id).where(
            m.Audience.name == audience_name(audience))
    try:
        tz = home_zone(default_work(s))
    except InvalidInput:
        tz = "UTC"
    return [SendRow(id=send.id, sent=format_local(send.sent_at, tz), audience=send.audience.name,
                    subject=send.subject, items=items or 0, entries=entries or 0, works=send.works,
                    undone=format_local(send.undone_at, tz) if send.undone_at else None)
            for send, items, entries in s.execute(q)]


def show_send(s: Session, send_id: int, *, formats: Sequence[str] = ("html",), esp: str = "generic",
              templates: str | Path | None = None, coming_up_days: int = COMING_UP_DAYS,
              data_dir: Path | None = None) -> Result:
    """Send N again as it went out: its entries, each record as it stood when the send was recorded (a status
    changed, a field corrected or a record removed since reads as it was: presskit.asof), its clock and subject;
    made with a site address, its lead picture (from ``data_dir``) and web-version link from that address."""
    formats = [check_choice(f, FORMATS, "format") for f in formats]
    esp = check_choice(esp, ESPS, "esp")
    send = _get_send(s, send_id)
    base = send.base_url
    composed = as_sent(s, send, coming_up_days=coming_up_days)
    if base:
        composed = _with_site(s, composed, base, data_dir)
    return _render_and_record(s, composed, formats, esp, templates, mark_sent=False)


def as_sent(s: Session, send: m.Send, *, coming_up_days: int = COMING_UP_DAYS, public: bool = False) -> Composed:
    """The issue send N was, composed again: what it carried, each record as it stood when the send was
    recorded (presskit.asof), worded as of its clock, with its subject, opening and 'Earlier' age.

    ``sends show N`` and the site's page of send N are both this; the site's is ``public``: a record removed
    since is left out, as from every public page. From here on ``s`` reads as of send N.
    """
    asof.as_sent(s, send, public=public)
    works = [w for w in (send.works or "").split(",") if w]
    return compose(s, since=Since("carried", send_id=send.id), works=works, now=send.sent_at,
                   subject=send.subject, coming_up_days=coming_up_days, intro=send.intro,
                   earlier_after=send.earlier_after_days)


def undo_send(s: Session, send_id: int, *, now: datetime | None = None) -> tuple[m.Send, int]:
    """Release what send N carried: its entries are pending again for its audience (the next send)."""
    now = now or utcnow()
    send = _get_send(s, send_id)
    if send.undone_at is not None:
        raise InvalidInput(f"send {send.id} was already undone on {send.undone_at.date().isoformat()}")
    done = s.execute(update(m.Send).where(m.Send.id == send.id, m.Send.undone_at.is_(None))
                     .values(undone_at=now).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
        raise Conflict(f"send {send.id} was undone by another command at the same moment")
    ids = list(s.scalars(select(m.SendItem.journal_id).where(m.SendItem.send_id == send.id,
                                                             m.SendItem.released.is_(False))))
    s.execute(update(m.SendItem).where(m.SendItem.send_id == send.id, m.SendItem.released.is_(False))
              .values(released=True).execution_options(synchronize_session=False))
    if ids:
        try:
            s.execute(insert(m.PendingEntry),
                      [{"audience_id": send.audience_id, "journal_id": j} for j in ids])
        except IntegrityError as e:
            raise Conflict(f"entries of send {send.id} are pending already; nothing was changed") from e
    s.flush()
    s.expire(send)
    return send, len(ids)
