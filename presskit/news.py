"""News as a reader says it: one item per record, in its newest state, with sentences instead of diffs.

"The Defector won the Diversity Award at the 2014 Canadian Screen Awards", never "status: nominated -> won".
Every sentence is written as of the send's clock: a premiere, screening, airing, event or deadline before it
reads in the past ("had its UK premiere", "aired on TVO"), only what is still ahead in the future, and a
ticket, RSVP or "take part" link is offered only while it can be used.

Each kind words its own news (``Kind.news_item``, in ``presskit/kinds/<kind>.py``); ``item_for`` finds it.
Items are plain data (``presskit.newsitem``) so that any renderer can use them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from presskit.kinds import kind_of
from presskit.newsitem import Clock, Item, Link, Run, plain, short_title, time_range, title_run

__all__ = ["SECTIONS", "Clock", "Item", "Link", "Run", "item_for", "plain", "short_title", "time_range",
           "title_run"]

# Editorial order of a newsletter: the biggest news first.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("wins", "Wins"),
    ("nominations", "Nominations"),
    ("festivals", "Festivals"),
    ("press", "Press"),
    ("screen", "Screenings & broadcasts"),
    ("events", "Events"),
    ("actions", "Take action"),
)


def item_for(row: Any, *, now: datetime, news_date: date | None = None) -> Item:
    """The newsletter item of a record in its current state, worded as of ``now`` (aware, team's zone)."""
    k = kind_of(row)
    if k.news_item is None:
        raise ValueError(f"{k.name} records are not news")
    item: Item = k.news_item(row, Clock.at(now), kind=k.name, record_id=row.id, key=row.key, news_date=news_date)
    return item
