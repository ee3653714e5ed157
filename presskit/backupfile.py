"""A backup written by `presskit export`, read a few hundred rows at a time.

A backup holds every record, history row, news entry and send of a database; parsed whole, a large one took
gigabytes (the tree of Python values is many times the text). Export writes a layout this module relies on:

- YAML: ``version: 2``, then each section's name at the margin (``history:``, or ``media: []``) and its rows as
  ``- `` items at the margin, every line of a row indented below its ``- ``;
- JSON: ``{``, ``"version": 2,``, then each section's name two spaces in (``"history": [``), its rows opening
  four spaces in (``{``) with every inner line further in, and the section's ``]`` two spaces in.

The file is indexed once (where each section's rows start and end, found by those margins), and a section's
rows are parsed chunk by chunk as the importer reads them, each chunk under the limits of a data file
(presskit.bounds). A file in any other layout (written or reformatted by hand) is read whole, as any data file.
"""

from __future__ import annotations

import json
import mmap
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from presskit import bounds
from presskit.errors import InvalidInput

YAML_HEAD = b"version: 2\n"
JSON_HEAD = b'{\n  "version": 2,\n'

# Line starts (just after a newline) that are not inside a row: a name at the margin / fewer than four spaces in.
_YAML_TOP = re.compile(rb"\n(?=[^ \-#\r\n])")
_JSON_TOP = re.compile(rb"\n(?!    )")
_YAML_SECTION = re.compile(rb"([a-z_]+):( \[\])?\r?\n")
_JSON_SECTION = re.compile(rb'  "([a-z_]+)": \[(\],?)?\r?\n')
_JSON_END = re.compile(rb"  \],?\r?\n")
_JSON_LAST = re.compile(rb"\}\r?\n?")
# Where a row starts.
_YAML_ROW = re.compile(rb"\n(?=-[ \r\n])")
_JSON_ROW = re.compile(rb"\n(?=    \{)")

_TEXT = re.compile(rb"\S")

ROWS_PER_CHUNK = 500
WINDOW = 8 * 1024 * 1024  # bytes of the file scanned at a time
CHUNK_BYTES = 1024 * 1024  # a chunk ends at the row that passes this, so a few long rows make a short chunk

# A parser of one chunk: (text, name of the file, line of the text's first line less one) -> list of rows.
Parse = Callable[[str, str, int], Any]


def layout(path: Path) -> str | None:
    """'yaml' or 'json' when ``path`` begins as a backup presskit wrote (a regular file), else None."""
    if not path.is_file():
        return None
    with open(path, "rb") as f:
        head = f.read(len(JSON_HEAD))
    return "yaml" if head.startswith(YAML_HEAD) else "json" if head == JSON_HEAD else None


class Section:
    """The rows of one section of a backup file, parsed a chunk at a time when iterated."""

    def __init__(self, backup: BackupFile, name: str, start: int, end: int, line: int) -> None:
        self.backup, self.name, self.start, self.end, self.line = backup, name, start, end, line

    def __bool__(self) -> bool:
        return self.end > self.start

    def chunks(self) -> Iterator[list[tuple[Any, int]]]:
        """Lists of (row, line), in file order."""
        if not self:
            return
        b = self.backup
        starts = self._row_starts()
        line = self.line
        chunk_start = next(starts, None)
        if chunk_start is None:
            return
        flat = self.name in b.flat
        offsets = [chunk_start]
        for row_start in starts:
            if len(offsets) < ROWS_PER_CHUNK and row_start - chunk_start < CHUNK_BYTES:
                offsets.append(row_start)
                continue
            rows, line = b.parse_rows(offsets, row_start, line, flat=flat)
            yield rows
            chunk_start, offsets = row_start, [row_start]
        rows, _ = b.parse_rows(offsets, self.end, line, flat=flat)
        yield rows

    def numbered(self) -> Iterator[tuple[Any, int]]:
        for chunk in self.chunks():
            yield from chunk

    def __iter__(self) -> Iterator[Any]:
        for row, _ in self.numbered():
            yield row

    def _row_starts(self) -> Iterator[int]:
        yield self.start
        yield from self.backup.finditer(_JSON_ROW if self.backup.fmt == "json" else _YAML_ROW, self.start, self.end)


class Unknown(Exception):
    """The file is not in the layout export writes (it is read whole instead)."""


