"""Record commands: init, add, status, edit, remove, restore, list, show, history, import, export, demo."""

import inspect
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import typer
from typer.core import TyperGroup

from presskit.cli.edge import app, echo, engine_from, fail, format_option, output_option, shown, shown_json

if TYPE_CHECKING:
    from presskit.kinds import Field, Kind


class KindGroup(TyperGroup):
    """`add`/`edit` take a kind: plurals and aliases work (`add nomination`), an unknown one lists the kinds.

    A kind's command is built when it is asked for: `presskit --help` and `presskit list` need none of the
    24 (each has a dozen options), and building them all was a large part of every start-up.
    """

    make: Any = None  # Kind -> the command's function (set below for add and edit)
    # The group's help, then the example of its award command: the kinds load only when the help is shown,
    # not to list `add` in `presskit --help`.
    ABOUT = ""
    EXAMPLE = ""

    @property
    def help(self) -> str:
        from presskit.kinds import KINDS

        return self.ABOUT + "\n\nExample:\n\n\b\n    " + getattr(KINDS["award"], self.EXAMPLE)

    @help.setter
    def help(self, value: str | None) -> None:
        pass  # the help is the class's (above)

    def get_short_help_str(self, limit: int = 45) -> str:
        return click.utils.make_default_short_help(self.ABOUT, limit)

    def list_commands(self, ctx: click.Context) -> list[str]:
        from presskit.kinds import RECORD_KINDS

        return list(RECORD_KINDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from presskit.errors import InvalidInput
        from presskit.kinds import KINDS, RECORD_KINDS, kind

        try:
            cmd_name = kind(cmd_name).name
        except InvalidInput:
            pass
        if cmd_name not in self.commands and cmd_name in RECORD_KINDS:
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            self.commands[cmd_name] = get_command_from_info(
                CommandInfo(name=cmd_name, callback=self.make(KINDS[cmd_name])),
                pretty_exceptions_short=True, rich_markup_mode=None)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            from presskit.kinds import RECORD_KINDS

            raise click.UsageError(f"unknown kind {args[0]!r}; use one of: {', '.join(RECORD_KINDS)}", ctx)
        return super().resolve_command(ctx, args)


class AddGroup(KindGroup):
    ABOUT = ("Add a record and print its id. At a terminal, missing required fields are asked for.\n\n"
             "Each kind has its own options: presskit add award --help.")
    EXAMPLE = "example"

    @staticmethod
    def make(k: "Kind"):
        return _make_add(k)


class EditGroup(KindGroup):
    ABOUT = ("Correct fields of a record: recorded in its history, not news (no newsletter item).\n\n"
             "News, such as a win or a cancellation, goes through presskit status.")
    EXAMPLE = "edit_example"

    @staticmethod
    def make(k: "Kind"):
        return _make_edit(k)


add_app = typer.Typer(cls=AddGroup, no_args_is_help=True, rich_markup_mode=None)
edit_app = typer.Typer(cls=EditGroup, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(add_app, name="add")
app.add_typer(edit_app, name="edit")


def _ask_keep_clock(s, kind_name: str, record_id: str, zone: str) -> bool:
    """At a terminal: keep the local clock times of what the new zone reaches (as `edit --tz` does), or not."""
    from presskit import records
    from presskit.kinds import KINDS
    from presskit.lookups import get

    row = get(s, kind_name, record_id, include_removed=True)
    followers = [(kind_name, row), *records.zone_followers(s, row)]
    timed = [r for name, r in followers
             if any(f.type == "datetime" and getattr(r, f.name, None) is not None for f in KINDS[name].fields)]
    if not timed:
        return True
    return typer.confirm(f"{len(timed)} record{'s' if len(timed) != 1 else ''} with times move to {zone}."
                         " Keep their local clock times (8:30 PM stays 8:30 PM)?", default=True)


def _interactive() -> bool:
    # Its own function so that tests can stand in for a terminal.
    return sys.stdin.isatty()


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _param(f: "Field", *, for_edit: bool) -> inspect.Parameter:
    names = [f.option, *f.aliases]
    help_text = f.help
    if for_edit and f.ref == "work":
        help_text = "Move the record to another work (slug or id)"
    if for_edit and f.type == "tz":
        help_text += "; the local times stay as they read (8:30 PM stays 8:30 PM)"
    if f.enum is not None:
        help_text += f" [one of: {', '.join(e.value for e in f.enum)}]"
    if f.required and not for_edit:
        help_text += " (required)"
    if f.type == "bool":
        opt = typer.Option(None, f"{f.option}/--no-{f.option[2:]}", help=help_text)
        annotation: Any = bool | None
    elif f.type == "int":
        opt = typer.Option(None, *names, help=help_text)
        annotation = int | None
    else:
        metavar = {"date": "DATE", "datetime": "TIME", "url": "URL", "ref": "NAME|ID", "tz": "ZONE",
                   "list": "A,B", "email": "EMAIL", "duration": "LENGTH"}.get(f.type, "TEXT")
        opt = typer.Option(None, *names, help=help_text, metavar=metavar)
        annotation = str | None
    return inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=opt, annotation=annotation)


def _ask_missing(k: "Kind", values: dict[str, Any]) -> None:
    missing = [f for f in k.fields if f.required and values.get(f.name) in (None, "")
               and not (f.ref == "work")]
    if not missing:
        return
    if not _interactive():
        f = missing[0]
        fail(f"missing {f.option}: {f.help[0].lower() + f.help[1:]} (see 'presskit add {k.name} --help')")
    for f in missing:
        values[f.name] = typer.prompt(f.help)


def _make_add(k: "Kind"):
    def command(ctx: typer.Context, **values: Any) -> None:
        from presskit import records
        from presskit.db import session_scope
        from presskit.describe import summary

        key = values.pop("key", None)
        for line in k.typed(values) if k.typed is not None else ():
            typer.echo(line)
        _ask_missing(k, values)
        engine = engine_from(ctx)
        with session_scope(engine) as s:
            row = records.add(s, k.name, values, key=key)
            echo(f"Added {k.name} {row.id}: {summary(row)}")

    params = [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)]
    params += [_param(f, for_edit=False) for f in k.fields]
    if k.keyed:
        params.append(inspect.Parameter("key", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
                                        default=typer.Option(None, "--key", help="A stable handle of your own")))
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__doc__ = k.help + (f"\n\nExample:\n\n\b\n    {k.example}" if k.example else "")
    return command


