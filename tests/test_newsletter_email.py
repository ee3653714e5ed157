"""Every check of EMAIL.md ("Checks on every generated newsletter"), on newsletters built from data/.

Each test names the check it makes. The newsletters are the film's first one (everything in data/ not yet
sent), plain and for Mailchimp, with a header image, and one stuffed with hostile text in every field.
"""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import html5lib
import pytest
from newsletter_support import IN_FULL, build, import_film

from presskit import records
from presskit.db import session_scope
from presskit.errors import InvalidInput
from presskit.render.email import ESP_TAGS, GMAIL_CLIP_BYTES

LOGO = "https://www.thedefectormovie.com/images/logo.png"  # a test value, like data/newsletter.yaml's
HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "*|UNSUB|*",
           "{% include 'x' %}"]
ALL = ("html", "text", "eml", "mjml")


@pytest.fixture
def film(engine):
    import_film(engine)
    with session_scope(engine) as s:
        records.edit(s, "work", "the-defector", {"logo_url": LOGO})
    return engine


@pytest.fixture(params=["generic", "mailchimp", "listmonk"])
def letter(request, film):
    """The film's first newsletter in every format, for one mailing service."""
    esp = request.param
    formats = ALL if esp == "generic" else ("html", "text", "mjml")
    result = build(film, formats=formats, esp=esp)
    return esp, result


def _doc(html: str):
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse(html), parser.errors


def _outside_comments(html: str) -> str:
    return re.sub(r"<!--.*?-->", "", html, flags=re.S)


def _allowed_tags(esp: str) -> tuple[str, ...]:
    return ESP_TAGS.get(esp, ())


# --------------------------------------------------------------------------------------------------- 1-10


def test_1_doctype_charset_title_and_it_parses(letter):
    _, result = letter
    html = result.outputs["html"].decode()
    assert html.startswith("<!doctype html>\n<html")
    assert re.search(r"<head><meta charset=\"utf-8\">", html)
    doc, errors = _doc(html)
    assert errors == []
    assert doc.find(".//title").text == result.subject != ""


def test_2_html_part_is_under_gmail_s_clipping_size(letter):
    _, result = letter
    assert 5_000 < len(result.outputs["html"]) < GMAIL_CLIP_BYTES


def test_3_nothing_is_wider_than_600_px(letter):
    _, result = letter
    doc, _ = _doc(result.outputs["html"].decode())
    widths = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        w = el.get("width", "")
        if w.isdigit():
            widths.append(int(w))
        widths += [int(px) for px in re.findall(r"(?:^|;|\s)(?:max-)?width:\s*(\d+)px", el.get("style", ""))]
    assert widths and max(widths) <= 600
    assert 600 in widths  # the body is 600 px: the check does see widths
    assert all(int(img.get("width", "0")) <= 600 for img in doc.iter("img"))


def test_4_no_active_content(letter):
    _, result = letter
    doc, _ = _doc(result.outputs["html"].decode())
    tags = {el.tag for el in doc.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "iframe", "object", "embed", "form"}
    assert not [(el.tag, a) for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib
                if a.lower().startswith("on")]
    assert not [el for el in doc.iter("link") if "stylesheet" in el.get("rel", "")]


def test_5_remaining_style_is_media_rules_that_parse(letter):
    import cssutils

    _, result = letter
    doc, _ = _doc(_outside_comments(result.outputs["html"].decode()))
    styles = [el.text or "" for el in doc.iter("style")]
    assert styles  # the responsive rules are kept
    for css in styles:
        sheet = cssutils.CSSParser(raiseExceptions=True).parseString(css)
        kinds = {rule.type for rule in sheet}
        assert kinds == {cssutils.css.CSSRule.MEDIA_RULE}, css


def test_6_images_have_alt_and_absolute_https_src(letter):
    _, result = letter
    doc, _ = _doc(result.outputs["html"].decode())
    images = list(doc.iter("img"))
    assert [img.get("src") for img in images] == [LOGO]
    for img in images:
        assert img.get("alt") == "The Defector: Escape from North Korea"
        assert img.get("src").startswith("https://")


@pytest.mark.parametrize(("logo", "shown"), [
    ("http://www.thedefectormovie.com/logo.png", "https://www.thedefectormovie.com/logo.png"),
    ("https://localhost/logo.png", None),
    ("https://192.168.1.20/logo.png", None),
    ("https://intranet/logo.png", None),
])
def test_6_a_logo_mail_clients_cannot_load_is_left_out(film, logo, shown):
    with session_scope(film) as s:
        records.edit(s, "work", "the-defector", {"logo_url": logo})
    doc, _ = _doc(build(film).outputs["html"].decode())
    assert [img.get("src") for img in doc.iter("img")] == ([shown] if shown else [])
    if shown is None:  # the header names the film instead
        assert doc.find(".//h1").text == "The Defector: Escape from North Korea"


