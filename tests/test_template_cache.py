"""Compiled templates are kept in presskit's cache folder: a second kit loads the page's code instead of parsing
and compiling the template again, an edited template is compiled again, and no code is ever loaded from a
folder somebody else may write to."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2
import pytest
from test_kit import build

from presskit.render import compiled_templates


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from source (a template loaded from the cache is not)."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_the_second_kit_loads_the_compiled_page(defector, tmp_path: Path, compiles: list[str]) -> None:
    cache = tmp_path / "cache"
    build(defector, tmp_path / "first.html", cache=cache)
    assert "kit/page.html.j2" in compiles
    folder = cache / "templates"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.suffix for p in folder.iterdir()) == [".cache"] * len(set(compiles))

    compiles.clear()
    build(defector, tmp_path / "second.html", cache=cache)
    assert compiles == []
    assert (tmp_path / "second.html").read_bytes() == (tmp_path / "first.html").read_bytes()


def test_an_edited_template_is_compiled_again(defector, tmp_path: Path, compiles: list[str]) -> None:
    mine = tmp_path / "mine"
    (mine / "kit").mkdir(parents=True)
    page = mine / "kit" / "page.html.j2"
    page.write_text("{% extends '!default/kit/page.html.j2' %}{% block logline %}<p>First words</p>{% endblock %}")
    cache = tmp_path / "cache"
    build(defector, tmp_path / "kit.html", cache=cache, templates=mine)
    assert "First words" in (tmp_path / "kit.html").read_text(encoding="utf-8")

    page.write_text(page.read_text().replace("First words", "Second words"))
    compiles.clear()
    build(defector, tmp_path / "kit.html", cache=cache, templates=mine)
    text = (tmp_path / "kit.html").read_text(encoding="utf-8")
    assert "Second words" in text and "First words" not in text
    assert compiles == ["kit/page.html.j2"]  # the built-in page it extends is unchanged: loaded, not compiled


@pytest.mark.sqlite_only("the cache folder does not depend on the backend")
@pytest.mark.parametrize("how", ["others may write to it", "a link to another folder"])
def test_no_code_is_loaded_from_a_folder_that_is_not_safe(defector, tmp_path: Path, compiles: list[str],
                                                          how: str) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    folder = cache / "templates"
    if how == "a link to another folder":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        folder.symlink_to(tmp_path / "elsewhere")
    else:
        folder.mkdir()
        os.chmod(folder, 0o777)
    assert compiled_templates(cache) is None
    for name in ("one.html", "two.html"):
        build(defector, tmp_path / name, cache=cache)
    assert compiles.count("kit/page.html.j2") == 2  # compiled each time, from the source
    assert list(folder.iterdir()) == []
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()


def test_environments_and_versions_never_share_code(tmp_path: Path, monkeypatch) -> None:
    def finalize(value):
        return value

    plain, finalized = compiled_templates(tmp_path), compiled_templates(tmp_path, finalize)
    assert plain is not None and finalized is not None
    name, filename = "kit/page.html.j2", "/templates/kit/page.html.j2"
    keys = {plain.get_cache_key(name, filename), finalized.get_cache_key(name, filename)}
    monkeypatch.setattr(jinja2, "__version__", "99.0")
    newer = compiled_templates(tmp_path)
    assert newer is not None
    keys.add(newer.get_cache_key(name, filename))
    assert len(keys) == 3
