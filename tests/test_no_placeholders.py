"""Unknown names are data, not text: no output made from the film's records prints a placeholder.

The demo's newsletter (HTML, text, .eml), calendar, press kit (HTML and PDF text) and the funders' report (HTML
and CSV) are read as a reader sees them (markup left out) for the words a placeholder would show.
"""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

from pypdf import PdfReader

from presskit import demo, report
from presskit.db import open_database, session_scope

PLACEHOLDER = re.compile(r"Unnamed|missing|seed post|placeholder|\bNone\b", re.I)


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_no_output_of_the_film_s_records_prints_a_placeholder(tmp_path: Path):
    out = tmp_path / "out"
    list(demo.run(out))
    engine = open_database(str(out / "presskit.db"))
    with session_scope(engine, write=False) as s:
        report.write(s, out / "report.html", now=demo.DEMO_NOW)
        report.write(s, out / "report.csv", now=demo.DEMO_NOW)
    engine.dispose()
    message = email.message_from_bytes((out / "newsletter.eml").read_bytes(), policy=policy.default)
    texts = {
        "newsletter.html": _visible((out / "newsletter.html").read_text()),
        "newsletter.txt": (out / "newsletter.txt").read_text(),
        "newsletter.eml": message.get_body(("plain",)).get_content() + message["Subject"],
        "screenings.ics": (out / "screenings.ics").read_text(),
        "press-kit.html": _visible((out / "press-kit.html").read_text()),
        "press-kit.pdf": " ".join(p.extract_text() for p in PdfReader(out / "press-kit.pdf").pages),
        "report.html": _visible((out / "report.html").read_text()),
        "report.csv": (out / "report.csv").read_text(encoding="utf-8-sig"),
    }
    for name, text in texts.items():
        assert not PLACEHOLDER.search(text), (name, PLACEHOLDER.search(text).group(0),
                                              text[max(0, PLACEHOLDER.search(text).start() - 80):][:160])
    # The unnamed festival reads as what is known of it, and has no laurel in the kit.
    assert "a festival in the United States" in " ".join(texts["newsletter.txt"].split())
    assert "US premiere at a festival in the United States" in texts["press-kit.html"]
    assert "US premiere" in texts["report.csv"] and "A festival in the United States" in texts["report.csv"]
    kit = (out / "press-kit.html").read_text()
    assert not re.search(r'aria-label="Official Selection — [^"]*United States', kit)
    # The demo's pictures (data/media/, drawn by data/media/make.py) are in the kit, each saying what it is.
    assert kit.count('src="data:image/jpeg;base64,') == 5  # poster, three stills, a headshot
    for caption in ("A river at night under a full moon", "A border fence at dawn", "City lights at night"):
        assert caption in texts["press-kit.html"] and caption in texts["press-kit.pdf"]
    assert texts["press-kit.html"].count("Artwork: presskit demo, not a frame from the film") == 3
    assert "Design: presskit demo artwork, not the film&#39;s own poster" in texts["press-kit.html"]
    assert len([i for p in PdfReader(out / "press-kit.pdf").pages for i in p.images]) >= 5
