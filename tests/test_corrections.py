"""Gaps closed in issue 14: the database's own refusals named, corrections journaled as corrections and dated
on the team's calendar."""

from __future__ import annotations

import pytest


def test_a_refusal_no_check_foresaw_is_a_named_error(engine):
    """The database's own guard (here: a second audience of one name) is one sentence, never 'unexpected'."""
    from datetime import UTC, datetime

    from presskit import models as m
    from presskit.db import session_scope
    from presskit.errors import Refused

    with pytest.raises(Refused) as refused, session_scope(engine) as s:
        s.add(m.Audience(name="supporters", created_at=datetime(2014, 1, 1, tzinfo=UTC)))
        s.flush()
    assert str(refused.value) == ("the database refused a second record with the same name of audiences;"
                                  " nothing was changed. Give another value, or change the record that has it")
    with pytest.raises(Refused) as refused, session_scope(engine) as s:
        s.add(m.Organization(name="Hot Docs", kind="festival", key="k", created_at=datetime(2014, 1, 1, tzinfo=UTC)))
        s.add(m.Organization(name="Other", kind="festival", key="k", created_at=datetime(2014, 1, 1, tzinfo=UTC)))
        s.flush()
    assert str(refused.value) == ("the database refused a second record with the same key of organizations;"
                                  " nothing was changed. Give another value, or change the record that has it"
                                  " (see 'presskit list organizations')")


def test_a_forced_correction_is_a_correction_not_news(film):
    """Won, then forced back to nominated: the history calls it a correction; no newsletter tells it."""
    assert film("newsletter", "--now", "2014-02-01", "--esp", "mailchimp", "--mark-sent", "-o", "1.html").exit_code == 0
    assert film("status", "award", "csa-2014-best-documentary-program", "won", "--date", "2014-03-09").exit_code == 0
    assert film("newsletter", "--now", "2014-03-09", "--esp", "mailchimp", "--mark-sent", "-o", "2.html").exit_code == 0
    r = film("status", "award", "csa-2014-best-documentary-program", "nominated", "--force", "--date", "2014-03-10")
    assert r.stdout.endswith("won -> nominated on 2014-03-10 (recorded as a correction)\n")
    history = film("history", "--limit", "2").stdout.splitlines()
    assert history[0] == ("correction  2014-03-10  award 4 (2014 Canadian Screen Awards — Best Documentary"
                          " Program): won -> nominated [correction]")
    assert history[1].startswith("news        2014-03-09  award 4 ")
    r = film("newsletter", "--now", "2014-03-11", "--esp", "mailchimp")
    assert (r.exit_code, r.stdout) == (3, "")


def test_corrections_are_dated_on_the_team_s_calendar(defector):
    """10 PM in Toronto on March 9 is March 10 in UTC: the correction is dated March 9, as the team lived it."""
    from datetime import UTC, datetime

    from presskit import history, records
    from presskit.db import session_scope

    late = datetime(2099, 3, 10, 2, 0, tzinfo=UTC)  # after the import, so the newest lines
    with session_scope(defector) as s:
        records.edit(s, "coverage", "jol-press-interview-2014", {"author": "Anne Lesage"}, now=late)
        records.remove(s, "quote", 1, now=late)
    with session_scope(defector, write=False) as s:
        assert history.recent(s, 2) == [
            "correction  2099-03-09  quote 1 (“A unique documentary with thoughtful production and a stri…):"
            " removed",
            "correction  2099-03-09  coverage 4 (2014-01-21 JOL Press: North Korea is More Dangerous to Flee…):"
            " corrected author: None -> 'Anne Lesage'",
        ]
        cov = records.get(s, "coverage", "jol-press-interview-2014")
        assert history.record_history(s, "coverage", cov.id)[-1] == (
            "2099-03-09  corrected author: None -> 'Anne Lesage'")


