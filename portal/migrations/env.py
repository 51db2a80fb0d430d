"""Alembic environment: runs migrations on the engine the portal hands over."""

from alembic import context
from sqlalchemy import create_engine

from portal.config import load_settings
from portal.models import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(load_settings().database_url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
