"""How much presskit reads from one input: each limit stated once, and checked before the work it bounds.

A data file, a spreadsheet or a web page can ask for more work than its size suggests (a 481-byte YAML file
whose aliases expand to billions of values; a 1 MB .xlsx that unzips to gigabytes; a server that sends one byte
every two seconds). Each is refused with one ``Error:`` line that says which limit it met, before the memory
or the time is spent.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from presskit.errors import InvalidInput

MiB = 1024 * 1024
# Ids and whole numbers are 64-bit integers in both databases: a larger one is no id of any record.
MAX_ID = 2**63 - 1

GiB = 1024 * MiB

# A data file (YAML/JSON) read whole: a file written by hand, or any file not laid out as export writes a backup.
# Parsed, it takes many times its size in memory.
MAX_DATA_FILE_BYTES = 128 * MiB
# A backup written by `presskit export` is read a chunk of rows at a time (presskit.backupfile): memory stays flat
# at any size, so this cap bounds only the time. The large benchmark's backup (159,019 records, 200,000 news
# entries) is 97 MiB as YAML and 135 MB as JSON; a team's own backup stays restorable far beyond that. Each
# chunk of rows is held to MAX_DATA_FILE_BYTES and the alias and depth limits below.
MAX_BACKUP_FILE_BYTES = 64 * GiB
# Nesting of mappings and lists: a data file needs six (sections, records, history, fields).
MAX_YAML_DEPTH = 32
# Values built from a data file: one per character of the file, plus this many for what aliases repeat.
# Without aliases a file never comes near (a value takes at least two characters); an alias bomb does at once.
YAML_ALIAS_ALLOWANCE = 100_000

# Spreadsheets (`import coverage.csv|.xlsx`): one row per piece of coverage.
MAX_SPREADSHEET_BYTES = 64 * MiB
MAX_XLSX_UNZIPPED_BYTES = 256 * MiB  # the XML inside an .xlsx, all parts together
MAX_SPREADSHEET_ROWS = 100_000
MAX_SPREADSHEET_COLUMNS = 100
MAX_CELL_CHARS = 100_000


class TooMuch(InvalidInput):
    """An input beyond one of the limits above; ``line`` is where it was met, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def size_text(n: int) -> str:
    """A limit in words: 64 GiB, 128 MiB, 16,384 bytes."""
    return f"{n // GiB} GiB" if n >= GiB else f"{n // MiB} MiB" if n >= MiB else f"{n:,} bytes"


def read_bytes(path: Path, limit: int, what: str, fix: str) -> bytes:
    """The bytes of ``path``, refused without reading further once they pass ``limit`` (a device such as
    /dev/zero has no size to check first)."""
    # Opened without waiting: a named pipe nobody writes to reads as empty instead of blocking forever
    # (a pipe with a writer, like the shell's <(...), reads as usual once blocking again).
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    with open(fd, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooMuch(f"{path.name} is larger than {size_text(limit)}, the most presskit reads as {what}; {fix}")
    return data


def yaml_budget(text: str) -> int:
    return len(text) + YAML_ALIAS_ALLOWANCE


def too_many_values() -> TooMuch:
    return TooMuch(f"its aliases (*name) repeat more than {YAML_ALIAS_ALLOWANCE:,} values beyond what the file"
                   " itself holds; write the values out instead of repeating them with aliases")


def too_deep(line: int) -> TooMuch:
    return TooMuch(f"lists and mappings nest more than {MAX_YAML_DEPTH} deep; a data file needs six levels",
                   line)


def check_yaml_graph(root: Any, budget: int) -> None:
    """Refuse a composed YAML document whose values, aliases expanded, pass ``budget`` or MAX_YAML_DEPTH.

    Walks each node once (sizes remembered), without recursion, so the check itself is bounded.
    """
    import yaml

    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if done:
            on_path.discard(key)
            children = _children(node)
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > budget:
                raise too_many_values()
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise TooMuch("an alias (*name) stands inside the value it names, which would never end;"
                          " write the value out", line)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        if depth > MAX_YAML_DEPTH:
            raise too_deep(line)
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node))


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_zip(path: Path) -> None:
    """Refuse an .xlsx whose parts unzip to more than MAX_XLSX_UNZIPPED_BYTES, read from the zip's directory
    before anything is inflated (zipfile inflates no part past the size the directory states)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        total = sum(info.file_size for info in z.infolist())
    if total > MAX_XLSX_UNZIPPED_BYTES:
        raise TooMuch(f"{path.name} unzips to {size_text(total)}, more than the"
                      f" {size_text(MAX_XLSX_UNZIPPED_BYTES)} presskit reads from a workbook; save it as .csv, or"
                      " split it")
