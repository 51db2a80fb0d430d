"""Boston calendar days, weeks and months in SQL, so the summary can be counted by one GROUP BY.

PostgreSQL converts time zones itself. SQLite cannot: there a timestamp's Boston day is its UTC text
shifted by the offset in force at that instant, picked by a CASE over the offset changes (daylight
saving) between the first and the last day counted, which `zoneinfo` lists.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import ColumnElement, Date, Dialect, case, cast, func, type_coerce

from portal.config import BOSTON_TZ, boston_midnight

HOUR = timedelta(hours=1)


def offset_changes(first: date, last: date) -> tuple[timedelta, list[tuple[datetime, timedelta]]]:
    """The UTC offset at the start of `first`, and each change up to the end of `last`: (instant, new offset)."""
    def offset(at: datetime) -> timedelta:
        return at.astimezone(BOSTON_TZ).utcoffset()

    start = offset(boston_midnight(first))
    changes, current = [], start
    day = first
    while day <= last:
        # In UTC: adding hours to a Boston time would move its wall clock, not the instant.
        midnight = boston_midnight(day).astimezone(timezone.utc)
        next_midnight = boston_midnight(day + timedelta(days=1))
        if offset(next_midnight) != current:
            instant = next(midnight + h * HOUR for h in range(1, 25) if offset(midnight + h * HOUR) != current)
            current = offset(instant)
            changes.append((instant, current))
        day += timedelta(days=1)
    return start, changes


def boston_day(column: ColumnElement[datetime], dialect: Dialect, first: date, last: date) -> ColumnElement[date]:
    """The Boston day of a UTC timestamp column, for timestamps from day `first` to day `last`."""
    if dialect.name == "postgresql":
        return cast(func.timezone(BOSTON_TZ.key, column), Date)
    start, changes = offset_changes(first, last)
    shifts = [start] + [new for _at, new in changes]
    modifiers = [f"{int(shift.total_seconds())} seconds" for shift in shifts]
    if not changes:
        return type_coerce(func.date(column, modifiers[0]), Date)
    shift = case(*((column < at, modifier) for (at, _new), modifier in zip(changes, modifiers)), else_=modifiers[-1])
    return type_coerce(func.date(column, shift), Date)


def week_start(day: ColumnElement[date], dialect: Dialect) -> ColumnElement[date]:
    """The Monday on or before `day`."""
    if dialect.name == "postgresql":
        return cast(func.date_trunc("week", day), Date)
    return type_coerce(func.date(day, "-6 days", "weekday 1"), Date)


def month_start(day: ColumnElement[date], dialect: Dialect) -> ColumnElement[date]:
    if dialect.name == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return type_coerce(func.date(day, "start of month"), Date)
