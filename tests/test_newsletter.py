"""`presskit newsletter` and `presskit sends`: what a newsletter says, which news it carries, and the command.

The email-format checks of EMAIL.md are in test_newsletter_email.py, the replay of the blog archives in
test_newsletter_chronology.py, exactly-once under concurrency in test_newsletter_exactly_once.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from database_support import database_state
from newsletter_support import AFTER_ALL, IN_FULL, body_of, build, import_film, text_of
from sqlalchemy import select

from presskit import models as m
from presskit import newsletter, records
from presskit.db import session_scope
from presskit.errors import NothingToSend

NEWS_RECORDS = 38  # coverage 4, awards 6, selections 8, screenings 3, broadcasts 9, events 3, actions 5


@pytest.fixture
def film(engine):
    import_film(engine)
    return engine


def _add_coverage(s, headline: str, published: str):
    return records.add(s, "coverage", {"outlet": "NOW Magazine", "headline": headline,
                                       "published": published})


def _items(text: str) -> list[str]:
    """The first line of each item: told in full ('* ') or in one line ('- ', without its date)."""
    return [line.split(" · ")[0] for line in re.findall(r"^[*-] (.+)$", body_of(text), re.M)]


# -------------------------------------------------------------------------------------------- what it says


def test_first_newsletter_has_every_news_record_once_in_editorial_order(film):
    text = text_of(film, **IN_FULL)
    headings = re.findall(r"^([A-Z &]+)\n-+$", body_of(text), re.M)
    # The top news leads, before the first heading; the closed poll is in 'Earlier' whatever its age.
    assert headings == ["WINS", "NOMINATIONS", "FESTIVALS", "PRESS", "SCREENINGS & BROADCASTS", "EVENTS",
                        "TAKE ACTION", "EARLIER"]
    assert len(_items(text)) == NEWS_RECORDS
    # Wins lead, newest first: the subject is the top news.
    assert _items(text)[:2] == ["The Defector won the Diversity Award at the 2014 Canadian Screen",
                                "The Defector Interactive won Best in Cross Platform Non-Fiction at the"]


def test_status_changes_read_as_news_not_as_diffs(film):
    text = " ".join(text_of(film).split())
    assert "The Defector won the Diversity Award at the 2014 Canadian Screen Awards" in text
    # The 2013 ceremonies are over by February 2014 and no outcome is recorded: told in the past.
    assert ("Stephen Chung was nominated for Best Documentary Cinematography at the 56th Canadian Society of"
            " Cinematographers Awards for The Defector") in text
    assert "The 2014 Canadian Screen Awards nominated The Defector for Best Documentary Program" in text
    assert "The Defector had its UK premiere at Sheffield Doc/Fest 2013" in text
    assert "->" not in text and "nominated → won" not in text and "status" not in text.lower()


def test_html_sets_work_titles_in_italics(film):
    html = build(film).outputs["html"].decode()
    assert "<em>The Defector</em> won the Diversity Award at the 2014 Canadian Screen Awards" in html
    assert "Ann Shin is nominated for Best Direction in a Documentary Program at the 2014 Canadian Screen" \
           " Awards for <em>The Defector</em>" in html


def test_times_are_the_place_s_local_time_with_its_zone(film):
    # The machine's zone is Pacific/Kiritimati (conftest): none of these depend on it.
    text = text_of(film, **IN_FULL)
    assert "Wed Jun 26, 2013 9:00 PM EDT" in text  # TVO, Toronto, June
    assert "Mon Jun 17, 2013 8:30 PM AEST" in text  # ABC1, Sydney
    assert "Sat Apr 27, 2013 9:00 PM EDT" in text  # Hot Docs
    assert "Tue Nov 22, 2011 6:00 PM – 7:30 PM EST" in text  # the exhibit, Toronto, November
    flat = " ".join(text.split())
    assert "“Vote for The Defector as IndieWire's Project of the Week” closed December 5, 2011" in flat
    assert "LINT" not in text and "+14" not in text


def test_press_items_carry_outlet_author_and_pull_quote(film):
    text = text_of(film, **IN_FULL)
    block = text[text.index("* Film Review: The Defector"):]
    block = block[:block.index("\n\n")]
    assert "NKNews.org · review by Nicolle Loughlin · May 20, 2013" in block
    assert "“A unique documentary with thoughtful production" in block
    assert "— Nicolle Loughlin, NKNews.org" in block


def test_one_record_s_entries_collapse_into_its_newest_state(film):
    build(film, mark_sent=True)
    with session_scope(film) as s:
        sc = records.add(s, "screening", {"venue": "The Regent", "starts_at": "2014-03-01 19:00",
                                          "date": "2014-02-02"})
        records.change_status(s, "screening", sc.id, "rescheduled", start="2014-03-02 20:30", on="2014-02-03")
        screening_id = sc.id
    result = build(film, formats=("text",), mark_sent=True, now="2014-02-04")
    text = result.outputs["text"].decode()
    assert _items(text) == ["New time: The Defector at The Regent"]
    assert "Sun Mar 2, 2014 8:30 PM EST · was Sat Mar 1, 2014 7:00 PM EST" in text
    with session_scope(film, write=False) as s:
        carried = s.scalars(select(m.JournalEntry.record_id).join(m.SendItem).where(
            m.SendItem.send_id == result.send_id)).all()
    assert carried == [screening_id, screening_id]  # the send carries both entries of the one item


def test_subject_and_preheader_come_from_the_top_items_and_differ(film):
    result = build(film)
    assert result.subject == "The Defector won the Diversity Award at the 2014 Canadian Screen Awards"
    assert result.issue.preheader.startswith("Also: The Defector Interactive won Best in Cross Platform")
    assert result.issue.preheader != result.subject
    own = build(film, subject="  Big news\nfrom Toronto ")
    assert own.subject == "Big news from Toronto"
    assert "<title>Big news from Toronto</title>" in own.outputs["html"].decode()


def test_a_single_item_gets_a_preheader_of_its_own(film):
    build(film, mark_sent=True)
    with session_scope(film) as s:
        records.add(s, "event", {"title": "Q&A at the Regent", "place": "The Regent",
                                 "starts_at": "2014-02-20 19:00", "date": "2014-02-05"})
    result = build(film, now="2014-02-06")
    assert result.subject == "Q&A at the Regent"
    assert result.issue.preheader == "Thu Feb 20, 2014 7:00 PM EST · The Regent · Toronto"


def test_coming_up_lists_upcoming_airings_even_when_already_sent(film):
    build(film, mark_sent=True, now="2013-06-11")
    with session_scope(film) as s:
        records.add(s, "coverage", {"outlet": "Toronto Star", "headline": "A defector's road",
                                    "published": "2013-06-20"})
    text = text_of(film, now="2013-06-21 09:00")
    body, coming = text.split("\nCOMING UP\n")
    assert _items(text) == ["A defector's road"]
    upcoming = re.findall(r"^\* (.+)$", coming.split("\n--\n")[0], re.M)
    assert upcoming == ["Sat Jun 22, 2013 8:00 PM AEST", "Wed Jun 26, 2013 9:00 PM EDT",
                        "Thu Jun 27, 2013 12:00 AM EDT", "Thu Jun 27, 2013 7:00 PM EDT",
                        "Thu Jun 27, 2013 9:00 PM EDT", "Fri Jun 28, 2013 10:30 PM EDT",
                        "Sun Jun 30, 2013 10:00 PM EDT"]
    assert "Mon Jun 17, 2013" not in coming  # already aired
    assert "COMING UP" not in text_of(film, now="2013-06-21 09:00", coming_up_days=0)
    # The window is --coming-up days from --now: two days ahead reaches the ABC News 24 airing only.
    short = text_of(film, now="2013-06-21 09:00", coming_up_days=2)
    assert re.findall(r"^\* (.+)$", short.split("\nCOMING UP\n")[1].split("\n--\n")[0], re.M) == [
        "Sat Jun 22, 2013 8:00 PM AEST"]


def test_coming_up_is_bounded_soonest_first_with_a_count_of_the_rest(film):
    build(film, mark_sent=True, now="2014-02-01")
    with session_scope(film) as s:
        records.add(s, "coverage", {"outlet": "Toronto Star", "headline": "A defector's road",
                                    "published": "2014-03-01"})
        for day in range(20, 0, -1):  # added latest first: the block must sort, not follow insertion
            records.add(s, "screening", {"venue": "The Regent", "starts_at": f"2014-04-{day:02d} 19:00",
                                         "date": "2014-02-02"})
    build(film, mark_sent=True, now="2014-02-03")  # the screenings' own news went out already
    with session_scope(film) as s:
        records.add(s, "coverage", {"outlet": "Now Magazine", "headline": "Back on screen",
                                    "published": "2014-03-02"})
    text = text_of(film, now="2014-03-03 09:00")
    coming = text.split("\nCOMING UP\n")[1].split("\n--\n")[0]
    upcoming = re.findall(r"^\* (.+)$", coming, re.M)
    assert upcoming == [f"{date(2014, 4, d):%a %b} {d}, 2014 7:00 PM EDT" for d in range(1, 13)]
    assert "...and 8 more in the next 60 days." in coming
    html = build(film, now="2014-03-03 09:00").outputs["html"].decode("utf-8")
    assert "and 8 more in the next 60 days." in html


def test_links_to_the_film_s_own_site_carry_utm_and_no_others(film):
    text = text_of(film, now="2014-02-01")
    campaign = "utm_source=newsletter&utm_medium=email&utm_campaign=2014-02-01-supporters"
    assert f"Watch the trailer: https://www.thedefectormovie.com/?{campaign}" in text
    assert f"Try it: https://experience.thedefectormovie.com/?{campaign}" in text
    assert "Festival page: https://hotdocs.ca/\n" in text  # third party: untouched but for https
    assert "Unsubscribe: https://www.thedefectormovie.com/unsubscribe\n" in text


# ------------------------------------------------------------------------------------------ which news


def test_mark_sent_then_nothing_new_exits_3_and_writes_nothing(film, cli, db_url):
    r = cli("newsletter", "--mark-sent", "--now", "2014-01-28", "-o", "first.html")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Wrote first.html (html), 38 items for supporters: The Defector won the")
    assert "Recorded send 1 (39 entries); undo with: presskit sends undo 1" in r.stdout
    before = database_state(db_url)
    r = cli("newsletter", "--mark-sent", "--now", "2014-01-29", "-o", "second.html")
    assert r.exit_code == 3
    assert r.stderr == "Error: no news for 'supporters' since send 1 (2014-01-28); no newsletter written\n"
    assert not Path("second.html").exists() and not list(Path(".").glob(".second.html*"))
    assert database_state(db_url) == before


def test_nothing_recorded_yet_exits_3(cli):
    assert cli("init", "--title", "The Defector").exit_code == 0
    r = cli("newsletter")
    assert (r.exit_code, r.stdout) == (3, "")
    assert r.stderr == "Error: no news for 'supporters' yet; no newsletter written\n"


def test_since_date_covers_news_dated_on_or_after_it(film):
    text = text_of(film, since="2014-01-14")
    assert _items(text) == [
        "The Defector won the Diversity Award at the 2014 Canadian Screen",
        "The 2014 Canadian Screen Awards nominated The Defector for Best",
        "Ann Shin is nominated for Best Direction in a Documentary Program at",
        "North Korea is More Dangerous to Flee Than Ever",
        "Watch The Defector trailer",
    ]
    with pytest.raises(NothingToSend, match="no news dated on or after 2014-02-01; no newsletter written"):
        text_of(film, since="2014-02-01")


def test_since_send_n_is_what_later_sends_carried_and_what_is_pending(film):
    build(film, mark_sent=True, now="2014-01-28")
    with session_scope(film) as s:
        _add_coverage(s, "Second send", "2014-02-02")
    build(film, mark_sent=True, now="2014-02-03")
    with session_scope(film) as s:
        _add_coverage(s, "Still pending", "2014-02-04")
    assert _items(text_of(film, since="send:1")) == ["Still pending", "Second send"]
    assert _items(text_of(film, since="send:2")) == ["Still pending"]


def test_mark_sent_with_a_dated_since_is_refused(film, cli, db_url):
    before = database_state(db_url)
    r = cli("newsletter", "--since", "2014-01-01", "--mark-sent")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: --mark-sent records what no send has carried yet, so it goes with"
                               " --since last (the default)")
    assert r.stderr.count("\n") == 1
    assert database_state(db_url) == before


def test_audiences_are_separate_streams(film):
    build(film, mark_sent=True, now="2014-01-28")
    with pytest.raises(NothingToSend):
        build(film, mark_sent=True)
    press = build(film, audience="press", formats=("text",), mark_sent=True, now="2014-01-29")
    assert press.issue.records == NEWS_RECORDS  # a new audience has seen nothing
    with session_scope(film) as s:
        _add_coverage(s, "For both", "2014-02-02")
    assert _items(text_of(film, audience="press")) == ["For both"]
    assert _items(text_of(film)) == ["For both"]
    build(film, mark_sent=True, audience="press")
    assert _items(text_of(film)) == ["For both"]  # the press send took nothing from supporters


def test_work_filter_leaves_other_works_news_pending(film):
    only = build(film, works=["the-defector-interactive"], formats=("text",), mark_sent=True, **IN_FULL)
    assert _items(only.outputs["text"].decode()) == [
        "The Defector Interactive won Best in Cross Platform Non-Fiction at the",
        "10 Tips from Kim Jong-Il About Interactive Docs",
        "Try The Defector Interactive",
        "Experience The Defector Interactive (#EscapeNorthKorea)",
    ]
    rest = _items(text_of(film, **IN_FULL))
    assert len(rest) == NEWS_RECORDS - 4
    assert not any("Interactive" in line for line in rest if line.startswith(("The Defector Int", "Try")))


def test_removed_records_are_left_out_but_stay_pending(film):
    with session_scope(film) as s:
        records.remove(s, "coverage", "nknews-review")
    assert "Film Review: The Defector" not in text_of(film)
    build(film, mark_sent=True)
    with session_scope(film) as s:
        records.restore(s, "coverage", "nknews-review")
    assert _items(text_of(film)) == ["Film Review: The Defector"]


def test_only_removed_records_with_news_is_nothing_to_send(film):
    build(film, mark_sent=True)
    with session_scope(film) as s:
        row = _add_coverage(s, "Oops", "2014-02-02")
        records.remove(s, "coverage", row.id)
    with pytest.raises(NothingToSend, match=r"only removed records have news; 'presskit restore' brings one"):
        build(film)


def test_undo_releases_a_send_s_entries(film, cli):
    assert cli("newsletter", "--mark-sent", "--now", "2014-01-28", "-o", "a.txt").exit_code == 0
    r = cli("sends", "undo", "1")
    assert (r.exit_code, r.stdout) == (0, "Undid send 1 to supporters: 39 entries are pending again for the"
                                          " next newsletter\n")
    assert cli("newsletter", "--mark-sent", "--now", "2014-01-28", "-o", "b.txt").exit_code == 0
    assert Path("a.txt").read_bytes() == Path("b.txt").read_bytes()
    r = cli("sends", "undo", "1")
    assert r.exit_code == 1
    assert re.fullmatch(r"Error: send 1 was already undone on \d{4}-\d{2}-\d{2}\n", r.stderr)
    r = cli("sends", "undo", "9")
    assert (r.exit_code, r.stderr) == (1, "Error: no send 9; see 'presskit sends'\n")


def test_sends_lists_past_sends(film, cli):
    assert cli("sends").stdout == "No sends yet; record one with: presskit newsletter --mark-sent -o FILE\n"
    cli("newsletter", "--mark-sent", "--now", "2014-01-28 09:00", "--work", "the-defector-interactive",
        "-o", "i.txt")
    cli("newsletter", "--mark-sent", "--now", "2014-01-28 10:00", "-o", "f.txt")
    cli("sends", "undo", "1")
    lines = cli("sends").stdout.splitlines()
    assert lines[0].split() == ["id", "sent", "audience", "items", "subject"]
    assert re.match(r"\s+1  Tue Jan 28, 2014 9:00 AM EST\s+supporters\s+4  \[undone .+\] The Defector"
                    r" Interactive won Best in Cross Platform Non-Fiction at the 2013 Digi Awards"
                    r" \[the-defector-interactive\]$", lines[1]), lines[1]
    assert re.match(r"\s+2  Tue Jan 28, 2014 10:00 AM EST\s+supporters\s+34  The Defector won the Diversity"
                    r" Award at the 2014 Canadian Screen Awards$", lines[2]), lines[2]
    assert cli("sends", "--audience", "press").stdout.startswith("No sends yet")


def test_sends_show_renders_exactly_what_was_sent(film, cli):
    assert cli("newsletter", "--mark-sent", "--now", "2014-01-28 09:00", "-o", "sent.html").exit_code == 0
    with session_scope(film) as s:
        _add_coverage(s, "Later news", "2014-02-02")
    r = cli("sends", "show", "1", "-o", "again.html")
    assert r.exit_code == 0, r.stderr
    assert Path("again.html").read_bytes() == Path("sent.html").read_bytes()
    assert "Later news" not in cli("sends", "show", "1", "--format", "text").stdout


# ------------------------------------------------------------------------------------------ the command


def test_format_follows_the_extension_unless_format_says_otherwise(film, cli):
    assert cli("newsletter", "-o", "n.txt").exit_code == 0
    assert Path("n.txt").read_text().startswith("THE DEFECTOR: ESCAPE FROM NORTH KOREA\nNews · ")
    assert cli("newsletter", "-o", "n.eml").exit_code == 0
    assert Path("n.eml").read_bytes().startswith(b"Subject:")
    assert cli("newsletter", "-o", "n.mjml").exit_code == 0
    assert Path("n.mjml").read_text().startswith("<mjml lang=\"en\">")
    assert cli("newsletter", "-o", "forced.txt", "--format", "html").exit_code == 0
    assert Path("forced.txt").read_text().startswith("<!doctype html>")
    r = cli("newsletter", "-o", "n.pdf")
    assert (r.exit_code, r.stderr) == (1, "Error: cannot tell the format from 'n.pdf'; give --format html,"
                                          " text, eml or mjml\n")


def test_html_goes_to_stdout_without_o(film, cli):
    r = cli("newsletter", "--now", AFTER_ALL)
    assert r.exit_code == 0
    assert r.stdout.startswith("<!doctype html>\n<html") and r.stdout.rstrip().endswith("</html>")
    assert r.stderr == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "yesterday"], "--since 'yesterday': use 'last' (the default), a date such as 2014-01-01,"
                               " or send:N"),
    (["--since", "send:x"], "--since 'send:x': write send:N with a send id from 'presskit sends',"
                            " e.g. send:3"),
    (["--since", "send:7"], "no send 7; see 'presskit sends'"),
    (["--since", "send:²"], "--since 'send:²': write send:N with a send id from 'presskit sends', e.g. send:3"),
    (["--audience", "Press Team!", "--mark-sent"], "--audience 'Press Team!': use a short name of letters,"
                                                   " digits, '-' or '_', e.g. press"),
    (["--esp", "sendgrid"], "--esp 'sendgrid': use one of generic, mailchimp, listmonk, buttondown, brevo"),
    (["--format", "pdf"], "--format 'pdf': use one of html, text, eml, mjml"),
    (["--now", "2014-13-45"], "--now '2014-13-45' is not a date; write it like 2014-01-28"),
    (["--work", "no-such-film", "--mark-sent"], "no work with id or key 'no-such-film';"
                                                " see 'presskit list works'"),
    (["-o", "missing/n.html", "--mark-sent"], "folder 'missing' for -o does not exist; create it first"),
    (["--format", "eml", "--esp", "mailchimp"], "--format eml is a message you send yourself; --esp"
                                                " mailchimp is for pasting the HTML into that service:"
                                                " drop one of them"),
    (["--subject", "   ", "--mark-sent"], "--subject is empty; give a subject or leave it out to use the top"
                                           " news"),
    (["--intro", " \n\n ", "--mark-sent"], "--intro is empty; give a sentence or two, or leave it out"),
    (["--intro", "x" * 2001, "--mark-sent"], "--intro is 2,001 characters; keep the opening to 2,000 (a"
                                             " paragraph or two)"),
    (["--intro", "Hello", "--intro-file", "intro.txt"], "give --intro or --intro-file, not both"),
    (["--intro-file", "no-such.txt", "--mark-sent"], "--intro-file 'no-such.txt' does not exist"),
    (["--earlier-after", "-1", "--mark-sent"], "--earlier-after -1: give a number of days, 0 or more (default"
                                               " 90)"),
])
def test_bad_input_is_one_line_and_changes_nothing(film, cli, db_url, args, message):
    before = database_state(db_url)
    r = cli("newsletter", *args)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: {message}\n")
    assert database_state(db_url) == before


def test_no_unsubscribe_link_is_not_send_ready(engine, cli, db_url):
    import_film(engine, settings=False)
    before = database_state(db_url)
    r = cli("newsletter", "--mark-sent")
    assert r.exit_code == 1
    assert r.stderr == ("Error: no unsubscribe link, so the newsletter is not send-ready: set an https one"
                        " with 'presskit edit work the-defector --unsubscribe-url https://...', or name your"
                        " mailing service with --esp (mailchimp, listmonk, buttondown, brevo)\n")
    assert database_state(db_url) == before
    # A mailing service adds its own unsubscribe link: its merge tag is enough.
    r = cli("newsletter", "--esp", "mailchimp")
    assert r.exit_code == 0 and 'href="*|UNSUB|*"' in r.stdout


def test_eml_needs_a_sender_address(engine, cli):
    import_film(engine, settings=False)
    cli("edit", "work", "the-defector", "--unsubscribe-url", "https://www.thedefectormovie.com/unsubscribe")
    r = cli("newsletter", "--format", "eml")
    assert (r.exit_code, r.stderr) == (1, "Error: --format eml needs a sender address: presskit edit work"
                                          " the-defector --sender-email news@example.org\n")


def test_templates_folder_overrides_and_extends_the_built_ins(film, cli, tmp_path):
    mine = tmp_path / "mine" / "email" / "newsletter"
    mine.mkdir(parents=True)
    (mine / "subject.txt.j2").write_text("[{{ issue.short_title }}] {{ issue.subject }}\n")
    (mine / "body.txt.j2").write_text('{% extends "!default/email/newsletter/body.txt.j2" %}\n'
                                      "{% block footer %}Our own footer. Unsubscribe: {{ unsubscribe_url }}"
                                      "{% endblock %}\n")
    r = cli("newsletter", "--templates", str(tmp_path / "mine"), "--format", "text")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith("\nOur own footer. Unsubscribe: https://www.thedefectormovie.com/unsubscribe\n")
    assert "EARLIER\n-------" in r.stdout  # the built-in body is still there (all of it years old)
    html = cli("newsletter", "--templates", str(tmp_path / "mine")).stdout
    assert "<title>[The Defector] The Defector won the Diversity Award" in html


@pytest.mark.parametrize(("name", "source", "message"), [
    ("subject.txt.j2", "{{ issue.subject ", r"template .*/mine/email/newsletter/subject\.txt\.j2 line 1:"
                                            r" unexpected end of template"),
    ("subject.txt.j2", "{{ issue.nothing }}", r"template .*/mine/email/newsletter/subject\.txt\.j2 line 1:"
                                              r" .*has no attribute 'nothing'"),
    ("body.mjml.j2", "<mjml><mj-body><mj-section></mjml>",
     r"email/newsletter/body\.mjml\.j2 does not compile as MJML: "),
    ("body.mjml.j2", '{% extends "email/nothing.mjml.j2" %}',
     r"template 'email/nothing\.mjml\.j2' not found; looked in: .*/mine, .*/templates"),
])
def test_template_problems_are_one_line(film, cli, db_url, tmp_path, name, source, message):
    mine = tmp_path / "mine" / "email" / "newsletter"
    mine.mkdir(parents=True)
    (mine / name).write_text(source)
    before = database_state(db_url)
    r = cli("newsletter", "--templates", str(tmp_path / "mine"), "--mark-sent")
    assert r.exit_code == 1
    assert re.fullmatch(f"Error: {message}.*\n", r.stderr), r.stderr
    assert database_state(db_url) == before


def test_templates_folder_needs_an_email_folder(film, cli, tmp_path):
    (tmp_path / "flat").mkdir()
    r = cli("newsletter", "--templates", str(tmp_path / "flat"))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: --templates '{tmp_path / 'flat'}' has no email/ folder; put overrides"
                               f" in {tmp_path / 'flat' / 'email'}/")


def test_help_documents_the_exit_codes(cli):
    r = cli("newsletter", "--help")
    assert r.exit_code == 0
    assert "3  nothing new: one line on stderr, no file written, nothing recorded" in r.stdout
    assert "presskit newsletter --mark-sent -o out/newsletter.eml" in r.stdout
    for sub in (["sends", "--help"], ["sends", "show", "--help"], ["sends", "undo", "--help"]):
        out = cli(*sub).stdout
        assert "Example:" in out and "presskit sends" in out


def test_start_up_loads_no_renderer_and_the_newsletter_does(film, db_url):
    # A fresh interpreter: this test process has long imported everything.
    probe = "\n".join([
        "import json, sys",
        "import presskit.cli",
        "heavy = ('jinja2', 'mjml', 'premailer')",
        "before = sorted(m for m in heavy if m in sys.modules)",
        "sys.argv = ['presskit', '--db', sys.argv[1], 'newsletter', '-o', 'probe.html']",
        "try:",
        "    presskit.cli.main()",
        "except SystemExit:",
        "    pass",
        "print(json.dumps([before, sorted(m for m in heavy if m in sys.modules)]))",
    ])
    out = subprocess.run([sys.executable, "-c", probe, db_url], capture_output=True, text=True, timeout=120)
    before, after = json.loads(out.stdout.splitlines()[-1])
    assert before == []
    assert after == ["jinja2", "mjml", "premailer"]
    assert Path("probe.html").read_text().startswith("<!doctype html>")


def test_library_use_without_the_command_line(film):
    with session_scope(film, write=False) as s:
        composed = newsletter.compose(s, now="2014-01-28")
    assert composed.issue.subject == "The Defector won the Diversity Award at the 2014 Canadian Screen Awards"
    assert composed.issue.lead.summary == composed.issue.subject
    # Older news is in the 'Earlier' list: only the last 90 days' sections remain.
    assert [sec.key for sec in composed.issue.sections] == ["wins", "nominations", "press", "actions"]
    assert composed.issue.records == NEWS_RECORDS
    assert len(composed.entry_ids) == NEWS_RECORDS + 1  # the Digi award's nomination and win


# ------------------------------------------------------------------------------------------ the shape


def test_news_older_than_the_setting_goes_to_earlier_and_the_setting_changes_it(film, cli):
    def shape(*args: str) -> tuple[list[str], list[str]]:
        text = cli("newsletter", "--now", "2014-01-28", "--format", "text", *args).stdout
        news, _, earlier = body_of(text).partition("\nEARLIER\n")
        return _items(news), _items(earlier)

    news, earlier = shape()
    # Within 90 days of January 28, 2014: the CSA nominations and win, the Digi win, two pieces, two actions.
    assert len(news) == 8 and news[0] == "The Defector won the Diversity Award at the 2014 Canadian Screen"
    assert "TVO aired The Defector, 4 times" in earlier
    news, earlier = shape("--earlier-after", "30")
    assert len(news) == 6 and "Try The Defector Interactive" in earlier  # announced November 20, 2013
    assert cli("edit", "work", "the-defector", "--earlier-after", "30").exit_code == 0
    assert shape() == (news, earlier)
    # Nothing is dropped: the closed poll stays in 'Earlier' whatever the setting, told as closed.
    news, earlier = shape("--earlier-after", "100000")
    assert earlier == ["“Vote for The Defector as IndieWire's Project of the Week” closed"]


def test_the_opening_paragraph_comes_first_and_a_send_keeps_it(film, cli):
    Path("intro.txt").write_text("Dear friends,\n\nwhat a year it has been.\n", encoding="utf-8")
    r = cli("newsletter", "--now", "2014-01-28", "--intro-file", "intro.txt", "--mark-sent", "-o", "sent.txt")
    assert r.exit_code == 0, r.stderr
    sent = Path("sent.txt").read_text()
    assert sent.split("\n\n")[1:4] == ["Dear friends,", "what a year it has been.",
                                        "* The Defector won the Diversity Award at the 2014 Canadian Screen\n"
                                        "  Awards\n  Academy of Canadian Cinema & Television"]
    assert cli("sends", "show", "1", "-o", "again.txt").exit_code == 0
    assert Path("again.txt").read_text() == sent
    body = cli("sends", "show", "1").stdout.split("<body")[1]
    lead = body.index('class="pk-lead"')
    assert body.index("Dear friends,") < lead and "won the Diversity Award at" in body[lead:lead + 600]


def test_a_long_section_tells_four_in_full_and_the_rest_in_a_line_each(film):
    issue = build(film, now="2013-06-10", earlier_after=100000).issue
    screen = next(sec for sec in issue.sections if sec.key == "screen")
    assert len(screen.items) == 4 and screen.count == len(screen.items) + len(screen.more)
    text = text_of(film, now="2013-06-10", earlier_after=100000)
    assert f"SCREENINGS & BROADCASTS · {screen.count}" in text
    # Still ahead on June 10, 2013: each one-line airing keeps its own time and its link.
    assert "- TVO airs The Defector · Thu Jun 27, 2013 9:00 PM EDT" in text
