"""`sends show N` and the site's page of send N render the send as it went out (issue 14 item 5, issue 13):
what it carried, each record as it stood then (fields corrected, statuses changed, records removed or added
since do not show), worded as of its date; a restore from a backup shows the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from presskit import site
from presskit.db import session_scope
from tests.conftest import invoke

MAILCHIMP = ("--esp", "mailchimp")  # the film's data has no unsubscribe URL of its own
BASE = "https://press.example.org/defector/"


def _ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def _two_sends(cli) -> None:
    """Two screenings ahead, send 1 (everything), a new piece, send 2 (the piece; the screenings in 'Coming up')."""
    _ok(cli("add", "screening", "--venue", "Bloor Hot Docs Cinema", "--start", "2014-02-10 19:00", "--tz",
            "America/Toronto", "--tickets", "https://tickets.example.org/bloor", "--date", "2014-01-27"))
    _ok(cli("add", "screening", "--venue", "Hart House", "--start", "2014-02-20 19:00", "--tz",
            "America/Toronto", "--date", "2014-01-27", "--key", "hart-house"))
    _ok(cli("newsletter", "--mark-sent", "--now", "2014-01-28 09:00", *MAILCHIMP, "-o", "sent-1.html"))
    _ok(cli("add", "coverage", "--outlet", "NOW Magazine", "--headline", "A second look", "--date", "2014-01-30",
            "--url", "https://nowtoronto.example.org/second-look", "--key", "second-look"))
    _ok(cli("newsletter", "--mark-sent", "--now", "2014-02-01 09:00", *MAILCHIMP, "-o", "sent-2.txt"))


def _change_everything(cli, *, title: bool = True) -> None:
    """After both sends: fields corrected, statuses changed, a removal, a new screening within 'Coming up'
    (and the film's title, unless ``title`` is false)."""
    _ok(cli("edit", "coverage", "jol-press-interview-2014", "--headline", "Corrected headline", "--published",
            "2014-01-25", "--url", "https://example.org/corrected"))
    _ok(cli("edit", "coverage", "second-look", "--headline", "Renamed later", "--published", "2014-01-29"))
    _ok(cli("status", "award", "csa-2014-best-documentary-program", "won", "--date", "2014-03-02"))
    _ok(cli("edit", "screening", "4", "--venue", "The Royal", "--start", "2014-02-11 20:00"))
    _ok(cli("edit", "organization", "Hart House", "--name", "Hart House Theatre"))
    if title:
        _ok(cli("edit", "work", "the-defector", "--title", "The Defector (Director's Cut)"))
    _ok(cli("remove", "coverage", "3"))
    _ok(cli("add", "quote", "--coverage", "second-look", "--text", "A quote added later"))
    _ok(cli("add", "screening", "--venue", "The Royal", "--start", "2014-02-15 19:00", "--tz", "America/Toronto",
            "--date", "2014-02-05"))
    _ok(cli("status", "screening", "hart-house", "cancelled", "--date", "2014-02-06"))


def test_sends_show_renders_each_send_as_it_went_out_after_later_corrections(film, tmp_path):
    cli = film
    _two_sends(cli)
    sent_2 = Path("sent-2.txt").read_text(encoding="utf-8")
    # What the comparison is about is in the sends: the records as they were, the screenings in 'Coming up'.
    assert "North Korea is More Dangerous to Flee Than Ever" in Path("sent-1.html").read_text(encoding="utf-8")
    assert "A second look" in sent_2
    coming_up = sent_2.split("\nCOMING UP\n")[1]
    assert "Bloor Hot Docs Cinema" in coming_up and "Hart House" in coming_up and "The Royal" not in coming_up
    _change_everything(cli)
    # The corrections took: today's records read otherwise.
    assert "Corrected headline" in _ok(cli("list", "coverage"))
    now = _ok(cli("newsletter", "--since", "2014-01-01", "--now", "2014-02-07 09:00", "--format", "text",
                  *MAILCHIMP))
    assert "Renamed later" in now and "The Royal" in now and "Director's Cut" in now
    assert "A quote added later" in now

    _ok(cli("sends", "show", "1", *MAILCHIMP, "-o", "again-1.html"))
    assert Path("again-1.html").read_bytes() == Path("sent-1.html").read_bytes()
    assert _ok(cli("sends", "show", "2", "--format", "text", *MAILCHIMP)) == sent_2

    # A restore from a backup knows when each send and each correction was recorded: the same sends.
    _ok(cli("export", "-o", "backup.yaml"))
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    _ok(invoke(target, "import", "backup.yaml"))
    _ok(invoke(target, "sends", "show", "1", *MAILCHIMP, "-o", "restored-1.html"))
    assert Path("restored-1.html").read_bytes() == Path("sent-1.html").read_bytes()
    assert _ok(invoke(target, "sends", "show", "2", "--format", "text", *MAILCHIMP)) == sent_2


def _site_news(engine, out: str) -> dict[str, bytes]:
    with session_scope(engine, write=False) as s:
        site.build(s, Path(out), base_url=BASE, now="2014-02-07", data_dir=Path("data"), cache=Path("cache"),
                   pdf=False)
    return {p.name: p.read_bytes() for p in sorted(Path(out, "news").glob("*.html"))}


def test_site_send_pages_show_what_supporters_received(film, engine):
    cli = film
    _two_sends(cli)
    before = _site_news(engine, "site-before")
    assert sorted(before) == ["2014-01-28-supporters.html", "2014-02-01-supporters.html", "index.html"]
    _change_everything(cli, title=False)  # the site around the send pages is today's: its title too
    after = _site_news(engine, "site-after")
    assert after["2014-02-01-supporters.html"] == before["2014-02-01-supporters.html"]
    page = after["2014-02-01-supporters.html"].decode()
    assert "A second look" in page and "Renamed later" not in page
    page = after["2014-01-28-supporters.html"].decode()
    assert "North Korea is More Dangerous to Flee Than Ever" in page and "Corrected headline" not in page
    assert "Bloor Hot Docs Cinema" in page  # moved since
    # A record removed since leaves every public page (the team's `sends show` still has it).
    assert "Top Canadian films of 2013" not in page and "Top Canadian films of 2013" in before[
        "2014-01-28-supporters.html"].decode()
    # The calendar, made after the send pages, reads the records as they are now.
    calendar = Path("site-after", "calendar.ics").read_text(encoding="utf-8")
    assert "The Royal" in calendar and "Bloor Hot Docs Cinema" not in calendar


@pytest.mark.sqlite_only("the clock a send was recorded by is the machine's on either database")
def test_a_send_recorded_before_its_recording_time_was_kept_undoes_later_status_changes(film, engine):
    """Sends of older databases (no recorded_at): later status changes are undone, as before."""
    from sqlalchemy import update

    from presskit import models as m

    cli = film
    _ok(cli("newsletter", "--mark-sent", "--now", "2014-01-28 09:00", *MAILCHIMP, "-o", "sent.txt"))
    with session_scope(engine) as s:
        s.execute(update(m.Send).values(recorded_at=None))
    _ok(cli("status", "award", "csa-2014-best-documentary-program", "won", "--date", "2014-03-02"))
    assert _ok(cli("sends", "show", "1", "--format", "text", *MAILCHIMP)) == Path("sent.txt").read_text(
        encoding="utf-8")
