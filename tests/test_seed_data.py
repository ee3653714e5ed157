"""data/the-defector.yaml: the film's real records, as the three blog archives in ../shared/seeds/ announce
them (issue 2, section 4). Each check below is a sentence of those posts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from presskit import lookups
from presskit import models as m
from presskit.db import session_scope
from tests.conftest import DATA
from tests.database_support import rows


def _one(engine, model, key):
    (row,) = rows(engine, model, key=key)
    return row


def _local(row) -> tuple[str, str]:
    return row.local_start.strftime("%Y-%m-%d %H:%M"), row.local_start.tzname()


def test_the_tvo_premiere_is_9pm_toronto_time_which_is_1am_utc_the_next_day(defector):
    """The post: "our TVO television broadcast premiere ... Wednesday, June 26th at 9:00pm": EDT, not EST."""
    tvo = _one(defector, m.Broadcast, "tvo-2013-06-26-2100")
    assert tvo.starts_at.isoformat() == "2013-06-27T01:00:00+00:00"
    assert _local(tvo) == ("2013-06-26 21:00", "EDT")
    assert (tvo.timezone, tvo.channel.name, tvo.premiere, tvo.territory) == (
        "America/Toronto", "TVO", True, "Canada",
    )


def test_every_tvo_air_time(defector):
    """The post: "Wednesday, June 26th at 9:00pm & 12:00am, Thursday, June 27th at 9:00pm, Friday, June 28th
    at 10:30pm, Sunday, June 30th at 10:00pm" — five slots, midnight being the first minute of the 27th."""
    tvo = [b for b in rows(defector, m.Broadcast) if b.channel.name == "TVO"]
    assert [_local(b) for b in tvo] == [
        ("2013-06-26 21:00", "EDT"),
        ("2013-06-27 00:00", "EDT"),
        ("2013-06-27 21:00", "EDT"),
        ("2013-06-28 22:30", "EDT"),
        ("2013-06-30 22:00", "EDT"),
    ]
    assert [b.premiere for b in tvo] == [True, False, False, False, False]


def test_the_australian_broadcasts(defector):
    """The post: "presented by Kerry O'Brien, on Monday June 17th at 8.30pm on ABC1. It is repeated on Tuesday
    June 18th at 11.35pm and can also be seen on ABC News 24 on Saturday June 22nd at 8.00pm or ABC iview"."""
    abc1 = _one(defector, m.Broadcast, "abc1-2013-06-17-2030")
    assert _local(abc1) == ("2013-06-17 20:30", "AEST")
    assert abc1.timezone == "Australia/Sydney"
    assert abc1.starts_at.isoformat() == "2013-06-17T10:30:00+00:00"
    assert (abc1.presenter, abc1.premiere, abc1.territory) == ("Kerry O'Brien", True, "Australia")
    australian = [
        (b.channel.name, _local(b) if b.starts_at else None, b.premiere)
        for b in rows(defector, m.Broadcast)
        if b.territory == "Australia"
    ]
    assert australian == [
        ("ABC1", ("2013-06-17 20:30", "AEST"), True),
        ("ABC1", ("2013-06-18 23:35", "AEST"), False),
        ("ABC News 24", ("2013-06-22 20:00", "AEST"), False),
        ("ABC iview", None, False),
    ]


def test_the_hot_docs_canadian_premiere_and_its_three_screenings(defector):
    """The post: "Sat, Apr 27 - 9:00 PM at Scotiabank Theatre, Cinema 4 / Mon, Apr 29 - 3:30 PM at Scotiabank
    Theatre, Cinema 5 / Sat, May 4 - 6:30 PM at The Regent"."""
    hot_docs = _one(defector, m.Selection, "hot-docs-2013")
    assert (str(hot_docs.premiere), hot_docs.premiere_region, str(hot_docs.status)) == (
        "national", "Canadian", "selected",
    )
    with session_scope(defector, write=False) as s:
        screenings = [
            (sc.venue.name, sc.room, *_local(sc))
            for sc in lookups.get(s, "selection", hot_docs.id).screenings
        ]
    assert screenings == [
        ("Scotiabank Theatre", "Cinema 4", "2013-04-27 21:00", "EDT"),
        ("Scotiabank Theatre", "Cinema 5", "2013-04-29 15:30", "EDT"),
        ("The Regent", None, "2013-05-04 18:30", "EDT"),
    ]
    # the weekdays of the post match the inferred year
    assert [
        date.fromisoformat(day).strftime("%a") for _, _, day_time, _ in screenings for day in [day_time[:10]]
    ] == ["Sat", "Mon", "Sat"]


def test_the_diversity_award_is_won_and_the_two_screen_award_nominations_are_open(defector):
    awards = {a.key: a for a in rows(defector, m.Nomination)}
    diversity = awards["csa-2014-diversity"]
    assert (diversity.category, str(diversity.status), diversity.body.name, diversity.year) == (
        "Diversity Award", "won", "Academy of Canadian Cinema & Television", 2014,
    )
    # "nominated for two Canadian Screen Awards ... keep your fingers crossed": not decided, not lost
    open_ones = {
        a.category: str(a.status)
        for a in awards.values()
        if a.award == "Canadian Screen Awards" and a.category != "Diversity Award"
    }
    assert open_ones == {
        "Best Documentary Program": "nominated",
        "Best Direction in a Documentary Program": "nominated",
    }


