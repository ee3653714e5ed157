"""Bounded work (issue 15): what a small input asks for beyond presskit's stated limits is refused with one
`Error:` line before the memory or time is spent — run in a child process under a memory limit, as a user's
machine would meet it."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from database_support import database_state
from sqlalchemy import update

from presskit import bounds
from presskit import models as m
from presskit.db import session_scope

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space: presskit writes a kit PDF in far less

# 9 levels of 9 aliases ("billion laughs"): 442 bytes that name 9^9 = 387,420,489 strings.
ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def presskit(db_url: str, *args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`presskit --db DB ARGS` in a child process that may use MEMORY_LIMIT at most."""
    return subprocess.run([sys.executable, "-m", "presskit", "--db", db_url, *args], cwd=cwd, text=True,
                          capture_output=True, timeout=timeout, preexec_fn=_limited)


@pytest.mark.sqlite_only("read and refused before the database is touched")
def test_a_yaml_alias_bomb_is_refused_at_once_within_a_memory_limit(engine, db_url, tmp_path):
    (tmp_path / "bomb.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    before = database_state(db_url)
    r = presskit(db_url, "import", "bomb.yaml", cwd=tmp_path, timeout=60)
    assert r.stderr == ("Error: bomb.yaml: its aliases (*name) repeat more than 100,000 values beyond what the"
                        " file itself holds; write the values out instead of repeating them with aliases\n")
    assert (r.returncode, r.stdout) == (1, "")
    assert database_state(db_url) == before


@pytest.mark.sqlite_only("read and refused before the database is touched")
def test_an_endless_file_named_yaml_is_refused_before_parsing(engine, db_url, tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    r = presskit(db_url, "import", "zero.yaml", cwd=tmp_path, timeout=60)
    assert r.stderr == ("Error: zero.yaml is larger than 128 MiB, the most presskit reads as a data file; split"
                        " it into several files and import each\n")
    assert r.returncode == 1


def test_yaml_nested_past_the_limit_names_the_line(cli, tmp_path):
    text = "works:\n" + "".join(" " * (2 * i) + "- k:\n" for i in range(1, 40))  # a list and a mapping a line
    (tmp_path / "deep.yaml").write_text(text, encoding="utf-8")
    r = cli("import", "deep.yaml")
    assert r.stderr == ("Error: deep.yaml line 17: lists and mappings nest more than 32 deep; a data file needs"
                        " six levels\n")
    assert r.exit_code == 1


def test_an_alias_inside_itself_is_refused(cli, tmp_path):
    (tmp_path / "loop.yaml").write_text("works: &w\n  - *w\n", encoding="utf-8")
    r = cli("import", "loop.yaml")
    assert r.stderr == ("Error: loop.yaml line 1: an alias (*name) stands inside the value it names, which would"
                        " never end; write the value out\n")


def _xlsx(path: Path, rows: int, columns: int = 3) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Outlet", "Headline", *[f"extra {i}" for i in range(columns - 3)]])
    for i in range(rows):
        ws.append(["2014-01-01", "NK News", f"Review {i}", *["x"] * (columns - 3)])
    wb.save(path)


@pytest.mark.sqlite_only("read and refused before the database is touched")
def test_a_workbook_that_unzips_past_the_limit_is_refused_before_reading(cli, db_url, tmp_path, monkeypatch):
    _xlsx(tmp_path / "sheet.xlsx", rows=2000)
    unzipped = sum(i.file_size for i in zipfile.ZipFile(tmp_path / "sheet.xlsx").infolist())
    monkeypatch.setattr(bounds, "MAX_XLSX_UNZIPPED_BYTES", 64 * 1024)  # far below this sheet's size
    before = database_state(db_url)
    r = cli("import", "sheet.xlsx")
    assert r.stderr == (f"Error: sheet.xlsx unzips to {unzipped:,} bytes, more than the 65,536 bytes presskit"
                        " reads from a workbook; save it as .csv, or split it\n")
    assert r.exit_code == 1 and database_state(db_url) == before


@pytest.mark.sqlite_only("read and refused before the database is touched")
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_rows_and_columns_past_the_limits_are_refused(suffix, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_SPREADSHEET_ROWS", 5)
    monkeypatch.setattr(bounds, "MAX_SPREADSHEET_COLUMNS", 4)
    path = tmp_path / f"sheet.{suffix}"
    if suffix == "xlsx":
        _xlsx(path, rows=6)
    else:
        path.write_text("Date,Outlet,Headline\n" + "2014-01-01,NK News,Review\n" * 6, encoding="utf-8")
    r = cli("import", path.name)
    assert r.stderr == (f"Error: sheet.{suffix} has more than 5 rows, the most presskit imports at once; split"
                        " it into several files\n")
    if suffix == "xlsx":
        _xlsx(path, rows=2, columns=6)
    else:
        path.write_text("Date,Outlet,Headline,,x,y\n2014-01-01,NK News,Review,,x,y\n", encoding="utf-8")
    r = cli("import", path.name)
    assert r.stderr == (f"Error: sheet.{suffix} row 1 has more than 4 columns; keep the columns presskit reads"
                        " (see 'presskit import --help')\n")
    assert r.exit_code == 1


@pytest.mark.sqlite_only("read and refused before the database is touched")
def test_a_csv_cell_past_the_csv_readers_limit_is_one_line(cli, tmp_path):
    (tmp_path / "sheet.csv").write_text('Date,Outlet,Headline\n2014-01-01,NK News,"' + "x" * 200_000 + '"\n',
                                        encoding="utf-8")
    r = cli("import", "sheet.csv")
    assert r.stderr == ("Error: sheet.csv line 2: cannot read it as CSV (field larger than field limit (131072));"
                        " fix that line\n")
    assert r.exit_code == 1


@pytest.mark.sqlite_only("read and refused before the database is touched")
def test_a_long_unbroken_word_lays_out_in_bounded_time_and_memory(defector, db_url, tmp_path):
    word = "x" * 100_000  # written behind the checks' back, as another tool might: the layout still ends
    with session_scope(defector) as s:
        s.execute(update(m.Coverage).where(m.Coverage.id == 1).values(headline=word))
    for command in (["kit", "-o", "kit.pdf"], ["report", "-o", "report.pdf"]):
        r = presskit(db_url, *command, cwd=tmp_path, timeout=100)  # without break opportunities: hours
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith(f"Wrote {command[-1]} (PDF")
    html = presskit(db_url, "kit", "-o", "kit.html", cwd=tmp_path)
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "kit.html").read_text("utf-8")
    assert word not in page and "\u200b".join(["x" * 40] * 2500) in page  # shown breakable, stored whole