def _make_edit(k: "Kind"):
    def command(ctx: typer.Context, record_id: str, **values: Any) -> None:
        from presskit import records
        from presskit.db import session_scope

        keep_instants = values.pop("keep_instants", None)
        engine = engine_from(ctx)
        with session_scope(engine) as s:
            keep_clock = not keep_instants
            if values.get("timezone") and keep_instants is None and _interactive():
                keep_clock = _ask_keep_clock(s, k.name, record_id, values["timezone"])
            edits = records.edit(s, k.name, record_id, values, keep_clock=keep_clock)
            if not edits:
                typer.echo(f"{k.name} {record_id}: nothing changed")
            for e in edits:
                echo(f"Edited {e.record_type} {e.record_id}: {e.field} {e.old_value!r} -> {e.new_value!r}")

    params = [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
              inspect.Parameter("record_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str,
                                default=typer.Argument(..., metavar="ID", help="Id or key of the record"))]
    params += [_param(f, for_edit=True) for f in k.fields if f.editable]
    if "timezone" in k.names:
        params.append(inspect.Parameter(
            "keep_instants", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
            default=typer.Option(None, "--keep-instants/--keep-clock",
                                 help="With --tz: keep the moments (the local clock times shown move) instead of the"
                                      " local clock times (the default; asked at a terminal). A place's new zone"
                                      " reaches the screenings, broadcasts and events in its zone")))
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__doc__ = (f"Correct fields of {_article(k.name)}: recorded in its history, not news."
                       + (f"\n\nExample:\n\n\b\n    {k.edit_example}" if k.edit_example else ""))
    return command


@app.command()
def init(
    ctx: typer.Context,
    title: str = typer.Option(None, "--title", help="Title of the film, added as the primary work"),
) -> None:
    """Create the database (or bring an older one up to date).

    Example:

    \b
        presskit init --title "The Defector: Escape from North Korea"
    """
    from presskit import records
    from presskit.db import session_scope

    engine = engine_from(ctx)
    typer.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
    if title:
        with session_scope(engine) as s:
            row = records.add(s, "work", {"title": title})
            echo(f"Added work {row.id}: {row.title} (slug {row.slug})")


