"""A backup of any size is restorable (issue 14): `presskit export`'s file is read a chunk of rows at a time
(presskit.backupfile), so the data-file limit (bounds.MAX_DATA_FILE_BYTES) holds for files read whole — written
by hand, or laid out anew — and a backup past it still restores, to the same database as a whole read gives.
The limits are made small here so that the film's backup passes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presskit import backupfile, bounds, datafile
from tests.conftest import DATA, invoke
from tests.database_support import database_state

LIMIT = 8 * 1024  # the film's backup is ~35 KiB as YAML


def _ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture(scope="module")
def backups(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("film")
    db = f"sqlite:///{folder / 'film.db'}"
    _ok(invoke(db, "import", str(DATA)))
    _ok(invoke(db, "newsletter", "--mark-sent", "--now", "2014-01-29", "--esp", "mailchimp", "-o",
               str(folder / "1.html")))
    _ok(invoke(db, "remove", "coverage", "nknews-review"))
    out = {}
    for fmt in ("yaml", "json"):
        out[fmt] = folder / f"backup.{fmt}"
        _ok(invoke(db, "export", "-o", str(out[fmt])))
    return out


@pytest.fixture
def small_limits(monkeypatch):
    """A data file read whole may be 8 KiB; a chunk is 7 rows; the import writes every 10 records."""
    monkeypatch.setattr(bounds, "MAX_DATA_FILE_BYTES", LIMIT)
    monkeypatch.setattr(backupfile, "ROWS_PER_CHUNK", 7)
    monkeypatch.setattr(datafile, "_FLUSH_EVERY", 10)


def _restored_whole(backup: Path, tmp_path: Path, monkeypatch) -> tuple[str, str]:
    """The database a whole read of ``backup`` restores (the reader of any data file), and what import said."""
    db = f"sqlite:///{tmp_path / 'whole.db'}"
    with monkeypatch.context() as mp:
        mp.setattr(backupfile, "layout", lambda _path: None)
        said = _ok(invoke(db, "import", str(backup)))
    return db, said


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_backup_past_the_data_file_limit_restores_the_same_database(backups, fmt, tmp_path, monkeypatch):
    backup = backups[fmt]
    whole, said = _restored_whole(backup, tmp_path, monkeypatch)
    monkeypatch.setattr(bounds, "MAX_DATA_FILE_BYTES", LIMIT)
    monkeypatch.setattr(backupfile, "ROWS_PER_CHUNK", 7)
    monkeypatch.setattr(backupfile, "WINDOW", 101)  # the file is scanned in windows: rows cross their edges
    monkeypatch.setattr(datafile, "_FLUSH_EVERY", 10)
    assert backup.stat().st_size > 4 * LIMIT
    db = f"sqlite:///{tmp_path / 'streamed.db'}"
    assert _ok(invoke(db, "import", str(backup))) == said
    assert said.startswith(f"backup.{fmt}: restored ") and " records, " in said and "1 send to" in said
    assert database_state(db) == database_state(whole)
    assert _ok(invoke(db, "export")) == backups["yaml"].read_text(encoding="utf-8")


def test_a_file_read_whole_past_the_limit_is_refused(backups, tmp_path, small_limits):
    db = f"sqlite:///{tmp_path / 'db.db'}"
    _ok(invoke(db, "list"))
    state = database_state(db)
    # Written by hand, and a backup laid out anew (one space of indent): both are read whole.
    relaid = tmp_path / "relaid.json"
    relaid.write_text(json.dumps(json.loads(backups["json"].read_text(encoding="utf-8")), indent=1),
                      encoding="utf-8")
    for path in (DATA, relaid):
        r = invoke(db, "import", str(path))
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: {path.name} is larger than 8,192 bytes, the"
                                                     " most presskit reads as a data file; split it into several"
                                                     " files and import each\n")
    assert database_state(db) == state


def test_a_backup_past_its_own_cap_or_with_a_row_past_the_limit_is_refused(backups, tmp_path, small_limits,
                                                                           monkeypatch):
    db = f"sqlite:///{tmp_path / 'db.db'}"
    _ok(invoke(db, "list"))
    state = database_state(db)
    with monkeypatch.context() as mp:
        mp.setattr(bounds, "MAX_BACKUP_FILE_BYTES", 2 * LIMIT)
        r = invoke(db, "import", str(backups["yaml"]))
    assert (r.exit_code, r.stderr) == (1, "Error: backup.yaml is larger than 16,384 bytes, the most presskit reads"
                                          " as a backup; move the database with `presskit copy --to URL` instead\n")
    long_row = tmp_path / "long.yaml"
    long_row.write_text("version: 2\nworks:\n- id: 1\n  slug: f\n  title: F\n  created_at: '2014-01-01T00:00:00Z'\n"
                        f"  synopsis_long: {'word ' * (LIMIT // 4)}\n", encoding="utf-8")
    r = invoke(db, "import", str(long_row))
    assert (r.exit_code, r.stderr) == (1, "Error: long.yaml line 3: this row is larger than 8,192 bytes, the most"
                                          " presskit reads as one record; shorten it\n")
    assert database_state(db) == state


@pytest.mark.parametrize(("row", "error"), [
    # An alias bomb inside one row meets the same limit as in a file read whole.
    ("- a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"  {c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
     "its aliases (*name) repeat more than 100,000 values beyond what the file itself holds; write the values"
     " out instead of repeating them with aliases"),
    ("- id: 9\n  subject: [unclosed\n", "not valid YAML/JSON"),
    ("- id: 9\n  audience_id: 1\n  subject: Hi\n  sent_at: yesterday\n",
     "line {line}: sends[{index}]: sent_at 'yesterday' is not a time"),
])
def test_a_bad_row_deep_in_a_backup_is_named_as_a_whole_read_names_it(backups, tmp_path, monkeypatch, row, error):
    text = backups["yaml"].read_text(encoding="utf-8")
    assert text.endswith("\nsends:\n- id: 1\n") is False and "\nsends:\n- id: 1\n" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.rstrip("\n") + "\n" + row, encoding="utf-8")
    line = text.rstrip("\n").count("\n") + 2
    db = f"sqlite:///{tmp_path / 'db.db'}"
    _ok(invoke(db, "list"))
    state = database_state(db)
    whole = tmp_path / "whole.db"
    with monkeypatch.context() as mp:
        mp.setattr(backupfile, "layout", lambda _path: None)
        expected = invoke(f"sqlite:///{whole}", "import", str(bad))
    monkeypatch.setattr(backupfile, "ROWS_PER_CHUNK", 3)
    r = invoke(db, "import", str(bad))
    assert r.exit_code == expected.exit_code == 1
    assert r.stderr == expected.stderr
    assert error.format(line=line, index=1) in r.stderr
    assert database_state(db) == state


def test_a_bad_row_of_a_json_backup_is_named_as_a_whole_read_names_it(backups, tmp_path, monkeypatch):
    # The flat sections of a JSON backup (history, journal, ...) are read by the json module, their lines counted.
    text = backups["json"].read_text(encoding="utf-8")
    at = text.index('\n  "journal": [')
    for _ in range(5):
        at = text.index('"recorded_at": "', at) + len('"recorded_at": "')
    bad = tmp_path / "bad.json"
    bad.write_text(text[:at] + "yesterday" + text[text.index('"', at):], encoding="utf-8")
    row_line = text[:text.rindex("\n    {", 0, at) + 1].count("\n") + 1
    whole = tmp_path / "whole.db"
    with monkeypatch.context() as mp:
        mp.setattr(backupfile, "layout", lambda _path: None)
        expected = invoke(f"sqlite:///{whole}", "import", str(bad))
    monkeypatch.setattr(backupfile, "ROWS_PER_CHUNK", 3)
    r = invoke(f"sqlite:///{tmp_path / 'db.db'}", "import", str(bad))
    assert (r.exit_code, r.stderr) == (expected.exit_code, expected.stderr) == (
        1, f"Error: bad.json line {row_line}: journal[4]: recorded_at 'yesterday' is not a time; write it like"
           " 2014-01-28T14:00:00Z\n")
