"""Values for a record from what a person typed or a data file held: coerced, checked, references resolved.

``coerce(field, raw)`` is the one entry point for every field type (str, text, int, bool, enum, url, email, tz, list,
date); ``prepare`` turns a whole set of given values into columns for a kind, local times into aware ones.
Every entrance (the command line, YAML/JSON, CSV/xlsx, a web page's metadata) comes through here, so text is
cleaned by one function, ``text``:

- Unicode NFC (the same words typed on two keyboards are the same bytes);
- text that is not valid UTF-8 (a command-line argument or a JSON escape that was never a character) refused;
- control characters refused, naming the field; a line break only in a multi-line field (a synopsis, a
  statement, a note: the ``text`` type), where CR LF, CR and U+2028/9 become a line break;
- bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) refused in single-line fields, where
  they could make a name read backwards;
- at most ``LIMITS`` characters per field (below, and in the README).

Each value is also checked against its meaning: years, ranks, runtimes and positions in a plausible range,
ids within 64 bits, keys and slugs from a safe alphabet, a YAML scalar of the right type (``yes`` is not a
title, a mapping is not a headline).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from presskit import models as m
from presskit import validate
from presskit.bounds import MAX_ID
from presskit.errors import InvalidInput
from presskit.kinds import Field, Kind, zone_of
from presskit.lookups import resolve_ref, resolve_work
from presskit.when import YEARS, parse_date, parse_length, parse_local_datetime, zone

# ------------------------------------------------------------------------------------------------- text

# The most characters a field holds, by field name, else by type. A name or title fits on a line of a page; a
# headline is a newspaper's longest; a synopsis or statement is a few pages; a URL is what browsers and
# servers reliably pass on. Keys and slugs are short handles.
LIMITS = {"key": 100, "slug": 60, "name": 300, "title": 300, "headline": 500, "str": 500, "text": 20_000,
          "url": 2_000, "email": 254, "tz": 64, "list": 100, "enum": 40, "date": 100, "datetime": 100,
          "int": 40, "bool": 10, "ref": 300, "note": 2_000, "subject": 300}
# Plausible ranges of numbers, by field name; other numbers are ids or counts within 64 bits.
RANGES = {"year": YEARS, "runtime_minutes": (1, 100_000), "rank": (0, 1_000_000),
          "position": (0, 1_000_000)}
HTTPS_ONLY = frozenset({"unsubscribe_url"})  # its --help says https; mail services refuse anything else
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {"\x00": "a NUL character", "\t": "a tab", "\n": "a line break", "\r": "a carriage return",
                  "\x07": "a bell character (BEL)", "\x08": "a backspace", "\x0b": "a vertical tab",
                  "\x0c": "a form feed", "\x1b": "an escape character (ESC)", "\x7f": "a delete character (DEL)",
                  "\u2028": "a line separator (U+2028)", "\u2029": "a paragraph separator (U+2029)"}


def _describe(c: str) -> str:
    return _CONTROL_NAMES.get(c) or f"the control character U+{ord(c):04X}"


def limit_for(f: Field) -> int:
    return LIMITS.get(f.name) or LIMITS.get(f.type, LIMITS["str"])


def _scalar_text(raw: Any, what: str) -> str:
    """What a data file's scalar says as text: a YAML number or date is written as it reads; true/false, a
    mapping or a list is not text."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        raise InvalidInput("{what} reads as {value} (YAML reads yes, no, on, off that way), not as text",
                           what=what, value="true" if raw else "false",
                           fix="put it in quotes, e.g. " + ("'yes'" if raw else "'no'"))
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    if isinstance(raw, dict):
        raise InvalidInput("{what} is a mapping (key: value lines), not text", what=what,
                           fix="write the text on the same line, in quotes if it holds ': '")
    if isinstance(raw, list):
        raise InvalidInput("{what} is a list, not text", what=what,
                           fix="write the text on the same line, in quotes if it starts with '[' or '- '")
    raise InvalidInput("{what} {value!r} is a number, not text", what=what, value=raw,
                       fix="put it in quotes if it is text")


