"""True to the clock: every newsletter sentence about a dated record is in the tense the record's dates call
for at the send's `--now`, and only usable links are offered.

The expected tense is worked out here from the records' own dates (not from presskit's helpers): a screening,
airing or deadline before the clock is past; a festival selection is past once its last day (its dates, else
its screenings', else its year) is over; a nomination is past once its ceremony's year is over. A sentence about
a past record has no future words and no ticket, RSVP or take-part link; one about a future record has no past
words. The film's records are read at a dozen dates from 2011 to 2014, then at random clocks (hypothesis).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsletter_support import IN_FULL

from presskit import models as m
from presskit import newsletter
from presskit.db import session_scope
from presskit.news import Item

TORONTO = ZoneInfo("America/Toronto")
REPLAY = ["2011-06-01", "2011-11-21", "2011-11-23", "2011-12-06", "2013-02-26", "2013-03-24", "2013-04-28",
          "2013-05-05", "2013-06-20", "2013-06-27 20:00", "2013-07-01", "2014-01-28"]
FUTURE_WORDS = re.compile(r"\b(will|screens|airs|premieres|is having|is nominated|is shortlisted|is submitted"
                          r"|Deadline|New time)\b")
PAST_WORDS = re.compile(r"\b(had|screened|aired|was|withdrew|Took place|closed)\b")
ACTION_LABELS = {"Get tickets", "RSVP", "Vote", "Take part", "Try it", "Watch the trailer", "TV listing", "Share"}


def _local_day(dt: datetime, tz: str | None) -> date:
    return dt.astimezone(ZoneInfo(tz or "UTC")).date()


def _expected(row, now: datetime) -> str | None:
    """'past', 'future' or None (no date says; the sentence may not use either tense)."""
    today = now.astimezone(TORONTO).date()
    if isinstance(row, m.Screening | m.Broadcast):
        if row.starts_at is None:
            return None
        return "past" if row.starts_at < now else "future"
    if isinstance(row, m.Event):
        if row.starts_at is not None:
            end = row.ends_at or row.starts_at
            return "past" if end < now else ("future" if row.starts_at > now else None)
        first, last = row.starts_on, row.ends_on or row.starts_on
        return "past" if last < today else ("future" if first > today else None)
    if isinstance(row, m.Action):
        if row.deadline is None:
            return None
        return "past" if row.deadline < now else "future"
    if isinstance(row, m.Selection):
        days = [d for d in (row.starts_on, row.ends_on) if d] or sorted(
            _local_day(sc.starts_at, sc.timezone) for sc in row.screenings if sc.starts_at)
        if days:
            return "past" if max(days) < today else ("future" if min(days) > today else None)
        return "past" if row.year < today.year else ("future" if row.year > today.year else None)
    if isinstance(row, m.Nomination):
        return "past" if row.year < today.year else None
    return None


def _sentence(item: Item) -> str:
    return " ".join(p for p in ("".join(r.text for r in item.headline), item.when) if p)


def _issue(engine, now: datetime) -> newsletter.Issue:
    with session_scope(engine, write=False) as s:
        return newsletter.compose(s, now=now, **IN_FULL).issue


def _check(engine, now: datetime) -> int:
    """Every item of a newsletter of all the film's news at ``now``; how many had a tense to check."""
    issue = _issue(engine, now)
    checked = 0
    with session_scope(engine, write=False) as s:
        for item in issue.items:
            row = s.get({"screening": m.Screening, "broadcast": m.Broadcast, "event": m.Event,
                         "action": m.Action, "selection": m.Selection, "award": m.Nomination,
                         "coverage": m.Coverage}[item.kind], item.record_id)
            expected, sentence = _expected(row, now), _sentence(item)
            labels = {link.label for link in item.links}
            if expected == "past":
                assert not FUTURE_WORDS.search(sentence), (now, sentence)
                assert not labels & ACTION_LABELS, (now, sentence, labels)
                checked += 1
            elif expected == "future":
                assert not PAST_WORDS.search(sentence), (now, sentence)
                checked += 1
    return checked


