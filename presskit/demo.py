"""`presskit demo`: the film's records in a fresh database, and what presskit makes of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from presskit import datafile
from presskit.db import open_database, session_scope
from presskit.resources import folder

# The repository's data/ folder, installed as presskit.data.
DEFAULT_DATA = folder("presskit.data") / "the-defector.yaml"
# Demo newsletter settings (sender, unsubscribe URL): example values, kept apart from the film's records.
SETTINGS_NAME = "newsletter.yaml"
# The records end in January 2014: a newsletter dated today would have nothing coming up, so the demo's
# clock is the morning of the last post, in the team's zone.
DEMO_NOW = "2014-01-28 09:00"
NEWSLETTER_FORMATS = (("html", "newsletter.html"), ("text", "newsletter.txt"), ("eml", "newsletter.eml"))


def run(out: Path, data: Path | None = None) -> Iterator[str]:
    data = data or DEFAULT_DATA
    out.mkdir(parents=True, exist_ok=True)
    db = out / "presskit.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = open_database(str(db))
    settings = data.parent / SETTINGS_NAME
    from presskit.media import data_folder

    with session_scope(engine) as s, data_folder(data.parent):
        result = datafile.import_data(s, datafile.load_file(data), source=data.name)
        if settings.is_file():
            datafile.import_data(s, datafile.load_file(settings), source=settings.name)
    yield f"Imported {data} into {db}:"
    for kind_name, n in result.added.items():
        yield f"  {n:>4} {kind_name}"
    yield f"  {result.status_changes:>4} later status changes"
    yield from _newsletter(engine, out)
    yield from _calendar(engine, out)
    yield from _kit(engine, out, data.parent)
    engine.dispose()


def _kit(engine, out: Path, data_dir: Path) -> Iterator[str]:
    from presskit import kit

    for name in ("press-kit.html", "press-kit.pdf"):
        with session_scope(engine, write=False) as s:
            written = kit.write(s, out / name, now=DEMO_NOW, data_dir=data_dir)
        pages = f", {written.pages} pages" if written.pages else ""
        yield f"Press kit ({written.format.upper()}{pages}): {written.path}"


def _calendar(engine, out: Path) -> Iterator[str]:
    from presskit import ical

    with session_scope(engine, write=False) as s:
        (out / "screenings.ics").write_bytes(ical.to_ics(ical.calendar_items(s, now=DEMO_NOW), now=DEMO_NOW))
    yield f"Calendar of screenings, broadcasts and events: {out / 'screenings.ics'}"


def _newsletter(engine, out: Path) -> Iterator[str]:
    from presskit import newsletter

    # A preview, not a send: the demo database keeps everything pending.
    with session_scope(engine, write=False) as s:
        built = newsletter.build(s, now=DEMO_NOW, formats=[fmt for fmt, _ in NEWSLETTER_FORMATS])
    yield f"Newsletter of everything not yet sent ({built.issue.records} items): {built.subject}"
    for fmt, name in NEWSLETTER_FORMATS:
        path = out / name
        path.write_bytes(built.outputs[fmt])
        yield f"  {path}"
