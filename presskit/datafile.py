"""Import and export of the data file format (YAML or JSON; see data/the-defector.yaml).

Import is idempotent: records are matched by ``key``; a changed field is an edit (not news); history
entries beyond what the database holds are applied as status changes (news). Export writes everything,
history included, so importing it into an empty database gives the same records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import yaml
from sqlalchemy import null, select
from sqlalchemy.orm import Session

from presskit import backup, backupfile, bounds, journal, lookups, records, values, yamltext
from presskit import models as m
from presskit.errors import InvalidInput, Names, PresskitError
from presskit.kinds import KINDS, REGISTERED, Kind, kind
from presskit.when import local, utcnow

# section name in the file -> kind, in the order they are read and written (what others refer to comes first)
SECTIONS = [(k.section, k.name) for k in sorted(REGISTERED, key=lambda k: k.section_rank) if k.section]
# What a record of the file holds besides its fields.
NESTED = {"history", "key", "removed", *(KINDS[k.nests].section for k in REGISTERED if k.nests),
          *(fl.name for k in REGISTERED for fl in k.file_lists)}
HISTORY_FIELDS = {"status", "date", "note", "url", "correction", "starts_at", "embargo_until"}


class _LineDict(dict):
    line: int = 0


class DataFile(dict):
    """A data file's sections, and the folder it was read from: the pictures it names are files there."""

    folder: Path | None = None


class _LineList(list):
    """A list that knows the line of each item (a bad `- 5` in a list of records is named by its line)."""

    lines: list[int]


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, line0: int = 0) -> None:
        super().__init__(stream)
        self.budget = bounds.yaml_budget(stream)
        self.line0 = line0  # the lines of the file before this text (a backup is read in chunks)

    def construct_document(self, node: yaml.Node) -> Any:
        bounds.check_yaml_graph(node, self.budget)
        return super().construct_document(node)


_MAP, _SEQ, _STR = (yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                    yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG)
_MERGE = "tag:yaml.org,2002:merge"
# The resolvers a plain scalar is tried against, by its first character, as Resolver.resolve combines them.
_ANY_FIRST = tuple(yaml.resolver.Resolver.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {c: (*resolvers, *_ANY_FIRST) for c, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
             if c is not None}


class _Fallback(Exception):
    """A document the direct walk leaves to PyYAML's constructors."""


# libyaml's parser when PyYAML has it (several times faster on a large file); a file it refuses is read again by
# _Loader, whose words for the problem are the ones presskit has always shown. Its nodes are then built by a
# direct walk (PyYAML's generic constructors were half of reading a large file): mappings, lists and strings as
# _construct_mapping/_sequence make them, other scalars by PyYAML's constructors. A document with what the walk
# does not do (merge keys, an alias inside itself, a list or mapping as a key) is built by the constructors.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    def __init__(self, stream: str, line0: int = 0) -> None:
        super().__init__(stream)
        # Values left to build: the walk expands aliases, so an alias bomb meets this at once (presskit.bounds).
        self.left = bounds.yaml_budget(stream)
        self.line0 = line0  # the lines of the file before this text (a backup is read in chunks)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Resolver.resolve without its path resolvers (a SafeLoader has none), asked for each of a file's nodes.
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], _ANY_FIRST):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_document(self, node: yaml.Node) -> Any:
        budget = self.left
        try:
            return self._build(node, set())
        except _Fallback:
            bounds.check_yaml_graph(node, budget)
            return super().construct_document(node)

    def _build(self, node: yaml.Node, within: set[int]) -> Any:
        self.left -= 1
        if self.left < 0:
            raise bounds.too_many_values()
        if node.__class__ is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value if node.value.isascii() else _text(node)
            return _scalar(self, node)
        if node.tag != _MAP and node.tag != _SEQ:
            return self.construct_object(node, deep=True)  # an explicit tag: !!set, !!omap, ...
        if id(node) in within:
            raise _Fallback  # an alias of a node that contains it
        within.add(id(node))
        if len(within) > bounds.MAX_YAML_DEPTH:
            raise bounds.too_deep(node.start_mark.line + 1)
        if node.__class__ is yaml.MappingNode:
            d = _LineDict()
            d.line = node.start_mark.line + 1 + self.line0
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    raise _Fallback
                key = self._build(key_node, within)
                try:
                    d[key] = self._build(value_node, within)
                except TypeError:
                    raise _Fallback from None  # an unhashable key: the constructors say so in their words
            result: Any = d
        else:
            items = _LineList([self._build(child, within) for child in node.value])
            items.lines = [child.start_mark.line + 1 + self.line0 for child in node.value]
            result = items
        within.discard(id(node))
        return result


