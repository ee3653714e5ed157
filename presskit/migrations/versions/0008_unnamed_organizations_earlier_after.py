"""organizations.unnamed: a festival, outlet or venue the sources do not name; works.earlier_after_days

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

An organization whose name is not known is recorded with what is known of it (kind, city, country); its
``name`` is then the team's own label, and outputs describe it ("a festival in the United States") instead of
printing the label. Existing organizations are named.

works.earlier_after_days: a newsletter puts news older than this many days (90 when unset) in a short
'Earlier' list instead of the headlines. sends.intro and sends.earlier_after_days keep a send's opening
paragraph and that age, so `sends show` renders the issue that went out.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, also on SQLite: a batch copy would drop and recreate organizations, which a database
    # with records refuses while foreign keys point at it.
    op.add_column("organizations", sa.Column("unnamed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("works", sa.Column("earlier_after_days", sa.Integer(), nullable=True))
    op.add_column("sends", sa.Column("intro", sa.Text(), nullable=True))
    op.add_column("sends", sa.Column("earlier_after_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("sends", "earlier_after_days")
    op.drop_column("sends", "intro")
    op.drop_column("works", "earlier_after_days")
    op.drop_column("organizations", "unnamed")
