"""Working with the tools a film's team already uses: calendars, spreadsheets, a report for funders."""

from __future__ import annotations

from pathlib import Path

import typer

from presskit.cli import app, engine_from, fail


def _date_option(value: str | None, option: str):
    from presskit.when import parse_date

    return parse_date(value, what=option) if value else None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
    if output is None:
        typer.echo(ics, nl=False)
    else:
        output.write_bytes(ics)
        counts = {k: sum(1 for i in data.items if i.kind == k) for k in ("screening", "broadcast", "event")}
        typer.echo(f"Wrote {output}: {', '.join(_count(n, k) for k, n in counts.items())}")
    for line in data.left_out:
        typer.echo(f"Left out {line}", err=True)


def _echo_report(report, *, dry_run: bool, failed: bool) -> None:
    written = not (dry_run or failed)
    mode = "" if written else " (dry run: nothing written)"
    head = f"{report.source}{mode}: {report.summary(written=written)}"
    if dry_run or not failed:
        typer.echo(head)
        typer.echo(f"  columns: {report.columns}")
        if report.ignored_columns:
            typer.echo(f"  ignored columns (no such coverage field): {', '.join(report.ignored_columns)}")
        if report.note:
            typer.echo(f"  note: {report.note}")
        for o in report.outcomes:
            if o.action != "reject":
                typer.echo(f"  {o.line()}")
    for o in report.rejected:
        typer.echo(f"  {o.line()}", err=True)


def import_spreadsheet(ctx: typer.Context, file: Path, *, dry_run: bool, skip_invalid: bool) -> None:
    """`presskit import coverage.csv|.xlsx` (the import command hands spreadsheets over to here)."""
    from presskit import spreadsheet
    from presskit.db import session_scope

    table = spreadsheet.read_table(file)
    try:
        with session_scope(engine_from(ctx), write=not dry_run) as s:
            report = spreadsheet.import_coverage(s, table, skip_invalid=skip_invalid)
    except spreadsheet.InvalidRows as e:
        _echo_report(e.report, dry_run=dry_run, failed=True)
        raise
    _echo_report(report, dry_run=dry_run, failed=False)


def export_spreadsheet(ctx: typer.Context, kind: str | None, output: Path | None, *, bom: bool) -> None:
    """`presskit export --format csv --kind KIND` (the export command hands CSV over to here)."""
    from presskit import spreadsheet
    from presskit.db import session_scope

    if not kind:
        fail(f"--format csv exports one kind: give --kind {'|'.join(spreadsheet.EXPORT_KINDS)}")
    with session_scope(engine_from(ctx), write=False) as s:
        data, n = spreadsheet.export_csv(s, kind, bom=bom)
    if output is None:
        typer.echo(data, nl=False)
        return
    output.write_bytes(data)
    typer.echo(f"Wrote {output}: {n} row{'' if n == 1 else 's'} of {kind}")


@app.command()
def report(
    ctx: typer.Context,
    output: Path = typer.Option(None, "-o", "--output", metavar="FILE",
                                help="report.html, report.pdf or report.csv (default: report.html)"),
    since: str = typer.Option(None, "--from", metavar="DATE", help="First day of the period"),
    until: str = typer.Option(None, "--to", metavar="DATE", help="Last day of the period"),
    fmt: str = typer.Option(None, "--format", metavar="html|pdf|csv",
                            help="html, pdf or csv (default: from the extension of -o, else html)"),
    works: list[str] = typer.Option(None, "--work", metavar="SLUG", help="Only this work (repeatable)"),
    paper: str = typer.Option("a4", "--paper", metavar="a4|letter", help="Paper size of the PDF"),
    bom: bool = typer.Option(False, "--bom", help="With csv: start with a UTF-8 byte order mark (for Excel)"),
    templates: Path = typer.Option(None, "--templates", metavar="DIR",
                                   help="Your templates folder: DIR/report/report.html.j2 replaces the"
                                        " built-in one"),
    now: str = typer.Option(None, "--now", metavar="DATETIME",
                            help="The 'generated' time, e.g. 2014-04-01T12:00:00Z (default: now)"),
) -> None:
    """A coverage report for funders: what the film achieved in a period, each line dated and sourced.

    Totals first, then coverage by kind and outlet with pull quotes, awards and their outcomes, festival
    selections and screenings, and broadcasts by territory. HTML and PDF look like the press kit; CSV is
    one table for a spreadsheet.

    Example:

        presskit report --from 2013-04-01 --to 2014-03-31 -o report.pdf
    """
    from presskit import report as report_mod
    from presskit.db import session_scope
    from presskit.when import parse_local_datetime

    start, end = _period(since, until)
    when = parse_local_datetime(now, "UTC", what="--now") if now else None
    with session_scope(engine_from(ctx), write=False) as s:
        result = report_mod.write(s, output, fmt=fmt, since=start, until=end, works=works or None,
                                  paper=paper, templates=templates, now=when, bom=bom)
    t = result.totals
    pages = f", {result.pages} page{'s' if result.pages != 1 else ''}" if result.pages else ""
    typer.echo(f"Wrote {result.path} ({result.format.upper()}{pages}) for {result.period}:")
    parts = [_count(t["coverage"], "piece") + " of coverage in " + _count(t["outlets"], "outlet"),
             _count(t["wins"], "win") + ", " + _count(t["nominations"] - t["wins"], "other nomination"),
             _count(t["selections"], "festival selection") + ", " + _count(t["screenings"], "screening"),
             _count(t["broadcasts"], "broadcast")
             + (f" ({', '.join(t['territories'])})" if t["territories"] else "")]
    typer.echo("  " + "; ".join(parts))
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)


