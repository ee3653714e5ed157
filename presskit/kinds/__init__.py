"""The kinds of record presskit knows, each declared once in its own module, and the registry that finds them.

A kind's module (``presskit/kinds/coverage.py``...) holds everything about it: its fields (which drive the command
line's options, the importer, validation and ``list --json``), its lifecycle, and its behaviour — what it checks
and completes when added or corrected, its one-line label and place, where its zone comes from, its calendar
entry, its data-file section and the lists a data file nests in it, its CSV columns, its news item.
Everything else (records, the importer and exporter, lists, history, check, calendar, embargoes) asks the kind.

Adding a kind touches exactly these places (tests/test_new_kind.py does it on a copy and runs the commands):

1. the model: a class in ``presskit/models/records.py`` (``WorkOwned`` when a work owns it, ``Keyed`` otherwise;
   ``Zoned`` for a start in a place), and its name in ``__all__`` of ``presskit/models/__init__.py`` (and in its
   ``TYPE_CHECKING`` import, for mypy), plus a status enum in ``presskit/models/enums.py`` if it has a lifecycle;
2. a migration: ``presskit/migrations/versions/00NN_<kind>.py`` creating its table (``down_revision`` = the
   current head), and ``HEAD`` in ``presskit/migrations/__init__.py``;
3. one module, ``presskit/kinds/<kind>.py``, ending in ``KIND = register(Kind(...))``: its fields and whichever
   hooks of ``Kind`` (presskit/kinds/base.py) it needs: ``FileList`` for a list a data file nests in its
   records, ``zone_from`` for where its zone comes from, ``news_item`` when adding one is news, ``calendar``,
   ``spreadsheet``, ``typed``/``adding``/``editing`` to complete and check values;
4. its name in ``BUILT_IN`` below (the order kinds are listed in).

Then the README's command and data-file references name it (tests/test_records_readme.py checks). Only if its
news goes in a section of its own: ``presskit.news.SECTIONS``. The kit, report and newsletter templates show the
kinds they were written for: a new kind appears there when a template is given a place for it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from presskit.kinds.base import (
    KINDS,
    REGISTERED,
    CalendarEntry,
    Field,
    FileList,
    Kind,
    Spreadsheet,
    kind,
    kind_of,
    model_kind,
    zone_of,
)

# The built-in kinds, in the order they are listed (help, errors, `presskit list`). Each module registers its kind.
BUILT_IN = ("work", "person", "credit", "organization", "coverage", "quote", "award", "selection", "screening",
            "broadcast", "event", "action", "media")
for _name in BUILT_IN:
    import_module(f"presskit.kinds.{_name}")

RECORD_KINDS = tuple(k.name for k in REGISTERED)
NEWS_KINDS = tuple(k.name for k in REGISTERED if k.news)

__all__ = ["BUILT_IN", "KINDS", "NEWS_KINDS", "RECORD_KINDS", "REGISTERED", "CalendarEntry", "Field", "FileList",
           "Kind", "Spreadsheet", "kind", "kind_of", "model_kind", "zone_of"]

if TYPE_CHECKING:
    MODEL_KIND: dict[type, str]


def __getattr__(name: str) -> Any:
    # MODEL_KIND (model class -> kind name) needs the models, so it is built on first use.
    if name == "MODEL_KIND":
        return model_kind()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
