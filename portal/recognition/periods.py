"""Leaderboard periods in Boston time: all time, the calendar month, the ISO week (Monday 00:00).

A period has a start (for the page to say "since …") and a key naming its running totals; both are
taken from the same local date, so a point earned at 23:30 on a Sunday in Boston counts in that week
even though it is Monday in UTC.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from enum import StrEnum

from portal.config import BOSTON_TZ

ALL_TIME_KEY = "all"


class Period(StrEnum):
    ALL_TIME = "all_time"
    MONTH = "month"
    WEEK = "week"


def period_start(period: Period, now: datetime) -> datetime | None:
    """When the period containing `now` began, in UTC; None for all time."""
    local = now.astimezone(BOSTON_TZ)
    if period is Period.ALL_TIME:
        return None
    if period is Period.MONTH:
        first = local.date().replace(day=1)
    else:
        first = local.date() - timedelta(days=local.weekday())
    return datetime.combine(first, time(), tzinfo=BOSTON_TZ).astimezone(timezone.utc)


def period_key(period: Period, at: datetime) -> str:
    """The name of the totals row for the period containing `at`: "all", "month:2025-03", "week:2025-W10"."""
    local = at.astimezone(BOSTON_TZ)
    if period is Period.ALL_TIME:
        return ALL_TIME_KEY
    if period is Period.MONTH:
        return f"month:{local:%Y-%m}"
    year, week, _ = local.isocalendar()
    return f"week:{year}-W{week:02d}"


def period_keys(at: datetime) -> list[str]:
    """Every period a point earned at `at` counts in."""
    return [period_key(period, at) for period in Period]
