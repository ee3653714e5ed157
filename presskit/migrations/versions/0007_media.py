"""media: posters, key art, stills, headshots and logos

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

A picture is a file in the data folder (a relative path) or an https URL, with its alt text, caption, credit,
order, the work or person it shows, and what Pillow read from the file (size, format, colour mode, hash).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("role", sa.Enum("poster", "key_art", "still", "headshot", "logo", name="mediarole",
                                  native_enum=False, create_constraint=False, length=20), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("alt", sa.Text(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("credit", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(length=10), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=True),
        sa.Column("bytes", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_media_person_id_people")),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name=op.f("fk_media_work_id_works")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
        sa.UniqueConstraint("key", name=op.f("uq_media_key")),
    )
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.create_index("ix_media_work_live_role", ["work_id", "removed_at", "role", "position", "id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_media_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_person_id"))
        batch_op.drop_index("ix_media_work_live_role")
    op.drop_table("media")
