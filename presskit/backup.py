"""A full backup: what an export holds beside the records, and how it is restored.

The records sections of an export (see presskit.datafile) read as any data file; a backup (``version: 2``) gives each
record its id and times too, and adds the sections below, each one row per mapping:

- ``history``: every status a record took (the rows the records' own ``history`` lists come from),
- ``journal``: every piece of news, which the sends refer to,
- ``corrections``: field corrections, removals and restores,
- ``audiences``: each mailing stream with the journal entries not yet sent to it (``pending``),
- ``sends``: each newsletter that went out, with exactly the journal entries it carried.

Restored into an empty database, a backup gives one that behaves the same: the same ids, the same history,
the same sends, and the same "nothing new since the last send". Times are UTC (``2014-01-28T14:00:00Z``);
lists of journal ids are ranges (``1-40,45``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, TextIO

from sqlalchemy import Date, delete, func, insert, select, text
from sqlalchemy.orm import Session

from presskit import backupfile, values, yamltext
from presskit import models as m
from presskit.errors import InvalidInput
from presskit.models.base import UTCDateTime

VERSION = 2
MERGES = ("records-only",)

# file section -> (model, columns written, in order): every column, so that one added later is kept too, but
# the send's file token (the name of its staged file on the machine that sent it; see presskit.sendfile).
_TABLES: dict[str, tuple[Any, tuple[str, ...]]] = {}
_LOCAL = {"sends": ("file_token",)}


def _tables() -> dict[str, tuple[Any, tuple[str, ...]]]:
    if not _TABLES:
        for section, model in (("history", m.StatusChange), ("journal", m.JournalEntry), ("corrections", m.Edit),
                               ("audiences", m.Audience), ("sends", m.Send)):
            _TABLES[section] = (model, tuple(c.key for c in model.__table__.columns
                                             if c.key not in _LOCAL.get(section, ())))
    return _TABLES


SECTIONS = ("history", "journal", "corrections", "audiences", "sends")


# ------------------------------------------------------------------------------------------------ values


def timestamp(value: datetime) -> str:
    """An aware time as UTC text: 2014-01-28T14:00:00Z."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_timestamp(value: Any, what: str) -> datetime:
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a time; write it like 2014-01-28T14:00:00Z") from None
    if parsed.tzinfo is None:
        raise InvalidInput(f"{what} {value!r} has no zone; write it in UTC like 2014-01-28T14:00:00Z")
    return parsed.astimezone(UTC)


def ranges(ids: list[int]) -> str:
    """1,2,3,5 -> '1-3,5' (ids sorted)."""
    out: list[str] = []
    start = prev = None
    for i in ids:
        if prev is not None and i == prev + 1:
            prev = i
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = i
    if start is not None:
        out.append(str(start) if start == prev else f"{start}-{prev}")
    return ",".join(out)


def parse_ranges(value: Any, what: str) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    ids: list[int] = []
    for part in str(value).split(","):
        lo, _, hi = part.strip().partition("-")
        try:
            a = int(lo)
            b = int(hi) if hi else a
        except ValueError:
            raise InvalidInput(f"{what} {value!r}: write journal ids as ranges like 1-40,45") from None
        if b < a:
            raise InvalidInput(f"{what} {value!r}: the range {part.strip()} runs backwards")
        ids.extend(range(a, b + 1))
    return ids


def _plain(v: Any) -> Any:
    if v is None or v is False:
        return None
    if isinstance(v, datetime):
        return timestamp(v)
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "value"):
        return v.value
    return v


# ------------------------------------------------------------------------------------------------ export


def _stream(s: Session, stmt: Any) -> Any:
    return s.connection().execute(stmt.execution_options(yield_per=1000))


def _ids_by(s: Session, parent: Any, child: Any, where: Any = None) -> dict[int, list[int]]:
    q = select(parent, child).order_by(parent, child)
    if where is not None:
        q = q.where(where)
    out: dict[int, list[int]] = {}
    for p, c in _stream(s, q):
        out.setdefault(p, []).append(c)
    return out


