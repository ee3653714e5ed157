"""`presskit site`: the newsroom folder, read by programs we did not write (feedparser, zipfile, Chromium)."""

from __future__ import annotations

import filecmp
import json
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests import browser
from tests.test_media import make_jpeg

BASE = "https://press.example.org/defector/"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture
def site_cli(film):
    """The film's records, two stills, a poster and a headshot in ./data/media, and one newsletter sent.

    The film's own five pictures (ids 1-5) are files beside data/the-defector.yaml, not in this ./data: they
    are left out of the site, and these four get ids 6-9."""
    cli = film
    make_jpeg(Path("data/media/still-1.jpg"), size=(1200, 800), gps=True)
    make_jpeg(Path("data/media/still-2.jpg"), size=(800, 1200), color=(20, 90, 160))
    Image.new("RGB", (600, 900), (30, 30, 30)).save("data/media/poster.png")
    for args in (["--role", "poster", "--file", "media/poster.png", "--alt", "The poster"],
                 ["--role", "still", "--file", "media/still-1.jpg", "--alt", "A river at night",
                  "--caption", HOSTILE, "--credit", "Ann Shin", "--position", "1"],
                 ["--role", "still", "--file", "media/still-2.jpg", "--alt", "A border fence",
                  "--caption", "The fence", "--credit", "Stephen Chung", "--position", "2"],
                 ["--role", "headshot", "--file", "media/still-2.jpg", "--alt", "Ann Shin",
                  "--person", "Ann Shin"]):
        r = cli("add", "media", *args)
        assert r.exit_code == 0, r.stderr
    r = cli("newsletter", "--mark-sent", "--esp", "mailchimp", "--now", "2014-01-28", "-o", "n.html")
    assert r.exit_code == 0, r.stderr
    return cli


def build(cli, out: str = "site", base: str = BASE) -> Path:
    r = cli("site", "-o", out, "--base-url", base, "--now", "2014-02-01", "--cache", "cache")
    assert r.exit_code == 0, r.stderr
    return Path(out)


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_site_is_complete_reproducible_and_forgets_removed_records(site_cli):
    site = build(site_cli)
    names = files(site)
    for expected in ("index.html", "news/index.html", "news/2014-01-28-supporters.html", "feed.atom", "feed.json",
                     "calendar.ics", "sitemap.xml", "downloads/press-kit.pdf", "downloads/stills.zip",
                     "downloads/laurels/winner-canadian-screen-awards-diversity-award-2014.svg",
                     "downloads/laurels/winner-canadian-screen-awards-diversity-award-2014.png"):
        assert expected in names
    # Built again from the same records: the same bytes, file by file.
    again = build(site_cli, "site2")
    assert files(again) == names
    match, mismatch, errors = filecmp.cmpfiles(site, again, names, shallow=False)
    assert (mismatch, errors) == ([], [])

    send = (site / "news/2014-01-28-supporters.html").read_text()
    assert '<div class="lead">\n<div class="item">\n<p class="headline"><em>The Defector</em> won the Diversity' in send
    assert "&lt;div" not in send and "<h2>Nominations</h2>" in send
    page = (site / "index.html").read_text()
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert f'<meta property="og:image" content="{BASE}media/' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'<link rel="canonical" href="{BASE}">' in page
    assert 'href="webcal://press.example.org/defector/calendar.ics"' in page
    jsonld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    images = jsonld["@graph"][0]["image"]
    assert [i["width"] for i in images] == [600, 1200, 800]
    assert all(i["contentUrl"].startswith(BASE + "media/originals/") for i in images)

    # A removed still and a removed send's only records leave every page.
    assert site_cli("remove", "media", "7").exit_code == 0
    build(site_cli)
    after = files(site)
    assert not [n for n in after if "007-still-1" in n]
    assert not any("A river at night" in (site / n).read_text(errors="ignore")
                   for n in after if n.endswith((".html", ".xml", ".json", ".atom", ".txt")))
    with zipfile.ZipFile(site / "downloads/stills.zip") as zf:
        assert "A river at night" not in zf.read("CAPTIONS-AND-CREDITS.txt").decode()


