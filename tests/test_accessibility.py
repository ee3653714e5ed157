"""axe-core (npm, pinned in tests/js/package-lock.json) audits the kit page, the newsletter and the report in
headless Chromium: no serious or critical violation of WCAG 2.x A/AA.

axe.min.js is run inside the page over the DevTools protocol (the pages themselves carry no script), and its
results come back as JSON. A failure lists each violation with its rule, impact, help text and elements.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import browser
import pytest
from contrast import ratio
from newsletter_support import build as build_newsletter
from test_kit import build as build_kit

pytestmark = [pytest.mark.chromium,
              pytest.mark.sqlite_only("what a reader's browser sees does not depend on the database")]

JS = Path(__file__).parent / "js"
BLOCKING = {"serious", "critical"}
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (whose findings are reported, not all fatal).
RUN = ("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
       " 'wcag22aa', 'best-practice']}, resultTypes: ['violations']})"
       ".then(r => ({version: r.testEngine.version, ran: r.passes.length + r.violations.length"
       " + r.incomplete.length + r.inapplicable.length,"
       " violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
       " nodes: v.nodes.map(n => [n.target.join(' '), n.failureSummary])}))}))")


@pytest.fixture(scope="module")
def axe_js() -> str:
    script = JS / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        if shutil.which("npm") is None:
            pytest.fail("npm is missing: `make system-deps` installs Debian's nodejs/npm")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS, check=True, timeout=300)
    return script.read_text(encoding="utf-8")


def audit(page: Path, axe_js: str, width: int = 1280) -> dict:
    assert browser.available(), f"Chromium is needed ({browser.CHROMIUM}); run `make system-deps`"
    return browser.measure(page, width, inject=axe_js, probe=RUN)["probe"]


def blocking(result: dict) -> list[dict]:
    assert result["ran"] > 20, result  # axe really ran its rules on the page
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def _explain(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n" + "\n".join(f"    {t}: {why}" for t, why in v["nodes"])
                     for v in violations)


def test_the_kit_page_has_no_serious_violations(defector, tmp_path, axe_js, artifacts):
    build_kit(defector, tmp_path / "press-kit.html")
    for width in (375, 1280):
        result = audit(tmp_path / "press-kit.html", axe_js, width)
        (artifacts / f"axe-kit-{width}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        found = blocking(result)
        assert not found, f"at {width} px:\n{_explain(found)}"


def test_axe_finds_the_old_grey_on_beige(defector, tmp_path, axe_js):
    # The check above can fail: the kit as it was (#6d6d6d "not yet recorded" on #fbfaf7, 4.38:1) is serious.
    (tmp_path / "old" / "kit").mkdir(parents=True)
    (tmp_path / "old" / "kit" / "page.html.j2").write_text(
        '{% extends "!default/kit/page.html.j2" %}{% block style %}{{ super() }}\n'
        ".missing { color: #6d6d6d; }{% endblock %}\n", encoding="utf-8")
    build_kit(defector, tmp_path / "old.html", templates=tmp_path / "old")
    found = blocking(audit(tmp_path / "old.html", axe_js))
    assert [v["id"] for v in found] == ["color-contrast"]
    assert all(".missing" in target or "missing" in why for target, why in found[0]["nodes"]), found


def test_not_yet_recorded_reaches_4_5_to_1(defector, tmp_path):
    build_kit(defector, tmp_path / "press-kit.html")
    probe = """[...document.querySelectorAll('.missing')].map(el => {
      let bg = el;
      while (bg && getComputedStyle(bg).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/)) bg = bg.parentElement;
      return [getComputedStyle(el).color, bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)'];
    })"""
    pairs = browser.measure(tmp_path / "press-kit.html", 1280, probe=probe)["probe"]
    assert pairs  # the demo's records leave fields unrecorded

    def rgb(css: str) -> tuple[int, int, int]:
        r, g, b = (int(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])
        return r, g, b

    for color, background in pairs:
        assert ratio(rgb(color), rgb(background)) >= 4.5, (color, background)


def test_the_newsletter_has_no_serious_violations(engine, tmp_path, axe_js):
    from newsletter_support import import_film

    import_film(engine)
    page = tmp_path / "newsletter.html"
    page.write_bytes(build_newsletter(engine).outputs["html"])
    found = blocking(audit(page, axe_js, 600))
    assert not found, _explain(found)


def test_the_report_has_no_serious_violations(film, axe_js):
    r = film("report", "-o", "report.html", "--from", "2013-04-01", "--to", "2014-03-31",
             "--now", "2014-04-01T12:00:00Z")
    assert r.exit_code == 0, r.stderr
    found = blocking(audit(Path("report.html").resolve(), axe_js))
    assert not found, _explain(found)
