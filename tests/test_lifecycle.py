"""Lifecycles, their refusals and corrections, and the journal the newsletter reads (issue 2, section 2).

The allowed moves are written out here from DOMAIN.md, independently of presskit/kinds.py, so a wrong table
there fails these tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from presskit import models as m
from presskit import records
from presskit.db import session_scope
from presskit.errors import InvalidInput, InvalidTransition
from tests.database_support import database_state, rows

NOW = datetime(2014, 3, 10, 15, 0, tzinfo=UTC)

# DOMAIN.md: submitted -> shortlisted -> nominated -> won | lost, also withdrawn, disqualified; a jury or
# special award can go straight to won. Forward moves may skip a stage; an outcome is final.
_NOMINATION_STAGE = {
    "submitted": 0,
    "shortlisted": 1,
    "nominated": 2,
    "won": 3,
    "lost": 3,
    "withdrawn": 3,
    "disqualified": 3,
}
NOMINATION = {
    a: {b for b, sb in _NOMINATION_STAGE.items() if sa < 3 and sb > sa} for a, sa in _NOMINATION_STAGE.items()
}
# submitted -> selected | not_selected, also withdrawn; selected -> screened.
SELECTION = {
    "submitted": {"selected", "not_selected", "withdrawn"},
    "selected": {"screened", "withdrawn"},
    "not_selected": set(),
    "withdrawn": set(),
    "screened": set(),
}
# scheduled -> held/aired, rescheduled (again and again), cancelled.
SCREENING = {
    "scheduled": {"rescheduled", "cancelled", "held"},
    "rescheduled": {"rescheduled", "cancelled", "held"},
    "cancelled": set(),
    "held": set(),
}
BROADCAST = {
    "scheduled": {"rescheduled", "cancelled", "aired"},
    "rescheduled": {"rescheduled", "cancelled", "aired"},
    "cancelled": set(),
    "aired": set(),
}
LIFECYCLES = {
    "award": NOMINATION,
    "selection": SELECTION,
    "screening": SCREENING,
    "broadcast": BROADCAST,
    "event": SCREENING,
}


def _new(s, kind_name: str, status: str):
    base = {
        "award": {
            "body": "Academy of Canadian Cinema & Television",
            "year": 2014,
            "category": "Best Documentary",
        },
        "selection": {"festival": "Hot Docs", "year": 2013},
        "screening": {"venue": "The Regent", "starts_at": "2013-05-04 18:30", "timezone": "America/Toronto"},
        "broadcast": {"channel": "TVO", "starts_at": "2013-06-26 21:00", "timezone": "America/Toronto"},
        "event": {"title": "Q&A", "starts_at": "2013-06-27 19:00", "timezone": "America/New_York"},
    }[kind_name]
    return records.add(s, kind_name, {**base, "status": status, "date": "2013-01-01"}, now=NOW)


@pytest.fixture
def film(engine):
    with session_scope(engine) as s:
        records.add(s, "work", {"title": "The Defector"}, now=NOW)
    return engine


@pytest.mark.parametrize("kind_name", sorted(LIFECYCLES))
def test_every_move_of_every_lifecycle(film, kind_name):
    lifecycle = LIFECYCLES[kind_name]
    with session_scope(film) as s:
        for frm, allowed in lifecycle.items():
            for to in lifecycle:
                row = _new(s, kind_name, frm)
                start = "2013-07-01 20:00" if to == "rescheduled" else None
                if to in allowed:
                    change = records.change_status(
                        s, kind_name, row.id, to, on="2013-02-01", start=start, now=NOW
                    )
                    assert (change.from_status, change.to_status, change.correction) == (frm, to, False)
                    assert str(row.status) == to
                    continue
                with pytest.raises(InvalidTransition) as refused:
                    records.change_status(s, kind_name, row.id, to, on="2013-02-01", start=start, now=NOW)
                if to == frm:
                    assert str(refused.value) == f"{kind_name} {row.id} is already '{frm}'"
                    continue
                listed = str(refused.value).split("allowed: ", 1)[1].split(".", 1)[0]
                if allowed:
                    assert set(listed.split(", ")) == allowed, (frm, to)
                else:
                    assert listed == "none (it is final)", (frm, to)
                assert str(row.status) == frm
                change = records.change_status(
                    s, kind_name, row.id, to, on="2013-02-01", start=start, force=True, now=NOW
                )
                assert (change.from_status, change.to_status, change.correction) == (frm, to, True)
                assert str(row.status) == to


def _nominate(cli, *more: str) -> None:
    """`presskit add award` for the film's Canadian Screen Award nomination."""
    r = cli("add", "award", "--body", "Academy", "--year", "2014", "--category", "Best Documentary Program",
            "--date", "2014-01-14", *more)
    assert r.exit_code == 0, r.stderr