@app.command()
def status(
    ctx: typer.Context,
    kind_name: str = typer.Argument(..., metavar="KIND", help="award, selection, screening, broadcast or event"),
    record_id: str = typer.Argument(..., metavar="ID", help="Id or key of the record"),
    new_status: str = typer.Argument(..., metavar="NEW_STATUS", help="e.g. won, lost, cancelled, rescheduled"),
    on: str = typer.Option(None, "--date", help="Date of the news (default: today)"),
    note: str = typer.Option(None, "--note", help="A note for the history"),
    url: str = typer.Option(None, "--url", help="Source link for the news"),
    start: str = typer.Option(None, "--start", help="New local start time, with 'rescheduled'"),
    force: bool = typer.Option(False, "--force", help="Record a backwards move as a correction"),
    embargo_until: str = typer.Option(None, "--embargo-until", metavar="DATETIME",
                                      help="Hold the news from every output until then (the team's local time,"
                                           " or with an offset); it is dated by its release"),
) -> None:
    """Record news about a record: a nomination won, a screening cancelled (goes in the next newsletter).

    \b
    Statuses, and where each can go:
      award:      submitted -> shortlisted -> nominated -> won | lost
                  (also withdrawn, disqualified; a jury award can go straight to won)
      selection:  submitted -> selected | not_selected; selected -> screened (also withdrawn)
      screening, event: scheduled -> rescheduled (give --start) | cancelled | held
      broadcast:  scheduled -> rescheduled (give --start) | cancelled | aired

    A move backwards (won -> nominated) is refused; --force records it as a correction. With
    --embargo-until the change is held from newsletters, the kit, the calendar and reports until then
    ('presskit list --embargoed' shows what is held); the first newsletter after it carries it.

    Example:

    \b
        presskit status award 3 won --date 2014-03-09 --url https://academy.ca/winners
    """
    from presskit import records
    from presskit.db import session_scope

    engine = engine_from(ctx)
    with session_scope(engine) as s:
        change = records.change_status(s, kind_name, record_id, new_status, on=on, note=note, url=url,
                                       force=force, start=start, embargo_until=embargo_until)
        extra = " (recorded as a correction)" if change.correction else ""
        if change.embargo_until is not None:
            from presskit.lookups import default_work
            from presskit.when import format_local, home_zone

            extra += f", held until {format_local(change.embargo_until, home_zone(default_work(s)))}"
        typer.echo(f"{change.record_type} {change.record_id}: {change.from_status} -> {change.to_status}"
                   f" on {change.date.isoformat()}{extra}")


@app.command()
def remove(
    ctx: typer.Context,
    kind_name: str = typer.Argument(..., metavar="KIND", help="e.g. award, coverage, screening"),
    record_id: str = typer.Argument(..., metavar="ID", help="Id or key of the record"),
) -> None:
    """Remove a record from lists, newsletters and the kit. Recorded; undo with 'presskit restore'.

    Example:

    \b
        presskit remove coverage 7
    """
    from presskit import records
    from presskit.db import session_scope

    with session_scope(engine_from(ctx)) as s:
        row = records.remove(s, kind_name, record_id)
        typer.echo(f"Removed {kind_name} {row.id}; undo with: presskit restore {kind_name} {row.id}")


@app.command()
def restore(
    ctx: typer.Context,
    kind_name: str = typer.Argument(..., metavar="KIND", help="e.g. award, coverage, screening"),
    record_id: str = typer.Argument(..., metavar="ID", help="Id or key of the record"),
) -> None:
    """Undo a removal.

    Example:

    \b
        presskit restore coverage 7
    """
    from presskit import records
    from presskit.db import session_scope

    with session_scope(engine_from(ctx)) as s:
        row = records.restore(s, kind_name, record_id)
        typer.echo(f"Restored {kind_name} {row.id}")


@app.command("list")
def list_(
    ctx: typer.Context,
    kind_name: str = typer.Argument(None, metavar="[KIND]", help="e.g. awards, coverage, screenings"),
    as_json: bool = typer.Option(False, "--json", help="JSON: an array of objects with id and every field"),
    removed: bool = typer.Option(False, "--removed", help="Include removed records"),
    embargoed: bool = typer.Option(False, "--embargoed",
                                   help="What an embargo holds now (records and status changes), soonest first"),
) -> None:
    """List records of one kind, or a count of every kind; or what embargoes hold (--embargoed).

    Example:

    \b
        presskit list awards --json
    """
    import json

    from presskit import records
    from presskit.db import session_scope
    from presskit.describe import summary, to_dict
    from presskit.kinds import KINDS, RECORD_KINDS, kind

    with session_scope(engine_from(ctx), write=False) as s:
        if embargoed:
            for line in _held(s, kind_name):
                typer.echo(line)
            return
        if kind_name is None:
            counts = {KINDS[n].plural: records.count_records(s, n) for n in RECORD_KINDS}
            if as_json:
                typer.echo(json.dumps(counts, indent=2))
                return
            for plural, n in counts.items():
                typer.echo(f"{plural:<14}{n:>6}")
            return
        k = kind(kind_name)
        rows = records.list_records(s, k.name, include_removed=removed)
        out = click.get_text_stream("stdout")
        n = 0
        if as_json:
            # The text of json.dumps(list, indent=2), written one record at a time.
            for n, r in enumerate(rows, 1):
                item = shown_json(json.dumps(to_dict(r), indent=2, ensure_ascii=False)).replace("\n", "\n  ")
                out.write(f"{',' if n > 1 else '['}\n  {item}")
            out.write("\n]\n" if n else "[]\n")
            return
        for r in rows:
            out.write(shown(f"{r.id:>5}  {summary(r)}", one_line=True) + "\n")
            n += 1
        if not n:
            typer.echo(f"No {k.plural} yet; add one with: presskit add {k.name} --help")


