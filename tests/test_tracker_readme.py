"""The README is tested (STYLE.md rule 11): its first ten minutes run, in order, and print what it shows."""

from __future__ import annotations

import re
import shlex

from click.testing import CliRunner
from typer.main import get_command

from presskit.cli import app
from presskit.kinds import KINDS, RECORD_KINDS
from tests.conftest import ROOT

README = ROOT / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _sessions(section: str) -> list[tuple[str, str]]:
    """(command, the output shown after it) for every `$ presskit ...` line of the console blocks."""
    steps: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
    return steps


def test_the_first_ten_minutes_print_what_the_readme_shows(tmp_path):
    steps = _sessions(_section("A publicist's first ten minutes"))
    commands = [shlex.split(command)[:2] for command, _ in steps]
    # the issue asks for: init, add a nomination, record its outcome, list, history
    for wanted in (
        ["presskit", "init"],
        ["presskit", "add"],
        ["presskit", "status"],
        ["presskit", "list"],
        ["presskit", "history"],
    ):
        assert wanted in commands
    runner = CliRunner(mix_stderr=False)
    for command, shown in steps:
        args = shlex.split(command)
        assert args[0] == "presskit"
        # the default database, ./presskit.db, in the test's own folder (the autouse fixture chdirs there)
        r = runner.invoke(get_command(app), args[1:], catch_exceptions=False)
        assert r.stdout + r.stderr == shown, command
        assert (r.exit_code == 0) == (not shown.startswith("Error: ")), command
    assert (tmp_path / "presskit.db").exists()


def test_the_command_reference_names_every_command_and_kind():
    reference = _section("Commands")
    commands = sorted(get_command(app).commands)  # every command the CLI has, so a new one needs its row
    assert {"init", "add", "newsletter", "kit", "calendar", "report"} <= set(commands)
    for name in commands:
        assert f"`presskit {name}" in reference, name
    for name in RECORD_KINDS:
        assert f"`{name}`" in reference, name


def test_the_data_file_reference_names_every_section_and_history_field():
    from presskit.io import HISTORY_FIELDS, SECTIONS

    reference = _section("The data file")
    for section, _ in SECTIONS:
        assert f"\n{section}:" in reference, section
    for name in HISTORY_FIELDS:
        assert f"`{name}" in reference, name
    # every field shown for a record is a field of its kind
    assert "premiere_region: Canadian" in reference and "premiere_region" in KINDS["selection"].names
