"""`presskit calendar`: the film's screenings, broadcasts and events as an .ics a calendar app reads right."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar


def _events(ics: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    events = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    assert len(events) == len(cal.walk("VEVENT")), "UIDs must be unique"
    return events



def _calendar(cli, *args: str, path: str = "cal.ics") -> bytes:
    r = cli("calendar", "-o", path, *args)
    assert r.exit_code == 0, r.stderr
    return Path(path).read_bytes()


def test_the_file_parses_back_with_a_vtimezone_for_every_zone_used(film):
    ics = _calendar(film)
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR\r\n" in ics
    cal = icalendar.Calendar.from_ical(ics)
    used = {ev["DTSTART"].params["TZID"] for ev in cal.walk("VEVENT") if "TZID" in ev["DTSTART"].params}
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert used == defined == {"America/Toronto", "America/New_York", "Australia/Sydney"}
    kinds = sorted(str(ev["CATEGORIES"].cats[0]) for ev in cal.walk("VEVENT"))
    # data/: 3 Hot Docs screenings, 8 timed broadcasts (the ABC iview release has no time), 3 events
    assert kinds == ["Broadcast"] * 8 + ["Event"] * 3 + ["Screening"] * 3
    for ev in cal.walk("VEVENT"):
        assert ev["DTSTAMP"].dt.tzinfo is not None and ev["STATUS"] == "CONFIRMED"


def test_tvo_premiere_is_9pm_in_toronto(film):
    ev = _events(_calendar(film))["broadcast-tvo-2013-06-26-2100.the-defector@presskit"]
    start = ev["DTSTART"]
    assert start.params["TZID"] == "America/Toronto"
    assert start.dt.replace(tzinfo=None) == datetime(2013, 6, 26, 21, 0)
    assert start.dt.astimezone(UTC) == datetime(2013, 6, 27, 1, 0, tzinfo=UTC)  # EDT, not the post's "EST"
    assert str(ev["LOCATION"]) == "TVO"
    assert str(ev["SUMMARY"]) == "The Defector: Escape from North Korea on TVO (premiere)"


def test_abc1_is_830pm_in_sydney(film):
    ics = _calendar(film)
    assert b"DTSTART;TZID=Australia/Sydney:20130617T203000\r\n" in ics
    ev = _events(ics)["broadcast-abc1-2013-06-17-2030.the-defector@presskit"]
    assert ev["DTSTART"].dt.astimezone(UTC) == datetime(2013, 6, 17, 10, 30, tzinfo=UTC)  # AEST, +10:00
    assert str(ev["LOCATION"]) == "ABC1"
    assert "presented by Kerry O'Brien" in str(ev["DESCRIPTION"])


def test_the_machine_zone_never_shows(film):
    ics = _calendar(film).decode()
    assert "Kiritimati" not in ics and "+1400" not in ics


def test_screening_has_its_venue_and_ticket_link(film):
    ev = _events(_calendar(film))["screening-hot-docs-2013-1.the-defector@presskit"]
    assert str(ev["LOCATION"]) == "Scotiabank Theatre, Cinema 4, Toronto"
    assert str(ev["URL"]) == "http://hotdocs.ca"
    assert ev["DTSTART"].dt.replace(tzinfo=None) == datetime(2013, 4, 27, 21, 0)
    assert "Canadian premiere at Hot Docs" in str(ev["DESCRIPTION"])


def test_event_rsvp_link_and_all_day_festival_panel(film):
    events = _events(_calendar(film))
    adc = events["event-adc-nyc-2013.the-defector@presskit"]
    assert str(adc["URL"]) == "http://www.adcglobal.org/adc/events/calendar/#438"
    assert adc["DTSTART"].params["TZID"] == "America/New_York"
    panel = events["event-sxsw-2013-panel.the-defector-interactive@presskit"]
    assert panel["DTSTART"].dt == date(2013, 3, 8) and panel["DTEND"].dt == date(2013, 3, 13)  # end exclusive


def test_a_rescheduled_screening_keeps_its_uid(film):
    uid = "screening-hot-docs-2013-2.the-defector@presskit"
    before = _events(_calendar(film, path="before.ics"))
    r = film("status", "screening", "hot-docs-2013-2", "rescheduled", "--start", "2013-04-30 18:00",
             "--date", "2013-04-25")
    assert r.exit_code == 0, r.stderr
    after = _events(_calendar(film, path="after.ics"))
    assert set(after) == set(before)  # moved, not duplicated
    assert before[uid]["DTSTART"].dt.replace(tzinfo=None) == datetime(2013, 4, 29, 15, 30)
    assert after[uid]["DTSTART"].dt.replace(tzinfo=None) == datetime(2013, 4, 30, 18, 0)
    assert int(after[uid]["SEQUENCE"]) == int(before[uid]["SEQUENCE"]) + 1
    assert "Rescheduled; it was Mon Apr 29, 2013 3:30 PM EDT." in str(after[uid]["DESCRIPTION"])


def test_a_cancelled_broadcast_is_marked_cancelled(film):
    assert film("status", "broadcast", "abc-news-24-2013-06-22-2000", "cancelled").exit_code == 0
    ev = _events(_calendar(film))["broadcast-abc-news-24-2013-06-22-2000.the-defector@presskit"]
    assert ev["STATUS"] == "CANCELLED"


def test_period_keeps_what_happens_in_it(film):
    events = _events(_calendar(film, "--from", "2013-06-17", "--to", "2013-06-26"))
    starts = sorted(ev["DTSTART"].dt.replace(tzinfo=None) for ev in events.values())
    assert starts[0] == datetime(2013, 6, 17, 20, 30) and starts[-1] == datetime(2013, 6, 26, 21, 0)
    assert len(events) == 4  # ABC1 twice, ABC News 24, the TVO premiere


def test_no_output_file_writes_to_stdout_and_says_what_it_left_out(film):
    r = film("calendar", "--work", "the-defector-interactive")
    assert r.exit_code == 0
    assert r.stdout.count("BEGIN:VEVENT") == 1 and "10 Tips from Kim Jong-Il" in r.stdout
    full = film("calendar")
    assert full.stderr == "Left out broadcast 9 (abc-iview-2013-06): no time or date\n"


def test_hostile_text_stays_inside_its_property(film):
    r = film("add", "event", "--title", "Q&A\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned; x,y",
             "--start", "2014-03-01 19:00", "--tz", "America/Toronto", "--rsvp", "https://example.org/rsvp")
    assert r.exit_code == 0, r.stderr
    events = _events(_calendar(film))
    assert len(events) == 15
    ours = [ev for ev in events.values() if "pwned" in str(ev["SUMMARY"])]
    assert len(ours) == 1 and str(ours[0]["SUMMARY"]).startswith("Q&A")


def test_bad_period_is_one_line(film):
    r = film("calendar", "--from", "2013-07-01", "--to", "2013-06-30")
    assert (r.exit_code, r.stderr) == (1, "Error: --from 2013-07-01 is after --to 2013-06-30; swap them\n")
    r = film("calendar", "--from", "June")
    assert r.exit_code == 1 and r.stderr.startswith("Error: --from 'June'") and r.stderr.count("\n") == 1


def test_demo_writes_the_calendar(tmp_path):
    from presskit import demo

    lines = list(demo.run(tmp_path / "out"))
    ics = (tmp_path / "out" / "screenings.ics").read_bytes()
    assert any("screenings.ics" in line for line in lines)
    assert "broadcast-tvo-2013-06-26-2100.the-defector@presskit" in _events(ics)


def test_the_same_records_give_the_same_bytes_in_any_run(film, db_url):
    # Three zones: icalendar adds their VTIMEZONEs in set order, which Python varies from run to run.
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2", "3"):
        proc = subprocess.run([sys.executable, "-m", "presskit", "--db", db_url, "calendar"], capture_output=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0].count(b"BEGIN:VTIMEZONE") == 3
    assert outputs[0] == outputs[1] == outputs[2]


def test_reading_in_batches_changes_nothing(film, monkeypatch):
    # A catalogue is read 500 records at a time; batches of 2 split the film's records across many of them,
    # with their status-change counts (SEQUENCE) read per batch.
    from presskit import ical

    whole = _calendar(film, path="whole.ics")
    monkeypatch.setattr(ical, "BATCH", 2)
    assert _calendar(film, path="batched.ics") == whole
