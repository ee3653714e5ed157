"""Folders installed inside the package: the built-in templates and the demo data.

pyproject.toml installs the top-level ``templates/`` and ``data/`` folders as the packages
``presskit.templates`` and ``presskit.data``, so an editable install, a wheel and the sdist all find them
here, through ``importlib.resources``, the same way.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def folder(package: str) -> Path:
    """The package's folder on disk: Jinja2 and WeasyPrint read templates and stylesheets by path."""
    found = files(package)
    if not isinstance(found, Path):  # pip and pipx unpack the wheel; only an import from a zip lands here
        raise RuntimeError(f"{package} is not a folder on disk ({found}): install presskit with pip or pipx")
    return found
