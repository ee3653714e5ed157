"""Every bad input of issue 2, section 5: one line `Error: …` on stderr saying what was wrong and how to fix
it, a non-zero exit, no traceback, nothing on stdout, and the database exactly as it was (compared whole).

The database is the film's records (data/the-defector.yaml), so a bad command has real rows to damage.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from presskit import datafile
from presskit.db import open_database, session_scope
from tests.conftest import DATA
from tests.database_support import database_state, sqlite_path

KINDS_LIST = (
    "work, person, credit, organization, coverage, quote, award, selection, screening, broadcast, event,"
    " action, media"
)
NOMINATION_STATUSES = "submitted, shortlisted, nominated, won, lost, withdrawn, disqualified"
NOT_A_URL = "is not an http(s) or mailto URL; give a full address such as https://example.com/page"


@pytest.fixture(scope="module")
def _seed_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    engine = open_database(f"sqlite:///{path}")
    with session_scope(engine) as s:
        datafile.import_data(s, datafile.load_file(DATA), source=DATA.name)
    engine.dispose()  # the last connection closing folds the WAL into the file
    return path


@pytest.fixture
def seeded(db_url: str, db_backend: str, _seed_file) -> str:
    """``db_url`` holding the film's records (a copy of one import on SQLite, a fresh import elsewhere)."""
    if db_backend == "sqlite":
        shutil.copy(_seed_file, sqlite_path(db_url))
    else:
        engine = open_database(db_url)
        with session_scope(engine) as s:
            datafile.import_data(s, datafile.load_file(DATA), source=DATA.name)
        engine.dispose()
    return db_url


def assert_refused(cli, db_url: str, args, message: str, code: int = 1, input: str | None = None) -> None:
    before = database_state(db_url)
    r = cli(*args, input=input)
    assert r.stderr == f"Error: {message}\n", r.stderr
    assert (r.exit_code, r.stdout) == (code, "")
    assert "Traceback" not in r.stderr
    assert database_state(db_url) == before


KIT_PDF_BASE_URL = ("--base-url applies to the press kit's web page, not to a PDF (a printed kit links no site);"
                    " drop --base-url, or write the page: -o press-kit.html")

