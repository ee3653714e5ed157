"""The README's sections on calendars, spreadsheets, the report and conveniences print what they show.

Their `$ presskit ...` lines run in order in one folder (on SQLite, whose ids they show), with the files they
use (coverage.csv, review.html) written from the README's own blocks; the excerpts shown of the files written
are in those files.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
SECTIONS = ("Calendars", "Spreadsheets", "A report for funders", "Conveniences")


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end != -1 else len(text)]


def _blocks(section: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", section, flags=re.S)


@pytest.mark.sqlite_only("its ids follow a rolled-back dry run; PostgreSQL sequences do not roll back")
def test_the_team_sections_print_what_they_show(cli, tmp_path):
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "coverage.csv").write_text(_blocks(_section("Spreadsheets"), "csv")[0], encoding="utf-8")
    (tmp_path / "review.html").write_text(_blocks(_section("Conveniences"), "html")[0], encoding="utf-8")
    ran = 0
    for title in SECTIONS:
        for block in _blocks(_section(title), "console"):
            for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, shown = chunk.partition("\n")
                args = shlex.split(command)
                assert args[0] == "presskit", command
                r = cli(*args[1:])
                assert r.stdout + r.stderr == shown, command
                assert (r.exit_code == 0) == ("\nError: " not in "\n" + shown), command
                ran += 1
    assert ran == 9
    ics = (tmp_path / "screenings.ics").read_text(encoding="utf-8").replace("\r\n ", "").splitlines()
    for line in _blocks(_section("Calendars"), "text")[0].splitlines():
        assert line in ics, line
    csv_lines = Path(tmp_path / "broadcasts.csv").read_text(encoding="utf-8").splitlines()
    for line in _blocks(_section("Spreadsheets"), "text")[0].splitlines():
        assert line in csv_lines, line
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_the_readme_documents_every_team_command_option():
    text = README.read_text(encoding="utf-8")
    for words in ("presskit calendar", "--from DATE", "--to DATE", "--work SLUG", "--kind", "--bom",
                  "--dry-run", "--skip-invalid", ".xlsx", "presskit report", "--templates DIR",
                  "presskit --version", "presskit --install-completion", "make test-pg",
                  "PRESSKIT_TEST_PG_URL", "postgresql+psycopg://"):
        assert words in text, words
