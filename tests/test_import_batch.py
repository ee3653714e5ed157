"""An import writes its records in batches (journal.batch): ids handed out ahead on SQLite, history and journal as
bulk INSERTs, lookups remembered. The database it leaves must be the one the same import leaves when each record
is written as it is added, and a reference must find the record the documented order says (id, key, name)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from presskit import datafile, journal, records
from presskit import models as m
from presskit.db import open_database, session_scope
from tests.conftest import DATA, copy_pictures
from tests.database_support import database_state, sqlite_path

NOW = datetime(2014, 3, 10, 15, 0, tzinfo=UTC)


@contextmanager
def _one_by_one(_s, **_options) -> Iterator[journal.Batch]:
    yield journal.Batch()  # not installed in the session: every add and status change is written at once


def _import(engine, path: Path, now: datetime = NOW) -> datafile.ImportResult:
    with session_scope(engine) as s:
        return datafile.import_data(s, datafile.load_file(path), source=path.name, now=now)


def test_a_batch_writes_what_adding_records_one_by_one_writes(engine, db_url, db_backend, tmp_path, monkeypatch):
    if db_backend != "sqlite":
        pytest.skip("compares two copies of one SQLite file")
    again = tmp_path / "again.yaml"
    copy_pictures(tmp_path)
    # The same file with a record more, a field corrected and a new status: an import into existing records.
    again.write_text(DATA.read_text(encoding="utf-8").replace("Nicolle Loughlin", "Nicole Loughlin").replace(
        "      - {status: nominated, date: 2014-01-14}   # inferred: nominations post date (see header); outcome"
        ' still open ("keep your fingers crossed")',
        "      - {status: nominated, date: 2014-01-14}\n      - {status: won, date: 2014-03-09}"), encoding="utf-8")
    assert again.read_text(encoding="utf-8") != DATA.read_text(encoding="utf-8")
    one_by_one = tmp_path / "one-by-one.db"
    shutil.copyfile(sqlite_path(db_url), one_by_one)

    _import(engine, DATA)
    _import(engine, again, NOW.replace(hour=16))
    with monkeypatch.context() as mp:
        mp.setattr(journal, "batch", _one_by_one)
        other = open_database(f"sqlite:///{one_by_one}")
        _import(other, DATA)
        _import(other, again, NOW.replace(hour=16))
        other.dispose()
    assert database_state(db_url) == database_state(f"sqlite:///{one_by_one}")


def _outlet_of(engine, key: str) -> str:
    with session_scope(engine, write=False) as s:
        return s.scalar(select(m.Organization.name).join(m.Coverage, m.Coverage.outlet_id == m.Organization.id)
                        .where(m.Coverage.key == key))


def test_a_reference_finds_the_id_then_the_key_then_the_name(engine):
    """An outlet named "2" is organization 2 even when another's key is "2"; a key beats a name, also when the
    record with that key is added after the name was first looked up, in the same import."""
    with session_scope(engine) as s, journal.batch(s):
        records.add(s, "work", {"title": "The Defector"}, key="the-defector", now=NOW)
        records.add(s, "organization", {"name": "Number Two"}, key="2", now=NOW)  # organization 1
        records.add(s, "organization", {"name": "Second Outlet"}, key="second", now=NOW)  # organization 2
        records.add(s, "organization", {"name": "HotDocs"}, key="hot-docs", now=NOW)
        for key, outlet in (("by-id", "2"), ("by-key", "second"), ("by-name", "HotDocs"), ("by-name-2", "hotdocs")):
            records.add(s, "coverage", {"outlet": outlet, "headline": key, "published": "2013-05-01"}, key=key,
                        now=NOW)
        # Now a record whose key is that name: from here on "HotDocs" is this one.
        records.add(s, "organization", {"name": "Hot Docs Canadian International"}, key="HotDocs", now=NOW)
        records.add(s, "coverage", {"outlet": "HotDocs", "headline": "after", "published": "2013-05-02"},
                    key="after", now=NOW)
        records.add(s, "organization", {"name": "Third"}, key="third", now=NOW)
        records.add(s, "coverage", {"outlet": "2", "headline": "still id", "published": "2013-05-03"},
                    key="still-id", now=NOW)
    assert [_outlet_of(engine, key) for key in ("by-id", "by-key", "by-name", "by-name-2", "after", "still-id")] == [
        "Second Outlet", "Second Outlet", "HotDocs", "HotDocs", "Hot Docs Canadian International", "Second Outlet"]


def _with_lines(value):
    """The data with the line of every record and list item, as error messages name them."""
    if isinstance(value, dict):
        return ("map", getattr(value, "line", None), [(k, _with_lines(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", getattr(value, "lines", None), [_with_lines(v) for v in value])
    return (type(value).__name__, value)


ODD_DOCUMENTS = [
    "a: &x [1, 2]\nb: *x\n",  # an alias
    "base: &b {k: 1}\nm:\n  <<: *b\n  j: 2\n",  # a merge key
    "? [1, 2]\n: v\n",  # a list as a key
    "r: &r [*r]\n",  # a list inside itself
    "s: !!set {a, b}\no: !!omap [{a: 1}]\nx: !!str 12\nb: !!binary aGk=\n",  # explicit tags
    "d: 2014-01-01\nt: 2014-01-01 10:00:00Z\nn: ~\ny: yes\nf: 1.5\ni: 0x1F\ne:\n'': x\nq: '1'\nnan: .NaN\n",
    "- =\n",  # a value PyYAML's safe loader refuses
    "- [a, {b: c}]\n- {d: [e, f]}\n",
]


@pytest.mark.parametrize("text", [*ODD_DOCUMENTS, DATA.read_text(encoding="utf-8")])
def test_the_fast_reader_reads_what_the_plain_reader_reads(text):
    import yaml

    from presskit import bounds

    def read(loader):
        try:
            return _with_lines(yaml.load(text, Loader=loader))  # noqa: S506 - SafeLoader subclasses
        except yaml.YAMLError as e:  # load_file then reads again with the plain reader, for its words
            mark = getattr(e, "problem_mark", None)
            return ("error", type(e).__name__, getattr(e, "problem", None), mark.line if mark else None)
        except bounds.TooMuch as e:  # beyond presskit's limits (a list inside itself never ends)
            return ("refused", str(e), e.line)

    assert read(datafile._FastLoader) == read(datafile._Loader)


def test_a_reference_that_only_looks_like_a_number_is_a_name_or_key(cli):
    """"²" is a digit to Python's str.isdigit() but no id: it was an internal error (exit 70)."""
    assert cli("add", "work", "--title", "The Defector").exit_code == 0
    r = cli("add", "coverage", "--outlet", "²", "--headline", "Review", "--date", "2014-01-01")
    assert (r.exit_code, r.stdout) == (0, "Added coverage 1: 2014-01-01 ²: Review [news]\n")
    r = cli("show", "award", "²")
    assert (r.exit_code, r.stderr) == (1, "Error: no award with id or key '²'; see 'presskit list awards'\n")