def _held(s, kind_name: str | None) -> list[str]:
    from presskit import embargo
    from presskit.describe import label, summary
    from presskit.errors import InvalidInput
    from presskit.kinds import KINDS, NEWS_KINDS, kind
    from presskit.lookups import default_work
    from presskit.when import format_local, home_zone, utcnow

    names = (kind(kind_name).name,) if kind_name else NEWS_KINDS
    try:
        zone = home_zone(default_work(s))
    except InvalidInput:
        zone = "UTC"
    now = utcnow()
    lines = [(r.embargo_until, f"until {format_local(r.embargo_until, zone)}  {name} {r.id}: {summary(r)}")
             for name, r in embargo.held_records(s, now, names)]
    for c in embargo.held_changes(s, now, names):
        row = s.get(KINDS[c.record_type].model, c.record_id)
        what = f"{label(row)}: " if row is not None else ""
        lines.append((c.embargo_until, f"until {format_local(c.embargo_until, zone)}  {c.record_type}"
                                       f" {c.record_id}: {what}{c.from_status} -> {c.to_status}"))
    if not lines:
        return ["Nothing is held by an embargo."]
    return [line for _, line in sorted(lines, key=lambda t: t[0])]


@app.command()
def show(
    ctx: typer.Context,
    kind_name: str = typer.Argument(..., metavar="KIND", help="e.g. award, coverage, screening"),
    record_id: str = typer.Argument(..., metavar="ID", help="Id or key of the record"),
) -> None:
    """Show one record with every field and its history.

    Example:

    \b
        presskit show award 3
    """
    from presskit import history as hist
    from presskit import lookups
    from presskit.db import session_scope
    from presskit.describe import summary, to_dict
    from presskit.kinds import kind
    from presskit.when import format_local

    k = kind(kind_name)
    with session_scope(engine_from(ctx), write=False) as s:
        row = lookups.get(s, k.name, record_id, include_removed=True)
        echo(f"{k.name} {row.id}: {summary(row)}")
        zoned = {f.name for f in k.fields if f.type == "datetime"} | {"previous_starts_at"}
        for name, value in to_dict(row).items():
            if value in (None, [], "") or name == "id":
                continue
            if name in zoned:  # the place's clock and zone, as in lists: Wed Jun 26, 2013 9:00 PM EDT
                value = format_local(getattr(row, name), row.timezone)
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            elif name == "quotes":
                value = "  ".join(f"“{q}”" for q in value)
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            echo(f"  {name}: {value}")
        lines = hist.record_history(s, k.name, row.id)
        if lines:
            typer.echo("  history:")
            for line in lines:
                echo(f"    {line}")


