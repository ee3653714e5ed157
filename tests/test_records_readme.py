"""The README is tested (STYLE.md rule 11): its first ten minutes run, in order, and print what it shows."""

from __future__ import annotations

import shlex

from click.testing import CliRunner
from typer.main import get_command

from presskit.cli import app
from presskit.kinds import KINDS, RECORD_KINDS
from tests.readme_support import run_sessions, section, sessions


def test_the_first_ten_minutes_print_what_the_readme_shows(tmp_path):
    steps = sessions(section("A publicist's first ten minutes"))
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
    # the default database, ./presskit.db, in the test's own folder (the autouse fixture chdirs there)
    # `presskit check` exits 1 while it lists something to look at.
    run_sessions(lambda *args: runner.invoke(get_command(app), args, catch_exceptions=False), steps,
                 exit_code=lambda shown: 1 if "to look at." in shown else None if "\nError: " in "\n" + shown else 0)
    assert (tmp_path / "presskit.db").exists()


def test_the_command_reference_names_every_command_and_kind():
    reference = section("Commands")
    commands = sorted(get_command(app).commands)  # every command the CLI has, so a new one needs its row
    assert {"init", "add", "newsletter", "kit", "calendar", "report"} <= set(commands)
    for name in commands:
        assert f"`presskit {name}" in reference, name
    for name in RECORD_KINDS:
        assert f"`{name}`" in reference, name


def test_the_data_file_reference_names_every_section_and_history_field():
    from presskit.datafile import HISTORY_FIELDS, SECTIONS

    reference = section("The data file")
    for name, _ in SECTIONS:
        assert f"\n{name}:" in reference, name
    for name in HISTORY_FIELDS:
        assert f"`{name}" in reference, name
    # every field shown for a record is a field of its kind
    assert "premiere_region: Canadian" in reference and "premiere_region" in KINDS["selection"].names
