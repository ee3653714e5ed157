"""A call to action: vote, watch, share — with an optional deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, Kind, register
from presskit.kinds.common import TZ, WORK, YEAR_HINT

if TYPE_CHECKING:
    from presskit import models as m
    from presskit.newsitem import Clock, Item


def _label(row: Any) -> str:
    from presskit.when import format_local

    dl = f" (until {format_local(row.deadline, row.timezone)})" if row.deadline else ""
    return f"{row.title}{dl}"


# ------------------------------------------------------------------------------------------------ news

# A call to action's button, from the verb its title starts with ("Vote for ..." -> "Vote").
ACTION_LABELS = {"vote": "Vote", "watch": "Watch", "try": "Try it", "experience": "Try it", "share": "Share",
                 "sign": "Sign", "donate": "Donate", "read": "Read it", "listen": "Listen", "join": "Join",
                 "register": "Register", "rsvp": "RSVP", "buy": "Get tickets", "support": "Support"}


def action_label(a: m.Action) -> str:
    """'Vote', 'Watch the trailer', 'Try it': the button says what the reader does."""
    words = a.title.split()
    verb = words[0].lower().strip(",.:!") if words else ""
    if verb == "watch" and "trailer" in a.title.lower():
        return "Watch the trailer"
    return ACTION_LABELS.get(verb, "Take part")


def _news_item(a: m.Action, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, Run, local_date, plain
    from presskit.when import PAST, day, format_local, local, tense_of_times

    tense = tense_of_times(a.deadline, None, clock.now)
    if tense == PAST:
        # Told as what it was, never as a thing to do: no link, no appeal.
        closed = f"closed {day(local(a.deadline, a.timezone) or clock.today)}"
        headline = (Run(f"“{a.title}” {closed}"),)
        return Item(section="actions", headline=headline, summary=plain(headline), tense=PAST, expired=True,
                    on=local_date(a.deadline, a.timezone), **common)
    deadline = f"Deadline: {format_local(a.deadline, a.timezone)}" if a.deadline is not None else None
    links = (Link(action_label(a), a.url),) if a.url else ()
    return Item(section="actions", headline=(Run(a.title),), summary=a.title, when=deadline, body=a.text,
                links=links, tense=tense, on=local_date(a.deadline, a.timezone), **common)


KIND = register(Kind(
    "action", "Action", plural="actions", news=True, news_date_field="announced", zone_from=("work",),
    help="A call to action: vote, watch, share — with an optional deadline.",
    example=(
        "presskit add action --title \"Vote for The Defector as IndieWire's Project of the Week\" "
        '--url "http://apps.facebook.com/my-polls/?poll_id=bc6xv1eh" --deadline "Monday December '
        '5 11:59pm" --year 2011 --tz America/Toronto --date 2011-12-04'
    ),
    edit_example='presskit edit action 1 --text "Voting is done through Facebook."',
    batched=True, section="actions", section_rank=9, label=_label, news_item=_news_item,
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
