"""`presskit kit --format pdf`: checked by its text (pdftotext, pypdf) and its pages (pdftoppm), not bytes."""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_kit import DATA, HOSTILE_HEADLINE, HOSTILE_QUOTE, SECTIONS, add_hostile, build

from presskit import datafile, lookups, records
from presskit.db import session_scope
from presskit.errors import PresskitError
from presskit.render.pdf import LocalOnlyFetcher, html_to_pdf

# Rendering does not depend on the backend: test_kit.py checks what is read from both.
pytestmark = pytest.mark.sqlite_only("the PDF does not depend on the backend; test_kit.py runs on both")
HEADINGS = [*SECTIONS, "Short synopsis", "Long synopsis", "Wins", "Nominations"]
XHTML = "{http://www.w3.org/1999/xhtml}"
BOTTOM_MARGIN_PT = 20 / 25.4 * 72  # templates/kit/style.css: @page margin-bottom 20mm


def pdftotext(path: Path, page: int | None = None) -> str:
    """The text in drawing order (-raw), the order of copy and paste and of the HTML: pdftotext's default
    layout analysis moves a status badge with a background after the line it starts."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def line_boxes(path: Path) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """Per page: its height and every text line with its top and bottom (pdftotext -bbox-layout)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        lines = [(" ".join(w.text or "" for w in line.iter(f"{XHTML}word")), float(line.get("yMin")),
                  float(line.get("yMax"))) for line in page.iter(f"{XHTML}line")]
        pages.append((float(page.get("height")), lines))
    return pages


def headings_alone_at_page_bottom(path: Path) -> list[tuple[int, str]]:
    """Headings with nothing below them on their page (the page-number footer aside)."""
    found = []
    for number, (height, lines) in enumerate(line_boxes(path), 1):
        content = [ln for ln in lines if ln[2] < height - BOTTOM_MARGIN_PT]
        for text, top, bottom in content:
            # Headings are set at 12.5 pt and more; body text and laurel words are smaller.
            if text in HEADINGS and bottom - top > 13 and not any(o[1] > bottom for o in content):
                found.append((number, text))
    return found


@pytest.fixture
def kit_pdf(defector, tmp_path: Path) -> Path:
    result = build(defector, tmp_path / "press-kit.pdf")
    assert result.format == "pdf" and result.notes == []
    return tmp_path / "press-kit.pdf"


def _from_data() -> dict[str, list[str]]:
    """What data/ holds, read from the file itself rather than through the code under test."""
    data = datafile.load_file(DATA)
    # An unnamed organization's name is the team's label; the kit says what is known of it instead.
    orgs = {o["key"]: ("a festival in the " + o["country"] if o.get("unnamed") else o["name"])
            for o in data["organizations"]}
    return {
        "categories": [a["category"] for a in data["awards"]],
        "wins": [a["category"] for a in data["awards"] if a["history"][-1]["status"] == "won"],
        "open": [a["category"] for a in data["awards"] if a["history"][-1]["status"] == "nominated"],
        "festivals": sorted({orgs[s["festival"]] for s in data["selections"]}),
        "quotes": [q["text"] for c in data["coverage"] for q in c.get("quotes", [])],
        "headlines": [c["headline"] for c in data["coverage"]],
        "channels": sorted({orgs[b["channel"]] for b in data["broadcasts"]}),
    }


def test_pdf_text_has_every_section_and_record(kit_pdf: Path) -> None:
    text = flat(pdftotext(kit_pdf))
    for heading in SECTIONS:
        assert heading in text, heading
    expected = _from_data()
    assert expected["wins"] and expected["open"] and expected["quotes"]  # the checks below check something
    for key in ("categories", "festivals", "quotes", "headlines", "channels"):
        for item in expected[key]:
            assert flat(item) in text, f"{key}: {item}"
    # Each award line says its status first: an open nomination never reads as a win.
    for category in expected["open"]:
        match = re.search(r"(WINNER|NOMINEE|SHORTLISTED) [^—]{5,80} — (?:[A-Z][\w .]+, )?"
                          + re.escape(category), text)
        assert match and match.group(1) == "NOMINEE", category
    for category in expected["wins"]:
        match = re.search(r"(WINNER|NOMINEE) [^—]{5,80} — (?:[A-Z][\w .:]+, )?" + re.escape(category),
                          text)
        assert match and match.group(1) == "WINNER", category


