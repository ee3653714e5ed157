"""A full backup (issue 14): export -> import into an empty database (SQLite or PostgreSQL), or `presskit copy`,
gives a database that behaves the same: the same records and ids, sends, history, `sends show` and next newsletter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import DATA, fresh_pg_database, invoke
from tests.database_support import database_state

KINDS = ("works", "people", "credits", "organizations", "coverage", "quotes", "awards", "selections",
         "screenings", "broadcasts", "events", "actions")
MAILCHIMP = ("--esp", "mailchimp")  # the film's data has no unsubscribe URL of its own


def _ok(result, code: int = 0) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout


def _history(db: str, out: Path) -> None:
    """The film's data, three sends to two audiences (and one undone), removals, corrections, embargoes; each
    send's email in ``out`` (1.html ...)."""
    _ok(invoke(db, "import", str(DATA)))
    _ok(invoke(db, "newsletter", "--mark-sent", "--now", "2014-01-29", *MAILCHIMP, "-o", str(out / "1.html")))
    _ok(invoke(db, "newsletter", "--mark-sent", "--audience", "press", "--now", "2014-01-30", *MAILCHIMP,
               "-o", str(out / "2.html")))
    _ok(invoke(db, "remove", "coverage", "nknews-review"))
    _ok(invoke(db, "status", "award", "csa-2014-best-documentary-program", "won", "--date", "2014-03-09"))
    _ok(invoke(db, "status", "award", "csa-2014-best-documentary-program", "nominated", "--force",
               "--date", "2014-03-10"))
    _ok(invoke(db, "edit", "coverage", "jol-press-interview-2014", "--author", "Anne Lesage", "--headline",
               "Fleeing North Korea", "--published", "2014-01-22"))
    _ok(invoke(db, "remove", "quote", "2"))
    _ok(invoke(db, "add", "coverage", "--outlet", "TVO", "--headline", "Held until the premiere", "--date",
               "2014-03-12", "--embargo-until", "2014-03-12 09:00"))
    _ok(invoke(db, "status", "award", "sheffield-2013-innovation-award", "lost", "--embargo-until",
               "2099-06-01 12:00"))
    _ok(invoke(db, "newsletter", "--mark-sent", "--now", "2014-03-11", *MAILCHIMP, "-o", str(out / "3.html")))
    _ok(invoke(db, "add", "coverage", "--outlet", "NKNews.org", "--headline", "Second look", "--date",
               "2014-03-12"))
    _ok(invoke(db, "newsletter", "--mark-sent", "--now", "2014-03-13", *MAILCHIMP, "-o", str(out / "4.html")))
    _ok(invoke(db, "sends", "undo", "4"))


def _behaviour(db: str) -> list[tuple[str, int, str, str]]:
    """What a user sees: every record, the sends, the history, each send shown again, the next newsletters."""
    commands = [("list", kind, "--json", "--removed") for kind in KINDS]
    commands += [("sends",), ("history", "--limit", "500"), ("list", "--embargoed")]
    commands += [("sends", "show", str(n), "--format", "text", *MAILCHIMP) for n in (1, 2, 3, 4)]
    commands += [("sends", "show", str(n), *MAILCHIMP) for n in (1, 3)]
    commands += [("newsletter", "--now", "2014-04-01", "--format", "text", *MAILCHIMP, "--audience", a)
                 for a in ("supporters", "press")]
    seen = []
    for args in commands:
        r = invoke(db, *args)
        seen.append((" ".join(args), r.exit_code, r.stdout, r.stderr))
    return seen


SOURCES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=SOURCES)
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[str, list, Path]]:
    """A database (SQLite, and PostgreSQL when the suite has a server) with a history, what it shows, and its
    backup (beside the sends' emails)."""
    folder = tmp_path_factory.mktemp("source")
    with ExitStack() as stack:
        if request.param == "sqlite":
            db = f"sqlite:///{folder / 'source.db'}"
        else:
            db = stack.enter_context(fresh_pg_database(request.getfixturevalue("_pg_admin")))
        _history(db, folder)
        backup = folder / "backup.yaml"
        _ok(invoke(db, "export", "-o", str(backup)))
        yield db, _behaviour(db), backup


