"""`presskit calendar` and `presskit report`: the film's dates for calendar apps, and a report for funders."""

from pathlib import Path

import typer

from presskit.cli.edge import (
    app,
    engine_from,
    fail,
    format_option,
    now_option,
    output_option,
    paper_option,
    templates_option,
    work_option,
)
from presskit.files import write_atomically


def _date_option(value: str | None, option: str):
    from presskit.when import parse_date

    return parse_date(value, what=option) if value else None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _period(since: str | None, until: str | None):
    start, end = _date_option(since, "from"), _date_option(until, "to")
    if start and end and start > end:
        fail(f"--from {start.isoformat()} is after --to {end.isoformat()}; swap them")
    return start, end


@app.command()
def calendar(
    ctx: typer.Context,
    output: Path = output_option("The .ics file to write (default: stdout)"),
    since: str = typer.Option(None, "--from", metavar="DATE", help="Only entries on or after this local day"),
    until: str = typer.Option(None, "--to", metavar="DATE", help="Only entries on or before this local day"),
    works: list[str] = work_option("Only this work (repeatable)"),
    now: str = now_option("When the file is made (its DTSTAMP; news still held by an embargo then is left out):"
                          " a date, the team's local time or one with an offset, e.g. 2014-04-01T12:00-04:00,"
                          " for reproducible output (default: now)"),
) -> None:
    """Screenings, broadcasts and events as an iCalendar file for any calendar app, to import or subscribe to.

    Each entry is in the local time of its place (with the zone, so phones elsewhere show it right), with the
    venue or channel as its location and the ticket or RSVP link. A rescheduled screening keeps its identity,
    so a subscribed calendar moves it instead of adding a copy; a cancelled one shows as cancelled.

    Every entry has an end: its --length (or an event's --end); else a screening or broadcast lasts the work's
    --runtime; else a screening 2 hours, a broadcast 1 hour, an event 2 hours. A subscribed calendar app fetches
    the file again every 12 hours.

    Example:

        presskit calendar -o screenings.ics --from 2013-06-01
    """
    from presskit import ical as cal
    from presskit.db import session_scope

    start, end = _period(since, until)
    with session_scope(engine_from(ctx), write=False) as s:
        data = cal.calendar_items(s, since=start, until=end, works=works or None, now=now)
    ics = cal.to_ics(data, now=now)
    if output is None:
        typer.echo(ics, nl=False)
    else:
        write_atomically(output, ics)
        from presskit.kinds import REGISTERED

        counts = {k.name: sum(1 for i in data.items if i.kind == k.name) for k in REGISTERED if k.calendar}
        typer.echo(f"Wrote {output}: {', '.join(_count(n, k) for k, n in counts.items())}")
    for line in data.left_out:
        typer.echo(f"Left out {line}", err=True)


@app.command()
def report(
    ctx: typer.Context,
    output: Path = output_option("report.html, .pdf, .csv or .xlsx (default: report.html)", metavar="FILE"),
    since: str = typer.Option(None, "--from", metavar="DATE", help="First day of the period"),
    until: str = typer.Option(None, "--to", metavar="DATE", help="Last day of the period"),
    fmt: str = format_option("html, pdf, csv or xlsx (default: from the extension of -o, else html)",
                              metavar="html|pdf|csv|xlsx"),
    works: list[str] = work_option("Only this work (repeatable)"),
    paper: str = paper_option(),
    bom: bool = typer.Option(True, "--bom/--no-bom",
                             help="With csv: start with a UTF-8 byte order mark, so that Excel and LibreOffice"
                                  " read UTF-8; --no-bom for programs that do not expect one"),
    templates: Path = templates_option("Your templates folder: DIR/report/report.html.j2 replaces the built-in one"),
    now: str = now_option("The 'generated' date, e.g. 2014-04-01 (the team's day) or 2014-04-01T12:00-04:00,"
                          " for reproducible output (default: now)"),
) -> None:
    """A coverage report for funders: what the film achieved in a period, each line dated and sourced.

    Totals first, then coverage by kind and outlet with pull quotes, awards and their outcomes, festival
    selections and screenings, and broadcasts by territory. HTML and PDF look like the press kit; CSV and
    .xlsx are one table for a spreadsheet, with each start time in columns of its own (local, ISO 8601, UTC).

    Example:

        presskit report --from 2013-04-01 --to 2014-03-31 -o report.pdf
    """
    from presskit import report as report_mod
    from presskit.db import session_scope

    start, end = _period(since, until)
    with session_scope(engine_from(ctx), write=False) as s:
        result = report_mod.write(s, output, fmt=fmt, since=start, until=end, works=works or None,
                                  paper=paper, templates=templates, now=now, bom=bom)
    t = result.totals
    pages = f", {result.pages} page{'s' if result.pages != 1 else ''}" if result.pages else ""
    typer.echo(f"Wrote {result.path} ({result.format.upper()}{pages}) for {result.period}:")
    parts = [_count(t.coverage, "piece") + " of coverage in " + _count(t.outlets, "outlet"),
             _count(t.wins, "win") + ", " + _count(t.nominations - t.wins, "other nomination"),
             _count(t.selections, "festival selection") + ", " + _count(t.screenings, "screening"),
             _count(t.broadcasts, "broadcast")
             + (f" ({', '.join(t.territories)})" if t.territories else "")]
    typer.echo("  " + "; ".join(parts))
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)