FILLABLE = (("headline", "--headline"), ("outlet", "--outlet"), ("author", "--author"),
            ("published", "--date"))


def fill_coverage_from_page(values: dict) -> None:
    """`add coverage --url` hook: what was not typed comes from the page's own metadata.

    A saved HTML file is always read (its canonical URL becomes the link); a web page only when the headline
    or the outlet is missing, so a fully typed command never touches the network.
    """
    from presskit import metadata

    target = str(values["url"]).strip()
    is_web = target.lower().startswith(("http://", "https://"))
    missing = [name for name, _ in FILLABLE if values.get(name) in (None, "")]
    if is_web and not ({"headline", "outlet"} & set(missing)):
        return
    if not is_web and not target.lower().startswith("file:") and not Path(target).expanduser().is_file():
        return  # not a file: the URL check in `add` says what is wrong with it
    try:
        meta, local = metadata.read(target)
    except metadata.FetchRefused as e:
        needed = [opt for name, opt in FILLABLE if name in missing and name in ("headline", "outlet")]
        fail(f"could not read the page for the missing fields: {e}; give {' and '.join(needed)} yourself"
             if needed else f"could not read {target!r}: {e}")
        return
    filled = [name for name in missing if meta.get(name) is not None]
    for name in filled:
        values[name] = meta.get(name)
    if filled:
        said = ", ".join(f"date {meta.get(n)}" if n == "published" else f"{n} {meta.get(n)!r}"
                         for n in filled)
        typer.echo(f"From the page: {said}")
    if local:
        values["url"] = meta.url
        if meta.url is None:
            typer.echo("Not on the page: its web address (no canonical link); added without a link")
    unfilled = [opt for name, opt in FILLABLE if name in missing and name not in filled]
    if unfilled:
        typer.echo(f"Not on the page: {', '.join(o.lstrip('-') for o in unfilled)}"
                   f" (give {' '.join(unfilled)} to set {'it' if len(unfilled) == 1 else 'them'})")


@app.command()
def copy(
    ctx: typer.Context,
    to: str = typer.Option(..., "--to", metavar="URL|PATH",
                           help="The empty database to copy into, e.g. postgresql+psycopg://user@host/presskit"),
) -> None:
    """Copy this database (--db) into an empty one, e.g. the team's PostgreSQL server, in one transaction.

    Everything moves: records with their ids, history, corrections and removals, every send with exactly
    what it carried, and the news not yet sent to each audience; the next newsletter there starts where
    this one would. A database that already has records is refused, and a failed copy writes nothing.

    Example:

        presskit --db presskit.db copy --to postgresql+psycopg://team@db.example.org/presskit
    """
    from presskit import backup
    from presskit.db import database_url, open_database, session_scope

    source = engine_from(ctx)
    if database_url(to) == source.url.render_as_string(hide_password=False):
        fail("--to names the database being copied; give another one")
    target = open_database(to)
    try:
        with session_scope(source, write=False) as src, session_scope(target) as dst:
            what = backup.copy_database(src, dst)
    finally:
        target.dispose()
    typer.echo(f"Copied {what} to {target.url.render_as_string(hide_password=True)}")
