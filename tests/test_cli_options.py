"""The options several commands share are declared once, in presskit/cli/edge.py (issue 10): a command module
that spelled out its own `typer.Option(..., "--now", ...)` would drift from the others' flags and metavar."""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parent.parent / "presskit" / "cli"
SHARED = {"-o", "--output", "--format", "--now", "--templates", "--work", "--paper", "--data", "--cache", "--db"}
# The same flag meaning something else: `demo --data FILE` names the data file to load, not a pictures folder.
OTHER_MEANING = {"records.py": {"--data"}}


def _declared_flags(path: Path) -> set[str]:
    flags: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Option":
            flags.update(arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return flags


def test_shared_options_are_declared_only_at_the_edge() -> None:
    assert SHARED <= _declared_flags(CLI / "edge.py")
    spelled_out = {path.name: _declared_flags(path) & SHARED - OTHER_MEANING.get(path.name, set())
                   for path in CLI.glob("*.py") if path.name != "edge.py"}
    assert {name: flags for name, flags in spelled_out.items() if flags} == {}