def test_7_every_link_is_https_mailto_or_the_services_merge_tag(letter):
    esp, result = letter
    doc, _ = _doc(result.outputs["html"].decode())
    hrefs = [a.get("href") for a in doc.iter("a")]
    issue = result.issue
    in_items = sum(len(i.links) + bool(i.url) for i in issue.items + issue.coming_up)
    footer = 2 + (esp in ESP_TAGS)  # unsubscribe, the film's site, and the service's web version
    assert len(hrefs) == in_items + footer
    for href in hrefs:
        assert href.startswith(("https://", "mailto:")) or href in _allowed_tags(esp), href


def test_8_preheader_is_there_and_differs_from_the_subject(letter):
    _, result = letter
    doc, _ = _doc(result.outputs["html"].decode())
    body = doc.find(".//body")
    hidden = next(el for el in body.iter() if (el.text or "").strip())  # the first text of the body
    style = hidden.get("style").replace(" ", "")
    assert "display:none" in style and "mso-hide:all" in style and "opacity:0" in style
    assert "color" not in style  # hidden, not painted the page's colour (spam filters score that)
    assert hidden.text == result.issue.preheader
    assert hidden.text.startswith("Also: ") and hidden.text != result.subject


def test_9_no_leftover_template_syntax_but_the_services_tags(letter):
    esp, result = letter
    for fmt in ("html", "text", "mjml"):
        out = result.outputs[fmt].decode()
        for tag in _allowed_tags(esp):
            out = out.replace(tag, "")
        assert not re.search(r"\{\{|\{%|\bNone\b|Undefined", _outside_comments(out)), fmt


def test_10_unsubscribe_link_in_the_body(letter):
    esp, result = letter
    doc, _ = _doc(result.outputs["html"].decode())
    unsubscribe = [a.get("href") for a in doc.iter("a") if a.text == "Unsubscribe"]
    expected = ESP_TAGS[esp][0] if esp in ESP_TAGS else "https://www.thedefectormovie.com/unsubscribe"
    assert unsubscribe == [expected]
    if esp in ESP_TAGS:  # and the web version, from the same table
        web = [a.get("href") for a in doc.iter("a") if a.text == "View in your browser"]
        assert web == [ESP_TAGS[esp][1]]


def test_outlook_spacing_is_table_cell_padding_not_margins(film):
    # Outlook for Windows (Word's engine) drops margins and padding on headings and blockquotes: the rule above
    # a section heading and the bar beside a pull quote are table cells with padding, the elements have none.
    result = build(film)
    doc, _ = _doc(result.outputs["html"].decode())
    parent = {child: el for el in doc.iter() for child in el}

    def style(el) -> dict[str, str]:
        pairs = (d.split(":", 1) for d in (el.get("style") or "").split(";") if ":" in d)
        return {k.strip(): v.strip() for k, v in pairs}

    headings, quotes = list(doc.iter("h2")), list(doc.iter("blockquote"))
    issue = result.issue
    assert len(headings) == len(issue.sections) + bool(issue.earlier) + bool(issue.coming_up) and quotes
    for el in headings + quotes:
        assert style(el)["margin"] == "0" and style(el)["padding"] == "0", el.get("style")
        cell = parent[el]
        assert cell.tag == "td" and "padding" in style(cell), (el.tag, cell.tag)
    rules = [style(parent[h]) for h in headings]
    # The first heading has no rule above it unless the lead story stands above it.
    first = rules[1:] if issue.lead is None else rules
    assert issue.lead is not None or rules[0]["border-top"] == "0"
    assert all(r["border-top"].startswith("1px solid") for r in first)
    assert all(style(parent[q])["border-left"].startswith("3px solid") for q in quotes)
    for q in quotes:  # the space above and below a quote is the padding of the cell around its table
        outer = parent[parent[q]]
        while outer.tag != "td":
            outer = parent[outer]
        assert style(outer)["padding"] == "10px 0"


def test_dark_mode_is_declared_and_styled(film):
    html = build(film).outputs["html"].decode()
    assert '<meta name="color-scheme" content="light dark">' in html
    assert '<meta name="supported-color-schemes" content="light dark">' in html
    assert re.search(r"@media \(prefers-color-scheme: dark\) \{\s+body, \.pk-page \{", html)


# ------------------------------------------------------------------------------------------------ 11-12


