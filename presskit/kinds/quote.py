"""A pull quote from a piece of coverage."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, Kind, register


def _label(row: Any) -> str:
    return f"“{row.text[:70]}” — {row.coverage.outlet.name}"


KIND = register(Kind(
    "quote", "Quote", plural="quotes", keyed=False, help="A pull quote from a piece of coverage.",
    example=(
        'presskit add quote --coverage 1 --text "The Defector is a must-see for anyone interested '
        'in North Korean refugees"'
    ),
    edit_example='presskit edit quote 1 --no-approved',
    batched=True, list_loads=("coverage",), label=_label,
    fields=(
        Field("coverage", "ref", "The coverage it comes from (id or key)", required=True, ref="coverage"),
        Field("text", "text", "The quote, verbatim", required=True),
        Field("attribution", "str", "Attribution (default: the author and outlet)"),
        Field("approved", "bool", "Approved for the kit and the newsletter", default=True),
        Field("position", "int", "Order among the piece's quotes", default=0),
    ),
))