class BadScalar(InvalidInput):
    """A value YAML reads as a date or number that is none (2014-02-30), with its line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError) as e:
        what = "a date" if node.tag.endswith(":timestamp") else "a number" if node.tag.endswith(
            (":int", ":float")) else "a value"
        raise BadScalar(f"{node.value!r} reads as {what} but is none ({e}); write a real one (dates as"
                        " YYYY-MM-DD), or put it in quotes if it is text", node.start_mark.line + 1) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(node: yaml.ScalarNode) -> str:
    """A string of the file: a JSON or YAML escape of half a character (a lone surrogate) is refused here, with
    its line, before anything can store or print it."""
    bad = _SURROGATE.search(node.value)
    if bad:
        half = bad[0].encode("unicode_escape").decode()
        raise BadScalar(f"{node.value!r} is not valid UTF-8 text ({half} is half of a character); write the"
                        " character itself, or its pair of escapes", node.start_mark.line + 1)
    return node.value


def _construct_str(loader: Any, node: yaml.ScalarNode) -> str:
    return _text(node) if not node.value.isascii() else node.value


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as e:
        raise BadScalar(f"{node.value!r} reads as a date but is none ({e}); write a real date as YYYY-MM-DD",
                        node.start_mark.line + 1) from None


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    d = _LineDict(loader.construct_mapping(node, deep=True))
    d.line = node.start_mark.line + 1 + loader.line0
    return d


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LineList:
    items = _LineList(loader.construct_sequence(node, deep=True))
    items.lines = [child.start_mark.line + 1 + loader.line0 for child in node.value]
    return items


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def load_file(path: str | Path) -> dict[str, Any]:
    """The data file at ``path``, read whole (up to bounds.MAX_DATA_FILE_BYTES); see also open_file."""
    p = Path(path)
    with _reading(p):
        text = bounds.read_bytes(p, bounds.MAX_DATA_FILE_BYTES, "a data file",
                                 "split it into several files and import each").decode("utf-8")
    data = _parse(text, p.name)
    if not isinstance(data, dict):
        raise InvalidInput(f"{p.name}: expected a mapping with sections such as 'awards:' and 'coverage:'")
    _check_sections(p, data)
    loaded = DataFile(data)
    loaded.folder = p.parent
    return loaded


@contextmanager
def open_file(path: str | Path) -> Iterator[dict[str, Any]]:
    """The data file at ``path``, to import while it is open.

    A backup written by `presskit export` is read a chunk of rows at a time as the import asks for them
    (presskit.backupfile), so memory stays flat however large the database was: up to
    bounds.MAX_BACKUP_FILE_BYTES. Any other file (or a backup laid out anew by hand) is read whole, up to
    bounds.MAX_DATA_FILE_BYTES.
    """
    p = Path(path)
    with _reading(p):
        fmt = backupfile.layout(p)
        limit = bounds.MAX_BACKUP_FILE_BYTES
        if fmt is not None and p.stat().st_size > limit:
            raise bounds.TooMuch(f"{p.name} is larger than {bounds.size_text(limit)}, the most presskit reads as a"
                                 " backup; move the database with `presskit copy --to URL` instead")
    try:
        opened = backupfile.BackupFile(p, fmt, _parse, flat=frozenset(backup.SECTIONS)) if fmt is not None else None
    except backupfile.Unknown:
        opened = None
    if opened is None:
        yield load_file(p)
        return
    try:
        data = DataFile(opened.data())
        data.folder = p.parent
        _check_sections(p, data)
        yield data
    finally:
        opened.close()


@contextmanager
def _reading(p: Path) -> Iterator[None]:
    """What reading ``p`` may meet, worded."""
    try:
        yield
    except FileNotFoundError:
        raise InvalidInput(f"no file {str(p)!r}; check the path") from None
    except UnicodeDecodeError as e:
        line = e.object[:e.start].count(b"\n") + 1
        raise InvalidInput(f"{p.name} line {line}: not UTF-8 text (byte {e.object[e.start]:#04x});"
                           " save the file as UTF-8") from None
    except IsADirectoryError:
        raise InvalidInput(f"{str(p)!r} is a folder; give a data file (.yaml or .json)") from None
    except PermissionError:
        raise InvalidInput(f"cannot read {str(p)!r}: permission denied") from None


def _parse(text: str, name: str, line0: int = 0) -> Any:
    """The YAML or JSON ``text`` (of the file ``name``, after its first ``line0`` lines) as Python values."""
    try:
        # JSON is read by the same loader, which keeps line numbers for error messages.
        try:
            return yaml.load(text, Loader=partial(_FastLoader, line0=line0))  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError:
            return yaml.load(text, Loader=partial(_Loader, line0=line0))  # noqa: S506 - SafeLoader subclass
    except (bounds.TooMuch, BadScalar) as e:
        where = f" line {e.line + line0}" if e.line else ""
        raise InvalidInput(f"{name}{where}: {e}") from None
    except RecursionError:
        raise InvalidInput(f"{name}: lists and mappings nest too deeply; a data file needs six levels") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1 + line0}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InvalidInput(f"{name}{where}: not valid YAML/JSON ({problem}); fix the syntax there") from None


def _check_sections(p: Path, data: dict[str, Any]) -> None:
    unknown = set(data) - {name for name, _ in SECTIONS} - {"version", *backup.SECTIONS}
    if unknown:
        raise InvalidInput(f"{p.name}: unknown section(s) {', '.join(sorted(unknown))}; sections are: "
                           + ", ".join(name for name, _ in SECTIONS))


@dataclass
class ImportResult:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    status_changes: int = 0
    restored: str = ""  # a backup restored: what it held, in words

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.status_changes)

    def count(self, bucket: dict[str, int], k: str) -> None:
        bucket[k] = bucket.get(k, 0) + 1


class Fields(Names):
    """What an error names, as a data file's fields: ``field 'starts_at'``, given as ``'timezone:'``.

    ``fields`` are the file's names for what the core calls otherwise (``starts_at`` is the command line's
    ``start``; a history entry's ``correction`` is ``change_status``'s ``force``); ``entry`` is what holds
    them, for a fix that adds a field.
    """

    def __init__(self, entry: str = "record", fields: dict[str, str] | None = None) -> None:
        self.entry, self.fields = entry, {"start": "starts_at", **(fields or {})}

    def name(self, name: str) -> str:
        return f"field '{self.fields.get(name, name)}'"

    def give(self, name: str) -> str:
        return f"'{self.fields.get(name, name)}:'"

    def use(self, name: str) -> str:
        return f"Add '{self.fields.get(name, name)}: true' to that {self.entry}"


RECORD_FIELDS = Fields()
# A history entry holds records.change_status's arguments (see _import_one).
HISTORY_ENTRY = Fields("history entry", {"force": "correction"})


def _line(items: Any, i: int) -> int:
    item = items[i]
    return getattr(item, "line", 0) or (items.lines[i] if isinstance(items, _LineList) else 0)


class _AtLine(InvalidInput):
    """An error inside a record, placed on its own line: 'screenings[0] history[1]' at line 57."""

    def __init__(self, line: int, path: str, message: str) -> None:
        super().__init__(message)
        self.line, self.path, self.message = line, path, message


def import_data(s: Session, data: dict[str, Any], *, source: str = "data", now: datetime | None = None,
                merge: str | None = None) -> ImportResult:
    """Import a data file, or restore a backup (an export) into an empty database.

    A backup into a database that has records is refused unless ``merge`` says how: ``records-only`` imports
    its records as a data file's (matched by key or export name; what is new to this database is news here).
    """
    now = now or utcnow()
    result = ImportResult()
    backup.check_version(data, source)
    merge = backup.check_merge(merge)
    restore: list[tuple[str, Any, datetime]] | None = None
    if backup.is_backup(data) and merge is None:
        if not backup.database_is_empty(s):
            raise backup.refuse_non_empty(source)
        restore = []  # the removals, made once every record is in (a removed work's records name it)
    from presskit.media import data_folder_unless_set, restoring

    # One batch: records are written together, not one by one (several times faster on a large file).
    # Pictures are files in the data file's folder, unless the caller named the data folder. A backup restored
    # brings its own history and journal (backup.restore_sections): the records' are not written.
    with (journal.batch(s, news=restore is None) as b, data_folder_unless_set(getattr(data, "folder", None)),
          restoring() if backup.is_backup(data) else nullcontext()):
        for section, kind_name in SECTIONS:
            items = data.get(section) or []
            if not isinstance(items, list | backupfile.Section):
                raise InvalidInput(f"{source}: section '{section}' must be a list of records")
            _import_section(s, b, section, kind_name, items, result, source=source, now=now, restore=restore,
                            merged=backup.is_backup(data) and restore is None)
    if restore is not None:
        for kind_name, row, when in restore:
            records.remove(s, kind_name, row, now=when)
        backup.restore_sections(s, data, source=source)
        result.restored = backup.summary(s)
    return result


_BACKUP_FIELDS = ("id", "created_at")
_CREATED = "\0created_at"  # a nested record's backup time, between DataFile.split and DataFile.add


def _as_data_file(kind_name: str, item: Any) -> Any:
    """A backup's record as a data file's: no id or times; named as export names it ("award-3") if it has
    no key, so that a record already here is found, not added again."""
    if not isinstance(item, dict):
        return item
    d = _LineDict({n: v for n, v in item.items() if n not in _BACKUP_FIELDS})
    d.line = getattr(item, "line", 0)
    k = kind(kind_name)
    if not d.get("key"):
        d["key"] = d.get(k.key_column) if k.key_column != "key" else (
            f"{kind_name}-{item['id']}" if item.get("id") is not None else None)
    for fl in k.file_lists:
        if isinstance(d.get(fl.name), list):
            d[fl.name] = [{n: v for n, v in c.items() if n != "id"} if isinstance(c, dict) else c
                          for c in d[fl.name]]
    return d


def _import_section(s: Session, b: journal.Batch, section: str, kind_name: str,
                    items: list[Any] | backupfile.Section, result: ImportResult, *, source: str, now: datetime,
                    restore: list[tuple[str, Any, datetime]] | None = None, merged: bool = False) -> None:
    known: set[str] = set()
    k = kind(kind_name)
    inner = kind(k.nests) if k.nests else None  # a selection's screenings, read after it
    for i, item, line in _written_as_read(s, kind_name, items, known, merged=merged):
        label = f"{section}[{i}]"
        if not isinstance(item, dict):
            raise InvalidInput(f"{source} line {line}: {label}: expected a record (key: value lines)")
        if item.get("key"):
            label += f" ({item['key']})"
        b.where = f"{source} line {line}: {label}"
        try:
            _import_one(s, kind_name, item, result, now=now, known=known, restore=restore)
            if inner is not None:
                _import_inner(s, k, inner, item, line, result, now=now)
        except _AtLine as e:
            raise InvalidInput(f"{source} line {e.line}: {label} {e.path}: {e.message}") from None
        except journal.BatchConflict:
            raise  # it names its own record, which may be an earlier one
        except PresskitError as e:
            raise InvalidInput(f"{source} line {line}: {label}: {e.words(RECORD_FIELDS)}") from None


def _import_inner(s: Session, k: Kind, inner: Kind, item: dict[str, Any], line: int, result: ImportResult, *,
                  now: datetime) -> None:
    """The records of ``inner`` a data file nests in a record of ``k`` (a selection's screenings): each refers to
    it, and takes the references they share (its work) from it unless it gives its own."""
    name = inner.section or inner.name
    nested = item.get(name) or []
    if not isinstance(nested, list):
        raise InvalidInput(f"'{name}' must be a list of records")
    link = next(f.name for f in inner.fields if f.ref == k.name)
    shared = [f.name for f in inner.fields if f.type == "ref" and f.name != link and f.name in k.names]
    for j, sc in enumerate(nested):
        line2 = _line(nested, j) or line
        if not isinstance(sc, dict):
            raise _AtLine(line2, f"{name}[{j}]", "expected a record (key: value lines)")
        sc = _LineDict({**sc, link: item.get("key") or sc.get(link)})
        for ref in shared:
            sc.setdefault(ref, item.get(ref))
        try:
            _import_one(s, inner.name, sc, result, now=now)
        except _AtLine as e:
            raise _AtLine(e.line, f"{name}[{j}] {e.path}", e.message) from None
        except PresskitError as e:
            raise _AtLine(line2, f"{name}[{j}]", e.words(RECORD_FIELDS)) from None


def _written_as_read(s: Session, kind_name: str, items: list[Any] | backupfile.Section, known: set[str], *,
                     merged: bool) -> Iterator[tuple[int, Any, int]]:
    """(index, item, line) for the items of a section, read whole or a chunk at a time.

    Before every thousandth record the batch is written (bounded memory on a large file), and the keys the
    database may know among the next thousand are asked in one query (most records of a large import are new)
    and added to ``known``. A backup merged as a data file has its items read as a data file's.
    """
    numbered: Iterator[tuple[Any, int]] = items.numbered() if isinstance(items, backupfile.Section) else (
        (item, _line(items, j)) for j, item in enumerate(items))
    i = 0
    while True:
        chunk = list(islice(numbered, _FLUSH_EVERY - 1 if i == 0 else _FLUSH_EVERY))
        if not chunk:
            return
        if i:
            journal.flush_batch(s)
        if merged:
            chunk = [(_as_data_file(kind_name, item), line) for item, line in chunk]
        known |= lookups.keys_in_use(s, kind_name, sorted({
            str(item["key"]) for item, _ in chunk if isinstance(item, dict) and item.get("key")} - known))
        for item, line in chunk:
            yield i, item, line
            i += 1


_FLUSH_EVERY = 1000  # records


def _history(item: dict[str, Any]) -> list[dict[str, Any]]:
    hist = item.get("history") or []
    if not isinstance(hist, list) or not all(isinstance(h, dict) for h in hist):
        raise InvalidInput("history must be a list of {status: ..., date: ...} entries")
    for h in hist:
        if not h.get("status"):
            raise InvalidInput("a history entry has no status")
        unknown = set(h) - HISTORY_FIELDS
        if unknown:
            raise InvalidInput(f"unknown field(s) in a history entry: {', '.join(sorted(unknown))};"
                               f" fields are: {', '.join(sorted(HISTORY_FIELDS))}")
    return hist


def _records(item: dict[str, Any], name: str) -> list[Any]:
    value = item.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, dict | str) for v in value):
        raise InvalidInput(f"'{name}' must be a list of records")
    return value


def _import_one(s: Session, kind_name: str, item: dict[str, Any], result: ImportResult, *, now: datetime,
                known: set[str] | None = None, restore: list[tuple[str, Any, datetime]] | None = None) -> None:
    k = kind(kind_name)
    given = {n: v for n, v in item.items() if n not in NESTED}
    key = values.key(item.get("key"))
    rid = created = None
    if restore is not None:  # a backup restored: the record keeps its id and times
        rid = _backup_id(given.pop("id", None))
        created = given.pop("created_at", None)
        created = backup.parse_timestamp(created, "created_at") if created is not None else now
    if k.key_column != "key" and key and k.key_column not in given:
        given[k.key_column] = key  # a work's key is its slug
    hist = _history(item) if k.status is not None else []
    if k.status is not None:
        if hist:
            given.setdefault("status", hist[0]["status"])
            given.setdefault("date", hist[0].get("date"))
        given.pop("status", None) if not hist and "status" not in item else None
    existing = None
    if key:
        if known is None or str(key) in known:
            existing = lookups.by_key(s, kind_name, str(key))
    elif k.named and given.get("name"):
        existing = lookups.by_ident(s, k.model, given["name"], include_removed=True, names=True)
    if existing is None:
        row = records.add(s, kind_name, given, key=str(key) if key else None, now=created or now, id=rid)
        if key and known is not None:
            known.add(str(key))  # the same key further down the file is this record
        result.count(result.added, kind_name)
        applied = 1
    else:
        row = existing
        editable = {n: v for n, v in given.items() if n in k.names and k.field(n).editable}
        if any(str(h["status"]).strip().lower() == "rescheduled" for h in hist):
            # The file's starts_at is the first announced time and its reschedules move it: the current start
            # follows them, so the first time is not a correction.
            editable.pop("starts_at", None)
        # A removed record is still the file's record: it is corrected, not added again.
        if editable and records.edit(s, kind_name, row.id, editable, now=now, include_removed=True):
            result.count(result.updated, kind_name)
        applied = len(s.scalars(select(m.StatusChange.id).where(
            m.StatusChange.record_type == k.name, m.StatusChange.record_id == row.id)).all())
    for idx in range(applied, len(hist)):
        h = hist[idx]
        try:
            records.change_status(s, kind_name, row, h["status"], on=h.get("date"), note=h.get("note"),
                                  url=h.get("url"), force=bool(h.get("correction")), start=h.get("starts_at"),
                                  now=now, include_removed=True, embargo_until=h.get("embargo_until"))
        except PresskitError as e:
            raise _AtLine(getattr(h, "line", 0) or _line(hist, idx), f"history[{idx}]",
                          e.words(HISTORY_ENTRY)) from None
        result.status_changes += 1
    if k.file_lists:
        reader = _Nested(s, now, restore)
        for fl in k.file_lists:
            fl.read(reader, row, _records(item, fl.name))
    _mark_removed(s, kind_name, row, item.get("removed"), restore, now)


@dataclass
class _Nested:
    """What a kind's nested list (``Kind.file_lists``) reads through: this import's session, clock and restore."""

    s: Session
    now: datetime
    restore: list[tuple[str, Any, datetime]] | None

    def find(self, kind_name: str, ident: Any) -> Any:
        return lookups.by_ident(self.s, kind(kind_name).model, ident, names=True)

    def split(self, item: dict[str, Any]) -> tuple[dict[str, Any], int | None, Any]:
        values = dict(item)
        rid = _backup_id(values.pop("id", None)) if self.restore is not None else None
        created = values.pop("created_at", None)
        if self.restore is not None and created is not None:
            # A backup restored: the nested record keeps when it was added (add takes it back out).
            values[_CREATED] = backup.parse_timestamp(created, "created_at")
        return values, rid, values.pop("removed", None)

    def add(self, kind_name: str, values: dict[str, Any], *, id: int | None) -> Any:  # noqa: A002
        created = values.pop(_CREATED, None)
        return records.add(self.s, kind_name, values, now=created or self.now, id=id)

    def removed(self, kind_name: str, row: Any, removed: Any) -> None:
        _mark_removed(self.s, kind_name, row, removed, self.restore, self.now)


def _mark_removed(s: Session, kind_name: str, row: Any, removed: Any, restore: list[tuple[str, Any, datetime]] | None,
             now: datetime) -> None:
    """A record the file marks removed (``removed: true``, or a backup's time) is removed here too."""
    if restore is None and removed is not None:
        removed = _removed(removed)
    if not removed or getattr(row, "removed_at", None) is not None:
        return
    if restore is not None:
        when = backup.parse_timestamp(removed, "removed") if removed is not True else now
        restore.append((kind_name, row, when))
    else:
        records.remove(s, kind_name, row, now=now)


def _removed(value: Any) -> bool:
    """``removed:`` as yes/no, or as the time a backup says it was removed (which is a yes); `maybe` is no answer."""
    try:
        return values.flag(value, "removed")
    except InvalidInput as refused:
        try:
            backup.parse_timestamp(value, "removed")
        except InvalidInput:
            raise refused from None
        return True


def _backup_id(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"id {value!r} is not a record id (a whole number from 1)")
    return value


# ------------------------------------------------------------------------------------------------ export


def _wall(dt: datetime | None, tz: str | None) -> str | None:
    v = local(dt, tz)
    return v.strftime("%Y-%m-%d %H:%M") if v is not None else None


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, [], "") and not (k == "featured" and v is False)}


