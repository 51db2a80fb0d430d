"""The reports of the days being recounted, reduced to what the summary counts: one narrow temporary
table filled in one pass, so each count after it reads a few columns, not the whole reports table.

Per report: its Boston opening day, type, neighborhood ("" for none), source, whether it is closed,
had a target and met it, was fixed, and (closed ones) its time-to-close bucket.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    Dialect,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    cast,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Session

from portal.analytics.close_buckets import DAY_HOURS, bucket_sql
from portal.analytics.local_days import boston_day
from portal.config import boston_midnight
from portal.db import utc_now
from portal.reports.models import Report, ReportStatus
from portal.reports.outcomes import fixed_condition

Stretches = list[tuple[date, date]] | None  # (first, last) days, both inclusive; None: every day
DIMENSIONS: dict[str, ColumnElement[str]] = {
    "type": cast(Report.service_type_id, String),
    "neighborhood": func.coalesce(Report.neighborhood, ""),
    "source": Report.source,
}
ROWS = Table(
    "summary_report_rows", MetaData(),
    Column("day", Date), *(Column(name, String(80)) for name in DIMENSIONS),
    Column("closed", Integer), Column("with_target", Integer), Column("on_time", Integer), Column("fixed", Integer),
    Column("bucket", Integer),
    prefixes=["TEMPORARY"],
)  # fmt: skip


def days_within(column: ColumnElement[date], stretches: Stretches) -> list[ColumnElement[bool]]:
    """A WHERE clause (empty for every day) keeping the days of `stretches`."""
    return [] if stretches is None else [or_(*(column.between(first, last) for first, last in stretches))]


def _opened_within(stretches: Stretches) -> list[ColumnElement[bool]]:
    if stretches is None:
        return []
    return [or_(*(and_(Report.opened_at >= boston_midnight(first),
                       Report.opened_at < boston_midnight(last + timedelta(days=1)))
                  for first, last in stretches))]  # fmt: skip


def duration_hours(dialect: Dialect) -> ColumnElement[float]:
    if dialect.name == "postgresql":
        return func.extract("epoch", Report.closed_at - Report.opened_at) / 3600
    return (func.julianday(Report.closed_at) - func.julianday(Report.opened_at)) * DAY_HOURS


def _opened_span(session: Session, stretches: Stretches) -> tuple[date, date]:
    """The first and last day the reports were opened on (one day either side when read from UTC times)."""
    if stretches is not None:
        return min(first for first, _last in stretches), max(last for _first, last in stretches)
    first, last = session.execute(select(func.min(Report.opened_at), func.max(Report.opened_at))).one()
    today = utc_now().date()
    return (first.date() - timedelta(days=1), last.date()) if first else (today, today)


@contextmanager
def report_rows(session: Session, stretches: Stretches) -> Iterator[Table]:
    """`ROWS`, filled with the reports opened on the days of `stretches`, for the length of the block."""
    dialect, connection = session.get_bind().dialect, session.connection()
    ROWS.drop(connection, checkfirst=True)  # left by a failed recount on this pooled connection
    ROWS.create(connection)
    closed = Report.status == ReportStatus.CLOSED
    with_target = and_(closed, Report.target_at.is_not(None))
    on_time = and_(with_target, Report.closed_at <= Report.target_at)
    flags = [case((flag, 1), else_=0) for flag in (closed, with_target, on_time, fixed_condition())]
    bucket = case((and_(closed, Report.closed_at.is_not(None)), bucket_sql(duration_hours(dialect))), else_=None)
    rows = select(boston_day(Report.opened_at, dialect, *_opened_span(session, stretches)), *DIMENSIONS.values(),
                  *flags, bucket).where(*_opened_within(stretches))  # fmt: skip
    session.execute(insert(ROWS).from_select([c.name for c in ROWS.columns], rows))
    yield ROWS
    ROWS.drop(connection)
