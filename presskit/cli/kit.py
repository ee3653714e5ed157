"""`presskit kit`: the press kit as a self-contained web page or a print-ready PDF."""

from pathlib import Path

import typer

from presskit.cli.edge import (
    app,
    cache_option,
    data_option,
    engine_from,
    format_option,
    now_option,
    output_option,
    paper_option,
    templates_option,
    work_option,
)


@app.command()
def kit(
    ctx: typer.Context,
    output: Path = output_option("File to write, e.g. press-kit.html or press-kit.pdf (default: press-kit.html)",
                                  metavar="FILE"),
    fmt: str = format_option("html or pdf (default: from the extension of -o, else html)", metavar="html|pdf"),
    work: str = work_option("The work (default: the primary work)"),
    paper: str = paper_option(),
    templates: Path = templates_option("Your templates folder: DIR/kit/page.html.j2 replaces the built-in page and"
                                        " may extend it with {% extends '!default/kit/page.html.j2' %}"),
    data: Path = data_option(),
    cache: Path = cache_option(),
    now: str = now_option("The 'generated' date, e.g. 2014-02-01 (the team's day) or 2014-02-01T12:00-05:00,"
                          " for reproducible output (default: now)"),
    base_url: str = typer.Option(None, "--base-url", metavar="URL",
                                 help="Where `presskit site` publishes the newsroom (default: the work's website,"
                                      " when it is https): the page then links each picture to its original"
                                      " there and its preview tags name the site's address and picture"
                                      " (the HTML page only)"),
) -> None:
    """Write the press kit from the records: a self-contained web page, or a print-ready PDF.

    Cover, logline, synopses, director's statement, key facts, credits, laurels, awards (wins first),
    festival selections and screenings, press quotes, coverage, broadcasts, links and contacts, plus
    schema.org JSON-LD and OpenGraph/Twitter card tags in the page. What the records do not hold yet is marked
    "not yet recorded". The page's pictures are inline; without --base-url (or an https website) they link
    nowhere, since a page sent on its own cannot link files it does not carry.

    Example:

        presskit kit -o press-kit.pdf --paper letter
    """
    from presskit import kit as kit_mod
    from presskit.db import session_scope

    with session_scope(engine_from(ctx), write=False) as s:
        from presskit.images import default_data_dir

        result = kit_mod.write(s, output, fmt=fmt, work=work, paper=paper, templates=templates, now=now,
                               data_dir=data or default_data_dir(), cache=cache, base_url=base_url)
    if result.format == "pdf":
        paper = "A4" if result.paper == "a4" else "Letter"
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        typer.echo(f"Wrote {result.path} (PDF, {paper}, {pages}) for {result.work_slug}")
    else:
        typer.echo(f"Wrote {result.path} (HTML) for {result.work_slug}")
    if result.missing:
        labels = ", ".join(m.label for m in result.missing)
        typer.echo(f"Not yet recorded (the kit says so): {labels}.")
        first = result.missing[0]
        typer.echo(f"  Add them with: presskit edit work {result.work_slug} {first.option} '...'"
                   + (" (and so on)" if len(result.missing) > 1 else ""))
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)


@app.command()
def site(
    ctx: typer.Context,
    output: Path = output_option("Folder to write the site into (new, empty, or made by presskit site)",
                                  metavar="DIR", required=True),
    base_url: str = typer.Option(None, "--base-url", metavar="URL",
                                 help="The site's public address, e.g. https://press.thedefectormovie.com/"
                                      " (default: the work's website, when it is https)"),
    work: str = work_option("The work (default: the primary work)"),
    templates: Path = templates_option("Your templates folder (DIR/kit/, DIR/site/ override the built-ins)"),
    data: Path = data_option(),
    cache: Path = cache_option(),
    now: str = now_option("The site's clock, e.g. 2014-02-01, for reproducible output (default: now)"),
) -> None:
    """Write the film's newsroom: a static site for any host, with no JavaScript.

    The press kit page (poster, stills, laurels, OpenGraph and Twitter preview tags), a page per newsletter
    sent (its web version) and a news index, Atom and JSON feeds, the calendar to subscribe to (webcal://),
    downloads (PDF kit, a zip of the original stills with captions and credits, each laurel as SVG and
    300-dpi PNG) and sitemap.xml. The same records give the same files; the folder is replaced whole.

    Example:

        presskit site -o site/ --base-url https://press.thedefectormovie.com/
    """
    from presskit import site as site_mod
    from presskit.db import session_scope
    from presskit.images import default_data_dir

    with session_scope(engine_from(ctx), write=False) as s:
        result = site_mod.build(s, output, base_url=base_url, work=work, now=now, templates=templates,
                                data_dir=data or default_data_dir(), cache=cache)
    news = f"{result.sends} newsletter page{'s' if result.sends != 1 else ''}"
    typer.echo(f"Wrote {result.path}/ ({result.files} files, {news}) for {result.base_url}")
    for note in result.notes:
        typer.echo(f"Note: {note}", err=True)
