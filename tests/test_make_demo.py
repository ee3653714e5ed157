"""`make demo` asks the system for what the demo needs and no more (issue 10), run with stand-ins for
apt-get, dpkg and sudo on a PATH of their own, so nothing is installed and no real package database is read."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="no make on this machine")

PANGO_AND_FONTS = {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-liberation2", "fonts-dejavu-core"}


def _bin(tmp_path: Path, scripts: dict[str, str]) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    os.symlink(shutil.which("id") or "/usr/bin/id", folder / "id")  # the Makefile asks whether it runs as root
    for name, body in scripts.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (folder / name).chmod(0o755)
    return folder


def _demo_deps(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MAKE), "-s", "--no-print-directory", "-C", str(ROOT), "demo-deps"],
                          env={**os.environ, "PATH": str(path)}, capture_output=True, text=True, timeout=60)


def test_make_demo_installs_pango_and_fonts_only(tmp_path: Path) -> None:
    log = tmp_path / "apt.log"
    path = _bin(tmp_path, {"dpkg": "exit 1",  # nothing installed yet
                           "apt-get": f'echo "$*" >> {log}',
                           "sudo": 'exec "$@"'})
    r = _demo_deps(path)
    assert r.returncode == 0, r.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].startswith("install -y -qq ")
    assert set(calls[1].split()[3:]) == PANGO_AND_FONTS  # not Chromium, poppler or PostgreSQL: those are the tests'
    assert set(r.stdout.removeprefix("Installing system packages:").split()) == PANGO_AND_FONTS


def test_make_demo_without_apt_says_in_one_line_what_to_install(tmp_path: Path) -> None:
    r = _demo_deps(_bin(tmp_path, {}))
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.count("\n") == 1 and r.stdout.startswith("make demo: no apt-get on this machine")
    assert "brew install pango" in r.stdout
