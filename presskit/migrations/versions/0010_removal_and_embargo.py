"""credits and quotes can be removed; records and status changes can be embargoed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

A credit or a quote gets `removed_at`, like every other record. A newsworthy record and a status change get
`embargo_until` (held from every output until then), and a journal entry `release_at`, the time it may first
go out (the later of its record's and its status change's embargoes).
"""

import sqlalchemy as sa
from alembic import op

from presskit.models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

REMOVABLE = ("credits", "quotes")
EMBARGOED = ("coverage", "nominations", "selections", "screenings", "broadcasts", "events", "actions",
             "status_changes")


def upgrade() -> None:
    for table in REMOVABLE:
        op.add_column(table, sa.Column("removed_at", UTCDateTime(timezone=True), nullable=True))
    for table in EMBARGOED:
        op.add_column(table, sa.Column("embargo_until", UTCDateTime(timezone=True), nullable=True))
    op.add_column("journal_entries", sa.Column("release_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in (*REMOVABLE, *EMBARGOED, "journal_entries"):
        column = "removed_at" if table in REMOVABLE else "release_at" if table == "journal_entries" \
            else "embargo_until"
        op.drop_column(table, column)
