"""quotes.created_at, credits.created_at: when a quote or a credit was added

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

Records have kept when they were added since the first revision; a coverage item's quotes and a work's credits
had not. `sends show N` leaves out a quote added after send N (it reads what the send told as it stood then).
Rows added before this revision have none (NULL): they read as always there.
"""

import sqlalchemy as sa
from alembic import op

from presskit.models.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("quotes", "credits"):
        op.add_column(table, sa.Column("created_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in ("quotes", "credits"):
        op.drop_column(table, "created_at")
