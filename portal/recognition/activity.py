"""Chart data for the leaderboards page: one person's points week by week, and one neighborhood's reports
month by month (fixed, closed otherwise, still open).

Both are counted by the database with one GROUP BY over a range it can find by index, the weeks and months
Boston calendar weeks and months turned into a CASE over their boundaries: the points from the ledger, the
reports from the dashboard's daily counts. The functions return plain DataFrames; `ui/recognition_widgets`
draws them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from portal.analytics.areas import AREA_OF, area
from portal.analytics.models import DailyReportCount
from portal.config import BOSTON_TZ, boston_midnight
from portal.db import utc_now
from portal.recognition.models import PointsEntry

WEEKS = 26
MONTHS = 12
TREND_COLUMNS = ["month", "fixed", "closed otherwise", "still open"]


def week_starts(now: datetime, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last `weeks` Boston weeks, oldest first, this week's last."""
    today = now.astimezone(BOSTON_TZ).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def month_starts(now: datetime, months: int = MONTHS) -> list[date]:
    """The first days of the last `months` Boston months, oldest first, this month's last."""
    today = now.astimezone(BOSTON_TZ).date()
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def _bucket(column: ColumnElement[datetime], starts: list[date], end: date) -> ColumnElement[int]:
    """Which of the periods beginning on `starts` (the last ending before `end`) a time falls in, by index."""
    ends = [boston_midnight(day) for day in [*starts[1:], end]]
    return case(*((column < boundary, index) for index, boundary in enumerate(ends)))


def _counted(session: Session, query, starts: list[date], columns: list[str]) -> pd.DataFrame:
    """Rows (bucket, counts…) → one row per period start, periods without rows as zeros."""
    found = {row[0]: row[1:] for row in session.execute(query)}
    zeros = (0,) * (len(columns) - 1)
    return pd.DataFrame(
        [(day, *found.get(index, zeros)) for index, day in enumerate(starts)], columns=columns
    )


def points_per_week(
    session: Session, user_id: int, now: datetime | None = None, weeks: int = WEEKS
) -> pd.DataFrame:
    """Net points per Boston week, Monday to Sunday: columns week, points.

    By when the points were earned, as the weekly leaderboard counts them: a reversal takes its points
    back from the week they were earned in. One person's ledger is read by its (user, time) index.
    """
    starts = week_starts(now or utc_now(), weeks)
    end = starts[-1] + timedelta(weeks=1)
    bucket = _bucket(PointsEntry.earned_at, starts, end).label("bucket")
    query = (
        select(bucket, func.sum(PointsEntry.points))
        .where(PointsEntry.user_id == user_id, PointsEntry.earned_at >= boston_midnight(starts[0]),
               PointsEntry.earned_at < boston_midnight(end))
        .group_by("bucket")
    )  # fmt: skip
    return _counted(session, query, starts, ["week", "points"]).astype({"points": int})


def neighborhoods(session: Session) -> list[str]:
    """Every neighborhood name reports use, from the daily counts (a few rows a day, not every report)."""
    query = select(DailyReportCount.value).where(DailyReportCount.dimension == "neighborhood").distinct()
    return sorted(value for value in session.scalars(query) if value)


def fixed_vs_open(session: Session, neighborhood: str | None, now: datetime | None = None,
                  months: int = MONTHS) -> pd.DataFrame:  # fmt: skip
    """Reports opened each Boston month in the area of `neighborhood` (any spelling; None: the whole city),
    by where they stand now.

    Columns: month (its first day), fixed, closed otherwise (duplicates, invalid, …), still open. Read
    from the daily counts (`analytics/summary.py`; bring them up to date first), a few rows a day, where
    a year of reports is hundreds of thousands at a million. Without `now`, the months end with the
    newest counted day's: a live city's is this month, and an archive (such as the demo's 2015 sample)
    still shows its last year rather than an empty chart.
    """
    counts = DailyReportCount
    newest = session.scalar(select(func.max(counts.day)))
    starts = month_starts(now or (boston_midnight(newest) if newest else utc_now()), months)
    last = starts[-1]
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    ends = [*starts[1:], end]
    bucket = case(*((counts.day < boundary, index) for index, boundary in enumerate(ends))).label("bucket")
    query = (
        select(bucket, func.sum(counts.fixed), func.sum(counts.closed - counts.fixed),
               func.sum(counts.opened - counts.closed))
        .where(counts.dimension == "neighborhood", counts.day >= starts[0], counts.day < end)
        .group_by("bucket")
    )  # fmt: skip
    if neighborhood is not None:
        spellings = [name for name, of in AREA_OF.items() if of == area(neighborhood)] or [neighborhood]
        query = query.where(counts.value.in_(spellings))
    return _counted(session, query, starts, TREND_COLUMNS).astype({name: int for name in TREND_COLUMNS[1:]})
