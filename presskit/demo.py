"""`presskit demo`: the film's records in a fresh database, and what presskit makes of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from presskit import io
from presskit.db import open_database, session_scope

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data" / "the-defector.yaml"


def run(out: Path, data: Path | None = None) -> Iterator[str]:
    data = data or DEFAULT_DATA
    out.mkdir(parents=True, exist_ok=True)
    db = out / "presskit.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = open_database(str(db))
    with session_scope(engine) as s:
        result = io.import_data(s, io.load_file(data), source=data.name)
    yield f"Imported {data} into {db}:"
    for kind_name, n in result.added.items():
        yield f"  {n:>4} {kind_name}"
    yield f"  {result.status_changes:>4} later status changes"
    engine.dispose()
