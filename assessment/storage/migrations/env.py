"""Alembic environment: runs on the connection given by `storage.database.upgrade`, or on the URL."""

from alembic import context
from sqlalchemy import create_engine

from assessment.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    """Run the migrations online (there is no offline SQL generation)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url", ""))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