def test_a_refused_move_names_the_allowed_ones_and_changes_nothing(cli, film, db_url):
    assert cli("add", "award", "--body", "Academy", "--year", "2014", "--category", "Diversity Award",
               "--status", "won", "--date", "2014-01-28").exit_code == 0
    _nominate(cli)
    before = database_state(db_url)
    r = cli("status", "award", "1", "nominated")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Error: award 1 cannot go from 'won' to 'nominated'; allowed: none (it is final). Use --force"
        " to record a correction\n"
    )
    r = cli("status", "award", "2", "shortlisted")
    assert r.stderr == (
        "Error: award 2 cannot go from 'nominated' to 'shortlisted'; allowed: won, lost, withdrawn,"
        " disqualified. Use --force to record a correction\n"
    )
    r = cli("status", "award", "2", "nominated")
    assert (r.exit_code, r.stderr) == (1, "Error: award 2 is already 'nominated'\n")
    assert database_state(db_url) == before


def test_force_records_a_correction_in_the_history(cli, film, engine):
    _nominate(cli)
    assert cli("status", "award", "1", "won", "--date", "2014-03-09").exit_code == 0
    r = cli(
        "status", "award", "1", "nominated", "--force", "--date", "2014-03-10", "--note",
        "announced too early",
    )
    assert (r.exit_code, r.stdout) == (
        0, "award 1: won -> nominated on 2014-03-10 (recorded as a correction)\n",
    )
    changes = rows(engine, m.StatusChange, record_type="award", record_id=1)
    assert [(c.from_status, c.to_status, c.date, c.correction, c.note) for c in changes] == [
        (None, "nominated", date(2014, 1, 14), False, None),
        ("nominated", "won", date(2014, 3, 9), False, None),
        ("won", "nominated", date(2014, 3, 10), True, "announced too early"),
    ]
    show = cli("show", "award", "1").stdout
    assert "2014-03-10  won -> nominated (announced too early) [correction]" in show


def test_rescheduled_keeps_the_previous_start(cli, film, engine):
    assert (
        cli(
            "add", "organization", "--name", "Scotiabank Theatre", "--kind", "venue", "--tz",
            "America/Toronto",
        ).exit_code
        == 0
    )
    assert (
        cli(
            "add", "screening", "--venue", "Scotiabank Theatre", "--room", "Cinema 5", "--start",
            "Mon, Apr 29 3:30 PM", "--year", "2013", "--date", "2013-03-20",
        ).exit_code
        == 0
    )
    r = cli(
        "status", "screening", "1", "rescheduled", "--start", "Tue, Apr 30 4:00 PM", "--date", "2013-04-20"
    )
    assert (r.exit_code, r.stdout) == (0, "screening 1: scheduled -> rescheduled on 2013-04-20\n")
    (sc,) = rows(engine, m.Screening)
    assert sc.local_start.isoformat() == "2013-04-30T16:00:00-04:00"
    assert sc.previous_starts_at.isoformat() == "2013-04-29T19:30:00+00:00"
    (_, change) = rows(engine, m.StatusChange, record_type="screening")
    assert (change.previous_starts_at, change.new_starts_at) == (sc.previous_starts_at, sc.starts_at)
    # the year of the new start is the screening's own, and its weekday is checked against it
    r = cli("status", "screening", "1", "rescheduled", "--start", "Mon, May 1 4:00 PM")
    assert r.stderr == (
        "Error: --start 'Mon, May 1 4:00 PM': May 1, 2013 is a Wednesday; check the date or the year\n"
    )
    r = cli("status", "screening", "1", "rescheduled")
    assert r.stderr == "Error: rescheduled needs --start with the new local time\n"
    r = cli("status", "screening", "1", "held", "--start", "2013-04-30 17:00")
    assert r.stderr == "Error: --start goes with 'rescheduled' only; to fix a typo use 'presskit edit'\n"


# --------------------------------------------------------------------------------------------- the journal


def _count(s, model) -> int:
    return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "kind_name", ["coverage", "award", "selection", "screening", "broadcast", "event", "action"]
)
def test_adding_news_writes_exactly_one_journal_entry(film, kind_name):
    given = {
        "coverage": {"outlet": "NKNews.org", "headline": "Film Review", "published": "2013-05-20"},
        "award": {"body": "Academy", "year": 2014, "category": "Diversity Award", "date": "2014-01-28"},
        "selection": {"festival": "Hot Docs", "year": 2013, "date": "2013-03-20"},
        "screening": {
            "venue": "The Regent",
            "starts_at": "2013-05-04 18:30",
            "timezone": "America/Toronto",
            "date": "2013-03-20",
        },
        "broadcast": {
            "channel": "TVO",
            "starts_at": "2013-06-26 21:00",
            "timezone": "America/Toronto",
            "date": "2013-06-10",
        },
        "event": {"title": "Exhibit", "starts_on": "2011-11-22", "date": "2011-11-20"},
        "action": {"title": "Vote", "announced": "2011-12-04"},
    }[kind_name]
    with session_scope(film) as s:
        # The schema starts with the "supporters" audience; a second one gets its own "not yet sent".
        s.add(m.Audience(name="press", created_at=NOW))
        s.flush()
        audiences = s.scalars(select(m.Audience.id)).all()
        assert len(audiences) == 2
        row = records.add(s, kind_name, given, now=NOW)
        entries = s.scalars(select(m.JournalEntry)).all()
        assert len(entries) == 1
        (entry,) = entries
        assert (entry.kind, entry.record_type, entry.record_id, entry.work_id) == (
            m.JournalKind.added, kind_name, row.id, row.work_id,
        )
        # the news date is the announcement's, not the day it was typed in
        assert entry.news_date < NOW.date()
        # one "not yet sent" row per audience, written with the entry
        pending = s.execute(select(m.PendingEntry.audience_id, m.PendingEntry.journal_id)).all()
        assert sorted(pending) == sorted((audience, entry.id) for audience in audiences)


