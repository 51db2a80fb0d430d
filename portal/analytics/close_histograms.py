"""Time to close as bucket counts per day, week and month (`close_time_counts`), and their sum over a period.

Summing a year of days would read nearly a row per closed report (most types see a handful a day),
so the days are also rolled up into weeks (from Monday) and calendar months. A period is tiled by
whole months, then whole weeks, then single days (`tiles`): a year reads twelve months and a few
days, whatever day it starts on. Recounting a day recounts its week and month from the day rows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Select, Table, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from portal.analytics.local_days import month_start, week_start
from portal.analytics.models import CloseTimeCount
from portal.analytics.report_rows import Stretches, days_within

DAY, WEEK, MONTH = "day", "week", "month"
TIMED = ("type", "neighborhood")  # the dimensions the dashboard shows times to close for
ONE_DAY = timedelta(days=1)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def tiles(first: date, last: date) -> list[tuple[str, date, date]]:
    """Whole months, then whole weeks, then days that cover [first, last] exactly once: (span, first
    block start, last block start)."""
    start = first if first.day == 1 else _next_month(first)
    end = _first_of_month(last + ONE_DAY)  # the first month not wholly inside
    if start >= end:
        return _week_tiles(first, last)
    months = [(MONTH, start, _first_of_month(end - ONE_DAY))]
    return _week_tiles(first, start - ONE_DAY) + months + _week_tiles(end, last)


def _week_tiles(first: date, last: date) -> list[tuple[str, date, date]]:
    if first > last:
        return []
    start = first if first.weekday() == 0 else _monday(first) + timedelta(days=7)
    end = _monday(last + ONE_DAY)
    if start >= end:
        return [(DAY, first, last)]
    days = [(DAY, first, start - ONE_DAY), (WEEK, start, end - timedelta(days=7)), (DAY, end, last)]
    return [(span, a, b) for span, a, b in days if a <= b]


def recount_close_times(session: Session, stretches: Stretches, rows: Table) -> None:
    """Replace the day rows of `stretches` from the reports, then their weeks' and months' from the days."""
    dialect = session.get_bind().dialect
    if stretches is None:
        # All at once: row by row takes seconds at a million reports.
        session.execute(delete(CloseTimeCount), execution_options={"synchronize_session": False})
    _replace(session, DAY, stretches, {name: select(
        rows.c.day.label("first_day"), rows.c[name].label("value"), rows.c.bucket, literal(1).label("closed"),
    ).where(rows.c.bucket.is_not(None)) for name in TIMED})  # fmt: skip
    for span, block_start, start_sql in ((WEEK, _monday, week_start), (MONTH, _first_of_month, month_start)):
        blocks = None if stretches is None else _merged([(block_start(a), block_start(b)) for a, b in stretches])
        days = None if blocks is None else [(a, _block_end(span, b)) for a, b in blocks]
        _replace(session, span, blocks, {name: select(
            start_sql(CloseTimeCount.first_day, dialect).label("first_day"), CloseTimeCount.value,
            CloseTimeCount.bucket, CloseTimeCount.closed,
        ).where(CloseTimeCount.dimension == name, CloseTimeCount.span == DAY,
                *days_within(CloseTimeCount.first_day, days)) for name in TIMED})  # fmt: skip


def _replace(session: Session, span: str, blocks: Stretches, rows: dict[str, Select]) -> None:
    """Delete the `span` rows starting in `blocks` (None: all are gone already); insert each dimension's
    `rows` summed per block, value and bucket (a subquery, so that PostgreSQL groups by computed columns
    by name)."""
    if blocks is not None:
        session.execute(delete(CloseTimeCount).where(CloseTimeCount.span == span,
                                                     *days_within(CloseTimeCount.first_day, blocks)),
                        execution_options={"synchronize_session": False})  # fmt: skip
    for name, query in rows.items():
        each = query.subquery()
        summed = select(literal(name), literal(span), each.c.first_day, each.c.value, each.c.bucket,
                        func.sum(each.c.closed)).group_by(each.c.first_day, each.c.value, each.c.bucket)  # fmt: skip
        session.execute(insert(CloseTimeCount).from_select(
            ["dimension", "span", "first_day", "value", "bucket", "closed"], summed))  # fmt: skip


def _block_end(span: str, start: date) -> date:
    return start + timedelta(days=6) if span == WEEK else _next_month(start) - ONE_DAY


def _merged(blocks: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping (first, last) ranges as one, so no block is recounted twice."""
    merged: list[tuple[date, date]] = []
    for first, last in sorted(blocks):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def summed_buckets(session: Session, dimension: str, first: date, last: date,
                   only: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """Closed reports opened from `first` to `last`, per value and bucket (columns group, bucket, closed)."""
    parts = []
    for span, a, b in tiles(first, last):
        query = select(CloseTimeCount.value, CloseTimeCount.bucket, func.sum(CloseTimeCount.closed)).where(
            CloseTimeCount.dimension == dimension, CloseTimeCount.span == span,
            CloseTimeCount.first_day.between(a, b)).group_by(CloseTimeCount.value, CloseTimeCount.bucket)  # fmt: skip
        if only is not None:
            query = query.where(CloseTimeCount.value.in_(only))
        parts.append(pd.DataFrame(session.execute(query).all(), columns=["group", "bucket", "closed"]))
    frame = pd.concat(parts, ignore_index=True).astype({"bucket": int, "closed": int})
    return frame.groupby(["group", "bucket"], as_index=False)["closed"].sum()

