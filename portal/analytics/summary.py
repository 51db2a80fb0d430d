"""The dashboard's summary, kept equal to a recount from scratch: the daily counts
(`daily_report_counts`, `analytics/daily_counts.py`) and the time-to-close buckets
(`close_time_counts`, `analytics/close_histograms.py`).

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

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, case, delete, distinct, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.analytics.close_histograms import recount_close_times
from portal.analytics.daily_counts import recount_counts
from portal.analytics.local_days import boston_day
from portal.analytics.models import DailyReportCount, SummaryRefresh
from portal.analytics.report_rows import Stretches, report_rows
from portal.db import transaction, utc_now
from portal.reports.models import Report, ReportStatus

MARGIN = timedelta(minutes=2)
MAX_RANGES = 100  # more separate stretches of days than this: recount from the first to the last
READING = "reading the reports"
STEPS = (("daily counts", recount_counts), ("time to close per day, week and month", recount_close_times))
STEP_NAMES = (READING, *(name for name, _step in STEPS))


def ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Days as stretches of consecutive days, (first, last) each; at most `MAX_RANGES` of them."""
    stretches: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if stretches and day == stretches[-1][1] + timedelta(days=1):
            stretches[-1] = (stretches[-1][0], day)
        else:
            stretches.append((day, day))
    if len(stretches) > MAX_RANGES:
        return [(stretches[0][0], stretches[-1][1])]
    return stretches


def recount(session: Session, stretches: Stretches, progress: Callable[[str], None] | None = None) -> None:
    """Replace the summary of the days of `stretches` (None: every day) by a fresh count."""
    if progress:
        progress(READING)
    with report_rows(session, stretches) as rows:
        for name, step in STEPS:
            if progress:
                progress(name)
            step(session, stretches, rows)


def _newest_change(session: Session) -> datetime | None:
    return session.scalar(select(Report.updated_at).order_by(Report.updated_at.desc()).limit(1))


def rebuild(session: Session, now: datetime | None = None, progress: Callable[[str], None] | None = None) -> int:
    """Count every day from scratch (the first refresh, after a bulk import or a restore); returns the days."""
    through = _newest_change(session)
    recount(session, None, progress)
    session.execute(delete(SummaryRefresh))
    counted = session.scalar(select(func.count(distinct(DailyReportCount.day))))
    session.add(SummaryRefresh(at=now or utc_now(), through=through, days=counted))
    return counted


def changed_days(session: Session, since: datetime | None) -> set[date]:
    """The Boston days on which the reports changed after `since` (None: any) were opened."""
    changed = Report.updated_at > since if since is not None else Report.updated_at.is_not(None)
    first, last = session.execute(select(func.min(Report.opened_at), func.max(Report.opened_at)).where(changed)).one()
    if first is None:
        return set()
    day = boston_day(Report.opened_at, session.get_bind().dialect, first.date() - timedelta(days=1), last.date())
    return set(session.scalars(select(distinct(day)).where(changed)))


def refresh(session: Session, now: datetime | None = None) -> int:
    """Bring the summary up to date; returns how many days were recounted."""
    last = session.scalar(select(SummaryRefresh).order_by(SummaryRefresh.id.desc()).limit(1))
    if last is None:
        return rebuild(session, now)
    through = _newest_change(session)
    # New changes, and those stamped shortly before the last refresh but committed after it.
    days = changed_days(session, None if last.through is None else min(last.through, last.at - MARGIN))
    if days:
        recount(session, ranges(days))
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


def refresh_now(engine: Engine) -> None:
    """`refresh` in a transaction of its own, for pages about to read the summary.

    Two server processes may recount the same days at the same moment; the one that loses the race
    hits the summary's keys, and the winner's counts stand, so that is not an error.
    """
    try:
        with transaction(engine) as session:
            refresh(session)
    except IntegrityError:
        pass
