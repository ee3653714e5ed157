"""`presskit calendar` read by programs we did not write: icalendar, vobject, ical.js (Thunderbird's parser) and a
Radicale CalDAV server's time-range search. Each must put every timed entry at the instant the IANA zone gives,
with a non-zero length, from the file's own VTIMEZONEs.

The calendar is the film's (data/) plus three entries that test the rules: screenings across the nights Toronto
springs forward and falls back, and a broadcast in Sydney's summer time.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import DATA, ROOT, invoke

JS = ROOT / "tests" / "js"
NOW = "2014-01-28T14:00:00Z"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# The film's entries as the seeds give them, in UTC: start and end.
KNOWN = {
    # TVO premiere: Wednesday 9:00 PM in Toronto, EDT (-4); a broadcast lasts 1 hour by default (no runtime).
    "broadcast-tvo-2013-06-26-2100.the-defector@presskit": (utc(2013, 6, 27, 1), utc(2013, 6, 27, 2)),
    # ABC1: Monday 8:30 PM in Sydney, AEST (+10) in June.
    "broadcast-abc1-2013-06-17-2030.the-defector@presskit": (utc(2013, 6, 17, 10, 30), utc(2013, 6, 17, 11, 30)),
    # Hot Docs: Saturday 9:00 PM in Toronto; a screening lasts 2 hours by default.
    "screening-hot-docs-2013-1.the-defector@presskit": (utc(2013, 4, 28, 1), utc(2013, 4, 28, 3)),
    # The Art Directors Club in New York, 7:00 PM EDT; an event lasts 2 hours by default.
    "event-adc-nyc-2013.the-defector@presskit": (utc(2013, 6, 27, 23), utc(2013, 6, 28, 1)),
    # The Korea Times exhibit in November, EST (-5), with its own end at 7:30 PM.
    "event-korea-times-exhibit-2011.the-defector@presskit": (utc(2011, 11, 22, 23), utc(2011, 11, 23, 0, 30)),
    # Added below: 1:00 AM EST on the night Toronto springs forward, 2 hours of elapsed time (4:00 AM EDT).
    "screening-spring-forward.the-defector@presskit": (utc(2013, 3, 10, 6), utc(2013, 3, 10, 8)),
    # Added below: 00:30 EDT on the night Toronto falls back, 2 hours: it ends at the second 01:30 (EST).
    "screening-fall-back.the-defector@presskit": (utc(2013, 11, 3, 4, 30), utc(2013, 11, 3, 6, 30)),
    # Added below: Christmas night in Sydney, AEDT (+11), 1h30.
    "broadcast-sydney-summer.the-defector@presskit": (utc(2013, 12, 25, 9), utc(2013, 12, 25, 10, 30)),
}


@pytest.fixture(scope="module")
def ics(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("readers")
    db = f"sqlite:///{folder / 'film.db'}"
    for args in (
        ("import", str(DATA)),
        ("add", "screening", "--key", "spring-forward", "--venue", "Scotiabank Theatre", "--start",
         "2013-03-10 01:00", "--tz", "America/Toronto", "--length", "2h", "--date", "2013-03-01"),
        ("add", "screening", "--key", "fall-back", "--venue", "Scotiabank Theatre", "--start",
         "2013-11-03 00:30", "--tz", "America/Toronto", "--length", "120", "--date", "2013-10-01"),
        ("add", "broadcast", "--key", "sydney-summer", "--channel", "ABC1", "--start", "2013-12-25 20:00",
         "--length", "PT1H30M", "--date", "2013-12-01"),
        ("calendar", "-o", str(folder / "film.ics"), "--now", NOW),
    ):
        r = invoke(db, *args)
        assert r.exit_code == 0, (args, r.stderr)
    return (folder / "film.ics").read_bytes()


# Zones whose rules are not the usual two Sundays: a half-hour change (Lord Howe), daylight saving that stopped
# (São Paulo 2019, Moscow 2011 then a new standard time in 2014, Tehran 2022), Ramadan breaks (Casablanca), a
# change of date line (Apia 2011), fixed dates (Tehran), new rules (Nuuk 2023, Santiago).
HARD_ZONES = ("Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo", "Europe/Moscow", "Asia/Tehran",
              "Africa/Casablanca", "Pacific/Apia", "America/Nuuk", "America/Santiago", "Asia/Tokyo")


@pytest.fixture(scope="module")
def hard_ics() -> bytes:
    """Half-hour entries a minute before and after every change of these zones in 2010-2025, and mid-year."""
    from presskit import ical

    items = []
    for name in HARD_ZONES:
        z = ZoneInfo(name)
        _, onsets = ical._onsets(z, 2010, 2025)
        instants = [utc(year, 7, 1, 12) for year in range(2010, 2026)]
        for o in onsets:
            at = (o.local - o.offset_from).replace(tzinfo=UTC)
            instants += [at - timedelta(minutes=1), at + timedelta(minutes=1)]
        for i, at in enumerate(instants):
            items.append(ical.CalendarItem(
                uid=f"{name.replace('/', '-')}-{i}@test", kind="event", record_id=i, summary=name,
                start=at.astimezone(z), end=(at + timedelta(minutes=30)).astimezone(z), timezone=name,
                cancelled=False, location=None, url=None, description="", sequence=0))
    return ical.to_ics(ical.CalendarData(name="zones", items=items, left_out=[]), now=NOW)


@pytest.fixture(scope="module", params=["film", "hard zones"])
def any_ics(request, ics, hard_ics) -> bytes:
    return ics if request.param == "film" else hard_ics


def test_the_hard_zones_are_written_as_zoneinfo_has_them(hard_ics):
    timed = _timed(hard_ics)
    assert len(timed) > 500
    for uid, (start, end) in timed.items():
        assert end - start == timedelta(minutes=30), uid


def _timed(ics: bytes) -> dict[str, tuple[datetime, datetime]]:
    """Each timed entry's start and end as zoneinfo reads its local DTSTART/DTEND and TZID (not the VTIMEZONE),
    or as the UTC time written."""
    out = {}
    for ev in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        start, end = ev["DTSTART"], ev["DTEND"]
        if not isinstance(start.dt, datetime):
            continue
        # A local time is read as RFC 5545 says: a wall time that happens twice is the first (fold=0).
        out[str(ev["UID"])] = tuple(
            p.dt.replace(tzinfo=ZoneInfo(p.params["TZID"])).astimezone(UTC) if "TZID" in p.params
            else p.dt.astimezone(UTC) for p in (start, end))
    return out


def test_zoneinfo_gives_the_known_instants(ics):
    timed = _timed(ics)
    assert len(timed) == 16  # 3 + 2 screenings, 8 + 1 broadcasts, 2 timed events (the SXSW panel is all-day)
    for uid, (start, end) in KNOWN.items():
        assert timed[uid] == (start, end), uid
    for uid, (start, end) in timed.items():
        assert end > start, uid
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    zoned = {str(ev["UID"]) for ev in events if "TZID" in ev["DTSTART"].params}
    # Only the entry that ends in the repeated hour of the night the clocks go back is written in UTC.
    assert set(timed) - zoned == {"screening-fall-back.the-defector@presskit"}


def test_the_vtimezones_follow_yearly_rules_with_local_onsets(ics):
    cal = icalendar.Calendar.from_ical(ics)
    zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    assert set(zones) == {"America/Toronto", "America/New_York", "Australia/Sydney"}
    toronto = {(sub.name, sub["DTSTART"].dt.time().isoformat(), sub["RRULE"].to_ical().decode())
               for sub in zones["America/Toronto"].subcomponents if "RRULE" in sub}
    # Second Sunday of March and first of November, both at 2:00 AM on the clock before the change.
    assert toronto == {("DAYLIGHT", "02:00:00", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
                       ("STANDARD", "02:00:00", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11")}
    sydney = {(sub.name, sub["DTSTART"].dt.time().isoformat(), sub["RRULE"].to_ical().decode())
              for sub in zones["Australia/Sydney"].subcomponents if "RRULE" in sub}
    assert sydney == {("DAYLIGHT", "02:00:00", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"),
                      ("STANDARD", "03:00:00", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4")}
    assert b"RDATE" not in ics


def test_icalendar_reads_each_instant_from_the_vtimezones(any_ics):
    ics = any_ics
    cal = icalendar.Calendar.from_ical(ics)
    # to_tz(lookup_tzid=False): a zone built from the VTIMEZONE's rules, not looked up by its name.
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")}
    got = {}
    for ev in cal.walk("VEVENT"):
        start, end = ev["DTSTART"], ev["DTEND"]
        if isinstance(start.dt, datetime):
            got[str(ev["UID"])] = tuple(
                p.dt.replace(tzinfo=zones[p.params["TZID"]]).astimezone(UTC) if "TZID" in p.params
                else p.dt.astimezone(UTC) for p in (start, end))
    assert got == _timed(ics)


def test_vobject_reads_each_instant(any_ics):
    import vobject

    ics = any_ics
    cal = vobject.readOne(ics.decode("utf-8"))
    got = {}
    for ev in cal.vevent_list:
        start, end = ev.dtstart.value, ev.dtend.value
        if isinstance(start, datetime):
            if "TZID" in ev.dtstart.params:
                assert not isinstance(start.tzinfo, ZoneInfo)  # read from the file's own VTIMEZONE
            got[ev.uid.value] = (start.astimezone(UTC), end.astimezone(UTC))
    assert got == _timed(ics)


@pytest.fixture(scope="module")
def node_modules() -> Path:
    if shutil.which("node") is None:
        pytest.fail("node is missing: `make system-deps` installs Debian's nodejs")
    if not (JS / "node_modules" / "ical.js").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS, check=True, timeout=300)
    return JS / "node_modules"


def test_ical_js_reads_each_instant_of_the_hard_zones(hard_ics, node_modules):
    proc = subprocess.run(["node", str(JS / "read_ics.mjs")], input=hard_ics, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    got = {uid: (datetime.fromtimestamp(v["start"], UTC), datetime.fromtimestamp(v["end"], UTC))
           for uid, v in json.loads(proc.stdout).items()}
    assert got == _timed(hard_ics)


def test_ical_js_reads_each_instant(ics, node_modules):
    proc = subprocess.run(["node", str(JS / "read_ics.mjs")], input=ics, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    read = json.loads(proc.stdout)
    got = {uid: (datetime.fromtimestamp(v["start"], UTC), datetime.fromtimestamp(v["end"], UTC))
           for uid, v in read.items() if isinstance(v["start"], int)}
    assert got == _timed(ics)
    assert {v["zone"] for v in read.values()} == {"America/Toronto", "America/New_York", "Australia/Sydney",
                                                  "UTC", "floating"}
    panel = read["event-sxsw-2013-panel.the-defector-interactive@presskit"]
    assert (panel["start"], panel["end"]) == ("2013-03-08", "2013-03-13")


# ------------------------------------------------------------------------------------------------ Radicale


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CalDAV:
    def __init__(self, base: str) -> None:
        self.base = base
        self.auth = "Basic " + base64.b64encode(b"presskit:test").decode()

    def request(self, method: str, path: str, body: bytes | None = None, **headers: str) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers={"Authorization": self.auth, **headers})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def uids_between(self, path: str, start: datetime, end: datetime) -> set[str]:
        """The UIDs of the events a CalDAV time-range REPORT finds in [start, end)."""
        fmt = "%Y%m%dT%H%M%SZ"
        body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start.strftime(fmt)}" end="{end.strftime(fmt)}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
        status, answer = self.request("REPORT", path, body, Depth="1", **{"Content-Type": "application/xml"})
        assert status == 207, answer
        import xml.etree.ElementTree as ET

        uids = set()
        for data in ET.fromstring(answer).iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
            uids.update(str(ev["UID"]) for ev in icalendar.Calendar.from_ical(data.text or "").walk("VEVENT"))
        return uids


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    """One Radicale server for the module: 127.0.0.1 on a free port, storage in a temporary folder, no auth."""
    folder = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    log = folder / "radicale.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
             "--auth-type", "none", "--rights-type", "owner_only", "--storage-filesystem-folder",
             str(folder / "data"), "--logging-level", "warning"],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "HOME": str(folder)})
    try:
        dav = CalDAV(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while True:
            try:
                dav.request("OPTIONS", "/")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Radicale did not start: {log.read_text(errors='replace')}") from None
                time.sleep(0.1)
        yield dav
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_radicale_time_range_search_finds_each_entry_at_its_instant(ics, radicale):
    path = "/presskit/film/"
    status, answer = radicale.request("MKCALENDAR", path)
    assert status == 201, answer
    status, answer = radicale.request("PUT", path, ics, **{"Content-Type": "text/calendar; charset=utf-8"})
    assert status in (201, 204), answer
    minute = timedelta(minutes=1)
    for uid, (start, end) in _timed(ics).items():
        assert uid in radicale.uids_between(path, start, start + minute), f"{uid} not found at its start {start}"
        assert uid not in radicale.uids_between(path, start - minute, start), f"{uid} found before its start"
        assert uid in radicale.uids_between(path, end - minute, end), f"{uid} ends before {end}"
        assert uid not in radicale.uids_between(path, end, end + minute), f"{uid} still on after {end}"
    # The all-day panel is found on its days only (SXSW, March 8 to 12 inclusive).
    panel = "event-sxsw-2013-panel.the-defector-interactive@presskit"
    assert panel in radicale.uids_between(path, utc(2013, 3, 12, 12), utc(2013, 3, 12, 13))
    assert panel not in radicale.uids_between(path, utc(2013, 3, 14), utc(2013, 3, 15))
