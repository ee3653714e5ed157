"""sends.file_token: which staged newsletter file belongs to a recorded send

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

`newsletter --mark-sent -o FILE` makes the file durable under a hidden name carrying a random token, records
the send with that token, and only then moves the file into place. A run stopped between the two leaves a
staged file; the next run on the same FILE finds the send by its token and finishes the move (or, when no
send carries the token, knows the file was never sent and deletes it).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sends") as batch:
        batch.add_column(sa.Column("file_token", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("sends", "file_token")
