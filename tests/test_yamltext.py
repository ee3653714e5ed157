"""The export's own YAML and JSON writer (presskit/yamltext.py): whatever a text holds, the file reads back as
that text; and ordinary text is written exactly as PyYAML wrote it, so an export's diff shows real changes."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from presskit import datafile, records
from presskit.db import open_database, session_scope
from presskit.yamltext import block, json_text

# Words and characters that are not plain strings to a YAML reader, or that YAML forbids raw.
TRICKY = [
    "", "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "NULL", "~", "0", "012", "0x1F", "0o17", "1e3",
    "-1.5", ".inf", "-.INF", ".nan", "1_000", "190:20:30", "2014-01-01", "2014-01-01 10:00", "2014-1-1T1:00Z",
    "=", "<<", "-", "- a", "--", "---", "...", "?", "? x", ":", ":x", "a:", "a: b", "a:b", "#", "a #b", "a#b", ",",
    "[x]", "{x}", "&a", "*a", "!t", "|", ">", "'", '"', "%", "@", "`", " ", "  ", " lead", "trail ", "a  b",
    "\n", "\n\n", "a\n", "a\n\n", "\na", " a\nb", "a \nb", "a\n b", "\ta", "a\tb", "\r", "\r\n", "\x85", "\u2028",
    "\u2029", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x9f", "\xa0", "\ud800", "\udfff", "\ue000", "\ufffd",
    "\U0001f3ac", "é", "\\", "\\n", "''", "it's", 'say "hi"',
]
# Long runs of words and spaces: libyaml folds a scalar past column 110.
WORDY = st.lists(st.sampled_from(["word", " ", "  ", "'", '"', "\\", "é", "\t", ":", "#", "\n"]),
                 max_size=120).map("".join)
# Text that reaches the folding column just at its end or at a tricky character.
EDGE = st.builds(lambda unit, n, end: unit * n + end, st.sampled_from(["a", "a ", "a  ", "'", "é", "\t"]),
                 st.integers(30, 130), st.sampled_from([*TRICKY, " b", "  b", " '", "b "]))
TEXT = st.one_of(
    st.text(),
    st.sampled_from(TRICKY),
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=5)), max_size=6).map("".join),
    WORDY,
    EDGE,
)
FIELDS = st.sampled_from(["key", "headline", "text", "note", "date", "status", "url", "countries", "history"])


def documents(text):
    """The export's shapes: records of scalars, lists of scalars, and lists of small records (history, quotes)."""
    scalar = st.one_of(text, st.integers(), st.booleans())
    record = st.dictionaries(FIELDS, st.one_of(
        scalar, st.lists(text, max_size=3), st.lists(st.dictionaries(FIELDS, scalar, max_size=4), max_size=3)),
        max_size=6)
    return st.fixed_dictionaries({"version": st.just(1), "coverage": st.lists(record, max_size=3)})


DOCUMENT = documents(TEXT)
# One line, nothing beyond U+FFFF: what the writer writes as PyYAML did (which cannot write a lone surrogate).
SINGLE_LINE = documents(TEXT.map(lambda t: "".join(
    c for c in t if c not in "\n\u2028\u2029" and c <= "\uffff" and not "\ud800" <= c <= "\udfff")))

# What a database can hold, and so an export write: no lone surrogate (presskit's reader refuses one, with its line:
# presskit.values refuses it on the way in).
STORABLE = documents(TEXT.map(lambda t: re.sub("[\ud800-\udfff]", "", t)))


_JSON_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _yaml(data) -> str:
    return "".join(block(data))


