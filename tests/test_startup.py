"""What the commands people type all day load at start-up (issue 6): no timing here, so nothing can flake.

Each command runs in a fresh interpreter, exactly as `presskit ...` would; the child reports which
top-level packages ended up in ``sys.modules``. `benchmarks/run.py` measures what this buys in time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from presskit import records
from presskit.db import session_scope

# Renderers: only `newsletter`, `kit` (and the like) may load them, inside the code path that renders.
RENDERERS = {"jinja2", "weasyprint", "premailer", "mjml"}
# Help needs none of the core's libraries either: it is built from the kinds' field specs alone.
CORE = {"sqlalchemy", "alembic", "yaml", "dateutil"}
# On SQLite, SQLAlchemy's PostgreSQL dialect (every driver's module, ~0.1 s) has no business loading.
POSTGRESQL_DIALECT = "sqlalchemy.dialects.postgresql"
# The kinds' news wording and time helpers: help is built from the kinds' fields, never from their wording.
WORDING = {"presskit.when", "presskit.newsitem"}

_CHILD = r"""
import json, sys
sys.argv = ["presskit", *json.loads(sys.argv[1])]
from presskit.cli import main
code = 0
try:
    main()
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
sys.stdout.flush()
print("\nLOADED " + json.dumps(sorted(sys.modules)))
sys.exit(code)
"""


def _child(*args: str) -> tuple[int, str, set[str], str]:
    """``presskit ARGS`` in a fresh interpreter: its exit code, its output, every module it loaded and its
    standard error."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(list(args))],
                          capture_output=True, text=True, timeout=120, cwd=Path.cwd())
    out, _, loaded = proc.stdout.rpartition("\nLOADED ")
    assert loaded, f"the child printed no module list; stderr: {proc.stderr}"
    return proc.returncode, out, set(json.loads(loaded)), proc.stderr


def _run(*args: str) -> tuple[int, str, set[str]]:
    code, out, modules, _ = _child(*args)
    # Top-level packages, plus the few submodules worth naming.
    return code, out, {name.split(".")[0] for name in modules} | (modules & {POSTGRESQL_DIALECT, *WORDING})


@pytest.mark.parametrize("args", [["--help"], ["add", "--help"], ["add", "coverage", "--help"],
                                  ["list", "--help"], ["--version"]])
def test_help_loads_no_database_or_renderer(args: list[str]) -> None:
    code, out, loaded = _run(*args)
    assert code == 0, out
    assert "Usage:" in out or out.startswith("presskit ")
    assert "click" in loaded  # the probe does see what the command loaded
    assert loaded & (RENDERERS | CORE) == set()
    assert "presskit" in loaded and loaded & WORDING == set()


def test_add_coverage_loads_no_renderer(defector, db_url: str) -> None:
    code, out, loaded = _run("--db", db_url, "add", "coverage", "--outlet", "NKNews.org", "--headline",
                             "A second look", "--date", "2014-02-01", "--kind", "review")
    assert code == 0, out
    assert out.startswith("Added coverage ")
    assert "sqlalchemy" in loaded  # it did reach the database
    assert loaded & (RENDERERS | {"alembic"}) == set()
    if db_url.startswith("sqlite"):
        assert POSTGRESQL_DIALECT not in loaded
    with session_scope(defector, write=False) as s:
        assert any(c.headline == "A second look" for c in records.list_records(s, "coverage"))


def test_list_awards_loads_no_renderer(defector, db_url: str) -> None:
    code, out, loaded = _run("--db", db_url, "list", "awards")
    assert code == 0, out
    assert "Canadian Screen Awards" in out
    assert loaded & (RENDERERS | {"alembic"}) == set()
    if db_url.startswith("sqlite"):
        assert POSTGRESQL_DIALECT not in loaded


# A command loads its own module of the command line, not the other commands (presskit.cli.MODULES).
_CLI_MODULES = {f"presskit.cli.{name}" for name in ("kit", "newsletter", "records", "calendar_report", "backup",
                                                     "check")}