def export_data(s: Session) -> dict[str, Any]:
    """Everything in the database, as a backup (see presskit.backup): the records, then their log and sends."""
    out: dict[str, Any] = {"version": backup.VERSION, **{section: [] for section, _ in SECTIONS}}
    for section, item in iter_export(s):
        out[section].append(item)
    out.update(backup.sections_data(s))
    return out


def iter_export(s: Session) -> Iterator[tuple[str, dict[str, Any]]]:
    """(section, record) for everything, in file order."""
    for section, kind_name in SECTIONS:
        for item in _export_section(s, kind_name):
            yield section, item


_CHUNK = 1000  # rows fetched at a time


def _stream(s: Session, stmt: Any) -> Any:
    # Core rows, not ORM entities (building those was ~40 % of an export), fetched in chunks: on PostgreSQL
    # a server-side cursor, so memory stays flat however large the database.
    return s.connection().execute(stmt.execution_options(yield_per=_CHUNK))


class _ByParent:
    """Rows ordered by their parent's id (first column), handed out parent by parent as the parents stream by."""

    def __init__(self, rows: Any) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, parent_id: int) -> list[Any]:
        found = []
        row = self._next
        while row is not None and row[0] <= parent_id:
            if row[0] == parent_id:
                found.append(row)
            row = next(self._rows, None)
        self._next = row
        return found


