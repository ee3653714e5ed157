"""Coverage from spreadsheets, and records to spreadsheets (CSV), as a film's team keeps them.

Reading is lenient about the sheet and strict about the values: headers are matched to fields whatever their
case or wording ("Publication" or "Outlet", "Date published" or "Date"); every value goes through the same
checks as ``presskit add``. Every row is tried (each in its own savepoint) so that all the bad rows are
reported at once; unless ``skip_invalid``, one bad row means nothing is written. A row whose URL (or outlet,
headline and date) matches existing coverage updates it: importing the same sheet twice changes nothing.

Writing gives what opens cleanly in a spreadsheet: UTF-8 (optionally with the BOM Excel wants), ISO dates,
local times beside their zone, and text that a spreadsheet would run as a formula made inert.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from presskit import bounds, records, validate
from presskit import models as m
from presskit.errors import InvalidInput, Names, PresskitError
from presskit.kinds import REGISTERED, Kind
from presskit.when import parse_date

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")

# Header words per coverage field, compared without case, spaces or punctuation.
COVERAGE_HEADERS: dict[str, tuple[str, ...]] = {
    "outlet": ("outlet", "publication", "publicationname", "mediaoutlet", "media", "medium", "source",
               "publisher", "newspaper", "magazine", "outletname", "station", "show", "programme", "program"),
    "headline": ("headline", "title", "articletitle", "article", "storytitle", "story", "heading", "piece"),
    "url": ("url", "link", "weblink", "articleurl", "articlelink", "webaddress", "href", "onlinelink"),
    "published": ("published", "datepublished", "publicationdate", "publisheddate", "pubdate", "date",
                  "publishedon", "dateofpublication", "airdate", "dateaired", "rundate"),
    "kind": ("kind", "type", "coveragetype", "coveragekind", "format", "category"),
    "author": ("author", "authors", "writer", "journalist", "critic", "byline", "reporter", "by",
               "interviewer"),
    "quote": ("quote", "quotes", "pullquote", "pullquotes", "excerpt", "highlight", "keyquote"),
    "work": ("work", "film", "project", "filmtitle", "production"),
    "featured": ("featured", "featureinkit", "inkit"),
    "rank": ("rank", "quoterank", "ranking"),
    "key": ("key", "presskitkey"),
}
REQUIRED = ("outlet", "headline", "published")
# Spreadsheets run a cell starting with one of these as a formula ("CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the spreadsheet shows it, cells)
    note: str | None = None


def read_table(path: str | Path) -> Table:
    """The first sheet of a .csv or .xlsx file: its header row and the non-empty rows under it."""
    p = Path(path)
    if not p.is_file():
        raise InvalidInput(f"no file {str(p)!r}; check the path")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(p)
    elif suffix == ".xlsx":
        table = _read_xlsx(p)
    else:
        raise InvalidInput(f"{p.name}: a spreadsheet must be .csv or .xlsx")
    if not table.headers or not any(h.strip() for h in table.headers):
        raise InvalidInput(f"{p.name} is empty; the first row must name the columns"
                           " (e.g. Date, Outlet, Headline)")
    if not table.rows:
        raise InvalidInput(f"{p.name} has a header row but no rows under it; nothing to import")
    return table


def _too_many_rows(p: Path) -> InvalidInput:
    return bounds.TooMuch(f"{p.name} has more than {bounds.MAX_SPREADSHEET_ROWS:,} rows, the most presskit"
                          " imports at once; split it into several files")


def _check_row(p: Path, number: int, cells: list[Any]) -> None:
    extra = cells[bounds.MAX_SPREADSHEET_COLUMNS:]
    if extra and any(c is not None and str(c).strip() for c in extra):
        raise bounds.TooMuch(f"{p.name} row {number} has more than {bounds.MAX_SPREADSHEET_COLUMNS} columns;"
                             " keep the columns presskit reads (see 'presskit import --help')")


def _read_csv(p: Path) -> Table:
    raw = bounds.read_bytes(p, bounds.MAX_SPREADSHEET_BYTES, "a spreadsheet", "split it into several files")
    note = None
    try:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode Text" and some exports are UTF-16; read as Windows-1252 they are all NULs.
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page, not UTF-8.
        text = raw.decode("cp1252", errors="replace")
        note = "not UTF-8: read as Windows-1252 (Excel's CSV on Windows); save as 'CSV UTF-8' to be sure"
    # Only the delimiter is guessed (from the header row: European Excel writes ";"); quoting stays Excel's.
    delimiter = ","
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0] or ",", delimiters=",;\t").delimiter
    except csv.Error:
        pass
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(rows) > bounds.MAX_SPREADSHEET_ROWS:
                raise _too_many_rows(p)
            _check_row(p, reader.line_num, row)
            rows.append(row)
    except csv.Error as e:  # a cell longer than the csv module's limit (128 KiB), a NUL byte, ...
        raise InvalidInput(f"{p.name} line {reader.line_num}: cannot read it as CSV ({e}); fix that line") from None
    if not rows:
        return Table(p.name, [], [], note)
    headers = [h.strip() for h in rows[0]]
    body = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c.strip() for c in r)]
    return Table(p.name, headers, body, note)


def _read_xlsx(p: Path) -> Table:
    from zipfile import BadZipFile

    import openpyxl

    if p.stat().st_size > bounds.MAX_SPREADSHEET_BYTES:
        raise bounds.TooMuch(f"{p.name} is larger than {bounds.MAX_SPREADSHEET_BYTES // bounds.MiB} MiB, the"
                             " most presskit reads as a spreadsheet; split it into several files")
    try:
        bounds.check_zip(p)
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as e:
        raise InvalidInput(f"cannot read {p.name} as an Excel workbook ({e});"
                           " save it as .xlsx or .csv") from None
    try:
        ws = wb.worksheets[0]
        rows: list[list[Any]] = []
        # Rows are padded to the sheet's stated width: read one column past the limit, to see it passed.
        for r in ws.iter_rows(values_only=True, max_col=bounds.MAX_SPREADSHEET_COLUMNS + 1):
            if len(rows) > bounds.MAX_SPREADSHEET_ROWS:
                raise _too_many_rows(p)
            _check_row(p, len(rows) + 1, list(r))
            rows.append(list(r))
    finally:
        wb.close()
    if not rows:
        return Table(p.name, [], [])
    headers = ["" if h is None else str(h).strip() for h in rows[0]]
    body = []
    for i, r in enumerate(rows[1:]):
        cells = [_xlsx_cell(c) for c in r]
        if any(str(c).strip() for c in cells):
            body.append((i + 2, cells))
    note = f"read the first sheet, {ws.title!r}" if len(wb.worksheets) > 1 else None
    return Table(p.name, headers, body, note)


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat(" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, date) else str(value)


# --------------------------------------------------------------------------------------------- mapping


@dataclass
class ColumnMap:
    fields: dict[str, int]  # field -> column index
    headers: dict[str, str]  # field -> the header as the sheet spells it
    ignored: list[str]

    def describe(self) -> str:
        return ", ".join(f"{self.headers[f]} → {f}" for f in sorted(self.fields, key=lambda name: self.fields[name]))


def map_columns(table: Table) -> ColumnMap:
    words = {w: f for f, ws in COVERAGE_HEADERS.items() for w in ws}
    fields: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for i, header in enumerate(table.headers):
        n = _norm(header)
        if not n:
            continue
        f = words.get(n)
        if f is None:
            close = difflib.get_close_matches(n, list(words), n=1, cutoff=0.85)  # "Publicaton", "Healdine"
            f = words[close[0]] if close else None
        if f is None:
            ignored.append(header)
            continue
        if f in fields:
            raise InvalidInput(f"{table.name}: columns {headers[f]!r} and {header!r} both give the {f};"
                               " keep one of them (or rename the other)")
        fields[f], headers[f] = i, header
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        examples = {"outlet": "'Outlet' or 'Publication'", "headline": "'Headline' or 'Title'",
                    "published": "'Date published' or 'Date'"}
        raise InvalidInput(f"{table.name}: no column for the {missing[0]}"
                           f" (a header such as {examples[missing[0]]});"
                           f" the columns are: {', '.join(h for h in table.headers if h) or 'none'}")
    return ColumnMap(fields, headers, ignored)


# --------------------------------------------------------------------------------------------- importing


@dataclass(frozen=True)
class RowOutcome:
    row: int
    action: str  # add | update | unchanged | reject
    text: str

    def line(self) -> str:
        return f"row {self.row}: {self.action} — {self.text}"


@dataclass
class SpreadsheetImport:
    source: str
    columns: str
    outcomes: list[RowOutcome] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    note: str | None = None

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def rejected(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action == "reject"]

    def summary(self, *, written: bool) -> str:
        if written:
            return (f"added {self.count('add')}, updated {self.count('update')}, {self.count('unchanged')}"
                    f" unchanged, {self.count('reject')} rejected (not imported)")
        return (f"{self.count('add')} to add, {self.count('update')} to update, {self.count('unchanged')}"
                f" unchanged, {self.count('reject')} rejected")


class InvalidRows(InvalidInput):
    """Some rows cannot be imported: nothing was written. ``report`` lists every row's outcome."""

    def __init__(self, report: SpreadsheetImport) -> None:
        self.report = report
        bad, total = report.count("reject"), len(report.outcomes)
        super().__init__(
            f"{report.source}: {bad} of {total} rows cannot be imported (listed above); nothing was written."
            f" Fix them, or give --skip-invalid to import the {total - bad} valid rows")


