"""`presskit report`: a period's coverage, awards, festivals and broadcasts for funders (HTML, PDF, CSV)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import browser
import html5lib
import pytest
from pypdf import PdfReader

YEAR = ("--from", "2013-04-01", "--to", "2014-03-31", "--now", "2014-04-01T12:00:00Z")



def _html(cli, *args: str, name: str = "report.html") -> str:
    r = cli("report", "-o", name, *args)
    assert r.exit_code == 0, r.stderr
    return Path(name).read_text(encoding="utf-8")


def _section(html: str, ident: str) -> str:
    start = html.index(f'<section id="{ident}">')
    return html[start:html.index("</section>", start)]


def test_a_years_report_has_the_totals_first(film):
    r = film("report", "-o", "report.html", *YEAR)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == (
        "Wrote report.html (HTML) for April 1, 2013 – March 31, 2014:\n"
        "  4 pieces of coverage in 4 outlets; 2 wins, 3 other nominations; 5 festival selections,"
        " 3 screenings; 9 broadcasts (Australia, Canada)\n")
    html = Path("report.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    assert html.index('id="totals"') < html.index('id="coverage"') < html.index('id="awards"') \
        < html.index('id="festivals"') < html.index('id="broadcasts"')
    totals = _section(html, "totals")
    assert "<strong>4</strong> pieces of coverage in <strong>4</strong> outlets, 2 pull quotes" in totals
    # On April 1, 2014 the 2014 Canadian Screen Awards may still be ahead; the 2013 Sheffield ceremony is not.
    assert ("<strong>2</strong> award wins and <strong>3</strong> other nominations (2 with the outcome"
            " not yet announced; 1 with the outcome not recorded)") in totals
    assert "<strong>9</strong> broadcasts in Australia, Canada" in totals
    assert '<time datetime="2014-04-01T08:00:00-04:00">April 1, 2014</time>' in html  # --now, Toronto


def test_now_reads_as_the_kit_s_now(film):
    # A date alone is that day in the team's zone (Toronto), for the report as for the kit; an offset wins.
    generated = '<time datetime="2014-04-01T00:00:00-04:00">April 1, 2014</time>'
    assert f'<p class="generated">Generated {generated}</p>' in _html(film, "--now", "2014-04-01")
    r = film("kit", "-o", "kit.html", "--now", "2014-04-01")
    assert r.exit_code == 0, r.stderr
    assert f"Press kit generated {generated}" in Path("kit.html").read_text(encoding="utf-8")
    assert '<time datetime="2014-03-31T20:00:00-04:00">March 31, 2014</time>' in _html(
        film, "--now", "2014-04-01T00:00:00Z")


def test_coverage_is_grouped_by_kind_and_outlet_with_its_quotes(film):
    cov = _section(_html(film, *YEAR), "coverage")
    assert [h for h in ("Reviews (1)", "Interviews (1)", "Lists (1)", "Op-Docs (1)") if h in cov] == [
        "Reviews (1)", "Interviews (1)", "Lists (1)", "Op-Docs (1)"]
    assert cov.index("Reviews (1)") < cov.index("<h4>NKNews.org</h4>") < cov.index("Interviews (1)")
    assert ('<time datetime="2013-05-20">May 20, 2013</time> — <strong>Film Review: The Defector</strong>'
            " by Nicolle Loughlin") in cov
    assert "<blockquote><p>“A unique documentary with thoughtful production" in cov


def test_awards_say_their_outcome_and_an_open_nomination_never_reads_as_a_win(film):
    awards = _section(_html(film, *YEAR), "awards")
    items = awards.split('<li class="award')[1:]
    assert len(items) == 5  # the 2013 CSC nomination was announced before the period
    won = [i for i in items if '<span class="status">Won</span>' in i]
    assert len(won) == 2 and any("Diversity Award" in i for i in won) and any("Digi Awards" in i for i in won)
    doc = next(i for i in items if "Best Documentary Program" in i)
    assert '<span class="status">Nominated</span>' in doc and "Won" not in doc
    assert "Outcome not yet announced" in doc and 'announced <time datetime="2014-01-14">' in doc


def test_festivals_with_local_screening_times_and_broadcasts_by_territory(film):
    html = _html(film, *YEAR)
    fest = _section(html, "festivals")
    assert "<strong>Hot Docs Canadian International Documentary Festival 2013</strong> — " \
           '<span class="premiere">Canadian premiere</span>' in fest
    assert '<time datetime="2013-04-27T21:00:00-04:00">Sat Apr 27, 2013 9:00 PM EDT</time>' \
           " — Scotiabank Theatre, Cinema 4" in fest
    assert "SXSW" not in fest  # March 2013, before the period
    bc = _section(html, "broadcasts")
    assert bc.index("<h3>Australia</h3>") < bc.index("<h3>Canada</h3>")  # by first airing
    assert ('<time datetime="2013-06-26T21:00:00-04:00">Wed Jun 26, 2013 9:00 PM EDT</time> —'
            ' <strong>TVO</strong> <span class="premiere">premiere</span>') in bc
    assert '<time datetime="2013-06-17T20:30:00+10:00">Mon Jun 17, 2013 8:30 PM AEST</time>' in bc
    assert "— on demand — <strong>ABC iview</strong>" in bc


def test_every_line_has_a_date_and_a_source_or_a_mark_said_once(film):
    assert film("add", "coverage", "--outlet", "Toronto Star", "--headline", "Hot Docs 2013", "--date",
                "2013-04-26", "--url", "https://thestar.example/hot-docs").exit_code == 0
    html = _html(film, *YEAR)
    mark = '<span class="unsourced" title="no source link recorded">†</span>'
    marked = 0
    for ident in ("coverage", "awards", "broadcasts"):
        items = _section(html, ident).split("<li")[1:]
        assert items
        for item in items:
            assert "<time datetime=" in item, item
            assert ('class="source" href="https://' in item) != (mark in item), item
            marked += mark in item
    assert '<a class="source" href="https://thestar.example/hot-docs">source</a>' in html
    # The sentence is said once, under the totals, with the count of the lines marked (festivals included).
    assert html.count("No source link recorded") == 1 and marked == 4 + 5 + 9
    assert ('<p class="note"><span class="unsourced">†</span> No source link recorded (22 of 27 lines).</p>'
            in _section(html, "totals"))
    assert "· <span" not in html.replace("· <span class=\"premiere\"", "")  # no separator before a mark


def test_a_festival_without_a_city_has_no_stray_separator(film):
    # The Aljazeera festival has no city recorded: its line starts with its dates.
    fest = _section(_html(film, *YEAR), "festivals")
    line = fest[fest.index("<strong>Aljazeera"):]
    line = line[:line.index("</li>")]
    assert '<span class="body">April 18–21, 2013 <span class="unsourced"' in line
    assert '<span class="body"> ·' not in fest and '<span class="body">·' not in fest


def test_a_past_airing_never_confirmed_is_not_upcoming(film):
    # As of April 2014, the June 2013 airings were never marked aired: they say so instead of reading as upcoming.
    assert film("status", "broadcast", "tvo-2013-06-27-2100", "aired", "--date", "2013-06-28").exit_code == 0
    bc = _section(_html(film, *YEAR), "broadcasts")
    premiere = bc[bc.index('<time datetime="2013-06-26T21:00:00-04:00">'):]
    assert premiere[:premiere.index("</li>")].count('<span class="status">scheduled (not confirmed)</span>') == 1
    aired = bc[bc.index('<time datetime="2013-06-27T21:00:00-04:00">'):]
    assert '<span class="status">' not in aired[:aired.index("</li>")]
    assert bc.count("scheduled (not confirmed)") == 8  # every other airing, the on-demand release included
    # As of June 20, 2013, the TVO airings are still to come; ABC1's of June 17 and 18 are past.
    early = _section(_html(film, "--from", "2013-06-01", "--to", "2013-06-30", "--now", "2013-06-20",
                           name="june.html"), "broadcasts")
    assert early.count("scheduled (not confirmed)") == 3  # ABC iview (June 10), ABC1 twice
    assert "scheduled" not in early[early.index("<h3>Canada</h3>"):]


def test_generated_is_a_valid_html_time_without_now(film):
    html = _html(film)
    generated = html[html.index('<p class="generated">'):]
    value = generated[generated.index('datetime="') + 10:]
    value = value[:value.index('"')]
    # A valid global date and time string: whole seconds (HTML allows at most three decimals) and an offset.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", value), value
    assert abs(datetime.fromisoformat(value) - datetime.now(UTC)) < timedelta(minutes=5)


def test_the_period_bounds_every_section(film):
    html = _html(film, "--from", "2013-06-01", "--to", "2013-06-30")
    assert "June 1, 2013 – June 30, 2013" in html
    cov = _section(html, "coverage")
    assert "The New York Times" in cov and "NKNews.org" not in cov
    assert "Digi" not in html and "Canadian Screen Awards" not in html
    assert "Sheffield Doc/Fest 2013" in _section(html, "festivals")
    empty = _html(film, "--from", "2015-01-01", name="empty.html")
    assert "No coverage in this period." in empty and "No broadcasts in this period." in empty


def test_pdf_is_the_same_report_with_page_numbers(film, artifacts):
    r = film("report", "-o", "report.pdf", *YEAR)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Wrote report.pdf (PDF, 3 pages) for April 1, 2013 – March 31, 2014:")
    reader = PdfReader("report.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    for words in ("At a glance", "Coverage", "Awards", "Festival selections and screenings", "Broadcasts",
                  "Film Review: The Defector", "Diversity Award", "Wed Jun 26, 2013 9:00 PM EDT",
                  "Page 1 of 3"):
        assert words in text, words
    fonts = subprocess.run(["pdffonts", "report.pdf"], capture_output=True, text=True, check=True).stdout
    assert "Liberation-Serif" in fonts and "Liberation-Sans" in fonts  # the kit's named fonts, embedded
    out = artifacts / "report"
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "report.pdf", str(out / "report-page")], check=True)
    assert (out / "report-page-1.png").stat().st_size > 10_000


def test_csv_is_one_table_with_dates_and_sources(film):
    r = film("report", "-o", "report.csv", *YEAR)
    assert r.exit_code == 0, r.stderr
    data = Path("report.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfSection,Date,Local start,Time zone,IANA zone,Start (ISO 8601),Start (UTC),")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    sections = [row["Section"] for row in rows]
    assert sections.count("Broadcast") == 9 and sections.count("Screening") == 3
    assert sections.count("Award") == 5 and sections.count("Festival selection") == 5
    tvo = next(row for row in rows if row["What"] == "Wed Jun 26, 2013 9:00 PM EDT")
    assert (tvo["Date"], tvo["Outlet / body / festival / channel"], tvo["Detail"], tvo["Territory"]) == (
        "2013-06-26", "TVO", "Premiere", "Canada")
    # Its start in columns of its own: the local wall time beside its zone, ISO 8601, and UTC (which sorts).
    assert (tvo["Local start"], tvo["Time zone"], tvo["IANA zone"], tvo["Start (ISO 8601)"], tvo["Start (UTC)"]) == (
        "2013-06-26 21:00", "EDT", "America/Toronto", "2013-06-26T21:00:00-04:00", "2013-06-27 01:00")
    abc = next(row for row in rows if row["What"] == "Mon Jun 17, 2013 8:30 PM AEST")
    assert (abc["Start (ISO 8601)"], abc["Start (UTC)"]) == ("2013-06-17T20:30:00+10:00", "2013-06-17 10:30")
    timed = [row["Start (UTC)"] for row in rows if row["Start (UTC)"]]
    assert len(timed) == 3 + 8  # the screenings and the airings; the iview release has a date, no time
    review = next(row for row in rows if row["Section"] == "Coverage: Reviews")
    assert review["Date"] == "2013-05-20" and review["Detail"].startswith("by Nicolle Loughlin | “A unique")
    assert review["Local start"] == review["Start (UTC)"] == ""
    assert all(row["Date"] for row in rows)
    assert film("report", "-o", "plain.csv", "--no-bom", *YEAR).exit_code == 0
    assert Path("plain.csv").read_bytes() == data[3:]


GOLDEN = Path(__file__).parent / "golden" / "report" / "the-defector-2013-2014.csv"


def test_golden_report_csv(film):
    """The year's report of data/ as CSV is byte-for-byte the golden file. Regenerate with `make golden`."""
    import os

    r = film("report", "-o", "report.csv", *YEAR)
    assert r.exit_code == 0, r.stderr
    data = Path("report.csv").read_bytes()
    if os.environ.get("PRESSKIT_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(data)
    assert GOLDEN.exists(), "no golden file yet: run `make golden`"
    assert data == GOLDEN.read_bytes(), "the report changed: review the diff, then `make golden`"


def test_xlsx_is_the_same_table_with_real_dates(film):
    import openpyxl

    r = film("report", "-o", "report.xlsx", *YEAR)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Wrote report.xlsx (XLSX) for April 1, 2013 – March 31, 2014:")
    ws = openpyxl.load_workbook("report.xlsx").active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows[0]
    assert header[:8] == ["Section", "Date", "Local start", "Time zone", "IANA zone", "Start (ISO 8601)",
                          "Start (UTC)", "What"]
    assert len(rows) == 1 + 4 + 5 + 5 + 3 + 9
    tvo = dict(zip(header, next(r for r in rows if r[7] == "Wed Jun 26, 2013 9:00 PM EDT"), strict=True))
    assert (tvo["Date"], tvo["Local start"], tvo["Time zone"], tvo["Start (UTC)"], tvo["Status"]) == (
        datetime(2013, 6, 26), datetime(2013, 6, 26, 21), "EDT", datetime(2013, 6, 27, 1),
        "scheduled (not confirmed)")


def test_hostile_text_stays_text(film):
    r = film("add", "coverage", "--outlet", "<img src=x onerror=alert(1)>", "--headline",
             "</li><script>alert(1)</script>", "--date", "2013-05-01", "--quote", "</blockquote>\"quoted\"")
    assert r.exit_code == 0, r.stderr
    html = _html(film, *YEAR)
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html5lib.HTMLParser(strict=True).parse(html)
    assert film("report", "-o", "report.pdf", *YEAR).exit_code == 0
    text = "\n".join(p.extract_text() for p in PdfReader("report.pdf").pages)
    assert "</li><script>alert(1)</script>" in text


def test_a_user_template_extends_the_built_in_one(film, tmp_path):
    mine = tmp_path / "mine" / "report"
    mine.mkdir(parents=True)
    (mine / "report.html.j2").write_text(
        '{% extends "!default/report/report.html.j2" %}'
        "{% block title %}For the Canada Media Fund{% endblock %}")
    html = _html(film, "--templates", str(tmp_path / "mine"))
    assert "<title>For the Canada Media Fund</title>" in html and 'id="totals"' in html
    r = film("report", "--templates", str(tmp_path))
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: --templates '{tmp_path}' has no report/ folder")


def test_bad_options_are_one_line(film):
    r = film("report", "-o", "report.docx")
    assert (r.exit_code, r.stderr) == (1, "Error: cannot tell the format from 'report.docx'; end the name in"
                                          " .html, .pdf, .csv or .xlsx, or give --format html|pdf|csv|xlsx\n")
    r = film("report", "--from", "2014-01-01", "--to", "2013-01-01")
    assert (r.exit_code, r.stderr) == (1, "Error: --from 2014-01-01 is after --to 2013-01-01; swap them\n")
    r = film("report", "-o", "r.pdf", "--paper", "a5")
    assert (r.exit_code, r.stderr) == (1, "Error: unknown paper 'a5'; use a4 or letter\n")
    assert not Path("r.pdf").exists()


@pytest.mark.chromium
def test_the_page_fits_a_phone(film, artifacts):
    assert browser.available(), "Chromium is needed; run `make system-deps`"
    _html(film, *YEAR)
    shot = artifacts / "report" / "report-375.png"
    metrics = browser.measure("report.html", 375, screenshot=shot)
    assert metrics["scroll_width"] <= metrics["inner_width"] == 375, metrics
    assert metrics["failed_requests"] == 0 and shot.stat().st_size > 20_000
