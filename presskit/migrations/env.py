from alembic import context

from presskit.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("presskit migrations run through presskit.migrations.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
