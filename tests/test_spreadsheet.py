"""Coverage sheets in (`presskit import coverage.csv|.xlsx`), records out (`presskit export --format csv`)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from conftest import DATA

PUBLICIST_SHEET = (
    "Publication,Title,Date published,Link,Writer,Type,Pull quote,Notes\r\n"
    'The Globe and Mail,"Escape, on film",2013-04-25,https://www.theglobeandmail.com/defector/,Jane Doe,'
    "review,"
    '"Gripping from the first frame.",call back\r\n'
    "NOW Magazine,Hot Docs picks,"
    "\"April 24, 2013\",https://nowtoronto.com/hot-docs-picks,,list,,\r\n"
)



def _coverage(cli) -> list[dict]:
    r = cli("list", "coverage", "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _write(name: str, text: str, encoding: str = "utf-8") -> str:
    Path(name).write_bytes(text.encode(encoding))
    return name


def test_a_publicists_sheet_is_mapped_and_imported(film):
    before = len(_coverage(film))
    r = film("import", _write("coverage.csv", PUBLICIST_SHEET))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[:3] == [
        "coverage.csv: added 2, updated 0, 0 unchanged, 0 rejected (not imported)",
        "  columns: Publication → outlet, Title → headline, Date published → published, Link → url,"
        " Writer → author, Type → kind, Pull quote → quote",
        "  ignored columns (no such coverage field): Notes",
    ]
    rows = {c["headline"]: c for c in _coverage(film)}
    assert len(rows) == before + 2
    globe = rows["Escape, on film"]
    assert (globe["outlet"], globe["published"], globe["author"], globe["kind"]) == (
        "The Globe and Mail", "2013-04-25", "Jane Doe", "review")
    assert globe["url"] == "https://www.theglobeandmail.com/defector"
    assert globe["quotes"] == ["Gripping from the first frame."]
    assert rows["Hot Docs picks"]["published"] == "2013-04-24"


def test_importing_the_same_sheet_twice_changes_nothing(film):
    assert film("import", _write("coverage.csv", PUBLICIST_SHEET)).exit_code == 0
    first = _coverage(film)
    r = film("import", "coverage.csv")
    assert r.exit_code == 0
    assert r.stdout.startswith("coverage.csv: added 0, updated 0, 2 unchanged, 0 rejected")
    assert _coverage(film) == first


def test_headers_are_matched_whatever_their_case_and_spelling(film):
    sheet = "OUTLET;headline;date;URL;Publicaton\r\nX;Y;2014-02-02;https://x.example/y;Z\r\n"
    r = film("import", _write("semicolons.csv", sheet))
    assert r.exit_code == 1
    assert r.stderr == ("Error: semicolons.csv: columns 'OUTLET' and 'Publicaton' both give the outlet;"
                        " keep one of them (or rename the other)\n")
    r = film("import", _write("ok.csv", "Outlet;Headline;Date Published;Web link\r\nX;Y;2014-02-02;\r\n"))
    assert r.exit_code == 0, r.stderr
    assert "Date Published → published, Web link → url" in r.stdout


def test_a_missing_required_column_names_what_is_there(film):
    r = film("import", _write("c.csv", "Outlet,Link\r\nX,https://x.example\r\n"))
    assert (r.exit_code, r.stderr) == (1, "Error: c.csv: no column for the headline (a header such as"
                                          " 'Headline' or 'Title'); the columns are: Outlet, Link\n")


def test_dry_run_lists_add_update_and_reject_and_writes_nothing(film):
    assert film("import", _write("first.csv", PUBLICIST_SHEET)).exit_code == 0
    before = _coverage(film)
    sheet = ("Outlet,Headline,Date,URL,Author\r\n"
             "The Globe and Mail,\"Escape, on film\",2013-04-25,https://www.theglobeandmail.com/defector,"
             "J. Doe\r\n"
             "Toronto Star,A defector's story,2013-04-26,https://thestar.example/defector,\r\n"
             "Bad,No date,,https://bad.example/1,\r\n"
             "Bad,Script,2013-04-27,javascript:alert(1),\r\n"
             "Bad,Ambiguous,04/05/2013,,\r\n"
             "Toronto Star,Copy,2013-04-26,https://thestar.example/defector/,\r\n")
    r = film("import", _write("next.csv", sheet), "--dry-run")
    assert r.exit_code == 1
    out = r.stdout.splitlines()
    assert out[0] == "next.csv (dry run: nothing written): 1 to add, 1 to update, 0 unchanged, 4 rejected"
    assert "  row 2: update — coverage 5: author" in out
    assert "  row 3: add — 2013-04-26 Toronto Star: A defector's story [news]" in out
    assert r.stderr.splitlines() == [
        "  row 4: reject — column 'Date' is empty; fill it in",
        "  row 5: reject — column 'URL' 'javascript:alert(1)' is not an http(s) or mailto URL; give a full"
        " address such as https://example.com/page",
        "  row 6: reject — ambiguous column 'Date' '04/05/2013' (day/month or month/day?); write it as"
        " YYYY-MM-DD, e.g. 2014-03-09",
        "  row 7: reject — the same piece as row 3 (https://thestar.example/defector); keep one row",
        "Error: next.csv: 4 of 6 rows cannot be imported (listed above); nothing was written. Fix them,"
        " or give --skip-invalid to import the 2 valid rows",
    ]
    assert _coverage(film) == before
    ok = film("import", "next.csv", "--dry-run", "--skip-invalid")
    assert ok.exit_code == 0 and ok.stdout.startswith("next.csv (dry run: nothing written): 1 to add")
    assert _coverage(film) == before


def test_one_bad_row_writes_nothing_unless_skip_invalid(film):
    before = _coverage(film)
    sheet = PUBLICIST_SHEET + "Bad,Bad date,soon,,,,,\r\n"
    r = film("import", _write("c.csv", sheet))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.splitlines()[-1].startswith("Error: c.csv: 1 of 3 rows cannot be imported")
    assert _coverage(film) == before
    r = film("import", "c.csv", "--skip-invalid")
    assert r.exit_code == 0
    assert r.stdout.startswith("c.csv: added 2, updated 0, 0 unchanged, 1 rejected (not imported)")
    assert r.stderr.startswith("  row 4: reject — cannot read column 'Date published' 'soon'")
    assert len(_coverage(film)) == len(before) + 2


def test_excel_csv_in_windows_1252_is_read_and_said(film):
    sheet = "Outlet,Headline,Date\r\nLe Devoir,Évadé du Nord – critique,2014-02-01\r\n"
    r = film("import", _write("win.csv", sheet, encoding="cp1252"))
    assert r.exit_code == 0, r.stderr
    assert "note: not UTF-8: read as Windows-1252" in r.stdout
    assert any(c["headline"] == "Évadé du Nord – critique" for c in _coverage(film))


def test_xlsx_with_real_date_cells(film):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Press"
    ws.append(["Date published", "Outlet", "Headline", "URL", "Rank"])
    ws.append([datetime(2014, 1, 30), "CBC", "The Defector at the CSAs", "https://cbc.example/defector", 3])
    wb.create_sheet("Notes").append(["not read"])
    wb.save("coverage.xlsx")
    r = film("import", "coverage.xlsx")
    assert r.exit_code == 0, r.stderr
    assert "note: read the first sheet, 'Press'" in r.stdout
    cbc = next(c for c in _coverage(film) if c["outlet"] == "CBC")
    assert (cbc["published"], cbc["rank"]) == ("2014-01-30", 3)


def test_a_broken_xlsx_is_one_line(film):
    Path("broken.xlsx").write_bytes(b"not a zip")
    r = film("import", "broken.xlsx")
    assert r.exit_code == 1 and r.stderr.startswith("Error: cannot read broken.xlsx as an Excel workbook")
    assert r.stderr.count("\n") == 1


def test_yaml_import_refuses_spreadsheet_options(film):
    r = film("import", str(DATA), "--dry-run")
    assert r.exit_code == 1
    assert r.stderr == "Error: --dry-run and --skip-invalid are for .csv and .xlsx spreadsheets\n"


# ------------------------------------------------------------------------------------------------ export


def _csv(cli, *args: str) -> tuple[list[str], list[dict]]:
    r = cli("export", "--format", "csv", *args)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("\ufeff")  # the byte order mark by default: Excel and LibreOffice read UTF-8
    rows = list(csv.reader(io.StringIO(r.stdout[1:], newline="")))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_broadcasts_export_local_time_beside_its_zone(film):
    header, rows = _csv(film, "--kind", "broadcasts")
    assert header[:5] == ["Date", "Local start", "Time zone", "IANA zone", "Start (ISO 8601)"]
    tvo = next(r for r in rows if r["Key"] == "tvo-2013-06-26-2100")
    assert (tvo["Date"], tvo["Local start"], tvo["Time zone"], tvo["IANA zone"], tvo["Start (ISO 8601)"]) == (
        "2013-06-26", "2013-06-26 21:00", "EDT", "America/Toronto", "2013-06-26T21:00:00-04:00")
    assert (tvo["Channel"], tvo["Territory"], tvo["Premiere"]) == ("TVO", "Canada", "yes")
    abc = next(r for r in rows if r["Key"] == "abc1-2013-06-17-2030")
    assert (abc["Date"], abc["Local start"], abc["Time zone"]) == ("2013-06-17", "2013-06-17 20:30", "AEST")
    assert rows[-1]["Key"] == "abc-iview-2013-06" and rows[-1]["Date"] == ""  # on demand: last, no time


def test_awards_and_screenings_export(film):
    _, awards = _csv(film, "--kind", "awards")
    diversity = next(r for r in awards if r["Key"] == "csa-2014-diversity")
    assert (diversity["Status"], diversity["Status since"], diversity["Award"]) == (
        "won", "2014-01-28", "2014 Canadian Screen Awards")
    dop = next(r for r in awards if r["Nominee"] == "Stephen Chung")
    assert dop["Status"] == "nominated"
    _, screenings = _csv(film, "--kind", "screenings")
    assert [(r["Date"], r["Local start"], r["Time zone"]) for r in screenings] == [
        ("2013-04-27", "2013-04-27 21:00", "EDT"), ("2013-04-29", "2013-04-29 15:30", "EDT"),
        ("2013-05-04", "2013-05-04 18:30", "EDT")]
    assert screenings[0]["Premiere"] == "Canadian premiere"


def test_bom_option_and_file_output(film):
    r = film("export", "--kind", "coverage", "-o", "coverage.csv")
    assert (r.exit_code, r.stdout) == (0, "Wrote coverage.csv: 4 rows of coverage\n")
    data = Path("coverage.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfDate published,Outlet,Headline,") and b"\r\n" in data
    assert film("export", "--kind", "coverage", "--bom", "-o", "again.csv").exit_code == 0
    assert Path("again.csv").read_bytes() == data
    plain = film("export", "--format", "csv", "--kind", "coverage", "--no-bom")
    assert plain.stdout.startswith("Date published,Outlet,Headline,")


def test_exported_coverage_imports_back_unchanged(film):
    r = film("export", "--kind", "coverage", "-o", "coverage.csv")
    assert r.exit_code == 0
    again = film("import", "coverage.csv")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("coverage.csv: added 0, updated 0, 4 unchanged, 0 rejected")


def _xlsx(path: str) -> tuple[list[str], list[dict], list[list]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    cells = list(ws.iter_rows())
    header = [c.value for c in cells[0]]
    assert all(c.font.b for c in cells[0]) and ws.freeze_panes == "A2"
    return header, [dict(zip(header, (c.value for c in row), strict=True)) for row in cells[1:]], cells


def test_xlsx_export_has_real_dates_and_local_times_beside_their_zone(film):
    r = film("export", "--kind", "broadcasts", "-o", "broadcasts.xlsx")
    assert (r.exit_code, r.stdout) == (0, "Wrote broadcasts.xlsx: 9 rows of broadcasts\n")
    header, rows, cells = _xlsx("broadcasts.xlsx")
    assert header[:5] == ["Date", "Local start", "Time zone", "IANA zone", "Start (ISO 8601)"]
    tvo = next(r for r in rows if r["Key"] == "tvo-2013-06-26-2100")
    # The local wall time (xlsx has no zones), with its zone in the columns beside it.
    assert (tvo["Date"], tvo["Local start"], tvo["Time zone"], tvo["IANA zone"], tvo["Start (ISO 8601)"]) == (
        datetime(2013, 6, 26), datetime(2013, 6, 26, 21, 0), "EDT", "America/Toronto", "2013-06-26T21:00:00-04:00")
    row = next(row for row in cells[1:] if row[-1].value == "tvo-2013-06-26-2100")
    assert (row[0].is_date, row[0].number_format, row[1].is_date, row[1].number_format) == (
        True, "yyyy-mm-dd", True, "yyyy-mm-dd hh:mm")
    assert rows[-1]["Key"] == "abc-iview-2013-06" and rows[-1]["Date"] is None  # on demand: last, no time
    _, awards, _ = _xlsx_export(film, "awards")
    diversity = next(r for r in awards if r["Key"] == "csa-2014-diversity")
    assert (diversity["Year"], diversity["Status since"]) == (2014, datetime(2014, 1, 28))


def _xlsx_export(film, kind: str):
    r = film("export", "--kind", kind, "-o", f"{kind}.xlsx")
    assert r.exit_code == 0, r.stderr
    return _xlsx(f"{kind}.xlsx")


def test_xlsx_export_keeps_formula_text_as_text_and_imports_back_unchanged(film):
    r = film("add", "coverage", "--outlet", "=HYPERLINK(\"http://evil.example\",\"x\")", "--headline",
             "-2 reasons to watch", "--date", "2014-02-03", "--url", "https://ok.example/a")
    assert r.exit_code == 0, r.stderr
    _, rows, cells = _xlsx_export(film, "coverage")
    ours = next(i for i, r in enumerate(rows) if r["URL"] == "https://ok.example/a")
    assert rows[ours]["Outlet"] == '=HYPERLINK("http://evil.example","x")'  # as written, no apostrophe...
    assert cells[ours + 1][1].data_type == "s"  # ...and stored as text, never a formula
    assert rows[ours]["Date published"] == datetime(2014, 2, 3)
    again = film("import", "coverage.xlsx")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("coverage.xlsx: added 0, updated 0, 5 unchanged, 0 rejected")


def test_formula_text_is_inert_in_a_spreadsheet_and_survives_the_round_trip(film):
    r = film("add", "coverage", "--outlet", "=HYPERLINK(\"http://evil.example\",\"x\")", "--headline",
             "-2 reasons to watch", "--date", "2014-02-03", "--url", "https://ok.example/a")
    assert r.exit_code == 0, r.stderr
    _, rows = _csv(film, "--kind", "coverage")
    ours = next(r for r in rows if r["URL"] == "https://ok.example/a")
    assert ours["Outlet"].startswith("'=HYPERLINK(") and ours["Headline"] == "'-2 reasons to watch"
    film("export", "--kind", "coverage", "-o", "c.csv")
    again = film("import", "c.csv")
    assert again.stdout.startswith("c.csv: added 0, updated 0, 5 unchanged")


def test_export_errors_are_one_line(film):
    r = film("export", "--format", "csv")
    assert (r.exit_code, r.stderr) == (
        1, "Error: --format csv exports one kind: give --kind coverage|awards|screenings|broadcasts\n")
    r = film("export", "--format", "csv", "--kind", "people")
    assert (r.exit_code, r.stderr) == (1, "Error: --kind 'people' cannot be exported as a spreadsheet; use one of:"
                                          " coverage, awards, screenings, broadcasts\n")
    r = film("export", "--kind", "coverage", "-o", "x.yaml")
    assert (r.exit_code, r.stderr) == (1, "Error: --kind goes with --format csv or xlsx, and --bom with csv\n")
    r = film("export", "--no-bom", "-o", "x.json")
    assert (r.exit_code, r.stderr) == (1, "Error: --kind goes with --format csv or xlsx, and --bom with csv\n")
    r = film("export", "--format", "xlsx")
    assert (r.exit_code, r.stderr) == (
        1, "Error: --format xlsx exports one kind: give --kind coverage|awards|screenings|broadcasts\n")
    r = film("export", "--kind", "coverage", "--format", "xlsx")
    assert (r.exit_code, r.stderr) == (1, "Error: --format xlsx writes a file: give -o FILE.xlsx\n")
    r = film("export", "--kind", "coverage", "--bom", "-o", "c.xlsx")
    assert (r.exit_code, r.stderr) == (
        1, "Error: --bom and --no-bom go with --format csv; an .xlsx file has no byte order mark\n")
    assert not Path("c.xlsx").exists()
    r = film("export", "--format", "ods", "--kind", "coverage")
    assert (r.exit_code, r.stderr) == (1, "Error: unknown export format 'ods'; use yaml, json, csv or xlsx\n")
