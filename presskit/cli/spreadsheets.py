"""Spreadsheets for `presskit import` and `presskit export`: coverage from a CSV or .xlsx, one kind as CSV or .xlsx."""

from pathlib import Path

import typer

from presskit.cli.edge import engine_from, fail


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


def export_spreadsheet(ctx: typer.Context, kind: str | None, output: Path | None, *, fmt: str,
                       bom: bool | None) -> None:
    """`presskit export --format csv|xlsx --kind KIND` (the export command hands spreadsheets over to here)."""
    from presskit import spreadsheet
    from presskit.db import session_scope
    from presskit.files import write_atomically

    if not kind:
        fail(f"--format {fmt} exports one kind: give --kind {'|'.join(spreadsheet.EXPORT_KINDS)}")
    if fmt == "xlsx" and bom is not None:
        fail("--bom and --no-bom go with --format csv; an .xlsx file has no byte order mark")
    if fmt == "xlsx" and output is None:
        fail("--format xlsx writes a file: give -o FILE.xlsx")
    with session_scope(engine_from(ctx), write=False) as s:
        data, n = spreadsheet.export_table(s, kind, fmt, bom=bom is not False)
    if output is None:
        typer.echo(data, nl=False)
        return
    write_atomically(output, data)
    typer.echo(f"Wrote {output}: {n} row{'' if n == 1 else 's'} of {kind}")