def _kind(col: Any) -> str:
    """How a column's values are written: ts (UTC time), date, int, bool, or str (through yamltext)."""
    if isinstance(col.type, UTCDateTime):
        return "ts"
    if isinstance(col.type, Date):
        return "date"
    kind = _python_type(col)
    return "bool" if kind is bool else "int" if kind is int else "str"


def _raw_rows(s: Session, section: str) -> tuple[tuple[str, ...], tuple[str, ...], Iterator[tuple[Any, list]]]:
    """The section's column names and kinds, and its rows: (values, [(name, ranges text)])."""
    model, names = _tables()[section]
    table = model.__table__
    extra: dict[str, dict[int, list[int]]] = {}
    if section == "audiences":
        pe = m.PendingEntry.__table__
        extra["pending"] = _ids_by(s, pe.c.audience_id, pe.c.journal_id)
    if section == "sends":
        si = m.SendItem.__table__
        extra["carried"] = _ids_by(s, si.c.send_id, si.c.journal_id, si.c.released.is_(False))
        extra["released"] = _ids_by(s, si.c.send_id, si.c.journal_id, si.c.released.is_(True))

    def rows() -> Iterator[tuple[Any, list]]:
        for row in _stream(s, select(*(table.c[n] for n in names)).order_by(table.c.id)):
            yield row, [(name, ranges(by[row[0]])) for name, by in extra.items() if row[0] in by]

    return names, tuple(_kind(table.c[n]) for n in names), rows()


def _plain_row(names: tuple[str, ...], row: Any, extra: list) -> dict[str, Any]:
    d = {n: v for n, v in zip(names, map(_plain, row), strict=True) if v is not None}
    d.update(extra)
    return d


def sections_data(s: Session) -> dict[str, list[dict[str, Any]]]:
    """The sections as plain data (what reading a backup file gives)."""
    out = {}
    for section in SECTIONS:
        names, _, rows = _raw_rows(s, section)
        out[section] = [_plain_row(names, row, extra) for row, extra in rows]
    return out


_TEXTS: dict[str, str] = {}  # short strings' text: too short to fold, so the same wherever they stand


def _yaml_row(names: tuple[str, ...], kinds: tuple[str, ...], row: Any, extra: list) -> str:
    # The text yamltext.block writes for the row's plain mapping (times and dates are quoted there, since
    # YAML would read them as times), without its general walk: a backup has hundreds of thousands of rows.
    lines = []
    lead = "- "
    for name, kind, v in zip(names, kinds, row, strict=True):
        if v is None or v is False:
            continue
        if kind == "int":
            text = str(v)
        elif kind == "ts":
            text = f"'{timestamp(v)}'"
        elif kind == "date":
            text = f"'{v.isoformat()}'"
        elif kind == "bool":
            text = "true"
        else:
            cached = _TEXTS.get(v)
            if cached is not None:
                text = cached
            else:
                text = yamltext.scalar(v, len(name) + 4, 4)
                if len(v) < 40 and len(_TEXTS) < 10_000:
                    _TEXTS[v] = text  # kinds, statuses, actions: the same few words, row after row
        lines.append(f"{lead}{name}: {text}\n")
        lead = "  "
    for name, v in extra:
        lines.append(f"  {name}: {yamltext.scalar(v, len(name) + 4, 4)}\n")
    return "".join(lines)


def write_yaml(s: Session, out: TextIO) -> None:
    for section in SECTIONS:
        names, kinds, rows = _raw_rows(s, section)
        chunk: list[str] = []
        written = False
        for row, extra in rows:
            chunk.append(_yaml_row(names, kinds, row, extra))
            if len(chunk) == 1000:
                out.write(("" if written else f"{section}:\n") + "".join(chunk))
                written, chunk = True, []
        if chunk:
            out.write(("" if written else f"{section}:\n") + "".join(chunk))
            written = True
        if not written:
            out.write(f"{section}: []\n")


def write_json(s: Session, out: TextIO) -> None:
    for section in SECTIONS:
        names, _, rows = _raw_rows(s, section)
        out.write(f",\n  {json.dumps(section)}: [")
        first = True
        for row, extra in rows:
            out.write(("\n    " if first else ",\n    ") + yamltext.json_text(_plain_row(names, row, extra), 4))
            first = False
        out.write("]" if first else "\n  ]")


