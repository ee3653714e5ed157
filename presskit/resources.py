"""Folders installed inside the package: the built-in templates and the demo data.

pyproject.toml installs the top-level ``templates/`` and ``data/`` folders as the packages
``presskit.templates`` and ``presskit.data``, so an editable install, a wheel and the sdist all find them
here, by the package's import spec, the same way.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def folder(package: str) -> Path:
    """The package's folder on disk: Jinja2 and WeasyPrint read templates and stylesheets by path.

    Read from the package's import spec (where the import system would load it from), as
    ``importlib.resources.files`` does for a package on disk, without importing the package or the readers
    ``files`` loads: the kit's templates folder is found at every start-up."""
    spec = find_spec(package)
    places = list(spec.submodule_search_locations or ()) if spec is not None else []
    found = Path(places[0]) if places else None
    if found is None or not found.is_dir():  # pip and pipx unpack the wheel; only an import from a zip lands here
        raise RuntimeError(f"{package} is not a folder on disk ({found}): install presskit with pip or pipx")
    return found
