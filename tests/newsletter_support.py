"""Helpers for the newsletter tests: the film's records with the demo newsletter settings, and builds."""

from __future__ import annotations

from typing import Any

from conftest import DATA, ROOT

from presskit import datafile, newsletter
from presskit.db import session_scope

SETTINGS = ROOT / "data" / "newsletter.yaml"
# A clock after every record of data/, in the team's zone (America/Toronto).
AFTER_ALL = "2014-02-01 09:00"
# Every item told in full: no 'Earlier' list, no one-line items past a section's limit.
IN_FULL: dict[str, Any] = {"earlier_after": 10**5, "section_limit": 10**3}


def import_film(engine, *, settings: bool = True) -> None:
    with session_scope(engine) as s:
        datafile.import_data(s, datafile.load_file(DATA), source=DATA.name)
        if settings:
            datafile.import_data(s, datafile.load_file(SETTINGS), source=SETTINGS.name)


def build(engine, **options: Any) -> newsletter.Result:
    """``newsletter.build`` in a transaction of its own, as the command runs it."""
    options.setdefault("now", AFTER_ALL)
    with session_scope(engine, write=bool(options.get("mark_sent"))) as s:
        return newsletter.build(s, **options)


def text_of(engine, **options: Any) -> str:
    return build(engine, formats=("text",), **options).outputs["text"].decode("utf-8")


def body_of(text: str) -> str:
    """The news of a plain-text newsletter, without 'Coming up' and the footer."""
    return text.split("\nCOMING UP\n")[0].split("\n--\n")[0]
