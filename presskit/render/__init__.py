"""Rendering: receives plain data, never a Session. Heavy libraries load inside the functions that use them.

Templates come from a user's folder first (``--templates DIR``, laid out like ``templates/``), then the
built-in ``templates/`` folder; ``{% extends "!default/email/base.mjml.j2" %}`` reaches the built-in file
even when the user's folder overrides it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presskit.errors import PresskitError
from presskit.resources import folder

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from jinja2 import BytecodeCache, Environment

# The repository's templates/ folder, installed as presskit.templates (a user can read and copy the files).
TEMPLATES = folder("presskit.templates")


# The settings every environment() has (below); they shape the compiled code, so they are part of its cache key:
# change this text when they change.
_SETTINGS = "autoescape unless .txt.j2|trim_blocks|lstrip_blocks|keep_trailing_newline|StrictUndefined"


class TemplateProblem(PresskitError):
    """A template cannot be found, parsed or rendered."""


def user_folder(templates: str | Path | None, area: str) -> Path | None:
    """The user's template folder, checked: overrides go in DIR/<area>/, mirroring templates/<area>/."""
    if templates is None:
        return None
    folder = Path(templates).expanduser()
    if not folder.is_dir():
        raise TemplateProblem(f"--templates {str(folder)!r} is not a folder")
    if not (folder / area).is_dir():
        raise TemplateProblem(f"--templates {str(folder)!r} has no {area}/ folder; put overrides in"
                              f" {folder / area}/, named like the files in {TEMPLATES / area}/")
    return folder


def environment(user_dir: Path | None, *, finalize: Callable[..., Any] | None = None,
                filters: dict[str, Callable[..., Any]] | None = None, cache: Path | None = None) -> Environment:
    """Autoescape on for every template except plain text (``*.txt.j2``): a ``.mjml`` file is HTML too.

    Compiled templates are kept in ``cache``/templates (default: presskit's cache folder, see
    ``compiled_templates``), so a command does not parse and compile the same page again at every run."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined

    loaders: list[Any] = [FileSystemLoader(str(user_dir))] if user_dir is not None else []
    builtin = FileSystemLoader(str(TEMPLATES))
    loaders += [builtin, PrefixLoader({"!default": builtin})]
    env = Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=compiled_templates(cache, finalize),
        autoescape=lambda name: not (name or "").endswith(".txt.j2"),
        undefined=StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters or {})
    return env


def compiled_templates(cache: Path | None, finalize: Callable[..., Any] | None = None) -> BytecodeCache | None:
    """Jinja's compiled templates, kept in ``cache``/templates (default: ``images.default_cache()``, presskit's
    cache folder), or None where that folder is not safe to load code from.

    Jinja checks each template's source against the checksum it was compiled from, so an edited template (a
    user's or the built-in one) is compiled again. Python code is loaded from the folder, so it is used only
    when it is a real folder of this user that nobody else may write to; it is made that way (0700) when it
    does not exist. Compiled code depends on the environment's settings and Jinja's version: both are in each
    entry's key, so environments and versions never read each other's code.
    """
    import os
    import stat
    from hashlib import sha1

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    if cache is None:
        from presskit.images import default_cache

        cache = default_cache()
    folder = Path(cache) / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    getuid = getattr(os, "getuid", None)
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022 or (getuid is not None and st.st_uid != getuid()):
        return None
    flavour = f"jinja {jinja2.__version__}|{_SETTINGS}|finalize {getattr(finalize, '__qualname__', None)}"

    class Compiled(FileSystemBytecodeCache):
        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            return sha1(f"{flavour}|{name}|{filename}".encode()).hexdigest()

    return Compiled(str(folder))


def variables(data: DataclassInstance) -> dict[str, Any]:
    """A dataclass's fields as a template's variables (one level: ``{{ work.title }}`` reads the field of a
    field the way it would read a dict's key)."""
    from dataclasses import fields

    return {f.name: getattr(data, f.name) for f in fields(data)}


def render_template(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Render ``name``; any template problem becomes one error that names the file and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as e:
        searched = [str(getattr(loader, "searchpath", ["?"])[0])
                    for loader in getattr(env.loader, "loaders", []) if hasattr(loader, "searchpath")]
        raise TemplateProblem(f"template {e.name!r} not found; looked in: {', '.join(searched)}") from None
    except TemplateSyntaxError as e:
        where = e.filename or e.name or name
        raise TemplateProblem(f"template {where} line {e.lineno}: {e.message}") from None
    except TemplateError as e:
        raise TemplateProblem(f"template {_where(e, name)}: {e.message or e}") from None


def _where(error: BaseException, name: str) -> str:
    # Jinja rewrites tracebacks so that template frames carry the template's file and line.
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    return f"{frames[-1].filename} line {frames[-1].lineno}" if frames else name