@pytest.mark.slow
def test_feeds_sitemap_and_zip_read_back(site_cli):
    import feedparser

    site = build(site_cli)
    atom = feedparser.parse((site / "feed.atom").read_bytes())
    assert atom.bozo == 0, atom.get("bozo_exception")
    assert atom.version == "atom10"
    assert [e.link for e in atom.entries] == [BASE + "news/2014-01-28-supporters.html"]
    assert atom.entries[0].title.startswith("The Defector won the Diversity Award")

    feed = json.loads((site / "feed.json").read_text())
    # JSON Feed 1.1: version and title required; items each with a unique id and content_html or content_text.
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["feed_url"] == BASE + "feed.json" and feed["home_page_url"] == BASE
    ids = [i["id"] for i in feed["items"]]
    assert ids and len(set(ids)) == len(ids) and all(isinstance(i, str) for i in ids)
    for item in feed["items"]:
        assert item.get("content_html") or item.get("content_text")
        assert item["date_published"].endswith("Z") and item["url"].startswith(BASE)

    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert locs == [BASE, BASE + "news/", BASE + "news/2014-01-28-supporters.html"]

    with zipfile.ZipFile(site / "downloads/stills.zip") as zf:
        assert zf.namelist() == ["CAPTIONS-AND-CREDITS.txt", "007-still-1.jpg", "008-still-2.jpg"]
        assert zf.read("007-still-1.jpg") == Path("data/media/still-1.jpg").read_bytes()
        assert zf.read("008-still-2.jpg") == Path("data/media/still-2.jpg").read_bytes()
        text = zf.read("CAPTIONS-AND-CREDITS.txt").decode()
        assert "008-still-2.jpg\n  Caption: The fence\n  Credit: Stephen Chung\n  Description: A border fence\n" in text

    with Image.open(site / "downloads/laurels/winner-canadian-screen-awards-diversity-award-2014.png") as png:
        assert png.size == (750, 469) and round(png.info["dpi"][0]) == 300
    svg = (site / "downloads/laurels/winner-canadian-screen-awards-diversity-award-2014.svg").read_text()
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ') and ">Winner</text>" in svg

    # The web copies carry no location; the originals in the zip are untouched.
    for copy in (site / "media").glob("*.jpg"):
        with Image.open(copy) as img:
            assert not img.getexif() and "exif" not in img.info


def test_the_feeds_carry_the_newest_sends_and_the_news_index_every_one(film, monkeypatch):
    import feedparser

    from presskit import site as site_module

    monkeypatch.setattr(site_module, "FEED_ITEMS", 2)
    days = ["2013-05-01", "2013-07-01", "2013-12-01", "2014-01-28"]
    for day in days:
        assert film("add", "coverage", "--outlet", f"Outlet {day}", "--headline", f"Piece of {day}", "--date", day,
                    "--url", f"https://example.org/{day}").exit_code == 0
        r = film("newsletter", "--mark-sent", "--esp", "mailchimp", "--now", day, "-o", f"n-{day}.html")
        assert r.exit_code == 0, r.stderr
    site = build(film)
    pages = [BASE + f"news/{day}-supporters.html" for day in days]
    assert [e.link for e in feedparser.parse((site / "feed.atom").read_bytes()).entries] == pages[:1:-1]
    feed = json.loads((site / "feed.json").read_text())
    assert [i["url"] for i in feed["items"]] == pages[:1:-1]
    assert all("Piece of" in i["content_html"] for i in feed["items"])
    index = (site / "news/index.html").read_text()
    assert [index.index(f'href="{day}-supporters.html"') for day in reversed(days)] == sorted(
        index.index(f'href="{day}-supporters.html"') for day in days)
    for day in days:
        assert f"Piece of {day}" in (site / f"news/{day}-supporters.html").read_text()


def test_site_refuses_a_folder_it_did_not_make_and_a_plain_http_base(site_cli):
    Path("mine").mkdir()
    Path("mine/notes.txt").write_text("keep me")
    r = site_cli("site", "-o", "mine", "--base-url", BASE)
    assert (r.exit_code, r.stderr) == (1, "Error: -o 'mine' is a folder with other files in it; presskit replaces"
                                          " the whole folder, so give a new or empty one (or one presskit made)\n")
    assert Path("mine/notes.txt").read_text() == "keep me"
    r = site_cli("site", "-o", "site", "--base-url", "http://press.example.org/")
    assert (r.exit_code, r.stderr) == (1, "Error: --base-url 'http://press.example.org/' is not an https://"
                                          " address; give the one the site will have, e.g."
                                          " https://press.example.org/ (http:// only for localhost)\n")


