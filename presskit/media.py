"""The media kind's own rules: a picture is a checked file in the data folder or an https URL.

``check`` is the kind's hook (``Kind.check``), run by ``records.add`` and ``records.edit`` on the values the
user gave: it turns ``--file`` into a path relative to the data folder (refusing one that leaves it), has
Pillow read the file whole and stores what it found (size, format, colour mode, bytes, SHA-256). A picture
that cannot be used raises one error and nothing is stored.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from presskit.errors import InvalidInput
from presskit.images import default_data_dir, media_path, probe

_DATA_DIR: ContextVar[Path | None] = ContextVar("presskit_data_dir", default=None)


@contextmanager
def data_folder(path: Path) -> Iterator[None]:
    """Pictures named while this is open are relative to ``path`` (an imported data file's folder)."""
    token = _DATA_DIR.set(path)
    try:
        yield
    finally:
        _DATA_DIR.reset(token)


def current_data_folder() -> Path:
    return _DATA_DIR.get() or default_data_dir()


def _as_typed(value: str, root: Path) -> str:
    """``data/media/x.jpg`` typed in the folder above ``data/`` is ``media/x.jpg`` in the data folder."""
    pure = PurePosixPath(value.strip().replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (root / Path(*pure.parts)).exists():
        return value
    here, base = Path(os.path.abspath(Path(*pure.parts))), Path(os.path.abspath(root))
    if here.is_relative_to(base) and here != base:
        return here.relative_to(base).as_posix()
    return value


def check(s: Session, values: dict[str, Any], current: Any = None) -> None:
    """Check and complete a picture's values (all of them on add; the changed ones on edit)."""
    def now(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    if values.get("path"):
        root = current_data_folder()
        stored, real = media_path(_as_typed(values["path"], root), root)
        picture = probe(real, shown=stored)
        values.update(path=stored, width=picture.width, height=picture.height, format=picture.format,
                      mode=picture.mode, bytes=picture.size, sha256=picture.sha256)
    if values.get("url"):
        parts = urlsplit(values["url"])
        if parts.scheme.lower() != "https":
            raise InvalidInput(f"--url {values['url']!r} is not https: pages and emails show pictures only from"
                               " https addresses; give the https one, or keep the file in the data folder"
                               " and give --file")
    if now("path") and now("url"):
        raise InvalidInput("give --file (a picture in the data folder) or --url (an https address), not both")
    if not now("path") and not now("url"):
        raise InvalidInput("a picture needs --file (a path in the data folder, e.g. media/poster.jpg) or --url"
                           " (an https address)")
    if "alt" in values and not (values["alt"] or "").strip():
        raise InvalidInput("--alt is empty; describe what the picture shows for readers who cannot see it")
    if str(now("role")) == "headshot" and now("person_id") is None:
        raise InvalidInput("a headshot shows a person: give --person NAME")
