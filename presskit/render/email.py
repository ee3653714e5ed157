"""The newsletter as email: Jinja2 → MJML → HTML (mjml-python) → CSS inlined (premailer) → text and MIME.

Receives an ``Issue`` (plain data). Jinja2, mjml and premailer are imported inside the functions below, so
importing this module costs nothing at start-up.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from presskit.errors import InvalidInput
from presskit.mailing import TAGS, break_merge_tags, inert_html
from presskit.render import TemplateProblem, environment, render_template, user_folder

if TYPE_CHECKING:
    from presskit.newsletter import Issue

ESP_TAGS = TAGS  # the footer's merge tags, by mailing service (presskit.mailing)
GMAIL_CLIP_BYTES = 102_000
# No web fonts: mjml-python would otherwise link Google Fonts; the template names system fonts.
FONTS: dict[str, str] = {}

SUBJECT = "email/newsletter/subject.txt.j2"
BODY_MJML = "email/newsletter/body.mjml.j2"
BODY_TEXT = "email/newsletter/body.txt.j2"

_PROTECTED = re.compile(r"(<style\b.*?</style>|<mj-style\b.*?</mj-style>|<!--.*?-->)", re.S | re.I)
_MEDIA_STYLE = re.compile(r'<style media="([^"]+)">(.*?)</style>', re.S)
_HTTP_EQUIV = re.compile(r'<meta http-equiv="Content-Type"[^>]*>', re.I)


@dataclass(frozen=True)
class Rendered:
    subject: str
    preheader: str
    outputs: dict[str, bytes]


# ------------------------------------------------------------------------------------------------ links


def link(url: str | None, issue: Issue | None = None) -> str:
    """An email link: https instead of http (mail clients flag plain http), UTM parameters on the film's own
    site only. Stored URLs were checked at input; anything else is refused here too."""
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return url
    if scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(f"the link {url!r} is not an http(s) URL; fix the record with 'presskit edit'")
    parts = parts._replace(scheme="https", path=parts.path or "/")
    host = (parts.hostname or "").lower().removeprefix("www.")
    if issue is not None and host in issue.own_hosts and "utm_source=" not in parts.query:
        utm = urlencode({"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": issue.campaign})
        parts = parts._replace(query=f"{parts.query}&{utm}" if parts.query else utm)
    return urlunsplit(parts)


def _host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def _wrap(value: Any, first: str = "  ", rest: str | None = None, width: int = 72) -> str:
    """A paragraph for the plain-text part: wrapped at 72 columns, links never broken."""
    return textwrap.fill(" ".join(str(value).split()), width=width, initial_indent=first,
                         subsequent_indent=" " * len(first) if rest is None else rest,
                         break_long_words=False, break_on_hyphens=False)


def _inert(markup: str) -> str:
    """Braces and asterisk-pipes outside <style> and comments as character references.

    User text is already HTML-escaped; this keeps a mailing service from taking a headline's '{{ 7*7 }}' or
    '*|UNSUB|*' for its own merge tags, and a browser shows them as typed. It runs last, on the final HTML,
    because the HTML parser inside premailer turns references back into characters.
    """
    parts = _PROTECTED.split(markup)
    for i in range(0, len(parts), 2):  # odd positions are the protected pieces
        parts[i] = inert_html(parts[i])
    return "".join(parts)


# ----------------------------------------------------------------------------------------------- render


def render(issue: Issue, formats: Sequence[str], *, esp: str = "generic",
           templates: str | Path | None = None) -> Rendered:
    """The issue in each of ``formats`` (html, text, eml, mjml), as bytes."""
    from jinja2 import pass_eval_context
    from markupsafe import Markup

    user_dir = user_folder(templates, "email")
    tags = ESP_TAGS.get(esp)

    @pass_eval_context
    def finalize(eval_ctx: Any, value: Any) -> Any:
        if value is None:
            return ""
        if tags and not eval_ctx.autoescape and not isinstance(value, Markup):
            return break_merge_tags(str(value))
        return value

    env = environment(user_dir, finalize=finalize, filters={
        "href": lambda url: link(url, issue), "https": lambda url: link(url), "host": _host, "wrap": _wrap,
    })
    f = issue.footer
    subject = " ".join(render_template(env, SUBJECT, {"issue": issue}).split())
    if not subject:
        raise TemplateProblem(f"{SUBJECT} gave an empty subject")
    preheader = issue.preheader
    if preheader == subject:  # a subject template can make them equal; the preview would repeat the subject
        preheader = f"News from {issue.short_title}, {issue.date_label}"
    context: dict[str, Any] = {"issue": issue, "subject": subject, "preheader": preheader, "esp": esp}

    outputs: dict[str, bytes] = {}
    text = html = None
    own_links = (f.unsubscribe_url, link(f.web_version_url))
    if "text" in formats or "eml" in formats:
        unsub, web = (Markup(tags[0]), Markup(tags[1])) if tags else own_links
        text = _tidy(render_template(env, BODY_TEXT, {**context, "unsubscribe_url": unsub,
                                                      "web_version_url": web}))
        outputs["text"] = text.encode("utf-8")
    if {"html", "eml", "mjml"} & set(formats):
        # The merge tags go in as placeholders that no headline can contain, and come back after _inert.
        nonce = secrets.token_hex(8)
        placeholders: dict[str, str] = {}
        if tags:
            placeholders = {f"presskit-{nonce}-unsubscribe": tags[0], f"presskit-{nonce}-web": tags[1]}
            unsub, web = (Markup(p) for p in placeholders)
        else:
            unsub, web = own_links
        source = render_template(env, BODY_MJML, {**context, "unsubscribe_url": unsub,
                                                  "web_version_url": web})
        if "mjml" in formats:
            outputs["mjml"] = _restore(_inert(source), placeholders).encode("utf-8")
        if "html" in formats or "eml" in formats:
            html = _restore(_inert(_compile(source)), placeholders)
            size = len(html.encode("utf-8"))
            if size > GMAIL_CLIP_BYTES:
                raise InvalidInput(f"the newsletter is {size:,} bytes of HTML; Gmail clips beyond"
                                   f" {GMAIL_CLIP_BYTES:,} and hides the unsubscribe link. Send fewer items"
                                   " at once (--work) or send more often")
            outputs["html"] = html.encode("utf-8")
    if "eml" in formats:
        assert text is not None and html is not None
        outputs["eml"] = _eml(issue, subject, html, text)
    return Rendered(subject=subject, preheader=preheader, outputs={k: outputs[k] for k in formats})


def _restore(markup: str, placeholders: dict[str, str]) -> str:
    for placeholder, tag in placeholders.items():
        markup = markup.replace(placeholder, tag)
    return markup


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _compile(source: str) -> str:
    """MJML to send-ready HTML: compiled, CSS inlined, a charset first in <head>, the doctype kept."""
    import mjml

    try:
        raw = mjml.mjml2html(source, fonts=FONTS)
    except ValueError as e:
        raise TemplateProblem(f"{BODY_MJML} does not compile as MJML: {e}") from None
    # MJML puts Thunderbird's rules in <style media=...>; as an @media block they survive inlining.
    raw = _MEDIA_STYLE.sub(lambda mt: f'<style type="text/css">@media {mt[1]} {{ {mt[2]} }}</style>', raw)
    html = _HTTP_EQUIV.sub("", _inline_css(raw), count=1)
    html = html.replace("<head>", '<head><meta charset="utf-8">', 1)
    return "<!doctype html>\n" + html


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())


def _inline_css(html: str) -> str:
    from premailer import Premailer

    # premailer reports CSS problems through cssutils' logger, which prints to stderr: collect them instead.
    log = logging.getLogger("CSSUTILS")
    saved = (log.handlers[:], log.propagate)
    collect = _Collect()
    log.handlers, log.propagate = [collect], False
    try:
        out = Premailer(
            html,
            base_url=None,
            disable_link_rewrites=True,
            remove_classes=False,  # MJML's responsive columns need their classes
            strip_important=False,  # and their !important
            keep_style_tags=False,  # what cannot be inlined (@media) stays in a <style>; the rest goes inline
            allow_network=False,
            disable_validation=True,  # email CSS (mso-*, -webkit-*) is not in cssutils' profiles
            # MJML's width attributes are pixels for Outlook; premailer would overwrite an image's width="280"
            # with its CSS "100%", which Outlook stretches to the column.
            disable_basic_attributes=["width", "height"],
        ).transform(pretty_print=False)
    finally:
        log.handlers, log.propagate = saved
    problems = [msg for msg in collect.messages if "No content to parse" not in msg]
    if problems:
        raise TemplateProblem("CSS in the email templates does not parse (Gmail would drop the whole"
                              f" <style>): {problems[0]}")
    return out


def _eml(issue: Issue, subject: str, html: str, text: str) -> bytes:
    """multipart/alternative, text first and HTML last, with one-click unsubscribe (RFC 8058)."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    f = issue.footer
    assert f.sender_email and f.unsubscribe_url
    digest = hashlib.sha256((html + text).encode("utf-8")).hexdigest()
    # Quoted-printable lines may be 76 characters long (RFC 2045); Python's SMTP policy would allow 78.
    msg = EmailMessage(policy=SMTP.clone(max_line_length=76))
    msg["Subject"] = subject
    msg["From"] = Address(display_name=" ".join(f.sender_name.split()), addr_spec=f.sender_email)
    # A message without To: is scored as spam. A newsletter goes to a list: its address when the work has
    # one, otherwise the empty group RFC 5322 provides for recipients who are not to be shown.
    msg["To"] = Address(addr_spec=f.list_email) if f.list_email else "undisclosed-recipients:;"
    msg["Date"] = format_datetime(issue.now)
    # Derived from the content, not random: the same records and clock give the same bytes.
    msg["Message-ID"] = f"<{issue.campaign}.{digest[:20]}@{f.sender_email.rpartition('@')[2]}>"
    msg["List-Unsubscribe"] = f"<{f.unsubscribe_url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg.set_boundary(f"presskit-{digest[20:44]}")
    # The bodies are encoded by now. Headers get RFC 5322's hard limit rather than its soft 78: Python folds a
    # long Subject by moving all of it to a continuation line, which some clients show with a leading space.
    return msg.as_bytes(policy=SMTP.clone(max_line_length=998))
