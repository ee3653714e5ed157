"""Files written whole or not at all: beside the target under a hidden name, then renamed into place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends, it replaces ``path`` (``os.replace``
    is atomic), and on any error it is deleted and ``path`` is left as it was.

    open() rather than mkstemp: a kit or a picture is meant to be hosted, so it gets the umask's mode, not 0600.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(path: Path, content: bytes) -> None:
    """``content`` as the file ``path``, whole or not at all."""
    with replacing(path) as tmp, open(tmp, "wb") as fh:
        fh.write(content)
