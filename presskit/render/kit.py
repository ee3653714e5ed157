"""Templates to HTML (and PDF) for the press kit, from plain data; reusable by any HTML document.

``environment(templates)`` is a Jinja2 environment over the built-in ``templates/`` folder with a user's
folder in front of it (same layout: ``DIR/kit/page.html.j2`` replaces the built-in ``kit/page.html.j2``),
and the ``!default/`` prefix so a user template can extend the one it replaces::

    {% extends "!default/kit/page.html.j2" %}
    {% block director_statement %}...{% endblock %}

``render_html(name, data)`` turns plain data and a template name into HTML;
``presskit.render.pdf.html_to_pdf`` turns HTML into a PDF; ``build`` is the kit's use of the two.
Autoescape is on for every template: user text never becomes markup.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from presskit.kinds import KINDS
from presskit.kinds.work import SCHEMA_TYPES
from presskit.render import TEMPLATES, render_template, user_folder
from presskit.render import environment as base_environment
from presskit.render.laurels import laurel

if TYPE_CHECKING:
    from presskit.kit import Broadcast, KitData, Picture, Quote, Screening, WorkFacts

PAGE = "kit/page.html.j2"

# The PDF names these fonts and nothing else (templates/kit/style.css); the Makefile installs the packages.
# Required ones must be the ones drawn, or the PDF fell back silently to something else.
PDF_FONTS = {"Liberation Serif": "fonts-liberation2", "Liberation Sans": "fonts-liberation2"}
PDF_FALLBACK_FONTS = {"DejaVu Sans": "fonts-dejavu-core"}


# A run of this many characters without a space is no word of any language: it gets a break opportunity
# (U+200B, invisible) every BREAK_EVERY characters. Laying out one unbroken run costs WeasyPrint time that
# grows with the square of its length (40,000 characters took 31 s); with breaks it is linear.
_LONG_RUN = re.compile(r"[^\s\u200b]{80,}")
BREAK_EVERY = 40
# Kept whole: it may be an attribute's value (a picture's file: or data: address is long by nature).
_ADDRESS = re.compile(r"(?i)(https?|mailto|file|data):")


def break_long_runs(value: Any) -> Any:
    """Every ``{{ value }}``: text with a long unbroken run gets break opportunities (the record keeps its
    text as typed); markup and addresses are left as they are."""
    if value.__class__ is str and not _ADDRESS.match(value) and _LONG_RUN.search(value):
        return _LONG_RUN.sub(lambda run: "\u200b".join(run[0][i:i + BREAK_EVERY]
                                                         for i in range(0, len(run[0]), BREAK_EVERY)), value)
    return value


def environment(templates: Path | str | None = None, cache: Path | None = None):
    """The shared template environment (user's DIR/kit/ first, then the built-ins, ``!default/``), plus the
    kit's helpers: ``laurel(item)`` draws a laurel, ``|thousands`` writes 100000 as 100,000. Compiled templates
    are kept in ``cache`` (see ``presskit.render.compiled_templates``)."""
    env = base_environment(user_folder(templates, "kit"), finalize=break_long_runs,
                           filters={"thousands": lambda n: f"{n:,}"}, cache=cache)
    env.globals["laurel"] = laurel
    return env


def render_html(name: str, data: Mapping[str, Any], *, templates: Path | str | None = None,
                cache: Path | None = None) -> str:
    """Render template ``name`` (e.g. ``kit/page.html.j2``) with ``data`` as its variables."""
    return render_template(environment(templates, cache), name, dict(data))


# ------------------------------------------------------------------------------------------------ JSON-LD

_EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "held": "https://schema.org/EventScheduled",
    "aired": "https://schema.org/EventScheduled",
    "rescheduled": "https://schema.org/EventRescheduled",
    "cancelled": "https://schema.org/EventCancelled",
}


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def _work_node(w: WorkFacts, node_id: str, images: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    kind = SCHEMA_TYPES.get(w.kind, KINDS["work"].schema_type)
    film_like = kind in SCHEMA_TYPES.values()  # schema.org gives these, not CreativeWork, the film properties
    return _compact({
        "@type": kind,
        "@id": node_id,
        "name": w.title,
        "alternativeHeadline": w.tagline,
        "description": w.logline or w.synopsis_short,
        "abstract": w.synopsis_short if w.logline else None,
        "dateCreated": str(w.year) if w.year else None,
        "duration": f"PT{w.runtime_minutes}M" if w.runtime_minutes and kind == "Movie" else None,
        "countryOfOrigin": [{"@type": "Country", "name": c} for c in w.countries] if film_like else None,
        "inLanguage": list(w.languages),
        "url": w.website,
        "image": images or w.logo_url,
        "productionCompany": _compact({"@type": "Organization", "name": w.company,
                                       "url": w.company_website}) if w.company and film_like else None,
    })


def _review(q: Quote) -> dict[str, Any]:
    return _compact({
        "@type": "Review",
        "reviewBody": q.text,
        "author": {"@type": "Person", "name": q.author} if q.author else
        {"@type": "Organization", "name": q.outlet},
        "publisher": {"@type": "Organization", "name": q.outlet},
        "name": q.headline,
        "datePublished": q.published_iso,
        "url": q.url,
    })


def _event(kind_name: str, name: str, item: Screening | Broadcast) -> dict[str, Any]:
    """What a screening and a broadcast share: their kind's type, a zoned start, the start it moved from, its
    status."""
    return {"@type": KINDS[kind_name].schema_type, "name": name, "startDate": item.start.iso,
            "previousStartDate": item.previous.iso, "eventStatus": _EVENT_STATUS[item.status]}


def jsonld(data: KitData, social: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """schema.org for the kit: the work (Movie) with its wins, reviews and director, companion works, and
    ScreeningEvent/BroadcastEvent items with zoned ISO 8601 starts. Only real types and properties."""
    w = data.work
    own_id = f"#{w.slug}"
    pictures = data.pictures
    # Only absolute https addresses: a kit written alone shows its own files inline (data: URIs), not
    # addresses a search engine could read; the site gives its copies' addresses (social.images).
    remote = [{"@type": "ImageObject", "contentUrl": p.src, "caption": p.caption or p.alt, "creditText": p.credit}
              for p in [pictures.poster, *pictures.stills] if p and str(p.src or "").startswith("https://")]
    images = (social or {}).get("images") or [_compact(i) for i in remote]
    ids: dict[str | None, str] = {None: own_id, **{c.title: f"#{c.slug}" for c in data.companions}}
    nodes: dict[str, dict[str, Any]] = {own_id: _work_node(w, own_id, images)}
    for c in data.companions:
        nodes[ids[c.title]] = _work_node(c, ids[c.title])
    # `award` is "an award won by or for this item": wins only, never an open nomination.
    for a in data.awards.wins:
        who = f"{a.nominee}, " if a.nominee else ""
        nodes[ids[a.work_title]].setdefault("award", []).append(f"{a.award}: {who}{a.category}")
    for q in data.quotes:
        nodes[ids[q.work_title]].setdefault("review", []).append(_review(q))
    directors = [{"@type": "Person", "name": n} for n in data.directors]
    if directors and nodes[own_id]["@type"] in SCHEMA_TYPES.values():
        nodes[own_id]["director"] = directors
    if w.trailer_url and nodes[own_id]["@type"] in SCHEMA_TYPES.values():
        nodes[own_id]["trailer"] = {"@type": "VideoObject", "name": f"{w.title} trailer", "url": w.trailer_url}

    graph: list[dict[str, Any]] = list(nodes.values())
    for sel in data.selections:
        city = _compact({"@type": "Place", "name": sel.city}) if sel.city else None
        festival = _compact({"@type": "Festival", "name": sel.edition, "url": sel.url, "location": city})
        for sc in sel.screenings:
            if not sc.start.iso:
                continue
            graph.append(_compact({
                **_event("screening", f"{sel.work_title or w.title} at {sel.festival}", sc),
                "workPresented": {"@id": ids[sel.work_title]},
                "superEvent": festival,
                "location": _compact({
                    "@type": "Place", "name": sc.place or sel.festival,
                    "address": _compact({"@type": "PostalAddress", "streetAddress": sc.address,
                                         "addressLocality": sc.city or sel.city,
                                         "addressCountry": sc.country or sel.country}),
                }),
                "url": sc.tickets,
            }))
    for b in data.broadcasts:
        if not b.start.iso:
            continue  # an on-demand release has no start: listed on the page, not an event
        graph.append(_compact({
            **_event("broadcast", f"{b.work_title or w.title} on {b.channel}", b),
            "isLiveBroadcast": False,
            "workFeatured": {"@id": ids[b.work_title]},
            "publishedOn": _compact({"@type": "BroadcastService", "name": b.channel, "areaServed": b.territory}),
            "description": f"Presented by {b.presenter}" if b.presenter else None,
            "url": b.url,
        }))
    return {"@context": "https://schema.org", "@graph": graph}


# ---------------------------------------------------------------------------------------------------- kit


class Built(NamedTuple):
    """The kit's file: its bytes, a PDF's pages, and what the PDF could not draw."""
    content: bytes
    pages: int | None = None
    notes: Sequence[str] = ()


def page_html(data: KitData, *, site: Mapping[str, Any] | None = None, social: Mapping[str, Any] | None = None,
              templates: Path | str | None = None, name: str = PAGE, cache: Path | None = None) -> str:
    """The kit page. ``site`` (downloads, news, feeds) and ``social`` (canonical URL and OpenGraph image) are
    given by ``presskit site``, which knows the page's public address; a kit written alone has neither."""
    # The template writes it with |tojson, which escapes <, > and & so no record text can close the <script>.
    return render_html(name, {**data._asdict(), "site": site, "social": social, "jsonld": jsonld(data, social)},
                       templates=templates, cache=cache)


_DATA_URI = re.compile(r"data:image/[a-z]+;base64,")


def _deferred(data: KitData) -> tuple[KitData, Callable[[bytes], bytes]]:
    """``data`` with each inline picture's base64 (a few megabytes in a kit of a hundred stills) left for later,
    and what puts it back into the encoded page.

    The template sees a stand-in (the same ``data:`` prefix, then a mark no record can hold) and the page is
    encoded without the pictures: joined into the page's text they made it a string of twice their size
    (UCS-2, once any character is beyond Latin-1), copied and encoded to UTF-8 with it at every build.
    """
    from markupsafe import Markup

    mark = secrets.token_hex(16)
    payloads: list[bytes] = []
    stand_ins: dict[int, Picture] = {}

    def stand_in(pic: Picture) -> Picture:
        if not pic.src or not pic.src.startswith("data:"):
            return pic
        if id(pic) not in stand_ins:
            prefix = _DATA_URI.match(pic.src)
            if prefix is None:
                return pic
            payloads.append(pic.src.encode("ascii"))
            stand_ins[id(pic)] = pic._replace(src=Markup(f"{prefix[0]}{mark}-{len(payloads) - 1}-"))
        return stand_ins[id(pic)]

    p = data.pictures
    pictures = p._replace(poster=p.poster and stand_in(p.poster), logo=p.logo and stand_in(p.logo),
                          stills=tuple(stand_in(still) for still in p.stills),
                          headshots={person: stand_in(h) for person, h in p.headshots.items()})
    if not payloads:
        return data, lambda page: page
    found = re.compile(_DATA_URI.pattern.encode("ascii") + mark.encode("ascii") + rb"-(\d+)-")
    return data.with_pictures(pictures), lambda page: found.sub(lambda m: payloads[int(m[1])], page)


def build(data: KitData, *, fmt: str = "html", paper: str = "a4", templates: Path | str | None = None,
          read_dirs: Sequence[Path] = (), social: Mapping[str, Any] | None = None,
          cache: Path | None = None) -> Built:
    """The kit as HTML bytes, or as a PDF made from the same page with its print stylesheet. ``social``: the
    page's preview tags (see page_html); ``cache``: where compiled templates are kept."""
    if fmt == "html":
        data, inline = _deferred(data)
        return Built(inline(page_html(data, templates=templates, social=social, cache=cache).encode("utf-8")))
    html = page_html(data, templates=templates, social=social, cache=cache)
    from presskit.render.pdf import html_to_pdf

    user = Path(templates).expanduser().resolve() if templates is not None else None
    base = (user / "kit") if user is not None else TEMPLATES / "kit"
    result = html_to_pdf(html, paper=paper, base_dir=base, read_dirs=[*(p for p in (user, TEMPLATES) if p), *read_dirs],
                         fonts=PDF_FONTS, fallback_fonts=PDF_FALLBACK_FONTS)
    return Built(result.pdf, pages=result.pages, notes=result.notes)
