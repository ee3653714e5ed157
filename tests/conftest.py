"""Shared fixtures: an isolated environment, a real database per test (an SQLite file, and a PostgreSQL
database too when PRESSKIT_TEST_PG_URL is set), the CLI, the film's data."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from typer.main import get_command

from presskit.cli import app
from presskit.db import open_database, session_scope

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "the-defector.yaml"
ARTIFACTS = ROOT / "test-artifacts"


def copy_pictures(folder: Path) -> None:
    """The film's pictures (data/media/) into ``folder``, for a copy of its data file written there: a data
    file's pictures are files beside it."""
    shutil.copytree(DATA.parent / "media", folder / "media", dirs_exist_ok=True)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("PRESSKIT_") and name not in ("PRESSKIT_TEST_PG_URL", "PRESSKIT_REGEN_GOLDEN"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # a machine zone nobody uses: output must not depend on it
    monkeypatch.chdir(tmp_path)


# The whole suite runs on SQLite and on a real PostgreSQL server: every test that takes `db_url` (and through
# it `engine`, `cli`, `defector`) runs once per backend, the PostgreSQL half on a database of its own.
PG_URL = os.environ.get("PRESSKIT_TEST_PG_URL", "").strip()
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
PG_SKIPPED = ("PostgreSQL half skipped: no PRESSKIT_TEST_PG_URL. Run it with `make test-pg` (a throwaway"
              " local server) or"
              " PRESSKIT_TEST_PG_URL=postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB make test")


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not PG_URL:
        # In CI a missing server must fail the run, never pass as a skip.
        raise pytest.UsageError("CI=true but PRESSKIT_TEST_PG_URL is not set: the PostgreSQL half cannot run."
                                " Run the suite through .ci/run, which starts a throwaway PostgreSQL server")
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself")


_PG_NOT_RUN = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    # Without a server the PostgreSQL half is left out as a whole and reported once (not one skip per test).
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("postgres") is not None else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    config.stash[_PG_NOT_RUN] = len(drop)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    n = config.stash.get(_PG_NOT_RUN, 0)
    if n:
        terminalreporter.write_line(f"{PG_SKIPPED} ({n} tests not run)", yellow=True, bold=True)


@pytest.fixture(scope="session")
def _pg_admin():
    """An autocommit connection to the server, for CREATE/DROP DATABASE."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    if not PG_URL:
        yield None  # SQLite only: nothing to administer
        return
    eng = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    yield eng
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        only = request.node.get_closest_marker("sqlite_only")
        if only is not None:
            pytest.skip(f"SQLite only: {only.args[0] if only.args else only.kwargs.get('reason', '')}")
        if not PG_URL:
            pytest.skip(PG_SKIPPED)
    return request.param


@contextmanager
def fresh_pg_database(admin, template: str | None = None) -> Iterator[str]:
    """The URL of a new PostgreSQL database (empty, or a copy of ``template``), dropped afterwards."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    # One database per test: nothing leaks between tests, and tests could run in parallel.
    name = f"presskit_t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _prepared(request: pytest.FixtureRequest) -> str | None:
    # What the test's fixtures will make of its database anyway: made by copying a template instead.
    names = request.fixturenames
    return "defector" if "defector" in names else "migrated" if "engine" in names else None


@pytest.fixture
def db_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new database per test: empty, unless the test asks for `engine` (migrated) or `defector` (data/)."""
    kind = _prepared(request)
    templates = request.getfixturevalue("_templates") if kind else None
    if db_backend == "sqlite":
        path = tmp_path / "presskit.db"
        if templates is not None and kind is not None:
            shutil.copyfile(templates.get("sqlite", kind), path)
        yield f"sqlite:///{path}"
        return
    template = templates.get("postgresql", kind) if templates is not None and kind is not None else None
    with fresh_pg_database(request.getfixturevalue("_pg_admin"), template) as url:
        yield url


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL database, for tests that compare the backends (mark them `postgres`)."""
    if not PG_URL:
        pytest.skip(PG_SKIPPED)
    with fresh_pg_database(request.getfixturevalue("_pg_admin")) as url:
        yield url


class _Templates:
    """Databases built once per run (migrated; with data/ imported) and copied into a test's database.

    A PostgreSQL copy is CREATE DATABASE ... TEMPLATE, a SQLite copy a file copy: both far cheaper than
    migrating and importing again, which is most of a test's time on PostgreSQL.
    """

    def __init__(self, folder: Path, admin) -> None:
        self.folder = folder
        self.admin = admin
        self.built: dict[tuple[str, str], str] = {}

    def _admin(self):
        return self.admin

    def _build(self, backend: str, kind: str) -> str:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        if backend == "sqlite":
            target = str(self.folder / f"{kind}.db")
            url = f"sqlite:///{target}"
        else:
            target = f"presskit_tpl_{kind}_{uuid.uuid4().hex[:12]}"
            with self._admin().connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{target}"'))
            url = make_url(PG_URL).set(database=target).render_as_string(hide_password=False)
        eng = open_database(url)
        if kind == "defector":
            from presskit import datafile

            with session_scope(eng) as s:
                datafile.import_data(s, datafile.load_file(DATA), source=DATA.name)
        eng.dispose()  # a template must have no connection left (and SQLite folds its WAL back in)
        return target

    def get(self, backend: str, kind: str) -> str:
        """The template's file (SQLite) or database name (PostgreSQL), built on first use."""
        key = (backend, kind)
        if key not in self.built:
            self.built[key] = self._build(backend, kind)
        return self.built[key]

    def drop(self) -> None:
        from sqlalchemy import text

        for (backend, _), target in self.built.items():
            if backend == "postgresql":
                with self._admin().connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory, _pg_admin) -> Iterator[_Templates]:
    t = _Templates(tmp_path_factory.mktemp("templates"), _pg_admin)
    yield t
    t.drop()


@pytest.fixture
def engine(db_url: str):
    eng = open_database(db_url)  # a copy of a migrated template (see db_url): nothing left to do
    yield eng
    eng.dispose()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(db_url: str) -> Callable[..., Result]:
    """Run `presskit --db <tmp db> ARGS...` in-process; returns exit code, stdout and stderr."""

    def run(*args: str, input: str | None = None, db: str | None = None) -> Result:
        return invoke(db or db_url, *args, input=input)

    return run


def invoke(db: str, *args: str, input: str | None = None) -> Result:
    """`presskit --db DB ARGS...` in-process, for tests that hold several databases."""
    runner = CliRunner(mix_stderr=False)
    r = runner.invoke(get_command(app), ["--db", db, *args], input=input, catch_exceptions=False)
    return Result(r.exit_code, r.stdout, r.stderr)


@pytest.fixture
def film(cli, defector):
    """The CLI on a database that holds the film's records from data/."""
    return cli


@pytest.fixture
def defector(engine):
    """The database with the film's records from data/ imported (db_url made it a copy of one import)."""
    return engine


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
