"""`presskit kit` for a film whose records outgrow a kit: each list shows its strongest and newest with
"…and N more", every win is still there, and only what is shown is read (issue 6).

The film is built through presskit's library with more of each record than the kit's limits; the expected
selections are worked out here from the records' own rules, not by the code under test.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_kit import NS, award_item, jsonld_of, laurel_labels, page, parse, text_of

from presskit import kit, records
from presskit import models as m
from presskit.db import session_scope

NOW = datetime(2025, 1, 2, 12, 0, tzinfo=UTC)
BODIES = ["Alpha Awards", "Beta Awards", "Gamma Awards"]
WINS = [(f"Prize {i:02d}", 2000 + i // 2, BODIES[i % 3]) for i in range(30)]
# Not won: newest last. Every fifth is still open, one was shortlisted, the rest lost.
NOMINATIONS = [(f"Nominated {i:02d}", 1975 + i, "shortlisted" if i == 46 else "nominated" if i % 5 == 0
                else "lost") for i in range(50)]
SMALL_FESTS = [(f"Small Fest {y}", y) for y in range(2009, 2025)]
AIRED = [(f"Channel {i:02d}", f"{2021 + i // 12}-{i % 12 + 1:02d}-15 21:00") for i in range(40)]
UPCOMING_AIRINGS = [("Upcoming One", "2025-01-10 21:00"), ("Upcoming Two", "2025-02-10 21:00"),
                    ("Upcoming Three", "2025-03-10 21:00")]


def build_big_film(engine) -> None:
    with session_scope(engine) as s:
        def add(kind: str, values: dict[str, Any], key: str | None = None) -> None:
            records.add(s, kind, {"date": "2024-12-01", **values}, key=key, now=NOW)

        records.add(s, "work", {"title": "The Long Run", "primary": "yes"}, now=NOW)
        for category, year, body in WINS:
            add("award", {"body": body, "year": year, "category": category, "status": "won"})
        for category, year, status in NOMINATIONS:
            add("award", {"body": "Delta Awards", "year": year, "category": category, "status": status})
        for i in range(2):  # entered, never nominated: not a public honour, neither shown nor counted
            add("award", {"body": "Delta Awards", "year": 2024, "category": f"Submitted {i}",
                          "status": "submitted"})

        add("selection", {"festival": "Premiere Fest", "year": 2010, "premiere": "world"})
        add("selection", {"festival": "Intl Fest", "year": 2011, "premiere": "international"})
        add("selection", {"festival": "Nat Fest A", "year": 2012, "premiere": "national"})
        add("selection", {"festival": "Nat Fest B", "year": 2013, "premiere": "national"})
        for name, year in SMALL_FESTS:
            add("selection", {"festival": name, "year": year})
        add("selection", {"festival": "Rejected Fest", "year": 2024, "premiere": "world",
                          "status": "not_selected"}, key="rejected")
        add("screening", {"selection": "rejected", "venue": "Rejected Cinema", "starts_at": "2025-01-03 19:00",
                          "timezone": "UTC"})  # booked before the answer came: never a reason to show it
        # An old selection with a screening still to come (a retrospective): a journalist can go.
        add("selection", {"festival": "Revival Fest", "year": 2006}, key="revival")
        add("screening", {"selection": "revival", "venue": "Revival Cinema", "starts_at": "2025-02-01 19:00",
                          "timezone": "UTC"})
        # A selection with more screenings than a kit lists: two ahead, five past, one cancelled.
        add("selection", {"festival": "Marathon Fest", "year": 2024}, key="marathon")
        for day in ("2025-01-05", "2025-01-06", "2024-12-01", "2024-12-02", "2024-12-03", "2024-12-04",
                    "2024-12-05"):
            add("screening", {"selection": "marathon", "venue": "Marathon Cinema",
                              "starts_at": f"{day} 19:00", "timezone": "UTC",
                              "status": "held" if day < "2025" else "scheduled"})
        add("screening", {"selection": "marathon", "venue": "Marathon Cinema", "starts_at": "2025-01-04 19:00",
                          "timezone": "UTC", "status": "cancelled"})

        for channel, start in AIRED:
            add("broadcast", {"channel": channel, "starts_at": start, "timezone": "UTC", "status": "aired"})
        for channel, start in UPCOMING_AIRINGS:
            add("broadcast", {"channel": channel, "starts_at": start, "timezone": "UTC"})
        add("broadcast", {"channel": "Stream Plus"})  # on demand: no air time
        add("broadcast", {"channel": "Cancelled TV", "starts_at": "2025-01-03 21:00", "timezone": "UTC",
                          "status": "cancelled"})


@pytest.fixture
def big(engine):
    build_big_film(engine)
    return engine


def gather(engine) -> kit.KitData:
    with session_scope(engine, write=False) as s:
        return kit.gather(s, now=NOW)


def section(doc, name: str) -> str:
    return text_of(doc.find(f".//{NS}section[@id='{name}']"))


# ---------------------------------------------------------------------------------------------------- awards


def test_every_win_is_in_the_kit_the_newest_in_full(big, tmp_path: Path) -> None:
    doc = parse(page(big, tmp_path, now=NOW))
    awards = section(doc, "awards")
    for category, _, _ in WINS:
        assert category in awards
    newest = sorted(WINS, key=lambda w: (-w[1], f"{w[1]} {w[2]}", w[0]))
    for category, year, body in newest[:kit.WINS_IN_FULL]:
        assert text_of(award_item(doc, category)).startswith(f"Winner {year} {body} — {category}")
    # The older ones: one line per award, its newest win first, after a line that counts them.
    earlier = newest[kit.WINS_IN_FULL:]
    assert f"…and {len(earlier)} earlier wins, by award:" in awards
    groups = [text_of(li) for ul in doc.iter(f"{NS}ul") if ul.get("class") == "award-groups" for li in ul]
    expected: dict[str, list[str]] = {}
    for category, year, body in earlier:
        expected.setdefault(body, []).append(f"{category} ({year})")
    assert groups == [f"{body} — {'; '.join(wins)}" for body, wins in expected.items()]
    # schema.org `award` lists every win too.
    assert len(jsonld_of(page(big, tmp_path, now=NOW))["@graph"][0]["award"]) == len(WINS)


def test_nominations_are_the_newest_with_a_count_of_the_rest(big, tmp_path: Path) -> None:
    doc = parse(page(big, tmp_path, now=NOW))
    shown = [text_of(li) for li in doc.iter(f"{NS}li")
             if "award" in (li.get("class") or "").split() and "award-won" not in li.get("class")]
    newest = sorted(NOMINATIONS, key=lambda n: -n[1])[:kit.NOMINATION_LIMIT]
    assert len(shown) == kit.NOMINATION_LIMIT
    assert sorted(re.search(r"Nominated \d\d", t).group(0) for t in shown) == sorted(c for c, _, _ in newest)
    assert text_of(award_item(doc, "Nominated 46")).startswith("Shortlisted 2021 Delta Awards")
    assert text_of(award_item(doc, "Nominated 45")).startswith("Nominee 2020 Delta Awards")
    assert "Nominated 37" not in section(doc, "awards")  # the newest one left out
    assert "Submitted" not in section(doc, "awards")
    more = len(NOMINATIONS) - kit.NOMINATION_LIMIT  # submitted entries are not counted
    assert f"…and {more} more nominations." in section(doc, "awards")


def test_laurels_are_the_strongest_handful(big, tmp_path: Path) -> None:
    labels = laurel_labels(parse(page(big, tmp_path, now=NOW)))
    assert len(labels) == 1 + kit.LAUREL_LIMIT  # the cover's and the section's
    newest = sorted(WINS, key=lambda w: (-w[1], w[2], w[0]))[:kit.LAUREL_LIMIT]
    assert labels[1:] == [f"Winner — {body} — {category} — {year}" for category, year, body in newest]
    assert labels[0] == labels[1]


# ---------------------------------------------------------------------------------------- festivals, airings


def test_selections_keep_what_is_ahead_then_the_strongest_and_newest(big, tmp_path: Path) -> None:
    data = gather(big)
    shown = {(s.festival, s.year) for s in data.selections}
    # Ahead: the two with screenings to come. Then world, international, national premieres; then the newest.
    expected = {("Marathon Fest", 2024), ("Revival Fest", 2006), ("Premiere Fest", 2010), ("Intl Fest", 2011),
                ("Nat Fest A", 2012), ("Nat Fest B", 2013)}
    expected |= set(sorted(SMALL_FESTS, key=lambda f: -f[1])[:kit.SELECTION_LIMIT - len(expected)])
    assert shown == expected
    assert len(data.selections) == kit.SELECTION_LIMIT
    total = 4 + len(SMALL_FESTS) + 2  # Rejected Fest was not selected: neither shown nor counted
    doc = parse(page(big, tmp_path, now=NOW))
    festivals = section(doc, "festivals")
    assert f"…and {total - kit.SELECTION_LIMIT} more festival selections." in festivals
    assert "Small Fest 2018" not in festivals and "Small Fest 2019" in festivals
    assert "Rejected Fest" not in festivals
    assert "Revival Cinema" in festivals  # its screening ahead is listed


def test_screenings_keep_the_ones_ahead_and_the_latest(big, tmp_path: Path) -> None:
    doc = parse(page(big, tmp_path, now=NOW))
    marathon = next(li for li in doc.find(f".//{NS}section[@id='festivals']").iter(f"{NS}li")
                    if text_of(li).startswith("Marathon Fest 2024"))
    times = [t.get("datetime") for t in marathon.iter(f"{NS}time")]
    # In date order: the two latest past screenings, then the two ahead; the cancelled one is never shown.
    assert times == ["2024-12-04T19:00:00+00:00", "2024-12-05T19:00:00+00:00", "2025-01-05T19:00:00+00:00",
                     "2025-01-06T19:00:00+00:00"]
    assert text_of(marathon).endswith("…and 3 more screenings.")


def test_broadcasts_keep_what_is_ahead_then_the_latest(big, tmp_path: Path) -> None:
    doc = parse(page(big, tmp_path, now=NOW))
    broadcasts = section(doc, "broadcasts")
    channels = [text_of(s) for s in doc.find(f".//{NS}section[@id='broadcasts']").iter(f"{NS}strong")]
    latest = [c for c, _ in AIRED][-(kit.BROADCAST_LIMIT - len(UPCOMING_AIRINGS) - 1):]
    # By air time, the on-demand release last.
    assert channels == [*latest, *(c for c, _ in UPCOMING_AIRINGS), "Stream Plus"]
    total = len(AIRED) + len(UPCOMING_AIRINGS) + 1  # the cancelled airing is neither shown nor counted
    assert broadcasts.endswith(f"…and {total - kit.BROADCAST_LIMIT} more broadcasts.")
    events = [n for n in jsonld_of(page(big, tmp_path, now=NOW))["@graph"] if n["@type"] == "BroadcastEvent"]
    assert len(events) == kit.BROADCAST_LIMIT - 1  # the on-demand release has no start


# ----------------------------------------------------------------------------------------------- the reads


def test_only_what_is_shown_is_loaded(big, monkeypatch) -> None:
    from sqlalchemy import event

    loaded: dict[type, list[Any]] = {}

    def count(session, obj) -> None:  # every row the ORM builds an object for
        loaded.setdefault(type(obj), []).append(obj)

    read = kit._nominees

    def nominees(*args: Any, **kwargs: Any) -> list[kit.Nominee]:  # nominations are read as plain rows
        rows = read(*args, **kwargs)
        loaded.setdefault(m.Nomination, []).extend(rows)
        return rows

    monkeypatch.setattr(kit, "_nominees", nominees)
    with session_scope(big, write=False) as s:
        event.listen(s, "loaded_as_persistent", count)
        kit.gather(s, now=NOW)
        won = [n for n in loaded[m.Nomination] if n.status == "won"]
        open_or_lost = [n for n in loaded[m.Nomination] if n.status != "won"]
    # A few index ranges of `limit` rows each (one per status or time slice), never every record.
    assert len(open_or_lost) <= 3 * kit.NOMINATION_LIMIT < len(NOMINATIONS)
    assert len(won) == len(WINS)
    assert len(loaded[m.Selection]) == kit.SELECTION_LIMIT
    assert len(loaded[m.Screening]) <= kit.SELECTION_LIMIT * kit.SCREENING_LIMIT
    assert len(loaded[m.Broadcast]) <= 3 * kit.BROADCAST_LIMIT < len(AIRED) + len(UPCOMING_AIRINGS)


@pytest.mark.sqlite_only("the PDF does not depend on the backend")
def test_pdf_holds_every_win_and_the_counts(big, tmp_path: Path) -> None:
    from test_kit import build
    from test_kit_pdf import flat, pdftotext

    result = build(big, tmp_path / "kit.pdf", now=NOW)
    assert result.notes == []
    text = flat(pdftotext(tmp_path / "kit.pdf"))
    for category, _, _ in WINS:
        assert category in text, category
    for line in (f"…and {len(WINS) - kit.WINS_IN_FULL} earlier wins, by award:",
                 f"…and {len(NOMINATIONS) - kit.NOMINATION_LIMIT} more nominations.",
                 "…and 3 more screenings."):
        assert line in text
