"""A call to action: vote, watch, share — with an optional deadline."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, Kind, register
from presskit.kinds.common import TZ, WORK, YEAR_HINT
from presskit.when import format_local


def _label(row: Any) -> str:
    dl = f" (until {format_local(row.deadline, row.timezone)})" if row.deadline else ""
    return f"{row.title}{dl}"


KIND = register(Kind(
    "action", "Action", plural="actions", news=True, news_date_field="announced", zone_from=("work",),
    help="A call to action: vote, watch, share — with an optional deadline.",
    example=(
        "presskit add action --title \"Vote for The Defector as IndieWire's Project of the Week\" "
        '--url "http://apps.facebook.com/my-polls/?poll_id=bc6xv1eh" --deadline "Monday December '
        '5 11:59pm" --year 2011 --tz America/Toronto --date 2011-12-04'
    ),
    edit_example='presskit edit action 1 --text "Voting is done through Facebook."',
    batched=True, section="actions", section_rank=9, label=_label,
    fields=(
        WORK,
        Field("title", "str", "What to do, e.g. 'Vote for The Defector'", required=True),
        Field("text", "text", "A sentence or two"),
        Field("url", "url", "Where to do it"),
        Field("deadline", "datetime", "Local deadline"),
        TZ,
        Field("announced", "date", "Date it was announced (default: today)", aliases=("--date",)),
        YEAR_HINT,
    ),
))