# ----------------------------------------------------------------------------------------------- restore


def is_backup(data: dict[str, Any]) -> bool:
    return data.get("version") == VERSION or any(section in data for section in SECTIONS)


def check_version(data: dict[str, Any], source: str) -> None:
    version = data.get("version", 1)
    # Only a whole number is a version: `version: true` (True == 1) and `version: 1.0` (1.0 == 1) are not.
    if type(version) is not int or version not in (1, VERSION):
        shown = str(version).lower() if isinstance(version, bool) else repr(version)
        raise InvalidInput(f"{source}: version {shown} is not one this presskit reads (1 or {VERSION});"
                           " export it again with this version, or upgrade presskit")


def database_is_empty(s: Session) -> bool:
    # Audiences are not looked at: a new database has its "supporters" already (migration 0001).
    for model in (m.Work, m.Organization, m.Person, m.JournalEntry, m.Send):
        if s.scalar(select(model.id).limit(1)) is not None:
            return False
    return True


def check_merge(merge: str | None) -> str | None:
    if merge is None:
        return None
    value = merge.strip().lower()
    if value not in MERGES:
        raise InvalidInput("{what} {value!r}: {fix}", what="merge", value=merge, allowed=", ".join(MERGES),
                           fix="use one of {allowed}")
    return value


def refuse_non_empty(source: str) -> InvalidInput:
    return InvalidInput(
        f"{source} is a backup and this database already has records; restore it into an empty database"
        " (a new --db), or give --merge records-only to import its records like a data file (its sends and"
        " pending news are left out)")


def clear_log(s: Session) -> None:
    """Remove what importing the records wrote about them (history, news, corrections): the backup's own
    rows replace them. Only for a database that was empty before the import."""
    for model in (m.PendingEntry, m.SendItem, m.Send, m.Edit, m.JournalEntry, m.StatusChange, m.Audience):
        s.execute(delete(model).execution_options(synchronize_session=False))


def _python_type(col: Any) -> type | None:
    try:
        return col.type.python_type
    except NotImplementedError:
        return None


def _columns(model: Any, d: Any, names: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(d, dict):
        raise InvalidInput(f"{where}: expected a row (name: value lines)")
    table = model.__table__
    unknown = set(d) - set(names) - {"pending", "carried", "released"}
    if unknown:
        raise InvalidInput(f"{where}: unknown field(s) {', '.join(sorted(unknown))};"
                           f" fields are: {', '.join(names)}")
    out: dict[str, Any] = {}
    for name in names:
        col = table.c[name]
        kind = _python_type(col)
        v = d.get(name)
        if v is None:
            if kind is bool:
                v = False  # written only when true
            elif not col.nullable:
                raise InvalidInput(f"{where}: missing {name}")
            out[name] = v
            continue
        try:
            if isinstance(col.type, UTCDateTime):
                v = parse_timestamp(v, name)
            elif isinstance(col.type, Date):
                v = v if isinstance(v, date) else date.fromisoformat(str(v))
            elif kind in (int, bool) and (isinstance(v, bool) != (kind is bool) or not isinstance(v, int)):
                raise ValueError
            elif kind is str and not isinstance(v, str):
                v = str(v)
            if kind is str:
                # Kept as written, but a control character or half a character (a lone surrogate) is refused
                # as at every other entrance (presskit.values).
                values.text(v, name, multiline=True)
        except (TypeError, ValueError):
            raise InvalidInput(f"{where}: {name} {v!r} is not a valid value") from None
        except InvalidInput as e:
            raise InvalidInput(f"{where}: {e}") from None
        out[name] = v
    return out


def restore_sections(s: Session, data: dict[str, Any], *, source: str) -> None:
    """Write the backup's history, journal, corrections, audiences and sends, with their ids.

    Row by row as the file is read (a backup's sections may be read a chunk at a time: presskit.backupfile),
    written 500 rows to a statement.
    """
    clear_log(s)
    conn = s.connection()
    for section in SECTIONS:
        model, names = _tables()[section]
        items = data.get(section) or []
        if not isinstance(items, list | backupfile.Section):
            raise InvalidInput(f"{source}: section '{section}' must be a list of rows")
        numbered = items.numbered() if isinstance(items, backupfile.Section) else (
            (d, getattr(d, "line", 0)) for d in items)
        out: dict[Any, list[dict[str, Any]]] = {model.__table__: [], m.PendingEntry.__table__: [],
                                                m.SendItem.__table__: []}
        for i, (d, line) in enumerate(numbered):
            where = f"{source} line {line or '?'}: {section}[{i}]"
            row = _columns(model, d, names, where)
            if row["id"] is None:
                raise InvalidInput(f"{where}: missing id")
            out[model.__table__].append(row)
            if section == "audiences":
                out[m.PendingEntry.__table__] += [{"audience_id": row["id"], "journal_id": j}
                                                  for j in parse_ranges(d.get("pending"), f"{where}: pending")]
            if section == "sends":
                carried = [{"send_id": row["id"], "audience_id": row["audience_id"], "journal_id": j,
                            "released": released}
                           for name, released in (("carried", False), ("released", True))
                           for j in parse_ranges(d.get(name), f"{where}: {name}")]
                out[m.SendItem.__table__] += sorted(carried, key=lambda r: r["journal_id"])
            if any(len(rows) >= 500 for rows in out.values()):
                for table, rows in out.items():  # the section's own rows first: the others refer to them
                    _insert(conn, table, rows)
        for table, rows in out.items():
            _insert(conn, table, rows)
    advance_sequences(s)


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), 500):
        conn.execute(insert(table), rows[i:i + 500])
    rows.clear()


