"""Newsletter commands: `newsletter`, and `sends` (list, show, undo)."""

from pathlib import Path
from typing import Any

import click
import typer

from presskit import mailing
from presskit.bounds import MAX_ID
from presskit.cli.edge import (
    app,
    data_option,
    echo,
    engine_from,
    format_option,
    now_option,
    output_option,
    templates_option,
    work_option,
)
from presskit.errors import InvalidInput
from presskit.files import write_atomically

OUTPUT_HELP = "File to write; the format follows its extension"
FORMAT_HELP = "Output format (default: from -o's extension, else html)"

# The group's help is the callback's docstring (it lists sends when no subcommand is given).
sends_app = typer.Typer(invoke_without_command=True, rich_markup_mode=None)
app.add_typer(sends_app, name="sends")


def _format(fmt: str | None, output: Path | None) -> str:
    from presskit.newsletter import FORMATS
    from presskit.validate import output_format

    if fmt:
        return fmt.strip().lower()  # checked by the newsletter, for every caller
    return output_format(output, None, FORMATS, suffixes={".txt": "text"}, fix="give {what} {allowed}")


def _check_output(output: Path | None) -> None:
    if output is not None and not output.parent.is_dir():
        raise InvalidInput(f"folder {str(output.parent)!r} for -o does not exist; create it first")


def _intro(text: str | None, path: Path | None) -> str | None:
    if text is not None and path is not None:
        raise InvalidInput("give --intro or --intro-file, not both")
    if path is None:
        return text
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"--intro-file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"--intro-file {str(path)!r} is a folder; give a text file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"--intro-file {str(path)!r} is not UTF-8 text; save it as UTF-8") from None
    except OSError as e:
        raise InvalidInput(f"cannot read --intro-file {str(path)!r}: {e.strerror}") from None


def _emit(data: bytes, output: Path | None) -> None:
    if output is None:
        click.echo(data, nl=False)


@app.command("newsletter")
def newsletter_command(
    ctx: typer.Context,
    since: str = typer.Option("last", "--since", metavar="last|YYYY-MM-DD|send:N",
                              help="What the newsletter covers (see above)"),
    output: Path = output_option(OUTPUT_HELP),
    fmt: str = format_option(FORMAT_HELP, metavar="html|text|eml|mjml"),
    audience: str = typer.Option(None, "--audience", metavar="NAME",
                                 help="Mailing stream (default: supporters); a new one starts with all news"),
    work: list[str] = work_option("Only news of this work (repeatable); other works' stays unsent"),
    esp: str = typer.Option("generic", "--esp", metavar="|".join(mailing.NAMES),
                            help="Put that mailing service's unsubscribe and web-version tags in the footer"),
    subject: str = typer.Option(None, "--subject", help="Subject line (default: the top news)"),
    mark_sent: bool = typer.Option(False, "--mark-sent",
                                   help="Record the send: the next newsletter starts after it"),
    templates: Path = templates_option("Your templates: DIR/email/<file> overrides templates/email/<file>"),
    now: str = now_option("The newsletter's clock, e.g. 2014-01-28 or '2014-01-28 09:00' in the team's zone"
                          " (default: now)"),
    coming_up: int = typer.Option(60, "--coming-up", metavar="DAYS", min=0, max=3660,
                                  help="Days ahead for the 'Coming up' list of screenings and airings"
                                       " (0: none)"),
    intro: str = typer.Option(None, "--intro", metavar="TEXT",
                              help="An opening paragraph before the top news (a blank line separates two)"),
    intro_file: Path = typer.Option(None, "--intro-file", metavar="PATH",
                                    help="The opening paragraph(s) from a UTF-8 text file"),
    earlier_after: int = typer.Option(None, "--earlier-after", metavar="DAYS",
                                      help="News older than DAYS goes to a short 'Earlier' list (default: the"
                                           " work's earlier_after_days, else 90)"),
    base_url: str = typer.Option(None, "--base-url", metavar="URL",
                                 help="The address of the work's `presskit site`: the email leads with the lead"
                                      " story's picture from there, and links its web version"),
    data: Path = data_option(),
) -> None:
    """Write a send-ready supporter email of what changed since the last send (HTML on stdout, or -o FILE).

    --since last (the default) is every piece of news that no send to this audience has carried;
    --since 2014-01-01 is news dated on or after that day; --since send:3 is everything after send 3.
    --mark-sent records the send and exactly what it carried, so the next newsletter neither repeats nor
    misses anything; it goes with --since last only (a dated newsletter could repeat news). See past sends
    with 'presskit sends'; undo one with 'presskit sends undo N'.

    \b
    Exit status:
      0  written (and recorded, with --mark-sent)
      3  nothing new: one line on stderr, no file written, nothing recorded
      1  an error (one line on stderr); 2  bad usage

    Example:

        presskit newsletter --mark-sent -o out/newsletter.eml
    """
    from presskit import newsletter as core
    from presskit import sendfile

    fmt_ = _format(fmt, output)
    _check_output(output)
    intro_text = _intro(intro, intro_file)

    def build(s: Any, token: str | None) -> tuple[Any, bytes, int | None]:
        result = core.build(s, audience=audience, since=since, works=work or (), now=now, subject=subject,
                            formats=(fmt_,), esp=esp, templates=templates, mark_sent=mark_sent,
                            coming_up_days=coming_up, file_token=token, intro=intro_text, earlier_after=earlier_after,
                            base_url=base_url, data_dir=data)
        return result, result.outputs[fmt_], result.send_id

    result, finished = sendfile.write(engine_from(ctx), output, build, record=mark_sent)
    if finished is not None:
        typer.echo(f"Wrote {output}: send {finished.send_id}, {finished.subject} (recorded by a run that stopped"
                   " before writing its file). Send it, then run again for newer news")
        return
    assert result is not None
    _emit(result.outputs[fmt_], output)
    items = result.issue.records
    what = f"{items} item{'s' * (items != 1)} for {result.issue.audience}: {result.subject}"
    if output is not None:
        typer.echo(f"Wrote {output} ({fmt_}), {what}")
    if result.send_id is not None:
        entries = f"{result.entries} entr{'ies' if result.entries != 1 else 'y'}"
        typer.echo(f"Recorded send {result.send_id} ({entries}); undo with:"
                   f" presskit sends undo {result.send_id}", err=output is None)


