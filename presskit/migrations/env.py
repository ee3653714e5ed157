from alembic import context

from presskit.models import Base
from presskit.models.base import use_postgresql

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("presskit migrations run through presskit.migrations.upgrade(engine)")
if connection.dialect.name == "postgresql":
    use_postgresql()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