def advance_sequences(s: Session) -> None:
    """On PostgreSQL, move each table's id sequence past the ids written with the rows (else the next row
    added would be given an id already taken)."""
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        return
    for table in m.Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
            f" COALESCE((SELECT MAX(id) FROM {table.name}), 1),"
            f" (SELECT MAX(id) FROM {table.name}) IS NOT NULL)"))


def copy_tables(source: Session, target: Session) -> None:
    """Every row of ``source`` into ``target`` (empty but for what its migrations seed), ids kept.

    Table by table in the order of their foreign keys, 2,000 rows to a statement, read as they are written:
    memory stays flat however large the database. Values pass through the models' column types both ways,
    so a time or a list is the same on either database. A send's file token (machine-local, like in a backup)
    is not copied. PostgreSQL's id sequences are then moved past the copied ids.
    """
    clear_log(target)  # the audience the migrations seed: the source's own come instead
    r, w = source.connection(), target.connection()
    for table in m.Base.metadata.sorted_tables:
        local = _LOCAL.get(table.name, ())  # its sections are named as their tables
        keys = [c.key for c in table.columns]
        rows = r.execute(select(table).order_by(*table.primary_key.columns).execution_options(yield_per=2000))
        for part in rows.partitions():
            w.execute(insert(table), [{**dict(zip(keys, row, strict=True)), **dict.fromkeys(local)}
                                      for row in part])
    advance_sequences(target)


def counts(s: Session) -> dict[str, int]:
    """Rows of each table (for copy's summary)."""
    return {t.name: s.scalar(select(func.count()).select_from(t)) or 0 for t in m.Base.metadata.sorted_tables}


def summary(s: Session) -> str:
    """'66 records, 71 news entries, 3 sends to 2 audiences'."""
    from presskit.kinds import KINDS, RECORD_KINDS

    n = sum(s.scalar(select(func.count()).select_from(KINDS[k].model)) or 0 for k in RECORD_KINDS)
    entries = s.scalar(select(func.count()).select_from(m.JournalEntry)) or 0
    sends = s.scalar(select(func.count()).select_from(m.Send)) or 0
    audiences = s.scalar(select(func.count()).select_from(m.Audience)) or 0
    return (f"{_n(n, 'record')}, {_n(entries, 'news entry', 'news entries')},"
            f" {_n(sends, 'send')} to {_n(audiences, 'audience')}")


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
