"""`presskit check`: what a careful publicist fixes before a send or before handing out the kit.

One ``Finding`` per thing, each with the command that fixes it: organizations the sources do not name, values
still marked inferred, a missing press contact, sender or unsubscribe link, past screenings, airings and events
still 'scheduled', festival selections over and still 'selected', nominations whose ceremony is long past with
no outcome, quotes not approved, calls to action past their deadline, pictures whose file is gone. Read as of
``now`` (the team's clock).
Takes a Session, writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from presskit import models as m
from presskit.describe import label
from presskit.errors import InvalidInput
from presskit.kinds import REGISTERED
from presskit.kinds.award import ceremony_passed
from presskit.kinds.selection import selection_tense
from presskit.lookups import default_work
from presskit.when import day, format_local, home_zone, resolve_now, tense_of_days

# The order findings are listed in: what misleads readers first, then what is missing, then what to confirm.
CODES = ("past_scheduled", "past_selected", "outcome_missing", "expired_action", "unnamed", "picture_file",
         "press_contact", "sender", "unsubscribe", "quote_unapproved", "inferred")


@dataclass(frozen=True)
class Finding:
    code: str  # one of CODES
    kind: str  # the record's kind: work, organization, award, screening, ...
    ident: str  # its key, or its id when it has none
    problem: str
    fix: str  # the command that fixes it

    @property
    def line(self) -> str:
        return f"{self.kind} {self.ident}: {self.problem}. Fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "line": self.line}


def _ident(row: Any) -> str:
    return getattr(row, "key", None) or str(row.id)


def _live(model: Any) -> Any:
    return select(model).where(model.removed_at.is_(None)).order_by(model.id)


def _visible(row: Any) -> bool:
    return getattr(row, "work", None) is None or row.work.removed_at is None


def _scheduled() -> Iterator[tuple[str, Any, str]]:
    """The kinds on a schedule (they have a 'scheduled' status): name, model, and the status each reaches by
    taking place (its move from 'scheduled' other than a new date or a cancellation: held, aired)."""
    for k in REGISTERED:
        moves = k.transitions.get("scheduled")
        if moves:
            yield k.name, k.model, next(to for to in moves if to not in ("rescheduled", "cancelled"))


def _past_scheduled(s: Session, now: datetime, today) -> Iterator[Finding]:
    for kind, model, done in _scheduled():
        q = _live(model).where(model.status.in_(("scheduled", "rescheduled")))
        for row in s.scalars(q).unique():
            if not _visible(row):
                continue
            if row.starts_at is not None:
                end = getattr(row, "ends_at", None) or row.starts_at
                if end >= now:
                    continue
                when = format_local(row.starts_at, row.timezone)
            else:
                first, last = getattr(row, "starts_on", None), getattr(row, "ends_on", None)
                if first is None or tense_of_days(first, last, today) != "past":
                    continue
                when = day(first)
            yield Finding("past_scheduled", kind, _ident(row),
                          f"{when} is past and it is still '{row.status}'",
                          f"presskit status {kind} {_ident(row)} {done} (or cancelled)")


def _past_selected(s: Session, today) -> Iterator[Finding]:
    for row in s.scalars(_live(m.Selection).where(m.Selection.status == "selected")).unique():
        if _visible(row) and selection_tense(row, today) == "past":
            yield Finding("past_selected", "selection", _ident(row),
                          f"{label(row)} is over and the selection is still 'selected'",
                          f"presskit status selection {_ident(row)} screened (or withdrawn)")


def _outcome_missing(s: Session, today) -> Iterator[Finding]:
    q = _live(m.Nomination).where(m.Nomination.status.in_(("nominated", "shortlisted")))
    for row in s.scalars(q).unique():
        if _visible(row) and ceremony_passed(row, today):
            held = day(row.ceremony_on) if row.ceremony_on else str(row.year)
            yield Finding("outcome_missing", "award", _ident(row),
                          f"{label(row)}: the ceremony ({held}) is long past and no outcome is recorded",
                          f"presskit status award {_ident(row)} won --date YYYY-MM-DD (or lost)")


def _expired_actions(s: Session, now: datetime) -> Iterator[Finding]:
    for row in s.scalars(_live(m.Action).where(m.Action.deadline < now)).unique():
        if _visible(row):
            yield Finding("expired_action", "action", _ident(row),
                          f"“{row.title}” closed {format_local(row.deadline, row.timezone)}; outputs tell it as"
                          " closed", f"presskit remove action {_ident(row)} (if it should no longer appear)")


def _unnamed(s: Session) -> Iterator[Finding]:
    for row in s.scalars(_live(m.Organization).where(m.Organization.unnamed.is_(True))):
        yield Finding("unnamed", "organization", _ident(row),
                      f"the {row.kind.value.replace('_', ' ')} recorded as '{row.name}' has no name from the"
                      " sources; outputs say what is known of it and draw no laurel",
                      f"presskit edit organization {_ident(row)} --name NAME --no-unnamed")


def _settings(w: m.Work | None) -> Iterator[Finding]:
    """The primary work's: its kit's press contact, its newsletter's sender and unsubscribe link (companion
    works' newsletters fall back on them)."""
    if w is None:
        return
    if not (w.press_contact and w.press_email):
        missing = " and ".join(p for p, v in (("name", w.press_contact), ("email", w.press_email)) if not v)
        yield Finding("press_contact", "work", w.slug, f"no press contact {missing} for the kit",
                      f"presskit edit work {w.slug} --press-contact NAME --press-email EMAIL")
    if not w.sender_email:
        yield Finding("sender", "work", w.slug, "no newsletter sender address",
                      f"presskit edit work {w.slug} --sender-email ADDRESS")
    if not (w.unsubscribe_url or "").lower().startswith("https://"):
        yield Finding("unsubscribe", "work", w.slug,
                      "no https unsubscribe link for the newsletter (unless your mailing service adds its own"
                      " with --esp)", f"presskit edit work {w.slug} --unsubscribe-url https://...")


