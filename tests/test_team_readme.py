"""The README's sections on calendars, spreadsheets, the report and conveniences print what they show.

Their `$ presskit ...` lines run in order in one folder (on SQLite, whose ids they show), with the files they
use (coverage.csv, review.html) written from the README's own blocks; the excerpts shown of the files written
are in those files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from tests.readme_support import README, blocks, run_sessions, section, sessions

SECTIONS = ("Calendars", "Spreadsheets", "A report for funders", "Conveniences")


@pytest.mark.sqlite_only("its ids follow a rolled-back dry run; PostgreSQL sequences do not roll back")
def test_the_team_sections_print_what_they_show(cli, tmp_path):
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "coverage.csv").write_text(blocks(section("Spreadsheets"), "csv")[0], encoding="utf-8")
    (tmp_path / "review.html").write_text(blocks(section("Conveniences"), "html")[0], encoding="utf-8")
    ran = sum(run_sessions(cli, sessions(section(title))) for title in SECTIONS)
    assert ran == 12
    ics = (tmp_path / "screenings.ics").read_text(encoding="utf-8").replace("\r\n ", "").splitlines()
    for line in blocks(section("Calendars"), "text")[0].splitlines():
        assert line in ics, line
    csv_lines = Path(tmp_path / "broadcasts.csv").read_text(encoding="utf-8-sig").splitlines()
    for line in blocks(section("Spreadsheets"), "text")[0].splitlines():
        assert line in csv_lines, line
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_the_readme_documents_every_team_command_option():
    text = README.read_text(encoding="utf-8")
    for words in ("presskit calendar", "--from DATE", "--to DATE", "--work SLUG", "--kind", "--bom",
                  "--dry-run", "--skip-invalid", ".xlsx", "presskit report", "--templates DIR",
                  "presskit --version", "presskit --install-completion", "make test-pg",
                  "PRESSKIT_TEST_PG_URL", "postgresql+psycopg://"):
        assert words in text, words
