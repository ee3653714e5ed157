"""The newsletter as programs we did not write see it: SpamAssassin's score, and Chromium in light and dark mode.

SpamAssassin (Debian's package, local tests only) scores the demo's .eml. Chromium renders the HTML as a light
reader and as a dark-mode one (the page told the reader prefers dark, and Chromium's forced darkening on); the
title, the dateline, a section heading, a link and a pull quote are measured on the screenshot's pixels.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import browser
import pytest
from contrast import most_common, text_contrast
from newsletter_support import build, import_film

pytestmark = pytest.mark.sqlite_only("what a mail program sees does not depend on the database")

SPAM_LIMIT = 1.0
WCAG_AA = 4.5


@pytest.fixture(scope="module")
def demo_eml(tmp_path_factory) -> bytes:
    from presskit import demo

    out = tmp_path_factory.mktemp("demo")
    list(demo.run(out))
    return (out / "newsletter.eml").read_bytes()


def _spamassassin(message: bytes, prefs: Path) -> tuple[float, str]:
    """SpamAssassin's score for ``message`` with local tests only (no DNS, no network), and its report."""
    exe = shutil.which("spamassassin")
    assert exe, "SpamAssassin is needed (Debian package spamassassin); run `make system-deps`"
    prefs.write_text("")  # no user's preferences; the rules are Debian's
    done = subprocess.run([exe, "-L", "-t", "-p", str(prefs)], input=message, capture_output=True, timeout=120,
                          check=True)
    out = done.stdout.decode("utf-8", "replace")
    status = re.search(r"^X-Spam-Status: (?:Yes|No), score=(-?\d+(?:\.\d+)?)", out, re.M)
    assert status, out[-2000:]
    report = out[out.find("Content analysis details"):] if "Content analysis details" in out else out[-2000:]
    return float(status[1]), report


def test_spamassassin_scores_the_demo_eml_below_one(demo_eml, tmp_path):
    score, report = _spamassassin(demo_eml, tmp_path / "user_prefs")
    assert score < SPAM_LIMIT, f"SpamAssassin scores the demo .eml {score}:\n{report}"


def test_spamassassin_would_notice_white_hidden_text_and_no_to(demo_eml, tmp_path):
    # The check above can fail: the same message as presskit wrote it before (no To:, a preview hidden in
    # white text on the page's background) scores at least the limit.
    import email
    from email import policy

    msg = email.message_from_bytes(demo_eml, policy=policy.SMTP)
    del msg["To"]
    html = msg.get_body(("html",))
    hidden = 'class="pk-preheader" style="display:none;'
    assert html.get_content().count(hidden) == 1
    html.set_content(html.get_content().replace(hidden, hidden + "color:#efece6;"), subtype="html",
                     charset="utf-8", cte="quoted-printable")
    message = msg.as_bytes()
    score, report = _spamassassin(message, tmp_path / "user_prefs")
    assert score >= SPAM_LIMIT, report


# ------------------------------------------------------------------------------------------------ dark mode

# The boxes of what the test measures, in page pixels (the screenshot is the whole page at scale 1).
PROBE = """(() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const q = s => document.querySelector(s);
  const band = q('.pk-band'), card = q('.pk-card');
  return {
    title: box(q('h1')), dateline: box(q('.pk-dateline')), heading: box(q('h2')),
    link: box(q('.pk-links a')), quote: box(q('.pk-quote p')), byline: box(q('.pk-quote .pk-by')),
    band: [band.getBoundingClientRect().left + 4, band.getBoundingClientRect().top + 4,
           band.getBoundingClientRect().right - 4, q('h1').getBoundingClientRect().top - 2],
    card: [card.getBoundingClientRect().left + 4, card.getBoundingClientRect().top + 2,
           card.getBoundingClientRect().right - 4, q('h2').getBoundingClientRect().top - 2],
  };
})()"""


@pytest.fixture(scope="module")
def letter_html(tmp_path_factory) -> Path:
    from presskit.db import open_database

    folder = tmp_path_factory.mktemp("letter")
    engine = open_database(str(folder / "presskit.db"))
    import_film(engine)  # no logo: the header is the title in text, which is what dark mode threatens
    path = folder / "newsletter.html"
    path.write_bytes(build(engine).outputs["html"])
    engine.dispose()
    return path


@pytest.mark.chromium
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_title_links_and_quotes_stay_readable_in_light_and_dark_mode(letter_html, artifacts, mode):
    assert browser.available(), f"Chromium is needed ({browser.CHROMIUM}); run `make system-deps`"
    shot = artifacts / f"newsletter-600-{mode}.png"
    boxes = browser.measure(letter_html, 600, screenshot=shot, dark=mode == "dark", probe=PROBE)["probe"]
    seen = {}
    for name in ("title", "dateline", "heading", "link", "quote", "byline"):
        contrast, text, background = text_contrast(shot, boxes[name])
        seen[name] = (round(contrast, 2), text, background)
    assert all(contrast >= WCAG_AA for contrast, _, _ in seen.values()), seen
    band, card = most_common(shot, boxes["band"]), most_common(shot, boxes["card"])
    assert seen["title"][2] == band  # the title is measured against the band it sits on
    # The band stands apart from the content below it: it does not dissolve into it.
    assert sum((a - b) ** 2 for a, b in zip(band, card, strict=True)) ** 0.5 >= 40, (band, card)
    if mode == "dark":  # the page really is dark: a light card under forced dark mode would be a failed setup
        assert max(card) < 64, card
