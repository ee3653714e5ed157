"""Checks on user-given values that are shared by every way in (CLI, import, library)."""

from __future__ import annotations

import ipaddress
import re
import socket
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from presskit.errors import InvalidInput

ALLOWED_SCHEMES = ("http", "https", "mailto")


def url(value: str | None, field: str = "url") -> str | None:
    """An http(s) or mailto URL, trimmed; anything else (javascript:, file:, data:) is refused.

    ``field`` is the field's name (``rsvp_url``): errors carry it as ``what`` (see presskit.errors)."""
    if value is None:
        return None
    v = str(value).strip()
    if not v:
        return None
    if any(ch in v for ch in "\r\n\t\x00") or " " in v:
        raise InvalidInput("{what} {value!r} contains spaces or control characters", what=field, value=value)
    parts = urlsplit(v)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise InvalidInput("{what} {value!r} is not an http(s) or mailto URL", what=field, value=v,
                           allowed="http(s) or mailto", fix="give a full address such as https://example.com/page")
    if scheme in ("http", "https") and not parts.netloc:
        raise InvalidInput("{what} {value!r} has no host", what=field, value=v, fix="give a full address")
    if scheme == "mailto" and "@" not in parts.path:
        raise InvalidInput("{what} {value!r} is not an email address", what=field, value=v)
    return urlunsplit((scheme, parts.netloc.lower(), parts.path, parts.query, parts.fragment))


def normalize_url(value: str | None) -> str | None:
    """The form used for uniqueness: no trailing slash, no fragment, lower-case host."""
    if value is None:
        return None
    parts = urlsplit(value)
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def name(value: str | None, field: str) -> str:
    v = (value or "").strip()
    if not v:
        raise InvalidInput("{what} is empty", what=field, fix="give a name")
    return v


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def output_format(output: Path | None, fmt: str | None, formats: tuple[str, ...], *,
                  suffixes: dict[str, str] | None = None, fix: str | None = None) -> str:
    """The format of ``-o FILE``: ``--format`` wins; else the file's extension; else the first of ``formats``.

    An extension names its format (.pdf is pdf; .htm is html too); ``suffixes`` adds others (.txt is text).
    ``fix``: what to do about a file whose extension names no format, if not "end the name in" one of them.
    """
    if fmt:
        f = fmt.strip().lower()
        if f not in formats:
            raise InvalidInput("unknown {what} {value!r}", what="format", value=fmt, allowed=_either(list(formats)),
                               fix="use {allowed}")
        return f
    if output is None:
        return formats[0]
    ext = output.suffix.lower()
    found = {".htm": "html", **(suffixes or {})}.get(ext, ext.lstrip("."))
    if found in formats:
        return found
    raise InvalidInput("cannot tell the format from {value!r}", what="format", value=str(output),
                       allowed=_either(list(formats)),
                       fix=fix or "end the name in " + _either(["." + f for f in formats]) + ", or give {what} "
                       + "|".join(formats))


# ------------------------------------------------------------------------------------- safe to show
# What an output may link to or show, checked again where it is written (records are validated on the way in;
# this is a second line of defence for rows written by other means).


def link(url: str | None) -> str | None:
    """A URL a reader may follow: http(s) or mailto, else nothing (records are validated; this is a second
    line of defence for rows written by other means)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    if parts.scheme.lower() == "mailto" and "@" in parts.path:
        return url.strip()
    return None


_NUMERIC_LABEL = cache(lambda: re.compile(r"0x[0-9a-f]*|[0-9]+"))


def private_host(host: str) -> bool:
    """A host that is no public address: a bare or local name, a private, loopback or link-local address."""
    host = host.strip("[]").lower().rstrip(".")
    if not host or "." not in host and ":" not in host:
        return True  # "localhost", an intranet name
    if host.endswith((".localhost", ".local", ".internal", ".lan", ".home.arpa")):
        return True
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host)
    except ValueError:
        if not _NUMERIC_LABEL().fullmatch(host.rsplit(".", 1)[-1]):
            return False  # a name
        # A browser reads a host ending in a number as an IPv4 address the way inet_aton does: "127.1",
        # "0177.0.0.1" and "0x7f.1" are all 127.0.0.1. One it cannot read is no public host either.
        try:
            ip = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return True
    return not ip.is_global


def image(url: str | None) -> str | None:
    """An image the page may show: an absolute https URL on a public host, else nothing.

    No DNS lookup (the kit is built offline and deterministically): a public name that resolves to a private
    address is not caught here; the PDF never fetches remote images at all.
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https" or not parts.hostname or parts.username or parts.password:
        return None
    if private_host(parts.hostname):
        return None
    return url.strip()
