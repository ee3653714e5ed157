"""Moving a database: `copy` (a backup is `export`, its restore `import`)."""

import typer

from presskit.cli.edge import app, engine_from, fail


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
    from presskit import datafile
    from presskit.db import database_url, open_database, session_scope

    source = engine_from(ctx)
    if database_url(to) == source.url.render_as_string(hide_password=False):
        fail("--to names the database being copied; give another one")
    target = open_database(to)
    try:
        with session_scope(source, write=False) as src, session_scope(target) as dst:
            what = datafile.copy_database(src, dst)
    finally:
        target.dispose()
    typer.echo(f"Copied {what} to {target.url.render_as_string(hide_password=True)}")
