"""The report's CSV and .xlsx opened by LibreOffice (headless Calc), read back with openpyxl: dates are dates,
text is the text written, and the CSV's byte order mark never shows in the first header.

One LibreOffice run per format (each takes seconds): the CSV is imported as LibreOffice's import dialog takes a
file that starts with a UTF-8 byte order mark (character set UTF-8, special numbers such as dates detected), the
.xlsx as LibreOffice opens any workbook; both are saved again as .xlsx by LibreOffice itself.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

YEAR = ("--from", "2013-04-01", "--to", "2014-03-31", "--now", "2014-04-01T12:00:00Z")
# Comma, double quote, UTF-8 (76), from line 1, standard columns, English (US) (1033), quoted fields as text: no,
# detect special numbers (dates and times): yes.
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true"


def _libreoffice(src: Path, out: Path, infilter: str | None = None) -> Path:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed; run `make system-deps` (libreoffice-calc-nogui)"
    profile = out / "profile"  # a fresh profile: no dialog, no state from a desktop session
    cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
           *([f"--infilter={infilter}"] if infilter else []), "--convert-to", "xlsx", "--outdir", str(out),
           str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    written = out / f"{src.stem}.xlsx"
    assert proc.returncode == 0 and written.is_file(), proc.stdout + proc.stderr
    return written


def _rows(path: Path) -> tuple[list[str], list[dict], list[list]]:
    ws = openpyxl.load_workbook(path).active
    cells = [list(row) for row in ws.iter_rows()]
    header = [c.value for c in cells[0]]
    return header, [dict(zip(header, (c.value for c in row), strict=False)) for row in cells[1:]], cells


def _check(path: Path) -> None:
    header, rows, cells = _rows(path)
    assert header[:7] == ["Section", "Date", "Local start", "Time zone", "IANA zone", "Start (ISO 8601)",
                          "Start (UTC)"]  # "Section", not "\ufeffSection" nor "ï»¿Section"
    tvo = next(r for r in rows if r["What"] == "Wed Jun 26, 2013 9:00 PM EDT")
    assert (tvo["Date"], tvo["Local start"], tvo["Time zone"], tvo["IANA zone"], tvo["Start (UTC)"]) == (
        datetime(2013, 6, 26), datetime(2013, 6, 26, 21, 0), "EDT", "America/Toronto", datetime(2013, 6, 27, 1, 0))
    assert tvo["Start (ISO 8601)"] == "2013-06-26T21:00:00-04:00"
    # Every line's date is a date cell, whatever its section; the timed ones have date-time starts.
    date_col, start_col = header.index("Date"), header.index("Start (UTC)")
    assert all(row[date_col].is_date and isinstance(row[date_col].value, datetime) for row in cells[1:])
    starts = [row[start_col].value for row in cells[1:] if row[start_col].value is not None]
    assert len(starts) == 11 and all(isinstance(v, datetime) for v in starts)
    # Text exactly as written: curly quotes, dashes and accents, no mojibake.
    review = next(r for r in rows if r["Section"] == "Coverage: Reviews")
    assert review["Detail"].startswith("by Nicolle Loughlin | “A unique documentary")
    assert any(r["Status"] == "Nominated — outcome not yet announced" for r in rows)
    assert any(r["Outlet / body / festival / channel"] == "Télé-Québec" for r in rows)


@pytest.mark.slow
@pytest.mark.sqlite_only("the files are the same from either database; one LibreOffice run per format")
def test_libreoffice_reads_the_report_csv_and_xlsx_with_dates_as_dates(film, tmp_path):
    r = film("add", "coverage", "--outlet", "Télé-Québec", "--headline", "Le transfuge", "--date", "2013-07-02",
             "--kind", "broadcast_segment")
    assert r.exit_code == 0, r.stderr
    for name in ("report.csv", "report.xlsx"):
        r = film("report", "-o", str(tmp_path / name), *YEAR)
        assert r.exit_code == 0, r.stderr
    assert (tmp_path / "report.csv").read_bytes().startswith(b"\xef\xbb\xbfSection,")
    _check(_libreoffice(tmp_path / "report.csv", tmp_path / "from-csv", CSV_IMPORT))
    _check(_libreoffice(tmp_path / "report.xlsx", tmp_path / "from-xlsx"))
