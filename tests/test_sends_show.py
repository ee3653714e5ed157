"""`sends show N` and the site's page of send N render the send as it went out (issue 14 item 5, issue 13):
what it carried, each record as it stood then (fields corrected, statuses changed, records removed or added
since do not show), worded as of its date; a restore from a backup shows the same."""

from __future__ import annotations

import re
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



def _poster(cli, name: str, color: tuple[int, int, int]) -> int:
    """A poster file in ./data/media, recorded; its id."""
    from PIL import Image

    Path("data/media").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 900), color).save(f"data/media/{name}")
    out = _ok(cli("add", "media", "--role", "poster", "--file", f"media/{name}", "--alt", f"Poster {name}"))
    return int(out.split()[2].rstrip(":"))  # Added media N: ...


def _lead(html: str) -> str:
    """The src of the email's lead picture (the site's email copy of a poster)."""
    (src,) = {m for m in re.findall(r'src="([^"]+)"', html) if "/media/" in m}
    return src


def test_sends_show_leads_with_the_picture_and_web_version_of_the_address_the_send_was_made_with(
        film, engine, tmp_path):
    """A send's site address (--base-url, or the work's https website in its place) is kept with it: `sends show`
    leads with the same picture and links the same web version after the website changed and another poster
    took the first one's place, and after a restore; a backup made before sends kept it shows them without."""
    cli = film
    first = _poster(cli, "first.png", (30, 60, 90))
    _ok(cli("edit", "work", "the-defector", "--unsubscribe-url", "https://example.org/unsubscribe",
            "--website", "https://www.thedefectormovie.com"))
    _ok(cli("newsletter", "--mark-sent", "--now", "2014-01-28 09:00", "-o", "sent-1.html"))  # the website's
    _ok(cli("add", "coverage", "--outlet", "NOW Magazine", "--headline", "A second look", "--date", "2014-01-30",
            "--url", "https://nowtoronto.example.org/second-look"))
    _ok(cli("newsletter", "--mark-sent", "--now", "2014-02-01 09:00", "--base-url", BASE, "-o", "sent-2.html"))
    sent = {n: Path(f"sent-{n}.html").read_text(encoding="utf-8") for n in (1, 2)}
    for n, base, campaign in ((1, "https://www.thedefectormovie.com/", "2014-01-28"), (2, BASE, "2014-02-01")):
        assert _lead(sent[n]).startswith(f"{base}media/")
        assert f'href="{base}news/{campaign}-supporters.html"' in sent[n]

    # Since: another website, and a second poster in the first one's place.
    _ok(cli("edit", "work", "the-defector", "--website", "https://defector.example.net"))
    _poster(cli, "second.png", (200, 40, 40))
    _ok(cli("remove", "media", str(first)))
    today = _ok(cli("newsletter", "--since", "2014-01-30", "--now", "2014-02-01 09:00", "--base-url", BASE))
    assert _lead(today).startswith(f"{BASE}media/") and _lead(today) != _lead(sent[2])

    for n in (1, 2):
        _ok(cli("sends", "show", str(n), "-o", f"again-{n}.html"))
        assert Path(f"again-{n}.html").read_text(encoding="utf-8") == sent[n]

    # Restored (from beside ./data: the pictures are restored unmeasured, their files not beside the backup;
    # shown from ./data they are measured then), or copied.
    _ok(cli("export", "-o", "backup.yaml"))
    restored, copied = (f"sqlite:///{tmp_path / name}" for name in ("restored.db", "copied.db"))
    _ok(invoke(restored, "import", "backup.yaml"))
    assert "width:" not in _ok(invoke(restored, "show", "media", str(first)))
    _ok(invoke(restored, "copy", "--to", copied))
    for target in (restored, copied):
        for n in (1, 2):
            assert _ok(invoke(target, "sends", "show", str(n))) == sent[n]

    # A backup from before sends kept their address restores them without one: shown with no site, as then.
    backup = Path("backup.yaml").read_text(encoding="utf-8")
    older = "".join(line for line in backup.splitlines(keepends=True) if not line.startswith("  base_url: "))
    assert older.count("\n") == backup.count("\n") - 2
    Path("older.yaml").write_text(older, encoding="utf-8")
    target = f"sqlite:///{tmp_path / 'older.db'}"
    _ok(invoke(target, "import", "older.yaml"))
    shown = _ok(invoke(target, "sends", "show", "2"))
    assert "A second look" in shown and "/media/" not in shown and "news/2014-02-01" not in shown
