"""A person: director, cinematographer, producer, nominee. Found by name too, and no two share one."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, Kind, register


def _label(row: Any) -> str:
    return row.name


KIND = register(Kind(
    "person", "Person", plural="people", help="A person: director, cinematographer, producer, nominee.",
    example='presskit add person --name "Stephen Chung" --bio "Director of photography on The Defector."',
    edit_example='presskit edit person "Stephen Chung" --bio "Director of photography, Toronto."',
    named=True, section="people", section_rank=1, label=_label,
    fields=(
        Field("name", "str", "Full name", required=True),
        Field("bio", "text", "Short bio"),
        Field("website", "url", "Website"),
    ),
))