def _cell(cells: list[Any], i: int) -> Any:
    v = cells[i] if i < len(cells) else ""
    if isinstance(v, str):
        v = v.strip()
        if len(v) > 1 and v[0] == "'" and v[1] in FORMULA_START:
            v = v[1:]  # our own export's guard against formulas
        return v or None
    return v


class Columns(Names):
    """What an error names, as the sheet's columns: the field ``published`` is ``column 'Date'`` (as the sheet
    spells it), a field no column gives is ``field 'name'``."""

    def __init__(self, columns: ColumnMap) -> None:
        self.headers = columns.headers

    def name(self, name: str) -> str:
        return f"column {self.headers[name]!r}" if name in self.headers else f"field '{name}'"


def import_coverage(s: Session, table: Table, *, skip_invalid: bool = False,
                    now: datetime | None = None) -> SpreadsheetImport:
    """Add or update coverage from ``table``; any bad row raises InvalidRows (the caller rolls back)."""
    columns = map_columns(table)
    report = SpreadsheetImport(table.name, columns.describe(), ignored_columns=columns.ignored,
                               note=table.note)
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        given = {f: _cell(cells, i) for f, i in columns.fields.items()}
        savepoint = s.begin_nested()
        try:
            outcome = _import_row(s, number, given, seen, now=now)
            savepoint.commit()
        except PresskitError as e:
            savepoint.rollback()
            outcome = RowOutcome(number, "reject", e.words(Columns(columns)))
        except IntegrityError as e:
            savepoint.rollback()
            outcome = RowOutcome(number, "reject", f"conflicts with a record already there ({e.orig})")
        report.outcomes.append(outcome)
    if report.rejected and not skip_invalid:
        raise InvalidRows(report)
    return report


