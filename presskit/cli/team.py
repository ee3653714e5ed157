"""Working with the tools a film's team already uses: calendars, spreadsheets, a report for funders."""

from __future__ import annotations

from pathlib import Path

import typer

from presskit.cli import app, engine_from, fail


def _date_option(value: str | None, option: str):
    from presskit.when import parse_date

    return parse_date(value, what=option) if value else None


def _period(since: str | None, until: str | None):
    start, end = _date_option(since, "--from"), _date_option(until, "--to")
    if start and end and start > end:
        fail(f"--from {start.isoformat()} is after --to {end.isoformat()}; swap them")
    return start, end


@app.command()
def calendar(
    ctx: typer.Context,
    output: Path = typer.Option(None, "-o", "--output", help="The .ics file to write (default: stdout)"),
    since: str = typer.Option(None, "--from", metavar="DATE", help="Only entries on or after this local day"),
    until: str = typer.Option(None, "--to", metavar="DATE", help="Only entries on or before this local day"),
    works: list[str] = typer.Option(None, "--work", metavar="SLUG", help="Only this work (repeatable)"),
) -> None:
    """Screenings, broadcasts and events as an iCalendar file for any calendar app.

    Each entry is in the local time of its place (with the zone, so phones elsewhere show it right), with the
    venue or channel as its location and the ticket or RSVP link. A rescheduled screening keeps its identity,
    so a subscribed calendar moves it instead of adding a copy; a cancelled one shows as cancelled.

    Example:

        presskit calendar -o screenings.ics --from 2013-06-01
    """
    from presskit import calendar as cal
    from presskit.db import session_scope

    start, end = _period(since, until)
    with session_scope(engine_from(ctx), write=False) as s:
        data = cal.calendar_items(s, since=start, until=end, works=works or None)
    ics = cal.to_ics(data)
    for line in data.left_out:
        typer.echo(f"Left out {line}", err=True)
    if output is None:
        typer.echo(ics, nl=False)
        return
    output.write_bytes(ics)
    counts = {k: sum(1 for i in data.items if i.kind == k) for k in ("screening", "broadcast", "event")}
    said = ", ".join(f"{n} {k}{'' if n == 1 else 's'}" for k, n in counts.items())
    typer.echo(f"Wrote {output}: {said}")
