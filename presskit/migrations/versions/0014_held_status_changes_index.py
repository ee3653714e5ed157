"""an index of the status changes an embargo holds

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

Every output reads the database as the public may see it (``embargo.hold``): first it asks which status changes
are still held (``embargo_until`` after its clock). Without an index that read went through every status change
(95,000 on the benchmark's large database, 6 ms of each kit, newsletter and calendar). The index holds only the
rows with an embargo, so the read costs what is held, which is usually nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_status_changes_held", "status_changes", ["embargo_until"],
                    sqlite_where=sa.text("embargo_until IS NOT NULL"),
                    postgresql_where=sa.text("embargo_until IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_status_changes_held", table_name="status_changes")
