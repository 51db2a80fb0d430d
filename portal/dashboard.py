"""The city dashboard's tables: volume by channel, time to close by type and by area, the open backlog.

Counts come from the daily counts (`analytics/summary.py`), percentiles from the period's closed
reports (`analytics/response_times.py`), the backlog from the open reports as they are now. Every
function returns a plain DataFrame: the page draws it and offers it as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.analytics.areas import area, area_column
from portal.analytics.channels import CHANNELS, channel
from portal.analytics.response_times import age_order, close_times, open_backlog
from portal.mapdata import boston_midnight
from portal.models import DailyReportCount, Report, ServiceType
from portal.reports import opened_range

TOP_TYPES = 15
SUMMED = ["opened", "closed", "with_target", "on_time"]


@dataclass(frozen=True)
class Period:
    """Boston calendar days, both inclusive."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return boston_midnight(self.first)

    @property
    def end(self) -> datetime:
        return boston_midnight(self.last + timedelta(days=1))


DEFAULT_DAYS = 90  # exact percentiles read every closed report of the period: a year at 1M takes seconds


def default_period(session: Session, days: int = DEFAULT_DAYS) -> Period | None:
    """The last `days` days of reports the database holds (old imported data shows its own last days)."""
    found = opened_range(session)
    if found is None:
        return None
    first, last = found
    return Period(max(first, last - timedelta(days=days - 1)), last)


def _counts(session: Session, period: Period, dimension: str, by_day: bool = False) -> pd.DataFrame:
    """Summed daily counts of one dimension ("type", "neighborhood", "source") over the period."""
    by = [DailyReportCount.day, DailyReportCount.value] if by_day else [DailyReportCount.value]
    where = (DailyReportCount.dimension == dimension, DailyReportCount.day.between(period.first, period.last))
    query = select(*by, *(func.sum(getattr(DailyReportCount, c)) for c in SUMMED)).where(*where).group_by(*by)
    frame = pd.DataFrame(session.execute(query).all(), columns=[c.name for c in by] + SUMMED)
    return frame.astype({c: int for c in SUMMED})


def _on_time_percent(frame: pd.DataFrame) -> pd.Series:
    """On time among closed reports that had a target date; none with a target: unknown, not 0 %."""
    return (100 * frame["on_time"] / frame["with_target"].where(frame["with_target"] > 0)).round(1)


def channel_volume(session: Session, period: Period) -> pd.DataFrame:
    """Reports opened per week (starting Monday) and channel: columns week, channel, reports."""
    frame = _counts(session, period, "source", by_day=True)
    if frame.empty:
        return pd.DataFrame(columns=["week", "channel", "reports"])
    days = pd.to_datetime(frame["day"])
    frame["week"] = (days - pd.to_timedelta(days.dt.weekday, unit="D")).dt.date
    frame["channel"] = frame["value"].map(channel)
    weekly = frame.groupby(["week", "channel"], as_index=False)["opened"].sum()
    return weekly.rename(columns={"opened": "reports"})


def channel_shares(volume: pd.DataFrame) -> pd.DataFrame:
    """Each channel's reports and share of all (channels in the documented order)."""
    totals = volume.groupby("channel")["reports"].sum().reindex(CHANNELS, fill_value=0)
    shares = (100 * totals / max(totals.sum(), 1)).round(1)
    return pd.DataFrame({"channel": CHANNELS, "reports": totals.to_numpy(), "share %": shares.to_numpy()})


def _with_close_times(counts: pd.DataFrame, times: pd.DataFrame, key: str) -> pd.DataFrame:
    merged = counts.merge(times.drop(columns="closed").rename(columns={"group": key}), on=key, how="left")
    merged["on-time %"] = _on_time_percent(merged)
    merged[["median_days", "p90_days"]] = merged[["median_days", "p90_days"]].round(1)
    return merged.rename(columns={"opened": "reports", "median_days": "median days", "p90_days": "p90 days"})


def by_type(session: Session, period: Period, top: int = TOP_TYPES) -> pd.DataFrame:
    """The `top` types by reports: reports, closed, median and p90 days to close, on-time share."""
    counts = _counts(session, period, "type").nlargest(top, "opened")
    counts["service_type_id"] = counts.pop("value").astype(int)
    times = close_times(session, Report.service_type_id, period.start, period.end,
                        only=Report.service_type_id.in_(counts["service_type_id"].tolist()))
    frame = _with_close_times(counts, times, "service_type_id")
    names = dict(session.execute(select(ServiceType.id, ServiceType.name)).all())
    frame.insert(0, "type", frame.pop("service_type_id").map(names))
    return frame.drop(columns=["with_target", "on_time"]).reset_index(drop=True)


def by_area(session: Session, period: Period, backlog: pd.DataFrame) -> pd.DataFrame:
    """Per area: reports, closed, median and p90 days to close, on-time share, open backlog now."""
    counts = _counts(session, period, "neighborhood")
    counts["area"] = counts.pop("value").map(area)
    counts = counts.groupby("area", as_index=False)[SUMMED].sum()
    frame = _with_close_times(counts, close_times(session, area_column(), period.start, period.end), "area")
    open_now = backlog.groupby("group")["open"].sum()
    frame["open backlog"] = frame["area"].map(open_now).fillna(0).astype(int)
    return frame.drop(columns=["with_target", "on_time"]).sort_values("area", ignore_index=True)


def backlog(session: Session, now: datetime) -> pd.DataFrame:
    """Open reports now, per area and age (columns: group, age, open)."""
    return open_backlog(session, area_column(), now)


def backlog_by_age(backlog_frame: pd.DataFrame) -> pd.DataFrame:
    ages = backlog_frame.groupby("age")["open"].sum().reindex(age_order(), fill_value=0)
    return pd.DataFrame({"age": ages.index, "open reports": ages.to_numpy()})