def test_11_text_part_has_every_title_every_link_and_the_unsubscribe_url(letter):
    esp, result = letter
    text = result.outputs["text"].decode()
    flat = " ".join(text.split())
    for item in result.issue.items:
        assert "".join(r.text for r in item.headline) in flat
        for link in item.links:
            assert link.url.replace("http://", "https://").rstrip("/") in text
    unsubscribe = ESP_TAGS[esp][0] if esp in ESP_TAGS else "https://www.thedefectormovie.com/unsubscribe"
    assert f"Unsubscribe: {unsubscribe}\n" in text
    assert "<" not in text.replace("<script>alert(1)</script>", "")  # written for reading, not an HTML dump


def test_12_eml_is_multipart_alternative_text_first_with_one_click_unsubscribe(film):
    with session_scope(film) as s:
        records.edit(s, "work", "the-defector", {"sender_name": "Équipe du Défecteur"})
    result = build(film, formats=ALL)
    raw = result.outputs["eml"]
    assert raw.isascii()  # non-ASCII is encoded, in headers and bodies
    body = raw.split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n")) <= 76  # quoted-printable's limit
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    # Lines travel as CRLF in a message.
    assert parts[0].get_content().replace("\r\n", "\n") == result.outputs["text"].decode()
    assert parts[1].get_content().replace("\r\n", "\n") == result.outputs["html"].decode() + "\n"
    assert msg["Subject"] == result.subject and not re.search(r"[\r\n]", msg["Subject"])
    assert str(msg["From"]) == "Équipe du Défecteur <news@example.org>"
    assert msg["To"] == "supporters@example.org"  # data/newsletter.yaml's list address
    assert msg["List-Unsubscribe"] == "<https://www.thedefectormovie.com/unsubscribe>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Date"] == "Sat, 01 Feb 2014 09:00:00 -0500"
    assert re.fullmatch(r"<2014-02-01-supporters\.[0-9a-f]{20}@example\.org>", msg["Message-ID"])


def test_12_eml_without_a_list_address_goes_to_undisclosed_recipients(engine):
    import_film(engine, settings=False)
    with session_scope(engine) as s:
        records.edit(s, "work", "the-defector", {"sender_email": "news@example.org",
                                                 "unsubscribe_url": "https://example.org/unsubscribe"})
    msg = email.message_from_bytes(build(engine, formats=("eml",)).outputs["eml"], policy=policy.default)
    assert msg["To"] == "undisclosed-recipients:;"
    assert msg["To"].groups[0].display_name == "undisclosed-recipients" and msg["To"].addresses == ()


# ---------------------------------------------------------------------------------------------- 13: hostile


@pytest.fixture
def hostile(film):
    """Hostile text in every field a newsletter shows."""
    bad = " ".join(HOSTILE)
    with session_scope(film) as s:
        records.edit(s, "work", "the-defector", {"sender_name": f"Team {bad}", "postal_address": bad,
                                                 "title": f"The Defector {bad}"})
        award = records.add(s, "award", {"body": f"Body {bad}", "award": f"Awards {bad}", "year": 2014,
                                          "category": f"Best {bad}", "status": "won", "date": "2014-01-30",
                                          "nominee": f"Person {bad}"})
        # A header injection, written behind the checks' back (presskit.values refuses a line break in a
        # one-line field): an older database or another tool may hold one, and it must stay inert.
        award.category = f"Best\r\nBcc: victim@example.org {bad}"
        cov = records.add(s, "coverage", {"outlet": f"Outlet {bad}", "headline": f"Headline {bad}",
                                          "author": f"Author {bad}", "quote": f"Quote {bad}",
                                          "url": "https://example.org/a?b=1&c=\"2\"",
                                          "published": "2014-01-30"})
        records.add(s, "quote", {"coverage": cov.id, "text": f"Second {bad}"})
        records.add(s, "event", {"title": f"Event {bad}", "place": f"Venue {bad}", "address": bad,
                                 "description": f"Description {bad}", "starts_at": "2014-02-20 19:00",
                                 "timezone": "America/Toronto", "date": "2014-01-30"})
        sel = records.add(s, "selection", {"festival": f"Fest {bad}", "year": 2014, "section": bad,
                                           "city": bad, "premiere": "national", "premiere_region": bad,
                                           "date": "2014-01-30"})
        records.add(s, "screening", {"selection": sel.id, "venue": f"Cinema {bad}", "room": bad,
                                     "starts_at": "2014-02-21 19:00", "timezone": "America/Toronto",
                                     "date": "2014-01-30"})
        records.add(s, "broadcast", {"channel": f"Channel {bad}", "territory": bad, "presenter": bad,
                                     "starts_at": "2014-02-22 21:00", "timezone": "America/Toronto",
                                     "date": "2014-01-30"})
        records.add(s, "action", {"title": f"Action {bad}", "text": f"Text {bad}", "announced": "2014-01-30"})
    return film