def _section_query(k: Kind) -> tuple[Any, list[tuple[str, str, int, str]]]:
    """One SELECT for the records of ``k``, the names they refer to joined in; and how to read each field.

    The row starts with id, key, removed_at, timezone, starts_at, created_at, embargo_until; each field is
    (name, type, index in the row, kind referred to), a reference taking two columns: the id and the key.
    """
    t = k.model.__table__
    cols = [t.c.id, t.c.key, t.c.removed_at, t.c.get("timezone", null()), t.c.get("starts_at", null()),
            t.c.created_at, t.c.get("embargo_until", null())]
    joined = t
    plan = []
    for f in k.fields:
        if f.virtual:
            continue
        if f.type == "ref":
            target = kind(f.ref or "").model.__table__.alias(f"ref_{f.name}")
            joined = joined.outerjoin(target, target.c.id == t.c[f.attr])
            plan.append((f.name, "ref", len(cols), f.ref or ""))
            cols += [t.c[f.attr], target.c[kind(f.ref or "").key_column]]
        else:
            plan.append((f.name, f.type, len(cols), ""))
            cols.append(t.c[f.name])
    return select(*cols).select_from(joined).order_by(t.c.id), plan


def _export_section(s: Session, kind_name: str) -> Iterator[dict[str, Any]]:
    """The records of one kind, streamed: the rows, and beside them their history and nested lists (credits).

    Each of those is one query ordered by its record's id, read alongside the records (_ByParent).
    """
    k = kind(kind_name)
    stmt, plan = _section_query(k)
    history = None
    if k.status is not None:
        sc = m.StatusChange.__table__
        history = _ByParent(_stream(s, select(
            sc.c.record_id, sc.c.to_status, sc.c.date, sc.c.note, sc.c.source_url, sc.c.correction,
            sc.c.previous_starts_at, sc.c.embargo_until).where(sc.c.record_type == k.name)
            .order_by(sc.c.record_id, sc.c.id)))
    nested = [(fl, _ByParent(_stream(s, fl.rows()))) for fl in k.file_lists]
    for row in _stream(s, stmt):
        rid = row[0]
        # A backup names each record by its id (kept on restore); its key only if it has one of its own.
        d: dict[str, Any] = {"id": rid, "key": row[1]}
        tz = row[3]
        for name, how, i, ref in plan:
            v = row[i]
            if v is None:
                d[name] = None
            elif how == "ref":
                d[name] = row[i + 1] or f"{ref}-{v}"
            elif how == "datetime":
                d[name] = _wall(v, tz)
            elif how == "enum":
                d[name] = v.value
            elif how == "date":
                d[name] = v.isoformat()
            else:
                d[name] = v
        for fl, by_parent in nested:
            d[fl.name] = [_clean({n: _when(v) if isinstance(v, datetime) else v for n, v in fl.item(r).items()})
                          for r in by_parent.take(rid)]
        if history is not None:
            changes = history.take(rid)
            h = [_clean({"status": c.to_status, "date": c.date.isoformat(), "note": c.note, "url": c.source_url,
                         "correction": True if c.correction else None, "embargo_until": _when(c.embargo_until)})
                 for c in changes]
            d["history"] = h
            moves = [i for i, c in enumerate(changes) if c.to_status == "rescheduled"]
            if moves:
                # starts_at is the first announced time and each reschedule moves it (see import). Both
                # come from the times each move replaced, so a later `edit` of a time is kept.
                d["starts_at"] = _wall(changes[moves[0]].previous_starts_at, tz)
                for this, following in zip(moves, moves[1:], strict=False):
                    h[this]["starts_at"] = _wall(changes[following].previous_starts_at, tz)
                h[moves[-1]]["starts_at"] = _wall(row[4], tz)
        if row[6] is not None:
            d["embargo_until"] = backup.timestamp(row[6])
        d["created_at"] = backup.timestamp(row[5])
        if row[2] is not None:
            d["removed"] = backup.timestamp(row[2])  # when: a data file says `removed: true`
        yield _clean(d)


