"""Where `presskit site` puts each file and the addresses it serves them at: read by the builder, its pages and
the newsletter (which links the site's web version and lead picture)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from presskit.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


MARKER = ".presskit-site"
NEWS = "news/"
ATOM = "feed.atom"
JSON_FEED = "feed.json"
ICS = "calendar.ics"
PDF = "downloads/press-kit.pdf"
STILLS_ZIP = "downloads/stills.zip"
LAURELS = "downloads/laurels/"
CAPTIONS = "CAPTIONS-AND-CREDITS.txt"


def check_base_url(value: str | None) -> str:
    """The site's public address, ending in '/': https, or http on this machine for a preview."""
    if not value or not value.strip():
        raise InvalidInput("--base-url is required: the address the site will have, e.g."
                           " https://press.thedefectormovie.com/")
    parts = urlsplit(value.strip())
    local = (parts.hostname or "") in ("localhost", "127.0.0.1", "::1")
    if parts.scheme.lower() != "https" and not (parts.scheme.lower() == "http" and local):
        raise InvalidInput(f"--base-url {value!r} is not an https:// address; give the one the site will have,"
                           " e.g. https://press.example.org/ (http:// only for localhost)")
    if not parts.hostname or parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidInput(f"--base-url {value!r} must be a plain address such as https://press.example.org/"
                           " (no user name, query or #fragment)")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def site_base(given: str | None, website: str | None, slug: str, *, required: bool = True) -> str | None:
    """The site's address: ``--base-url`` when given (checked), else the work's website when it is a plain
    https address (the film's own site is where its newsroom is published). Neither: an error when
    ``required`` (``presskit site``), else None (the newsletter then has no picture, as without a site)."""
    if given and given.strip():
        return check_base_url(given)
    if website and urlsplit(website.strip()).scheme.lower() == "https":
        try:
            return check_base_url(website)
        except InvalidInput:
            pass
    if not required:
        return None
    why = f"the work's website {website} is not a plain https address" if website else "the work has no website"
    raise InvalidInput(f"--base-url is required ({why}): give the address the site will have, e.g."
                       " --base-url https://press.example.org/, or record the work's https website:"
                       f" presskit edit work {slug} --website https://...")


def web_version_path(campaign: str) -> str:
    """Where ``presskit site`` puts the web version of a send (the email's "view in browser" link)."""
    return f"{NEWS}{campaign}.html"


def lead_picture(s: Session, issue: Any, base_url: str, data_dir: Path, *,
                 then: datetime | None = None) -> dict[str, Any] | None:
    """The picture a newsletter leads with, as its site (``base_url``) serves it: the lead story's person's
    headshot (a person's nomination), else its work's poster, key art or first still; None when there is none.

    A picture kept as a file is linked as the email-sized copy ``presskit site`` puts in ``media/``; one given
    only by an https URL is linked there. Nothing is fetched or written here.
    ``then``: the pictures as they stood at that moment (``s`` reads as of a send: presskit.asof), so a send
    shown again leads with its picture, not one added or removed since.
    """
    from sqlalchemy import or_, select

    from presskit import asof
    from presskit import models as m
    from presskit.images import EMAIL_BOX, ImageProblem, mail_name, media_path, sha256_of, size_of
    from presskit.kinds import kind
    from presskit.models.enums import MediaRole

    lead = getattr(issue, "lead", None)
    if lead is None or not base_url.startswith("https://"):
        return None
    row = s.get(kind(lead.kind).model, lead.record_id)
    work_id, person_id = getattr(row, "work_id", None), getattr(row, "nominee_id", None)
    live: list[Any] = [m.Media.removed_at.is_(None)]
    if then is not None:
        # Added since: not there then. Removed or restored since: the row reads as then (checked below).
        live = [m.Media.created_at <= then, or_(*live, m.Media.id.in_(asof.moved_ids(s, "media")))]
    choices = []
    if person_id is not None:
        choices.append(select(m.Media).where(*live, m.Media.person_id == person_id,
                                             m.Media.role == MediaRole.headshot))
    if work_id is not None:
        for role in (MediaRole.poster, MediaRole.key_art, MediaRole.still):
            choices.append(select(m.Media).where(*live, m.Media.work_id == work_id, m.Media.role == role))
    # A picture whose file went missing is passed over for the next one (as the kit leaves it out).
    for pic in (p for q in choices for p in s.scalars(q.order_by(m.Media.position, m.Media.id))):
        if pic.removed_at is not None:
            continue
        width, height = pic.width, pic.height
        if pic.path:
            try:
                real = media_path(pic.path, data_dir)[1]
                if not (width and height):
                    # Restored without its file, which is back: measured now, as adding it measures it.
                    width, height = size_of(real, shown=pic.path)
            except ImageProblem:
                continue
            src = base_url + "media/" + mail_name(sha256_of(real))
            width = round(width * min(1.0, EMAIL_BOX / max(width, height)))
        elif pic.url and pic.url.startswith("https://"):
            src = pic.url
        else:
            continue
        return {"src": src, "alt": pic.alt, "width": min(width or EMAIL_BOX, EMAIL_BOX)}
    return None
