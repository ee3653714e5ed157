"""`presskit check`: one line per thing to fix before a send or handing out the kit, each with its command.

On the film's records (data/) it lists exactly what needs attention as of the team's clock (the full list is
tests/golden/check/the-defector-2014-01-28.txt, regenerated with `make golden`); on a database with nothing to
fix it says so and exits 0.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from presskit import records
from presskit.db import session_scope
from tests.conftest import DATA

GOLDEN = Path(__file__).parent / "golden" / "check" / "the-defector-2014-01-28.txt"
REGENERATE = os.environ.get("PRESSKIT_REGEN_GOLDEN") == "1"


def test_golden_check_lists_exactly_the_film_s_records_that_need_attention(defector, cli):
    r = cli("check", "--now", "2014-01-28", "--data", str(DATA.parent))  # the film's pictures are there
    assert r.exit_code == 1, r.stderr
    if REGENERATE:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(r.stdout, encoding="utf-8")
    assert r.stdout == GOLDEN.read_text(encoding="utf-8"), "check changed: review, then `make golden`"
    lines = r.stdout.splitlines()
    for line in (
        "organization unnamed-us-festival: the festival recorded as 'US festival, March 23, 2013' has no name from"
        " the sources; outputs say what is known of it and draw no laurel. Fix: presskit edit organization"
        " unnamed-us-festival --name NAME --no-unnamed",
        "screening hot-docs-2013-1: Sat Apr 27, 2013 9:00 PM EDT is past and it is still 'scheduled'. Fix:"
        " presskit status screening hot-docs-2013-1 held (or cancelled)",
        "award sheffield-2013-innovation-award: 2013 Sheffield Doc/Fest Awards — Sheffield Innovation Award: the"
        " ceremony (2013) is long past and no outcome is recorded. Fix: presskit status award"
        " sheffield-2013-innovation-award won --date YYYY-MM-DD (or lost)",
        "action indiewire-poll-2011: “Vote for The Defector as IndieWire's Project of the Week” closed Mon Dec 5,"
        " 2011 11:59 PM EST; outputs tell it as closed. Fix: presskit remove action indiewire-poll-2011 (if it"
        " should no longer appear)",
        "work the-defector: no press contact name and email for the kit. Fix: presskit edit work the-defector"
        " --press-contact NAME --press-email EMAIL",
        "coverage nknews-review: headline, published are inferred, not from a source. Fix: presskit edit coverage"
        " nknews-review --inferred '' (once confirmed)",
    ):
        assert line in lines
    # The 2014 Canadian Screen Awards are still ahead in January 2014: not an outcome to chase yet.
    assert not any(line.startswith("award csa-2014") and "no outcome" in line for line in lines)
    assert lines[-1] == f"{len(lines) - 1} things to look at."


def test_a_fix_takes_its_line_away(defector, cli):
    def listed(ident: str) -> list[str]:
        return [line for line in cli("check", "--now", "2014-01-28").stdout.splitlines()
                if line.startswith(ident)]

    assert len(listed("award csc-2013-best-documentary-cinematography:")) == 2  # no outcome; inferred
    assert cli("status", "award", "csc-2013-best-documentary-cinematography", "lost", "--date",
               "2013-03-01").exit_code == 0
    assert cli("edit", "award", "csc-2013-best-documentary-cinematography", "--inferred", "").exit_code == 0
    assert listed("award csc-2013-best-documentary-cinematography:") == []
    assert cli("edit", "organization", "unnamed-us-festival", "--name", "Example Documentary Festival",
               "--no-unnamed").exit_code == 0
    assert listed("organization unnamed-us-festival:") == []


def test_every_kind_with_inferred_values_is_listed(defector, cli):
    """A person's inferred bio is listed as a work's or an award's inferred values are (every keyed kind)."""
    assert cli("edit", "person", "Ann Shin", "--inferred", "bio").exit_code == 0
    person = [line for line in cli("check", "--now", "2014-01-28").stdout.splitlines() if line.startswith("person ")]
    assert len(person) == 1
    assert person[0].endswith("bio is inferred, not from a source. Fix: presskit edit person ann-shin --inferred ''"
                              " (once confirmed)")


def test_json_is_one_object_per_line(defector, cli):
    r = cli("check", "--now", "2014-01-28", "--json")
    assert r.exit_code == 1
    found = json.loads(r.stdout)
    text = cli("check", "--now", "2014-01-28").stdout.splitlines()[:-1]
    assert [f["line"] for f in found] == text
    assert {f["code"] for f in found} >= {"past_scheduled", "past_selected", "outcome_missing", "expired_action",
                                          "unnamed", "press_contact", "inferred"}


def test_an_empty_database_has_nothing_to_fix(cli):
    assert cli("init").exit_code == 0
    r = cli("check")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "Nothing to fix: ready to send and to hand out.\n", "")
    assert cli("check", "--json").stdout == "[]\n"


def test_a_clean_database_has_nothing_to_fix(engine, cli):
    with session_scope(engine) as s:
        records.add(s, "work", {"title": "The Defector", "primary": True, "press_contact": "Ann Shin",
                                "press_email": "press@example.org", "sender_email": "news@example.org",
                                "unsubscribe_url": "https://example.org/unsubscribe"})
        records.add(s, "organization", {"name": "TVO", "kind": "broadcaster", "timezone": "America/Toronto"})
        records.add(s, "broadcast", {"channel": "TVO", "starts_at": "2014-06-26 21:00", "date": "2014-01-10"})
        records.add(s, "award", {"body": "Academy", "award": "Canadian Screen Awards", "year": 2014,
                                 "category": "Best Documentary Program", "date": "2014-01-14"})
        cov = records.add(s, "coverage", {"outlet": "NKNews.org", "headline": "Review",
                                          "published": "2014-01-20", "quote": "A must-see."})
        assert cov.quotes[0].approved
    r = cli("check", "--now", "2014-01-28")
    assert (r.exit_code, r.stdout) == (0, "Nothing to fix: ready to send and to hand out.\n")
    # A quote the outlet has not cleared yet.
    assert cli("edit", "quote", "1", "--no-approved").exit_code == 0
    r = cli("check", "--now", "2014-01-28")
    assert (r.exit_code, r.stdout) == (1, "quote 1: “A must-see.” — NKNews.org is not approved for the kit and the"
                                          " newsletter. Fix: presskit edit quote 1 --approved (once the outlet"
                                          " agrees)\n1 thing to look at.\n")
    assert cli("edit", "quote", "1", "--approved").exit_code == 0
    # Half a year on, the airing is past and unconfirmed: something to look at.
    r = cli("check", "--now", "2014-07-01")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0].startswith("broadcast 1: Thu Jun 26, 2014 9:00 PM EDT is past")


@pytest.mark.parametrize(("args", "message"), [
    (["--now", "yesterday"], "Error: cannot read --now 'yesterday'"),
])
def test_bad_input_is_one_line(defector, cli, args, message):
    r = cli("check", *args)
    assert r.exit_code == 1 and r.stderr.startswith(message) and r.stderr.count("\n") == 1, r.stderr
