"""The record commands, one by one, as a publicist types them (issue 2, section 3)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from presskit import models as m
from presskit.kinds import KINDS, RECORD_KINDS
from tests.database_support import rows


def _ok(r, *starts: str) -> str:
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    for prefix in starts:
        assert prefix in r.stdout, r.stdout
    return r.stdout


def test_init_creates_the_database_and_the_primary_work(cli, engine):
    out = _ok(cli("init", "--title", "The Defector: Escape from North Korea"))
    assert (
        out.splitlines()[1]
        == "Added work 1: The Defector: Escape from North Korea (slug the-defector-escape-from-north-korea)"
    )
    (work,) = rows(engine, m.Work)
    assert work.primary is True
    # init again is harmless: nothing added, nothing lost
    out = _ok(cli("init"))
    assert out.startswith("Database ready: ")
    assert len(rows(engine, m.Work)) == 1


def test_every_kind_can_be_added_and_corrected_with_the_example_from_its_help(cli, engine):
    """The examples in `add KIND --help` and `edit KIND --help` (presskit/kinds/) work, in this order."""
    _ok(cli("init", "--title", "The Defector"))
    from tests.test_media import make_jpeg

    make_jpeg(Path("data/media/defector-still-01.jpg"))  # the picture the media example names
    for name in RECORD_KINDS:
        k = KINDS[name]
        help_text = _ok(cli("add", name, "--help"))
        assert k.example in help_text, f"add {name} --help shows no example"
        args = shlex.split(k.example)
        assert args[:3] == ["presskit", "add", name]
        out = _ok(cli(*args[1:]))
        assert out.startswith(f"Added {name} "), out
    for name in RECORD_KINDS:
        k = KINDS[name]
        assert k.edit_example in _ok(cli("edit", name, "--help"))
        args = shlex.split(k.edit_example)
        assert args[:3] == ["presskit", "edit", name]
        out = _ok(cli(*args[1:]))
        assert out.startswith(f"Edited {name} "), out
    # What the examples wrote is what they said: spot-check the zoned ones.
    (broadcast,) = rows(engine, m.Broadcast)
    # added at 8.30pm, corrected to 21:30, Sydney time
    assert (broadcast.local_start.isoformat(), broadcast.local_start.tzname()) == (
        "2013-06-17T21:30:00+10:00", "AEST",
    )
    (screening,) = rows(engine, m.Screening)
    assert screening.selection.key == "hot-docs-2013" and screening.room == "Cinema 5"
    assert screening.local_start.isoformat() == "2013-04-27T21:00:00-04:00"
    (event,) = rows(engine, m.Event)
    assert event.local_end.isoformat() == "2013-06-27T21:00:00-04:00"
    (action,) = rows(engine, m.Action)
    assert action.local_deadline.isoformat() == "2011-12-05T23:59:00-05:00"


def test_add_prints_the_new_id_and_a_summary(cli):
    _ok(cli("init", "--title", "The Defector"))
    r = cli(
        "add", "award", "--body", "Academy of Canadian Cinema & Television", "--award",
        "Canadian Screen Awards", "--year", "2014", "--category", "Diversity Award", "--status", "won",
        "--date", "2014-01-28",
    )
    assert r.stdout == "Added award 1: 2014 Canadian Screen Awards — Diversity Award — won\n"
    r = cli(
        "add", "coverage", "--outlet", "NKNews.org", "--headline", "Film Review: The Defector", "--url",
        "https://www.nknews.org/review/", "--date", "March 9, 2014", "--kind", "review", "--author",
        "Nicolle Loughlin", "--quote", "A unique documentary",
    )
    assert (
        r.stdout
        == "Added coverage 1: 2014-03-09 NKNews.org: Film Review: The Defector by Nicolle Loughlin [review]\n"
    )
    # the nominee is a person, created when new
    r = cli(
        "add", "award", "--body", "Canadian Society of Cinematographers", "--edition", "56th", "--award",
        "CSC Awards", "--year", "2013", "--category", "Best Documentary Cinematography", "--nominee",
        "Stephen Chung", "--date", "2013-02-26",
    )
    assert (
        r.stdout
        == "Added award 2: 56th CSC Awards — Stephen Chung, Best Documentary Cinematography — nominated\n"
    )


def test_work_defaults_to_the_only_then_the_primary_work(cli, engine):
    _ok(cli("init", "--title", "The Defector"))
    _ok(cli("add", "action", "--title", "Watch the trailer", "--date", "2014-01-14"))
    _ok(cli("add", "work", "--title", "The Defector Interactive", "--kind", "interactive"))
    _ok(cli("add", "action", "--title", "Try the interactive", "--date", "2013-11-20"))
    _ok(cli("add", "action", "--title", "Play", "--work", "the-defector-interactive", "--date", "2013-11-20"))
    assert [(a.title, a.work.slug) for a in rows(engine, m.Action)] == [
        ("Watch the trailer", "the-defector"),
        ("Try the interactive", "the-defector"),
        ("Play", "the-defector-interactive"),
    ]
    # making the interactive primary moves the default (and there is still one primary)
    _ok(cli("edit", "work", "the-defector-interactive", "--primary"))
    assert [(w.slug, w.primary) for w in rows(engine, m.Work)] == [
        ("the-defector", False),
        ("the-defector-interactive", True),
    ]
    _ok(cli("add", "action", "--title", "Share", "--date", "2013-11-21"))
    assert rows(engine, m.Action)[-1].work.slug == "the-defector-interactive"
    # none primary among several: the user is told to choose
    _ok(cli("edit", "work", "the-defector-interactive", "--no-primary"))
    r = cli("add", "action", "--title", "Vote", "--date", "2013-11-21")
    assert (r.exit_code, r.stderr) == (
        1,
        "Error: several works (the-defector, the-defector-interactive) and none is primary; give"
        " --work SLUG\n",
    )


def test_tz_defaults_to_the_zone_of_the_venue_channel_or_festival(cli, engine):
    _ok(cli("init", "--title", "The Defector"))
    _ok(cli("add", "organization", "--name", "ABC1", "--kind", "broadcaster", "--tz", "Australia/Sydney"))
    _ok(
        cli(
            "add", "organization", "--name", "Scotiabank Theatre", "--kind", "venue", "--tz",
            "America/Toronto",
        )
    )
    _ok(
        cli(
            "add", "organization", "--name", "Sheffield Doc/Fest", "--kind", "festival", "--tz",
            "Europe/London",
        )
    )
    _ok(
        cli(
            "add", "organization", "--name", "Art Directors Club", "--kind", "venue", "--tz",
            "America/New_York",
        )
    )
    out = _ok(
        cli("add", "broadcast", "--channel", "ABC1", "--start", "Monday June 17 8.30pm", "--year", "2013")
    )
    assert out == "Added broadcast 1: Mon Jun 17, 2013 8:30 PM AEST — ABC1 — scheduled\n"
    out = _ok(
        cli(
            "add", "screening", "--venue", "Scotiabank Theatre", "--start", "Sat, Apr 27 9:00 PM", "--year",
            "2013",
        )
    )
    assert out == "Added screening 1: Sat Apr 27, 2013 9:00 PM EDT — Scotiabank Theatre — scheduled\n"
    _ok(
        cli(
            "add", "selection", "--festival", "Sheffield Doc/Fest", "--year", "2013", "--key",
            "sheffield-2013",
        )
    )
    out = _ok(cli("add", "screening", "--selection", "sheffield-2013", "--start", "2013-06-15 18:00"))
    assert out == "Added screening 2: Sat Jun 15, 2013 6:00 PM BST — Sheffield Doc/Fest — scheduled\n"
    out = _ok(
        cli("add", "event", "--title", "Q&A", "--place", "Art Directors Club", "--start", "June 27 2013 7pm")
    )
    assert "Thu Jun 27, 2013 7:00 PM EDT" in out
    # an explicit --tz wins over the place's zone
    out = _ok(
        cli("add", "broadcast", "--channel", "ABC1", "--start", "2013-06-17 20:30", "--tz", "Australia/Perth")
    )
    assert "Mon Jun 17, 2013 8:30 PM AWST" in out
    assert [b.timezone for b in rows(engine, m.Broadcast)] == ["Australia/Sydney", "Australia/Perth"]


def test_status_edit_remove_restore_show_and_history(cli, engine):
    _ok(cli("init", "--title", "The Defector"))
    _ok(
        cli(
            "add", "award", "--body", "Academy of Canadian Cinema & Television", "--award",
            "Canadian Screen Awards", "--year", "2014", "--category", "Best Documentary Program", "--date",
            "2014-01-14",
        )
    )
    out = _ok(
        cli(
            "status", "award", "1", "won", "--date", "2014-03-09", "--note", "announced at the gala", "--url",
            "https://www.academy.ca/winners",
        )
    )
    assert out == "award 1: nominated -> won on 2014-03-09\n"
    out = _ok(cli("edit", "award", "1", "--category", "Best Documentary Program or Series"))
    assert (
        out == "Edited award 1: category 'Best Documentary Program' -> 'Best Documentary Program or Series'\n"
    )
    assert (
        _ok(cli("edit", "award", "1", "--category", "Best Documentary Program or Series"))
        == "award 1: nothing changed\n"
    )
    out = _ok(cli("remove", "award", "1"))
    assert out == "Removed award 1; undo with: presskit restore award 1\n"
    assert _ok(cli("list", "awards")) == "No awards yet; add one with: presskit add award --help\n"
    assert "2014 Canadian Screen Awards" in _ok(cli("list", "awards", "--removed"))
    assert _ok(cli("restore", "award", "1")) == "Restored award 1\n"
    assert (
        _ok(cli("list", "awards"))
        == "    1  2014 Canadian Screen Awards — Best Documentary Program or Series — won\n"
    )
    show = _ok(cli("show", "award", "1")).splitlines()
    assert show[0] == "award 1: 2014 Canadian Screen Awards — Best Documentary Program or Series — won"
    assert "  body: Academy of Canadian Cinema & Television" in show
    assert "  status: won" in show
    history_at = show.index("  history:")
    assert show[history_at + 1 : history_at + 3] == [
        "    2014-01-14  added as nominated",
        "    2014-03-09  nominated -> won (announced at the gala) <https://www.academy.ca/winners>",
    ]
    assert [line.strip().split("  ", 1)[1] for line in show[history_at + 3 :]] == [
        "corrected category: 'Best Documentary Program' -> 'Best Documentary Program or Series'", "removed",
        "restored",
    ]
    history = _ok(cli("history")).splitlines()
    assert len(history) == 5
    news = [line for line in history if line.startswith("news")]
    # Each line names the record as it is now, cut to 60 characters.
    name = "award 1 (2014 Canadian Screen Awards — Best Documentary Program or S…)"
    assert news == [
        f"news        2014-03-09  {name}: nominated -> won (announced at the gala)"
        " <https://www.academy.ca/winners>", f"news        2014-01-14  {name}: added as nominated",
    ]
    assert sum(line.startswith("correction") for line in history) == 3
    assert len(_ok(cli("history", "--limit", "2")).splitlines()) == 2


def test_history_of_an_empty_database_says_so(cli):
    assert _ok(cli("history")) == "Nothing recorded yet; start with: presskit add --help\n"


def test_list_counts_every_kind_and_json_has_every_field(cli, defector):
    counts = dict(line.split() for line in _ok(cli("list")).splitlines())
    assert counts == {
        "works": "2",
        "people": "2",
        "credits": "2",
        "organizations": "24",
        "coverage": "4",
        "quotes": "2",
        "awards": "6",
        "selections": "8",
        "screenings": "3",
        "broadcasts": "9",
        "events": "3",
        "actions": "5",
        "media": "5",
    }
    assert json.loads(_ok(cli("list", "--json")))["awards"] == 6
    awards = json.loads(_ok(cli("list", "awards", "--json")))
    assert [a["id"] for a in awards] == [1, 2, 3, 4, 5, 6]
    diversity = next(a for a in awards if a["category"] == "Diversity Award")
    assert diversity == {
        "id": 6,
        "key": "csa-2014-diversity",
        "work": "the-defector",
        "body": "Academy of Canadian Cinema & Television",
        "award": "Canadian Screen Awards",
        "edition": None,
        "year": 2014,
        "category": "Diversity Award",
        "nominee": None,
        "status": "won",
        "url": None,
        "ceremony_on": None,
        "inferred": ["history"],  # data/ marks the award's date as inferred from the post date
    }
    tvo = json.loads(_ok(cli("list", "broadcasts", "--json")))[0]
    assert tvo["starts_at"] == "2013-06-26T21:00:00-04:00"
    assert tvo["channel"] == "TVO" and tvo["status"] == "scheduled" and tvo["premiere"] is True
    for name in RECORD_KINDS:
        for record in json.loads(_ok(cli("list", KINDS[name].plural, "--json"))):
            fields = {f.name for f in KINDS[name].fields if not f.virtual or f.name == "status"}
            assert fields <= set(record), (name, fields - set(record))


def test_list_streams_the_same_text_as_one_json_document(cli, defector, engine):
    # `list` writes record by record (issue 6: 100,000 coverage items in flat memory); the text is exactly
    # json.dumps(list, indent=2) of every record, in id order across read batches of 500.
    from presskit import records
    from presskit.db import session_scope
    from presskit.describe import to_dict

    before = len(_ok(cli("list", "coverage")).splitlines())
    with session_scope(engine) as s:
        for i in range(1, 1203):
            records.add(s, "coverage", {"outlet": "NKNews.org", "headline": f"Piece {i}", "published": "2014-02-01",
                                        "kind": "news"})
    for name in RECORD_KINDS:
        with session_scope(engine, write=False) as s:
            expected = json.dumps([to_dict(r) for r in records.list_records(s, name)], indent=2,
                                  ensure_ascii=False) + "\n"
        assert cli("list", KINDS[name].plural, "--json").stdout == expected, name
    listed = _ok(cli("list", "coverage")).splitlines()
    assert len(listed) == before + 1202 and listed[-1].endswith("NKNews.org: Piece 1202 [news]")
    assert [int(line.split()[0]) for line in listed] == sorted(int(line.split()[0]) for line in listed)


def test_list_shows_local_times_with_the_zone_abbreviation(cli, defector):
    lines = _ok(cli("list", "broadcasts")).splitlines()
    assert lines[0] == "    1  Wed Jun 26, 2013 9:00 PM EDT — TVO — scheduled"
    assert lines[5] == "    6  Mon Jun 17, 2013 8:30 PM AEST — ABC1 — scheduled"
    assert lines[8] == "    9  on demand — ABC iview — scheduled"


def test_show_reads_well(cli, defector):
    out = _ok(cli("show", "screening", "hot-docs-2013-1")).splitlines()
    assert out[0] == "screening 1: Sat Apr 27, 2013 9:00 PM EDT — Scotiabank Theatre, Cinema 4 — scheduled"
    assert "  starts_at: Sat Apr 27, 2013 9:00 PM EDT" in out
    assert out[-2:] == ["  history:", "    2013-03-20  added as scheduled"]
    out = _ok(cli("show", "coverage", "nknews-review")).splitlines()
    assert (
        "  quotes: “A unique documentary with thoughtful production and a striking visual identity, The"
        " Defector is a must-see for anyone interested in North Korean refugees, human rights or, simply"
        " in the difficulties of real human lives.”" in out
    )
    assert "  featured: yes" not in out
    assert "  countries: Canada" in _ok(cli("show", "work", "the-defector")).splitlines()


def test_import_and_export_through_the_command_line(cli, tmp_path):
    from tests.conftest import DATA

    out = _ok(cli("import", str(DATA)))
    assert out == (
        "the-defector.yaml: added 24 organization, 2 person, 2 work, 4 coverage, 6 award, 8 selection,"
        " 3 screening, 9 broadcast, 3 event, 5 action, 5 media; updated nothing; 1 status changes\n"
    )
    assert _ok(cli("import", str(DATA))) == "the-defector.yaml: nothing new\n"
    out = _ok(cli("export", "-o", str(tmp_path / "all.json")))
    assert out == f"Wrote {tmp_path / 'all.json'}\n"
    exported = json.loads((tmp_path / "all.json").read_text())
    assert len(exported["broadcasts"]) == 9
    yaml_text = _ok(cli("export"))
    assert yaml_text.startswith("version: 2\norganizations:\n")
    assert _ok(cli("export", "--format", "json")) == (tmp_path / "all.json").read_text()


def test_python_dash_m_presskit_runs(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "presskit", "--db", str(tmp_path / "m.db"), "init"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"Database ready: sqlite:///{tmp_path / 'm.db'}\n"


def test_db_from_the_environment(cli, monkeypatch, tmp_path):
    from click.testing import CliRunner
    from typer.main import get_command

    from presskit.cli import app

    monkeypatch.setenv("PRESSKIT_DB", str(tmp_path / "env.db"))
    r = CliRunner(mix_stderr=False).invoke(get_command(app), ["init"])
    assert r.stdout == f"Database ready: sqlite:///{tmp_path / 'env.db'}\n"
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init"],
        ["add"],
        ["status"],
        ["edit"],
        ["remove"],
        ["restore"],
        ["list"],
        ["show"],
        ["history"],
        ["import"],
        ["export"],
        ["demo"],
        *[["add", k] for k in RECORD_KINDS],
        *[["edit", k] for k in RECORD_KINDS],
    ],
)
def test_every_command_has_help_with_an_example(cli, command):
    out = _ok(cli(*command, "--help"))
    assert out.startswith(f"Usage: presskit {' '.join(command)}".rstrip())
    assert "\\[" not in out  # Typer's rich escaping must not leak into plain help
    if command:
        assert "Example:" in out, out
        example = out.split("Example:", 1)[1].strip().splitlines()[0].strip()
        assert example.startswith(f"presskit {command[0]}"), example
        # an example is one line: a publicist can copy it whole
        assert len(shlex.split(example)) > 1
    else:
        for name in (
            "init", "add", "status", "edit", "remove", "restore", "list", "show", "history", "import",
            "export",
        ):
            assert f"\n  {name} " in out


def test_root_help_lists_commands_in_the_order_a_publicist_meets_them(cli):
    out = _ok(cli("--help"))
    commands = [
        line.split()[0] for line in out.split("Commands:\n", 1)[1].splitlines() if line.startswith("  ")
    ]
    assert commands[:11] == [
        "init", "add", "status", "edit", "remove", "restore", "list", "show", "history", "import", "export",
    ]


def test_status_help_lists_every_status_of_every_kind(cli):
    out = _ok(cli("status", "--help"))
    for name in ("award", "selection", "screening", "broadcast", "event"):
        k = KINDS[name]
        assert name in out
        for status in k.status:
            assert status.value in out, (name, status.value)
    assert "--force" in out


def test_add_and_edit_help_describe_every_field(cli):
    for name in RECORD_KINDS:
        add_help = _ok(cli("add", name, "--help")).split("\nOptions:\n", 1)[1]
        edit_help = _ok(cli("edit", name, "--help")).split("\nOptions:\n", 1)[1]
        for f in KINDS[name].fields:
            assert f.option in add_help, (name, f.option)
            assert (f.option in edit_help) == f.editable, (name, f.option)
            if f.enum is not None:
                assert ", ".join(e.value for e in f.enum) in " ".join(add_help.split())
            if f.required:
                assert "(required)" in " ".join(add_help.split(f.option, 1)[1].split("\n  -", 1)[0].split())


def test_kinds_can_be_named_by_plural_or_alias(cli, defector):
    assert _ok(cli("list", "nomination")) == _ok(cli("list", "awards"))
    assert _ok(cli("show", "org", "TVO")).startswith("organization ")
    assert _ok(cli("add", "nomination", "--help")).startswith("Usage: presskit add nomination")


def test_missing_required_fields_are_asked_for_at_a_terminal(cli, engine, monkeypatch):
    import presskit.cli.records as cli_records

    _ok(cli("init", "--title", "The Defector"))
    monkeypatch.setattr(cli_records, "_interactive", lambda: True)
    r = cli(
        "add", "award", "--year", "2014", "--date", "2014-01-28",
        input="Academy of Canadian Cinema & Television\nDiversity Award\n",
    )
    out = _ok(r)
    assert "Award body (name, key or id); created if new: " in out
    assert "Category, e.g. Best Documentary Program: " in out
    assert out.endswith(
        "Added award 1: 2014 Academy of Canadian Cinema & Television — Diversity Award — nominated\n"
    )
    (award,) = rows(engine, m.Nomination)
    assert (award.body.name, award.category, award.year) == (
        "Academy of Canadian Cinema & Television", "Diversity Award", 2014,
    )


def test_missing_required_fields_off_a_terminal_are_an_error(cli, engine):
    _ok(cli("init", "--title", "The Defector"))
    r = cli("add", "award", "--year", "2014", input="Academy\nDiversity Award\n")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Error: missing --body: award body (name, key or id); created if new"
        " (see 'presskit add award --help')\n"
    )
    assert rows(engine, m.Nomination) == []


@pytest.mark.sqlite_only("a real pseudo-terminal runs the installed command against a file")
def test_prompts_on_a_real_pseudo_terminal(tmp_path, engine, db_url):
    """`presskit add screening` with no --start, typed into a real terminal."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    from presskit import records
    from presskit.db import session_scope

    with session_scope(engine) as s:
        records.add(s, "work", {"title": "The Defector"})
        records.add(s, "organization", {"name": "The Regent", "kind": "venue", "timezone": "America/Toronto"})
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "presskit", "--db", db_url, "add", "screening", "--venue", "The Regent",
            "--date", "2013-03-20",
        ],
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
        env={**os.environ, "TZ": "Pacific/Kiritimati"},
    )
    os.close(child)
    seen = b""

    def read_until(text: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while text not in seen:
            assert time.monotonic() < deadline, seen
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                try:
                    seen += os.read(main, 1024)
                except OSError:  # the child closed the terminal
                    break

    read_until(b"Local start, e.g. 'Sat, Apr 27 9:00 PM': ")
    os.write(main, b"Sat, May 4 2013 6:30 PM\r")
    read_until(b"Added screening")
    read_until(b"scheduled")
    assert proc.wait(timeout=60) == 0, seen
    os.close(main)
    assert (
        b"Added screening 1: Sat May 4, 2013 6:30 PM EDT \xe2\x80\x94 The Regent \xe2\x80\x94 scheduled"
        in seen
    )


def test_the_examples_in_presskit_help_run_in_order(cli):
    out = _ok(cli("--help"))
    block = out.split("Start with the film, then record what happens to it:\n", 1)[1]
    block = block.lstrip("\n").split("\n\n")[0]
    commands = [shlex.split(line) for line in block.splitlines()]
    assert [c[:2] for c in commands] == [["presskit", "init"], ["presskit", "add"], ["presskit", "status"],
                                         ["presskit", "list"]]
    for args in commands:
        _ok(cli(*args[1:]))
    assert _ok(cli("list", "awards")) == (
        "    1  2014 Academy of Canadian Cinema & Television — Diversity Award — won\n")


def test_a_removed_record_says_how_to_bring_it_back(cli, defector):
    _ok(cli("remove", "coverage", "nknews-review"))
    r = cli("edit", "coverage", "nknews-review", "--author", "N. Loughlin")
    assert (r.exit_code, r.stderr) == (
        1, "Error: coverage 2 is removed; bring it back first with 'presskit restore coverage 2'\n")
    assert "  removed: yes" in _ok(cli("show", "coverage", "2")).splitlines()


def test_a_name_is_found_in_another_case_beyond_ascii(cli, engine):
    # SQLite's own lower() folds A-Z only; both databases must find "ÉCOLE DU DOC" from "école du doc".
    assert cli("add", "organization", "--name", "ÉCOLE DU DOC ÅRHUS", "--kind", "festival").exit_code == 0
    r = cli("show", "organization", "école du doc århus")
    assert r.exit_code == 0, r.stderr
    assert "ÉCOLE DU DOC ÅRHUS" in r.stdout
    r = cli("show", "organization", "école du doc")
    assert r.exit_code == 1 and r.stderr.startswith("Error: "), r.stdout


def test_a_second_organization_with_the_same_name_in_another_case_is_refused(cli, engine):
    assert cli("add", "organization", "--name", "ÉCOLE DU DOC", "--kind", "festival").exit_code == 0
    r = cli("add", "organization", "--name", "école du doc", "--kind", "festival")
    assert r.exit_code == 1
    assert r.stderr == ("Error: organization 1 is already called 'ÉCOLE DU DOC'; see 'presskit show organization"
                        " 1'\n")