def test_a_command_loads_only_its_own_module(defector, db_url: str) -> None:
    code, out, loaded, _ = _child("--db", db_url, "list", "awards")
    assert code == 0 and "Canadian Screen Awards" in out, out
    assert loaded & _CLI_MODULES == {"presskit.cli.records"}
    # Nor does it declare the journal of news and the sends (presskit.models.sends): only what sends reads them.
    assert "presskit.models.records" in loaded and "presskit.models.sends" not in loaded
    code, out, loaded, _ = _child(f"--db={db_url}", "kit", "--help")
    assert code == 0 and out.startswith("Usage: presskit kit [OPTIONS]"), out
    assert loaded & _CLI_MODULES == {"presskit.cli.kit"}


@pytest.mark.parametrize("args", [["--help"], ["no-such-command"]])
def test_help_and_a_wrong_command_see_every_command(args: list[str]) -> None:
    from presskit.cli import COMMANDS

    code, out, loaded, err = _child(*args)
    assert loaded & _CLI_MODULES == _CLI_MODULES
    if args == ["--help"]:
        assert code == 0
        listed = out.split("Commands:", 1)[1].split()
        assert set(COMMANDS) <= set(listed)
    else:
        assert code == 2 and err.startswith("Error: No such command 'no-such-command'"), err


_REGISTERS = r"""
import json
from importlib import import_module
from typer.main import get_command_name
from presskit.cli import MODULES
from presskit.cli.edge import app

def names():
    return {c.name or get_command_name(c.callback.__name__) for c in app.registered_commands} | {
        g.name for g in app.registered_groups}

found = {}
for module in MODULES:
    before = names()
    import_module("presskit.cli." + module)
    found[module] = sorted(names() - before)
print(json.dumps(found))
"""


def test_each_command_line_module_registers_what_the_map_says() -> None:
    # `presskit X` loads the module presskit.cli.COMMANDS names for X: a command moved or added elsewhere
    # would be missing from the command line.
    from presskit.cli import MODULES

    proc = subprocess.run([sys.executable, "-c", _REGISTERS], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {module: sorted(names) for module, names in MODULES.items()}
    listed = [name for names in MODULES.values() for name in names]
    assert len(listed) == len(set(listed))


def test_library_names_still_import_lazily() -> None:
    # `from presskit import open_database` keeps working although presskit/__init__ loads it on first use.
    code = ("import sys, presskit; assert 'sqlalchemy' not in sys.modules;"
            " from presskit import open_database, session_scope; from presskit.kinds import MODEL_KIND;"
            " from presskit import models as m; assert MODEL_KIND[m.Nomination] == 'award';"
            " assert m.Base.metadata.tables['journal_entries'] is not None; print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "ok", proc.stderr


# The collector is off while the command line starts (presskit.startup) and on again for the command's work:
# an import of 100,000 records must not grow without bound.
_GC_CHILD = r"""
import gc, json, sys
from presskit import records
during = []
real_add = records.add
def add(*args, **kwargs):
    during.append(gc.isenabled())
    return real_add(*args, **kwargs)
records.add = add
sys.argv = ["presskit", *json.loads(sys.argv[1])]
from presskit.cli import main
try:
    main()
except SystemExit:
    pass
print("\nGC " + json.dumps({"during": during, "frozen": gc.get_freeze_count()}))
"""


def test_the_collector_is_on_while_a_command_works(defector, db_url: str) -> None:
    args = ["--db", db_url, "add", "coverage", "--outlet", "NKNews.org", "--headline", "Collected",
            "--date", "2014-02-01", "--kind", "review"]
    proc = subprocess.run([sys.executable, "-c", _GC_CHILD, json.dumps(args)], capture_output=True, text=True,
                          timeout=120)
    out, _, state = proc.stdout.rpartition("\nGC ")
    assert proc.returncode == 0 and out.startswith("Added coverage "), proc.stderr
    gc_state = json.loads(state)
    assert gc_state["during"] == [True]  # records.add ran once, with the collector on
    assert gc_state["frozen"] > 10_000  # start-up's objects were set aside, not left to be scanned again


def test_start_up_leaves_a_host_s_own_collector_setting_alone(engine) -> None:
    # A program that embeds presskit and runs with the collector off keeps it off.
    import gc

    from presskit import startup

    gc.disable()
    try:
        startup.pause()
        with session_scope(engine, write=False):
            assert not gc.isenabled()
    finally:
        gc.enable()
