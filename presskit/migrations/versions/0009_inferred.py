"""inferred: which of a record's values are inferred rather than read from a source

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

A JSON list of field names on every keyed record, set from a data file's `inferred:` or with
`--inferred`; `presskit check` lists the records that still have some.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("organizations", "people", "works", "coverage", "nominations", "selections", "screenings",
          "broadcasts", "events", "actions", "media")


def upgrade() -> None:
    # Plain ADD COLUMN: a batch copy would drop tables that foreign keys point at (SQLite refuses with records).
    for table in TABLES:
        op.add_column(table, sa.Column("inferred", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "inferred")