CASES = {
    # unknown kind or status
    "unknown kind to add": (
        ["add", "trophy", "--body", "X"],
        f"unknown kind 'trophy'; use one of: {KINDS_LIST} (see 'presskit add --help')",
        2,
    ),
    "unknown kind to list": (["list", "trophies"], f"unknown kind 'trophies'; use one of: {KINDS_LIST}", 1),
    "unknown kind to change": (
        ["status", "trophy", "1", "won"],
        f"unknown kind 'trophy'; use one of: {KINDS_LIST}",
        1,
    ),
    "unknown kind to edit": (
        ["edit", "trophy", "1", "--x", "y"],
        f"unknown kind 'trophy'; use one of: {KINDS_LIST} (see 'presskit edit --help')",
        2,
    ),
    "unknown kind to remove": (
        ["remove", "trophy", "1"],
        f"unknown kind 'trophy'; use one of: {KINDS_LIST}",
        1,
    ),
    "unknown kind to show": (["show", "trophy", "1"], f"unknown kind 'trophy'; use one of: {KINDS_LIST}", 1),
    "unknown status": (
        ["status", "award", "1", "victorious"],
        f"unknown award status 'victorious'; use one of: {NOMINATION_STATUSES}",
        1,
    ),
    "unknown status when adding": (
        [
            "add", "award", "--body", "Academy", "--year", "2014", "--category", "Best", "--status",
            "victorious",
        ],
        f"--status: unknown status 'victorious'; use one of: {NOMINATION_STATUSES}",
        1,
    ),
    "status of a kind without one": (
        ["status", "work", "1", "won"],
        "a work has no status; statuses exist for: award, selection, screening, broadcast, event", 1,
    ),
    "unknown coverage kind": (
        ["add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--kind", "blog"],
        "--kind: unknown kind 'blog'; use one of: review, interview, feature, list, op_doc, news,"
        " broadcast_segment", 1,
    ),
    # dates and times
    "unparseable date": (
        [
            "add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--date",
            "the day after the gala",
        ],
        "cannot read --published 'the day after the gala'; write it like 2014-03-09, 'March 9, 2014' or"
        " 'Sat, Apr 27 9:00 PM'", 1,
    ),
    "unparseable status date": (
        ["status", "award", "csa-2014-best-documentary-program", "won", "--date", "soon"],
        "cannot read --date 'soon'; write it like 2014-03-09, 'March 9, 2014' or 'Sat, Apr 27 9:00 PM'", 1,
    ),
    "no such day": (
        ["add", "broadcast", "--channel", "TVO", "--start", "June 31 9pm", "--year", "2013"],
        "cannot read --starts-at 'June 31 9pm'; write it like 2014-03-09, 'March 9, 2014' or 'Sat,"
        " Apr 27 9:00 PM'", 1,
    ),
    "ambiguous date": (
        ["add", "award", "--body", "Academy", "--year", "2014", "--category", "Best", "--date", "03/04/2014"],
        "ambiguous --date '03/04/2014' (day/month or month/day?); write it as YYYY-MM-DD, e.g. 2014-03-09", 1,
    ),
    "ambiguous date without a year": (
        ["add", "screening", "--venue", "The Regent", "--start", "4/5 6:30pm", "--year", "2013"],
        "ambiguous --starts-at '4/5 6:30pm' (day/month or month/day?); write it as YYYY-MM-DD, e.g."
        " 2014-03-09", 1,
    ),
    "ambiguous local time": (
        ["add", "broadcast", "--channel", "TVO", "--start", "2013-11-03 01:30"],
        "--starts-at '2013-11-03 01:30' happens twice in America/Toronto (the clocks go back); add"
        " the UTC offset,"
        " e.g. '2013-11-03 01:30-0400' for the first or '2013-11-03 01:30-0500' for the second", 1,
    ),
    "local time that does not exist": (
        ["add", "broadcast", "--channel", "TVO", "--start", "2013-03-10 02:30"],
        "--starts-at '2013-03-10 02:30' does not exist in America/Toronto (the clocks skip it);"
        " check the time", 1,
    ),
    "weekday mismatch": (
        ["add", "screening", "--venue", "The Regent", "--start", "Sat, Apr 27 9:00 PM", "--year", "2014"],
        "--starts-at 'Sat, Apr 27 9:00 PM': April 27, 2014 is a Sunday; check the date or the year", 1,
    ),
    "zone abbreviation": (
        ["add", "broadcast", "--channel", "TVO", "--start", "June 26 9pm EST", "--year", "2013"],
        "--starts-at 'June 26 9pm EST' names a zone abbreviation; give the local time and --tz with"
        " an IANA name"
        " (e.g. America/Toronto), which knows about daylight saving", 1,
    ),
    "midnight": (
        ["add", "broadcast", "--channel", "TVO", "--start", "Wednesday, June 26 midnight", "--year", "2013"],
        "--starts-at 'Wednesday, June 26 midnight' says 'midnight'; write the clock time with its"
        " own date instead,"
        " e.g. '2013-06-27 00:00' for midnight after June 26", 1,
    ),
    "no time of day": (
        ["add", "broadcast", "--channel", "TVO", "--start", "2013-06-26"],
        "--starts-at '2013-06-26' has no time of day; add one, e.g. '2013-06-26 21:00'", 1,
    ),
    "no year": (
        ["add", "award", "--body", "Academy", "--year", "2014", "--category", "Best", "--date", "March 9"],
        "--date 'March 9' has no year; add it, e.g. 'March 9, 2014'", 1,
    ),
    # time zones
    "unknown time zone": (
        ["add", "broadcast", "--channel", "TVO", "--start", "2013-06-26 21:00", "--tz", "Toronto"],
        "unknown time zone 'Toronto'; use an IANA name such as America/Toronto or Europe/London", 1,
    ),
    "misspelt time zone": (
        ["add", "organization", "--name", "Sydney Opera House", "--tz", "Australia/Syd"],
        "unknown time zone 'Australia/Syd'; use an IANA name such as America/Toronto or Europe/London", 1,
    ),
    "abbreviation as a zone": (
        ["edit", "organization", "tvo", "--timezone", "EST"],
        "unknown time zone 'EST'; use an IANA name such as America/Toronto or Europe/London", 1,
    ),
    "no zone anywhere": (
        ["add", "broadcast", "--channel", "New Channel", "--start", "2013-06-26 21:00"],
        "broadcast needs a time zone for --starts-at: give --tz with an IANA name (e.g."
        " America/Toronto), or set the"
        " place's zone with 'presskit edit organization ID --timezone ZONE'", 1,
    ),
    # unknown ids
    "unknown id to change": (
        ["status", "award", "99", "won"],
        "no award with id or key '99'; see 'presskit list awards'", 1,
    ),
    "unknown id to edit": (
        ["edit", "award", "99", "--category", "X"],
        "no award with id or key '99'; see 'presskit list awards'", 1,
    ),
    "unknown id to remove": (
        ["remove", "coverage", "99"],
        "no coverage with id or key '99'; see 'presskit list coverage'", 1,
    ),
    "restore what is not removed": (["restore", "coverage", "1"], "coverage 1 is not removed", 1),
    "unknown key to show": (
        ["show", "award", "no-such-key"],
        "no award with id or key 'no-such-key'; see 'presskit list awards'", 1,
    ),
    "unknown selection": (
        [
            "add", "screening", "--selection", "no-such-selection", "--start", "2013-04-27 21:00", "--tz",
            "America/Toronto",
        ],
        "--selection: no selection 'no-such-selection'; see 'presskit list selections'", 1,
    ),
    "unknown coverage for a quote": (
        ["add", "quote", "--coverage", "99", "--text", "A must-see"],
        "--coverage: no coverage '99'; see 'presskit list coverage'", 1,
    ),
    "unknown work": (
        [
            "add", "award", "--work", "no-such-film", "--body", "Academy", "--year", "2014", "--category",
            "Best",
        ],
        "no work with id or key 'no-such-film'; see 'presskit list works'", 1,
    ),
    # missing required fields (off a terminal nothing is asked)
    "missing category": (
        ["add", "award", "--body", "Academy", "--year", "2014"],
        "missing --category: category, e.g. Best Documentary Program (see 'presskit add award --help')", 1,
    ),
    "missing headline": (
        ["add", "coverage", "--outlet", "NKNews.org"],
        "missing --headline: headline (see 'presskit add coverage --help')", 1,
    ),
    "missing start": (
        ["add", "screening", "--venue", "The Regent"],
        "missing --starts-at: local start, e.g. 'Sat, Apr 27 9:00 PM' (see 'presskit add screening --help')",
        1,
    ),
    "event without a time or a date": (
        ["add", "event", "--title", "Panel"],
        "event needs --start (a local time) or --starts-on (a date)", 1,
    ),
    "missing name": (["add", "person"], "missing --name: full name (see 'presskit add person --help')", 1),
    "edit with nothing to change": (
        ["edit", "award", "1"],
        "nothing to change; give at least one option, see 'presskit edit award --help'", 1,
    ),
    "status without the new status": (
        ["status", "award", "1"],
        "Missing argument 'NEW_STATUS'. (see 'presskit status --help')", 2,
    ),
    # URLs: only http(s) and mailto
    "javascript URL": (
        ["add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--url", "javascript:alert(1)"],
        f"--url 'javascript:alert(1)' {NOT_A_URL}",
        1,
    ),
    "file URL": (
        # (`add coverage --url FILE` reads a saved page instead: see tests/test_metadata.py)
        ["add", "award", "--body", "Academy", "--year", "2014", "--category", "Best", "--url",
         "file:///etc/passwd"],
        f"--url 'file:///etc/passwd' {NOT_A_URL}",
        1,
    ),
    "data URL": (
        [
            "add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--url",
            "data:text/html,<script>alert(1)</script>",
        ],
        f"--url 'data:text/html,<script>alert(1)</script>' {NOT_A_URL}",
        1,
    ),
    "ftp URL": (
        [
            "add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--url",
            "ftp://example.com/review",
        ],
        f"--url 'ftp://example.com/review' {NOT_A_URL}",
        1,
    ),
    "URL without a scheme": (
        [
            "add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--url",
            "www.nknews.org/review",
        ],
        f"--url 'www.nknews.org/review' {NOT_A_URL}",
        1,
    ),
    "URL without a host": (
        ["add", "coverage", "--outlet", "NKNews.org", "--headline", "Review", "--url", "https://"],
        "--url 'https://' has no host; give a full address", 1,
    ),
    "javascript source of a status change": (
        ["status", "award", "1", "won", "--url", "javascript:alert(1)"],
        f"--url 'javascript:alert(1)' {NOT_A_URL}",
        1,
    ),
    "file URL as a website": (
        ["edit", "work", "the-defector", "--website", "file:///home/ann/site.html"],
        f"--website 'file:///home/ann/site.html' {NOT_A_URL}",
        1,
    ),
    "mixed-case javascript RSVP": (
        ["add", "event", "--title", "Q&A", "--starts-on", "2013-06-27", "--rsvp", "JaVaScRiPt:alert(1)"],
        f"--rsvp-url 'JaVaScRiPt:alert(1)' {NOT_A_URL}",
        1,
    ),
    "not an email": (
        ["add", "work", "--title", "X", "--press-email", "not an email"],
        "--press-email 'not an email' is not an email address", 1,
    ),
    # empty names
    "empty person name": (
        ["add", "person", "--name", ""],
        "missing --name: full name (see 'presskit add person --help')", 1,
    ),
    "blank person name": (["add", "person", "--name", "   "], "--name is empty; give a value", 1),
    "empty organization name": (
        ["add", "organization", "--name", ""],
        "missing --name: name (see 'presskit add organization --help')", 1,
    ),
    "empty title": (
        ["add", "work", "--title", ""],
        "missing --title: title (see 'presskit add work --help')", 1,
    ),
    "empty outlet": (
        ["add", "coverage", "--outlet", "", "--headline", "Review"],
        "missing --outlet: outlet (name, key or id); created if new (see 'presskit add coverage --help')", 1,
    ),
    "name edited to nothing": (
        ["edit", "person", "ann-shin", "--name", ""],
        "--name is empty; give a value", 1,
    ),
    "slug edited to nothing": (
        ["edit", "work", "the-defector", "--slug", ""],
        "--slug cannot be empty; give a value", 1,
    ),
    "date edited to nothing": (
        ["edit", "coverage", "nknews-review", "--published", ""],
        "--published cannot be empty; give a value", 1,
    ),
    # the same thing twice
    "person twice": (
        ["add", "person", "--name", "ann shin"],
        "person 1 is already called 'Ann Shin'; see 'presskit show person 1'", 1,
    ),
    "organization renamed onto another": (
        ["edit", "organization", "tvo", "--name", "ABC1"],
        "organization 18 is already called 'ABC1'; see 'presskit show organization 18'", 1,
    ),
    "slug of another work": (
        ["edit", "work", "the-defector-interactive", "--slug", "the-defector"],
        "work 1 already has the slug 'the-defector'; choose another --slug", 1,
    ),
    "credit twice": (
        ["add", "credit", "--person", "Ann Shin", "--role", "Director"],
        "credit 1 already gives that person the role 'Director' on that work; see 'presskit list credits'", 1,
    ),
    "key twice": (
        ["add", "coverage", "--outlet", "X", "--headline", "Y", "--key", "nknews-review"],
        "a coverage with key 'nknews-review' exists already", 1,
    ),
    "coverage URL twice": (
        ["add", "coverage", "--outlet", "X", "--headline", "Y", "--url", "https://A.example/x/"],
        "coverage 5 already has the URL https://a.example/x/; edit that one instead", 1,
    ),
    # the command line itself
    "not a number": (
        ["add", "award", "--body", "Academy", "--year", "abc", "--category", "Best"],
        "Invalid value for '--year': 'abc' is not a valid integer. (see 'presskit add award --help')", 2,
    ),
    "limit out of range": (
        ["history", "--limit", "0"],
        "Invalid value for '--limit' / '-n': 0 is not in the range 1<=x<=1000000. (see 'presskit history --help')", 2,
    ),
    "unknown option": (
        ["add", "award", "--body", "Academy", "--year", "2014", "--category", "Best", "--bogus", "1"],
        "No such option: --bogus Did you mean --body? (see 'presskit add award --help')", 2,
    ),
    "no such import file": (
        ["import", "no-such-file.yaml"],
        "no file 'no-such-file.yaml'; check the path", 1,
    ),
    "a folder to import": (["import", "."], "'.' is a folder; give a data file (.yaml or .json)", 1),
    # an option that does nothing for what is written
    "kit PDF with a site address": (
        ["kit", "-o", "kit.pdf", "--base-url", "https://press.example.org/"],
        KIT_PDF_BASE_URL, 1,
    ),
    "kit as --format pdf with a site address": (
        ["kit", "--format", "pdf", "--base-url", "https://press.example.org/"],
        KIT_PDF_BASE_URL, 1,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_error_line_and_changes_nothing(cli, seeded, case):
    args, message, code = CASES[case]
    if case == "coverage URL twice":
        assert (
            cli(
                "add", "coverage", "--outlet", "X", "--headline", "Z", "--url", "https://a.example/x"
            ).exit_code
            == 0
        )
    assert_refused(cli, seeded, args, message, code)
    assert sorted(p.name for p in Path.cwd().iterdir() if p.name.startswith(("kit.", "press-kit."))) == []


def test_an_error_in_a_later_step_of_one_command_undoes_the_earlier_steps(cli, seeded):
    # --venue creates "A New Venue" before the start time is found to be bad: the venue must not stay behind.
    assert_refused(
        cli, seeded,
        ["add", "screening", "--venue", "A New Venue", "--start", "2013-05-04 6:30 PM"],
        "screening needs a time zone for --starts-at: give --tz with an IANA name (e.g. America/Toronto),"
        " or set the place's zone with 'presskit edit organization ID --timezone ZONE'",
    )
    assert_refused(
        cli, seeded,
        [
            "add", "award", "--body", "A New Academy", "--nominee", "A New Person", "--year", "2014",
            "--category", "Best", "--url", "javascript:void(0)",
        ],
        f"--url 'javascript:void(0)' {NOT_A_URL}",
    )


@pytest.mark.sqlite_only("a file that is not a database")
def test_a_file_that_is_not_a_database(cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("press contacts\n")
    r = cli("list", db=str(notes))
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        f"Error: cannot open database 'sqlite:///{notes}': file is not a database; check --db"
        " (or PRESSKIT_DB)\n"
    )
    assert notes.read_text() == "press contacts\n"


def test_a_database_folder_that_does_not_exist(cli, tmp_path):
    r = cli("list", db=str(tmp_path / "nowhere" / "presskit.db"))
    assert (r.exit_code, r.stderr) == (
        1,
        f"Error: folder '{tmp_path / 'nowhere'}' for the database does not exist; create it first\n",
    )


# ------------------------------------------------------------------------------------------- import files

# An award of the film's, up to its history: the history cases below add the entries.
CSA_HISTORY = """\
        awards:
          - key: csa
            work: the-defector
            body: academy-canadian-cinema-television
            year: 2014
            category: Best Documentary Program
            history:
"""

IMPORT_CASES = {
    "YAML syntax": (
        """\
        awards:
          - key: a
            category: Best
           year: 2014
        """,
        "bad.yaml line 4: not valid YAML/JSON (expected <block end>, but found '<block mapping start>');"
        " fix the syntax there",
    ),
    "not a mapping": (
        "- 1\n- 2\n", "bad.yaml: expected a mapping with sections such as 'awards:' and 'coverage:'",
    ),
    "unknown section": (
        "trophies: []\n",
        "bad.yaml: unknown section(s) trophies; sections are: organizations, people,"
        " works, coverage, awards, selections, screenings, broadcasts, events, actions, media",
    ),
    "section not a list": ("people: Ann Shin\n", "bad.yaml: section 'people' must be a list of records"),
    # The lists a data file nests in a record are their kinds' (Kind.nests, Kind.file_lists), worded the same way.
    "nested screenings not a list": (
        "selections:\n  - key: hd\n    festival: Hot Docs\n    year: 2013\n    screenings: 5\n",
        "bad.yaml line 2: selections[0] (hd): 'screenings' must be a list of records",
    ),
    "credits not a list": (
        "works:\n  - key: w2\n    title: Other\n    credits: 5\n",
        "bad.yaml line 2: works[0] (w2): 'credits' must be a list of records",
    ),
    "a credit as text": (
        "works:\n  - key: w2\n    title: Other\n    credits:\n      - Ann Shin\n",
        "bad.yaml line 2: works[0] (w2): each of 'credits' must be a record with person: and role:",
    ),
    "record not a mapping": (
        "people:\n  - key: a\n    name: A\n  - Ann Shin\n",
        "bad.yaml line 4: people[1]: expected a record (key: value lines)",
    ),
    "unknown field": (
        """\
        people:
          - key: ann
            name: Ann Shin
            biography: Director
        """,
        "bad.yaml line 2: people[0] (ann): unknown field(s) for person: biography; fields are: name, bio,"
        " website, inferred",
    ),
    "bad enum": (
        """\
        coverage:
          - key: nk
            work: the-defector
            outlet: nknews
            headline: Review
            kind: blog
        """,
        "bad.yaml line 2: coverage[0] (nk): field 'kind': unknown kind 'blog'; use one of: review, interview,"
        " feature, list, op_doc, news, broadcast_segment",
    ),
    "bad date": (
        """\
        coverage:
          - key: nk
            work: the-defector
            outlet: nknews
            headline: Review
            published: 05/06/2013
        """,
        "bad.yaml line 2: coverage[0] (nk): ambiguous field 'published' '05/06/2013' (day/month or"
        " month/day?); write it as YYYY-MM-DD, e.g. 2014-03-09",
    ),
    "javascript URL": (
        """\
        coverage:
          - key: nk
            work: the-defector
            outlet: nknews
            headline: Review
            url: javascript:alert(document.cookie)
        """,
        "bad.yaml line 2: coverage[0] (nk): field 'url' 'javascript:alert(document.cookie)' is not an http(s)"
        " or mailto URL; give a full address such as https://example.com/page",
    ),
    "missing field": (
        """\
        awards:
          - key: csa
            work: the-defector
            body: academy-canadian-cinema-television
            category: Best Documentary Program
        """,
        "bad.yaml line 2: awards[0] (csa): missing field 'year': edition year",
    ),
    "empty name": (
        """\
        organizations:
          - key: blank
            name: ""
            kind: outlet
        """,
        "bad.yaml line 2: organizations[0] (blank): field 'name' is empty; give a value",
    ),
    "unknown zone": (
        """\
        broadcasts:
          - key: b
            work: the-defector
            channel: tvo
            starts_at: "2013-06-26 21:00"
            timezone: America/Torontoo
        """,
        "bad.yaml line 2: broadcasts[0] (b): unknown time zone 'America/Torontoo'; use an IANA name such as"
        " America/Toronto or Europe/London",
    ),
    "no zone": (
        """\
        broadcasts:
          - key: b
            work: the-defector
            channel: A New Channel
            starts_at: "2013-06-26 21:00"
        """,
        "bad.yaml line 2: broadcasts[0] (b): broadcast needs a time zone for field 'starts_at': give"
        " 'timezone:' with an IANA name (e.g. America/Toronto), or set the place's zone with"
        " 'presskit edit organization ID --timezone ZONE'",
    ),
    "unknown status in the history": (
        CSA_HISTORY
        + """\
              - {status: nominated, date: 2014-01-14}
              - {status: victorious, date: 2014-03-09}
        """,
        "bad.yaml line 9: awards[0] (csa) history[1]: unknown award status 'victorious'; use one of:"
        " submitted, shortlisted, nominated, won, lost, withdrawn, disqualified",
    ),
    "backwards move in the history": (
        CSA_HISTORY
        + """\
              - {status: won, date: 2014-03-09}
              - {status: nominated, date: 2014-03-10}
        """,
        "bad.yaml line 9: awards[0] (csa) history[1]: award 7 cannot go from 'won' to 'nominated'; allowed:"
        " none (it is final). Add 'correction: true' to that history entry to record a correction",
    ),
    "unknown history field": (
        CSA_HISTORY
        + """\
              - {status: nominated, dated: 2014-01-14}
        """,
        "bad.yaml line 2: awards[0] (csa): unknown field(s) in a history entry: dated; fields are:"
        " correction, date, embargo_until, note, starts_at, status, url",
    ),
    "screening inside a selection": (
        """\
        selections:
          - key: hd
            work: the-defector
            festival: hot-docs
            year: 2013
            screenings:
              - key: hd-1
                venue: the-regent
                starts_at: "2013-05-04 18:30"
              - key: hd-2
                venue: the-regent
                starts_at: "Sat, May 5 2013 18:30"
        """,
        "bad.yaml line 10: selections[0] (hd) screenings[1]: field 'starts_at' 'Sat, May 5 2013"
        " 18:30': May 5,"
        " 2013 is a Sunday; check the date or the year",
    ),
    "not UTF-8": (
        b"people:\n  - name: Ann Sh\xefn\n",
        "bad.yaml line 2: not UTF-8 text (byte 0xef); save the file as UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(IMPORT_CASES))
def test_a_malformed_import_file_names_the_line_and_the_field(cli, seeded, tmp_path, case):
    content, message = IMPORT_CASES[case]
    path = tmp_path / "bad.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    assert_refused(cli, seeded, ["import", str(path)], message)


def test_a_bad_record_40_leaves_records_1_to_39_unwritten(cli, seeded, tmp_path):
    outlets = [
        f"  - key: outlet-{i}\n    name: Outlet {i}\n    kind: outlet\n    timezone: America/Toronto\n"
        for i in range(1, 40)
    ]
    outlets.append("  - key: outlet-40\n    name: Outlet 40\n    kind: outlet\n    timezone: Toronto\n")
    path = tmp_path / "outlets.yaml"
    path.write_text("organizations:\n" + "".join(outlets), encoding="utf-8")
    line_of_40 = 1 + 39 * 4 + 1
    assert_refused(
        cli, seeded,
        ["import", str(path)],
        f"outlets.yaml line {line_of_40}: organizations[39] (outlet-40): unknown time zone 'Toronto'; use an"
        " IANA name such as America/Toronto or Europe/London",
    )
    # the same file with record 40 fixed goes in whole
    path.write_text(path.read_text().replace("timezone: Toronto\n", "timezone: America/Toronto\n"))
    r = cli("import", str(path))
    assert (r.exit_code, r.stdout) == (
        0, "outlets.yaml: added 40 organization; updated nothing; 0 status changes\n",
    )


def test_a_bad_json_import_names_the_line(cli, seeded, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '{\n  "people": [\n    {"key": "a", "name": "A"},\n    {"key": "b", "name": "B", "age": 3}\n  ]\n}\n'
    )
    assert_refused(
        cli, seeded,
        ["import", str(path)],
        "bad.json line 4: people[1] (b): unknown field(s) for person: age; fields are: name, bio, website,"
        " inferred",
    )


def test_cli_error_is_one_line(cli):
    assert cli("init", "--title", "The Defector").exit_code == 0
    r = cli("add", "coverage", "--outlet", "X", "--headline", "Y", "--url", "javascript:alert(1)")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: --url 'javascript:alert(1)' is not an http(s) or mailto URL")
    assert r.stderr.count("\n") == 1
