"""Engines, sessions and schema upgrades for SQLite (default) and PostgreSQL (scale-out), and the one
`Base` every domain's models share.

Times are stored in UTC and always come back time-zone aware (see `UtcDateTime`); pages convert to
America/New_York for display.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    DateTime,
    Engine,
    create_engine,
    event,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL (readers never wait for the importer) and foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_begin_before_savepoint)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_before_savepoint(connection, _name) -> None:
    """Open the transaction before a savepoint that would otherwise be the first statement.

    Python's sqlite3 module begins a transaction lazily, before the first write, and not before a
    SAVEPOINT; a savepoint opened with no transaction around it commits its work on release, so the outer
    rollback kept it. Reads before the first write stay outside a transaction, as before, so concurrent
    writers still queue on the busy timeout instead of failing on a stale read snapshot.
    """
    driver = connection.connection.dbapi_connection
    if not driver.in_transaction:
        driver.execute("BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends and rolls everything back on an error."""
    with session_factory(engine).begin() as session:
        yield session


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is already there."""
    command.upgrade(alembic_config(engine), "head")


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and read back as an aware datetime on every backend.

    SQLite has no time-zone type, so without this a value written aware would come back naive.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware one")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass

