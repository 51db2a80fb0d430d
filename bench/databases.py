"""Fresh databases for a benchmark: a SQLite file in `bench/out/`, or a new database on a PostgreSQL
server, migrated to the newest schema and removed again when the measurement is done."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, text

from portal.db import make_engine, upgrade


@contextmanager
def fresh_database(server_url: str | None, name: str, folder: Path, keep: bool = False) -> Iterator[Engine]:
    """An empty, migrated database called `name`; SQLite in `folder` when there is no server.

    `keep` leaves it in place afterwards, for the next run to reuse."""
    if server_url is None:
        path = folder / f"{name}.sqlite3"
        _remove_sqlite(path)
        url = f"sqlite:///{path}"
    else:
        _recreate_postgres(server_url, name)
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        if server_url is None and not keep:
            _remove_sqlite(path)
        elif server_url is not None and not keep:
            _drop_postgres(server_url, name)


def describe(server_url: str | None) -> tuple[str, str]:
    """The backend's key ("sqlite" / "postgresql") and its name and version, for the results."""
    if server_url is None:
        return "sqlite", f"SQLite {sqlite3.sqlite_version} (file, WAL, synchronous=NORMAL)"
    admin = _admin(server_url)
    with admin.connect() as connection:
        version = connection.execute(text("SHOW server_version")).scalar_one()
    admin.dispose()
    return "postgresql", f"PostgreSQL {version}"


def keep_postgres(server_url: str, name: str) -> str:
    """The URL of database `name` on the server, created (empty) when it is not there yet; never dropped."""
    admin = _admin(server_url)
    with admin.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first()
        if found is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _remove_sqlite(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _admin(server_url: str) -> Engine:
    return create_engine(server_url, isolation_level="AUTOCOMMIT")


def _recreate_postgres(server_url: str, name: str) -> None:
    _drop_postgres(server_url, name)
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _drop_postgres(server_url: str, name: str) -> None:
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
