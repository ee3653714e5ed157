"""a work's mailing-list address, for the newsletter's To: header

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

A message without a To: header is scored as spam; the .eml now names the list address (or
'undisclosed-recipients:;' when the work has none).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("works") as batch:
        batch.add_column(sa.Column("list_email", sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column("works", "list_email")
