"""The dashboard's summary, kept equal to a recount from scratch: the daily counts
(`daily_report_counts`, `analytics/daily_counts.py`) and the time-to-close buckets
(`close_time_counts`, `analytics/close_histograms.py`).

A report counts on the Boston day it was opened. When any report changes (closed, re-opened, moved to
another type, imported again) its `updated_at` moves, so `refresh` recounts every day on which a
report changed since the last refresh was opened: whole days, from the reports themselves, so the
result is the same as `rebuild`. A transaction may commit a little after it stamped its rows, so each
refresh notes how many reports were stamped in the `MARGIN` before it ran (and the sum of their ids);
the next one recounts those days again only when that fingerprint changed: a change committed late.
So the first dashboard visit after an import does not recount what the import's own refresh just
counted. A transaction that commits much later (a long import stamps its rows as it goes) can still
slip past that margin, so at most once every `TOTALS_EVERY` a refresh also compares the totals
(reports, closed reports) with the counts' sums, and rebuilds when they differ.
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
TOTALS_EVERY = timedelta(minutes=1)  # the totals check reads every report: not on every page visit
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
    now = now or utc_now()
    through = _newest_change(session)
    recount(session, None, progress)
    session.execute(delete(SummaryRefresh))
    counted = session.scalar(select(func.count(distinct(DailyReportCount.day))))
    _mark(session, now, through, counted, checked_at=now)
    return counted


def _stamped_between(session: Session, start: datetime, end: datetime | None) -> tuple[int, int]:
    """How many reports have `start < updated_at <= end`, and the sum of their ids."""
    if end is None or end <= start:
        return 0, 0
    found = select(func.count(), func.coalesce(func.sum(Report.id), 0)).where(
        Report.updated_at > start, Report.updated_at <= end
    )
    return tuple(session.execute(found).one())


def _mark(
    session: Session, now: datetime, through: datetime | None, days: int, checked_at: datetime | None
) -> None:
    """Note this refresh: up to which change it counted, and the fingerprint of its margin."""
    window_reports, window_ids = _stamped_between(session, now - MARGIN, through)
    session.add(SummaryRefresh(at=now, through=through, days=days, window_reports=window_reports,
                               window_ids=window_ids, checked_at=checked_at))  # fmt: skip


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
    now = now or utc_now()
    last = session.scalar(select(SummaryRefresh).order_by(SummaryRefresh.id.desc()).limit(1))
    if last is None:
        return rebuild(session, now)
    through = _newest_change(session)
    since = last.through
    margin = last.at - MARGIN
    noted = (last.window_reports, last.window_ids)
    if since is not None and _stamped_between(session, margin, since) != noted:
        since = min(since, margin)  # stamped shortly before the last refresh, committed after it
    days = changed_days(session, since)
    if days:
        recount(session, ranges(days))
    # Only the newest refresh is ever read: keep it alone.
    session.execute(delete(SummaryRefresh).where(SummaryRefresh.id <= last.id))
    checked_at = last.checked_at
    if checked_at is None or now - checked_at >= TOTALS_EVERY:
        if not totals_agree(session):
            return rebuild(session, now)
        checked_at = now
    _mark(session, now, through or last.through, len(days), checked_at)
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
