"""sends.base_url: the site address a send was made with

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

A newsletter made with ``--base-url`` (or the work's https website in its place) leads with a picture from that
site and links its web version there. ``sends show N`` renders send N again with the address it was made with,
not today's website. Sends recorded before this revision have none (NULL): they are shown without a site, as
before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sends", sa.Column("base_url", sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column("sends", "base_url")
