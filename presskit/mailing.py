"""The mailing services a newsletter can be pasted into, and the text each of them would take for its own.

One table: the command line's ``--esp`` choices, the footer's merge tags, and what the renderer neutralises in
user text are all read from here (see EMAIL.md).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple


class Service(NamedTuple):
    name: str
    unsubscribe: str | None = None  # the merge tag the service replaces with the reader's unsubscribe link
    web_version: str | None = None  # ... and with the link to the issue on the web


SERVICES = (
    Service("generic"),  # no service: the footer links the work's own unsubscribe URL
    Service("mailchimp", "*|UNSUB|*", "*|ARCHIVE|*"),
    Service("listmonk", "{{ UnsubscribeURL }}", "{{ MessageURL }}"),
    Service("buttondown", "{{ unsubscribe_url }}", "{{ email_url }}"),
    Service("brevo", "{{ unsubscribe }}", "{{ mirror }}"),
)
NAMES = tuple(s.name for s in SERVICES)
# Merge tags by mailing service: (unsubscribe, web version).
TAGS = {s.name: (s.unsubscribe, s.web_version) for s in SERVICES if s.unsubscribe and s.web_version}

# Every service above starts a merge tag with '{' (Jinja and Liquid style) or '*' (Mailchimp's *|TAG|*).
_MERGE_START = cache(lambda: re.compile(r"[{*](?!\u200b)"))
# In HTML, the same characters as references a browser shows as typed and no service reads as a tag.
INERT_HTML = (("{", "&#123;"), ("}", "&#125;"), ("*|", "&#42;|"), ("|*", "|&#42;"))


def break_merge_tags(value: str) -> str:
    """Plain text with a zero-width space after each '{' and '*': a headline's "{{ 7*7 }}" or "*|UNSUB|*" is
    not read as a service's merge tag; readers see no difference."""
    return _MERGE_START().sub(lambda mt: mt.group(0) + "\u200b", value)


def inert_html(markup: str) -> str:
    """HTML (outside what the caller protects) with the characters of merge tags as character references."""
    for char, reference in INERT_HTML:
        markup = markup.replace(char, reference)
    return markup
