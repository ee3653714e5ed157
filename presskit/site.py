"""`presskit site`: the film's newsroom as a folder of static files, for any static host, with no JavaScript.

What it holds (paths relative to the folder; the same paths below ``--base-url`` once hosted)::

    index.html                 the press kit page, with OpenGraph/Twitter tags and JSON-LD images
    news/index.html            every newsletter sent, newest first
    news/<date>-<audience>.html  the web version of one send (the email's "view in browser" page)
    feed.atom, feed.json       the news as an Atom feed and a JSON Feed 1.1
    calendar.ics               screenings, broadcasts and events (linked as webcal:// to subscribe)
    downloads/                 the PDF kit, the stills zip (originals + captions and credits), laurel files
    media/                     web-sized copies of the pictures, and the originals they link to
    sitemap.xml

Pages link to each other by relative paths (the folder can be previewed from disk); what must be absolute
(canonical and OpenGraph URLs, feeds, the sitemap, the webcal link) is made from ``--base-url``.

Same records and clock, same bytes: everything is sorted, zip members carry a fixed date, and the folder is
written whole each time (built beside the target and swapped in), so a removed record leaves every page.
"""

from __future__ import annotations

import os
import shutil
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from presskit import asof
from presskit import models as m
from presskit.errors import InvalidInput, NothingToSend
from presskit.images import EMAIL_BOX, Hashes, copy_for, default_cache, link_or_copy, place, write_zip
from presskit.sitepaths import (
    ATOM,
    CAPTIONS,
    ICS,
    JSON_FEED,
    LAURELS,
    MARKER,
    NEWS,
    PDF,
    STILLS_ZIP,
    lead_picture,
    site_base,
)

if TYPE_CHECKING:
    from presskit.kit import Picture
    from presskit.newsletter import Issue

FEED_ITEMS = 20  # the newest sends in the feeds (every send keeps its page and its line in the news index)


@dataclass
class SiteResult:
    path: Path
    base_url: str
    pages: int
    files: int
    sends: int
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------- input


