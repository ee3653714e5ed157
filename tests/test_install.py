"""presskit as a user installs it (issue 10): the sdist and the wheel `python -m build` makes from it, the wheel
installed into a fresh virtual environment outside the checkout, and the commands run there in an empty folder.

The virtual environment has no system site-packages, so it cannot see this checkout's editable install; the
wheel's dependencies come from the package index (or pip's cache). One build and one environment serve the
module (about a minute on a quiet machine, most of it installing the dependencies and drawing two PDFs).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT
from tests.readme_support import section

TITLE = "The Defector: Escape from North Korea"


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_every_subpackage_is_in_the_package_list() -> None:
    # pyproject.toml lists the packages (it maps templates/ and data/ into presskit), so a new subpackage of
    # presskit/ that is not listed would be left out of the wheel.
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
                 ["packages"])
    packages = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "presskit").rglob("__init__.py")}
    assert packages - listed == set()
    assert listed - packages == {"presskit.templates", "presskit.data"}


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist, and the wheel built from it (what `python -m build` does by default)."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (sdist,), (wheel,) = out.glob("presskit_film-*.tar.gz"), out.glob("presskit_film-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def venv(dists: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    assert not root.resolve().is_relative_to(ROOT)
    # This environment's pip installs into the new one (`pip --python`): no copy of pip to set up there, and
    # no byte-compiling of every dependency up front (the commands compile what they import).
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=300)
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(root / "bin" / "python"), "install", "-q",
                           "--no-compile", str(dists[1])], capture_output=True, text=True, env=_env(root),
                          timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root


def _env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _presskit(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "presskit"), *args], cwd=cwd, capture_output=True, text=True,
                          env=_env(venv), timeout=300)


@pytest.mark.slow
def test_installed_presskit_starts_without_rich(venv: Path, tmp_path: Path) -> None:
    """Typer without rich (typer-slim): help and errors are plain text anyway, and rich's import was 40 % of
    every start-up. `--install-completion` still finds the shell itself (shellingham), so help reads the same."""
    probe = ("import sys; sys.argv = ['presskit', '--help']\nfrom presskit.cli import main\ntry: main()\n"
             "except SystemExit: pass\nprint('LOADED', 'rich' in sys.modules, 'shellingham' in sys.modules)")
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          env=_env(venv), check=True)
    assert proc.stdout.splitlines()[-1] == "LOADED False True", proc.stdout[-2000:]
    # The help this checkout prints (whatever its environment holds) is the installed one's, byte for byte.
    here = subprocess.run([sys.executable, "-m", "presskit", "--help"], cwd=ROOT, capture_output=True, text=True,
                          env={k: v for k, v in _env(venv).items() if k != "PATH"}, check=True)
    assert proc.stdout.rpartition("LOADED")[0] == here.stdout
    assert "  --install-completion  Install completion for the current shell.\n" in here.stdout


@pytest.mark.slow
def test_the_wheel_carries_every_module_template_and_data_file(dists: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(dists[1]).namelist())
    expected = ({f"presskit/{f}" for f in _files(ROOT / "presskit")}
                | {f"presskit/templates/{f}" for f in _files(ROOT / "templates")}
                | {f"presskit/data/{f}" for f in _files(ROOT / "data")})
    assert {"presskit/templates/kit/page.html.j2", "presskit/data/the-defector.yaml"} <= expected
    assert expected - names == set()
    # The README's set-up section installs that wheel by a name that matches it.
    (shown,) = re.findall(r"^pipx install \./dist/(\S+)$", section("Set-up on a fresh machine"), flags=re.M)
    assert fnmatch(dists[1].name, shown)


@pytest.mark.slow
def test_installed_presskit_runs_demo_kit_newsletter_and_report_in_an_empty_folder(venv: Path,
                                                                                  tmp_path: Path) -> None:
    work = tmp_path / "empty"
    work.mkdir()
    probe = ("import json, presskit, presskit.render, presskit.demo;"
             " print(json.dumps([presskit.__file__, str(presskit.render.TEMPLATES), str(presskit.demo.DEFAULT_DATA)]))")
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=work, capture_output=True, text=True,
                          env=_env(venv), check=True)
    for where in json.loads(proc.stdout):
        # Everything from the environment's site-packages, nothing from this checkout.
        assert Path(where).is_relative_to(venv.resolve()) and "site-packages" in Path(where).parts, where
        assert Path(where).exists(), where

    demo = _presskit(venv, work, "demo")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    out = work / "out"
    assert "Press kit (PDF" in demo.stdout
    assert (out / "press-kit.pdf").read_bytes().startswith(b"%PDF-")
    assert TITLE in (out / "newsletter.html").read_text(encoding="utf-8")
    # The demo's pictures travel in the wheel: the installed kit shows the poster as an image, not a gap.
    page = (out / "press-kit.html").read_text(encoding="utf-8")
    poster = re.search(r'<img [^>]*alt="Typographic poster[^"]*"[^>]*>', page)
    assert poster is not None and 'src="data:image/' in poster[0], page[:2000]

    kit = _presskit(venv, out, "kit", "-o", "kit.pdf")
    assert kit.returncode == 0, kit.stdout + kit.stderr
    assert kit.stdout.startswith("Wrote kit.pdf (PDF, A4, ")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out / "kit.pdf").pages).split())
    assert TITLE in text

    news = _presskit(venv, out, "newsletter", "--esp", "mailchimp")
    assert news.returncode == 0, news.stdout + news.stderr
    assert "*|UNSUB|*" in news.stdout
    assert TITLE in news.stdout

    report = _presskit(venv, out, "report", "-o", "report.html")
    assert report.returncode == 0, report.stdout + report.stderr
    assert TITLE in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_installed_presskit_takes_template_overrides(venv: Path, tmp_path: Path) -> None:
    init = _presskit(venv, tmp_path, "init", "--title", TITLE)
    assert init.returncode == 0, init.stdout + init.stderr
    mine = tmp_path / "mine"
    (mine / "kit").mkdir(parents=True)
    page = mine / "kit" / "page.html.j2"
    page.write_text('{% extends "!default/kit/page.html.j2" %}{% block title %}OUR KIT{% endblock %}',
                    encoding="utf-8")
    kit = _presskit(venv, tmp_path, "kit", "-o", "kit.html", "--templates", str(mine))
    assert kit.returncode == 0, kit.stdout + kit.stderr
    html = (tmp_path / "kit.html").read_text(encoding="utf-8")
    assert "<title>OUR KIT</title>" in html and TITLE in html  # the override, on the installed page

    page.write_text('{% extends "!default/kit/missing.html.j2" %}', encoding="utf-8")
    kit = _presskit(venv, tmp_path, "kit", "-o", "kit.html", "--templates", str(mine))
    builtin = venv.resolve() / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / \
        "site-packages" / "presskit" / "templates"
    assert (kit.returncode, kit.stdout, kit.stderr) == (
        1, "", f"Error: template '!default/kit/missing.html.j2' not found; looked in: {mine}, {builtin}\n")
