"""Shared fixtures: an isolated environment, a real SQLite file per test, the CLI, the film's data."""

from __future__ import annotations

import os
from collections.abc import Callable
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


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("PRESSKIT_") and name not in ("PRESSKIT_TEST_PG_URL", "PRESSKIT_REGEN_GOLDEN"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # a machine zone nobody uses: output must not depend on it
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'presskit.db'}"


@pytest.fixture
def engine(db_url: str):
    eng = open_database(db_url)
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
        runner = CliRunner(mix_stderr=False)
        r = runner.invoke(get_command(app), ["--db", db or db_url, *args], input=input, catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr)

    return run


@pytest.fixture
def defector(engine):
    """The database with the film's records from data/ imported."""
    from presskit import io

    with session_scope(engine) as s:
        io.import_data(s, io.load_file(DATA), source=DATA.name)
    return engine


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
