"""`presskit check`: what to fix before a send or before handing out the kit."""

import sys
from pathlib import Path

import typer

from presskit.cli.edge import EXIT_ERROR, app, data_option, engine_from, now_option


@app.command("check")
def check_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per finding"),
    now: str = now_option("The clock, e.g. 2014-01-28 in the team's zone (default: now)"),
    data: Path = data_option(),
) -> None:
    """List what a careful publicist fixes before a send or before handing out the kit, one line each with
    the command that fixes it.

    Past screenings, airings and events still 'scheduled'; festival selections that are over and still
    'selected'; nominations whose ceremony is long past with no outcome; calls to action past their deadline;
    organizations the sources do not name; a missing press contact, newsletter sender or unsubscribe link;
    quotes not approved; values still marked inferred; pictures whose file is not in the data folder.

    \b
    Exit status:
      0  nothing to look at
      1  something to look at (or an error: one line on stderr starting with 'Error:')

    Example:

        presskit check --now 2014-01-28
    """
    import json

    from presskit import check as core
    from presskit.db import session_scope
    from presskit.images import default_data_dir

    with session_scope(engine_from(ctx), write=False) as s:
        findings = core.check(s, now=now, data_dir=data or default_data_dir())
    if as_json:
        typer.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    elif findings:
        for f in findings:
            typer.echo(f.line)
        typer.echo(f"{len(findings)} thing{'s' * (len(findings) != 1)} to look at.")
    else:
        typer.echo("Nothing to fix: ready to send and to hand out.")
    if findings:
        sys.exit(EXIT_ERROR)