def _identity(given: dict[str, Any]) -> str:
    if given.get("url"):
        return "url " + (validate.normalize_url(validate.url(str(given["url"]), "url")) or "")
    return "piece " + "|".join(str(given.get(f) or "").lower() for f in ("outlet", "headline", "published"))


def _existing(s: Session, given: dict[str, Any]) -> m.Coverage | None:
    if given.get("url"):
        url = validate.normalize_url(validate.url(str(given["url"]), "url"))
        return s.scalar(select(m.Coverage).where(m.Coverage.url == url))
    published = parse_date(given["published"], what="published")
    return s.scalar(
        select(m.Coverage).join(m.Coverage.outlet)
        .where(func.lower(m.Organization.name) == str(given["outlet"]).lower(),
               func.lower(m.Coverage.headline) == str(given["headline"]).lower(),
               m.Coverage.published == published))


def _quotes(value: Any) -> list[str]:
    # One quote per line of the cell: how `export --format csv` writes several.
    return [q.strip() for q in str(value or "").splitlines() if q.strip()]


def _import_row(s: Session, number: int, given: dict[str, Any], seen: dict[str, int], *,
                now: datetime | None) -> RowOutcome:
    from presskit.describe import summary

    for f in REQUIRED:
        if given.get(f) in (None, ""):
            raise InvalidInput("{what} is empty", what=f, fix="fill it in")
    ident = _identity(given)
    if ident in seen:
        raise InvalidInput(f"the same piece as row {seen[ident]} ({ident.split(' ', 1)[1]}); keep one row")
    seen[ident] = number
    quotes = _quotes(given.pop("quote", None))
    key = given.pop("key", None)
    existing = _existing(s, given)
    if existing is None:
        row = records.add(s, "coverage", {**given, "quote": quotes[0] if quotes else None}, key=key, now=now)
        for pos, q in enumerate(quotes[1:], start=1):
            records.add(s, "quote", {"coverage": row.id, "text": q, "position": pos}, now=now)
        return RowOutcome(number, "add", summary(row))
    if existing.removed_at is not None:
        raise InvalidInput(f"coverage {existing.id} with this URL was removed; restore it first"
                           f" (presskit restore coverage {existing.id}) or leave the row out")
    changed = [e.field for e in records.edit(s, "coverage", existing.id, given, now=now)] if given else []
    have = {q.text.strip() for q in existing.quotes}
    new_quotes = [q for q in quotes if q not in have]
    for pos, q in enumerate(new_quotes, start=len(existing.quotes)):
        records.add(s, "quote", {"coverage": existing.id, "text": q, "position": pos}, now=now)
    if new_quotes:
        changed.append("quote" if len(new_quotes) == 1 else f"{len(new_quotes)} quotes")
    if not changed:
        return RowOutcome(number, "unchanged", f"coverage {existing.id}: {summary(existing)}")
    what = ", ".join((f or "").removesuffix("_id") for f in changed)
    return RowOutcome(number, "update", f"coverage {existing.id}: {what}")


