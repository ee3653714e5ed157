"""sends.recorded_at: when a send was recorded, by the machine's clock

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

A send's ``sent_at`` is its clock (``--now``, which may be in the past); corrections (``edits``) are dated by
when they were recorded. ``sends show N`` undoes the corrections recorded after send N, so it must know when
send N was recorded on the same clock. Sends recorded before this revision have none (NULL): for them
``sends show`` undoes only later status changes, as before.
"""

import sqlalchemy as sa
from alembic import op

from presskit.models.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sends", sa.Column("recorded_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("sends", "recorded_at")