@pytest.mark.parametrize("esp", ["generic", "mailchimp", "listmonk"])
def test_13_hostile_text_comes_out_inert(hostile, esp):
    formats = ALL if esp == "generic" else ("html", "text", "mjml")
    result = build(hostile, formats=formats, esp=esp)
    html = result.outputs["html"].decode()
    doc, errors = _doc(html)
    assert errors == []
    assert not [el for el in doc.iter() if el.tag in ("script", "iframe", "form")]
    assert not [el for el in doc.iter()
                if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
    assert [img.get("src") for img in doc.iter("img")] == [LOGO]
    shown = " ".join("".join(doc.find(".//body").itertext()).split())
    for bad in HOSTILE:
        assert shown.count(bad) >= 10, bad  # shown as typed, in every field
    outside = _outside_comments(html)
    for tag in _allowed_tags(esp):
        assert outside.count(tag) == 1  # the footer's, and no headline's
        outside = outside.replace(tag, "")
    assert "{{" not in outside and "{%" not in outside and "*|" not in outside
    text = result.outputs["text"].decode()
    if esp == "generic":
        assert text.count("<script>alert(1)</script>") >= 10 and text.count("{{ 7*7 }}") >= 10
    else:
        for tag in _allowed_tags(esp):
            assert text.count(tag) == 1
        assert "{{ 7*7 }}" not in text and "{\u200b{\u200b 7*\u200b7 }}" in text
    assert "\r" not in result.subject and "\n" not in result.subject
    if esp == "generic":
        msg = email.message_from_bytes(result.outputs["eml"], policy=policy.default)
        assert msg["Bcc"] is None and msg["Subject"] == result.subject
        assert "<script>alert(1)</script>" in msg["Subject"]
        # Lines travel as CRLF in a message.
        assert msg.get_body(("html",)).get_content().replace("\r\n", "\n") == html + "\n"


def test_13_javascript_urls_are_refused_at_input(film):
    for url in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd"):
        refused = pytest.raises(InvalidInput, match=r"is not an http\(s\) or mailto URL")
        with refused, session_scope(film) as s:
            records.add(s, "coverage", {"outlet": "X", "headline": "Y", "url": url})


# ------------------------------------------------------------------------------------------------ 14-16


def test_14_same_database_same_clock_same_bytes(film):
    first = build(film, formats=ALL)
    second = build(film, formats=ALL)
    assert first.outputs == second.outputs


@pytest.mark.chromium
@pytest.mark.parametrize("width", [600, 375])
def test_15_no_horizontal_scroll_in_chromium(film, artifacts, tmp_path, width):
    from browser import available, measure

    if not available():
        pytest.fail("Chromium is missing: run `make system-deps`")
    html = tmp_path / "newsletter.html"
    html.write_bytes(build(film).outputs["html"])
    shot = artifacts / f"newsletter-{width}.png"
    shot.unlink(missing_ok=True)
    metrics = measure(html, width, screenshot=shot)
    assert metrics["inner_width"] == width
    assert metrics["scroll_width"] <= metrics["inner_width"]
    assert shot.stat().st_size > 10_000
    # The network is off and the logo is remote: the one request that fails is the logo's.
    assert metrics["failed_requests"] <= 1


def test_16_times_in_the_place_s_zone_with_its_abbreviation(film):
    doc, _ = _doc(build(film, **IN_FULL).outputs["html"].decode())
    shown = " ".join("".join(doc.find(".//body").itertext()).split())
    assert "Wed Jun 26, 2013 9:00 PM EDT" in shown  # TVO in Toronto, in June
    assert "Mon Jun 17, 2013 8:30 PM AEST" in shown  # ABC1 in Sydney


def test_demo_writes_the_newsletter_files(tmp_path):
    from presskit import demo

    lines = list(demo.run(tmp_path / "out"))
    for name in ("newsletter.html", "newsletter.txt", "newsletter.eml"):
        path = tmp_path / "out" / name
        assert f"  {path}" in lines
        assert path.stat().st_size > 1000
    assert (tmp_path / "out" / "newsletter.html").read_text().startswith("<!doctype html>")
    assert Path(tmp_path / "out" / "newsletter.txt").read_text().startswith("THE DEFECTOR: ESCAPE FROM NORTH")