def _pyyaml(data) -> str:
    """How the export was written before: PyYAML with libyaml's emitter."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=110)


@settings(max_examples=500, deadline=None)
@given(DOCUMENT)
def test_any_text_reads_back_as_itself(data):
    text = _yaml(data)
    assert yaml.safe_load(text) == data
    text.encode("utf-8")  # a file can hold it (a lone surrogate is written as an escape)


@settings(max_examples=300, deadline=None)
@given(STORABLE)
def test_presskit_reads_back_what_it_writes(tmp_path_factory, data):
    # load_file reads with libyaml first and falls back to PyYAML: the file is read either way.
    path = tmp_path_factory.mktemp("y") / "export.yaml"
    path.write_text(_yaml(data), encoding="utf-8")
    assert datafile.load_file(path) == data


@settings(max_examples=500, deadline=None)
@given(SINGLE_LINE)
def test_single_line_text_is_written_as_pyyaml_wrote_it(data):
    assert _yaml(data) == _pyyaml(data)


def test_folding_at_the_width_is_pyyaml_s():
    # Every length around the fold column, every way of ending there: rare in generated text.
    for unit in ("a", "a ", "a  ", "'", "\t", '"'):
        for n in range(90, 125):
            for end in ("", " ", "  ", " b", "  b", "b ", " '", "\t "):
                text = unit * n + end
                for data in ({"headline": text}, {"history": [{"note": text}]}, {"countries": [text]}):
                    assert _yaml(data) == _pyyaml(data), data


@settings(max_examples=300, deadline=None)
@given(STORABLE)
def test_json_reads_back_as_itself(tmp_path_factory, data):
    text = json_text(data, 0)
    assert json.loads(text) == data
    # presskit reads JSON with its YAML reader, which refuses DEL and C1 controls raw: they are escaped.
    path = tmp_path_factory.mktemp("j") / "export.json"
    path.write_text(text + "\n", encoding="utf-8")
    assert datafile.load_file(path) == data


@settings(max_examples=300, deadline=None)
@given(documents(TEXT.map(lambda t: "".join(c for c in t if not _JSON_ESCAPED.match(c)))))
def test_other_json_is_written_as_json_dumps_writes_it(data):
    assert json_text(data, 0) == json.dumps(data, indent=2, ensure_ascii=False)


def test_the_text_a_person_reads():
    data = {"coverage": [{
        "headline": "Hot Docs: the reviews are in",
        "author": "Zoë",
        "quote": "Prix 🎬 du jury",
        "published": "2013-05-04",
        "rank": 1,
        "featured": True,
        "answer": "no",
        "synopsis": "First paragraph.\n\nSecond paragraph,\n  indented line.\n",
        "note": "ends without a break\nhere",
    }]}
    assert _yaml(data) == (
        "coverage:\n"
        "- headline: 'Hot Docs: the reviews are in'\n"
        "  author: Zoë\n"
        "  quote: Prix 🎬 du jury\n"  # libyaml wrote "Prix \U0001F3AC du jury"
        "  published: '2013-05-04'\n"
        "  rank: 1\n"
        "  featured: true\n"
        "  answer: 'no'\n"
        "  synopsis: |\n"  # libyaml wrote it single-quoted, each line break doubled
        "    First paragraph.\n"
        "\n"
        "    Second paragraph,\n"
        "      indented line.\n"
        "  note: |-\n"
        "    ends without a break\n"
        "    here\n"
    )
    assert yaml.safe_load(_yaml(data)) == data


NOW = datetime(2014, 3, 10, 15, 0, tzinfo=UTC)
NASTY = ["yes", "2014-01-01", "~", "a: b #c", "- item", "'quoted'", '"q"', "line one\nline two", "para\n\n  indented",
         "tab\there", "trailing newline\n", "emoji 🎬", "ctrl \x07 \x1b \x7f \x85 end", "\u2028sep", "é" * 150,
         "word " * 40 + "end", "a" + "  " * 70 + "b"]


# What a single-line field takes (presskit.values.text refuses line breaks, tabs and control characters there;
# tests/test_clean_input.py has those refusals).
ONE_LINE = [t for t in NASTY if not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", t)]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_nasty_text_survives_export_and_import(engine, tmp_path: Path, fmt):
    """Text as people paste it (quotes, colons, paragraphs, control characters) goes out and comes back."""
    with session_scope(engine) as s:
        records.add(s, "work", {"title": "The Defector", "synopsis_long": NASTY[7], "director_statement": NASTY[8],
                                "tagline": NASTY[0]}, now=NOW)
        for i, text in enumerate(ONE_LINE):
            records.add(s, "coverage", {"outlet": f"Outlet {text}", "headline": text, "author": text,
                                        "quote": text, "url": f"https://example.org/{i}"}, now=NOW)
    with session_scope(engine, write=False) as s:
        path = tmp_path / f"export.{fmt}"
        with path.open("w", encoding="utf-8") as f:
            datafile.write_export(s, f, fmt)
        text = path.read_text(encoding="utf-8")
        assert text == datafile.dump(datafile.export_data(s), fmt)
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    with session_scope(other) as s:
        datafile.import_data(s, datafile.load_file(path), source=path.name, now=NOW)
    with session_scope(other, write=False) as s:
        assert datafile.dump(datafile.export_data(s), fmt) == text
        headlines = [c["headline"] for c in datafile.export_data(s)["coverage"]]
    assert headlines == [t.strip() for t in ONE_LINE]
    other.dispose()
