"""Embargoes (issue 14): held news is in no newsletter, kit, calendar or report until its hour, then goes out once,
dated by its release; and credits and quotes are removed and restored like every other record."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.database_support import database_state

MAILCHIMP = ("--esp", "mailchimp")


def _ok(result, code: int = 0) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout


def _calendar(film, now: str) -> dict[str, Any]:
    """The VEVENTs from May 2014 of `calendar --now NOW`, by UID, as icalendar reads them."""
    import icalendar

    ics = _ok(film("calendar", "--from", "2014-05-01", "--now", now)).encode()
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}


def _newsletter(film, now: str, *more: str):
    return film("newsletter", "--now", now, "--format", "text", *MAILCHIMP, *more)


def _sent_everything(film) -> None:
    _ok(_newsletter(film, "2014-02-01", "--mark-sent", "-o", "first.txt"))


def test_held_news_waits_for_its_hour_then_goes_out_once_dated_by_its_release(film, tmp_path):
    _sent_everything(film)
    out = _ok(film("add", "screening", "--selection", "hot-docs-2013", "--venue", "The Regent", "--start",
                   "2014-05-01 19:00", "--embargo-until", "2014-03-04 10:00"))
    assert out.startswith("Added screening 4:")
    # An hour before: nothing new (the screening is held), and the kit, calendar and report leave it out.
    r = _newsletter(film, "2014-03-04 09:00")
    assert (r.exit_code, r.stdout) == (3, "")
    assert _calendar(film, "2014-03-04 09:00") == {}  # the calendar made an hour before: not in it
    assert list(_calendar(film, "2014-03-04 10:00")) == ["screening-id4.the-defector@presskit"]
    kit = tmp_path / "kit.html"
    _ok(film("kit", "-o", str(kit), "--now", "2014-03-04 09:00"))
    assert "May 1, 2014" not in kit.read_text(encoding="utf-8")
    _ok(film("kit", "-o", str(kit), "--now", "2014-03-04 10:00"))
    assert "May 1, 2014" in kit.read_text(encoding="utf-8")
    # At the very moment of release it goes out, dated by its release, and only once.
    assert "2014-03-04  screening 4 (Thu May 1, 2014 7:00 PM EDT — The Regent): added as scheduled" in _ok(
        film("history", "--limit", "1"))
    sent = _ok(_newsletter(film, "2014-03-04 10:00", "--mark-sent", "-o", "held.txt"))
    assert "1 item" in sent
    text = (Path.cwd() / "held.txt").read_text(encoding="utf-8")
    assert "The Regent" in text
    r = _newsletter(film, "2014-03-05")
    assert (r.exit_code, r.stdout) == (3, "")


def test_a_held_status_change_leaves_the_record_as_it_was(film, tmp_path):
    _sent_everything(film)
    _ok(film("status", "award", "csa-2014-best-documentary-program", "won", "--embargo-until",
             "2014-03-09 20:00"))
    kit = tmp_path / "kit.html"
    _ok(film("kit", "-o", str(kit), "--now", "2014-03-09 19:59"))
    page = kit.read_text(encoding="utf-8")
    assert "Nominee — Canadian Screen Awards — Best Documentary Program" in page
    assert "Winner — Canadian Screen Awards — Best Documentary Program" not in page
    r = _newsletter(film, "2014-03-09 19:59")
    assert r.exit_code == 3
    _ok(film("kit", "-o", str(kit), "--now", "2014-03-09 20:00"))
    assert "Winner — Canadian Screen Awards — Best Documentary Program" in kit.read_text(encoding="utf-8")
    text = _ok(_newsletter(film, "2014-03-09 20:00", "--mark-sent"))
    assert "won Best Documentary Program" in text and "News · March 9, 2014" in text


def _kit_nominations(film, tmp_path: Path, now: str) -> tuple[list[str], str | None]:
    """The kit's nominations (their categories, in order) and its "…and N more nominations." line."""
    kit = tmp_path / "kit.html"
    _ok(film("kit", "-o", str(kit), "--now", now))
    page = kit.read_text(encoding="utf-8")
    shown = [f"{award} — {what}" for status, award, what in re.findall(
        r'<li class="award award-([a-z_]+)"><span class="status">[^<]*</span> <strong>([^<]*)</strong> — ([^<]*)<',
        page) if status != "won"]
    more = re.search(r"…and \d+ more nominations?\.", page)
    return shown, more.group(0) if more else None


