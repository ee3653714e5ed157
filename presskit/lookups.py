"""Finding records by what people and data files call them: id, key, name, slug, or an export's "award-3".

A session remembers what it found (``Session.info``), so an import naming the same outlet thousands of times
asks the database once. ``resolve_ref`` also adds the organization or person a record names for the first time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from presskit import models as m
from presskit import validate
from presskit.bounds import MAX_ID
from presskit.db import same_name
from presskit.errors import InvalidInput, NotFound
from presskit.journal import flush_batch, has_deferred
from presskit.kinds import KINDS, MODEL_KIND, Field, kind


def _cached(s: Session, model: type, text: str, names: bool):
    """A row found by this very lookup earlier in the session, if it still answers to ``text``.

    An import names the same work and outlet thousands of times; each lookup was a query. A hit is checked
    against the row as it is now (an edit may have renamed it), and an add/edit of the model drops the
    entries another row may now answer first (forget_idents), so the precedence id > key > name > slug stays
    what the queries give. A row not written yet is not a hit: the query, and the batch's writing, decide.
    """
    hit = s.info.get("presskit_idents", {}).get(model, {}).get((text, names))
    if hit is None:
        hit = s.info.get("presskit_keys", {}).get(model, {}).get(text)
    if hit is None:
        return None
    row, how = hit
    if row not in s or row.id is None or getattr(row, how) != (int(text) if how == "id" else text) and not (
            how == "name" and row.name.lower() == text.lower()):
        return None
    return row


def forget_idents(s: Session, model: type) -> None:
    """After an add or edit of ``model``: forget the lookups another row may now answer first.

    Those of a key are kept apart ("presskit_keys") and kept: keys are unique, and only an id comes first, for a
    text of digits (those are not kept there).
    """
    s.info.get("presskit_idents", {}).pop(model, None)


def _is_id(text: str) -> bool:
    # ASCII digits only: "²" and "٣" are digits to str.isdigit() but not to int(), and were an internal error.
    # Within 64 bits: a longer number is no id of any record (and no database takes it as one).
    return text.isascii() and text.isdigit() and (len(text) < 19 or int(text) <= MAX_ID)


# Rows remembered per kind. A large import names the same few thousand outlets and selections again and again;
# beyond this, the first remembered are let go (found again by a query), so a restore of 100,000 keyed records
# does not keep every one of them in memory.
REMEMBERED = 10_000


def remember(s: Session, model: type, text: str, row: Any, how: str, names: bool) -> None:
    ident: str | tuple[str, bool]
    if how == "key" and not _is_id(text):
        seen, ident = s.info.setdefault("presskit_keys", {}).setdefault(model, {}), text
    else:
        seen, ident = s.info.setdefault("presskit_idents", {}).setdefault(model, {}), (text, names)
    seen[ident] = (row, how)
    if len(seen) > REMEMBERED:
        del seen[next(iter(seen))]


def by_ident(s: Session, model: type, ident: Any, *, include_removed: bool = False, names: bool = False):
    text = str(ident).strip()
    row = _cached(s, model, text, names)
    if row is not None:
        return None if not include_removed and getattr(row, "removed_at", None) is not None else row
    row = _lookup(s, model, text, names)
    if row is None and has_deferred(s):
        # It may be a record added earlier in this batch (a selection's nested screenings name it).
        flush_batch(s)
        row = _lookup(s, model, text, names)
    if row is not None and not include_removed and getattr(row, "removed_at", None) is not None:
        return None
    return row


def _lookup(s: Session, model: type, text: str, names: bool):
    row = None
    if _is_id(text):
        row = s.get(model, int(text))
    if row is None and hasattr(model, "key"):
        row = s.scalar(select(model).where(model.key == text))
    if row is None and names and hasattr(model, "name"):
        # The name as typed, or in another case ("SÁ" finds "sá": db.folded folds every letter on SQLite too).
        row = s.scalars(select(model).where(same_name(model.name, text))
                        .order_by(model.name != text)).first()
    other_key = _other_key(model)
    if row is None and other_key is not None:
        row = s.scalar(select(model).where(getattr(model, other_key) == text))
    if row is None:
        row = _by_export_key(s, model, text)
    found_by = _found_by(row, text) if row is not None else None
    if found_by is not None:
        remember(s, model, text, row, found_by, names)
    return row


def _found_by(row: Any, text: str) -> str | None:
    if _is_id(text) and row.id == int(text):
        return "id"
    for attr in ("key", "name", "slug"):
        if getattr(row, attr, None) == text:
            return attr
    if getattr(row, "name", "").lower() == text.lower():
        return "name"
    return None


def _other_key(model: type) -> str | None:
    """The column that names a record of ``model`` besides its key, if its kind has one (a work's slug)."""
    column = KINDS[MODEL_KIND[model]].key_column
    return None if column == "key" else column


def _by_export_key(s: Session, model: type, text: str):
    # `presskit export` names a record that has no key of its own "award-3": importing that file back into
    # the same database must find award 3, not add a second one.
    kind_name = MODEL_KIND.get(model)
    found = re.fullmatch(rf"{kind_name}-(\d+)", text) if kind_name else None
    if found is None:
        return None
    row = s.get(model, int(found.group(1)))
    return row if row is not None and getattr(row, "key", None) is None else None


def by_key(s: Session, kind_name: str, key: str):
    """The record whose data-file key is ``key`` (removed ones included), or None."""
    model = kind(kind_name).model
    row = s.scalar(select(model).where(model.key == key))
    other_key = _other_key(model)
    if row is None and other_key is not None:  # export names a work by its slug
        row = s.scalar(select(model).where(getattr(model, other_key) == key, model.key.is_(None)))
    return row if row is not None else _by_export_key(s, model, key)


def keys_in_use(s: Session, kind_name: str, keys: list[str]) -> set[str]:
    """Those of ``keys`` that by_key may find, asked in one query per 500 keys instead of one per key.

    Keep it beside by_key: an import looks up only these, so what by_key finds must be in here.
    """
    model = kind(kind_name).model
    kind_name, other_key = MODEL_KIND[model], _other_key(model)
    found = {key for key in keys if re.fullmatch(rf"{kind_name}-\d+", key)}  # export's names (_by_export_key)
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        found.update(s.scalars(select(model.key).where(model.key.in_(chunk))))
        if other_key is not None:
            column = getattr(model, other_key)
            found.update(s.scalars(select(column).where(column.in_(chunk), model.key.is_(None))))
    return found


def get(s: Session, kind_name: str, ident: Any, *, include_removed: bool = False):
    k = kind(kind_name)
    if isinstance(ident, k.model):  # the row itself (an import names a record it has just added)
        return ident
    names = k.named
    row = by_ident(s, k.model, ident, include_removed=include_removed, names=names)
    if row is None:
        hidden = None if include_removed else by_ident(s, k.model, ident, include_removed=True, names=names)
        if hidden is not None:
            raise NotFound(f"{k.name} {hidden.id} is removed; bring it back first with"
                           f" 'presskit restore {k.name} {hidden.id}'")
        raise NotFound(f"no {k.name} with id or key {str(ident)!r}; see 'presskit list {k.plural}'")
    return row


def live_works(s: Session) -> list[m.Work]:
    """Every work not removed, oldest first."""
    return list(s.scalars(select(m.Work).where(m.Work.removed_at.is_(None)).order_by(m.Work.id)))


def default_work(s: Session, works: list[m.Work] | None = None) -> m.Work:
    """The work a command means when none is named: the only one, else the primary one (of ``works``, as
    ``live_works`` reads them)."""
    works = live_works(s) if works is None else works
    if not works:
        raise InvalidInput("no work yet; add the film first: presskit add work --title 'The Film'")
    if len(works) == 1:
        return works[0]
    primary = [w for w in works if w.primary]
    if len(primary) == 1:
        return primary[0]
    slugs = ", ".join(w.slug for w in works)
    raise InvalidInput("several works ({allowed}) and none is primary", what="work", allowed=slugs,
                       fix="give {what} SLUG")


def resolve_work(s: Session, ident: Any | None) -> m.Work:
    if ident is None or str(ident).strip() == "":
        return default_work(s)
    return get(s, "work", ident)


def resolve_ref(s: Session, f: Field, value: Any, *, create: bool, now: datetime):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    assert f.ref is not None  # a reference field names the kind it refers to
    target = KINDS[f.ref]
    if isinstance(value, target.model):  # the row itself (an import names a record it has just added)
        return value
    if f.ref == "work":
        return resolve_work(s, value)
    row = by_ident(s, target.model, value, names=target.named)
    if row is not None:
        return row
    if create and target.named:  # a person or an organization named for the first time
        made = {"kind": f.org_kind} if f.org_kind is not None else {}
        row = target.model(name=validate.name(str(value), f.name), created_at=now, **made)
        s.add(row)
        s.flush()
        forget_idents(s, target.model)
        return row
    raise NotFound(f"{{what}}: no {target.name} {{value!r}}", what=f.name, value=str(value),
                   fix=f"see 'presskit list {target.plural}'")