def text(raw: Any, what: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """The one cleaning of text from any entrance (see the module's docstring); None for nothing or blanks.

    ``what`` is the field's name (``headline``): errors carry it, and each edge names it (``--headline`` on the
    command line, ``field 'headline'`` in a data file; see presskit.errors).
    """
    if raw is None:
        return None
    v = _scalar_text(raw, what)
    plain = v.isascii()  # most text: no surrogate, nothing to normalise, no bidi control
    if not plain:
        if _SURROGATE.search(v):
            raise InvalidInput("{what} is not valid UTF-8 text (it holds bytes that are no character)", what=what,
                               fix="type it again, or save the file as UTF-8")
        v = unicodedata.normalize("NFC", v)
    if multiline:
        if "\r" in v or "\u2028" in v or "\u2029" in v:
            v = v.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
        bad = _CONTROL_LINES.search(v)
    else:
        bad = _CONTROL_ONE_LINE.search(v.strip())
    if bad:
        one_line = not multiline and bad[0] in "\n\r\u2028\u2029"
        raise InvalidInput("{what} contains {value}, which is not text", what=what, value=_describe(bad[0]),
                           fix="keep it on one line" if one_line else "remove it")
    if not multiline and not plain:
        bidi = _BIDI.search(v)
        if bidi:
            raise InvalidInput("{what} contains {value}, an invisible character that reorders text as it is shown",
                               what=what, value=f"U+{ord(bidi[0]):04X}", fix="remove it")
    v = v.strip()
    if limit is not None and len(v) > limit:
        raise InvalidInput("{what} is {value} characters long; the most is {allowed}: {fix}", what=what,
                           value=f"{len(v):,}", allowed=f"{limit:,}", fix="shorten it")
    return v or None


def key(raw: Any, what: str = "key") -> str | None:
    """A record's stable handle: letters, digits, '.', '_' and '-', starting with a letter or digit."""
    v = text(raw, what, limit=LIMITS["key"])
    if v is None:
        return None
    if not SAFE_KEY.fullmatch(v):
        raise InvalidInput("{what} {value!r}: {fix}", what=what, value=v,
                           allowed="letters, digits, '.', '_' and '-' (starting with a letter or digit)",
                           fix="use {allowed}, e.g. nknews-review-2014")
    return v


def number(raw: Any, what: str) -> int:
    """A whole number, within its field's plausible range (``RANGES``) or 64 bits."""
    if isinstance(raw, bool) or isinstance(raw, float) and not raw.is_integer():
        raise _not_whole(raw, what)
    if isinstance(raw, float):  # 2014.0 from a spreadsheet cell; never inf or nan (is_integer is False)
        raw = int(raw)
    if isinstance(raw, int):
        n = raw
    else:
        t = text(raw, what, limit=LIMITS["int"]) or ""
        if not re.fullmatch(r"[+-]?[0-9]+", t):
            raise _not_whole(t, what)
        n = int(t)
    low, high = RANGES.get(what, (-MAX_ID - 1, MAX_ID))
    if not low <= n <= high:
        if what == "year":
            raise InvalidInput("{what} {value} is not a plausible year", what=what, value=n,
                               allowed=f"{low} to {high}", fix="write the four-digit year, e.g. 2014")
        raise InvalidInput("{what} {value} is out of range", what=what, value=n, allowed=f"{low:,} to {high:,}",
                           fix="write a number from {allowed}")
    return n


def _not_whole(raw: Any, what: str) -> InvalidInput:
    return InvalidInput("{what} {value!r} is not a whole number", what=what, value=raw,
                        fix="write one such as 2014")


def flag(raw: Any, what: str) -> bool:
    """yes/no: true, false, yes, no, on, off, 1, 0 (a data file's YAML booleans, or the words)."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    low = (text(raw, what) or "").lower() if isinstance(raw, str) else None
    if low in ("1", "true", "yes", "y", "on"):
        return True
    if low in ("0", "false", "no", "n", "off"):
        return False
    raise InvalidInput("{what} {value!r} is not yes/no", what=what, value=raw, allowed="true or false",
                       fix="write {allowed}")


def url(raw: Any, what: str = "url") -> str | None:
    """An http(s) or mailto URL (presskit.validate.url), cleaned as text, within LIMITS['url'] bytes."""
    v = validate.url(text(raw, what, limit=LIMITS["url"]), what)
    if v is None:
        return None
    if len(v.encode("utf-8")) > LIMITS["url"]:
        # Counted in bytes: PostgreSQL's index of a unique URL holds about 2,700 of them.
        raise InvalidInput("{what} is longer than {allowed} bytes", what=what, allowed=f"{LIMITS['url']:,}",
                           fix="give a shorter address")
    if what in HTTPS_ONLY and not v.startswith("https://"):
        raise InvalidInput("{what} {value!r}: {fix}", what=what, value=v, allowed="https://",
                           fix="give an https:// address (mail services and readers refuse an insecure one),"
                               " e.g. https://example.org/unsubscribe")
    return v


# ------------------------------------------------------------------------------------------------ fields


def coerce(f: Field, raw: Any) -> Any:
    """A plain value for field ``f`` from what a person typed or a data file held."""
    if raw is None:
        return None
    t, what = f.type, f.name
    if t in ("str", "text"):
        v = text(raw, what, multiline=t == "text", limit=limit_for(f))
        if f.required and not v:
            raise InvalidInput("{what} is empty", what=what, fix="give a value")
        if v is not None and f.name == "slug" and not SAFE_SLUG.fullmatch(v):
            raise InvalidInput("{what} {value!r}: {fix}", what=what, value=v,
                               allowed="lower-case letters, digits and single '-' between them",
                               fix="use {allowed}, e.g. the-defector")
        return v
    if t == "int":
        if isinstance(raw, str) and not raw.strip():
            return None
        return number(raw, what)
    if t == "bool":
        if isinstance(raw, str) and not raw.strip():
            return None
        return flag(raw, what)
    if t == "list":
        items = raw if isinstance(raw, list) else (text(raw, what, limit=limit_for(f) * 20) or "").split(",")
        return [v for v in (text(i, what, limit=limit_for(f)) for i in items) if v]
    if t == "date" and isinstance(raw, date):  # a data file's YAML date
        return parse_date(raw, what=what)
    if t == "datetime" and isinstance(raw, datetime):
        return raw
    raw = text(raw, what, limit=limit_for(f))
    if raw is None:
        return None
    try:
        if t == "enum":
            assert f.enum is not None
            v = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
            try:
                return f.enum(v)
            except ValueError:
                raise InvalidInput("{what}: unknown " + f.name + " {value!r}", what=what, value=raw,
                                   allowed=", ".join(e.value for e in f.enum), fix="use one of: {allowed}") from None
        if t == "url":
            return url(raw, what)
        if t == "email":
            v = str(raw).strip()
            if v.lower().startswith("mailto:"):
                v = v[7:]
            if not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", v):
                raise InvalidInput("{what} {value!r} is not an email address", what=what, value=raw)
            return v
        if t == "tz":
            zone(str(raw))
            return str(raw)
        if t == "duration":
            return parse_length(raw, what)
        if t == "date":
            return parse_date(raw, what=what)
    except (TypeError, ValueError) as e:
        raise InvalidInput("{what} {value!r} is not a valid " + t, what=what, value=raw) from e
    return raw  # datetime and ref are resolved by the caller, who knows the zone


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60] or "work"


def _zone_for(k: Kind, values: dict[str, Any], refs: dict[str, Any]) -> str | None:
    if values.get("timezone"):
        return values["timezone"]
    for name in k.zone_from:
        row = refs.get(name)
        tz = zone_of(row) if row is not None else None
        if tz:
            return tz
    return None


_SHAPES: dict[str, tuple[frozenset[str], Field | None, dict[str, str]]] = {}


def _shape(k: Kind) -> tuple[frozenset[str], Field | None, dict[str, str]]:
    """A kind's field names, its --year hint, and the column of each reference (asked for every record added)."""
    shape = _SHAPES.get(k.name)
    if shape is None:
        shape = _SHAPES[k.name] = (frozenset(k.names),
                                   next((f for f in k.fields if f.name == "year" and f.virtual), None),
                                   {f.name: f.attr for f in k.fields if f.type == "ref"})
    return shape


def prepare(s: Session, k: Kind, given: dict[str, Any], *, now: datetime, partial: bool = False,
            current: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Column values (by attribute) and virtual values for kind ``k`` from user input ``given``.

    ``partial`` (an edit) leaves out what was not given; ``current`` is the record being corrected.
    """
    names, year_hint, ref_columns = _shape(k)
    unknown = set(given) - names
    if unknown:
        raise InvalidInput(f"unknown field(s) for {k.name}: {', '.join(sorted(unknown))};"
                           f" fields are: {', '.join(k.names)}")
    values: dict[str, Any] = {}
    refs: dict[str, Any] = {}
    virtual: dict[str, Any] = {}
    for f in k.fields:
        if f.name not in given and partial:
            continue
        raw = given.get(f.name)
        if f.type == "ref" and raw is not None and not isinstance(raw, int | m.Base):
            raw = text(raw, f.name, limit=LIMITS["ref"])  # a name, key or id as typed
        elif f.type == "date" and isinstance(raw, str):
            raw = text(raw, f.name, limit=LIMITS["date"])
        if f.type == "ref":
            refs[f.name] = _reference(s, f, raw, partial=partial, now=now)
        elif f.type == "date" and year_hint is not None and isinstance(raw, str) and raw.strip():
            # Kinds with a --year ("for dates typed without one") apply it to their dates as to their times.
            default_year = coerce(year_hint, given.get("year")) or now.year
            (virtual if f.virtual else values)[f.name] = parse_date(raw, default_year=default_year, what=f.name,
                                                                    year_option=True)
        else:
            (virtual if f.virtual else values)[f.name] = _plain(f, raw, given_it=f.name in given, partial=partial)
    # Datetimes last: they need the place's zone and a default year.
    dt_fields = [f for f in k.fields if f.type == "datetime" and values.get(f.name) is not None]
    if dt_fields:
        _local_times(k, dt_fields, values, refs, virtual.get("year") or values.get("year") or now.year, current)
    for name, row in refs.items():
        if row is not None and row.id is None:
            values[name] = row  # added in this batch, no id yet: the relationship orders the inserts
        else:
            values[ref_columns[name]] = row.id if row is not None else None
    return values, {**virtual, "_refs": refs}


def _missing(f: Field) -> InvalidInput:
    return InvalidInput("missing {what}: {allowed}", what=f.name, allowed=f.help[0].lower() + f.help[1:])


def _reference(s: Session, f: Field, raw: Any, *, partial: bool, now: datetime) -> Any:
    """The record a reference names (a person or an organization named for the first time is added)."""
    if f.ref == "work" and not partial:
        return resolve_work(s, raw)
    if raw is not None:
        return resolve_ref(s, f, raw, create=True, now=now)
    if f.required and not partial:
        raise _missing(f)
    return None


def _plain(f: Field, raw: Any, *, given_it: bool, partial: bool) -> Any:
    """A field's value, its default if it has one and none was given (datetimes are cleaned text here, read
    later in their zone)."""
    v = coerce(f, raw)
    if v is None and f.default is not None and not partial:
        v = coerce(f, f.default)
    if v is None and f.required and not (partial and not given_it):
        raise _missing(f)
    return v


def _local_times(k: Kind, dt_fields: list[Field], values: dict[str, Any], refs: dict[str, Any], default_year: int,
                 current: Any) -> None:
    """The kind's local times as aware datetimes, in the zone given or the place's (its venue's, channel's...)."""
    zone_refs = dict(refs)
    if current is not None:
        for name in k.zone_from:
            zone_refs.setdefault(name, getattr(current, name, None))
    tz = _zone_for(k, values, zone_refs) or (getattr(current, "timezone", None) if current else None)
    if not tz:
        raise InvalidInput(k.name + " needs a time zone for {what}: {fix}", what=dt_fields[0].name,
                           fix="give {timezone:give} with an IANA name (e.g. America/Toronto), or set the place's"
                               " zone with 'presskit edit organization ID --timezone ZONE'")
    values["timezone"] = tz
    for f in dt_fields:
        values[f.name] = parse_local_datetime(values[f.name], tz, default_year=default_year, what=f.name)
