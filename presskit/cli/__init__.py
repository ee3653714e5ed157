"""The `presskit` command line: parse, call one core function, print. The only place that imports typer.

``edge`` holds the app and words every error; each module here adds its commands to it.
"""

from __future__ import annotations

from presskit.cli.edge import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_NOTHING_TO_SEND,
    EXIT_USAGE,
    app,
    echo,
    engine_from,
    fail,
    main,
    shown,
    shown_json,
)

# Commands register themselves on `app`, in the order `presskit --help` lists them.
# isort: off
from presskit.cli import kit as _kit  # noqa: E402,F401
from presskit.cli import newsletter as _newsletter  # noqa: E402,F401
from presskit.cli import records as _records  # noqa: E402,F401
from presskit.cli import calendar_report as _calendar_report  # noqa: E402,F401
from presskit.cli import backup as _backup  # noqa: E402,F401
from presskit.cli import check as _check  # noqa: E402,F401
# isort: on

__all__ = ["EXIT_ERROR", "EXIT_INTERNAL", "EXIT_NOTHING_TO_SEND", "EXIT_USAGE", "app", "echo", "engine_from", "fail",
           "main", "shown", "shown_json"]