def test_one_import_moves_a_record_on_and_adds_another_with_history(engine, tmp_path):
    # The history rows of one batch go in one executemany: a status change of a record already here (with its
    # embargo column) and the first status of a new one must be written together.
    _import(engine, DATA)
    more = tmp_path / "more.yaml"
    more.write_text("""\
awards:
  - key: csc-2013-best-documentary-cinematography
    work: the-defector
    body: canadian-society-of-cinematographers
    year: 2013
    category: Best Documentary Cinematography
    history:
      - {status: nominated, date: 2013-02-26}
      - {status: won, date: 2013-03-20}
  - key: benchmark-2014-new-award
    work: the-defector
    body: canadian-society-of-cinematographers
    year: 2014
    category: Best New Award
    history:
      - {status: nominated, date: 2014-03-01}
""", encoding="utf-8")
    result = _import(engine, more, NOW.replace(hour=16))
    assert result.added == {"award": 1} and result.status_changes == 1
    with session_scope(engine, write=False) as s:
        statuses = s.scalars(select(m.StatusChange.to_status).join(
            m.Nomination, m.Nomination.id == m.StatusChange.record_id).where(
            m.StatusChange.record_type == "award", m.Nomination.key.in_(
                ["csc-2013-best-documentary-cinematography", "benchmark-2014-new-award"]))
            .order_by(m.StatusChange.id)).all()
    assert statuses == ["nominated", "won", "nominated"]


def test_on_postgresql_a_batch_takes_its_ids_from_the_sequences(engine, db_backend):
    # Rows with known ids go in one executemany; a many-row INSERT ... RETURNING is a new text for every batch,
    # which the driver parses again each time (a third of an import's time on PostgreSQL).
    if db_backend != "postgresql":
        pytest.skip("SQLite's ids ahead are checked by the comparison above")
    from sqlalchemy import event, text

    many_returning: list[str] = []

    def seen(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if "RETURNING" in statement and "), (" in statement:
            many_returning.append(statement[:80])

    event.listen(engine, "before_cursor_execute", seen)
    try:
        _import(engine, DATA)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert many_returning == []
    with session_scope(engine, write=False) as s:
        ids = s.scalars(select(m.Coverage.id).order_by(m.Coverage.id)).all()
        following = s.execute(text("SELECT nextval(pg_get_serial_sequence('coverage', 'id'))")).scalar()
    assert ids == list(range(ids[0], ids[0] + len(ids))) and following == ids[-1] + 1