def _check_output(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise InvalidInput(f"-o {str(output)!r} is a file; give a folder for the site, e.g. site/")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise InvalidInput(f"-o {str(output)!r} is a folder with other files in it; presskit replaces the whole"
                           " folder, so give a new or empty one (or one presskit made)")
    if not output.resolve().parent.is_dir():
        raise InvalidInput(f"folder {str(output.parent)!r} does not exist; create it first")


# ------------------------------------------------------------------------------------------------ news


def _sends(s: Session, slug: str) -> list[m.Send]:
    rows = s.scalars(select(m.Send).where(m.Send.undone_at.is_(None)).order_by(m.Send.sent_at, m.Send.id))
    return [r for r in rows if not r.works or slug in r.works.split(",")]


@dataclass(frozen=True, slots=True)
class SentPage:
    """One send's web version: its page (``path``), its line in the news index, its entry in the feeds."""
    name: str
    path: str
    sent: datetime
    subject: str
    preheader: str
    picture: dict[str, Any] | None  # the lead picture (sitepaths.lead_picture), its src relative to the page
    date_label: str
    date_iso: str


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A send in the feeds: its page and the HTML of its news (the page's body)."""
    page: SentPage
    content: str


def _news(s: Session, slug: str, base: str, data_dir: Path,
          page: Callable[[Issue, SentPage], None]) -> list[SentPage]:
    """Each send that still has something to show, oldest first: its web page made at once by ``page(issue,
    sent)``, so a film with hundreds of sends never holds them all composed."""
    from presskit.newsletter import as_sent

    out: list[SentPage] = []
    used: set[str] = set()
    for send_id in [send.id for send in _sends(s, slug)]:
        send = s.get_one(m.Send, send_id)  # read again: each send below leaves the session empty
        # The picture the email led with: from the address it was made with (none recorded: this site's).
        made_with = send.base_url or base
        try:
            # What supporters received, as `sends show` renders it; but a record removed since leaves the page.
            composed = as_sent(s, send, public=True, coming_up_days=0)  # the page has no 'Coming up'
        except NothingToSend:
            continue  # every record it told of was removed since: the send leaves the site
        finally:
            # The issue is plain data: the rows read to word it go, or three hundred sends' records would
            # stay in the session's identity map (peak memory of the site of a long-running film).
            s.expunge_all()
        issue = composed.issue
        name = issue.campaign if issue.campaign not in used else f"{issue.campaign}-{send.id}"
        used.add(name)
        picture = lead_picture(s, issue, made_with, data_dir)
        if picture is not None and picture["src"].startswith(made_with):
            picture = {**picture, "src": "../" + picture["src"][len(made_with):]}  # the page's own copy, relative
        sent = SentPage(name=name, path=f"{NEWS}{name}.html", sent=send.sent_at, subject=send.subject,
                        preheader=issue.preheader, picture=picture, date_label=issue.date_label,
                        date_iso=issue.now.isoformat())
        page(issue, sent)
        out.append(sent)
    asof.clear(s)  # what follows (the calendar) reads the records as they are
    return out


# ----------------------------------------------------------------------------------------------- build


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(s: Session, output: Path, *, base_url: str | None = None, work: str | None = None,
          now: str | datetime | None = None, templates: Path | None = None, data_dir: Path | None = None,
          cache: Path | None = None, pdf: bool = True) -> SiteResult:
    """Write the newsroom of ``work`` (default: the primary work) into the folder ``output``, to be published
    at ``base_url`` (default: the work's website, when it is https)."""
    from presskit import kit
    from presskit.lookups import resolve_work
    from presskit.render import site as render

    own = resolve_work(s, work)
    base = site_base(base_url, own.website, own.slug)
    assert base is not None
    _check_output(output)
    cache = cache or default_cache()
    data = kit.gather(s, work, now=now, data_dir=data_dir)
    slug = data.work.slug
    files: dict[str, bytes] = {}
    notes: list[str] = []
    tmp = output.resolve().parent / f".{output.resolve().name}.presskit-tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / NEWS).mkdir(parents=True)
    # The newest FEED_ITEMS sends' news, for the feeds.
    feed: deque[FeedEntry] = deque(maxlen=FEED_ITEMS)

    def page(issue: Issue, sent: SentPage) -> None:
        # Written at once, and the feeds keep the newest FEED_ITEMS: a send of a long-running film tells
        # hundreds of records, and hundreds of sends at once would not fit a small machine's memory.
        content = render.items_html(issue, templates=templates, cache=cache)
        (tmp / sent.path).write_bytes(render.send_page(sent, content, data, base, templates=templates, cache=cache))
        feed.append(FeedEntry(sent, content))

    try:
        news = _news(s, slug, base, data_dir or Path("data"), page)
        used: set[str] = set()
        if pdf:
            printed = data.with_pictures(place(data.pictures, "pdf", cache=cache, used=used))
            from presskit.render.kit import build as build_kit

            built = build_kit(printed, fmt="pdf", templates=templates, read_dirs=[cache], cache=cache)
            files[PDF] = built.content
            notes += built.notes
        data = data.with_pictures(place(data.pictures, "site", cache=cache, site=tmp, used=used))
        pictures = data.pictures
        # The pictures a newsletter may lead with (see lead_picture), sized for email. One index for them all:
        # each original's hash is remembered (not read again from its file) and each copy's size too.
        index = Hashes(cache)
        for pic in [pictures.poster, *pictures.stills[:1], *pictures.headshots.values()]:
            if pic and pic.file:
                original = Path(pic.file)
                made = copy_for(original, cache, EMAIL_BOX, mail=True, sha256=index.of(original), index=index)
                link_or_copy(made.path, tmp / "media" / made.name)
        index.save()
        kit.prune_cache(s, cache, used)
        stills = [p for p in pictures.stills if p.file]
        if stills:
            # Written straight to its file: a hundred 12-megapixel originals are more than a build should hold.
            (tmp / STILLS_ZIP).parent.mkdir(parents=True, exist_ok=True)
            _stills_zip(tmp / STILLS_ZIP, stills, data.work.title)
        laurel_files = render.laurel_files(data.laurels)
        for name, content in laurel_files["files"].items():
            files[LAURELS + name] = content
        files[ICS] = _calendar(s, slug, data.generated.iso)

        site = render.site_links(base, has_pdf=pdf, has_stills=bool(stills), stills=len(stills),
                                 laurels=laurel_files["list"], prefix="")
        social = render.social(base, data)
        files["index.html"] = render.kit_page(data, site=site, social=social, templates=templates, cache=cache)
        files[NEWS + "index.html"] = render.news_index(news, data, base, templates=templates, cache=cache)
        generated = data.generated.iso
        updated = max((n.sent for n in news), default=None)
        stamp = _iso(updated) if updated else _iso(datetime.fromisoformat(generated))
        files[ATOM] = render.atom(list(feed), data, base, stamp, templates=templates, cache=cache)
        files[JSON_FEED] = render.json_feed(list(feed), data, base)
        files["sitemap.xml"] = render.sitemap(base, ["", NEWS, *(n.path for n in reversed(news))])
        files[MARKER] = b"Made by presskit site; the next build replaces this folder.\n"
        for rel, content in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        _swap(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    count = sum(1 for p in output.rglob("*") if p.is_file())
    return SiteResult(path=output, base_url=base, pages=2 + len(news), files=count, sends=len(news),
                      notes=notes)


def _swap(tmp: Path, output: Path) -> None:
    old = tmp.with_name(tmp.name.replace("-tmp-", "-old-"))
    if output.exists():
        os.replace(output, old)
    os.replace(tmp, output)
    shutil.rmtree(old, ignore_errors=True)


def _calendar(s: Session, slug: str, now: str) -> bytes:
    from presskit import ical

    return ical.to_ics(ical.calendar_items(s, works=[slug], now=now), now=now)


def _stills_zip(target: Path, stills: list[Picture], title: str) -> None:
    """The originals, byte for byte, and a text file with each one's caption, credit and alt text."""
    lines = [f"{title} — stills", "", "Each file is the original. Please credit the photographer as given.", ""]
    for p in stills:
        lines.append(p.name)
        if p.caption:
            lines.append(f"  Caption: {p.caption}")
        if p.credit:
            lines.append(f"  Credit: {p.credit}")
        lines.append(f"  Description: {p.alt}")
        if p.size_label:
            lines.append(f"  Size: {p.size_label}")
        lines.append("")
    write_zip(target, [(CAPTIONS, "\n".join(lines).encode("utf-8")),
                       *((p.name, Path(p.file)) for p in stills if p.file)])


# --------------------------------------------------------------------------------------------- the email


