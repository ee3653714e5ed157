"""indexes of the records an embargo holds, and a coverage count from its index alone

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

Every output (kit, newsletter, calendar, report, site) first asks which kinds of news hold anything at its
clock, and leaves the others' queries as they are: each news table gets an index of its rows with an
embargo (``embargo_until`` set), so the answer costs what is held, usually nothing.

The kit says how much coverage a work has ("…and 99,980 more"). The count leaves out pieces an embargo holds, so
it read each piece's row for its ``embargo_until`` (7 ms for 100,000 pieces on the benchmark's large database).
The index of a work's live coverage now ends with ``embargo_until``: the count reads the index alone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

NEWS = ("coverage", "nominations", "selections", "screenings", "broadcasts", "events", "actions")
COUNT, COUNTED = "ix_coverage_work_live_published", ["work_id", "removed_at", "published", "id"]


def upgrade() -> None:
    for table in NEWS:
        op.create_index(f"ix_{table}_held", table, ["embargo_until"],
                        sqlite_where=sa.text("embargo_until IS NOT NULL"),
                        postgresql_where=sa.text("embargo_until IS NOT NULL"))
    op.drop_index(COUNT, table_name="coverage")
    op.create_index(COUNT, "coverage", [*COUNTED, "embargo_until"])


def downgrade() -> None:
    op.drop_index(COUNT, table_name="coverage")
    op.create_index(COUNT, "coverage", COUNTED)
    for table in NEWS:
        op.drop_index(f"ix_{table}_held", table_name=table)