def test_a_channel_s_new_zone_reaches_its_broadcasts(film):
    """TVO's zone corrected: its broadcasts follow, keeping their clock times; or their moments, if asked."""
    assert film("list", "broadcasts").stdout.splitlines()[0] == "    1  Wed Jun 26, 2013 9:00 PM EDT — TVO — scheduled"
    out = film("edit", "organization", "tvo", "--tz", "America/Vancouver").stdout.splitlines()
    assert out[0] == "Edited organization 17: timezone 'America/Toronto' -> 'America/Vancouver'"
    assert out[1:3] == ["Edited broadcast 1: timezone 'America/Toronto' -> 'America/Vancouver'",
                        "Edited broadcast 1: starts_at '2013-06-27T01:00:00+00:00' -> '2013-06-26T21:00:00-07:00'"]
    assert len(out) == 1 + 2 * 5  # TVO's five airings; ABC's are in Sydney's zone and stay
    broadcasts = film("list", "broadcasts").stdout.splitlines()
    assert broadcasts[0] == "    1  Wed Jun 26, 2013 9:00 PM PDT — TVO — scheduled"
    assert "AEST" in broadcasts[5]
    out = film("edit", "organization", "tvo", "--tz", "America/Toronto", "--keep-instants").stdout.splitlines()
    assert len(out) == 1 + 5
    assert film("list", "broadcasts").stdout.splitlines()[0] == (
        "    1  Thu Jun 27, 2013 12:00 AM EDT — TVO — scheduled")


def test_a_new_zone_reaches_what_took_it_through_a_selection_or_a_work(cli):
    """A festival's zone reaches its screenings that have no venue (through their selection); a production
    company's reaches the calls to action of its works. A screening at a venue of its own keeps the venue's."""
    for args in (["organization", "--name", "Films Inc", "--kind", "company", "--tz", "America/Toronto"],
                 ["work", "--title", "Doc", "--company", "Films Inc"],
                 ["organization", "--name", "Fest", "--kind", "festival", "--tz", "Europe/Berlin"],
                 ["organization", "--name", "Kino", "--kind", "venue", "--tz", "Europe/Berlin"],
                 ["selection", "--festival", "Fest", "--year", "2013", "--status", "selected"],
                 ["screening", "--selection", "1", "--starts-at", "2013-05-01 20:00"],
                 ["screening", "--selection", "1", "--venue", "Kino", "--starts-at", "2013-05-02 20:00"],
                 ["action", "--title", "Vote", "--deadline", "2013-05-03 23:59", "--date", "2013-05-01"]):
        assert cli("add", *args).exit_code == 0
    assert cli("edit", "organization", "Fest", "--tz", "Europe/London").stdout.splitlines() == [
        "Edited organization 2: timezone 'Europe/Berlin' -> 'Europe/London'",
        "Edited screening 1: timezone 'Europe/Berlin' -> 'Europe/London'",
        "Edited screening 1: starts_at '2013-05-01T18:00:00+00:00' -> '2013-05-01T20:00:00+01:00'"]
    assert cli("edit", "organization", "Films Inc", "--tz", "America/Vancouver").stdout.splitlines() == [
        "Edited organization 1: timezone 'America/Toronto' -> 'America/Vancouver'",
        "Edited action 1: timezone 'America/Toronto' -> 'America/Vancouver'",
        "Edited action 1: deadline '2013-05-04T03:59:00+00:00' -> '2013-05-03T23:59:00-07:00'"]
    assert cli("list", "actions").stdout.splitlines() == ["    1  Vote (until Fri May 3, 2013 11:59 PM PDT)"]


def test_at_a_terminal_edit_asks_whether_to_keep_the_clock_times(film, monkeypatch):
    from presskit.cli import records as cli_records

    monkeypatch.setattr(cli_records, "_interactive", lambda: True)
    r = film("edit", "organization", "tvo", "--tz", "America/Vancouver", input="n\n")
    assert r.stdout.startswith("5 records with times move to America/Vancouver. Keep their local clock times"
                               " (8:30 PM stays 8:30 PM)? [Y/n]: ")
    assert film("list", "broadcasts").stdout.splitlines()[0] == "    1  Wed Jun 26, 2013 6:00 PM PDT — TVO — scheduled"


def test_sends_show_tells_each_record_as_the_send_did(film):
    """Send 1 told of an open nomination; it was won later. Shown again, send 1 still tells the nomination."""
    sent = film("newsletter", "--now", "2014-02-01", "--format", "text", "--esp", "mailchimp", "--mark-sent")
    assert sent.exit_code == 0
    assert film("status", "award", "csa-2014-best-documentary-program", "won", "--date", "2014-03-09").exit_code == 0
    shown = film("sends", "show", "1", "--format", "text", "--esp", "mailchimp")
    assert shown.stdout == sent.stdout
    assert "won Best Documentary Program" not in shown.stdout
    later = film("newsletter", "--now", "2014-03-10", "--format", "text", "--esp", "mailchimp", "--mark-sent")
    assert "won Best Documentary Program" in later.stdout
    assert film("sends", "show", "2", "--format", "text", "--esp", "mailchimp").stdout == later.stdout
