"""Running the README (STYLE.md rule 11): its sections, its fenced blocks, and its `$ presskit ...` sessions."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

from tests.conftest import ROOT

README = ROOT / "README.md"


def section(title: str) -> str:
    """The text of the README section `## title`, up to the next `## `."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end != -1 else len(text)]


def blocks(text: str, lang: str) -> list[str]:
    """The fenced blocks of one language (console, text, csv, ...) in ``text``."""
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def sessions(text: str) -> list[tuple[str, str]]:
    """(command, the output shown after it) for every `$ ...` line of the console blocks in ``text``."""
    steps: list[tuple[str, str]] = []
    for block in blocks(text, "console"):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
    return steps


def _fails_when_it_shows_an_error(shown: str) -> int | None:
    return None if "\nError: " in "\n" + shown else 0


def run_sessions(run: Callable[..., Any], steps: list[tuple[str, str]],
                 exit_code: Callable[[str], int | None] = _fails_when_it_shows_an_error) -> int:
    """Run each `presskit ...` step with ``run(*args)``; its output must be what the README shows.

    ``exit_code(shown)`` is the code the step must end with (None: any non-zero one). Returns how many ran.
    """
    for command, shown in steps:
        args = shlex.split(command)
        assert args[0] == "presskit", command
        r = run(*args[1:])
        assert r.stdout + r.stderr == shown, command
        expected = exit_code(shown)
        assert (r.exit_code != 0) if expected is None else (r.exit_code == expected), command
    return len(steps)
