"""Dates and times as people type them (issue 2, section 3), parsed strictly, stored aware, shown in the
place's clock with its zone. The machine's zone is Pacific/Kiritimati in every test (conftest), and never
shows."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from presskit import models as m
from presskit.errors import InvalidInput
from presskit.when import format_local, parse_date, parse_local_datetime
from tests.database_support import rows


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("2014-03-09", date(2014, 3, 9)),
        ("March 9, 2014", date(2014, 3, 9)),
        ("9 March 2014", date(2014, 3, 9)),
        ("Sun, March 9, 2014", date(2014, 3, 9)),
        ("13/04/2014", date(2014, 4, 13)),  # a day above 12 is not ambiguous
        ("05/05/2014", date(2014, 5, 5)),  # nor is the same number twice
        ("2014/03/04", date(2014, 3, 4)),  # year first is never day-first
    ],
)
def test_dates(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed,tz,year,local,abbreviation",
    [
        ("Sat, Apr 27 9:00 PM", "America/Toronto", 2013, "2013-04-27 21:00", "EDT"),
        (
            "Sat, Apr 27 - 9:00 PM", "America/Toronto", 2013, "2013-04-27 21:00", "EDT",
        ),  # as the Hot Docs post has it
        ("June 26 9pm", "America/Toronto", 2013, "2013-06-26 21:00", "EDT"),
        ("Wednesday, June 26th at 9:00pm", "America/Toronto", 2013, "2013-06-26 21:00", "EDT"),
        (
            "Monday June 17th at 8.30pm", "Australia/Sydney", 2013, "2013-06-17 20:30", "AEST",
        ),  # the ABC listing
        ("Tuesday June 18th at 11.35pm", "Australia/Sydney", 2013, "2013-06-18 23:35", "AEST"),
        ("2011-11-22 18:00", "America/Toronto", None, "2011-11-22 18:00", "EST"),
        ("2013-06-15 18:00", "Europe/London", None, "2013-06-15 18:00", "BST"),
        ("17.06.2013 20:30", "Australia/Sydney", None, "2013-06-17 20:30", "AEST"),
    ],
)
def test_local_times_in_the_places_zone(typed, tz, year, local, abbreviation):
    value = parse_local_datetime(typed, tz, default_year=year)
    assert value.tzinfo is not None
    assert (value.strftime("%Y-%m-%d %H:%M"), value.tzname()) == (local, abbreviation)


def test_the_toronto_premiere_in_utc_and_as_shown():
    value = parse_local_datetime("June 26 9pm", "America/Toronto", default_year=2013)
    assert value.astimezone(UTC).isoformat() == "2013-06-27T01:00:00+00:00"
    assert format_local(value, "America/Toronto") == "Wed Jun 26, 2013 9:00 PM EDT"
    assert format_local(value, "Australia/Sydney") == "Thu Jun 27, 2013 11:00 AM AEST"


def test_an_explicit_offset_wins():
    value = parse_local_datetime("2013-11-03 01:30-05:00", "America/Toronto")
    assert value.isoformat() == "2013-11-03T06:30:00+00:00"


@pytest.mark.parametrize(
    "typed,year,message",
    [
        (
            "Sat, Apr 27 9:00 PM", 2014,
            "time 'Sat, Apr 27 9:00 PM': April 27, 2014 is a Sunday; check the date or the year",
        ),
        (
            "03/04/2014 9pm", None,
            "ambiguous time '03/04/2014 9pm' (day/month or month/day?); write it as YYYY-MM-DD, e.g."
            " 2014-03-09",
        ),
        (
            "03-04-2014 9pm", None,
            "ambiguous time '03-04-2014 9pm' (day/month or month/day?); write it as YYYY-MM-DD, e.g."
            " 2014-03-09",
        ),
        (
            "3/4 9pm", 2014,
            "ambiguous time '3/4 9pm' (day/month or month/day?); write it as YYYY-MM-DD, e.g. 2014-03-09",
        ),
        (
            "05.06.2013 20:30", None,
            "ambiguous time '05.06.2013 20:30' (day/month or month/day?); write it as YYYY-MM-DD,"
            " e.g. 2014-03-09",
        ),
        (
            "June 26 9pm EST", 2013,
            "time 'June 26 9pm EST' names a zone abbreviation; give the local time and timezone with an"
            " IANA name (e.g. America/Toronto), which knows about daylight saving",
        ),
        (
            "June 26 midnight", 2013,
            "time 'June 26 midnight' says 'midnight'; write the clock time with its own date"
            " instead, e.g. '2013-06-27 00:00' for midnight after June 26",
        ),
        ("June 26", 2013, "time 'June 26' has no time of day; add one, e.g. '2013-06-26 21:00'"),
        ("9pm", 2013, "time '9pm' has no day; write a full date such as 2014-03-09"),
        (
            "whenever", 2013,
            "cannot read time 'whenever'; write it like 2014-03-09, 'March 9, 2014' or 'Sat, Apr 27 9:00 PM'",
        ),
        ("June 26 9pm", None, "time 'June 26 9pm' has no year; add it, e.g. 'March 9, 2014' or give year"),
        (
            "2013-03-10 02:30", None,
            "time '2013-03-10 02:30' does not exist in America/Toronto (the clocks skip it); check the time",
        ),
        (
            "2013-11-03 01:30", None,
            "time '2013-11-03 01:30' happens twice in America/Toronto (the clocks go back); add the"
            " UTC offset, e.g. '2013-11-03 01:30-0400' for the first or '2013-11-03 01:30-0500'"
            " for the second",
        ),
    ],
)
def test_refused_times(typed, year, message):
    with pytest.raises(InvalidInput) as refused:
        parse_local_datetime(typed, "America/Toronto", default_year=year)
    # Worded with the core's own names (each edge names them its way: see test_cli_errors)
    assert str(refused.value) == message
    assert (refused.value.what, refused.value.value) == ("time", typed.strip())


@pytest.mark.parametrize(
    "typed,message",
    [
        (
            "Mon, March 9, 2014",
            "date 'Mon, March 9, 2014': March 9, 2014 is a Sunday; check the date or the year",
        ),
        ("March 9", "date 'March 9' has no year; add it, e.g. 'March 9, 2014'"),
        ("March 2014", "date 'March 2014' has no day; write a full date such as 2014-03-09"),
        (
            "Feb 30 2014",
            "cannot read date 'Feb 30 2014'; write it like 2014-03-09, 'March 9, 2014' or"
            " 'Sat, Apr 27 9:00 PM'",
        ),
        ("", "empty date; write it like 2014-03-09 or 'March 9, 2014'"),
    ],
)
def test_refused_dates(typed, message):
    with pytest.raises(InvalidInput) as refused:
        parse_date(typed)
    assert str(refused.value) == message


def test_year_defaults_for_times_typed_without_one(cli, engine):
    assert cli("init", "--title", "The Defector").exit_code == 0
    r = cli(
        "add", "broadcast", "--channel", "TVO", "--tz", "America/Toronto", "--start", "June 26 9pm", "--year",
        "2013", "--date", "June 10",
    )
    assert r.stdout == "Added broadcast 1: Wed Jun 26, 2013 9:00 PM EDT — TVO — scheduled\n", r.stderr
    (entry,) = rows(engine, m.JournalEntry)
    assert entry.news_date == date(2013, 6, 10)  # --year applies to the news date typed without one too


def test_a_zone_correction_keeps_the_clock_time(cli, engine):
    """The publicist typed 8.30pm with the wrong zone: fixing the zone must not turn it into 10.30am."""
    assert cli("init", "--title", "The Defector").exit_code == 0
    assert (
        cli(
            "add", "broadcast", "--channel", "ABC1", "--tz", "America/Toronto", "--start",
            "Monday June 17 8.30pm", "--year", "2013",
        ).exit_code
        == 0
    )
    r = cli("edit", "broadcast", "1", "--tz", "Australia/Sydney")
    assert r.exit_code == 0, r.stderr
    (b,) = rows(engine, m.Broadcast)
    assert format_local(b.starts_at, b.timezone) == "Mon Jun 17, 2013 8:30 PM AEST"
    assert (
        "Edited broadcast 1: starts_at '2013-06-18T00:30:00+00:00' -> '2013-06-17T20:30:00+10:00'" in r.stdout
    )


def test_the_machines_zone_never_shows(cli, defector):
    out = cli("list", "broadcasts").stdout + cli("list", "screenings").stdout + cli("list", "events").stdout
    assert "+14" not in out and "LINT" not in out  # Pacific/Kiritimati, the tests' machine zone
    # every record with a time (8 air times, 3 screenings, 2 events) shows its place's zone
    assert (out.count(" EDT "), out.count(" AEST "), out.count(" EST ")) == (9, 3, 1)


def test_a_date_left_out_is_the_team_s_date_not_utc_s(defector):
    # 10:30 PM in Toronto (the production company's zone) is already the next day in UTC and in the machine's
    # zone (Pacific/Kiritimati, UTC+14): the news, the publication and the outcome are dated as the team lives it.
    from datetime import datetime

    from presskit import records
    from presskit.db import session_scope

    evening = datetime(2014, 2, 2, 3, 30, tzinfo=UTC)  # Sat Feb 1, 10:30 PM EST
    with session_scope(defector) as s:
        piece = records.add(s, "coverage", {"outlet": "NKNews.org", "headline": "Late edition", "kind": "news"},
                            now=evening)
        award = records.add(s, "award", {"body": "Hot Docs", "year": 2014, "category": "Audience Award"},
                            now=evening)
        change = records.change_status(s, "award", award.id, "won", now=evening)
        published, piece_id, award_id = piece.published, piece.id, award.id
    assert published == date(2014, 2, 1)
    assert change.date == date(2014, 2, 1)
    with session_scope(defector, write=False) as s:
        news = {(j.record_type, j.record_id): j.news_date for j in s.query(m.JournalEntry)}
    assert news[("coverage", piece_id)] == news[("award", award_id)] == date(2014, 2, 1)
