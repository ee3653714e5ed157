"""A new kind of record is a model, a migration, one kind module and its name in ``BUILT_IN`` (issue 10).

The test does what a newcomer would, on a copy of the package: it adds a "podcast" kind (an episode about the
work, on a show that is an organization) by touching exactly those places, listed in ``NEWCOMER_TOUCHES`` and in
``presskit/kinds/__init__.py``'s docstring, then runs the copy: `add`, `list`, `show`, `edit`, `export`, a
restore of that export into an empty database, and `remove`. If a command needs any other module to name the
kind, this fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "presskit"

# Each place, relative to the package: what a newcomer changes there.
NEWCOMER_TOUCHES = (
    "models/records.py",  # the model
    "models/__init__.py",  # its name among the models
    "migrations/versions/",  # a migration creating its table
    "migrations/__init__.py",  # HEAD: the newest revision
    "kinds/podcast.py",  # the kind: fields, label, data-file section
    "kinds/__init__.py",  # its name in BUILT_IN
)

MODEL = '''

class Podcast(WorkOwned, Base):
    """An episode of a podcast about the work (a throwaway kind: tests/test_new_kind.py)."""

    __tablename__ = "podcasts"

    show_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    show: Mapped["Organization"] = relationship(lazy="joined", innerjoin=True)
    title: Mapped[str]
    url: Mapped[str | None]
    aired: Mapped[date | None]
'''

MIGRATION = '''"""podcasts

Revision ID: {revision}
Revises: {down}
"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "podcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inferred", sa.JSON(), nullable=True),
        sa.Column("embargo_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("work_id", sa.Integer(), sa.ForeignKey("works.id"), nullable=False),
        sa.Column("show_id", sa.Integer(), sa.ForeignKey("organizations.id"), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("aired", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_podcasts")),
        sa.UniqueConstraint("key", name=op.f("uq_podcasts_key")),
    )


def downgrade() -> None:
    op.drop_table("podcasts")
'''

KIND = '''"""A podcast episode about the work, on a show (an organization)."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, Kind, register
from presskit.kinds.common import WORK
from presskit.models.enums import OrgKind


def _label(row: Any) -> str:
    aired = f"{row.aired.isoformat()} " if row.aired else ""
    return f"{aired}{row.show.name}: {row.title}"


KIND = register(Kind(
    "podcast", "Podcast", plural="podcasts", help="A podcast episode about the work.",
    example='presskit add podcast --show "Docs Talk" --title "Escaping North Korea"',
    edit_example='presskit edit podcast 1 --title "Escaping North Korea, part 1"',
    section="podcasts", section_rank=11, label=_label,
    fields=(
        WORK,
        Field("show", "ref", "The show (name, key or id); created if new", required=True, ref="organization",
              org_kind=OrgKind.outlet),
        Field("title", "str", "Episode title", required=True),
        Field("url", "url", "Where to listen"),
        Field("aired", "date", "The day it aired"),
    ),
))
'''

# Runs in the copy: each command through the CLI, outputs back as JSON.
CHILD = '''
import json, sys
from typer.testing import CliRunner
from presskit.cli import app

out = []
for db, *args in json.loads(sys.argv[1]):
    r = CliRunner().invoke(app, ["--db", db, *args], prog_name="presskit")
    out.append([r.exit_code, r.output])
print(json.dumps(out))
'''


def _add_podcast_kind(root: Path) -> set[str]:
    """The copy at ``root`` gains the kind; returns the files changed or added (relative to the package)."""
    pkg = root / "presskit"
    touched = set()

    def change(rel: str, text: str) -> None:
        path = pkg / rel
        assert not path.exists() or path.read_text(encoding="utf-8") != text, f"{rel} unchanged"
        path.write_text(text, encoding="utf-8")
        touched.add(rel)

    change("models/records.py", (pkg / "models/records.py").read_text(encoding="utf-8") + MODEL)
    models_init = (pkg / "models/__init__.py").read_text(encoding="utf-8")
    change("models/__init__.py", models_init.replace("__all__ = [", '__all__ = [\n    "Podcast",', 1))
    migrations_init = (pkg / "migrations/__init__.py").read_text(encoding="utf-8")
    down = re.search(r'^HEAD = "(\d+)"$', migrations_init, re.M)[1]
    revision = f"{int(down) + 1:04d}"
    change("migrations/__init__.py", migrations_init.replace(f'HEAD = "{down}"', f'HEAD = "{revision}"'))
    change(f"migrations/versions/{revision}_podcasts.py", MIGRATION.format(revision=revision, down=down))
    change("kinds/podcast.py", KIND)
    kinds_init = (pkg / "kinds/__init__.py").read_text(encoding="utf-8")
    built_in = re.search(r"BUILT_IN = \((.*?)\)", kinds_init, re.S)
    change("kinds/__init__.py", kinds_init[:built_in.end(1)] + ', "podcast"' + kinds_init[built_in.end(1):])
    return touched


def _run(root: Path, *commands: list[str]) -> list[tuple[int, str]]:
    env = {**os.environ, "PYTHONPATH": str(root), "PRESSKIT_DB": ""}
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(list(commands))], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return [tuple(r) for r in json.loads(proc.stdout)]


def test_a_new_kind_is_a_model_a_migration_and_one_module(tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(PACKAGE, root / "presskit", ignore=shutil.ignore_patterns("__pycache__"))
    touched = _add_podcast_kind(root)
    assert {t if not t.startswith("migrations/versions/") else "migrations/versions/" for t in touched} == set(
        NEWCOMER_TOUCHES)

    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    backup = tmp_path / "backup.yaml"
    again = tmp_path / "again.yaml"
    results = _run(
        root,
        [one, "init", "--title", "The Defector"],
        [one, "add", "podcast", "--show", "Docs Talk", "--title", "Escaping North Korea", "--aired", "2013-06-01",
         "--url", "https://example.org/docs-talk/1", "--key", "docs-talk-1"],
        [one, "list", "podcasts"],
        [one, "edit", "podcast", "docs-talk-1", "--title", "Escaping North Korea, part 1"],
        [one, "show", "podcast", "docs-talk-1"],
        [one, "export", "-o", str(backup)],
        [two, "init"],
        [two, "import", str(backup)],
        [two, "list", "podcasts"],
        [two, "export", "-o", str(again)],
        [two, "remove", "podcast", "docs-talk-1"],
        [two, "list", "podcasts"],
        [one, "add", "--help"],
    )
    codes = [code for code, _ in results]
    assert codes == [0] * len(results), results
    out = [text for _, text in results]
    assert out[1] == "Added podcast 1: 2013-06-01 Docs Talk: Escaping North Korea\n"
    assert out[2] == "    1  2013-06-01 Docs Talk: Escaping North Korea\n"
    assert out[4].splitlines()[:5] == ["podcast 1: 2013-06-01 Docs Talk: Escaping North Korea, part 1",
                                      "  key: docs-talk-1", "  work: the-defector", "  show: Docs Talk",
                                      "  title: Escaping North Korea, part 1"]
    text = backup.read_text(encoding="utf-8")
    assert "\npodcasts:\n- id: 1\n  key: docs-talk-1\n  work: the-defector\n  show: organization-1\n" in text, text
    # The restore holds the same records: its export is the same file, byte for byte.
    assert out[8] == "    1  2013-06-01 Docs Talk: Escaping North Korea, part 1\n"
    assert again.read_bytes() == backup.read_bytes()
    assert out[11] == "No podcasts yet; add one with: presskit add podcast --help\n"
    assert "  podcast " in out[12]