def _target(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return f"sqlite:///{tmp_path / 'target.db'}" if kind == "sqlite" else request.getfixturevalue("pg_url")


TARGETS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def test_the_behaviour_compared_is_what_the_history_made(source):
    _, seen, backup = source
    shown = {args: (code, out, err) for args, code, out, err in seen}
    sends = shown["sends"][1].splitlines()
    assert len(sends) == 5 and "[undone" in sends[4] and " press " in sends[2]
    assert shown["newsletter --now 2014-04-01 --format text --esp mailchimp --audience supporters"][0] == 0
    press = shown["newsletter --now 2014-04-01 --format text --esp mailchimp --audience press"]
    assert press[0] == 0 and "Second look" in press[1]
    assert "corrected author: None -> 'Anne Lesage'" in shown["history --limit 500"][1]
    # Send 1 carried the interview corrected since: shown again, it is the email that went out, byte for byte.
    sent = (backup.parent / "1.html").read_text(encoding="utf-8")
    assert shown["sends show 1 --esp mailchimp"][1] == sent
    assert "North Korea is More Dangerous to Flee Than Ever" in sent and "Fleeing North Korea" not in sent
    # The held piece was not in send 3 (before its release), and was in send 4 (after it).
    assert "Held until the premiere" not in shown["sends show 3 --format text --esp mailchimp"][1]
    assert "Held until the premiere" in shown["sends show 4 --format text --esp mailchimp"][1]
    assert shown["list --embargoed"][1] == (
        "until Mon Jun 1, 2099 12:00 PM EDT  award 2: 2013 Sheffield Doc/Fest Awards — Sheffield Innovation Award:"
        " nominated -> lost\n")


@pytest.mark.parametrize("target_kind", TARGETS)
def test_a_backup_restored_into_an_empty_database_behaves_the_same(source, tmp_path, request, target_kind):
    db, seen, backup = source
    target = _target(target_kind, tmp_path, request)
    out = _ok(invoke(target, "import", str(backup)))
    assert out == "backup.yaml: restored 77 records, 43 news entries, 4 sends to 2 audiences\n"
    assert _behaviour(target) == seen
    # Nothing new since the last send, in the restored database as in the original.
    r = invoke(target, "newsletter", "--since", "last", *MAILCHIMP, "--audience", "press", "--now",
               "2014-04-01", "--mark-sent", "-o", str(tmp_path / "5.html"))
    assert r.exit_code == 0
    r = invoke(target, "newsletter", "--since", "last", *MAILCHIMP, "--audience", "press", "--now", "2014-04-02")
    assert (r.exit_code, r.stdout) == (3, "")
    # New records get new ids (PostgreSQL's sequences moved past the restored ones).
    added = _ok(invoke(target, "add", "coverage", "--outlet", "TVO", "--headline", "After the move", "--date",
                       "2014-04-03"))
    assert added.startswith("Added coverage 7:")
    assert _ok(invoke(target, "export")) != backup.read_text(encoding="utf-8")


@pytest.mark.parametrize("target_kind", TARGETS)
def test_copy_moves_everything_in_one_go(source, tmp_path, request, target_kind):
    db, seen, backup = source
    target = _target(target_kind, tmp_path, request)
    out = _ok(invoke(db, "copy", "--to", target))
    assert out.startswith("Copied 77 records, 43 news entries, 4 sends to 2 audiences to ")
    assert _behaviour(target) == seen
    assert _ok(invoke(target, "export")) == backup.read_text(encoding="utf-8")
    r = invoke(db, "copy", "--to", target)
    assert (r.exit_code, r.stderr) == (1, "Error: the database given with --to already has records; copy into an"
                                          " empty one (create it on the server first), or export this one and"
                                          " import it there with --merge\n")


def test_export_of_a_restored_database_is_the_same_text(source, tmp_path):
    _, _, backup = source
    target = f"sqlite:///{tmp_path / 'again.db'}"
    _ok(invoke(target, "import", str(backup)))
    assert _ok(invoke(target, "export")) == backup.read_text(encoding="utf-8")
    assert backup.read_text(encoding="utf-8").startswith("version: 2\norganizations:\n- id: 1\n")


def test_a_backup_into_a_database_with_records_is_refused_unless_merged(source, tmp_path):
    _, _, backup = source
    target = f"sqlite:///{tmp_path / 'busy.db'}"
    _ok(invoke(target, "import", str(DATA)))
    state = database_state(target)
    r = invoke(target, "import", str(backup))
    assert (r.exit_code, r.stderr) == (1, "Error: backup.yaml is a backup and this database already has records;"
                                          " restore it into an empty database (a new --db), or give --merge"
                                          " records-only to import its records like a data file (its sends and"
                                          " pending news are left out)\n")
    assert database_state(target) == state
    r = invoke(target, "import", str(backup), "--merge", "all")
    assert (r.exit_code, r.stderr) == (1, "Error: --merge 'all': use one of records-only\n")
    assert database_state(target) == state
    # Merged: the records the database has are found, the new one is added (and is news here).
    out = _ok(invoke(target, "import", str(backup), "--merge", "records-only"))
    assert out.startswith("backup.yaml: added 2 coverage; updated 1 coverage; 3 status changes")
    assert _ok(invoke(target, "sends")).startswith("No sends yet")
    assert _ok(invoke(target, "import", str(backup), "--merge", "records-only")) == "backup.yaml: nothing new\n"


def test_an_old_export_still_imports(tmp_path):
    """Version 1 (before backups): records named by key or "award-3", no ids, `removed: true`."""
    old = tmp_path / "old.yaml"
    old.write_text("version: 1\norganizations:\n- key: organization-1\n  name: TVO\n  kind: broadcaster\n"
                   "  timezone: America/Toronto\nworks:\n- key: the-film\n  title: The Film\n  primary: true\n"
                   "broadcasts:\n- key: broadcast-1\n  work: the-film\n  channel: organization-1\n"
                   "  starts_at: 2013-06-26 21:00\n  history:\n  - status: scheduled\n    date: '2013-06-10'\n"
                   "  removed: true\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'old.db'}"
    assert _ok(invoke(db, "import", str(old))) == (
        "old.yaml: added 1 organization, 1 work, 1 broadcast; updated nothing; 0 status changes\n")
    assert "removed" in _ok(invoke(db, "list", "broadcasts", "--json", "--removed"))
    assert _ok(invoke(db, "import", str(old))) == "old.yaml: nothing new\n"


@pytest.mark.parametrize(("change", "error"), [
    ("journal:\n- id: 1\n  kind: added\n  record_type: work\n  record_id: 1\n  news_date: '2014-01-01'\n"
     "  recorded_at: yesterday\n",
     "Error: b.yaml line 3: journal[0]: recorded_at 'yesterday' is not a time; write it like"
     " 2014-01-28T14:00:00Z"),
    ("audiences:\n- id: 1\n  name: supporters\n  created_at: '2014-01-01T00:00:00Z'\n  pending: 3-1\n",
     "Error: b.yaml line 3: audiences[0]: pending '3-1': the range 3-1 runs backwards"),
    ("sends:\n- id: 1\n  subject: Hello\n  sent_at: '2014-01-01T00:00:00Z'\n",
     "Error: b.yaml line 3: sends[0]: missing audience_id"),
    ("version: 3\n", "Error: b.yaml: version 3 is not one this presskit reads (1 or 2); export it again with"
     " this version, or upgrade presskit"),
    # Control characters are refused in a backup as at every entrance (issue 15).
    ("sends:\n- id: 1\n  audience_id: 1\n  subject: \"Hello \\e[2J\"\n  sent_at: '2014-01-01T00:00:00Z'\n",
     "Error: b.yaml line 3: sends[0]: subject contains an escape character (ESC), which is not text; remove it"),
])
def test_a_bad_backup_is_refused_and_writes_nothing(tmp_path, change, error):
    path = tmp_path / "b.yaml"
    head = "" if change.startswith("version") else "version: 2\n"
    path.write_text(head + change + "works:\n- id: 1\n  slug: f\n  title: F\n  created_at: '2014-01-01T00:00:00Z'\n",
                    encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    _ok(invoke(db, "list"))
    state = database_state(db)
    r = invoke(db, "import", str(path))
    assert (r.exit_code, r.stderr) == (1, error + "\n")
    assert database_state(db) == state
