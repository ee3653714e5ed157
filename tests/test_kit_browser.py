"""The press kit page in headless Chromium: a phone (375 px) and a desktop (1280 px), screenshots kept."""

from __future__ import annotations

from pathlib import Path

import browser
import pytest
from test_kit import build

from presskit import records
from presskit.db import session_scope

pytestmark = [pytest.mark.chromium,
              pytest.mark.sqlite_only("the page does not depend on the backend; test_kit.py runs on both")]


@pytest.fixture(autouse=True)
def _chromium() -> None:
    assert browser.available(), f"Chromium is needed ({browser.CHROMIUM}); run `make system-deps`"


@pytest.mark.parametrize("width", [375, 1280])
def test_page_fits_the_screen_and_fetches_nothing(defector, tmp_path: Path, artifacts: Path,
                                                  width: int) -> None:
    build(defector, tmp_path / "press-kit.html")
    shot = artifacts / "kit" / f"press-kit-{width}.png"
    metrics = browser.measure(tmp_path / "press-kit.html", width, screenshot=shot)
    assert metrics["inner_width"] == width
    assert metrics["scroll_width"] <= metrics["inner_width"], metrics  # no horizontal scrolling
    assert metrics["failed_requests"] == 0
    assert shot.stat().st_size > 20_000 and metrics["body_height"] > 2 * 900  # a whole page, not a blank one


def test_long_unbroken_text_does_not_widen_the_phone_page(defector, tmp_path: Path, artifacts: Path) -> None:
    with session_scope(defector) as s:
        records.add(s, "coverage", {"outlet": "An-Outlet-With-A-Very-Long-Name-" + "x" * 60,
                                    "headline": "Supercalifragilistic" * 8,
                                    "url": "https://example.com/" + "a" * 150, "published": "2014-01-31",
                                    "quote": "Unbreakable" * 20, "rank": 0})
        records.edit(s, "work", "the-defector", {"website": "https://example.com/" + "b" * 120})
    build(defector, tmp_path / "press-kit.html")
    metrics = browser.measure(tmp_path / "press-kit.html", 375,
                              screenshot=artifacts / "kit" / "press-kit-375-long-words.png")
    assert metrics["scroll_width"] <= metrics["inner_width"], metrics
    # The same page without the stylesheet's wrapping rules does overflow: the check above can fail.
    (tmp_path / "nowrap" / "kit").mkdir(parents=True)
    (tmp_path / "nowrap" / "kit" / "page.html.j2").write_text(
        '{% extends "!default/kit/page.html.j2" %}{% block style %}{{ super() }}\n'
        "* { overflow-wrap: normal !important; }{% endblock %}\n", encoding="utf-8")
    build(defector, tmp_path / "nowrap.html", templates=tmp_path / "nowrap")
    loose = browser.measure(tmp_path / "nowrap.html", 375)
    assert loose["scroll_width"] > loose["inner_width"], loose