# ---------------------------------------------------------------------------------------------- export

# The kinds with a spreadsheet export, by the name `--kind` takes (their plural), in the order they are listed.
EXPORT_KINDS = tuple(k.plural for k in REGISTERED if k.spreadsheet is not None)
EXPORT_FORMATS = ("csv", "xlsx")


def _safe(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        # A local wall time as LibreOffice and Excel recognise a date and time: 2013-06-17 20:30.
        return value.isoformat(" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)
    # Text a spreadsheet would evaluate ("=HYPERLINK(...)") is shown as text instead.
    return "'" + value if value.startswith(FORMULA_START) else value


def _export_kind(name: str) -> Kind:
    """The kind `--kind NAME` asks for: its name, plural or alias, or an alias's plural ('nominations')."""
    key = name.strip().lower()
    for k in REGISTERED:
        if k.spreadsheet is not None and key in (k.name, k.plural, *k.aliases, *(a + "s" for a in k.aliases)):
            return k
    raise InvalidInput(f"--kind {name!r} cannot be exported as a spreadsheet; use one of: {', '.join(EXPORT_KINDS)}")


def export_rows(s: Session, kind_name: str) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for one kind (its ``Kind.spreadsheet``), oldest first; removed records left out. Dates and
    times are date and (naive, local) datetime values, for the writer to give the form its format needs."""
    sheet = _export_kind(kind_name).spreadsheet
    assert sheet is not None
    return list(sheet.header), sheet.rows(s)


def to_csv(header: list[str], rows: Iterable[list[Any]], *, bom: bool = True) -> bytes:
    """UTF-8 CSV, by default after a byte order mark: Excel reads a CSV without one in the Windows code page
    (mojibake), and LibreOffice's import dialog picks UTF-8 when it sees one."""
    # Encoded as it is written: one copy of the bytes, never a str of the whole table beside them (a catalogue's
    # report is 20 MB of text).
    buf = io.BytesIO()
    text = io.TextIOWrapper(buf, encoding="utf-8", newline="", write_through=True)
    if bom:
        text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([_safe(v) for v in r])
    text.flush()
    return buf.getvalue()


# The cell formats of dates and local times: ISO order, which every locale's Excel and LibreOffice show alike.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def to_xlsx(header: list[str], rows: Iterable[list[Any]], *, sheet: str) -> bytes:
    """An .xlsx workbook of one sheet: a bold, frozen header row, then the rows with real date and date-time
    cells (a local wall time, naive, as xlsx has no zones: the zone is in its own column), numbers as numbers
    and text as text, never a formula.

    openpyxl's write-only mode streams the rows to a temporary file, so a catalogue's report never holds a
    workbook of cell objects in memory.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(len(name) + 2, 12), 40)
    bold = Font(bold=True)

    def cell(value: Any) -> Any:
        c = WriteOnlyCell(ws)
        if isinstance(value, bool):
            c.value = "yes" if value else "no"
        elif isinstance(value, datetime):
            c.value, c.number_format = value, DATETIME_FORMAT
        elif isinstance(value, date):
            c.value, c.number_format = value, DATE_FORMAT
        elif isinstance(value, int | float) or value is None:
            c.value = value
        else:
            c.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            c.data_type = "s"  # text, even when it starts with "=": never run as a formula
        return c

    header_cells = [cell(h) for h in header]
    for c in header_cells:
        c.font = bold
    ws.append(header_cells)
    for r in rows:
        ws.append([cell(v) for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_table(s: Session, kind_name: str, fmt: str = "csv", *, bom: bool = True) -> tuple[bytes, int]:
    """One kind as a CSV or .xlsx file's bytes, and how many records it holds."""
    header, rows = export_rows(s, kind_name)
    if fmt == "xlsx":
        return to_xlsx(header, rows, sheet=_export_kind(kind_name).plural.capitalize()), len(rows)
    return to_csv(header, rows, bom=bom), len(rows)