def _quotes(s: Session) -> Iterator[Finding]:
    q = (select(m.Quote).join(m.Coverage, m.Coverage.id == m.Quote.coverage_id)
         .where(m.Quote.approved.is_(False), m.Coverage.removed_at.is_(None)).order_by(m.Quote.id))
    for quote in s.scalars(q):
        yield Finding("quote_unapproved", "quote", str(quote.id), f"{label(quote)} is not approved for the kit"
                      " and the newsletter", f"presskit edit quote {quote.id} --approved (once the outlet agrees)")


def _inferred(s: Session) -> Iterator[Finding]:
    for k in REGISTERED:
        if "inferred" not in k.names:
            continue
        kind, model = k.name, k.model
        for row in s.scalars(_live(model).where(model.inferred.is_not(None))).unique():
            fields = [f for f in (row.inferred or []) if f]
            if fields and _visible(row):
                yield Finding("inferred", kind, _ident(row),
                              f"{', '.join(fields)} {'is' if len(fields) == 1 else 'are'} inferred, not from a"
                              " source", f"presskit edit {kind} {_ident(row)} --inferred '' (once confirmed)")


def _picture_files(s: Session, data_dir: Path) -> Iterator[Finding]:
    """Pictures whose file is no longer in the data folder: the kit, the site and the newsletter leave them out."""
    from presskit.images import ImageProblem, MediaFolder, MissingPicture

    folder = MediaFolder(data_dir)
    for row in s.scalars(_live(m.Media).where(m.Media.path.is_not(None))):
        if not _visible(row):
            continue
        try:
            folder.find(row.path)
        except MissingPicture:
            problem = f"its file {row.path} is not in the data folder ({data_dir}), so outputs leave the picture out"
        except ImageProblem as e:
            problem = f"{e}; outputs leave the picture out"
        else:
            continue
        ident = _ident(row)
        yield Finding("picture_file", "media", ident, problem,
                      f"put the file at {data_dir / row.path} (or point --data at the folder holding"
                      f" {row.path}), or presskit remove media {ident}")


def check(s: Session, *, now: str | datetime | None = None, data_dir: Path | None = None) -> list[Finding]:
    """Every finding, in the order of CODES, each kind's records by id. ``data_dir``: the folder the pictures
    are kept in (their files are looked for only when it is given)."""
    try:
        work: m.Work | None = default_work(s)
    except InvalidInput:  # no work recorded yet: nothing to send or hand out
        work = None
    now_ = resolve_now(now, home_zone(work) if work is not None else "UTC")
    today = now_.date()
    found = [*_past_scheduled(s, now_, today), *_past_selected(s, today), *_outcome_missing(s, today),
             *_expired_actions(s, now_), *_unnamed(s),
             *(_picture_files(s, data_dir) if data_dir is not None else ()), *_settings(work), *_quotes(s),
             *_inferred(s)]
    return sorted(found, key=lambda f: CODES.index(f.code))
