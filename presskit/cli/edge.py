"""The command line's edge: the Typer app, its root options, and the one place errors become `Error:` lines.

Every error reaches the user as one line `Error: ...` on stderr with a non-zero exit, never a traceback
(set PRESSKIT_DEBUG=1 to see one). The commands (presskit/cli/*.py) register themselves on ``app``.
"""

import errno
import os
import re
import sys
from functools import cache
from typing import Any, NoReturn

import click
import typer
import typer.core
from typer.core import TyperGroup

from presskit.errors import DiskFull, Names, PresskitError

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_NOTHING_TO_SEND = 3
EXIT_INTERNAL = 70


# What a terminal would act on instead of showing: control characters (ESC starts a terminal command, CR
# overwrites the line), C1 controls (U+009B is a one-character ESC [), bidirectional overrides, and the
# undecodable bytes of an argument. New records cannot hold them (presskit.values); older ones may.
# Compiled at first use (cache): most output is plain ASCII and never needs them.
_UNSAFE = cache(lambda: re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"))
_UNSAFE_ONE_LINE = cache(lambda: re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"))
_UNSAFE_IN_JSON = cache(lambda: re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]"))  # json.dumps escapes the rest


def shown(text: str, *, one_line: bool = False) -> str:
    """``text`` safe to print on a terminal: each character above as its escape (``\\x1b``); line breaks kept,
    unless ``one_line`` (a line of a list) asks for them as ``\\n`` too."""
    if text.isascii() and text.isprintable():
        return text
    unsafe = _UNSAFE_ONE_LINE() if one_line else _UNSAFE()
    return unsafe.sub(lambda c: c[0].encode("unicode_escape").decode("ascii"), text)


def shown_json(text: str) -> str:
    """JSON text (ensure_ascii=False) safe to print: the characters json.dumps leaves raw, as \\u escapes."""
    return _UNSAFE_IN_JSON().sub(lambda c: f"\\u{ord(c[0]):04x}", text)


def echo(line: str, err: bool = False, *, one_line: bool = False) -> None:
    typer.echo(shown(line, one_line=one_line), err=err)


class Options(Names):
    """What an error names, as this command line's options: the field ``starts_at`` is ``--starts-at``."""

    # A field whose option is not its name with dashes.
    OPTIONS = {"length_minutes": "--length", "path": "--file", "timezone": "--tz"}

    def name(self, name: str) -> str:
        return self.OPTIONS.get(name) or "--" + name.replace("_", "-")


OPTIONS = Options()


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    message = " ".join(shown(str(message)).split())  # one line, whatever the cause said
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _check_arguments(args: list[str]) -> None:
    """Arguments that are not UTF-8 (Python keeps their bytes as lone surrogates) are refused here, once, before
    any command can store or print them."""
    for i, arg in enumerate(args, 1):
        bad = re.search("[\ud800-\udfff]", arg)
        if bad:
            byte = ord(bad[0]) - 0xDC00 if 0xDC80 <= ord(bad[0]) <= 0xDCFF else None
            what = f" (byte {byte:#04x})" if byte is not None else ""
            raise PresskitError(f"argument {i}, {arg!r}, is not UTF-8 text{what}; type it again, or set"
                                " the terminal to UTF-8")


# With rich installed, Typer escapes "[required]" and "[default: 20]" for rich markup even when markup is off,
# and plain-text help shows "\[required]". presskit's help is plain text: tell Typer's help code there is no
# rich.
typer.core.rich = None  # type: ignore[assignment,unused-ignore]  # typed as the module where rich is installed

# click >= 8.2 raises this for a bare group; older click prints the help itself.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _unexpected(e: Exception) -> NoReturn:
    if os.environ.get("PRESSKIT_DEBUG"):
        raise e
    fail(f"unexpected {type(e).__name__}: {e}; nothing was changed."
         " Run again with PRESSKIT_DEBUG=1 for details and report it", EXIT_INTERNAL)


class PresskitGroup(TyperGroup):
    """Turns every failure into one `Error:` line: usage errors, core errors and the unexpected."""

    # `presskit --help` lists commands in the order a publicist meets them; others follow as registered.
    FIRST = ("init", "add", "status", "edit", "remove", "restore", "list", "show", "history", "import",
             "export")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(super().list_commands(ctx),
                      key=lambda name: self.FIRST.index(name) if name in self.FIRST else len(self.FIRST))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,  # type: ignore[override]
             **extra) -> Any:  # click types main() with overloads; this one keeps their parameters
        try:
            _check_arguments(list(sys.argv[1:] if args is None else args))
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
            fail(e.words(OPTIONS), e.exit_code)
        except (KeyboardInterrupt, EOFError):
            fail("interrupted; nothing was changed")
        except OSError as e:
            if e.errno not in DISK_FULL:
                _unexpected(e)
            fail(str(DiskFull(e.strerror or str(e))))
        except Exception as e:  # the safety net: one line, and the transaction was rolled back
            _unexpected(e)
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


# ------------------------------------------------------------------------ options several commands share
# Each shared option's flags, default and metavar are declared here once; the command says in its help what the
# option means for it (a kit's --now dates the kit, a calendar's stamps the file).


def output_option(help: str, *, metavar: str | None = None, required: bool = False) -> Any:
    """``-o/--output``: the file (or folder) a command writes; optional unless ``required``."""
    return typer.Option(... if required else None, "-o", "--output", metavar=metavar, help=help)


def format_option(help: str, *, metavar: str | None = None) -> Any:
    """``--format``: the output's format when -o's extension does not say it (``metavar`` lists the choices)."""
    return typer.Option(None, "--format", metavar=metavar, help=help)


def now_option(help: str) -> Any:
    """``--now``: the command's clock (read by presskit.when.resolve_now)."""
    return typer.Option(None, "--now", metavar="DATETIME", help=help)


def templates_option(help: str) -> Any:
    """``--templates``: a folder whose templates override the built-in ones."""
    return typer.Option(None, "--templates", metavar="DIR", help=help)


def work_option(help: str) -> Any:
    """``--work``: a work by its slug; repeatable where the parameter is a list."""
    return typer.Option(None, "--work", metavar="SLUG", help=help)


def paper_option() -> Any:
    return typer.Option("a4", "--paper", metavar="a4|letter", help="Paper size of the PDF")


def data_option() -> Any:
    """``--data``: the data folder a kit, site or newsletter takes its pictures from."""
    return typer.Option(None, "--data", metavar="DIR", envvar="PRESSKIT_DATA",
                        help="The data folder the pictures are kept in (default: ./data)")


def cache_option() -> Any:
    return typer.Option(None, "--cache", metavar="DIR", envvar="PRESSKIT_CACHE",
                        help="Where resized pictures and compiled templates are kept between builds"
                             " (default: ~/.cache/presskit/images)")


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
