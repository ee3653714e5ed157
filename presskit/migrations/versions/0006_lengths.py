"""a length for screenings, broadcasts and events

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

`presskit calendar` gives every entry an end. A record's own length (in minutes) comes first; without one, a
screening or broadcast lasts the work's runtime, else its kind's stated default. An event's `ends_at` still
wins over its length.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("screenings", "broadcasts", "events")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("length_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "length_minutes")
