"""Synthetic presskit databases for the benchmark, built through presskit's own library.

Three sizes, reproducible (fixed seed, fixed "now" for every write):

- small: the film's records (data/the-defector.yaml);
- medium: 10,000 records (the same generator, scaled down); its final state is also the import file;
- large: 50 works, 100,000 coverage items, 20,000 nominations with histories, 200,000 journal entries and
  300 past sends.

A generated database is a timeline cut into windows. Each window is one `presskit.datafile.import_data` call in
one transaction (records announced in that window, plus earlier records whose history moved on in it, which
the importer applies as status changes), followed by the newsletters of that window, composed and recorded
by presskit.newsletter as `presskit newsletter --mark-sent` does: every window a send to "supporters", every
second window one to "press". Each send carries every entry its audience has not had, so after the last
window nothing is pending and a benchmark's new entries are exactly what is new.

Built databases are cached under benchmarks/.cache/ (git-ignored), keyed by a hash of this file, the schema
(migration scripts) and data/; delete the folder or pass --force to rebuild.

    .venv/bin/python benchmarks/generate.py large        # build (or find) the large database, print its path
    .venv/bin/python benchmarks/generate.py --import-file medium.yaml   # the 10,000-record import file
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
DATA = ROOT / "data" / "the-defector.yaml"
SEED = 20130427  # the Hot Docs premiere
AUDIENCES = ("supporters", "press")

if str(ROOT) not in sys.path:  # run as a script from a fresh clone, before or without `pip install -e`
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Size:
    name: str
    works: int
    people: int
    outlets: int
    festivals: int
    award_bodies: int
    broadcasters: int
    venues: int
    coverage: int
    nominations: int
    selections: int
    screenings: int
    broadcasts: int
    events: int
    windows: int  # one send to supporters per window, one to press every second window
    first: date
    last: date
    # Calls to action fill up to exactly one of these totals.
    records: int | None = None  # top-level records (what an import file counts)
    journal: int | None = None  # journal entries (one per history entry, coverage item and action)


SIZES = {
    "medium": Size("medium", works=5, people=60, outlets=300, festivals=60, award_bodies=20, broadcasters=20,
                   venues=80, coverage=5_000, nominations=1_000, selections=600, screenings=1_200,
                   broadcasts=800, events=400, windows=20, first=date(2015, 1, 1), last=date(2024, 12, 31),
                   records=10_000),
    "large": Size("large", works=50, people=400, outlets=2_000, festivals=400, award_bodies=150,
                  broadcasters=120, venues=600, coverage=100_000, nominations=20_000, selections=6_000,
                  screenings=12_000, broadcasts=8_000, events=4_000, windows=200, first=date(2000, 1, 1),
                  last=date(2024, 12, 31), journal=200_000),
}
NAMES = ("small", *SIZES)

ZONES = ("America/Toronto", "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin",
         "Europe/Paris", "Australia/Sydney", "Asia/Seoul", "Asia/Tokyo", "America/Sao_Paulo")
WORDS = ("river", "border", "night", "escape", "silence", "harbour", "winter", "signal", "mountain", "witness",
         "archive", "voices", "light", "distance", "home", "passage", "memory", "frontier", "island", "city")
CATEGORIES = ("Best Documentary", "Best Direction", "Best Cinematography", "Best Editing", "Best Score",
              "Audience Award", "Jury Prize", "Best Feature", "Best Sound", "Innovation Award")


@dataclass
class Rec:
    """One generated record: its section in the data format, its fields, and its dated history."""

    section: str
    item: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    announced: date = date.min  # the window it first appears in

    @property
    def journal(self) -> int:
        return len(self.history) if self.history else (1 if self.section in ("coverage", "actions") else 0)

    def as_of(self, day: date) -> dict[str, Any]:
        item = dict(self.item)
        if self.history:
            item["history"] = [h for h in self.history if h["date"] <= day]
        return item


def _title(rng: random.Random) -> str:
    return " ".join(w.capitalize() for w in rng.sample(WORDS, rng.randint(2, 3)))


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _hist(start: date, steps: list[tuple[str, int]], last: date) -> list[dict[str, Any]]:
    """A history from ``start``: each step's status after that many more days; the future is cut off."""
    out, day = [], start
    for status, days in steps:
        day = day + timedelta(days=days)
        if day > last:
            break
        out.append({"status": status, "date": day})
    return out