@pytest.mark.parametrize("when", REPLAY)
def test_replay_every_sentence_is_in_the_tense_of_its_dates(defector, when):
    now = datetime.fromisoformat(when).replace(tzinfo=TORONTO)
    assert _check(defector, now) > 10


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.datetimes(min_value=datetime(2011, 1, 1), max_value=datetime(2015, 6, 30), timezones=st.just(UTC)))
def test_no_sentence_about_the_past_uses_the_future_nor_the_reverse(defector, now):
    _check(defector, now)


def test_the_same_records_read_as_of_two_clocks(defector):
    before = {i.key: _sentence(i) for i in _issue(defector, datetime(2013, 3, 1, 9, tzinfo=TORONTO)).items}
    after = {i.key: _sentence(i) for i in _issue(defector, datetime(2014, 1, 28, 9, tzinfo=TORONTO)).items}
    assert before["sheffield-2013"] == "The Defector is selected for its UK premiere at Sheffield Doc/Fest 2013"
    assert after["sheffield-2013"] == "The Defector had its UK premiere at Sheffield Doc/Fest 2013"
    # Hot Docs has no festival dates: its screenings (April 27 – May 4, 2013) give it its time.
    assert before["hot-docs-2013"].startswith("The Defector will have its Canadian premiere at Hot Docs")
    assert after["hot-docs-2013"].startswith("The Defector had its Canadian premiere at Hot Docs")
    assert after["hot-docs-2013-1"].startswith("The Defector screened at Hot Docs")
    assert after["tvo-2013-06-26-2100"] == "The Defector had its TV premiere on TVO Wed Jun 26, 2013 9:00 PM EDT"
    assert after["indiewire-poll-2011"] == ("“Vote for The Defector as IndieWire's Project of the Week” closed"
                                            " December 5, 2011")
    assert after["korea-times-exhibit-2011"].endswith("Took place Tue Nov 22, 2011 6:00 PM – 7:30 PM EST")
    assert after["unnamed-us-festival-2013"] == ("The Defector had its US premiere at a festival in the United"
                                                 " States")


def test_links_are_offered_only_while_they_can_be_used(defector):
    def links(now: datetime) -> dict[str, list[str]]:
        return {i.key: [link.label for link in i.links] for i in _issue(defector, now).items}

    early = links(datetime(2011, 12, 4, 9, tzinfo=TORONTO))
    assert early["indiewire-poll-2011"] == ["Vote"]
    assert early["hot-docs-2013-1"] == ["Get tickets"]
    assert early["adc-nyc-2013"] == ["RSVP"]
    late = links(datetime(2014, 1, 28, 9, tzinfo=TORONTO))
    assert late["indiewire-poll-2011"] == [] and late["hot-docs-2013-1"] == [] and late["adc-nyc-2013"] == []
    assert late["watch-trailer-2014"] == ["Watch the trailer"]  # no deadline: still usable
    assert late["hot-docs-2013"] == ["Festival page"]  # not a call to action
    # The minute the poll closes.
    deadline = datetime(2011, 12, 5, 23, 59, tzinfo=TORONTO)
    assert links(deadline - timedelta(minutes=1))["indiewire-poll-2011"] == ["Vote"]
    assert links(deadline + timedelta(minutes=1))["indiewire-poll-2011"] == []


def test_a_calendar_copy_offers_tickets_and_rsvp_only_before_the_entry(defector):
    from presskit import ical

    with session_scope(defector, write=False) as s:
        data = ical.calendar_items(s)
    before = ical.to_ics(data, now="2013-04-01").decode()
    after = ical.to_ics(data, now="2014-01-28").decode()
    assert before.count("Tickets: http://hotdocs.ca") == 3 and "RSVP: http" in before
    assert "Tickets: " not in after and "RSVP: http" not in after
    # The entries themselves stay: a calendar keeps what happened.
    assert after.count("BEGIN:VEVENT") == before.count("BEGIN:VEVENT")
