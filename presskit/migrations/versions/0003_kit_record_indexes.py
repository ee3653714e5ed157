"""indexes for the press kit's bounded reads of awards, selections, screenings and broadcasts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

`presskit kit` shows every win, the newest nominations, the strongest and newest festival selections with
their upcoming and latest screenings, and the upcoming and latest broadcasts, each with a count of the rest.
These indexes make each of those reads an index range of one work (and each count a read of the index alone),
so a kit costs what it shows, not what the database holds.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_nominations_work_live_status_year", "nominations",
                    ["work_id", "removed_at", "status", "year", "id"])
    op.create_index("ix_selections_work_live_premiere_year", "selections",
                    ["work_id", "removed_at", "premiere", "year", "id", "status"])
    op.create_index("ix_screenings_work_live_starts_at", "screenings", ["work_id", "removed_at", "starts_at"])
    op.create_index("ix_broadcasts_work_live_starts_at", "broadcasts",
                    ["work_id", "removed_at", "starts_at", "id", "status"])


def downgrade() -> None:
    op.drop_index("ix_broadcasts_work_live_starts_at", table_name="broadcasts")
    op.drop_index("ix_screenings_work_live_starts_at", table_name="screenings")
    op.drop_index("ix_selections_work_live_premiere_year", table_name="selections")
    op.drop_index("ix_nominations_work_live_status_year", table_name="nominations")