@sends_app.callback()
def sends(
    ctx: typer.Context,
    audience: str = typer.Option(None, "--audience", metavar="NAME", help="Only sends to this audience"),
) -> None:
    """List past sends (id, when, audience, items, subject); show one again, or undo one sent by mistake.

    Example:

        presskit sends --audience supporters
    """
    if ctx.invoked_subcommand is not None:
        return
    from presskit import newsletter as core
    from presskit.db import session_scope

    with session_scope(engine_from(ctx), write=False) as s:
        rows = core.list_sends(s, audience)
    if not rows:
        typer.echo("No sends yet; record one with: presskit newsletter --mark-sent -o FILE")
        return
    width = max(len(r.sent) for r in rows)
    typer.echo(f"{'id':>4}  {'sent':<{width}}  {'audience':<12}{'items':>6}  subject")
    for r in rows:
        undone = f"[undone {r.undone}] " if r.undone else ""
        works = f" [{r.works}]" if r.works else ""
        echo(f"{r.id:>4}  {r.sent:<{width}}  {r.audience:<12}{r.items:>6}  {undone}{r.subject}{works}", one_line=True)


@sends_app.command("show")
def sends_show(
    ctx: typer.Context,
    send_id: int = typer.Argument(..., metavar="N", min=1, max=MAX_ID, help="The send's id (see 'presskit sends')"),
    output: Path = output_option(OUTPUT_HELP),
    fmt: str = format_option(FORMAT_HELP, metavar="html|text|eml|mjml"),
    esp: str = typer.Option("generic", "--esp", metavar="|".join(mailing.NAMES),
                            help="Mailing service whose merge tags go in the footer"),
    templates: Path = templates_option("Your templates folder"),
    data: Path = data_option(),
) -> None:
    """Render send N again as it went out: exactly the news it carried, each record as the send told it, with its
    subject and clock; a send made with a site address (--base-url) leads with its picture from there again.

    Example:

        presskit sends show 3 -o send-3.html
    """
    from presskit import newsletter as core
    from presskit.db import session_scope

    fmt_ = _format(fmt, output)
    _check_output(output)
    with session_scope(engine_from(ctx), write=False) as s:
        result = core.show_send(s, send_id, formats=(fmt_,), esp=esp, templates=templates, data_dir=data)
    if output is not None:
        write_atomically(output, result.outputs[fmt_])
        typer.echo(f"Wrote {output} ({fmt_}): send {send_id}, {result.subject}")
    _emit(result.outputs[fmt_], output)


@sends_app.command("undo")
def sends_undo(
    ctx: typer.Context,
    send_id: int = typer.Argument(..., metavar="N", min=1, max=MAX_ID, help="The send's id (see 'presskit sends')"),
) -> None:
    """Release what send N carried (recorded by mistake): the next newsletter to its audience has it again.

    Example:

        presskit sends undo 3
    """
    from presskit import newsletter as core
    from presskit.db import session_scope

    with session_scope(engine_from(ctx)) as s:
        send, released = core.undo_send(s, send_id)
        audience = send.audience.name
    typer.echo(f"Undid send {send_id} to {audience}: {released} entries are pending again"
               " for the next newsletter")
