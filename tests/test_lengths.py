"""How long a screening, broadcast or event lasts (`--length`): what is read, what is refused, where it goes.

A bad length is one `Error:` line, exit 1, nothing on stdout and the database exactly as it was.
"""

from __future__ import annotations

import pytest

from presskit.cli.edge import OPTIONS
from presskit.errors import InvalidInput
from presskit.kinds import KINDS
from presskit.kinds.common import length_words
from presskit.when import parse_length
from tests.database_support import database_state

EXAMPLE = "e.g. 90m, 1h30 or PT1H30M"


@pytest.mark.parametrize(("text", "minutes"), [
    ("90m", 90), ("90", 90), (" 90 min ", 90), ("90 minutes", 90), ("1h30", 90), ("1h 30m", 90),
    ("1 hour 30 minutes", 90), ("1.5h", 90), ("1:30", 90), ("PT1H30M", 90), ("pt90m", 90), ("2 hours", 120),
    ("2h", 120), ("45", 45), ("P1D", 1440), ("24h", 1440), ("PT1H0M60S", 61), (52, 52),
])
def test_lengths_people_write(text, minutes):
    assert parse_length(text) == minutes


@pytest.mark.parametrize(("text", "message"), [
    ("-30m", f"--length '-30m' is negative; give how long it lasts, {EXAMPLE}"),
    ("-PT1H", f"--length '-PT1H' is negative; give how long it lasts, {EXAMPLE}"),
    ("0", f"--length '0' is zero; give how long it lasts, {EXAMPLE}"),
    ("25h", "--length '25h' is over 24 hours; give the length of one screening, airing or event (an event over"
            " several days takes --starts-on and --ends-on)"),
    ("PT1441M", "--length 'PT1441M' is over 24 hours; give the length of one screening, airing or event (an event"
                " over several days takes --starts-on and --ends-on)"),
    ("90s", f"--length '90s' has no unit presskit knows; use minutes or hours, {EXAMPLE}"),
    ("2 days", f"--length '2 days' has no unit presskit knows; use minutes or hours, {EXAMPLE}"),
    ("PT", f"--length 'PT' has no unit presskit knows; use minutes or hours, {EXAMPLE}"),
    ("1.33h", f"--length '1.33h' is not a whole number of minutes; round it, {EXAMPLE}"),
])
def test_lengths_refused(text, message):
    with pytest.raises(InvalidInput) as e:
        parse_length(text)
    assert e.value.words(OPTIONS) == message  # as the command line says it
    assert (e.value.what, e.value.value) == ("length_minutes", text)


@pytest.mark.parametrize("args", [
    ("add", "screening", "--selection", "hot-docs-2013", "--start", "2013-04-30 18:00", "--length", "-30m"),
    ("add", "broadcast", "--channel", "TVO", "--start", "2013-07-01 21:00", "--length", "25h"),
    ("add", "event", "--title", "Q&A", "--start", "2013-07-01 19:00", "--tz", "America/Toronto", "--length", "2d"),
    ("edit", "screening", "hot-docs-2013-1", "--length", "-1h"),
    ("edit", "broadcast", "tvo-2013-06-26-2100", "--length", "PT25H"),
    ("edit", "event", "adc-nyc-2013", "--length", "90 seconds"),
])
def test_a_bad_length_is_one_error_line_and_nothing_written(film, db_url, args):
    before = database_state(db_url)
    r = film(*args)
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.startswith(f"Error: --length {args[-1]!r} ") and r.stderr.count("\n") == 1, r.stderr
    assert database_state(db_url) == before


def test_the_length_is_kept_shown_and_exported(film, tmp_path):
    r = film("add", "screening", "--selection", "hot-docs-2013", "--venue", "The Regent", "--start",
             "2013-04-30 18:00", "--length", "1h30", "--key", "extra", "--date", "2013-04-20")
    assert r.exit_code == 0, r.stderr
    assert film("edit", "broadcast", "tvo-2013-06-26-2100", "--length", "PT52M").exit_code == 0
    r = film("export", "-o", str(tmp_path / "all.yaml"))
    assert r.exit_code == 0, r.stderr
    text = (tmp_path / "all.yaml").read_text(encoding="utf-8")
    assert "length_minutes: 90" in text and "length_minutes: 52" in text
    # The export reads back into a new database as it was.
    import yaml

    data = yaml.safe_load(text)
    screening = next(x for x in data["screenings"] if x["key"] == "extra")
    assert screening["length_minutes"] == 90


def test_a_data_file_may_write_a_length_as_people_do(cli, tmp_path):
    (tmp_path / "film.yaml").write_text("""
works:
  - {key: film, slug: film, title: A Film, primary: true}
organizations:
  - {key: tvo, name: TVO, kind: broadcaster, timezone: America/Toronto}
broadcasts:
  - {key: b1, work: film, channel: tvo, starts_at: "2013-06-26 21:00", timezone: America/Toronto, length_minutes: 1h30}
  - {key: b2, work: film, channel: tvo, starts_at: "2013-06-27 21:00", timezone: America/Toronto, length_minutes: 45}
""", encoding="utf-8")
    r = cli("import", str(tmp_path / "film.yaml"))
    assert r.exit_code == 0, r.stderr
    r = cli("calendar", "--now", "2014-01-01T00:00:00Z")
    assert "\nDTEND;TZID=America/Toronto:20130626T223000\n" in r.stdout.replace("\r\n", "\n")
    assert "\nDTEND;TZID=America/Toronto:20130627T214500\n" in r.stdout.replace("\r\n", "\n")


def test_each_kind_states_its_default_length_in_its_help(cli):
    for name, runtime in (("screening", True), ("broadcast", True), ("event", False)):
        kind = KINDS[name]
        assert kind.default_length_minutes
        help_text = kind.field("length_minutes").help
        default = length_words(kind.default_length_minutes)
        assert help_text.endswith(f"(default: the work's runtime, else {default})" if runtime
                                  else f"(default: {default})"), help_text
        r = cli("add", name, "--help")
        assert "--length" in r.stdout and "PT1H30M" in r.stdout
    r = cli("calendar", "--help")
    assert "a screening 2 hours, a broadcast 1 hour, an event 2 hours" in " ".join(r.stdout.split())
