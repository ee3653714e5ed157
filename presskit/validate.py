"""Checks on user-given values that are shared by every way in (CLI, import, library)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from presskit.errors import InvalidInput

ALLOWED_SCHEMES = ("http", "https", "mailto")


def url(value: str | None, field: str = "url") -> str | None:
    """An http(s) or mailto URL, trimmed; anything else (javascript:, file:, data:) is refused."""
    if value is None:
        return None
    v = str(value).strip()
    if not v:
        return None
    if any(ch in v for ch in "\r\n\t\x00") or " " in v:
        raise InvalidInput(f"--{field.replace('_', '-')} {value!r} contains spaces or control characters")
    parts = urlsplit(v)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise InvalidInput(
            f"--{field.replace('_', '-')} {v!r} is not an http(s) or mailto URL; give a full address"
            " such as https://example.com/page"
        )
    if scheme in ("http", "https") and not parts.netloc:
        raise InvalidInput(f"--{field.replace('_', '-')} {v!r} has no host; give a full address")
    if scheme == "mailto" and "@" not in parts.path:
        raise InvalidInput(f"--{field.replace('_', '-')} {v!r} is not an email address")
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
        raise InvalidInput(f"--{field.replace('_', '-')} is empty; give a name")
    return v


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def output_format(output: Path | None, fmt: str | None, formats: tuple[str, ...]) -> str:
    """The format of ``-o FILE``: ``--format`` wins; else the file's extension (.htm is html); else the first."""
    if fmt:
        f = fmt.strip().lower()
        if f not in formats:
            raise InvalidInput(f"unknown --format {fmt!r}; use {_either(list(formats))}")
        return f
    if output is None:
        return formats[0]
    ext = {"htm": "html"}.get(output.suffix.lower().lstrip("."), output.suffix.lower().lstrip("."))
    if ext in formats:
        return ext
    raise InvalidInput(f"cannot tell the format from {str(output)!r}; end the name in"
                       f" {_either(['.' + f for f in formats])}, or give --format {'|'.join(formats)}")
