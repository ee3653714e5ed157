"""The newsroom's pages and feeds, from plain data (see ``presskit.site``); never a Session.

HTML and Atom come from templates (``site/*.j2``; autoescape on, a user's ``DIR/site/`` overrides them); the
JSON Feed and the sitemap are written as data (json, XML escaping), so record text is text everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache as remembered
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup, escape

from presskit.render import environment, render_template, user_folder
from presskit.render.kit import page_html
from presskit.render.laurels import file_stem, png_file, svg_file

if TYPE_CHECKING:
    from presskit.kit import KitData, Laurel
    from presskit.site import FeedEntry, SentPage

SEND_PAGE = "site/send.html.j2"
NEWS_PAGE = "site/news.html.j2"
ITEMS = "site/items.html.j2"
ATOM = "site/feed.atom.j2"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@remembered
def _env(templates: Path | str | None, folder: Path | None = None):
    # One environment per build: Jinja compiles each template once in it, not once per page (and keeps the
    # compiled code in ``folder``, presskit's cache, for the next build).
    return environment(user_folder(templates, "site") if templates is not None and
                       (Path(templates) / "site").is_dir() else None, cache=folder)


def laurel_files(laurels: Sequence[Laurel]) -> dict[str, Any]:
    """Each laurel as ``<honour>.svg`` and ``<honour>.png`` (300 dpi), named by its own words."""
    files: dict[str, bytes] = {}
    listed = []
    for item in laurels:
        stem = file_stem(item)
        n = 2
        while f"{stem}.svg" in files:
            stem = f"{file_stem(item)}-{n}"
            n += 1
        files[f"{stem}.svg"] = svg_file(item)
        files[f"{stem}.png"] = png_file(item)
        label = " — ".join(item.words)
        listed.append({"stem": stem, "label": label})
    return {"files": files, "list": listed}


def site_links(base: str, *, has_pdf: bool, has_stills: bool, stills: int, laurels: list[dict[str, Any]],
               prefix: str = "") -> dict[str, Any]:
    from presskit import sitepaths as paths

    downloads = []
    if has_pdf:
        downloads.append({"href": prefix + paths.PDF, "label": "Press kit (PDF)", "note": None})
    if has_stills:
        downloads.append({"href": prefix + paths.STILLS_ZIP, "label": "All stills (zip of the originals)",
                          "note": f"{stills} still{'s' if stills != 1 else ''}, with captions and credits"})
    return {
        "base": base, "news_href": prefix + paths.NEWS, "downloads": downloads,
        # Markup: addresses presskit made from slugs, kept whole (the kit breaks long runs of record text).
        "laurel_files": [{"label": item["label"], "svg": escape(f"{prefix}{paths.LAURELS}{item['stem']}.svg"),
                          "png": escape(f"{prefix}{paths.LAURELS}{item['stem']}.png")} for item in laurels],
        "stills_zip": prefix + paths.STILLS_ZIP, "ics": prefix + paths.ICS,
        "webcal": "webcal://" + base.split("://", 1)[1] + paths.ICS,
        "atom": prefix + paths.ATOM, "json_feed": prefix + paths.JSON_FEED,
    }


def social(base: str, data: KitData) -> dict[str, Any]:
    """Canonical URL, description, the preview image (poster, else the first still) and JSON-LD images."""
    from presskit import sitepaths as paths

    def absolute(src: str | None) -> str | None:
        if not src:
            return None
        return src if "://" in src else base + src

    shown = [p for p in [data.pictures.poster, *data.pictures.stills] if p and p.src]
    lead = shown[0] if shown else None
    w = data.work
    return {
        "url": base,
        "description": w.logline or w.synopsis_short or w.tagline,
        "image": {"url": absolute(lead.src), "width": lead.width, "height": lead.height,
                  "alt": lead.alt} if lead else None,
        "images": [{"@type": "ImageObject", "contentUrl": absolute(p.href or p.src),
                    "thumbnailUrl": absolute(p.src), "caption": p.caption or p.alt,
                    "creditText": p.credit, "width": p.original_width, "height": p.original_height}
                   for p in shown],
        "feeds": [{"type": "application/atom+xml", "title": f"{w.title}: news", "href": base + paths.ATOM},
                  {"type": "application/feed+json", "title": f"{w.title}: news",
                   "href": base + paths.JSON_FEED}],
    }


def kit_page(data: KitData, *, site: dict[str, Any], social: dict[str, Any],
             templates: Path | str | None = None, cache: Path | None = None) -> bytes:
    return page_html(data, site=site, social=social, templates=templates, cache=cache).encode("utf-8")


def items_html(issue: Any, *, templates: Path | str | None = None, cache: Path | None = None) -> str:
    """One send's news as an HTML fragment: its web page's body and its feed entries' content."""
    return render_template(_env(templates, cache), ITEMS, {"issue": issue})


def send_page(sent: SentPage, content: str, data: KitData, base: str, *,
              templates: Path | str | None = None, cache: Path | None = None) -> bytes:
    return render_template(_env(templates, cache), SEND_PAGE, {
        # Markup: the fragment is this module's own autoescaped template output, not record text.
        "send": sent, "work": data.work, "body": Markup(content), "url": base + sent.path,
        "root": "../",
        "generated": data.generated,
    }).encode("utf-8")


def news_index(news: list[SentPage], data: KitData, base: str, *,
               templates: Path | str | None = None, cache: Path | None = None) -> bytes:
    from presskit import sitepaths as paths

    return render_template(_env(templates, cache), NEWS_PAGE, {
        "news": list(reversed(news)), "work": data.work, "url": base + paths.NEWS, "root": "../",
        "prefix_len": len(paths.NEWS), "atom": "../" + paths.ATOM, "json_feed": "../" + paths.JSON_FEED,
        "generated": data.generated,
    }).encode("utf-8")


def atom(news: list[FeedEntry], data: KitData, base: str, updated: str, *,
         templates: Path | str | None = None, cache: Path | None = None) -> bytes:
    from presskit import sitepaths as paths

    entries = [{"title": n.page.subject, "url": base + n.page.path, "published": _stamp(n.page.sent),
                "summary": n.page.preheader, "content": n.content} for n in reversed(news)]
    return render_template(_env(templates, cache), ATOM, {
        "work": data.work, "base": base, "self_url": base + paths.ATOM, "news": base + paths.NEWS,
        "updated": updated, "entries": entries,
    }).encode("utf-8")


def json_feed(news: list[FeedEntry], data: KitData, base: str) -> bytes:
    """A JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the sends, newest first."""
    from presskit import sitepaths as paths

    w = data.work
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": f"{w.title}: news",
        "home_page_url": base,
        "feed_url": base + paths.JSON_FEED,
        "language": "en",
        "items": [{"id": base + n.page.path, "url": base + n.page.path, "title": n.page.subject,
                   "summary": n.page.preheader, "content_html": n.content,
                   "date_published": _stamp(n.page.sent)} for n in reversed(news)],
    }
    if w.company:
        feed["authors"] = [{"name": w.company, **({"url": w.company_website} if w.company_website else {})}]
    return (json.dumps(feed, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def sitemap(base: str, paths: Sequence[str]) -> bytes:
    urls = "".join(f"<url><loc>{xml_escape(base + p)}</loc></url>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n").encode()


def _stamp(dt: Any) -> str:
    from datetime import UTC

    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
