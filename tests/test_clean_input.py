"""Issue 15: what real data and hostile input send ends in one `Error:` line naming the field (and the line of a
file), exit 1 (2 for a usage error), and the database exactly as it was — on SQLite and on PostgreSQL alike.
What is accepted is clean: a newsletter, a kit and a calendar still build from it."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from presskit import models as m
from presskit.db import session_scope
from tests.test_cli_errors import _seed_file, assert_refused, seeded  # noqa: F401 - fixtures

BIG = "99999999999999999999999"  # beyond 64 bits
YEAR_HINT = "write the four-digit year, e.g. 2014"


def _coverage(**fields: str) -> list[str]:
    given = {"outlet": "NK News", "headline": "Review", "date": "2014-01-01", **fields}
    return ["add", "coverage", *[a for k, v in given.items() for a in (f"--{k.replace('_', '-')}", v)]]


CASES = {
    # numbers beyond 64 bits, and numbers that mean nothing
    "an id beyond 64 bits": (["show", "award", BIG],
                             f"no award with id or key '{BIG}'; see 'presskit list awards'", 1),
    "a status change of an id beyond 64 bits": (["status", "award", BIG, "won"],
                                                f"no award with id or key '{BIG}'; see 'presskit list awards'", 1),
    "a year beyond 64 bits": (["add", "award", "--body", "X", "--year", BIG, "--category", "C"],
                              f"--year {BIG} is not a plausible year; {YEAR_HINT}", 1),
    "a negative year": (["add", "award", "--body", "X", "--year", "-5", "--category", "C"],
                        f"--year -5 is not a plausible year; {YEAR_HINT}", 1),
    "year zero": (["add", "award", "--body", "X", "--year", "0", "--category", "C"],
                  f"--year 0 is not a plausible year; {YEAR_HINT}", 1),
    "a year that is no number": (["add", "award", "--body", "X", "--year", "2014.5", "--category", "C"],
                                 "Invalid value for '--year': '2014.5' is not a valid integer. (see 'presskit add"
                                 " award --help')", 2),
    "the year 1": (_coverage(date="0001-01-01"),
                   "--published '0001-01-01': the year 1 is not plausible; write a date from 1870 to 2100", 1),
    "a time at the calendar's end": (
        ["add", "event", "--title", "E", "--start", "9999-12-31 23:30", "--tz", "America/Toronto"],
        "--starts-at '9999-12-31 23:30': the year 9999 is not plausible; write a date from 1870 to 2100", 1),
    "a clock at the calendar's end": (["newsletter", "--now", "9999-12-31"],
                                      "--now '9999-12-31': the year 9999 is not plausible; write a date from 1870 to"
                                      " 2100", 1),
    "a negative rank": (_coverage(rank="-1"),
                        "--rank -1 is out of range; write a number from 0 to 1,000,000", 1),
    "a negative runtime": (["edit", "work", "the-defector", "--runtime", "-90"],
                           "--runtime-minutes -90 is out of range; write a number from 1 to 100,000", 1),
    "send:N beyond 64 bits": (["newsletter", "--since", f"send:{BIG}"],
                              f"--since 'send:{BIG}': write send:N with a send id from 'presskit sends', e.g. send:3",
                              1),
    "--coming-up beyond reason": (["newsletter", "--coming-up", BIG],
                                  f"Invalid value for '--coming-up': {BIG} is not in the range 0<=x<=3660. (see"
                                  " 'presskit newsletter --help')", 2),
    "--limit beyond reason": (["history", "--limit", BIG],
                              f"Invalid value for '--limit' / '-n': {BIG} is not in the range 1<=x<=1000000. (see"
                              " 'presskit history --help')", 2),
    "a send id beyond 64 bits": (["sends", "undo", BIG],
                                 f"Invalid value for 'N': {BIG} is not in the range 1<=x<=9223372036854775807. (see"
                                 " 'presskit sends undo --help')", 2),
    # times
    "a local time that happens twice": (
        ["add", "screening", "--selection", "hot-docs-2013", "--venue", "the-regent", "--start",
         "2014-10-26 01:30", "--tz", "Europe/London"],
        "--starts-at '2014-10-26 01:30' happens twice in Europe/London (the clocks go back); add the UTC offset,"
        " e.g. '2014-10-26 01:30+0100' for the first or '2014-10-26 01:30+0000' for the second", 1),
    "a local time that does not exist": (
        ["add", "screening", "--selection", "hot-docs-2013", "--venue", "the-regent", "--start",
         "2014-03-30 01:30", "--tz", "Europe/London"],
        "--starts-at '2014-03-30 01:30' does not exist in Europe/London (the clocks skip it); check the time", 1),
    "a UTC offset of 25 hours": (
        ["add", "screening", "--selection", "hot-docs-2013", "--venue", "the-regent", "--start",
         "2014-10-26 01:30+25:00"],
        "--starts-at '2014-10-26 01:30+25:00': a UTC offset is at most 14 hours either way; check the offset,"
        " or give the local time and --tz with the place's IANA zone", 1),
    # text
    "an argument that is not UTF-8": (_coverage(outlet="NK \udcff News"),
                                      "argument 6, 'NK \\udcff News', is not UTF-8 text (byte 0xff); type it again,"
                                      " or set the terminal to UTF-8", 1),
    "a tab in an outlet's name": (_coverage(outlet="NK\tNews"),
                                  "--outlet contains a tab, which is not text; remove it", 1),
    "only a tab as an outlet": (_coverage(outlet="\t"),
                                "missing --outlet: outlet (name, key or id); created if new", 1),
    "an escape sequence in a headline": (_coverage(headline="Review \x1b[2J"),
                                         "--headline contains an escape character (ESC), which is not text;"
                                         " remove it", 1),
    "a bell in an author": (_coverage(author="Bell\x07"),
                            "--author contains a bell character (BEL), which is not text; remove it", 1),
    "a vertical tab": (_coverage(headline="a\x0bb"),
                       "--headline contains a vertical tab, which is not text; remove it", 1),
    "a form feed in a synopsis": (["edit", "work", "the-defector", "--synopsis-long", "one\x0ctwo"],
                                  "--synopsis-long contains a form feed, which is not text; remove it", 1),
    "a NUL character": (_coverage(headline="a\x00b"),
                        "--headline contains a NUL character, which is not text; remove it", 1),
    "a C1 control": (_coverage(headline="a\x9b2Jb"),
                     "--headline contains the control character U+009B, which is not text; remove it", 1),
    "a line break in a title": (["add", "work", "--title", "The Defector\nPart 2"],
                                "--title contains a line break, which is not text; keep it on one line", 1),
    "a bidi override in a name": (_coverage(outlet="NK \u202eswen"),
                                  "--outlet contains U+202E, an invisible character that reorders text as it is"
                                  " shown; remove it", 1),
    "a headline too long": (_coverage(headline="word " * 120),
                            "--headline is 599 characters long; the most is 500: shorten it", 1),
    "a synopsis too long": (["edit", "work", "the-defector", "--synopsis-long", "x" * 20_001],
                            "--synopsis-long is 20,001 characters long; the most is 20,000: shorten it", 1),
    "a name too long": (_coverage(outlet="N" * 301), "--outlet is 301 characters long; the most is 300: shorten it",
                        1),
    "a key too long": (_coverage(key="k" * 101), "--key is 101 characters long; the most is 100: shorten it", 1),
    "a key outside the safe alphabet": (_coverage(key="../../etc"),
                                        "--key '../../etc': use letters, digits, '.', '_' and '-' (starting with a"
                                        " letter or digit), e.g. nknews-review-2014", 1),
    "a slug outside the safe alphabet": (["add", "work", "--title", "Other", "--slug", "../../etc"],
                                         "--slug '../../etc': use lower-case letters, digits and single '-' between"
                                         " them, e.g. the-defector", 1),
    "a URL too long": (_coverage(url="https://example.org/" + "é" * 1000),
                       "--url is longer than 2,000 bytes; give a shorter address", 1),
    "an http unsubscribe link": (["edit", "work", "the-defector", "--unsubscribe-url", "http://example.org/u"],
                                 "--unsubscribe-url 'http://example.org/u': give an https:// address (mail services"
                                 " and readers refuse an insecure one), e.g. https://example.org/unsubscribe", 1),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_error_line_on_either_database(cli, seeded, case):  # noqa: F811 - the fixture
    args, message, code = CASES[case]
    assert_refused(cli, seeded, args, message, code)


FILE_CASES = {
    "a later data file version": ("version: 3\n", "bad.yaml: version 3 is not one this presskit reads (1 or 2);"
                                  " export it again with this version, or upgrade presskit"),
    "version: 1.0": ("version: 1.0\n", "bad.yaml: version 1.0 is not one this presskit reads (1 or 2); export it"
                     " again with this version, or upgrade presskit"),
    "version: true": ("version: true\n", "bad.yaml: version true is not one this presskit reads (1 or 2); export it"
                      " again with this version, or upgrade presskit"),
    "yes as a headline": ("coverage:\n  - outlet: nknews\n    headline: yes\n    published: 2014-01-01\n",
                          "bad.yaml line 2: coverage[0]: field 'headline' reads as true (YAML reads yes, no, on, off"
                          " that way), not as text; put it in quotes, e.g. 'yes'"),
    "a mapping as a headline": ("coverage:\n  - outlet: nknews\n    headline: {a: 1}\n    published: 2014-01-01\n",
                                "bad.yaml line 2: coverage[0]: field 'headline' is a mapping (key: value lines), not"
                                " text; write the text on the same line, in quotes if it holds ': '"),
    "a list as an outlet": ("coverage:\n  - outlet: [a, b]\n    headline: H\n    published: 2014-01-01\n",
                            "bad.yaml line 2: coverage[0]: field 'outlet' is a list, not text; write the text on the"
                            " same line, in quotes if it starts with '[' or '- '"),
    "February 30": ("coverage:\n  - outlet: nknews\n    headline: H\n    published: 2014-02-30\n",
                    "bad.yaml line 4: '2014-02-30' reads as a date but is none (day is out of range for month); write"
                    " a real date as YYYY-MM-DD"),
    "a YAML date in the year 1": ("coverage:\n  - outlet: nknews\n    headline: H\n    published: 0001-01-01\n",
                                  "bad.yaml line 2: coverage[0]: field 'published' '0001-01-01': the year 1 is not"
                                  " plausible; write a date from 1870 to 2100"),
    "an infinite year": ("works:\n  - key: w2\n    title: T2\n    year: .inf\n",
                         "bad.yaml line 2: works[0] (w2): field 'year' inf is not a whole number; write one such as"
                         " 2014"),
    "removed: maybe": ("coverage:\n  - key: nknews-review\n    removed: maybe\n",
                       "bad.yaml line 2: coverage[0] (nknews-review): field 'removed' 'maybe' is not yes/no; write"
                       " true or false"),
    "a NUL character": ('coverage:\n  - outlet: nknews\n    headline: "a\\0b"\n    published: 2014-01-01\n',
                        "bad.yaml line 2: coverage[0]: field 'headline' contains a NUL character, which is not text;"
                        " remove it"),
    "a key too long": (f"people:\n  - key: {'k' * 3000}\n    name: Someone\n",
                       "bad.yaml line 2: people[0] (" + "k" * 3000 + "): field 'key' is 3,000 characters long; the most"
                       " is 100: shorten it"),
    "an escape in a JSON string": ('{"coverage": [{"outlet": "nknews", "headline": "a\\u001bb",'
                                   ' "published": "2014-01-01"}]}',
                                   "bad.yaml line 1: coverage[0]: field 'headline' contains an escape character (ESC),"
                                   " which is not text; remove it"),
    "a lone surrogate in a JSON string": ('{"people": [{"name": "a\\ud800b"}]}',
                                          "bad.yaml line 1: 'a\\ud800b' is not valid UTF-8 text (\\ud800 is half of"
                                          " a character); write the character itself, or its pair of escapes"),
}


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_a_bad_value_in_a_data_file_names_line_and_field(cli, seeded, tmp_path, case):  # noqa: F811
    content, message = FILE_CASES[case]
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    assert_refused(cli, seeded, ["import", str(tmp_path / "bad.yaml")], message)


def test_a_spreadsheet_row_with_a_control_character_is_refused_by_its_row(cli, seeded, tmp_path):  # noqa: F811
    (tmp_path / "sheet.csv").write_text("Date,Outlet,Headline\n2014-01-01,NK News,Fine\n"
                                        "2014-01-02,NK News,Bad \x1b[31m red\n", encoding="utf-8")
    r = cli("import", "sheet.csv", "--dry-run")
    assert r.exit_code == 1, r.stdout
    assert ("  row 3: reject — column 'Headline' contains an escape character (ESC), which is not text; remove it\n"
            in r.stdout + r.stderr)


def test_a_utf16_spreadsheet_is_read_as_text_and_its_controls_refused(cli, seeded, tmp_path):  # noqa: F811
    sheet = "Date\tOutlet\tHeadline\n2014-01-01\tNK News\tZoë's review\n2014-01-02\tNK News\tBell \x07\n"
    (tmp_path / "sheet.csv").write_bytes(sheet.encode("utf-16"))  # with its byte order mark, as Excel writes it
    r = cli("import", "sheet.csv", "--dry-run")
    assert "  row 2: add — 2014-01-01 NK News: Zoë's review [news]\n" in r.stdout
    assert "  row 3: reject — column 'Headline' contains a bell character (BEL), which is not text; remove it\n" in (
        r.stderr)
    assert r.exit_code == 1


def test_text_is_stored_in_one_normal_form(cli, seeded):  # noqa: F811
    decomposed = "Zoe\u0308 Ke\u0301ita"  # e + combining marks, as some keyboards and macOS file names give it
    r = cli(*_coverage(author=decomposed, headline="  Review  "))
    assert r.exit_code == 0, r.stderr
    row = json.loads(cli("list", "coverage", "--json").stdout)[-1]
    assert (row["author"], row["headline"]) == ("Zoë Kéita", "Review")


def test_list_show_and_history_never_print_a_terminal_escape(cli, seeded):  # noqa: F811
    from presskit.db import open_database

    engine = open_database(seeded)
    with session_scope(engine) as s:  # written behind the checks' back, as an older presskit or another tool could
        s.execute(update(m.Coverage).where(m.Coverage.id == 1).values(headline="Pwned \x1b]0;title\x07\x1b[2J\x9b"))
    engine.dispose()
    for args in (["list", "coverage"], ["show", "coverage", "1"], ["list", "coverage", "--json"]):
        out = cli(*args).stdout
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, args
        assert ("\\x1b]0;title\\x07\\x1b[2J\\x9b" in out) != (args[-1] == "--json"), args
    assert "\\u009b" in cli("list", "coverage", "--json").stdout  # still JSON, still the same text


def test_a_line_break_stored_in_a_title_breaks_no_output(cli, seeded, tmp_path):  # noqa: F811
    from presskit.db import open_database

    engine = open_database(seeded)
    with session_scope(engine) as s:  # as an older presskit let it in
        s.execute(update(m.Work).where(m.Work.slug == "the-defector").values(title="The Defector\nPart 2"))
    engine.dispose()
    r = cli("calendar", "-o", str(tmp_path / "cal.ics"))
    assert r.exit_code == 0, r.stderr
    assert "X-WR-CALNAME:The Defector Part 2 — " in (tmp_path / "cal.ics").read_text("utf-8")
    listed = cli("list", "works").stdout.splitlines()
    assert listed[0].startswith("    1  The Defector\\nPart 2 (the-defector")


# ------------------------------------------------------------------------------------- any text (hypothesis)

ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=40) | st.sampled_from(
    ["\x00", "\x1b[31m", "a\nb", "\t", "\u202e", "\ud800", "x" * 30_000, " ", "yes", "{a: 1}", "- x"])


# On both databases: PostgreSQL refuses NUL in text where SQLite stores it, and each compares and sorts text its
# own way.
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=ANY_TEXT, outlet=ANY_TEXT)
def test_any_text_is_refused_cleanly_or_builds_every_output(cli, seeded, tmp_path, headline, outlet):  # noqa: F811
    import yaml

    r = cli(*_coverage(headline=headline or "x", outlet=outlet or "y", date="2014-01-27"))
    via_file = tmp_path / "any.yaml"
    via_file.write_text(yaml.safe_dump({"coverage": [{"outlet": outlet or "y", "headline": headline or "x",
                                                      "published": "2014-01-27"}]}, allow_unicode=False))
    f = cli("import", str(via_file))
    for result in (r, f):
        assert result.exit_code in (0, 1), result.stderr
        if result.exit_code == 1:
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
            assert "unexpected" not in result.stderr
    for args in (["newsletter", "--since", "2014-01-27", "--now", "2014-01-28", "--esp", "mailchimp"],
                 ["kit", "-o", str(tmp_path / "kit.html")], ["calendar", "-o", str(tmp_path / "cal.ics")]):
        out = cli(*args)
        assert out.exit_code == 0, (args, out.stderr)


def test_an_import_refused_for_its_text_writes_nothing(cli, seeded, tmp_path):  # noqa: F811
    content = textwrap.dedent("""\
        coverage:
          - outlet: nknews
            headline: Fine
            published: 2014-01-01
          - outlet: nknews
            headline: "Bad \\e[2J"
            published: 2014-01-02
        """)
    (tmp_path / "two.yaml").write_text(content, encoding="utf-8")
    assert_refused(cli, seeded, ["import", str(tmp_path / "two.yaml")],
                   "two.yaml line 5: coverage[1]: field 'headline' contains an escape character (ESC), which is not"
                   " text; remove it")
