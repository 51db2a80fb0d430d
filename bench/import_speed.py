"""Import speed: `import_311` on a real-layout CSV, against the floor any importer stands on, a plain
DB-API `executemany` INSERT of the very rows the import stored (already parsed, already converted).

On SQLite the importer enlarges the page cache for its transaction, which makes inserts at a million
rows about 1.5 times as fast; the baseline gets the same cache, so the ratio shows only what parsing
and converting cost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from portal.imports.importer import SQLITE_CACHE_KIB, import_311
from portal.maps.geo import boston
from portal.reports.models import Report, ServiceType

BASELINE_BATCH = 50_000  # the importer's own chunk size


@dataclass(frozen=True)
class ImportFigures:
    rows: int
    seconds: float
    baseline_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    @property
    def baseline_rows_per_second(self) -> float:
        return self.rows / self.baseline_seconds

    @property
    def ratio(self) -> float:
        """Our speed as a share of the bare insert's."""
        return self.rows_per_second / self.baseline_rows_per_second


def time_import(engine: Engine, path: Path) -> tuple[int, float]:
    """Rows inserted and seconds taken, parsing included (the outlines are loaded beforehand)."""
    neighborhoods = boston()
    start = time.perf_counter()
    summary = import_311(engine, path, neighborhoods=neighborhoods)
    return summary.inserted, time.perf_counter() - start


def time_executemany(source: Engine, target: Engine) -> float:
    """Seconds to executemany every report of `source` into the empty `target`, one transaction.

    Only the INSERT calls and the commit are timed; reading the rows back is not.
    """
    placeholder = "?" if target.dialect.dbapi.paramstyle == "qmark" else "%s"
    reading, writing = source.raw_connection(), target.raw_connection()
    if target.dialect.name == "sqlite":
        writing.cursor().execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        _copy_table(reading, writing, ServiceType.__table__.name, _columns(ServiceType), placeholder)
        writing.commit()
        names = [name for name in _columns(Report) if name != "id"]
        insert = _insert_sql(Report.__table__.name, names, placeholder)
        cursor, out = reading.cursor(), writing.cursor()
        cursor.execute(f"SELECT {', '.join(names)} FROM {Report.__table__.name} ORDER BY id")
        seconds = 0.0
        while batch := cursor.fetchmany(BASELINE_BATCH):
            start = time.perf_counter()
            out.executemany(insert, batch)
            seconds += time.perf_counter() - start
        start = time.perf_counter()
        writing.commit()
        return seconds + time.perf_counter() - start
    finally:
        reading.close()
        writing.close()


def _columns(model: type) -> list[str]:
    return [column.name for column in model.__table__.columns]


def _insert_sql(table: str, names: list[str], placeholder: str) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join([placeholder] * len(names))})"


def _copy_table(reading, writing, table: str, names: list[str], placeholder: str) -> None:
    cursor = reading.cursor()
    cursor.execute(f"SELECT {', '.join(names)} FROM {table}")
    writing.cursor().executemany(_insert_sql(table, names, placeholder), cursor.fetchall())