def test_winner_appears_exactly_where_a_record_was_won(defector, tmp_path: Path) -> None:
    def winners() -> int:
        build(defector, tmp_path / "k.pdf")
        return len(re.findall(r"\bWINNER\b|\bWinner\b", pdftotext(tmp_path / "k.pdf")))

    before = winners()
    # Diversity Award: cover laurel + laurel + list; the interactive's Digi Award: list only.
    assert before == 4
    with session_scope(defector) as s:
        records.change_status(s, "award", "csa-2014-best-documentary-program", "won", on="2014-03-09")
    assert winners() == before + 2  # its laurel and its list item, now won


def test_pdf_pages_numbered_and_rendered_to_png(kit_pdf: Path, artifacts: Path) -> None:
    reader = PdfReader(kit_pdf)
    n = len(reader.pages)
    assert n >= 4
    assert "Page" not in pdftotext(kit_pdf, 1)  # the cover carries no number
    for page in range(2, n + 1):
        assert f"Page {page} of {n}" in pdftotext(kit_pdf, page)
    out = artifacts / "kit"
    out.mkdir(exist_ok=True)
    for old in out.glob("pdf-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(kit_pdf), str(out / "pdf-page")], check=True)
    pngs = sorted(out.glob("pdf-page-*.png"))
    assert len(pngs) == n
    from PIL import Image

    for png in pngs:
        with Image.open(png) as im:
            lo, hi = im.convert("L").getextrema()
            assert lo < 100 and hi > 240, f"{png.name} looks blank"


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes(defector, tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    result = build(defector, tmp_path / "k.pdf", paper=paper)
    assert result.paper == paper
    for page in PdfReader(tmp_path / "k.pdf").pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_fonts_are_the_named_ones_embedded_and_text_selectable(kit_pdf: Path) -> None:
    fonts = set()
    for page in PdfReader(kit_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts, "no fonts embedded"
    assert all(re.fullmatch(r"Liberation-(Serif|Sans)(-Bold|-Italic|-BoldItalic)?", f) for f in fonts), fonts
    assert {"Liberation-Serif-Bold", "Liberation-Sans"} <= fonts
    assert "The Defector: Escape from North Korea" in pdftotext(kit_pdf)  # real text, not outlines


def test_a_missing_font_is_an_error_not_a_fallback() -> None:
    html = "<p style='font-family: \"Presskit Missing Serif\"'>Words</p>"
    with pytest.raises(PresskitError, match=r"the PDF names the font 'Presskit Missing Serif', which this"
                                            r" machine does not have .* install the Debian package"
                                            r" fonts-presskit-missing"):
        html_to_pdf(html, fonts={"Presskit Missing Serif": "fonts-presskit-missing"})


def test_headings_never_end_a_page(defector, tmp_path: Path) -> None:
    # Without the stylesheet's rule the checker does find one: it can fail.
    (tmp_path / "loose" / "kit").mkdir(parents=True)
    (tmp_path / "loose" / "kit" / "page.html.j2").write_text(
        '{% extends "!default/kit/page.html.j2" %}{% block style %}{{ super() }}\n'
        "@media print { h2, h3 { break-after: auto !important; } }{% endblock %}\n", encoding="utf-8")
    build(defector, tmp_path / "loose.pdf", templates=tmp_path / "loose")
    assert headings_alone_at_page_bottom(tmp_path / "loose.pdf") != []
    # The real stylesheet, with synopses of several lengths to move every heading around the pages.
    for extra in (0, 3, 10, 14, 18):
        with session_scope(defector) as s:
            work = lookups.get(s, "work", "the-defector")
            base = work.synopsis_long.split(" More words")[0]
            work.synopsis_long = base + " More words about the film and its making." * (extra * 3)
        build(defector, tmp_path / f"k{extra}.pdf")
        assert headings_alone_at_page_bottom(tmp_path / f"k{extra}.pdf") == [], extra


def test_hostile_text_is_text_in_the_pdf(defector, tmp_path: Path) -> None:
    add_hostile(defector)
    result = build(defector, tmp_path / "k.pdf")
    assert result.notes == []  # nothing was fetched or even attempted: `<img src=x>` stayed text
    text = flat(pdftotext(tmp_path / "k.pdf"))
    assert flat(HOSTILE_HEADLINE) in text
    assert flat(HOSTILE_QUOTE) in text
    assert "</script><b>Mallory</b>" in text


# ------------------------------------------------------------------------------------- nothing fetched


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        _Counting.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """A server on 127.0.0.1 that counts requests: the stand-in for a private address a record might name."""
    _Counting.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_record_image_urls_are_never_fetched(defector, tmp_path: Path, local_server: str) -> None:
    for url in (f"http://{local_server}/logo.png", f"https://{local_server}/logo.png"):
        with session_scope(defector) as s:
            records.edit(s, "work", "the-defector", {"logo_url": url})
        build(defector, tmp_path / "k.pdf")
        build(defector, tmp_path / "k.html")
        assert "<img" not in (tmp_path / "k.html").read_text(encoding="utf-8")
    assert _Counting.hits == []


def test_pdf_reads_only_template_files_and_data_uris(tmp_path: Path, local_server: str) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "ok.css").write_text("p { color: #123456 }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "templates" / "link.css").symlink_to(tmp_path / "secret.txt")
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwAB"
             "BAEAwS2OUAAAAABJRU5ErkJggg==")
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="http://{local_server}/remote.css">
      <link rel="stylesheet" href="file://{tmp_path}/secret.txt">
      <link rel="stylesheet" href="link.css">
      <link rel="stylesheet" href="../secret.txt">
      <link rel="stylesheet" href="ok.css">
      <style>body {{ background: url(http://{local_server}/bg.png) }}</style></head>
      <body><p>Text</p><img src="http://{local_server}/a.png" alt="remote">
      <img src="https://{local_server}/b.png" alt="remote tls"><img src="file:///etc/passwd" alt="file">
      <img src="{pixel}" alt="inline"></body></html>"""
    result = html_to_pdf(html, base_dir=tmp_path / "templates", read_dirs=[tmp_path / "templates"])
    assert _Counting.hits == []
    assert sorted(result.refused) == sorted([
        f"http://{local_server}/remote.css", f"file://{tmp_path}/secret.txt",
        f"file://{tmp_path}/templates/link.css", f"file://{tmp_path}/secret.txt",
        f"http://{local_server}/bg.png", f"http://{local_server}/a.png", f"https://{local_server}/b.png",
        "file:///etc/passwd"])
    assert result.notes[0].startswith("not fetched for the PDF (it reads only its own template files): ")
    images = [x for page in PdfReader(__import__("io").BytesIO(result.pdf)).pages for x in page.images]
    assert len(images) == 1  # the data: URI, and nothing else


def test_fetcher_reads_inside_its_folders_only(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "outside.css").write_text("p{}", encoding="utf-8")
    fetcher = LocalOnlyFetcher([tmp_path / "t"])
    assert fetcher.fetch((tmp_path / "t" / "a.css").as_uri()).read() == b"p{}"
    for url in ((tmp_path / "outside.css").as_uri(), f"file://{tmp_path}/t/../outside.css",
                f"file://example.com{tmp_path}/t/a.css", "ftp://example.com/a.css",
                "http://169.254.169.254/"):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_cover_with_its_poster_is_one_page(defector, tmp_path: Path, paper: str) -> None:
    build(defector, tmp_path / "k.pdf", paper=paper, data_dir=DATA.parent, cache=tmp_path / "cache")
    cover = flat(pdftotext(tmp_path / "k.pdf", 1))
    assert "Typographic poster" not in cover  # alt text is not printed...
    assert len(PdfReader(tmp_path / "k.pdf").pages[0].images) >= 1  # ...the poster is drawn
    assert "Press kit generated" in cover  # the whole cover, down to its last line
    assert flat(pdftotext(tmp_path / "k.pdf", 2)).startswith("Logline")


def test_demo_writes_the_press_kit(tmp_path: Path) -> None:
    from presskit import demo

    lines = list(demo.run(tmp_path / "out"))
    html, pdf = tmp_path / "out" / "press-kit.html", tmp_path / "out" / "press-kit.pdf"
    assert f"Press kit (HTML): {html}" in lines
    assert any(re.fullmatch(rf"Press kit \(PDF, \d+ pages\): {re.escape(str(pdf))}", line) for line in lines)
    assert "Press kit generated" in html.read_text(encoding="utf-8")
    # The demo's clock (the morning of the last post), not today's date.
    assert "Press kit generated January 28, 2014" in flat(pdftotext(pdf))


def test_readme_press_kit_section_prints_what_it_shows(cli, tmp_path: Path) -> None:
    from tests.readme_support import blocks, run_sessions, section, sessions

    text = section("The press kit")
    (tmp_path / "data").symlink_to(DATA.parent)
    assert run_sessions(cli, sessions(text)) == 4
    lines = blocks(text, "text")[0].splitlines()
    text = flat(pdftotext(tmp_path / "press-kit.pdf"))
    assert len(lines) == 6
    for line in lines:
        assert line in text, line
    assert (tmp_path / "press-kit.html").read_text(encoding="utf-8").startswith("<!doctype html>")