def test_the_cinematographer_is_nominated_as_a_person(defector):
    csc = _one(defector, m.Nomination, "csc-2013-best-documentary-cinematography")
    assert (csc.nominee.name, csc.edition, csc.category, str(csc.status)) == (
        "Stephen Chung", "56th", "Best Documentary Cinematography", "nominated",
    )


def test_the_digi_award_went_to_the_second_work(defector):
    digi = _one(defector, m.Nomination, "digi-2013-cross-platform-non-fiction")
    assert (digi.work.kind, digi.work.title, str(digi.status), digi.category) == (
        m.WorkKind.interactive, "The Defector Interactive", "won", "Best in Cross Platform Non-Fiction",
    )
    history = [
        (c.from_status, c.to_status)
        for c in rows(defector, m.StatusChange, record_type="award", record_id=digi.id)
    ]
    assert history == [(None, "nominated"), ("nominated", "won")]


def test_coverage_with_authors_and_quotes(defector):
    review = _one(defector, m.Coverage, "nknews-review")
    assert (review.outlet.name, review.author, str(review.kind)) == (
        "NKNews.org", "Nicolle Loughlin", "review",
    )
    assert review.quotes[0].text.startswith("A unique documentary with thoughtful production")
    nyt = _one(defector, m.Coverage, "nyt-op-docs-2013")
    assert (nyt.outlet.name, str(nyt.kind), nyt.featured, nyt.published) == (
        "The New York Times", "op_doc", True,
        date(2013, 6, 6),
    )
    assert {c.outlet.name for c in rows(defector, m.Coverage)} == {
        "The New York Times", "NKNews.org", "Huffington Post", "JOL Press",
    }


def test_festival_selections_with_premiere_tiers_and_the_festival_in_two_cities(defector):
    selections = {s.key: s for s in rows(defector, m.Selection)}
    assert (str(selections["sheffield-2013"].premiere), selections["sheffield-2013"].premiere_region) == (
        "national", "UK",
    )
    edge = [
        (s.city, s.starts_on, s.ends_on)
        for s in selections.values()
        if s.festival.name.startswith("Documentary Edge")
    ]
    assert edge == [
        ("Auckland", date(2013, 4, 11), date(2013, 4, 21)),
        ("Wellington", date(2013, 5, 9), date(2013, 5, 19)),
    ]
    assert (selections["thessaloniki-2013"].starts_on, selections["thessaloniki-2013"].ends_on) == (
        date(2013, 3, 15),
        date(2013, 3, 24),
    )


def test_events_and_calls_to_action(defector):
    adc = _one(defector, m.Event, "adc-nyc-2013")
    assert (str(adc.kind), _local(adc), adc.rsvp_url) == (
        "qa_screening",
        ("2013-06-27 19:00", "EDT"),
        "http://www.adcglobal.org/adc/events/calendar/#438",
    )
    exhibit = _one(defector, m.Event, "korea-times-exhibit-2011")
    assert (_local(exhibit), exhibit.local_end.strftime("%H:%M")) == (("2011-11-22 18:00", "EST"), "19:30")
    assert exhibit.local_start.strftime("%A") == "Tuesday"  # "Check it out this Tuesday!"
    poll = _one(defector, m.Action, "indiewire-poll-2011")
    assert poll.local_deadline.strftime("%A %B %-d %Y") == "Monday December 5 2011"
    assert poll.url == "http://apps.facebook.com/my-polls/?poll_id=bc6xv1eh"


def test_two_works_the_film_primary(defector):
    assert [(w.slug, w.primary, str(w.kind)) for w in rows(defector, m.Work)] == [
        ("the-defector", True, "film"),
        ("the-defector-interactive", False, "interactive"),
    ]
    with session_scope(defector, write=False) as s:
        credits = [(c.person.name, c.role) for c in lookups.get(s, "work", "the-defector").credits]
    assert credits == [("Ann Shin", "Director"), ("Stephen Chung", "Director of Photography")]


def test_no_record_comes_from_the_general_news_posts(defector):
    text = DATA.read_text(encoding="utf-8").lower()
    for noise in (
        "song byeok", "myanmar", "marshmallow", "kim han sol", "world cup", "gun show", "cellphone",
    ):
        assert f": {noise}" not in text and f'"{noise}' not in text, noise
    titles = " ".join(e.title for e in rows(defector, m.Event)) + " ".join(
        a.title for a in rows(defector, m.Action)
    )
    assert "Song" not in titles


def test_inferred_values_are_marked(defector):
    text = DATA.read_text(encoding="utf-8")
    assert text.count("# inferred:") >= 50
    for line in text.splitlines():
        if line.strip().startswith("starts_at:") and "2013-" in line:
            assert "# inferred" in line, line  # every year in a start time was inferred from the posts


def test_seed_data_imports(defector):
    with session_scope(defector, write=False) as s:
        assert s.scalar(select(func.count(m.Nomination.id))) == 6
        tvo = s.scalar(select(m.Broadcast).where(m.Broadcast.key == "tvo-2013-06-26-2100"))
        assert tvo.starts_at.isoformat() == "2013-06-27T01:00:00+00:00"
        assert tvo.local_start.tzname() == "EDT"
