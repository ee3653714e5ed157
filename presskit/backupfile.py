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

ROWS_PER_CHUNK = 500
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

    def __init__(self, backup: BackupFile, start: int, end: int, line: int) -> None:
        self.backup, self.start, self.end, self.line = backup, start, end, line

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
        n = 1
        for row_start in starts:
            if n < ROWS_PER_CHUNK and row_start - chunk_start < CHUNK_BYTES:
                n += 1
                continue
            rows, line = b.parse_rows(chunk_start, row_start, line, n)
            yield rows
            chunk_start, n = row_start, 1
        rows, _ = b.parse_rows(chunk_start, self.end, line, n)
        yield rows

    def numbered(self) -> Iterator[tuple[Any, int]]:
        for chunk in self.chunks():
            yield from chunk

    def __iter__(self) -> Iterator[Any]:
        for row, _ in self.numbered():
            yield row

    def _row_starts(self) -> Iterator[int]:
        yield self.start
        pattern = _JSON_ROW if self.backup.fmt == "json" else _YAML_ROW
        for m in pattern.finditer(self.backup.mm, self.start, self.end):
            yield m.end()


class Unknown(Exception):
    """The file is not in the layout export writes (it is read whole instead)."""


class BackupFile:
    """An open backup file: ``sections`` maps each section's name to its Section; close() when done."""

    def __init__(self, path: Path, fmt: str, parse: Parse) -> None:
        self.path, self.fmt, self.parse = path, fmt, parse
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
            mm.close()
        self.file.close()

    def data(self) -> dict[str, Any]:
        return {"version": 2, **self.sections}

    def _lines(self, start: int, end: int) -> int:
        return self.mm[start:end].count(b"\n")

    def _add(self, sections: dict[str, Section], name: bytes, start: int, end: int, line: int) -> None:
        key = name.decode("ascii")
        if key in sections or key == "version":
            raise Unknown
        sections[key] = Section(self, start, end, line)

    def _index_yaml(self) -> dict[str, Section]:
        mm = self.mm
        tops = [len(YAML_HEAD), *(m.end() for m in _YAML_TOP.finditer(mm, len(YAML_HEAD)))]
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
            if header[2] and mm[start:end].strip():
                raise Unknown  # `name: []` and rows under it
            if start < end and mm[start:start + 1] != b"-" and mm[start:end].strip():
                raise Unknown  # rows indented, or text that is no row
            self._add(sections, header[1], start, end if not header[2] else start, line + 1)
            line += 1 + self._lines(start, end)
        return sections

    def _index_json(self) -> dict[str, Section]:
        mm = self.mm
        tops = [len(JSON_HEAD), *(m.end() for m in _JSON_TOP.finditer(mm, len(JSON_HEAD)))]
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

    def parse_rows(self, start: int, end: int, line: int, n: int) -> tuple[list[tuple[Any, int]], int]:
        """The ``n`` rows between ``start`` and ``end`` (whose first line is ``line``) with their lines; the line
        after them."""
        raw = self.mm[start:end]
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
        rows = self.parse(text, self.path.name, line - 1)
        if not isinstance(rows, list) or len(rows) != n:
            raise InvalidInput(f"{self.path.name} line {line}: these rows are not laid out as `presskit export`"
                               " writes a backup (one row per item); fix the layout there")
        lines = getattr(rows, "lines", None) or [line] * n
        return list(zip(rows, lines, strict=True)), after
