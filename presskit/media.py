"""The media kind's own rules: a picture is a checked file in the data folder or an https URL.

``check`` is the kind's hook (``Kind.check``), run by ``records.add`` and ``records.edit`` on the values the
user gave: it turns ``--file`` into a path relative to the data folder (refusing one that leaves it), has
Pillow read the file whole and stores what it found (size, format, colour mode, bytes, SHA-256). A picture
that cannot be used raises one error and nothing is stored. With both a file and a URL, the file is shown and
the URL says where it came from (``--fetch`` records both).
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
from presskit.images import MissingPicture, default_data_dir, media_path, probe

_DATA_DIR: ContextVar[Path | None] = ContextVar("presskit_data_dir", default=None)
_RESTORING: ContextVar[bool] = ContextVar("presskit_restoring_pictures", default=False)


@contextmanager
def restoring() -> Iterator[None]:
    """A backup being restored (or copied): a picture whose file is not in the data folder keeps its record,
    as it was, without the file's measurements; ``presskit check`` names it until the file is put back. A
    backup holds the records, not the pictures, so refusing them would make a database with pictures
    impossible to move."""
    token = _RESTORING.set(True)
    try:
        yield
    finally:
        _RESTORING.reset(token)


@contextmanager
def data_folder(path: Path) -> Iterator[None]:
    """Pictures named while this is open are relative to ``path`` (an imported data file's folder)."""
    token = _DATA_DIR.set(path)
    try:
        yield
    finally:
        _DATA_DIR.reset(token)


@contextmanager
def data_folder_unless_set(path: Path | None) -> Iterator[None]:
    """``data_folder(path)``, unless one is open already (the caller's choice wins) or ``path`` is None."""
    if path is None or _DATA_DIR.get() is not None:
        yield
        return
    with data_folder(path):
        yield


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


_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "TIFF": ".tif"}


def fetch_into(url: str, root: Path) -> str:
    """Download the picture at ``url`` into ``root/media/`` (guarded like ``add coverage --url``: public hosts,
    or localhost typed as such; a deadline and a size cap) and check it; its path as stored.

    The file is named after the URL's last segment; a different picture already under that name keeps it,
    and this one gets ``-2``, ``-3``... Nothing is written when the download is not a usable picture.
    """
    import re
    import tempfile

    from presskit.images import MAX_FILE_BYTES, ImageProblem, sha256_of
    from presskit.metadata import get

    body, _ctype, final = get(url, timeout=30.0, max_bytes=MAX_FILE_BYTES, accept="image/*",
                              types=r"\s*image/", what="a picture")
    folder = root / "media"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".fetch-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        try:
            picture = probe(tmp, shown=final)
        except ImageProblem as e:
            raise ImageProblem(str(e).replace(str(tmp), final)) from None
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePosixPath(urlsplit(final).path).stem).strip("-.") or "picture"
        suffix = _SUFFIX.get(picture.format, ".img")
        n = 1
        while True:
            target = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
            if not target.exists():
                os.replace(tmp, target)
                break
            if target.is_file() and sha256_of(target) == picture.sha256:
                break  # fetched before: the same picture under the same name
            n += 1
    finally:
        tmp.unlink(missing_ok=True)
    return target.relative_to(root).as_posix()


def check(s: Session, values: dict[str, Any], extra: dict[str, Any], current: Any = None) -> None:
    """Check and complete a picture's values (all of them on add; the changed ones on edit)."""
    def now(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    if extra.get("fetch"):
        if values.get("path") or not values.get("url"):
            raise InvalidInput("{what} downloads the picture at {url}: {fix}", what="fetch",
                               fix="give {url} (and no {path})")
        values["path"] = fetch_into(values["url"], current_data_folder())
    if values.get("path") and current is not None and values["path"] == current.path:
        del values["path"]  # the same file: an edit of its caption or credit does not read it again
    if values.get("path"):
        root = current_data_folder()
        try:
            stored, real = media_path(_as_typed(values["path"], root), root)
        except MissingPicture as e:
            if not _RESTORING.get():
                raise
            values["path"] = e.stored
            if getattr(current, "path", None) != e.stored:  # what was measured was another file
                values.update(width=None, height=None, format=None, mode=None, bytes=None, sha256=None)
        else:
            picture = probe(real, shown=stored)
            values.update(path=stored, width=picture.width, height=picture.height, format=picture.format,
                          mode=picture.mode, bytes=picture.size, sha256=picture.sha256)
    if values.get("url") and not now("path"):
        parts = urlsplit(values["url"])
        if parts.scheme.lower() != "https":
            raise InvalidInput("{what} {value!r} is not https: pages and emails show pictures only from https"
                               " addresses", what="url", value=values["url"], allowed="https",
                               fix="give the https one, or keep the file in the data folder and give {path}")
    if not now("path") and not now("url"):
        raise InvalidInput("a picture needs {what} (a path in the data folder, e.g. media/poster.jpg) or {url}"
                           " (an https address)", what="path")
    if "alt" in values and not (values["alt"] or "").strip():
        raise InvalidInput("{what} is empty", what="alt",
                           fix="describe what the picture shows for readers who cannot see it")
    if str(now("role")) == "headshot" and now("person_id") is None:
        raise InvalidInput("a headshot shows a person: give {what} NAME", what="person")
