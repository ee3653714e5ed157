"""A new kind of record is a model, a migration, one kind module and its name in ``BUILT_IN`` (issue 10).

The test does what a newcomer would, on a copy of the package: it adds a "podcast" kind (an episode about the
work, on a show that is an organization) and a "segment" kind (a part of an episode, which a data file lists
inside its episode) by touching exactly those places, listed in ``NEWCOMER_TOUCHES`` and in
``presskit/kinds/__init__.py``'s docstring, then runs the copy: `add`, `list`, `show`, `edit`, `import` of a data
file (twice), `export`, a restore of that export into an empty database, and `remove`. If a command needs any
other module to name the kinds, this fails.
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
    "kinds/podcast.py",  # the kind: fields, label, data-file section, the list nested in it
    "kinds/segment.py",  # the nested list's kind
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


class Segment(Base):
    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    podcast_id: Mapped[int] = mapped_column(ForeignKey("podcasts.id"), index=True)
    title: Mapped[str]
    minute: Mapped[int] = mapped_column(default=0)
    removed_at: Mapped[datetime | None]

    podcast: Mapped["Podcast"] = relationship(lazy="joined", innerjoin=True)
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
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("podcast_id", sa.Integer(), sa.ForeignKey("podcasts.id"), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
    )


def downgrade() -> None:
    op.drop_table("segments")
    op.drop_table("podcasts")
'''

KIND = '''"""A podcast episode about the work, on a show (an organization)."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, FileList, Kind, NestedReader, register
from presskit.kinds.common import WORK
from presskit.models.enums import OrgKind


def _label(row: Any) -> str:
    aired = f"{row.aired.isoformat()} " if row.aired else ""
    return f"{aired}{row.show.name}: {row.title}"


def _read_segments(file: NestedReader, podcast: Any, items: list[Any]) -> None:
    from sqlalchemy import select

    from presskit import models as m

    have = {sg.title: sg for sg in file.s.scalars(select(m.Segment).where(m.Segment.podcast_id == podcast.id))}
    for item in items:
        values, sid, gone = file.split(item if isinstance(item, dict) else {"title": item})
        segment = have.get(values.get("title"))
        if segment is None:
            segment = file.add("segment", {"podcast": podcast.id, **values}, id=sid)
        file.removed("segment", segment, gone)


def _segment_rows() -> Any:
    from sqlalchemy import select

    from presskit import models as m

    t = m.Segment.__table__
    return select(t.c.podcast_id, t.c.id, t.c.title, t.c.minute, t.c.removed_at).order_by(
        t.c.podcast_id, t.c.minute, t.c.id)


def _segment_item(row: Any) -> dict[str, Any]:
    _, sid, title, minute, gone = row
    return {"id": sid, "title": title, "minute": minute or None, "removed": gone}


