"""The daily counts behind the dashboard (`daily_report_counts`), kept equal to a recount from scratch.

A report counts on the Boston day it was opened. When any report changes (closed, re-opened, moved to
another type, imported again) its `updated_at` moves, so `refresh` recounts every day on which a
report changed since the last refresh was opened: whole days, from the reports themselves, so the
result is the same as `rebuild`. Changes stamped up to `MARGIN` before the last refresh ran are looked
at again, for transactions that commit a little after they stamped their rows. A transaction that
commits much later (a long import stamps every row with its start time) can still slip past that
margin, so each refresh also compares the totals (reports, closed reports) with the counts' sums and
rebuilds when they differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from portal.config import BOSTON_TZ
from portal.mapdata import boston_midnight
from portal.models import DailyReportCount, Report, ReportStatus, SummaryRefresh, utc_now

MARGIN = timedelta(minutes=2)
MAX_RANGES = 100  # more separate stretches of days than this: read from the first to the last
DELETE_BATCH = 500
KEY = ["dimension", "day", "value"]
COUNTS = ["opened", "closed", "with_target", "on_time"]


def count_reports(frame: pd.DataFrame) -> pd.DataFrame:
    """Reports (opened_at, status, closed_at, target_at, service_type_id, neighborhood, source) -> counts
    per day and type, per day and neighborhood, per day and source (columns `KEY` + `COUNTS`)."""
    if frame.empty:
        return pd.DataFrame(columns=KEY + COUNTS)
    closed = frame["status"] == ReportStatus.CLOSED
    closed_at = pd.to_datetime(frame["closed_at"], utc=True)
    target_at = pd.to_datetime(frame["target_at"], utc=True)
    with_target = closed & target_at.notna()
    counts = pd.DataFrame({
        "day": pd.to_datetime(frame["opened_at"], utc=True).dt.tz_convert(BOSTON_TZ).dt.date,
        "opened": 1,
        "closed": closed.astype(int),
        "with_target": with_target.astype(int),
        "on_time": (with_target & (closed_at <= target_at)).astype(int),
    })  # fmt: skip
    values = {"type": frame["service_type_id"].astype(str), "neighborhood": frame["neighborhood"].fillna(""),
              "source": frame["source"]}  # fmt: skip
    parts = [counts.assign(value=value).groupby(["day", "value"], as_index=False)[COUNTS].sum().assign(dimension=name)
             for name, value in values.items()]  # fmt: skip
    return pd.concat(parts, ignore_index=True)[KEY + COUNTS]


def _ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days as stretches of consecutive days, (first, last) each."""
    stretches: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if stretches and day == stretches[-1][1] + timedelta(days=1):
            stretches[-1] = (stretches[-1][0], day)
        else:
            stretches.append((day, day))
    return stretches


def _read_reports(session: Session, days: set[date] | None) -> pd.DataFrame:
    query = select(Report.opened_at, Report.status, Report.closed_at, Report.target_at, Report.service_type_id,
                   Report.neighborhood, Report.source)  # fmt: skip
    if days is not None:
        stretches = _ranges(days)
        if len(stretches) > MAX_RANGES:
            stretches = [(stretches[0][0], stretches[-1][1])]
        query = query.where(or_(*(
            and_(Report.opened_at >= boston_midnight(first),
                 Report.opened_at < boston_midnight(last + timedelta(days=1)))
            for first, last in stretches
        )))  # fmt: skip
    return pd.DataFrame(session.execute(query).all(), columns=[c.name for c in query.selected_columns])


def recount(session: Session, days: set[date] | None) -> int:
    """Replace the counts of `days` (None: every day) by a fresh count; returns how many days were counted."""
    counts = count_reports(_read_reports(session, days))
    if days is None:
        session.execute(delete(DailyReportCount))
    else:
        counts = counts[counts["day"].isin(days)]
        listed = sorted(days)
        for start in range(0, len(listed), DELETE_BATCH):
            batch = listed[start:start + DELETE_BATCH]
            session.execute(delete(DailyReportCount).where(DailyReportCount.day.in_(batch)))
    if len(counts):
        session.execute(insert(DailyReportCount), counts.to_dict("records"))
    return counts["day"].nunique() if days is None else len(days)


def _newest_change(session: Session) -> datetime | None:
    return session.scalar(select(Report.updated_at).order_by(Report.updated_at.desc()).limit(1))


def rebuild(session: Session, now: datetime | None = None) -> int:
    """Count every day from scratch (the first refresh, or after a restore)."""
    through = _newest_change(session)
    counted = recount(session, None)
    session.add(SummaryRefresh(at=now or utc_now(), through=through, days=counted))
    return counted


def refresh(session: Session, now: datetime | None = None) -> int:
    """Bring the counts up to date; returns how many days were recounted."""
    last = session.scalar(select(SummaryRefresh).order_by(SummaryRefresh.id.desc()).limit(1))
    if last is None:
        return rebuild(session, now)
    through = _newest_change(session)
    changed = select(Report.opened_at)
    if last.through is not None:
        # New changes, and those stamped shortly before the last refresh but committed after it.
        changed = changed.where(Report.updated_at > min(last.through, last.at - MARGIN))
    days = {opened.astimezone(BOSTON_TZ).date() for opened in session.scalars(changed)}
    if days:
        recount(session, days)
    # Only the newest refresh is ever read: keep it alone.
    session.execute(delete(SummaryRefresh).where(SummaryRefresh.id <= last.id))
    if not totals_agree(session):
        return rebuild(session, now)
    session.add(SummaryRefresh(at=now or utc_now(), through=through or last.through, days=len(days)))
    return len(days)


def totals_agree(session: Session) -> bool:
    """Do the counts add up to the reports there are, and to the closed ones?"""
    reports = session.execute(
        select(func.count(), func.count(case((Report.status == ReportStatus.CLOSED, 1))))
    ).one()  # fmt: skip
    counted = session.execute(
        select(*(func.coalesce(func.sum(column), 0) for column in (DailyReportCount.opened, DailyReportCount.closed)))
        .where(DailyReportCount.dimension == "type")  # each report counts once per dimension
    ).one()  # fmt: skip
    return tuple(reports) == tuple(counted)
