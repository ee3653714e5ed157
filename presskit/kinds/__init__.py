"""The kinds of record presskit knows, each declared once in its own module, and the registry that finds them.

A kind's module (``presskit/kinds/coverage.py``...) holds everything about it: its fields (which drive the command
line's options, the importer, validation and ``list --json``), its lifecycle, and its behaviour — what it checks
when added or corrected, its one-line label, its calendar entry, its data-file section, its CSV columns.
Adding a kind is: a model, a migration, and a module here named in ``BUILT_IN``.
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
