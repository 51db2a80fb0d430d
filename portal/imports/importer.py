"""Loading Boston 311 CSVs into the database: in bulk, in one transaction, idempotent on the case id.

A re-import of the same file adds nothing; a newer export of the same cases updates what changed
(status, closed time, closure reason) and records that change in each report's history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Dialect, Engine, bindparam, column, insert, select, table, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from portal.db import transaction, utc_now
from portal.imports.boston311 import Chunk, Reject, read_chunks, write_rejects
from portal.maps.cells import h3_cells
from portal.maps.geo import Neighborhoods, boston
from portal.reports.models import Report, ReportEvent, ServiceType
from portal.reports.public_ids import new_public_ids
from portal.reports.wording import UPDATED_FROM_EXPORT

Progress = Callable[[int, int], None]
# SQLite allows at most 32,766 bound parameters in one statement.
LOOKUP_BATCH = 10_000
CHUNK_SIZE = 50_000  # rows parsed and stored at a time
SQLITE_CACHE_KIB = 256 * 1024
TYPE_KEY = ["subject", "reason", "type"]
# The reports table without column types: bulk rows go in and are compared already in the
# database's own form (see `_db_times`), so nothing is converted once per value.
RAW_REPORTS = table(Report.__tablename__, *(column(c.name) for c in Report.__table__.columns))
STORED_CASES = select(
    RAW_REPORTS.c.external_case_id,
    RAW_REPORTS.c.id,
    RAW_REPORTS.c.status,
    RAW_REPORTS.c.closed_at,
    RAW_REPORTS.c.closure_reason,
).where(RAW_REPORTS.c.external_case_id.in_(bindparam("case_ids", expanding=True)))


@dataclass
class ImportSummary:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    not_geocoded: int = 0

    def lines(self) -> list[str]:
        return [
            f"rows read:     {self.read}",
            f"inserted:      {self.inserted}",
            f"updated:       {self.updated}",
            f"unchanged:     {self.unchanged}",
            f"rejected:      {self.rejected}",
            f"not geocoded:  {self.not_geocoded}",
        ]


def import_311(
    engine: Engine,
    path: Path,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    neighborhoods: Neighborhoods | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ImportSummary:
    """Import a Boston 311 CSV (.csv or .csv.gz); all of it or, on a malformed file, none of it."""
    summary = ImportSummary()
    rejects: list[Reject] = []
    if rejects_path is not None:
        # Fail before importing, not after: a refused-rows file that cannot be written must not leave
        # an import that reports failure but has already stored its rows.
        rejects_path.open("a").close()
    with transaction(engine) as session, _bulk_cache(session):
        _begin_writing(session)
        # Into an empty table every case is new: no lookups (repeats within the file are refused as they are read).
        into_empty = session.execute(select(RAW_REPORTS.c.id).limit(1)).first() is None
        with _indexes_after_rows(session) if into_empty else nullcontext():
            types = _ServiceTypes(session)
            for chunk, done, total in read_chunks(path, neighborhoods or boston(), chunk_size):
                _store_chunk(session, types, chunk, summary, into_empty)
                rejects.extend(chunk.rejects)
                if progress:
                    progress(done, total)
    summary.rejected = len(rejects)
    summary.read = summary.inserted + summary.updated + summary.unchanged + summary.rejected
    if rejects_path is not None:
        write_rejects(rejects_path, rejects)
    return summary


@contextmanager
def _bulk_cache(session: Session) -> Iterator[None]:
    """On SQLite, a page cache that holds the report indexes while the import runs.

    New public ids land at random places in their index, so with the default 2 MB cache SQLite keeps
    evicting and re-reading pages. The pooled connection gets its usual size back afterwards (a big
    cache stays allocated), through the driver so that this happens even after a failed transaction.
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    driver = session.connection().connection.driver_connection
    before = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {before}")


def _begin_writing(session: Session) -> None:
    """On SQLite, take the write lock now: Python's sqlite3 would run the index DDL below outside a
    transaction, and IMMEDIATE waits for other writers rather than failing later on a stale snapshot."""
    connection = session.connection()
    driver = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not driver.in_transaction:
        driver.execute("BEGIN IMMEDIATE")


