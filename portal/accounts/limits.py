"""Hourly limits that hold under concurrency: at most N actions per key in one clock hour.

Counting the rows an action left behind and then acting lets simultaneous requests all read "under
the limit" and all pass (40 filings at once stored 21 against a limit of 10). So each action takes a
slot on its key's counter row first, with an UPDATE that only applies while the count is below the
limit, in the same transaction as the action: the database lets one writer at a time change the row
(PostgreSQL re-checks the condition after the lock; SQLite writes one transaction at a time), and a
rolled-back action gives its slot back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.accounts.models import HourlyCount


def hour_of(now: datetime) -> datetime:
    """The clock hour `now` falls in (UTC; Boston's hours start at the same instants)."""
    return now.replace(minute=0, second=0, microsecond=0)


def take_hourly_slot(session: Session, key: str, limit: int, now: datetime) -> bool:
    """Count one action for `key` in `now`'s hour if fewer than `limit` were counted; False when full."""
    hour = hour_of(now)
    if _increment(session, key, hour, limit):
        return True
    if limit <= 0:
        return False
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    first = dialect.insert(HourlyCount).values(key=key, hour=hour, count=1).on_conflict_do_nothing()
    if session.scalar(first.returning(HourlyCount.key)) is not None:
        # The key's first action this hour: its older hours can go (one row per key stays).
        session.execute(delete(HourlyCount).where(HourlyCount.key == key, HourlyCount.hour < hour))
        return True
    return _increment(session, key, hour, limit)  # another request created the row first


def next_hour(now: datetime) -> datetime:
    return hour_of(now) + timedelta(hours=1)


def _increment(session: Session, key: str, hour: datetime, limit: int) -> bool:
    return bool(
        session.execute(
            update(HourlyCount)
            .where(HourlyCount.key == key, HourlyCount.hour == hour, HourlyCount.count < limit)
            .values(count=HourlyCount.count + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
    )