def test_the_kits_more_line_counts_what_the_public_may_see_while_a_win_is_held(film, tmp_path, monkeypatch):
    from presskit import kit

    monkeypatch.setattr(kit, "NOMINATION_LIMIT", 2)  # the film has 4 nominations not won: 2 shown, 2 more
    before = _kit_nominations(film, tmp_path, "2014-03-09 19:59")
    assert len(before[0]) == 2 and before[1] == "…and 2 more nominations."
    # A win held until 20:00 reads as the nomination it was; a nomination held until 20:00 is not there at all.
    _ok(film("status", "award", "csa-2014-best-documentary-program", "won", "--embargo-until",
             "2014-03-09 20:00"))
    _ok(film("add", "award", "--body", "Hot Docs", "--award", "Hot Docs Awards", "--year", "2014", "--category",
             "Best Canadian Feature", "--embargo-until", "2014-03-09 20:00"))
    assert _kit_nominations(film, tmp_path, "2014-03-09 19:59") == before
    # Released: the win leaves the nominations, the new one joins them (newest first): still 2 more.
    shown, more = _kit_nominations(film, tmp_path, "2014-03-09 20:00")
    assert "2014 Hot Docs Awards — Best Canadian Feature" in shown
    assert "2014 Canadian Screen Awards — Best Documentary Program" not in shown
    assert more == "…and 2 more nominations."
    monkeypatch.setattr(kit, "NOMINATION_LIMIT", 12)  # everything shown: no line, whatever is held
    assert _kit_nominations(film, tmp_path, "2014-03-09 19:59")[1] is None


def test_a_held_acceptance_by_a_festival_is_not_in_the_kit_until_its_hour(film, tmp_path):
    """The line-up is under embargo: the selection reads as 'submitted' (not shown in a kit) until then."""
    _ok(film("add", "selection", "--festival", "Berlinale", "--year", "2014", "--premiere", "world", "--status",
             "submitted", "--date", "2014-01-10", "--key", "berlinale-2014"))
    _ok(film("status", "selection", "berlinale-2014", "selected", "--embargo-until", "2014-02-01 10:00"))
    kit = tmp_path / "kit.html"
    _ok(film("kit", "-o", str(kit), "--now", "2014-02-01 09:59"))
    assert "Berlinale" not in kit.read_text(encoding="utf-8")
    _ok(film("kit", "-o", str(kit), "--now", "2014-02-01 10:00"))
    assert "Official Selection — Berlinale — World premiere — 2014" in kit.read_text(encoding="utf-8")


def test_a_held_cancellation_leaves_the_screening_in_coming_up(film):
    _sent_everything(film)
    _ok(film("add", "screening", "--venue", "The Regent", "--start", "2014-05-01 19:00", "--tz", "America/Toronto",
             "--date", "2014-03-01", "--key", "regent-may"))
    _ok(_newsletter(film, "2014-03-02", "--mark-sent", "-o", "screening.txt"))
    _ok(film("status", "screening", "regent-may", "cancelled", "--embargo-until", "2014-04-20 10:00"))
    _ok(film("add", "coverage", "--outlet", "NOW Magazine", "--headline", "Spring notes", "--date", "2014-04-10"))
    coming_up = _ok(_newsletter(film, "2014-04-15")).split("\nCOMING UP\n")[1]
    assert "The Regent" in coming_up
    # At its hour the cancellation is the news, and nothing is coming up.
    text = _ok(_newsletter(film, "2014-04-20 10:00"))
    assert "Cancelled: The Defector at The Regent" in text and "\nCOMING UP\n" not in text


def test_list_embargoed_shows_what_is_held(film):
    assert _ok(film("list", "--embargoed")) == "Nothing is held by an embargo.\n"
    _ok(film("add", "coverage", "--outlet", "TVO", "--headline", "Line-up", "--date", "2099-01-02",
             "--embargo-until", "2099-01-02 08:00"))
    _ok(film("status", "selection", "hot-docs-2013", "screened", "--embargo-until", "2099-01-01T12:00:00Z"))
    assert _ok(film("list", "--embargoed")) == (
        "until Thu Jan 1, 2099 7:00 AM EST  selection 7: Hot Docs Canadian International Documentary Festival"
        " 2013, Toronto — Canadian premiere: selected -> screened\n"
        "until Fri Jan 2, 2099 8:00 AM EST  coverage 5: 2099-01-02 TVO: Line-up [news]\n")
    assert _ok(film("list", "coverage", "--embargoed")) == (
        "until Fri Jan 2, 2099 8:00 AM EST  coverage 5: 2099-01-02 TVO: Line-up [news]\n")


