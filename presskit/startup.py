"""Start-up without the cyclic garbage collector.

Start-up (importing Typer and SQLAlchemy, declaring presskit's mapped classes, configuring their
relationships) allocates a few hundred thousand objects that live as long as the process, and the collector
scans them again and again while they are made: about a tenth of `presskit add` (issue 6, benchmarks/RESULTS.md).
``pause()`` turns it off when the command line starts; ``resume()`` ends start-up when a command opens its
first session: the mappers are configured, everything allocated so far is moved out of the collector's sight
(``gc.freeze``) and the collector is on again for the command's own work, however large.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if not _paused:
        return
    _paused = False
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    gc.freeze()
    gc.enable()
