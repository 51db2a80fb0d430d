"""How long reports take to close (median and 90th percentile) and how old the open backlog is.

Percentiles are exact and agree on both databases: PostgreSQL's `percentile_cont` in the query, and
elsewhere (SQLite has no percentile function) a window-function ranking that returns only the values
either side of each percentile, interpolated the way `percentile_cont` does (`_ranked_percentiles`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Dialect, Integer, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from portal.models import Report, ReportStatus

DAY_SECONDS = 86_400
QUANTILES = {"median_days": 0.5, "p90_days": 0.9}
# Open reports by age; each bound is "younger than".
AGE_BUCKETS = (("under a week", 7), ("1–4 weeks", 28), ("1–3 months", 91), ("3–12 months", 365))
OLDEST_BUCKET = "over a year"
OPEN_STATUSES = (ReportStatus.OPEN, ReportStatus.ACKNOWLEDGED)


def duration_seconds(dialect: Dialect) -> ColumnElement[float]:
    if dialect.name == "postgresql":
        return func.extract("epoch", Report.closed_at - Report.opened_at)
    return (func.julianday(Report.closed_at) - func.julianday(Report.opened_at)) * DAY_SECONDS


def _closed_in(start: datetime, end: datetime):
    return and_(Report.status == ReportStatus.CLOSED, Report.closed_at.is_not(None),
                Report.opened_at >= start, Report.opened_at < end)  # fmt: skip


def close_times(session: Session, group: ColumnElement, start: datetime, end: datetime,
                only: ColumnElement[bool] | None = None, in_database: bool | None = None) -> pd.DataFrame:  # fmt: skip
    """Per group: closed reports opened in [start, end) (and matching `only`), their median and p90 days
    to close. `in_database` picks the method (default: the database's percentile function if it has one).
    """
    dialect = session.get_bind().dialect
    in_database = dialect.name == "postgresql" if in_database is None else in_database
    # A subquery, so that a computed group (a CASE with bound values) is grouped by its name.
    where = _closed_in(start, end) if only is None else and_(_closed_in(start, end), only)
    durations = select(group.label("group"), duration_seconds(dialect).label("seconds")).where(where).subquery()
    if in_database:
        query = select(durations.c.group, func.count(),
                       *(func.percentile_cont(q).within_group(durations.c.seconds) for q in QUANTILES.values()))
        frame = pd.DataFrame(session.execute(query.group_by(durations.c.group)).all(),
                             columns=["group", "closed", *QUANTILES])  # fmt: skip
        frame[list(QUANTILES)] = frame[list(QUANTILES)].astype(float) / DAY_SECONDS
        return frame.sort_values("group", ignore_index=True)
    return _ranked_percentiles(session, durations)


def _ranked_percentiles(session: Session, durations) -> pd.DataFrame:
    """percentile_cont without the function: the database ranks each group's durations (a window
    function, SQLite 3.25+) and sends only the two values around each percentile, which are then
    interpolated here exactly as percentile_cont does."""
    ranked = select(
        durations.c.group, durations.c.seconds,
        (func.row_number().over(partition_by=durations.c.group, order_by=durations.c.seconds) - 1).label("rank"),
        func.count().over(partition_by=durations.c.group).label("n"),
    ).subquery()  # fmt: skip
    below = [cast((ranked.c.n - 1) * q, Integer) for q in QUANTILES.values()]
    near = or_(*(ranked.c.rank == b for b in below), *(ranked.c.rank == b + 1 for b in below))
    rows = session.execute(select(ranked.c.group, ranked.c.n, ranked.c.rank, ranked.c.seconds).where(near)).all()
    values: dict = {}
    for group, n, rank, seconds in rows:
        values.setdefault((group, n), {})[rank] = float(seconds)
    records = []
    for (group, n), at in values.items():
        record = {"group": group, "closed": n}
        for name, q in QUANTILES.items():
            position = (n - 1) * q
            low = int(position)
            high = at.get(low + 1, at[low])
            record[name] = (at[low] + (position - low) * (high - at[low])) / DAY_SECONDS
        records.append(record)
    frame = pd.DataFrame(records, columns=["group", "closed", *QUANTILES])
    return frame.sort_values("group", ignore_index=True)


def age_bucket(now: datetime) -> ColumnElement[str]:
    """An open report's age as one of `AGE_BUCKETS`, in SQL (the bounds are computed here, so any database)."""
    return case(*((Report.opened_at > now - timedelta(days=days), name) for name, days in AGE_BUCKETS),
                else_=OLDEST_BUCKET)  # fmt: skip


def open_backlog(session: Session, group: ColumnElement, now: datetime) -> pd.DataFrame:
    """Open reports per group and age bucket (columns: group, age, open)."""
    aged = select(group.label("group"), age_bucket(now).label("age")).where(
        Report.status.in_(OPEN_STATUSES)).subquery()  # fmt: skip
    query = select(aged.c.group, aged.c.age, func.count()).group_by(aged.c.group, aged.c.age)
    return pd.DataFrame(session.execute(query).all(), columns=["group", "age", "open"])


def age_order() -> list[str]:
    return [name for name, _days in AGE_BUCKETS] + [OLDEST_BUCKET]
