"""The dashboard's summary tables: daily counts, time-to-close buckets and the refresh marker."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utc_now


class DailyReportCount(Base):
    """Reports opened per Boston day and type, per day and neighborhood, per day and source, with how
    their closing went: a few rows a day for each, where a million reports would be read otherwise.

    `portal/analytics/summary.py` keeps them equal to a recount from scratch by recounting every day a
    changed report was opened on.
    """

    __tablename__ = "daily_report_counts"
    __table_args__ = (UniqueConstraint("dimension", "day", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(20))  # "type", "neighborhood" or "source"
    day: Mapped[date] = mapped_column(Date, index=True)
    value: Mapped[str] = mapped_column(String(80))  # the type's id, the neighborhood ("" for none), the source
    opened: Mapped[int] = mapped_column(Integer)
    closed: Mapped[int] = mapped_column(Integer)
    with_target: Mapped[int] = mapped_column(Integer)  # closed reports that had a target date
    on_time: Mapped[int] = mapped_column(Integer)  # ... and were closed by it
    fixed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # closed as fixed (`fixed_condition`)


class SummaryRefresh(Base):
    """When the daily counts were last brought up to date, and up to which report change."""

    __tablename__ = "summary_refreshes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    through: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the newest reports.updated_at counted
    days: Mapped[int] = mapped_column(Integer)  # how many days were recounted
    # The reports stamped in the margin before this refresh (see `summary.refresh`): how many, and the sum
    # of their ids. The next refresh recounts their days only when these no longer match.
    window_reports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    window_ids: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the last totals check


class CloseTimeCount(Base):
    """How many reports opened in one block of Boston days (a day, a week from Monday, a calendar month)
    with one type or neighborhood took how long to close, in fixed buckets of hours to weeks.

    The dashboard sums the blocks that tile its period and reads the median and 90th percentile off
    the summed buckets (`portal/analytics/close_buckets.py`); `portal/analytics/summary.py` keeps the
    rows equal to a recount from scratch, together with the daily counts.
    """

    __tablename__ = "close_time_counts"
    # The key is the order every read goes in (dimension, span, a range of first days); on SQLite the
    # rows are stored in it (no rowid), so a read is one range of one b-tree.
    __table_args__ = {"sqlite_with_rowid": False}

    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)  # "type" or "neighborhood"
    span: Mapped[str] = mapped_column(String(5), primary_key=True)  # "day", "week" or "month"
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)  # as in daily_report_counts
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed: Mapped[int] = mapped_column(Integer)

