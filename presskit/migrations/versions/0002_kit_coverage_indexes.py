"""coverage indexes for the press kit's bounded reads

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

`presskit kit` shows a work's top quotes and most recent coverage with a count of the rest. These indexes
make each of those reads an index range, so a kit costs the same with 100,000 coverage items as with ten.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_coverage_work_live_published", "coverage",
                    ["work_id", "removed_at", "published", "id"])
    op.create_index("ix_coverage_work_featured", "coverage", ["work_id", "removed_at", "published", "id"],
                    sqlite_where=sa.text("featured = 1"), postgresql_where=sa.text("featured = true"))
    op.create_index("ix_coverage_work_ranked", "coverage", ["work_id", "removed_at", "rank", "id"],
                    sqlite_where=sa.text("rank IS NOT NULL"), postgresql_where=sa.text("rank IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_coverage_work_ranked", table_name="coverage")
    op.drop_index("ix_coverage_work_featured", table_name="coverage")
    op.drop_index("ix_coverage_work_live_published", table_name="coverage")