class BackupFile:
    """An open backup file: ``sections`` maps each section's name to its Section; close() when done."""

    def __init__(self, path: Path, fmt: str, parse: Parse, flat: frozenset[str] = frozenset()) -> None:
        """``flat``: the sections whose rows are flat mappings (no lists or mappings inside): in JSON they are read
        by the json module, several times faster than the YAML reader, each row's line counted from the file."""
        self.path, self.fmt, self.parse, self.flat = path, fmt, parse, flat
        self.file = open(path, "rb")  # noqa: SIM115  (closed by close())
        try:
            self.mm = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
            self.sections = self._index_json() if fmt == "json" else self._index_yaml()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        mm = getattr(self, "mm", None)
        if mm is not None:
            try:
                mm.close()
            except BufferError:
                pass  # something still reads it (a traceback's frame): unmapped when that is gone
        self.file.close()

    def data(self) -> dict[str, Any]:
        return {"version": 2, **self.sections}

    # The file is mapped, not read: the pages a scan or a chunk touched are let go after it (else they would
    # count as this process's memory until the end), and it reads a window at a time.
    def _drop(self, start: int, end: int) -> None:
        if hasattr(mmap, "MADV_DONTNEED"):
            page = start - start % mmap.PAGESIZE
            if end > page:
                self.mm.madvise(mmap.MADV_DONTNEED, page, end - page)

    def _windows(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        pos = start
        while pos < end:
            stop = min(pos + WINDOW, end)
            yield pos, stop
            self._drop(pos, stop)
            pos = stop

    def _lines(self, start: int, end: int) -> int:
        return sum(self.mm[a:b].count(b"\n") for a, b in self._windows(start, end))

    def finditer(self, pattern: re.Pattern[bytes], start: int, end: int) -> Iterator[int]:
        """Where each match of ``pattern`` in [start, end) ends, a window at a time (a match that begins in a
        window may look a few bytes past it)."""
        for a, b in self._windows(start, end):
            # A copy of the window: a match object holds what it searched, and an import stopped by an error leaves
            # this generator (with its last match) alive; a match into the mapping would keep it from closing.
            window = self.mm[a:min(b + 8, end)]
            for m in pattern.finditer(window):
                if m.start() < b - a:
                    yield a + m.end()

    def _blank(self, start: int, end: int) -> bool:
        return _TEXT.search(self.mm, start, end) is None

    def _add(self, sections: dict[str, Section], name: bytes, start: int, end: int, line: int) -> None:
        key = name.decode("ascii")
        if key in sections or key == "version":
            raise Unknown
        sections[key] = Section(self, key, start, end, line)

    def _index_yaml(self) -> dict[str, Section]:
        mm = self.mm
        tops = [len(YAML_HEAD), *self.finditer(_YAML_TOP, len(YAML_HEAD), len(mm))]
        tops = [t for t in tops if t < len(mm)]
        sections: dict[str, Section] = {}
        line = 2
        if tops and tops[0] != len(YAML_HEAD):
            raise Unknown
        for i, top in enumerate(tops):
            header = _YAML_SECTION.match(mm, top)
            if header is None:
                raise Unknown
            end = tops[i + 1] if i + 1 < len(tops) else len(mm)
            start = header.end()
            if header[2] and not self._blank(start, end):
                raise Unknown  # `name: []` and rows under it
            if start < end and mm[start:start + 1] != b"-" and not self._blank(start, end):
                raise Unknown  # rows indented, or text that is no row
            self._add(sections, header[1], start, end if not header[2] else start, line + 1)
            line += 1 + self._lines(start, end)
        return sections

    def _index_json(self) -> dict[str, Section]:
        mm = self.mm
        tops = [len(JSON_HEAD), *self.finditer(_JSON_TOP, len(JSON_HEAD), len(mm))]
        sections: dict[str, Section] = {}
        line = 3
        i = 0
        while i < len(tops):
            top = tops[i]
            header = _JSON_SECTION.match(mm, top)
            if header is None:
                # The closing brace, then nothing.
                if _JSON_LAST.fullmatch(mm, top) is None or i < len(tops) - 2 or (
                        i == len(tops) - 2 and tops[-1] != len(mm)):
                    raise Unknown
                return sections
            start = header.end()
            if header[2]:  # "name": [] (empty)
                self._add(sections, header[1], start, start, line + 1)
                line += 1
                i += 1
                continue
            if i + 1 >= len(tops) or _JSON_END.match(mm, tops[i + 1]) is None:
                raise Unknown
            end = tops[i + 1]
            if start < end and mm[start:start + 5] != b"    {":
                raise Unknown
            self._add(sections, header[1], start, end, line + 1)
            line += 2 + self._lines(start, end)
            i += 2
        raise Unknown  # no closing brace

    def parse_rows(self, offsets: list[int], end: int, line: int, *, flat: bool = False,
                   ) -> tuple[list[tuple[Any, int]], int]:
        """The rows starting at ``offsets`` and ending at ``end`` (the first on ``line``) with their lines; the line
        after them."""
        start, n = offsets[0], len(offsets)
        raw = self.mm[start:end]
        self._drop(start, end)
        if len(raw) > bounds.MAX_DATA_FILE_BYTES:
            raise InvalidInput(f"{self.path.name} line {line}: this row is larger than"
                               f" {bounds.size_text(bounds.MAX_DATA_FILE_BYTES)}, the most presskit reads as one"
                               " record; shorten it")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad = line + raw[:e.start].count(b"\n")
            raise InvalidInput(f"{self.path.name} line {bad}: not UTF-8 text (byte {raw[e.start]:#04x});"
                               " save the file as UTF-8") from None
        after = line + text.count("\n")
        if self.fmt == "json":
            text = "[" + text.rstrip().removesuffix(",") + "]"
            if flat:
                rows = _json_rows(text, n)
                if rows is not None:
                    lines, at = [], line
                    for a, b in zip(offsets, [*offsets[1:], end], strict=True):
                        lines.append(at)
                        at += raw.count(b"\n", a - start, b - start)
                    return list(zip(rows, lines, strict=True)), after
        rows = self.parse(text, self.path.name, line - 1)
        if not isinstance(rows, list) or len(rows) != n:
            raise InvalidInput(f"{self.path.name} line {line}: these rows are not laid out as `presskit export`"
                               " writes a backup (one row per item); fix the layout there")
        lines = getattr(rows, "lines", None) or [line] * n
        return list(zip(rows, lines, strict=True)), after


def _json_rows(text: str, n: int) -> list[Any] | None:
    """``n`` flat rows read by the json module; None when they are not that (the YAML reader then reads them, and
    words what is wrong with its line)."""
    try:
        rows = json.loads(text, parse_constant=_not_json)
    except ValueError:
        return None
    if not isinstance(rows, list) or len(rows) != n or not all(
            isinstance(r, dict) and not any(isinstance(v, dict | list) for v in r.values()) for r in rows):
        return None
    return rows


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity, which Python's json module reads