KIND = register(Kind(
    "podcast", "Podcast", plural="podcasts", help="A podcast episode about the work.",
    example='presskit add podcast --show "Docs Talk" --title "Escaping North Korea"',
    edit_example='presskit edit podcast 1 --title "Escaping North Korea, part 1"',
    section="podcasts", section_rank=11, label=_label,
    file_lists=(FileList("segments", _read_segments, _segment_rows, _segment_item),),
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

SEGMENT = '''"""A segment of a podcast episode; a data file lists them inside their episode (``segments:``)."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, Kind, register


def _label(row: Any) -> str:
    return f"{row.podcast.title}, minute {row.minute}: {row.title}"


KIND = register(Kind(
    "segment", "Segment", plural="segments", keyed=False, help="A segment of a podcast episode.",
    example='presskit add segment --podcast docs-talk-1 --title "Crossing the river" --minute 12',
    edit_example="presskit edit segment 1 --minute 14", label=_label,
    fields=(
        Field("podcast", "ref", "The episode (key or id)", required=True, ref="podcast"),
        Field("title", "str", "What it is about", required=True),
        Field("minute", "int", "The minute it starts at", default=0),
    ),
))
'''

DATA_FILE = """\
podcasts:
- key: docs-talk-2
  show: Docs Talk
  title: Escaping North Korea, part 2
  aired: 2013-06-08
  segments:
  - title: The border
    minute: 3
  - Home
"""

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
    change("models/__init__.py", models_init.replace("__all__ = [", '__all__ = [\n    "Podcast", "Segment",', 1))
    migrations_init = (pkg / "migrations/__init__.py").read_text(encoding="utf-8")
    down = re.search(r'^HEAD = "(\d+)"$', migrations_init, re.M)[1]
    revision = f"{int(down) + 1:04d}"
    change("migrations/__init__.py", migrations_init.replace(f'HEAD = "{down}"', f'HEAD = "{revision}"'))
    change(f"migrations/versions/{revision}_podcasts.py", MIGRATION.format(revision=revision, down=down))
    change("kinds/podcast.py", KIND)
    change("kinds/segment.py", SEGMENT)
    kinds_init = (pkg / "kinds/__init__.py").read_text(encoding="utf-8")
    built_in = re.search(r"BUILT_IN = \((.*?)\)", kinds_init, re.S)
    change("kinds/__init__.py", kinds_init[:built_in.end(1)] + ', "podcast", "segment"' + kinds_init[built_in.end(1):])
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
    data = tmp_path / "podcasts.yaml"
    data.write_text(DATA_FILE, encoding="utf-8")
    again = tmp_path / "again.yaml"
    results = _run(
        root,
        [one, "init", "--title", "The Defector"],
        [one, "add", "podcast", "--show", "Docs Talk", "--title", "Escaping North Korea", "--aired", "2013-06-01",
         "--url", "https://example.org/docs-talk/1", "--key", "docs-talk-1"],
        [one, "list", "podcasts"],
        [one, "edit", "podcast", "docs-talk-1", "--title", "Escaping North Korea, part 1"],
        [one, "show", "podcast", "docs-talk-1"],
        [one, "add", "segment", "--podcast", "docs-talk-1", "--title", "Crossing the river", "--minute", "12"],
        [one, "import", str(data)],
        [one, "import", str(data)],
        [one, "list", "segments"],
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
    assert out[3] == "Edited podcast 1: title 'Escaping North Korea' -> 'Escaping North Korea, part 1'\n"
    assert out[4].splitlines()[:5] == ["podcast 1: 2013-06-01 Docs Talk: Escaping North Korea, part 1",
                                      "  key: docs-talk-1", "  work: the-defector", "  show: Docs Talk",
                                      "  title: Escaping North Korea, part 1"]
    assert out[5] == "Added segment 1: Escaping North Korea, part 1, minute 12: Crossing the river\n"
    # The data file's episode and the segments listed inside it; a second import finds them all.
    assert out[6] == "podcasts.yaml: added 1 podcast; updated nothing; 0 status changes\n"
    assert out[7] == "podcasts.yaml: nothing new\n"
    assert out[8].splitlines() == ["    1  Escaping North Korea, part 1, minute 12: Crossing the river",
                                   "    2  Escaping North Korea, part 2, minute 3: The border",
                                   "    3  Escaping North Korea, part 2, minute 0: Home"]
    text = backup.read_text(encoding="utf-8")
    assert ("\npodcasts:\n- id: 1\n  key: docs-talk-1\n  work: the-defector\n  show: organization-1\n"
            "  title: Escaping North Korea, part 1\n  url: https://example.org/docs-talk/1\n  aired: '2013-06-01'\n"
            "  segments:\n  - id: 1\n    title: Crossing the river\n    minute: 12\n") in text, text
    assert "  segments:\n  - id: 3\n    title: Home\n  - id: 2\n    title: The border\n    minute: 3\n" in text
    # The restore holds the same records: its export is the same file, byte for byte.
    assert out[11] == "backup.yaml: restored 7 records, 0 news entries, 0 sends to 1 audience\n"
    assert again.read_bytes() == backup.read_bytes()
    assert out[15] == "    2  2013-06-08 Docs Talk: Escaping North Korea, part 2\n"
    assert "  podcast " in out[16] and "  segment " in out[16]