def plan(size: Size) -> list[Rec]:
    """Every record of a generated database, with its full history, in a fixed order."""
    rng = random.Random(f"{SEED}-{size.name}")
    span = (size.last - size.first).days
    recs: list[Rec] = []

    def org(prefix: str, kind: str, n: int, label: str) -> list[str]:
        keys = []
        for i in range(n):
            key = f"{prefix}-{i}"
            name = f"{label} {_title(rng)} {i}"
            recs.append(Rec("organizations", {"key": key, "name": name, "kind": kind, "timezone": rng.choice(ZONES),
                                              "city": f"City {i % 97}", "website": f"https://{key}.example.org"},
                            announced=size.first))
            keys.append(key)
        return keys

    company = org("company", "company", 1, "Films")
    outlets = org("outlet", "outlet", size.outlets, "The")
    festivals = org("festival", "festival", size.festivals, "Festival")
    bodies = org("body", "award_body", size.award_bodies, "Academy")
    channels = org("channel", "broadcaster", size.broadcasters, "Channel")
    venues = org("venue", "venue", size.venues, "Cinema")
    people = []
    for i in range(size.people):
        people.append(f"person-{i}")
        recs.append(Rec("people", {"key": f"person-{i}", "name": f"{_title(rng)} Person {i}",
                                   "bio": f"Filmmaker {i}."}, announced=size.first))
    # Work 0 is the primary film and carries a tenth of everything (the film whose record grows);
    # the others arrive one after another over the years (an agency's catalogue).
    works, intro = [], {}
    for i in range(size.works):
        slug = f"work-{i}"
        start = size.first + timedelta(days=0 if i == 0 else span * i // (size.works + 5))
        works.append(slug)
        intro[slug] = start
        credits = [{"person": people[(3 * i + j) % len(people)], "role": role}
                   for j, role in enumerate(("Director", "Producer", "Director of Photography"))]
        recs.append(Rec("works", {"key": slug, "title": f"{_title(rng)} ({i})", "primary": i == 0, "kind": "film",
                                  "year": start.year, "countries": ["Canada"], "company": company[0],
                                  "logline": f"A film about {rng.choice(WORDS)}.", "credits": credits},
                        announced=size.first))

    def pick_work() -> tuple[str, date]:
        slug = works[0] if rng.random() < 0.1 else rng.choice(works)
        return slug, _day(rng, intro[slug], size.last)

    for i in range(size.coverage):
        work, day = pick_work()
        outlet = rng.randrange(size.outlets)
        item: dict[str, Any] = {"key": f"cov-{i}", "work": work, "outlet": outlets[outlet],
                                "headline": f"{_title(rng)}: a review ({i})",
                                "url": f"https://outlet-{outlet}.example.com/{day.year}/story-{i}",
                                "published": day, "kind": rng.choice(("review", "interview", "feature", "news")),
                                "author": f"Critic {rng.randrange(500)}"}
        r = rng.random()
        if r < 0.5:
            item["quotes"] = [{"text": f"A {rng.choice(WORDS)} of a film, number {i}."}]
            if r < 0.1:
                item["quotes"].append({"text": f"Unmissable ({i})."})
        if rng.random() < 0.02:
            item["featured"] = True
        recs.append(Rec("coverage", item, announced=day))

    for i in range(size.nominations):
        work, day = pick_work()
        r = rng.random()
        if r < 0.2:
            steps = [("submitted", 0), ("shortlisted", rng.randint(20, 60)), ("nominated", rng.randint(10, 40)),
                     (rng.choice(("won", "lost")), rng.randint(20, 90))]
        elif r < 0.25:
            steps = [("won", 0)]  # a jury award, straight to won
        elif r < 0.8:
            steps = [("nominated", 0), (rng.choice(("won", "lost", "lost")), rng.randint(20, 120))]
        else:
            steps = [("nominated", 0)]
        item = {"key": f"nom-{i}", "work": work, "body": rng.choice(bodies), "year": day.year,
                "category": rng.choice(CATEGORIES), "award": f"Awards {rng.randrange(100)}"}
        if rng.random() < 0.1:
            item["nominee"] = rng.choice(people)
        recs.append(Rec("awards", item, _hist(day, steps, size.last), announced=day))

    sel_keys: list[tuple[str, str, date, str, date]] = []
    for i in range(size.selections):
        work, day = pick_work()
        starts = day + timedelta(days=rng.randint(20, 90))
        steps = [("selected", 0)] + ([("screened", (starts - day).days + 5)] if rng.random() < 0.6 else [])
        festival = rng.randrange(size.festivals)
        item = {"key": f"sel-{i}", "work": work, "festival": festivals[festival], "year": starts.year,
                "premiere": rng.choice(("none", "none", "national", "world", "international")),
                "starts_on": starts, "ends_on": starts + timedelta(days=7)}
        recs.append(Rec("selections", item, _hist(day, steps, size.last), announced=day))
        sel_keys.append((f"sel-{i}", work, starts, ZONES[festival % len(ZONES)], day))

    for i in range(size.screenings):
        sel, work, starts, zone, selected = sel_keys[i % len(sel_keys)]
        when = datetime.combine(starts + timedelta(days=rng.randint(0, 6)), datetime.min.time()).replace(
            hour=rng.randint(10, 22), minute=rng.choice((0, 15, 30, 45)))
        # Announced once the selection is (a screening names its selection), before it starts.
        announced = min(max(starts - timedelta(days=rng.randint(5, 30)), selected), size.last)
        r = rng.random()
        steps: list[tuple[str, int]] = [("scheduled", 0)]
        if r < 0.05:
            steps.append(("cancelled", rng.randint(1, 4)))
        elif r < 0.1:
            steps.append(("rescheduled", rng.randint(1, 4)))
        elif r < 0.8:
            steps.append(("held", (when.date() - announced).days + 1))
        hist = _hist(announced, steps, size.last)
        if len(hist) > 1 and hist[1]["status"] == "rescheduled":
            hist[1]["starts_at"] = (when + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
        item = {"key": f"scr-{i}", "work": work, "selection": sel, "venue": rng.choice(venues),
                "room": f"Cinema {rng.randint(1, 9)}", "starts_at": when.strftime("%Y-%m-%d %H:%M"),
                "timezone": zone}
        recs.append(Rec("screenings", item, hist, announced=announced))

    for i in range(size.broadcasts):
        work, day = pick_work()
        channel = rng.randrange(size.broadcasters)
        when = datetime.combine(day + timedelta(days=rng.randint(7, 40)), datetime.min.time()).replace(
            hour=rng.randint(18, 23))
        steps = [("scheduled", 0)] + ([("aired", (when.date() - day).days + 1)] if rng.random() < 0.8 else [])
        item = {"key": f"bc-{i}", "work": work, "channel": channels[channel], "territory": "Canada",
                "starts_at": when.strftime("%Y-%m-%d %H:%M"), "timezone": ZONES[channel % len(ZONES)],
                "premiere": rng.random() < 0.2}
        recs.append(Rec("broadcasts", item, _hist(day, steps, size.last), announced=day))

    for i in range(size.events):
        work, day = pick_work()
        when = datetime.combine(day + timedelta(days=rng.randint(7, 30)), datetime.min.time()).replace(
            hour=rng.randint(12, 20))
        steps = [("scheduled", 0)] + ([("held", (when.date() - day).days + 1)] if rng.random() < 0.6 else [])
        item = {"key": f"ev-{i}", "work": work, "kind": rng.choice(("qa_screening", "exhibition", "panel")),
                "title": f"{_title(rng)} evening {i}", "place": rng.choice(venues),
                "starts_at": when.strftime("%Y-%m-%d %H:%M"), "timezone": rng.choice(ZONES),
                "rsvp_url": f"https://events.example.org/{i}"}
        recs.append(Rec("events", item, _hist(day, steps, size.last), announced=day))

    if size.records is not None:
        actions = size.records - len(recs)
    else:
        assert size.journal is not None
        actions = size.journal - sum(r.journal for r in recs)
    if actions < 0:
        raise SystemExit(f"{size.name}: the plan overshoots its total by {-actions}; lower a count")
    for i in range(actions):
        work, day = pick_work()
        recs.append(Rec("actions", {"key": f"act-{i}", "work": work, "title": f"Vote for {_title(rng)} ({i})",
                                    "url": f"https://vote.example.org/{i}", "announced": day}, announced=day))
    return recs


SECTION_ORDER = ("organizations", "people", "works", "coverage", "awards", "selections", "screenings",
                 "broadcasts", "events", "actions")


def document(recs: list[Rec], day: date) -> dict[str, Any]:
    """The data file (presskit's import format) of the records as they stood on ``day``."""
    doc: dict[str, Any] = {"version": 1}
    for section in SECTION_ORDER:
        doc[section] = [r.as_of(day) for r in recs if r.section == section and r.announced <= day]
    return doc


def windows(size: Size, recs: list[Rec]) -> Iterator[tuple[date, dict[str, Any]]]:
    """(last day, data) per window: records announced in it, and older ones whose history moved in it."""
    span = (size.last - size.first).days + 1
    # The last day of window w is the last day that index() puts in it.
    bounds = [size.first + timedelta(days=-(-span * (w + 1) // size.windows) - 1) for w in range(size.windows)]
    buckets: list[list[Rec]] = [[] for _ in bounds]

    def index(d: date) -> int:
        return min(size.windows - 1, (d - size.first).days * size.windows // span)

    for r in recs:
        touched = {index(r.announced)} | {index(h["date"]) for h in r.history}
        for w in sorted(touched):
            buckets[w].append(r)
    for w, end in enumerate(bounds):
        doc: dict[str, Any] = {section: [] for section in SECTION_ORDER}
        for r in buckets[w]:
            doc[r.section].append(r.as_of(end))
        yield end, doc


def mark_sent(s: Any, audience: str, now: datetime) -> int:
    """What `presskit newsletter --mark-sent` records (composed, not rendered): a send to ``audience`` of
    everything it has not had. Returns how many journal entries it carried."""
    from presskit import newsletter
    from presskit.errors import NothingToSend

    aud = newsletter.ensure_audience(s, audience, now=now)
    try:
        composed = newsletter.compose(s, audience=audience, since="last", now=now)
    except NothingToSend:
        return 0
    newsletter.record_send(s, aud, composed, subject=composed.issue.subject, now=now)
    return len(composed.entry_ids)


def _ensure_audiences(engine: Any, now: datetime) -> None:
    from presskit import newsletter
    from presskit.db import session_scope

    with session_scope(engine) as s:
        for name in AUDIENCES:
            newsletter.ensure_audience(s, name, now=now)


def _noon(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, 0, tzinfo=UTC)


def cache_key() -> str:
    h = hashlib.sha256()
    sources = [Path(__file__), DATA, *sorted((ROOT / "presskit" / "migrations" / "versions").glob("*.py"))]
    for p in sources:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def path_for(name: str) -> Path:
    return CACHE / f"{name}-{cache_key()}.db"


def _fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build_into(name: str, path: Path, log=print) -> dict[str, int]:
    """Build the database ``name`` at ``path`` through presskit's library; returns row counts."""
    from presskit import datafile
    from presskit.db import open_database, session_scope

    _fresh(path)
    engine = open_database(str(path))
    try:
        if name == "small":
            now = datetime(2014, 2, 1, 12, 0, tzinfo=UTC)
            _ensure_audiences(engine, now)
            with session_scope(engine) as s:
                datafile.import_data(s, datafile.load_file(DATA), source=DATA.name, now=now)
                for audience in AUDIENCES:
                    mark_sent(s, audience, now)
        else:
            size = SIZES[name]
            recs = plan(size)
            _ensure_audiences(engine, _noon(size.first))
            started = time.perf_counter()
            expected = sum(r.journal for r in recs)
            for w, (end, doc) in enumerate(windows(size, recs)):
                now = _noon(end)
                with session_scope(engine) as s:
                    datafile.import_data(s, doc, source=f"{name} window {w}", now=now)
                    mark_sent(s, "supporters", now)
                    if w % 2 == 1:
                        mark_sent(s, "press", now)
                if w % 10 == 9 or w == size.windows - 1:
                    log(f"  {name}: window {w + 1}/{size.windows} ({end.isoformat()}),"
                        f" {time.perf_counter() - started:.0f} s")
            n = counts(engine)
            # The plan is the specification: a database that differs from it measures something else.
            if n["journal_entries"] != expected or n["pending_entries"] != 0:
                raise RuntimeError(f"{name}: built {n['journal_entries']} journal entries"
                                   f" ({n['pending_entries']} unsent), planned {expected} (all sent)")
            return n
        return counts(engine)
    finally:
        engine.dispose()


def counts(engine: Any) -> dict[str, int]:
    from sqlalchemy import text

    tables = ("works", "organizations", "people", "coverage", "quotes", "nominations", "selections", "screenings",
              "broadcasts", "events", "actions", "status_changes", "journal_entries", "sends", "send_items",
              "pending_entries")
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


def build(name: str, *, force: bool = False, log=print) -> Path:
    """The cached database ``name``, built first if this generator, the schema or data/ changed."""
    path = path_for(name)
    if path.exists() and not force:
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{name}-*.db*"):  # an older generator's build
        old.unlink()
    tmp = path.with_name(f"building-{os.getpid()}-{path.name}")
    started = time.perf_counter()
    log(f"Building the {name} database (cached as {path.relative_to(ROOT)}) ...")
    n = build_into(name, tmp, log=log)
    log(f"  built in {time.perf_counter() - started:.0f} s: " + ", ".join(f"{v} {k}" for k, v in n.items()))
    tmp.rename(path)
    return path


def write_import_file(name: str, out: Path) -> int:
    """The final state of a generated size as one data file; returns how many top-level records it holds."""
    import yaml

    size = SIZES[name]
    doc = document(plan(size), size.last)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    out.write_text(yaml.dump(doc, Dumper=dumper, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    return sum(len(v) for k, v in doc.items() if k != "version")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", metavar="SIZE", help=f"databases to build: {', '.join(NAMES)}")
    ap.add_argument("--force", action="store_true", help="rebuild even when cached")
    ap.add_argument("--import-file", type=Path, help="write the medium size's data file here")
    args = ap.parse_args(argv)
    unknown = set(args.sizes) - set(NAMES)
    if unknown:
        ap.error(f"unknown size(s) {', '.join(sorted(unknown))}; sizes are: {', '.join(NAMES)}")
    for name in args.sizes:
        print(build(name, force=args.force))
    if args.import_file:
        print(f"{write_import_file('medium', args.import_file)} records in {args.import_file}")


if __name__ == "__main__":
    main()
