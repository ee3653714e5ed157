"""Values for a record from what a person typed or a data file held: coerced, checked, references resolved.

``coerce(field, raw)`` is the one entry point per field type (str, text, int, bool, enum, url, email, tz, list,
date); ``prepare`` turns a whole set of given values into columns for a kind, local times into aware ones.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from presskit import models as m
from presskit import validate
from presskit.errors import InvalidInput
from presskit.kinds import Field, Kind
from presskit.lookups import resolve_ref, resolve_work
from presskit.when import parse_date, parse_length, parse_local_datetime, zone


def coerce(f: Field, raw: Any) -> Any:
    """A plain value for field ``f`` from what a person typed or a data file held."""
    if raw is None:
        return None
    if isinstance(raw, str) and f.type not in ("text", "str"):
        raw = raw.strip()
        if raw == "":
            return None
    t = f.type
    try:
        if t == "str":
            v = str(raw).strip()
            if f.required and not v:
                raise InvalidInput(f"{f.option} is empty; give a value")
            return v or None
        if t == "text":
            v = str(raw).strip()
            return v or None
        if t == "int":
            if isinstance(raw, bool):
                raise ValueError
            return int(raw)
        if t == "bool":
            if isinstance(raw, bool):
                return raw
            low = str(raw).lower()
            if low in ("1", "true", "yes", "y", "on"):
                return True
            if low in ("0", "false", "no", "n", "off"):
                return False
            raise InvalidInput(f"{f.option} {raw!r} is not yes/no")
        if t == "enum":
            assert f.enum is not None
            v = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
            try:
                return f.enum(v)
            except ValueError:
                allowed = ", ".join(e.value for e in f.enum)
                raise InvalidInput(f"{f.option}: unknown {f.name} {raw!r}; use one of: {allowed}") from None
        if t == "url":
            return validate.url(str(raw), f.name)
        if t == "email":
            v = str(raw).strip()
            if v.lower().startswith("mailto:"):
                v = v[7:]
            if not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", v):
                raise InvalidInput(f"{f.option} {raw!r} is not an email address")
            return v
        if t == "tz":
            zone(str(raw))
            return str(raw)
        if t == "duration":
            return parse_length(raw, (f.aliases or (f.option,))[0])
        if t == "list":
            items = raw if isinstance(raw, list) else str(raw).split(",")
            return [str(i).strip() for i in items if str(i).strip()]
        if t == "date":
            return parse_date(raw, what=f.option) if not isinstance(raw, date) else raw
    except (TypeError, ValueError) as e:
        raise InvalidInput(f"{f.option} {raw!r} is not a valid {t}") from e
    return raw  # datetime and ref are resolved by the caller, who knows the zone


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60] or "work"


def _zone_for(k: Kind, values: dict[str, Any], refs: dict[str, Any]) -> str | None:
    if values.get("timezone"):
        return values["timezone"]
    for name in k.zone_from:
        row = refs.get(name)
        if row is None:
            continue
        if isinstance(row, m.Organization) and row.timezone:
            return row.timezone
        if isinstance(row, m.Selection) and row.festival.timezone:
            return row.festival.timezone
        if isinstance(row, m.Work) and row.company is not None and row.company.timezone:
            return row.company.timezone
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
    """Column values (by attribute) and virtual values for kind ``k`` from user input ``given``."""
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
        if f.type == "date" and year_hint is not None and isinstance(raw, str) and raw.strip():
            # Kinds with a --year ("for dates typed without one") apply it to their dates as to their times.
            default_year = coerce(year_hint, given.get("year")) or now.year
            (virtual if f.virtual else values)[f.name] = parse_date(raw, default_year=default_year, what=f.option,
                                                                    year_option=True)
            continue
        if f.type == "ref":
            if f.ref == "work" and not partial:
                refs["work"] = resolve_work(s, raw)
            elif raw is not None:
                refs[f.name] = resolve_ref(s, f, raw, create=f.org_kind is not None or f.ref == "person", now=now)
            elif f.required and not partial:
                raise InvalidInput(f"missing {f.option}: {f.help[0].lower() + f.help[1:]}")
            else:
                refs[f.name] = None
            continue
        v = raw if f.type == "datetime" else coerce(f, raw)
        if v is None and f.default is not None and not partial:
            v = coerce(f, f.default)
        if v is None and f.required and not (partial and f.name not in given):
            raise InvalidInput(f"missing {f.option}: {f.help[0].lower() + f.help[1:]}")
        (virtual if f.virtual else values)[f.name] = v
    # Datetimes last: they need the place's zone and a default year.
    dt_fields = [f for f in k.fields if f.type == "datetime" and values.get(f.name) is not None]
    if dt_fields:
        zone_refs = dict(refs)
        if current is not None:
            for name in k.zone_from:
                zone_refs.setdefault(name, getattr(current, name, None))
        tz = _zone_for(k, values, zone_refs) or (getattr(current, "timezone", None) if current else None)
        if not tz:
            raise InvalidInput(f"{k.name} needs a time zone for {dt_fields[0].option}: give --tz with an IANA"
                               " name (e.g. America/Toronto), or set the place's zone with"
                               " 'presskit edit organization ID --timezone ZONE'")
        values["timezone"] = tz
        default_year = virtual.get("year") or values.get("year") or now.year
        for f in dt_fields:
            values[f.name] = parse_local_datetime(values[f.name], tz, default_year=default_year, what=f.option)
    for name, row in refs.items():
        if row is not None and row.id is None:
            values[name] = row  # added in this batch, no id yet: the relationship orders the inserts
        else:
            values[ref_columns[name]] = row.id if row is not None else None
    return values, {**virtual, "_refs": refs}
