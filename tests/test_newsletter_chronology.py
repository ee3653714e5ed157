"""The blog archives replayed: the records of data/ added in the order the posts announced them, and a
newsletter sent (`--mark-sent`) on the day of each post. Each newsletter must say what that post announced,
and nothing an earlier one sent. The newsletters are also compared with golden files
(tests/golden/newsletter/); regenerate them with `make golden` after a deliberate change.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from conftest import DATA
from newsletter_support import SETTINGS, body_of, import_film
from sqlalchemy import select

from presskit import datafile
from presskit import models as m
from presskit.db import session_scope
from presskit.kinds import KINDS

GOLDEN = Path(__file__).parent / "golden" / "newsletter"
REGENERATE = os.environ.get("PRESSKIT_REGEN_GOLDEN") == "1"

TVO_AIRINGS = [
    "Wed Jun 26, 2013 9:00 PM EDT", "Thu Jun 27, 2013 12:00 AM EDT", "Thu Jun 27, 2013 9:00 PM EDT",
    "Fri Jun 28, 2013 10:30 PM EDT", "Sun Jun 30, 2013 10:00 PM EDT",
]

# (post date, subject, records the post announced, what a reader of that post would look for)
POSTS: list[tuple[str, str, set[str], list[str]]] = [
    ("2011-11-20", "Exhibit showing rare images of life behind the iron curtain",
     {"korea-times-exhibit-2011"},
     ["Tue Nov 22, 2011 6:00 PM – 7:30 PM EST", "The Korea Times, 287 Bridgeland Ave, Toronto, Ontario",
      "Refugees seeking asylum in Toronto will be present"]),
    ("2011-11-25", "Share your story in The Defector's Facebook app",
     {"facebook-app-share-your-story-2011"},
     ["The first 50 people to upload their stories"]),
    ("2011-12-04", "Vote for The Defector as IndieWire's Project of the Week",
     {"indiewire-poll-2011"},
     ["Deadline: Mon Dec 5, 2011 11:59 PM EST", "Vote: https://apps.facebook.com/my-polls/?poll_id=bc6xv1eh"]),
    ("2013-02-15", "Experience The Defector Interactive (#EscapeNorthKorea)",
     {"interactive-launch-2013"},
     ["Try it: https://experience.thedefectormovie.com/?utm_source=newsletter"]),
    ("2013-02-26", "Stephen Chung is nominated for Best Documentary Cinematography at the 56th Canadian"
                   " Society of Cinematographers Awards for The Defector",
     {"csc-2013-best-documentary-cinematography", "sxsw-2013", "sxsw-2013-panel", "thessaloniki-2013",
      "unnamed-us-festival-2013", "documentary-edge-2013-auckland", "documentary-edge-2013-wellington",
      "aljazeera-2013"},
     ["SXSW Interactive Festival 2013 selected The Defector", "Austin · March 8–12, 2013",
      "10 Tips from Kim Jong-Il About Interactive Docs",
      "The Defector will have its Greek premiere at Thessaloniki Documentary Festival 2013",
      "Thessaloniki · March 15–24, 2013", "its US premiere", "March 23, 2013",
      "The Defector will have its New Zealand premiere at Documentary Edge Film Festival 2013",
      "Auckland · April 11–21, 2013", "Wellington · May 9–19, 2013",
      "The Defector will have its Qatari premiere at Aljazeera International Documentary Film Festival"
      " 2013"]),
    ("2013-03-20", "The Defector will have its Canadian premiere at Hot Docs Canadian International"
                   " Documentary Festival 2013",
     {"hot-docs-2013", "hot-docs-2013-1", "hot-docs-2013-2", "hot-docs-2013-3"},
     ["Sat Apr 27, 2013 9:00 PM EDT", "Scotiabank Theatre, Cinema 4", "Mon Apr 29, 2013 3:30 PM EDT",
      "Scotiabank Theatre, Cinema 5", "Sat May 4, 2013 6:30 PM EDT", "The Regent", "Get tickets: https://hotdocs.ca/"]),
    ("2013-05-20", "NKNews.org: Film Review: The Defector",
     {"nknews-review"},
     ["NKNews.org · review by Nicolle Loughlin", "“A unique documentary with thoughtful production"]),
    ("2013-06-06", "The 2013 Sheffield Doc/Fest Awards nominated The Defector for the Sheffield Innovation"
                   " Award",
     {"nyt-op-docs-2013", "sheffield-2013", "sheffield-2013-innovation-award"},
     ["The Defector is selected for its UK premiere at Sheffield Doc/Fest 2013", "The New York Times · Op-Doc"]),
    ("2013-06-10", "ABC1 premieres The Defector",
     {"abc1-2013-06-17-2030", "abc1-2013-06-18-2335", "abc-news-24-2013-06-22-2000", "abc-iview-2013-06",
      "tvo-2013-06-26-2100", "tvo-2013-06-27-0000", "tvo-2013-06-27-2100", "tvo-2013-06-28-2230",
      "tvo-2013-06-30-2200"},
     ["Mon Jun 17, 2013 8:30 PM AEST", "Australia TV premiere · presented by Kerry O'Brien",
      "Tue Jun 18, 2013 11:35 PM AEST", "ABC News 24 airs The Defector", "Sat Jun 22, 2013 8:00 PM AEST",
      "The Defector on demand on ABC iview", "TVO premieres The Defector", "Canada TV premiere",
      *TVO_AIRINGS]),
    ("2013-06-25", "Screening of The Defector with Ann Shin and Jam3 at the Art Directors Club",
     {"adc-nyc-2013"},
     ["Thu Jun 27, 2013 7:00 PM EDT", "RSVP: https://www.adcglobal.org/adc/events/calendar/#438"]),
    ("2013-11-20", "The Defector Interactive won Best in Cross Platform Non-Fiction at the 2013 Digi Awards",
     {"digi-2013-cross-platform-non-fiction", "try-the-interactive-2013"},
     ["Try The Defector Interactive"]),
    ("2013-12-31", "Huffington Post: Top Canadian films of 2013 (Huffington Post and MovieFone)",
     {"huffpost-moviefone-top-canadian-films-2013"},
     ["“Director and centrepiece for the documentary, Ann Shin, is an inspiration."]),
    ("2014-01-14", "The 2014 Canadian Screen Awards nominated The Defector for Best Documentary Program",
     {"csa-2014-best-documentary-program", "csa-2014-best-direction-documentary-program",
      "watch-trailer-2014"},
     ["Ann Shin is nominated for Best Direction in a Documentary Program at the 2014 Canadian Screen Awards"
      " for The Defector", "Watch The Defector trailer"]),
    ("2014-01-21", "JOL Press: North Korea is More Dangerous to Flee Than Ever",
     {"jol-press-interview-2014"},
     ["JOL Press · interview · January 21, 2014"]),
    ("2014-01-28", "The Defector won the Diversity Award at the 2014 Canadian Screen Awards",
     {"csa-2014-diversity"},
     []),
]

NEWS_SECTIONS = ("coverage", "awards", "selections", "events", "actions")


def _announced(item: dict[str, Any], section: str) -> date:
    if section == "coverage":
        return item["published"]
    if section == "actions":
        return item["announced"]
    return item["history"][0]["date"]


def _as_of(item: dict[str, Any], section: str, day: date) -> dict[str, Any]:
    """The record as the blog knew it on ``day``: its history up to then, its screenings announced by then."""
    known = dict(item)
    if "history" in known:
        known["history"] = [h for h in known["history"] if h["date"] <= day]
    if section == "selections" and known.get("screenings"):
        known["screenings"] = [_as_of(sc, "screenings", day) for sc in known["screenings"]
                               if _announced(sc, "screenings") <= day]
    return known


def _data_as_of(data: dict[str, Any], day: date) -> dict[str, Any]:
    known = {section: data[section] for section in ("version", "organizations", "people", "works")}
    for section in (*NEWS_SECTIONS, "broadcasts"):
        known[section] = [_as_of(item, section, day) for item in data.get(section) or []
                          if _announced(item, section) <= day]
    return known


def _carried_keys(engine, send_id: int) -> set[str]:
    with session_scope(engine, write=False) as s:
        entries = s.execute(select(m.JournalEntry.record_type, m.JournalEntry.record_id).join(m.SendItem)
                            .where(m.SendItem.send_id == send_id)).all()
        return {s.get(KINDS[kind].model, rid).key for kind, rid in entries}


def _compare_with_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if REGENERATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    assert path.exists(), f"no golden file {path}; run `make golden`"
    assert actual == path.read_bytes(), (f"{name} differs from its golden file; after a deliberate change"
                                         " run `make golden` and review the diff")


def test_replay_of_the_blog_posts_matches_each_post_and_the_golden_files(engine, cli):
    data = datafile.load_file(DATA)
    with session_scope(engine) as s:
        datafile.import_data(s, _data_as_of(data, date(2011, 1, 1)), source=DATA.name)
        datafile.import_data(s, datafile.load_file(SETTINGS), source=SETTINGS.name)
    sent: set[str] = set()
    for n, (day, subject, announced, phrases) in enumerate(POSTS, start=1):
        with session_scope(engine) as s:
            datafile.import_data(s, _data_as_of(data, date.fromisoformat(day)), source=DATA.name)
        html_name, text_name = f"{n:02d}-{day}.html", f"{n:02d}-{day}.txt"
        r = cli("newsletter", "--mark-sent", "--now", day, "-o", html_name)
        assert r.exit_code == 0, r.stderr
        items = f"{len(announced)} item{'s' * (len(announced) > 1)}"
        assert r.stdout.startswith(f"Wrote {html_name} (html), {items} for supporters: {subject}\n"
                                   f"Recorded send {n} ")
        assert cli("sends", "show", str(n), "-o", text_name).exit_code == 0

        carried = _carried_keys(engine, n)
        assert carried == announced, day
        assert not carried & sent, f"{day} repeats news already sent"
        sent |= carried

        text = Path(text_name).read_text()
        news = " ".join(body_of(text).split())
        for phrase in [subject.split(": ", 1)[-1], *phrases]:
            assert phrase in news, f"{day}: {phrase!r} missing"
        # Each item in full ('* ') or in one line ('- ', 'TVO aired The Defector, 4 times') tells its records once.
        told = re.findall(r"^([*-]) (?:.*?, (\d+) times)?", body_of(text), re.M)
        assert sum(int(n or 1) for _, n in told) == len(announced)

        _compare_with_golden(html_name, Path(html_name).read_bytes())
        _compare_with_golden(text_name, Path(text_name).read_bytes())

    # Every piece of news went out once, and nothing is left.
    all_news = {item["key"] for section in (*NEWS_SECTIONS, "broadcasts") for item in data[section]}
    all_news |= {sc["key"] for sel in data["selections"] for sc in sel.get("screenings") or []}
    assert sent == all_news
    assert cli("newsletter", "--now", "2014-02-01").exit_code == 3


def test_a_post_s_newsletter_reminds_of_what_is_coming_up(engine, cli):
    data = datafile.load_file(DATA)
    with session_scope(engine) as s:
        datafile.import_data(s, _data_as_of(data, date(2013, 6, 10)), source=DATA.name)
        datafile.import_data(s, datafile.load_file(SETTINGS), source=SETTINGS.name)
    assert cli("newsletter", "--mark-sent", "--now", "2013-06-10", "-o", "airings.txt").exit_code == 0
    with session_scope(engine) as s:
        datafile.import_data(s, _data_as_of(data, date(2013, 6, 25)), source=DATA.name)
    r = cli("newsletter", "--now", "2013-06-25", "--format", "text")
    coming = r.stdout.split("\nCOMING UP\n")[1].split("\n--\n")[0]
    # The TVO post lists the five airings again; the ABC ones are over by then.
    assert re.findall(r"^\* (.+)$", coming, re.M) == TVO_AIRINGS
    assert "AEST" not in coming


def test_golden_catch_up_send_is_a_few_phone_screens(engine, cli):
    """A new list's first send on the day of the last post: all 38 records, read as of that day. The top news
    leads, after the team's opening line; what is older than 90 days is one line each under 'Earlier'."""
    import_film(engine)
    intro = "Thank you for following The Defector. Here is everything since the beginning, in brief."
    for fmt in ("html", "txt"):
        r = cli("newsletter", "--now", "2014-01-28 09:00", "--intro", intro, "-o", f"catch-up.{fmt}")
        assert r.exit_code == 0, r.stderr
        assert r.stdout.startswith(f"Wrote catch-up.{fmt} ({'text' if fmt == 'txt' else fmt}), 38 items for"
                                   " supporters: The Defector won the Diversity Award at the 2014 Canadian Screen"
                                   " Awards\n")
        _compare_with_golden(f"catch-up-2014-01-28.{fmt}", Path(f"catch-up.{fmt}").read_bytes())
    body = body_of(Path("catch-up.txt").read_text())
    assert body.index(intro.split(".")[0]) < body.index("* The Defector won the Diversity Award") < body.index(
        "\nWINS\n")
    # About 1,100 words and ten phone screens before: now well under half.
    assert len(body.split()) < 650
    lines = re.findall(r"^[*-] (.+)$", body, re.M)
    assert sum(line.startswith("The Defector ") for line in lines) <= len(lines) // 2
    earlier = body.split("\nEARLIER\n")[1]
    assert "- TVO aired The Defector, 4 times · June 27–30, 2013" in earlier
    assert "- The Defector had its US premiere at a festival in the United States" in " ".join(earlier.split())
    for stale in ("Tickets", "RSVP", "Vote:", "will have", "premieres on", "Deadline"):
        assert stale not in body, stale