@contextmanager
def _indexes_after_rows(session: Session) -> Iterator[None]:
    """Into an empty reports table, rows first and the secondary indexes built after them.

    Keeping fifteen indexes up to date row by row cost more than writing the rows; building each once
    over all of them is a sort. Only for an empty table: rebuilding the indexes of the reports already
    stored would cost more than a smaller import saves. The unique constraints stay, so a repeated
    case or public id is still refused row by row. All of it is one transaction: a failed import
    leaves the indexes as they were (the exception skips the rebuild and the rollback restores them).
    """
    connection = session.connection()
    indexes = sorted((index for index in Report.__table__.indexes if not index.unique), key=lambda i: i.name)
    for index in indexes:
        index.drop(connection)
    yield
    for index in indexes:
        index.create(connection)


class _ServiceTypes:
    """Finds or creates service types by (subject, reason, type), one query per new batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        rows = session.execute(
            select(ServiceType.subject, ServiceType.reason, ServiceType.name, ServiceType.id)
        )
        self.ids = {(s, r, n): i for s, r, n, i in rows}

    def ids_for(self, frame: pd.DataFrame) -> np.ndarray:
        # Work on the few distinct keys, then spread their ids back over the rows.
        keys = frame.groupby(TYPE_KEY, sort=False).ngroup().to_numpy()
        distinct = list(frame.drop_duplicates(TYPE_KEY)[TYPE_KEY].itertuples(index=False, name=None))
        new = [key for key in distinct if key not in self.ids]
        if new:
            last = frame.drop_duplicates(TYPE_KEY, keep="last")
            departments = dict(zip(last[TYPE_KEY].itertuples(index=False, name=None), last["department"]))
            inserted = self.session.scalars(
                insert(ServiceType).returning(ServiceType.id, sort_by_parameter_order=True),
                [
                    {"subject": s, "reason": r, "name": n, "department": departments[(s, r, n)]}
                    for s, r, n in new
                ],
            )
            self.ids.update(zip(new, inserted))
        return np.array([self.ids[key] for key in distinct], dtype=np.int64)[keys]


def _store_chunk(
    session: Session, types: _ServiceTypes, chunk: Chunk, summary: ImportSummary, into_empty: bool
) -> None:
    frame = chunk.records
    if frame.empty:
        return
    frame = frame.assign(service_type_id=types.ids_for(frame))
    dialect = session.get_bind().dialect
    closed = _db_times(frame["closed"], dialect)
    case_ids = frame["case_id"].tolist()
    existing = {} if into_empty else _existing(session, case_ids)
    is_new = np.array([case_id not in existing for case_id in case_ids], dtype=bool)
    fresh = frame[is_new]
    summary.not_geocoded += int(fresh["lat"].isna().sum())
    if not fresh.empty:
        _insert_reports(session.connection(), _report_columns(fresh, closed[is_new], dialect))
        summary.inserted += len(fresh)
    _update_changed(session, frame[~is_new], closed[~is_new], existing, summary)


def _existing(session: Session, case_ids: list[str]) -> dict[str, tuple]:
    """Case id -> (report id, status, closed_at, closure_reason) for the cases already stored.

    closed_at comes back as the database holds it, to be compared with `_db_times` of the file.
    """
    found = {}
    for start in range(0, len(case_ids), LOOKUP_BATCH):
        rows = session.execute(STORED_CASES, {"case_ids": case_ids[start : start + LOOKUP_BATCH]})
        found.update((case_id, tuple(rest)) for case_id, *rest in rows)
    return found


def _update_changed(
    session: Session,
    seen: pd.DataFrame,
    closed: np.ndarray,
    existing: dict[str, tuple],
    summary: ImportSummary,
) -> None:
    stored = [existing[case_id] for case_id in seen["case_id"].tolist()]
    latest = zip(seen["status"].tolist(), closed, seen["closure_reason"].tolist())
    changed = np.array([old[1:] != new for old, new in zip(stored, latest)], dtype=bool)
    summary.unchanged += len(seen) - int(changed.sum())
    if not changed.any():
        return
    rows = seen[changed]
    report_ids, old_statuses = zip(*(stored[at][:2] for at in np.flatnonzero(changed)))
    now = utc_now()
    updates = [
        {"id": report_id, "status": status, "closed_at": closed_at, "closure_reason": reason,
         "updated_at": now}
        for report_id, status, closed_at, reason
        in zip(report_ids, rows["status"], _python_times(rows["closed"]), rows["closure_reason"])
    ]  # fmt: skip
    events = [
        {"report_id": report_id, "at": now, "kind": "imported_update", "from_status": old_status,
         "to_status": status, "note": UPDATED_FROM_EXPORT}
        for report_id, old_status, status in zip(report_ids, old_statuses, rows["status"])
    ]  # fmt: skip
    session.execute(update(Report), updates)
    session.execute(insert(ReportEvent), events)
    summary.updated += len(updates)


def _python_times(values: pd.Series) -> np.ndarray:
    """Aware UTC datetimes, None for a missing one."""
    return np.where(values.isna().to_numpy(), None, values.dt.tz_convert("UTC").array.to_pydatetime())


def _db_times(values: pd.Series, dialect: Dialect) -> np.ndarray:
    """UTC timestamps in the form the driver takes them, None for a missing one.

    Report's `UtcDateTime` columns would convert each value on its own; at a million rows that is most
    of the insert. SQLite stores text, and SQLAlchemy's SQLite dialect writes it as
    `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, so this writes exactly that text, one column at a time.
    Other drivers take aware datetimes.
    """
    if dialect.name != "sqlite":
        return _python_times(values)
    naive = values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[us]")
    text = np.strings.replace(np.datetime_as_string(naive, unit="us"), "T", " ").astype(object)
    return np.where(values.isna().to_numpy(), None, text)


def _nullable(values: pd.Series) -> list:
    """Plain Python values with None for missing ones, as the driver wants them."""
    return values.astype(object).where(values.notna(), None).tolist()


def _report_columns(frame: pd.DataFrame, closed: np.ndarray, dialect: Dialect) -> dict[str, list]:
    """The new reports, column by column, each value ready for the driver."""
    lats, lons = _nullable(frame["lat"]), _nullable(frame["lon"])
    h3_r8, h3_r9 = h3_cells(lats, lons)
    n = len(frame)
    now = _db_times(pd.Series([pd.Timestamp(utc_now())]), dialect)[0]
    columns = {
        "public_id": new_public_ids(n),
        "external_case_id": frame["case_id"].tolist(),
        "service_type_id": frame["service_type_id"].tolist(),
        "title": frame["title"].tolist(),
        "status": frame["status"].tolist(),
        "closure_reason": frame["closure_reason"].tolist(),
        "opened_at": _db_times(frame["opened"], dialect),
        "target_at": _db_times(frame["target"], dialect),
        "closed_at": closed,
        "latitude": lats,
        "longitude": lons,
        "h3_r8": h3_r8,
        "h3_r9": h3_r9,
        "neighborhood": _nullable(frame["neighborhood"]),
        "address": frame["address"].tolist(),
        "source": frame["source"].tolist(),
        "updated_at": [now] * n,
    }
    return columns | {name: [value] * n for name, value in _scalar_defaults(columns).items()}


def _scalar_defaults(supplied: dict[str, list]) -> dict[str, object]:
    """The model's plain default values (say `version=1`) for the columns an import does not fill.

    An ORM insert adds these; a statement straight to the driver would leave them to the database.
    """
    return {
        column.name: column.default.arg
        for column in Report.__table__.columns
        if column.name not in supplied and column.default is not None and column.default.is_scalar
    }


def _insert_reports(connection: Connection, columns: dict[str, list]) -> None:
    """Hand the new reports to the driver in one call, each row made as the driver asks for it.

    Through SQLAlchemy every row's parameters would be rebuilt in Python; a list of all the rows made
    first held a tuple per row at once and cost as much as the driver's own work. On PostgreSQL
    (psycopg), COPY takes them a few times faster than INSERTs.
    """
    with closing(connection.connection.driver_connection.cursor()) as cursor:
        if connection.dialect.driver == "psycopg":
            statement = f"COPY {RAW_REPORTS.name} ({', '.join(columns)}) FROM STDIN"
            with _as_sqlalchemy_error(connection, statement), cursor.copy(statement) as copy:
                for row in zip(*columns.values()):
                    copy.write_row(row)
            return
        compiled = insert(RAW_REPORTS).compile(dialect=connection.dialect, column_keys=list(columns))
        if compiled.positiontup is not None:
            rows = zip(*(columns[name] for name in compiled.positiontup))
        else:
            rows = (dict(zip(columns, values)) for values in zip(*columns.values()))
        with _as_sqlalchemy_error(connection, str(compiled)):
            cursor.executemany(str(compiled), rows)


@contextmanager
def _as_sqlalchemy_error(connection: Connection, statement: str) -> Iterator[None]:
    """A refusal by the driver raised as the SQLAlchemy error the statement through it would give."""
    driver_error = connection.dialect.loaded_dbapi.Error
    try:
        yield
    except driver_error as error:
        raise DBAPIError.instance(statement, None, error, driver_error) from error