@pytest.mark.chromium
@pytest.mark.slow
@pytest.mark.skipif(not browser.available(), reason="needs Debian's chromium")
def test_site_in_chromium_every_link_and_image_is_in_the_folder(site_cli):
    site = build(site_cli).resolve()
    pages = [p for p in files(site) if p.endswith(".html")]
    walked = browser.walk(site, pages)
    assert walked["outside"] == [], walked["outside"]  # no request left the folder
    assert walked["failed"] == []
    assert walked["broken_images"] == []
    # Every internal link resolves to a file of the site (external ones are the records' own links).
    missing = sorted({href for href in walked["internal_links"] if not (site / href).exists()})
    assert missing == []
    assert "index.html" in walked["internal_links"] or "" in walked["internal_links"]
    assert walked["images_loaded"] >= 4


def test_the_newsletter_leads_with_the_posters_email_copy_from_the_site(film):
    import hashlib
    import re

    from presskit.images import mail_name

    Path("data/media").mkdir(parents=True, exist_ok=True)
    Image.new("RGBA", (1200, 1800), (30, 60, 90, 200)).save("data/media/poster.png")
    r = film("add", "media", "--role", "poster", "--file", "media/poster.png", "--alt", 'The "poster"')
    assert r.exit_code == 0, r.stderr
    args = ("newsletter", "--esp", "mailchimp", "--now", "2014-01-28")
    plain = film(*args).stdout
    led = film(*args, "--base-url", BASE).stdout
    name = mail_name(hashlib.sha256(Path("data/media/poster.png").read_bytes()).hexdigest())
    imgs = re.findall(r"<img [^>]*>", led)
    lead = [i for i in imgs if name in i]
    assert len(lead) == 1
    assert f'src="{BASE}media/{name}"' in lead[0] and """alt='The "poster"'""" in lead[0]
    assert int(re.search(r'width="(\d+)"', lead[0]).group(1)) == 400  # 1200×1800 fitted in 600 px
    assert name not in plain  # without --base-url: no picture, the rest as it was
    assert re.findall(r"<img [^>]*>", plain) == [i for i in imgs if name not in i]
    site = build(film)
    with Image.open(site / "media" / name) as copy:
        assert copy.format == "JPEG" and copy.size == (400, 600)  # transparency laid on white for email
    # Sent without a mailing service, the email's "view in browser" link is the site's page of the send.
    assert film("edit", "work", "the-defector", "--unsubscribe-url", "https://example.org/unsubscribe").exit_code == 0
    generic = film("newsletter", "--now", "2014-01-28", "--base-url", BASE).stdout
    assert f'<a href="{BASE}news/2014-01-28-supporters.html"' in generic and "View in your browser" in generic


def test_laurel_files_are_written_from_the_record_as_text():
    import xml.etree.ElementTree as ET

    from presskit.kit import Laurel
    from presskit.render.site import laurel_files

    made = laurel_files([Laurel("Official Selection", HOSTILE + " Festival", "../../etc", "2013", "selection"),
                         Laurel("Winner", "Canadian Screen Awards", "Diversity Award", "2014", "award")])
    names = sorted(made["files"])
    assert names == [
        "official-selection-script-alert-1-script-img-src-x-onerror-alert-1-festival-etc-2013.png",
        "official-selection-script-alert-1-script-img-src-x-onerror-alert-1-festival-etc-2013.svg",
        "winner-canadian-screen-awards-diversity-award-2014.png",
        "winner-canadian-screen-awards-diversity-award-2014.svg",
    ]
    svg = made["files"][names[1]].decode()
    root = ET.fromstring(svg)  # well-formed: the name is character data, not markup
    ns = "{http://www.w3.org/2000/svg}"
    assert [e.tag for e in root.iter() if e.tag not in (ns + "svg", ns + "title", ns + "g", ns + "path",
                                                        ns + "text")] == []
    assert "alert(1)" in "".join(root.itertext()) and "<script" not in svg


