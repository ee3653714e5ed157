"""`presskit kit`: the press kit as a self-contained web page or a print-ready PDF."""

from __future__ import annotations

from pathlib import Path

import typer

from presskit.cli.edge import app, engine_from


@app.command()
def kit(
    ctx: typer.Context,
    output: Path = typer.Option(None, "-o", "--output", metavar="FILE",
                                help="File to write, e.g. press-kit.html or press-kit.pdf"
                                     " (default: press-kit.html)"),
    fmt: str = typer.Option(None, "--format", metavar="html|pdf",
                            help="html or pdf (default: from the extension of -o, else html)"),
    work: str = typer.Option(None, "--work", metavar="SLUG", help="The work (default: the primary work)"),
    paper: str = typer.Option("a4", "--paper", metavar="a4|letter", help="Paper size of the PDF"),
    templates: Path = typer.Option(None, "--templates", metavar="DIR",
                                   help="Your templates folder: DIR/kit/page.html.j2 replaces the built-in"
                                        " page and may extend it with"
                                        " {% extends '!default/kit/page.html.j2' %}"),
    now: str = typer.Option(None, "--now", metavar="DATETIME",
                            help="The 'generated' date, e.g. 2014-02-01 (the team's day) or"
                                 " 2014-02-01T12:00-05:00, for reproducible output (default: now)"),
) -> None:
    """Write the press kit from the records: a self-contained web page, or a print-ready PDF.

    Cover, logline, synopses, director's statement, key facts, credits, laurels, awards (wins first),
    festival selections and screenings, press quotes, coverage, broadcasts, links and contacts, plus
    schema.org JSON-LD in the page. What the records do not hold yet is marked "not yet recorded".

    Example:

        presskit kit -o press-kit.pdf --paper letter
    """
    from presskit import kit as kit_mod
    from presskit.db import session_scope

    with session_scope(engine_from(ctx), write=False) as s:
        result = kit_mod.write(s, output, fmt=fmt, work=work, paper=paper, templates=templates, now=now)
    if result.format == "pdf":
        paper = "A4" if result.paper == "a4" else "Letter"
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        typer.echo(f"Wrote {result.path} (PDF, {paper}, {pages}) for {result.work_slug}")
    else:
        typer.echo(f"Wrote {result.path} (HTML) for {result.work_slug}")
    if result.missing:
        labels = ", ".join(m["label"] for m in result.missing)
        typer.echo(f"Not yet recorded (the kit says so): {labels}.")
        first = result.missing[0]
        typer.echo(f"  Add them with: presskit edit work {result.work_slug} {first['option']} '...'"
                   + (" (and so on)" if len(result.missing) > 1 else ""))
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)