@app.command()
def history(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=1_000_000, help="How many changes, newest first"),
) -> None:
    """What changed, newest first: news (additions, status changes) and corrections.

    Example:

    \b
        presskit history --limit 5
    """
    from presskit import history as hist
    from presskit.db import session_scope

    with session_scope(engine_from(ctx), write=False) as s:
        lines = hist.recent(s, limit)
    if not lines:
        typer.echo("Nothing recorded yet; start with: presskit add --help")
    for line in lines:
        echo(line, one_line=True)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE",
                                help="A YAML or JSON file like data/'s, or a .csv/.xlsx sheet of coverage"),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Spreadsheets: show what would be added, updated, rejected"),
    skip_invalid: bool = typer.Option(False, "--skip-invalid",
                                      help="Spreadsheets: import the valid rows and list the rejected ones"),
    merge: str = typer.Option(None, "--merge", metavar="records-only",
                              help="A backup into a database that has records: import only its records"),
) -> None:
    """Import records from a data file, or coverage from a spreadsheet. Importing twice changes nothing.

    A backup (what 'presskit export' writes) restored into an empty database gives the same database: its
    records with their ids, history, corrections, sends and the news not yet sent. Into a database that has
    records it is refused, unless --merge records-only: then its records are imported like a data file's.

    A spreadsheet's header row names the columns (Outlet or Publication, Headline, Date published, URL,
    Author, Kind, Quote); a row with a known URL updates that coverage. One bad row and nothing is written.

    Example:

    \b
        presskit import data/the-defector.yaml
        presskit import coverage.csv --dry-run
    """
    from presskit import datafile
    from presskit.db import session_scope

    if file.suffix.lower() in (".csv", ".xlsx"):
        from presskit.cli.spreadsheets import import_spreadsheet

        import_spreadsheet(ctx, file, dry_run=dry_run, skip_invalid=skip_invalid)
        return
    if dry_run or skip_invalid:
        fail("--dry-run and --skip-invalid are for .csv and .xlsx spreadsheets")
    from presskit.media import data_folder

    # A backup is read a chunk at a time while it is imported (datafile.open_file). Pictures a data file names are
    # files beside it (media/poster.jpg next to the-defector.yaml).
    with datafile.open_file(file) as data, session_scope(engine_from(ctx)) as s, data_folder(file.parent):
        result = datafile.import_data(s, data, source=file.name, merge=merge)
    if result.restored:
        typer.echo(f"{file.name}: restored {result.restored}")
        return
    if not result.changed:
        typer.echo(f"{file.name}: nothing new")
        return
    added = ", ".join(f"{n} {k}" for k, n in result.added.items()) or "nothing"
    updated = ", ".join(f"{n} {k}" for k, n in result.updated.items()) or "nothing"
    typer.echo(f"{file.name}: added {added}; updated {updated}; {result.status_changes} status changes")


@app.command()
def export(
    ctx: typer.Context,
    output: Path = output_option("File to write (.yaml, .json, .csv, .xlsx); or stdout"),
    fmt: str = format_option("yaml, json, csv or xlsx (default: the extension's, else yaml)"),
    kind: str = typer.Option(None, "--kind", help="With csv or xlsx: coverage, awards, screenings or broadcasts"),
    bom: bool = typer.Option(None, "--bom/--no-bom",
                             help="With csv: start with a UTF-8 byte order mark, so that Excel and LibreOffice"
                                  " read UTF-8 (the default); --no-bom for programs that do not expect one"),
) -> None:
    """Back up everything in the data file format; or export one kind as a spreadsheet (CSV, .xlsx).

    The backup holds the records with their history, corrections and removals, the audiences with the news
    not yet sent to each, and every send with exactly what it carried: 'presskit import' restores it into an
    empty database.

    Spreadsheets have dates, and local times beside their zone (EDT) and IANA name: in .xlsx real date and time
    cells (the local wall time: xlsx has no zones), in CSV ISO dates.

    Example:

    \b
        presskit export -o backup.yaml
        presskit export --format csv --kind coverage -o coverage.csv
        presskit export --kind broadcasts -o broadcasts.xlsx
    """
    from presskit import datafile
    from presskit.db import session_scope

    fmt = (fmt or (output.suffix.lstrip(".") if output else "yaml")).lower()
    fmt = {"yml": "yaml"}.get(fmt, fmt)
    if fmt in ("csv", "xlsx"):
        from presskit.cli.spreadsheets import export_spreadsheet

        export_spreadsheet(ctx, kind, output, fmt=fmt, bom=bom)
        return
    if fmt not in ("yaml", "json"):
        fail(f"unknown export format {fmt!r}; use yaml, json, csv or xlsx")
    if kind or bom is not None:
        fail("--kind goes with --format csv or xlsx, and --bom with csv")
    with session_scope(engine_from(ctx), write=False) as s:
        if output is None:
            datafile.write_export(s, sys.stdout, fmt)
            return
        # Streamed record by record into a temporary file, renamed at the end: a large database never sits
        # in memory, and a failed export leaves no half-written file.
        tmp = output.with_name(f".{output.name}.partial")
        try:
            with tmp.open("w", encoding="utf-8") as f:
                datafile.write_export(s, f, fmt)
            tmp.replace(output)
        finally:
            tmp.unlink(missing_ok=True)
    typer.echo(f"Wrote {output}")


@app.command()
def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the demo database and outputs"),
    data: Path = typer.Option(None, "--data", help="Data file (default: the film's records installed with presskit)"),
) -> None:
    """Build a fresh database from data/ in out/ and show what it holds.

    Example:

    \b
        presskit demo
    """
    from presskit import demo as demo_mod

    for line in demo_mod.run(out, data):
        typer.echo(line)