def test_the_journal_entry_is_in_the_same_transaction_as_the_record(film, db_url):
    before = database_state(db_url)
    with pytest.raises(RuntimeError), session_scope(film) as s:
        records.add(s, "award", {"body": "Academy", "year": 2014, "category": "Diversity Award"}, now=NOW)
        assert _count(s, m.JournalEntry) == 1
        # Not committed yet: another connection sees neither the award nor its entry.
        assert database_state(db_url) == before
        raise RuntimeError("the command failed after adding")
    assert database_state(db_url) == before
    with session_scope(film) as s:
        records.add(s, "award", {"body": "Academy", "year": 2014, "category": "Diversity Award"}, now=NOW)
    with session_scope(film) as s:
        assert (_count(s, m.Nomination), _count(s, m.JournalEntry)) == (1, 1)


def test_an_edit_remove_or_restore_is_not_news(film):
    with session_scope(film) as s:
        row = records.add(s, "coverage", {"outlet": "NKNews.org", "headline": "Film Reveiw"}, now=NOW)
    with session_scope(film) as s:
        edits = records.edit(
            s, "coverage", row.id, {"headline": "Film Review", "author": "Nicolle Loughlin"}, now=NOW
        )
        assert [(e.field, e.old_value, e.new_value) for e in edits] == [
            ("headline", "Film Reveiw", "Film Review"),
            ("author", None, "Nicolle Loughlin"),
        ]
        records.remove(s, "coverage", row.id, now=NOW)
        records.restore(s, "coverage", row.id, now=NOW)
        assert _count(s, m.JournalEntry) == 1  # the addition only
        assert [e.action for e in s.scalars(select(m.Edit).order_by(m.Edit.id))] == [
            "edit", "edit", "remove", "restore",
        ]


@pytest.mark.parametrize(
    "kind_name,given",
    [
        ("work", {"title": "The Defector Interactive"}),
        ("person", {"name": "Ann Shin"}),
        ("organization", {"name": "TVO", "kind": "broadcaster"}),
        ("credit", {"person": "Ann Shin", "role": "Director"}),
    ],
)
def test_adding_a_non_news_record_writes_no_entry(film, kind_name, given):
    with session_scope(film) as s:
        records.add(s, kind_name, given, now=NOW)
        assert _count(s, m.JournalEntry) == 0


def test_a_quote_is_not_news_on_its_own(film):
    with session_scope(film) as s:
        cov = records.add(s, "coverage", {"outlet": "NKNews.org", "headline": "Review"}, now=NOW)
        records.add(s, "quote", {"coverage": cov.id, "text": "A must-see"}, now=NOW)
        assert _count(s, m.JournalEntry) == 1


def test_a_status_change_writes_one_entry_pointing_at_its_history_row(film):
    with session_scope(film) as s:
        award = records.add(
            s, "award",
            {"body": "Academy", "year": 2014, "category": "Best Documentary Program", "date": "2014-01-14"},
            now=NOW,
        )
    with session_scope(film) as s:
        change = records.change_status(s, "award", award.id, "won", on="2014-03-09", now=NOW)
        entries = s.scalars(select(m.JournalEntry).order_by(m.JournalEntry.id)).all()
        assert [(e.kind, e.news_date) for e in entries] == [
            (m.JournalKind.added, date(2014, 1, 14)),
            (m.JournalKind.status, date(2014, 3, 9)),
        ]
        assert entries[1].status_change_id == change.id
        assert entries[1].status_change.to_status == "won"


def test_a_refused_status_change_writes_nothing(film, db_url):
    with session_scope(film) as s:
        award = records.add(
            s, "award",
            {"body": "Academy", "year": 2014, "category": "Diversity Award", "status": "won"},
            now=NOW,
        )
    before = database_state(db_url)
    with pytest.raises(InvalidTransition), session_scope(film) as s:
        records.change_status(s, "award", award.id, "lost", now=NOW)
    with pytest.raises(InvalidInput), session_scope(film) as s:
        records.change_status(s, "award", award.id, "won-ish", now=NOW)
    assert database_state(db_url) == before
