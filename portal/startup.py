"""Getting a database ready to serve: schema upgraded, demo data loaded into an empty one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, exists, select

from portal.config import Settings
from portal.db import make_engine, session_factory, upgrade
from portal.importer import ImportSummary, import_311
from portal.models import Report


def prepare(settings: Settings) -> Engine:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    load_demo_if_empty(engine, settings.demo_data_path)
    return engine


def load_demo_if_empty(engine: Engine, path: Path) -> ImportSummary | None:
    """Load the shipped sample of real Boston 311 cases, but only into a database with no reports."""
    with session_factory(engine)() as session:
        if session.scalar(select(exists().where(Report.id.is_not(None)))):
            return None
    return import_311(engine, path)
