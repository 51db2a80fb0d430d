"""The city dashboard's tables: volume by channel, time to close by type and by area, the open backlog.

Everything comes from the summary (`analytics/summary.py`): counts and the open backlog from the
daily counts, medians and 90th percentiles from the time-to-close buckets (`analytics/close_buckets.py`
says how close to the exact values they are). Every function returns a plain DataFrame: the page draws
it and offers it as CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.analytics.areas import NO_AREA, area, area_residents
from portal.analytics.backlog import age_order, open_backlog
from portal.analytics.channels import CHANNELS, channel
from portal.analytics.close_buckets import percentiles
from portal.analytics.close_histograms import summed_buckets
from portal.analytics.models import DailyReportCount
from portal.config import BOSTON_TZ
from portal.i18n import N_
from portal.reports.details import opened_range
from portal.reports.models import ServiceType

TOP_TYPES = 15
PER_THOUSAND = "reports per 1,000 residents"
NO_FIGURE = N_("no figure")  # shown with `_()`
SUMMED = ["opened", "closed", "with_target", "on_time"]


@dataclass(frozen=True)
class Period:
    """Boston calendar days, both inclusive."""

    first: date
    last: date


DEFAULT_DAYS = 90


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
    times = percentiles(summed_buckets(session, "type", period.first, period.last, only=counts["value"].tolist()))
    frame = _with_close_times(counts.rename(columns={"value": "group"}), times, "group")
    names = dict(session.execute(select(ServiceType.id, ServiceType.name)).all())
    frame.insert(0, "type", frame.pop("group").astype(int).map(names))
    return frame.drop(columns=["with_target", "on_time"]).reset_index(drop=True)


def by_area(session: Session, period: Period, backlog: pd.DataFrame) -> pd.DataFrame:
    """Per area: reports, closed, median and p90 days to close, on-time share, open backlog now, and
    reports per 1,000 residents (NaN where there is no population figure)."""
    counts = _counts(session, period, "neighborhood")
    counts["area"] = counts.pop("value").map(area)
    counts = counts.groupby("area", as_index=False)[SUMMED].sum()
    buckets = summed_buckets(session, "neighborhood", period.first, period.last)
    frame = _with_close_times(counts, percentiles(buckets.assign(group=buckets["group"].map(area))), "area")
    open_now = backlog.groupby("group")["open"].sum()
    frame["open backlog"] = frame["area"].map(open_now).fillna(0).astype(int)
    residents = frame["area"].map(area_residents()).astype(float)
    frame[PER_THOUSAND] = (1000 * frame["reports"] / residents.where(residents > 0)).round(1)
    return frame.drop(columns=["with_target", "on_time"]).sort_values("area", ignore_index=True)


def backlog(session: Session, now: datetime) -> pd.DataFrame:
    """Open reports now, per area and age (columns: group, age, open)."""
    frame = open_backlog(session, now.astimezone(BOSTON_TZ).date())
    frame["group"] = frame["group"].map(area)
    return frame.groupby(["group", "age"], as_index=False)["open"].sum()


def backlog_by_age(backlog_frame: pd.DataFrame) -> pd.DataFrame:
    ages = backlog_frame.groupby("age")["open"].sum().reindex(age_order(), fill_value=0)
    return pd.DataFrame({"age": ages.index, "open reports": ages.to_numpy()})


def map_table(areas: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The map's data: each area drawn and its `measure`, "no figure" where it has none (no population
    figure for a per-1,000 rate, no closed report for a median)."""
    table = areas.loc[areas["area"] != NO_AREA, ["area", measure]].reset_index(drop=True)
    table[measure] = table[measure].astype(object).where(table[measure].notna(), NO_FIGURE)
    return table
