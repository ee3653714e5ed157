"""The `presskit` command line: parse, call one core function, print. The only place that imports typer.

``edge`` holds the app and words every error; each module here adds its commands to it. A command loads only
its own module (``main``: `presskit kit` neither imports nor builds the forty-odd record commands);
``presskit --help``, shell completion and ``from presskit.cli import app`` load them all.
"""

import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

from presskit.cli.edge import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_NOTHING_TO_SEND,
    EXIT_USAGE,
    echo,
    engine_from,
    fail,
    shown,
    shown_json,
)

if TYPE_CHECKING:
    from presskit.cli.edge import app

# Each module's commands, modules in the order `presskit --help` lists them (tests/test_startup.py checks that
# this is what each module registers).
MODULES: dict[str, tuple[str, ...]] = {
    "kit": ("kit", "site"),
    "newsletter": ("newsletter", "sends"),
    "records": ("init", "add", "status", "edit", "remove", "restore", "list", "show", "history", "import",
                "export", "demo"),
    "calendar_report": ("calendar", "report"),
    "backup": ("copy",),
    "check": ("check",),
}
COMMANDS = {command: module for module, commands in MODULES.items() for command in commands}
# The root's options that take a value (the word after one is not the command).
_VALUED = ("--db",)


def load(*modules: str) -> None:
    """Register the commands of ``modules`` (all of them when none is named) on ``edge.app``."""
    for module in modules or tuple(MODULES):
        import_module(f"presskit.cli.{module}")


def command_word(args: list[str]) -> str | None:
    """The command ``args`` name (``kit`` in ``--db x.db kit -o k.html``), or None (help, an option alone)."""
    words = iter(args)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str) -> Any:
    # `from presskit.cli import app`: the whole command line, every command registered.
    if name == "app":
        from presskit.cli import edge

        load()
        return edge.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """`presskit ...`: registers the named command's module alone (all of them for help, completion or a
    word that is no command, whose error lists them), then runs."""
    from presskit.cli import edge

    module = COMMANDS.get(command_word(sys.argv[1:]) or "")
    completing = "_PRESSKIT_COMPLETE" in os.environ  # the shell asks which commands and options exist
    load(*([] if module is None or completing else [module]))
    edge.main()


__all__ = ["COMMANDS", "EXIT_ERROR", "EXIT_INTERNAL", "EXIT_NOTHING_TO_SEND", "EXIT_USAGE", "MODULES", "app", "echo",
           "engine_from", "fail", "load", "main", "shown", "shown_json"]