def _when(value: datetime | None) -> str | None:
    return backup.timestamp(value) if value is not None else None


def write_export(s: Session, out: TextIO, fmt: str) -> int:
    """Stream the export to ``out`` (the same text as ``dump(export_data(s), fmt)``); returns the records.

    Record by record, so memory stays flat however large the database.
    """
    n = 0
    if fmt == "json":
        out.write(f'{{\n  "version": {backup.VERSION}')
        for section, kind_name in SECTIONS:
            out.write(f",\n  {json.dumps(section)}: [")
            first = True
            for item in _export_section(s, kind_name):
                out.write(("\n    " if first else ",\n    ") + yamltext.json_text(item, 4))
                first = False
                n += 1
            out.write("]" if first else "\n  ]")
        backup.write_json(s, out)
        out.write("\n}\n")
        return n
    out.write(f"version: {backup.VERSION}\n")
    for section, kind_name in SECTIONS:
        chunk: list[dict[str, Any]] = []
        written = 0
        for item in _export_section(s, kind_name):
            chunk.append(item)
            if len(chunk) == 500:
                written += _yaml_items(out, section, chunk, written)
        written += _yaml_items(out, section, chunk, written)
        if not written:
            out.write(f"{section}: []\n")
        n += written
    backup.write_yaml(s, out)
    return n


def _yaml_items(out: TextIO, section: str, chunk: list[dict[str, Any]], written: int) -> int:
    # A list's items sit at the margin, so a chunk of them reads exactly as in the whole document.
    if not chunk:
        return 0
    if not written:
        out.write(f"{section}:\n")
    out.write("".join(yamltext.block(chunk)))
    n = len(chunk)
    chunk.clear()
    return n


def dump(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return yamltext.json_text(data, 0) + "\n"
    return "".join(yamltext.block(data))


def copy_database(source: Session, target: Session) -> str:
    """Everything in ``source`` written into ``target``, which must be empty: ids, history and sends kept.

    Both sessions are the caller's (one transaction each): the copy is whole or, on any error, nothing. Rows
    go table by table (backup.copy_tables), not through an export's text.
    """
    if not backup.database_is_empty(target):
        raise InvalidInput("the database given with --to already has records; copy into an empty one (create"
                           " it on the server first), or export this one and import it there with --merge")
    backup.copy_tables(source, target)
    return backup.summary(target)
