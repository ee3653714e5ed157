"""The `presskit` command line: parse, call one core function, print. The only place that imports typer.

Every error reaches the user as one line `Error: ...` on stderr with a non-zero exit, never a traceback
(set PRESSKIT_DEBUG=1 to see one).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click
import typer
import typer.core
from typer.core import TyperGroup

from presskit.errors import PresskitError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOTHING_TO_SEND = 3
EXIT_INTERNAL = 70


def fail(message: str, code: int = EXIT_ERROR) -> None:
    message = " ".join(str(message).split())  # one line, whatever the cause said
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


# With rich installed, Typer escapes "[required]" and "[default: 20]" for rich markup even when markup is off,
# and plain-text help shows "\[required]". presskit's help is plain text: tell Typer's help code there is no
# rich.
typer.core.rich = None  # type: ignore[attr-defined]

# click >= 8.2 raises this for a bare group; older click prints the help itself.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class PresskitGroup(TyperGroup):
    """Turns every failure into one `Error:` line: usage errors, core errors and the unexpected."""

    # `presskit --help` lists commands in the order a publicist meets them; others follow as registered.
    FIRST = ("init", "add", "status", "edit", "remove", "restore", "list", "show", "history", "import",
             "export")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(super().list_commands(ctx),
                      key=lambda name: self.FIRST.index(name) if name in self.FIRST else len(self.FIRST))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra) -> Any:
        try:
            rv = super().main(args=args, prog_name=prog_name or "presskit", complete_var=complete_var,
                              standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as e:
            click.echo(e.ctx.get_help() if e.ctx else str(e))
            sys.exit(0)
        except click.UsageError as e:
            hint = f" (see '{e.ctx.command_path} --help')" if e.ctx else ""
            fail(f"{e.format_message()}{hint}", EXIT_USAGE)
        except click.ClickException as e:
            fail(e.format_message(), e.exit_code or EXIT_ERROR)
        except click.exceptions.Abort:
            fail("aborted; nothing was changed")
        except PresskitError as e:
            fail(str(e), e.exit_code)
        except (KeyboardInterrupt, EOFError):
            fail("interrupted; nothing was changed")
        except Exception as e:  # the safety net: one line, and the transaction was rolled back
            if os.environ.get("PRESSKIT_DEBUG"):
                raise
            fail(f"unexpected {type(e).__name__}: {e}; nothing was changed."
                 " Run again with PRESSKIT_DEBUG=1 for details and report it", EXIT_INTERNAL)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=PresskitGroup,
    name="presskit",
    help="Record what happens to a film in public; turn it into newsletters and press kits.\n\n"
    "Start with the film, then record what happens to it:\n\n"
    "\b\n"
    "    presskit init --title \"The Defector: Escape from North Korea\"\n"
    "    presskit add award --body \"Academy of Canadian Cinema & Television\" --year 2014"
    " --category \"Diversity Award\" --date 2014-01-28\n"
    "    presskit status award 1 won --date 2014-01-28\n"
    "    presskit list awards\n\n"
    "Every command's --help explains it with an example: presskit add award --help.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from presskit import __version__

        typer.echo(f"presskit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", envvar="PRESSKIT_DB", metavar="PATH|URL",
                           help="Database file or SQLAlchemy URL (default: ./presskit.db)"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    ctx.obj = {"db": db}


def engine_from(ctx: typer.Context):
    from presskit.db import open_database

    root = ctx.find_root()
    engine = open_database((root.obj or {}).get("db"))
    # Close pooled connections when the command ends (on PostgreSQL an open connection outlives a test run).
    root.call_on_close(engine.dispose)
    return engine


def main() -> None:
    from presskit import startup

    startup.pause()  # until the command's first session (presskit.startup)
    app(prog_name="presskit")


# Commands register themselves on `app`, in the order `presskit --help` lists them.
# isort: off
from presskit.cli import kit as _kit  # noqa: E402,F401
from presskit.cli import newsletter as _newsletter  # noqa: E402,F401
from presskit.cli import records as _records  # noqa: E402,F401
from presskit.cli import calendar_report as _calendar_report  # noqa: E402,F401
from presskit.cli import backup as _backup  # noqa: E402,F401
from presskit.cli import check as _check  # noqa: E402,F401
# isort: on