def test_the_work_s_https_website_is_the_site_s_address_when_none_is_given(film):
    Path("data/media").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 900), (30, 60, 90)).save("data/media/poster.jpg")
    assert film("add", "media", "--role", "poster", "--file", "media/poster.jpg", "--alt", "The poster").exit_code == 0
    # The film's website is http: no address to lead a newsletter with a picture from, and none for a site.
    args = ("newsletter", "--esp", "mailchimp", "--now", "2014-01-28")
    plain = film(*args).stdout
    assert "/media/" not in plain
    r = film("site", "-o", "site", "--now", "2014-02-01", "--cache", "cache")
    assert (r.exit_code, r.stderr) == (1, "Error: --base-url is required (the work's website"
                                          " http://www.thedefectormovie.com is not a plain https address): give the"
                                          " address the site will have, e.g. --base-url https://press.example.org/,"
                                          " or record the work's https website: presskit edit work the-defector"
                                          " --website https://...\n")
    assert not Path("site").exists()
    assert film("edit", "work", "the-defector", "--website", "https://www.thedefectormovie.com").exit_code == 0
    led = film(*args).stdout
    assert led == film(*args, "--base-url", "https://www.thedefectormovie.com/").stdout
    assert 'src="https://www.thedefectormovie.com/media/' in led and 'alt="The poster"' in led
    site = build(film, base="https://www.thedefectormovie.com/")
    r = film("site", "-o", "site2", "--now", "2014-02-01", "--cache", "cache")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith(" for https://www.thedefectormovie.com/\n")
    assert (site / "index.html").read_bytes() == (Path("site2") / "index.html").read_bytes()
    # --base-url still wins over the website.
    assert BASE in film(*args, "--base-url", BASE).stdout


def test_a_kit_written_alone_links_each_picture_to_its_original_on_the_site(site_cli):
    """`kit -o page.html --base-url` is the site's kit page as one file: pictures inline, each linking to its
    original where `presskit site` publishes it, and preview tags naming the site's address and picture."""
    site = build(site_cli)
    r = site_cli("kit", "-o", "page.html", "--base-url", BASE, "--now", "2014-02-01", "--cache", "cache")
    assert r.exit_code == 0, r.stderr
    page = Path("page.html").read_text()
    head = page.split("</head>")[0]
    assert f'<link rel="canonical" href="{BASE}">' in head and f'<meta property="og:url" content="{BASE}">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    og = re.search(r'<meta property="og:image" content="([^"]+)">', head).group(1)
    site_og = re.search(r'<meta property="og:image" content="([^"]+)">', (site / "index.html").read_text())
    assert og == site_og.group(1) and (site / og.removeprefix(BASE)).is_file()  # the site's own web copy
    links = re.findall(r'<a href="([^"]+)"><img src="data:image/', page)
    assert len(links) == 4  # poster, two stills, a headshot: inline, each linking to its original
    for href in links:
        assert href.startswith(BASE + "media/originals/") and (site / href.removeprefix(BASE)).is_file()
    still = next(h for h in links if h.endswith("-still-1.jpg"))
    assert (site / still.removeprefix(BASE)).read_bytes() == Path("data/media/still-1.jpg").read_bytes()
    jsonld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    shown = [h for h in links if not h.endswith("/009-still-2.jpg")]  # not the headshot (media 9)
    assert sorted(i["contentUrl"] for i in jsonld["@graph"][0]["image"]) == sorted(shown) and len(shown) == 3
    # Alone, with no address for the site: title and description, no address, pictures link nowhere.
    assert site_cli("kit", "-o", "alone.html", "--now", "2014-02-01", "--cache", "cache").exit_code == 0
    alone = Path("alone.html").read_text()
    head = alone.split("</head>")[0]
    assert '<meta property="og:title" content="The Defector: Escape from North Korea">' in head
    assert '<meta name="twitter:card" content="summary">' in head
    assert "canonical" not in head and "og:image" not in head and "og:url" not in head
    assert not re.findall(r'<a href="[^"]+"><img src="data:image/', alone)
