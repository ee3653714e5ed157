"""A core error says what it is about in fields (what, value, allowed, fix); each edge words it for its reader:
the command line names options (``--kind``), a data file names fields (``field 'kind'``), a spreadsheet its
columns (``column 'Type'``). Nobody rewrites another edge's words.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from presskit import records, values
from presskit.cli.edge import OPTIONS
from presskit.datafile import HISTORY_ENTRY, RECORD_FIELDS
from presskit.db import session_scope
from presskit.errors import PresskitError
from presskit.kinds import kind
from presskit.spreadsheet import ColumnMap, Columns
from presskit.when import parse_local_datetime

NOW = datetime(2014, 3, 1, tzinfo=UTC)
COVERAGE_KINDS = "review, interview, feature, list, op_doc, news, broadcast_segment"


def _refusal(call, *args, **kwargs):
    with pytest.raises(PresskitError) as refused:
        call(*args, **kwargs)
    return refused.value


def test_a_core_error_carries_what_was_wrong_in_fields():
    e = _refusal(values.coerce, kind("coverage").field("kind"), "blog")
    assert (e.what, e.value, e.allowed, e.fix) == ("kind", "blog", COVERAGE_KINDS, "use one of: {allowed}")
    # Worded in the core's own names, and by each edge in its reader's.
    assert str(e) == f"kind: unknown kind 'blog'; use one of: {COVERAGE_KINDS}"
    assert e.words(OPTIONS) == f"--kind: unknown kind 'blog'; use one of: {COVERAGE_KINDS}"
    assert e.words(RECORD_FIELDS) == f"field 'kind': unknown kind 'blog'; use one of: {COVERAGE_KINDS}"
    sheet = ColumnMap(fields={"kind": 3}, headers={"kind": "Type"}, ignored=[])
    assert e.words(Columns(sheet)) == f"column 'Type': unknown kind 'blog'; use one of: {COVERAGE_KINDS}"


def test_a_fix_names_what_to_give_as_each_edge_takes_it(engine):
    e = _refusal(values.coerce, kind("work").field("year"), "1066")
    assert (e.what, e.value, e.allowed) == ("year", 1066, "1870 to 2100")
    assert e.words(OPTIONS) == "--year 1066 is not a plausible year; write the four-digit year, e.g. 2014"
    # The command line's switch is a history entry's field by another name.
    with session_scope(engine) as s:
        records.add(s, "work", {"title": "The Defector"}, now=NOW)
        award = records.add(s, "award", {"body": "Academy", "year": 2014, "category": "Diversity Award",
                                         "status": "won", "date": "2014-01-28"}, now=NOW)
        moved = _refusal(records.change_status, s, "award", award.id, "nominated", now=NOW)
    assert (moved.what, moved.value, moved.allowed) == ("status", "nominated", "none (it is final)")
    assert moved.words(OPTIONS).endswith("allowed: none (it is final). Use --force to record a correction")
    assert moved.words(HISTORY_ENTRY).endswith(
        "allowed: none (it is final). Add 'correction: true' to that history entry to record a correction")
    zone = _refusal(parse_local_datetime, "2013-06-26 21:00", None, what="starts_at")
    assert zone.words(OPTIONS) == ("--starts-at '2013-06-26 21:00' needs a time zone; give --tz with an IANA name"
                                   " such as America/Toronto")
    assert zone.words(RECORD_FIELDS) == ("field 'starts_at' '2013-06-26 21:00' needs a time zone; give"
                                         " 'timezone:' with an IANA name such as America/Toronto")


def test_what_the_user_typed_is_never_read_as_a_template():
    e = _refusal(values.key, "{what}{0}")
    assert e.words(OPTIONS) == ("--key '{what}{0}': use letters, digits, '.', '_' and '-' (starting with a letter"
                                " or digit), e.g. nknews-review-2014")
    assert str(PresskitError("a plain message keeps {braces}")) == "a plain message keeps {braces}"


def test_the_command_line_and_a_data_file_word_the_same_refusal(cli, tmp_path):
    assert cli("init", "--title", "The Defector").exit_code == 0
    r = cli("add", "coverage", "--outlet", "NK News", "--headline", "Review", "--kind", "blog")
    assert (r.exit_code, r.stderr) == (1, f"Error: --kind: unknown kind 'blog'; use one of: {COVERAGE_KINDS}\n")
    (tmp_path / "bad.yaml").write_text("coverage:\n  - key: nk\n    outlet: NK News\n    headline: Review\n"
                                       "    kind: blog\n", encoding="utf-8")
    r = cli("import", str(tmp_path / "bad.yaml"))
    assert (r.exit_code, r.stderr) == (1, "Error: bad.yaml line 2: coverage[0] (nk): field 'kind': unknown kind"
                                          f" 'blog'; use one of: {COVERAGE_KINDS}\n")