@pytest.mark.parametrize(("args", "code", "error"), [
    (("add", "coverage", "--outlet", "TVO", "--headline", "X", "--embargo-until", "soon"), 1,
     "Error: cannot read --embargo-until 'soon'; write it like 2014-03-09, 'March 9, 2014' or 'Sat, Apr 27 9:00 PM'"),
    (("edit", "coverage", "1", "--embargo-until", "2099-01-01 10:00"), 2,
     "Error: No such option: --embargo-until (see 'presskit edit coverage --help')"),
    (("status", "award", "1", "won", "--embargo-until", "2014-03-09 20:00", "--date", "2014-03-10"), 1,
     "Error: --date 2014-03-10 is not the day the embargo lifts (2014-03-09); leave --date out: held news is"
     " dated by its release"),
    (("status", "award", "1", "won", "--embargo-until", "2014-02-30 10:00"), 1,
     "Error: cannot read --embargo-until '2014-02-30 10:00'; write it like 2014-03-09, 'March 9, 2014' or"
     " 'Sat, Apr 27 9:00 PM'"),
])
def test_a_bad_embargo_is_one_error_line_and_changes_nothing(film, db_url, args, code, error):
    state = database_state(db_url)
    r = film(*args)
    assert (r.exit_code, r.stderr) == (code, error + "\n")
    assert database_state(db_url) == state


def test_a_removed_quote_or_credit_is_in_no_output_until_restored(film, tmp_path):
    quote = "A unique documentary"
    kit = tmp_path / "kit.html"
    assert _ok(film("remove", "quote", "1")) == "Removed quote 1; undo with: presskit restore quote 1\n"
    assert _ok(film("remove", "credit", "2")) == "Removed credit 2; undo with: presskit restore credit 2\n"
    assert quote not in _ok(film("list", "quotes"))
    assert quote in _ok(film("list", "quotes", "--removed"))
    assert quote not in _ok(film("show", "coverage", "nknews-review"))
    assert "Stephen Chung — Director of Photography" not in _ok(film("list", "credits"))
    _ok(film("kit", "-o", str(kit), "--now", "2014-02-01"))
    page = kit.read_text(encoding="utf-8")
    assert quote not in page and "Director of Photography" not in page
    assert quote not in _ok(_newsletter(film, "2014-02-01"))
    r = film("remove", "quote", "1")
    assert (r.exit_code, r.stderr) == (1, "Error: quote 1 is removed; bring it back first with"
                                          " 'presskit restore quote 1'\n")
    _ok(film("restore", "quote", "1"))
    _ok(film("restore", "credit", "2"))
    _ok(film("kit", "-o", str(kit), "--now", "2014-02-01"))
    page = kit.read_text(encoding="utf-8")
    assert quote in page and "Director of Photography" in page
    assert "removed" in _ok(film("history", "--limit", "5"))



def test_a_held_reschedule_moves_the_calendar_entry_and_its_sequence_only_at_its_hour(film):
    """A subscribed calendar reads SEQUENCE to know an entry changed: a status change held by an embargo is not
    counted (nor shown) before its hour, and is from its hour on."""
    _ok(film("add", "screening", "--selection", "hot-docs-2013", "--venue", "The Regent", "--start",
             "2014-05-01 19:00", "--key", "regent", "--date", "2014-02-01"))
    uid = "screening-regent.the-defector@presskit"
    before = _calendar(film, "2014-03-04 09:00")[uid]
    assert (before["SEQUENCE"], before.decoded("DTSTART").isoformat()) == (0, "2014-05-01T19:00:00-04:00")
    _ok(film("status", "screening", "regent", "rescheduled", "--start", "2014-05-02 20:00", "--embargo-until",
             "2014-03-04 10:00"))
    held = _calendar(film, "2014-03-04 09:59")[uid]
    assert (held["SEQUENCE"], held.decoded("DTSTART").isoformat()) == (0, "2014-05-01T19:00:00-04:00")
    assert "Rescheduled" not in str(held["DESCRIPTION"])
    for now in ("2014-03-04 10:00", "2014-03-05"):
        told = _calendar(film, now)[uid]
        assert (told["SEQUENCE"], told.decoded("DTSTART").isoformat()) == (1, "2014-05-02T20:00:00-04:00")
        assert "Rescheduled; it was Thu May 1, 2014 7:00 PM EDT." in str(told["DESCRIPTION"])
    # A change recorded after the held one is not told before it either: the entry reads as before both.
    _ok(film("status", "screening", "regent", "cancelled", "--date", "2014-03-03"))
    held = _calendar(film, "2014-03-04 09:59")[uid]
    assert (held["SEQUENCE"], str(held.get("STATUS")), held.decoded("DTSTART").isoformat()) == (
        0, "CONFIRMED", "2014-05-01T19:00:00-04:00")
    told = _calendar(film, "2014-03-04 10:00")[uid]
    assert (told["SEQUENCE"], str(told["STATUS"])) == (2, "CANCELLED")
