"""A newsletter file and its send, made durable together.

`newsletter -o FILE` (with or without --mark-sent):

1. locks FILE: ``.FILE.presskit-lock`` next to it, held with ``flock`` for the whole run. A second run writing
   FILE stops with an ``Error:`` before it reads or records anything. The kernel drops the lock of a killed
   process, so a lock never outlives its run.
2. finishes a run that was stopped: a staged ``.FILE.presskit-send-TOKEN`` whose token a recorded, not undone
   send carries is moved onto FILE, and the run ends there, saying so (the file is the one that send
   recorded; the user sends it, then runs again for newer news). A staged file that no send carries was never
   sent: it is deleted and the run goes on.
3. writes the newsletter to a new staged file and fsyncs it, inside the transaction;
4. records the send with the staged file's token, and commits;
5. moves the staged file onto FILE (``os.replace``: atomic) and fsyncs the folder.

A kill before 4 commits leaves no send (and a staged file that step 2 deletes); a kill between 4 and 5 leaves a
send whose file step 2 moves into place. Once the next run on FILE has started, the file and the send agree.
Output to stdout has no file to lose: ``presskit sends show N`` renders a recorded send again.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from presskit.errors import Conflict, PresskitError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, the staging still holds
    fcntl = None  # type: ignore[assignment]

STAGED = ".presskit-send-"


def _lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.presskit-lock")


@contextmanager
def locked(output: Path) -> Iterator[None]:
    """Hold the lock on ``output`` for the block; a second holder gets Conflict (exit 1) at once."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = _lock_path(output)
    for _ in range(10):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Conflict(f"another presskit command is writing {str(output)!r} right now; nothing was"
                           " recorded: wait for it to finish, or give another -o file") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder before us removed the file we locked: lock the new one
    else:  # pragma: no cover - ten removals in a row
        raise Conflict(f"cannot lock {str(output)!r}; try again")
    try:
        yield
    finally:
        # Removed while still held, so that whoever opens the path next locks a new file, never this one.
        path.unlink(missing_ok=True)
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform whose folders cannot be opened
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def _replace(src: Path, dst: Path) -> None:
    os.replace(src, dst)


class Staged:
    """The newsletter under its hidden name next to ``output``, until ``publish`` moves it in place."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.token = secrets.token_hex(16)
        self.path = output.with_name(f".{output.name}{STAGED}{self.token}")
        self.written = False

    def write(self, data: bytes) -> None:
        with open(self.path, "wb") as f:
            self.written = True
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        _fsync_dir(self.path.parent)

    def discard(self) -> None:
        if self.written:
            self.path.unlink(missing_ok=True)

    def publish(self, send_id: int | None = None) -> None:
        try:
            _replace(self.path, self.output)
        except OSError as e:
            if send_id is None:
                self.discard()
                raise PresskitError(f"cannot write {str(self.output)!r}: {e}") from e
            raise PresskitError(f"send {send_id} was recorded, but its file could not be moved onto"
                                f" {str(self.output)!r} ({e}); fix that and run the same command again to"
                                " finish it") from e
        _fsync_dir(self.output.parent)


@dataclass(frozen=True)
class Finished:
    """A send recorded by a run that stopped before moving its file: now moved onto ``output``."""

    send_id: int
    subject: str
    output: Path


def _staged_files(output: Path) -> list[tuple[str, Path]]:
    prefix = f".{output.name}{STAGED}"
    found = []
    for path in output.parent.iterdir():
        if path.name.startswith(prefix):
            found.append((path.name[len(prefix):], path))
    return sorted(found)


def finish_stopped(s: Session, output: Path) -> Finished | None:
    """Step 2 above: the send whose staged file a stopped run left (now moved onto ``output``), else None.

    Call it holding the lock. Staged files that no recorded send carries are deleted.
    """
    from presskit.models import Send

    finished = None
    for token, path in _staged_files(output):
        send = s.scalar(select(Send).where(Send.file_token == token)) if len(token) <= 32 else None
        if send is None or send.undone_at is not None:
            path.unlink(missing_ok=True)
            continue
        if finished is not None:  # one file per run: the next run finishes the next one
            continue
        _replace(path, output)
        _fsync_dir(output.parent)
        finished = Finished(send.id, send.subject, output)
    # The staging name of earlier versions (written before the commit, with no token to match a send).
    output.with_name(f".{output.name}.presskit-tmp").unlink(missing_ok=True)
    return finished


T = TypeVar("T")


def write(engine: Engine, output: Path | None, build: Callable[[Session, str | None], tuple[T, bytes, int | None]],
          *, record: bool) -> tuple[T | None, Finished | None]:
    """Steps 1-5 above around ``build(session, token)``, which composes (and with ``record`` records, with the
    token) and returns ``(result, the file's bytes, the send's id or None)``.

    Returns ``(result, None)``, or ``(None, finished)`` when this run finished a stopped one instead. Without
    ``output`` there is no file: ``build`` runs in its transaction, and that is all.
    """
    from presskit.db import session_scope

    with locked(output) if output is not None else nullcontext():
        if output is not None:
            with session_scope(engine, write=False) as s:
                finished = finish_stopped(s, output)
            if finished is not None:
                return None, finished
        staged = Staged(output) if output is not None else None
        try:
            with session_scope(engine, write=record) as s:
                result, data, send_id = build(s, staged.token if staged is not None else None)
                if staged is not None:
                    staged.write(data)
        except BaseException:
            if staged is not None:
                staged.discard()
            raise
        if staged is not None:
            staged.publish(send_id)
    return result, None
