"""`presskit calendar`: the film's screenings, broadcasts and events as an .ics a calendar app reads right."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

NOW = "2014-01-28T14:00:00Z"


def _events(ics: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    events = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}
    assert len(events) == len(cal.walk("VEVENT")), "UIDs must be unique"
    return events



def _calendar(cli, *args: str, path: str = "cal.ics") -> bytes:
    r = cli("calendar", "-o", path, "--now", NOW, *args)
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
        assert ev["DTSTAMP"].dt == datetime(2014, 1, 28, 14, tzinfo=UTC) and ev["STATUS"] == "CONFIRMED"


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


@pytest.mark.parametrize(("period", "said"), [
    # ABC iview was announced on 2013-06-10: it is said left out only for a period that holds that day.
    (("--from", "2013-06-01", "--to", "2013-06-30"), "Left out broadcast 9 (abc-iview-2013-06): no time or date\n"),
    (("--from", "2013-06-10"), "Left out broadcast 9 (abc-iview-2013-06): no time or date\n"),
    (("--from", "2014-01-01"), ""),
    (("--to", "2013-06-09"), ""),
])
def test_a_record_without_a_time_is_said_left_out_only_in_its_period(film, period, said):
    r = film("calendar", "-o", "cal.ics", *period)
    assert r.exit_code == 0 and r.stderr == said


def test_hostile_text_stays_inside_its_property(film, db_url):
    hostile = "Q&A\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned; x,y"
    r = film("add", "event", "--title", hostile, "--start", "2014-03-01 19:00", "--tz", "America/Toronto",
             "--rsvp", "https://example.org/rsvp")
    assert (r.exit_code, r.stderr) == (1, "Error: --title contains a carriage return, which is not text; keep it on"
                                          " one line\n")
    r = film("add", "event", "--title", "Q&A", "--start", "2014-03-01 19:00", "--tz", "America/Toronto",
             "--rsvp", "https://example.org/rsvp")
    assert r.exit_code == 0, r.stderr
    # Written behind the checks' back, as an older database may hold it: the calendar keeps it inside SUMMARY.
    from sqlalchemy import create_engine, update

    from presskit import models as m

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(m.Event).where(m.Event.title == "Q&A").values(title=hostile))
    engine.dispose()
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
        proc = subprocess.run([sys.executable, "-m", "presskit", "--db", db_url, "calendar", "--now", NOW],
                              capture_output=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0].count(b"BEGIN:VTIMEZONE") == 3
    assert outputs[0].count(b"DTSTAMP:20140128T140000Z\r\n") == 14
    assert outputs[0] == outputs[1] == outputs[2]


def test_reading_in_batches_changes_nothing(film, monkeypatch):
    # A catalogue is read 500 records at a time; batches of 2 split the film's records across many of them,
    # with their status-change counts (SEQUENCE) read per batch.
    from presskit import ical

    whole = _calendar(film, path="whole.ics")
    monkeypatch.setattr(ical, "BATCH", 2)
    assert _calendar(film, path="batched.ics") == whole


def test_dtstamp_is_now_without_now(film):
    before = datetime.now(UTC).replace(microsecond=0)
    r = film("calendar")
    stamps = {ev["DTSTAMP"].dt for ev in icalendar.Calendar.from_ical(r.stdout).walk("VEVENT")}
    assert len(stamps) == 1 and before <= stamps.pop() <= datetime.now(UTC)


def test_the_calendar_is_subscribable(film):
    ics = _calendar(film)
    cal = icalendar.Calendar.from_ical(ics)
    name = "The Defector: Escape from North Korea — screenings, broadcasts and events"
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == name
    # RFC 7986: REFRESH-INTERVAL must say VALUE=DURATION; Outlook and Google read X-PUBLISHED-TTL.
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in ics
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in ics
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=12)


def _length(ev) -> timedelta:
    return ev["DTEND"].dt - ev["DTSTART"].dt


def test_every_entry_has_an_end_from_its_length_the_runtime_or_the_default(film):
    events = _events(_calendar(film))
    for uid, ev in events.items():
        assert _length(ev) > timedelta(0), uid
    # Defaults: a screening 2 hours, a broadcast 1 hour, an event 2 hours; an event's own end wins.
    assert _length(events["screening-hot-docs-2013-1.the-defector@presskit"]) == timedelta(hours=2)
    assert _length(events["broadcast-abc1-2013-06-17-2030.the-defector@presskit"]) == timedelta(hours=1)
    assert _length(events["event-adc-nyc-2013.the-defector@presskit"]) == timedelta(hours=2)
    assert _length(events["event-korea-times-exhibit-2011.the-defector@presskit"]) == timedelta(hours=1, minutes=30)
    # The work's runtime, then the record's own length.
    assert film("edit", "work", "the-defector", "--runtime", "52").exit_code == 0
    assert film("edit", "screening", "hot-docs-2013-1", "--length", "1h45").exit_code == 0
    assert film("edit", "event", "adc-nyc-2013", "--length", "PT3H").exit_code == 0
    events = _events(_calendar(film, path="again.ics"))
    assert _length(events["screening-hot-docs-2013-1.the-defector@presskit"]) == timedelta(hours=1, minutes=45)
    assert _length(events["screening-hot-docs-2013-2.the-defector@presskit"]) == timedelta(minutes=52)
    assert _length(events["broadcast-abc1-2013-06-17-2030.the-defector@presskit"]) == timedelta(minutes=52)
    assert _length(events["event-adc-nyc-2013.the-defector@presskit"]) == timedelta(hours=3)
    ev = events["screening-hot-docs-2013-1.the-defector@presskit"]
    assert ev["DTEND"].params["TZID"] == "America/Toronto"
    assert ev["DTEND"].dt.replace(tzinfo=None) == datetime(2013, 4, 27, 22, 45)


def test_a_length_across_the_clock_change_is_elapsed_time(film):
    r = film("add", "screening", "--key", "late", "--venue", "Scotiabank Theatre", "--start", "2013-11-03 00:30",
             "--tz", "America/Toronto", "--length", "2h", "--date", "2013-10-01")
    assert r.exit_code == 0, r.stderr
    ev = _events(_calendar(film))["screening-late.the-defector@presskit"]
    # 00:30 EDT + 2 hours = 01:30 EST (the clocks went back at 02:00 EDT). A reader takes a 01:30 that
    # happens twice as the first one (EDT), so this entry is written in UTC.
    assert (ev["DTSTART"].dt, ev["DTEND"].dt) == (datetime(2013, 11, 3, 4, 30, tzinfo=UTC),
                                                  datetime(2013, 11, 3, 6, 30, tzinfo=UTC))
    ics = _calendar(film, path="b.ics")
    assert b"\r\nDTSTART:20131103T043000Z\r\nDTEND:20131103T063000Z\r\n" in ics
    # One hour earlier, the end is the first 01:30: the entry keeps its zone.
    assert film("edit", "screening", "late", "--length", "1h").exit_code == 0
    ics = _calendar(film, path="c.ics")
    assert (b"\r\nDTSTART;TZID=America/Toronto:20131103T003000\r\nDTEND;TZID=America/Toronto:20131103T013000\r\n"
            in ics)


def test_now_without_an_offset_is_the_teams_local_time(film):
    # The film's company is in Toronto: 9:00 AM there on January 28, 2014 is 14:00 UTC.
    assert b"\r\nDTSTAMP:20140128T140000Z\r\n" in _calendar(film, "--now", "2014-01-28 09:00")
    r = film("calendar", "--now", "yesterday-ish")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.startswith("Error: cannot read --now 'yesterday-ish'") and r.stderr.count("\n") == 1


GOLDEN = Path(__file__).parent / "golden" / "calendar" / "the-defector.ics"


def test_golden_calendar(film):
    """The calendar of data/ is byte-for-byte the golden file. Regenerate with `make golden` and read the diff."""
    import os

    ics = _calendar(film)
    if os.environ.get("PRESSKIT_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(ics)
    assert GOLDEN.exists(), "no golden file yet: run `make golden`"
    assert ics == GOLDEN.read_bytes(), "the calendar changed: review the diff, then `make golden`"
